// SPDX-License-Identifier: GPL-2.0
/*
 * The ike-helper upcall: Diffie-Hellman done by the userspace daemon of the
 * namespace, so that private values never enter the kernel.
 *
 * One helper per namespace registers its generic netlink port
 * (IKEV2_CMD_HELPER_REGISTER). A request gets an id and a slot in the
 * namespace's bounded in-flight list, a timeout, and is unicast to the
 * helper (IKEV2_CMD_DH_REQUEST); the answer (IKEV2_CMD_DH_RESULT, accepted
 * only from the registered port) completes it. When the helper's socket
 * closes, the netlink release notifier fails whatever it still owed with
 * -ESRCH; namespace exit does the same. Shared secrets pass through here
 * only inside the result message and the callback, and are wiped after.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/ktime.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <crypto/algapi.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "helper.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "netns.h"

struct ikev2_helper_req {
	struct list_head node;		/* in ikev2_helper_net.reqs */
	struct ikev2_net *in;
	u32 id;
	u8 op;
	struct delayed_work timeout;
	bool claimed;			/* under ikev2_helper_net.lock */
	ikev2_helper_dh_done_t done;
	void *ctx;
};

/*
 * Timeouts run here, not on system_wq: namespace exit flushes it so that no
 * timeout handler still looks at a dying namespace, and module unload
 * destroys (drains) it so that none runs module code after unload.
 */
static struct workqueue_struct *ikev2_helper_wq;

static void ikev2_helper_fail(struct ikev2_helper_req *req, int status)
{
	struct ikev2_helper_dh_result r = { .status = status };

	req->done(req->ctx, &r);
	kfree(req);
}

/*
 * Takes @req off the in-flight list; true if the caller now owns it. The
 * claimed flag, not list membership, says who owns a request: a bulk claim
 * moves requests to a private list where list_empty() would lie.
 */
static bool ikev2_helper_claim(struct ikev2_helper_net *h,
			       struct ikev2_helper_req *req)
{
	lockdep_assert_held(&h->lock);
	if (req->claimed)
		return false;
	req->claimed = true;
	list_del_init(&req->node);
	h->n_reqs--;
	return true;
}

/* Claims every request in flight onto @out; returns how many. */
static unsigned int ikev2_helper_claim_all(struct ikev2_helper_net *h,
					   struct list_head *out)
{
	struct ikev2_helper_req *req;
	unsigned int count = h->n_reqs;

	lockdep_assert_held(&h->lock);
	list_for_each_entry(req, &h->reqs, node)
		req->claimed = true;
	list_splice_init(&h->reqs, out);
	h->n_reqs = 0;
	return count;
}

/* The request in flight with @id, or NULL; unclaimed while the lock is held. */
static struct ikev2_helper_req *ikev2_helper_find(struct ikev2_helper_net *h,
						  u32 id)
{
	struct ikev2_helper_req *req;

	lockdep_assert_held(&h->lock);
	list_for_each_entry(req, &h->reqs, node)
		if (req->id == id)
			return req;
	return NULL;
}

static void ikev2_helper_timeout(struct work_struct *work)
{
	struct ikev2_helper_req *req =
		container_of(to_delayed_work(work), struct ikev2_helper_req,
			     timeout);
	struct ikev2_helper_net *h = &req->in->helper;
	bool mine;

	spin_lock_bh(&h->lock);
	mine = ikev2_helper_claim(h, req);
	spin_unlock_bh(&h->lock);
	/* Otherwise its owner is in cancel_delayed_work_sync() on us. */
	if (!mine)
		return;
	pr_warn_ratelimited("netns %u: ike-helper did not answer DH request %u in %u ms\n",
			    req->in->net->ns.inum, req->id,
			    IKEV2_HELPER_TIMEOUT_MS);
	ikev2_helper_fail(req, -ETIMEDOUT);
}

/*
 * Fails the requests of @reqs, all claimed by the caller, with @status; the
 * caller has already made sure no new one can be added for the old helper
 * (portid cleared).
 */
static void ikev2_helper_fail_all(struct list_head *reqs, int status)
{
	struct ikev2_helper_req *req, *tmp;

	list_for_each_entry_safe(req, tmp, reqs, node) {
		list_del_init(&req->node);
		cancel_delayed_work_sync(&req->timeout);
		ikev2_helper_fail(req, status);
	}
}

static int ikev2_helper_send(struct ikev2_net *in, u32 portid, u32 id,
			     const struct ikev2_helper_dh_args *a)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(nla_total_size(sizeof(u32)) * 2 +
			  nla_total_size(sizeof(u16)) +
			  nla_total_size(sizeof(u8)) +
			  nla_total_size(a->peer_len), GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	hdr = genlmsg_put(skb, 0, 0, &ikev2_genl_family, 0,
			  IKEV2_CMD_DH_REQUEST);
	if (!hdr ||
	    nla_put_u32(skb, IKEV2_A_DH_REQUEST_ID, id) ||
	    nla_put_u16(skb, IKEV2_A_DH_GROUP, a->group) ||
	    nla_put_u8(skb, IKEV2_A_DH_OP, a->op) ||
	    (a->op == IKEV2_DH_OP_SHARED &&
	     nla_put_u32(skb, IKEV2_A_DH_HANDLE, a->handle)) ||
	    (a->op != IKEV2_DH_OP_KEYGEN &&
	     nla_put(skb, IKEV2_A_DH_PEER_PUB, a->peer_len, a->peer))) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	/* Consumes @skb, also on error (-ECONNREFUSED: helper just closed). */
	return genlmsg_unicast(in->net, skb, portid);
}

int ikev2_helper_dh(struct ikev2_net *in, const struct ikev2_helper_dh_args *a,
		    ikev2_helper_dh_done_t done, void *ctx)
{
	struct ikev2_helper_net *h = &in->helper;
	struct ikev2_helper_req *req;
	u32 portid, id = 0;
	int err;

	if (a->op < IKEV2_DH_OP_KEYGEN || a->op > IKEV2_DH_OP_KEYGEN_SHARED ||
	    (a->op != IKEV2_DH_OP_KEYGEN &&
	     (!a->peer_len || a->peer_len > IKEV2_DH_PUB_MAX)) ||
	    (a->op == IKEV2_DH_OP_SHARED && !a->handle))
		return -EINVAL;
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	req->in = in;
	req->op = a->op;
	req->done = done;
	req->ctx = ctx;
	INIT_LIST_HEAD(&req->node);
	INIT_DELAYED_WORK(&req->timeout, ikev2_helper_timeout);

	spin_lock_bh(&h->lock);
	portid = h->portid;
	if (!portid || h->dying) {
		err = -ENOTCONN;
	} else if (h->n_reqs >= IKEV2_HELPER_REQS_MAX) {
		err = -ENOBUFS;
	} else {
		/* 0 is never an id: a zeroed attribute cannot match. */
		do {
			req->id = ++h->next_id;
		} while (!req->id);
		id = req->id;
		list_add_tail(&req->node, &h->reqs);
		h->n_reqs++;
		/* Armed before sending: the answer may beat the send's return. */
		queue_delayed_work(ikev2_helper_wq, &req->timeout,
				   msecs_to_jiffies(IKEV2_HELPER_TIMEOUT_MS));
		err = 0;
	}
	spin_unlock_bh(&h->lock);
	if (err) {
		if (err == -ENOTCONN)
			pr_info_ratelimited("netns %u: no ike-helper registered, DH request refused (start ike-helper)\n",
					    in->net->ns.inum);
		kfree(req);
		return err;
	}

	/*
	 * From here @req may be completed and freed by its answer, helper
	 * death or namespace exit: it is only looked up again by @id.
	 */
	err = ikev2_helper_send(in, portid, id, a);
	if (!err)
		return 0;
	spin_lock_bh(&h->lock);
	req = ikev2_helper_find(h, id);
	if (req)
		ikev2_helper_claim(h, req);
	spin_unlock_bh(&h->lock);
	/* Gone: its new owner completes it, so the caller must not fail it. */
	if (!req)
		return 0;
	cancel_delayed_work_sync(&req->timeout);
	kfree(req);
	pr_warn_ratelimited("netns %u: cannot send DH request to ike-helper: %d\n",
			    in->net->ns.inum, err);
	return err;
}

int ikev2_nl_helper_register_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_helper_net *h = &ikev2_net(genl_info_net(info))->helper;
	int err = 0;

	spin_lock_bh(&h->lock);
	if (h->portid)
		err = -EBUSY;
	else
		h->portid = info->snd_portid;
	spin_unlock_bh(&h->lock);
	if (err) {
		GENL_SET_ERR_MSG(info,
				 "an ike-helper is already registered in this namespace");
		return err;
	}
	pr_info("netns %u: ike-helper registered (port %u)\n",
		genl_info_net(info)->ns.inum, info->snd_portid);
	return 0;
}

/* The attributes a successful answer to @op must carry, and their sizes. */
static int ikev2_helper_parse_result(const struct ikev2_helper_req *req,
				     struct genl_info *info,
				     struct ikev2_helper_dh_result *r)
{
	struct nlattr **attrs = info->attrs;
	struct nlattr *pub = attrs[IKEV2_A_DH_PUB];
	struct nlattr *shared = attrs[IKEV2_A_DH_SHARED];
	bool want_pub = req->op != IKEV2_DH_OP_SHARED;
	bool want_shared = req->op != IKEV2_DH_OP_KEYGEN;

	r->status = -nla_get_u32(attrs[IKEV2_A_DH_STATUS]);
	if (r->status)
		return 0;
	if (!!pub != want_pub || !!shared != want_shared ||
	    (want_pub && !nla_len(pub)) ||
	    (want_shared && !nla_len(shared)) ||
	    (req->op == IKEV2_DH_OP_KEYGEN &&
	     (!attrs[IKEV2_A_DH_HANDLE] ||
	      !nla_get_u32(attrs[IKEV2_A_DH_HANDLE])))) {
		GENL_SET_ERR_MSG(info,
				 "DH result attributes do not fit the request's op");
		return -EINVAL;
	}
	if (pub) {
		r->pub = nla_data(pub);
		r->pub_len = nla_len(pub);
	}
	if (shared) {
		r->shared = nla_data(shared);
		r->shared_len = nla_len(shared);
	}
	if (attrs[IKEV2_A_DH_HANDLE])
		r->handle = nla_get_u32(attrs[IKEV2_A_DH_HANDLE]);
	return 0;
}

int ikev2_nl_dh_result_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));
	struct ikev2_helper_net *h = &in->helper;
	struct ikev2_helper_dh_result r = {};
	struct ikev2_helper_req *found = NULL;
	int err;
	u32 id;

	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_DH_REQUEST_ID) ||
	    GENL_REQ_ATTR_CHECK(info, IKEV2_A_DH_STATUS))
		return -EINVAL;
	id = nla_get_u32(info->attrs[IKEV2_A_DH_REQUEST_ID]);

	spin_lock_bh(&h->lock);
	if (!h->portid || h->portid != info->snd_portid) {
		err = -EPERM;
	} else {
		found = ikev2_helper_find(h, id);
		err = -ENOENT;
	}
	/* Validate before claiming: a malformed answer is a helper bug. */
	if (found) {
		err = ikev2_helper_parse_result(found, info, &r);
		if (err)
			r.status = -EPROTO;
		ikev2_helper_claim(h, found);
	}
	spin_unlock_bh(&h->lock);
	if (!found) {
		if (err == -EPERM)
			GENL_SET_ERR_MSG(info,
					 "not the registered ike-helper of this namespace");
		else
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[IKEV2_A_DH_REQUEST_ID],
					    "no such DH request in flight (timed out?)");
		return err;
	}
	cancel_delayed_work_sync(&found->timeout);
	if (r.status == -EPROTO)
		pr_warn_ratelimited("netns %u: malformed DH result %u from ike-helper\n",
				    in->net->ns.inum, id);
	found->done(found->ctx, &r);
	kfree(found);
	/* The secret was copied by the callee; this skb's copy goes too. */
	if (info->attrs[IKEV2_A_DH_SHARED])
		memzero_explicit(nla_data(info->attrs[IKEV2_A_DH_SHARED]),
				 nla_len(info->attrs[IKEV2_A_DH_SHARED]));
	return err;
}

/* dh-test: one caller-side answer, handed from the callback to the waiter. */
struct ikev2_dh_test_step {
	struct completion done;
	int status;
	u32 handle;
	u16 pub_len, shared_len;
	u8 pub[IKEV2_DH_PUB_MAX];
	u8 shared[IKEV2_DH_SHARED_MAX];
};

static void ikev2_dh_test_done(void *ctx, const struct ikev2_helper_dh_result *r)
{
	struct ikev2_dh_test_step *s = ctx;

	s->status = r->status;
	if (!r->status) {
		s->handle = r->handle;
		s->pub_len = r->pub_len;
		s->shared_len = r->shared_len;
		if (r->pub)
			memcpy(s->pub, r->pub, r->pub_len);
		if (r->shared)
			memcpy(s->shared, r->shared, r->shared_len);
	}
	complete(&s->done);
}

/*
 * One helper round trip. The wait is bounded by the request's own timeout
 * (the callback always comes once the request is accepted), so it is not
 * interruptible: @s must outlive the callback.
 */
static int ikev2_dh_test_step(struct ikev2_net *in,
			      const struct ikev2_helper_dh_args *a,
			      struct ikev2_dh_test_step *s)
{
	int err;

	init_completion(&s->done);
	err = ikev2_helper_dh(in, a, ikev2_dh_test_done, s);
	if (err)
		return err;
	wait_for_completion(&s->done);
	return s->status;
}

int ikev2_nl_dh_test_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));
	struct ikev2_dh_test_step *a, *b, *c;
	struct ikev2_helper_dh_args args = {};
	struct sk_buff *msg;
	const char *what;
	u64 elapsed;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_DH_GROUP))
		return -EINVAL;
	args.group = nla_get_u16(info->attrs[IKEV2_A_DH_GROUP]);
	/* Three steps: each holds a public value and a secret. */
	a = kcalloc(3, sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	b = a + 1;
	c = a + 2;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}

	elapsed = ktime_get_ns();
	/* A: the initiator's key pair, private value kept by the helper. */
	what = "keygen";
	args.op = IKEV2_DH_OP_KEYGEN;
	err = ikev2_dh_test_step(in, &args, a);
	if (err)
		goto fail;
	/* B: the responder's key pair and its secret with A's value. */
	what = "keygen-shared";
	args.op = IKEV2_DH_OP_KEYGEN_SHARED;
	args.peer = a->pub;
	args.peer_len = a->pub_len;
	err = ikev2_dh_test_step(in, &args, b);
	if (err)
		goto fail;
	/* C: A's secret with B's value, through A's handle. */
	what = "shared";
	args.op = IKEV2_DH_OP_SHARED;
	args.handle = a->handle;
	args.peer = b->pub;
	args.peer_len = b->pub_len;
	err = ikev2_dh_test_step(in, &args, c);
	if (err)
		goto fail;
	elapsed = ktime_get_ns() - elapsed;

	if (b->shared_len != c->shared_len ||
	    crypto_memneq(b->shared, c->shared, b->shared_len)) {
		GENL_SET_ERR_MSG(info,
				 "DH self-test: the two sides' shared secrets differ");
		err = -EBADMSG;
		goto out_free_msg;
	}
	hdr = genlmsg_put_reply(msg, info, &ikev2_genl_family, 0,
				IKEV2_CMD_DH_TEST);
	if (!hdr ||
	    nla_put_u16(msg, IKEV2_A_DH_GROUP, args.group) ||
	    nla_put_u64_64bit(msg, IKEV2_A_DH_ELAPSED_NS, elapsed,
			      IKEV2_A_DH_PAD)) {
		err = -EMSGSIZE;
		goto out_free_msg;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
	goto out;

fail:
	switch (err) {
	case -ENOTCONN:
		GENL_SET_ERR_MSG(info, "no ike-helper registered in this namespace");
		break;
	case -ESRCH:
		GENL_SET_ERR_MSG(info, "ike-helper went away during the request");
		break;
	case -ETIMEDOUT:
		GENL_SET_ERR_MSG(info, "ike-helper did not answer in time");
		break;
	default:
		/* Static strings: extack keeps the pointer. */
		if (!strcmp(what, "keygen"))
			GENL_SET_ERR_MSG(info, "ike-helper failed the keygen step");
		else if (!strcmp(what, "keygen-shared"))
			GENL_SET_ERR_MSG(info,
					 "ike-helper failed the keygen-shared step");
		else
			GENL_SET_ERR_MSG(info, "ike-helper failed the shared step");
	}
out_free_msg:
	nlmsg_free(msg);
out:
	kfree_sensitive(a);
	return err;
}

/* Helper death: its socket's last reference is gone. */
static int ikev2_helper_release(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct ikev2_helper_net *h;
	LIST_HEAD(reqs);
	unsigned int count;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;
	h = &ikev2_net(n->net)->helper;
	spin_lock_bh(&h->lock);
	if (h->portid != n->portid) {
		spin_unlock_bh(&h->lock);
		return NOTIFY_DONE;
	}
	h->portid = 0;
	count = ikev2_helper_claim_all(h, &reqs);
	spin_unlock_bh(&h->lock);

	pr_info("netns %u: ike-helper (port %u) gone, failing %u DH request(s)\n",
		n->net->ns.inum, n->portid, count);
	ikev2_helper_fail_all(&reqs, -ESRCH);
	return NOTIFY_DONE;
}

static struct notifier_block ikev2_helper_notifier = {
	.notifier_call = ikev2_helper_release,
};

void ikev2_helper_net_init(struct ikev2_net *in)
{
	struct ikev2_helper_net *h = &in->helper;

	spin_lock_init(&h->lock);
	INIT_LIST_HEAD(&h->reqs);
}

bool ikev2_helper_present(struct ikev2_net *in)
{
	struct ikev2_helper_net *h = &in->helper;
	bool present;

	spin_lock_bh(&h->lock);
	present = h->portid && !h->dying;
	spin_unlock_bh(&h->lock);
	return present;
}

void ikev2_helper_net_exit(struct ikev2_net *in)
{
	struct ikev2_helper_net *h = &in->helper;
	LIST_HEAD(reqs);

	spin_lock_bh(&h->lock);
	h->dying = true;
	h->portid = 0;
	ikev2_helper_claim_all(h, &reqs);
	spin_unlock_bh(&h->lock);
	ikev2_helper_fail_all(&reqs, -ESRCH);
	/* A timeout that claimed its request before us may still be running. */
	flush_workqueue(ikev2_helper_wq);
}

/* Before the per-namespace state: its exit needs the workqueue. */
int ikev2_helper_init(void)
{
	ikev2_helper_wq = alloc_workqueue("ikev2_helper", 0, 0);
	return ikev2_helper_wq ? 0 : -ENOMEM;
}

/* After the per-namespace state is gone: drains the last timeouts. */
void ikev2_helper_uninit(void)
{
	destroy_workqueue(ikev2_helper_wq);
}

/* After the per-namespace state: the notifier looks namespaces up. */
int ikev2_helper_notify_init(void)
{
	return netlink_register_notifier(&ikev2_helper_notifier);
}

/* Before the per-namespace state goes. */
void ikev2_helper_notify_uninit(void)
{
	netlink_unregister_notifier(&ikev2_helper_notifier);
}
