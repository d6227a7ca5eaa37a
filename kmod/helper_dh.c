// SPDX-License-Identifier: GPL-2.0
/*
 * Diffie-Hellman for IKE SAs through ike-helper: the bridge between an
 * SA's DH requests and helper.c, and the answer queue in between.
 *
 * A request carries the SA's id, never a pointer: the SA may be gone when
 * the answer comes. helper.c calls back in process context with no lock
 * held, possibly while the engine holds conf_lock; the callback therefore
 * only copies the answer into the namespace's dh_done queue and kicks the
 * engine, which feeds it to the SA under conf_lock (ikev2_dh_answers()).
 * The helper never calls into an SA directly.
 *
 * Ownership and locking: a request's context belongs to helper.c until its
 * callback, which frees it. ikev2_net.dh_done and the answers on it
 * belong to ikev2_net.rx_lock (a BH spinlock, taken after conf_lock and
 * never held while taking anything else); an answer taken off the queue
 * belongs to whoever took it. Answers hold key material: kfree_sensitive.
 * Once the namespace is dying nothing more is queued.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "engine.h"
#include "helper.h"
#include "helper_dh.h"
#include "netns.h"
#include "sa.h"

/* Context of one DH request in flight to the helper. */
struct ikev2_dh_ctx {
	struct ikev2_net *in;
	u32 sa_id;
	u32 core_id;
};

/* A helper answer queued for the engine; holds the secret: kfree_sensitive. */
struct ikev2_dh_answer {
	struct list_head node;		/* in ikev2_net.dh_done */
	u32 sa_id;
	u32 core_id;
	int status;
	u32 handle;
	u16 pub_len;
	u16 shared_len;
	u8 data[];	/* pub, then shared */
};

void ikev2_dh_net_init(struct ikev2_net *in)
{
	INIT_LIST_HEAD(&in->dh_done);
}

/* helper.c's callback: process context, no locks held. Only queues. */
static void ikev2_dh_done(void *arg, const struct ikev2_helper_dh_result *r)
{
	struct ikev2_dh_ctx *ctx = arg;
	struct ikev2_net *in = ctx->in;
	struct ikev2_dh_answer *a;
	u32 pub_len = r->status ? 0 : r->pub_len;
	u32 shared_len = r->status ? 0 : r->shared_len;

	a = kzalloc(struct_size(a, data, pub_len + shared_len), GFP_KERNEL);
	if (!a) {
		/* The core's DH timeout fails the SA. */
		kfree(ctx);
		return;
	}
	a->sa_id = ctx->sa_id;
	a->core_id = ctx->core_id;
	a->status = r->status;
	a->handle = r->handle;
	a->pub_len = pub_len;
	a->shared_len = shared_len;
	if (pub_len)
		memcpy(a->data, r->pub, pub_len);
	if (shared_len)
		memcpy(a->data + pub_len, r->shared, shared_len);
	kfree(ctx);

	spin_lock_bh(&in->rx_lock);
	if (in->dying) {
		spin_unlock_bh(&in->rx_lock);
		kfree_sensitive(a);
		return;
	}
	list_add_tail(&a->node, &in->dh_done);
	spin_unlock_bh(&in->rx_lock);
	ikev2_engine_kick(in);
}

int ikev2_dh_submit(struct ikev2_net *in, u32 sa_id, u32 core_id,
		    const struct ikev2_helper_dh_args *args)
{
	struct ikev2_dh_ctx *ctx;
	int err;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->in = in;
	ctx->sa_id = sa_id;
	ctx->core_id = core_id;
	err = ikev2_helper_dh(in, args, ikev2_dh_done, ctx);
	if (err)
		kfree(ctx);
	return err;
}

void ikev2_dh_answers(struct ikev2_net *in, u64 now)
{
	struct ikev2_dh_answer *a, *tmp;
	struct ikev2_sa *sa;
	LIST_HEAD(batch);

	lockdep_assert_held(&in->conf_lock);
	spin_lock_bh(&in->rx_lock);
	list_splice_init(&in->dh_done, &batch);
	spin_unlock_bh(&in->rx_lock);
	list_for_each_entry_safe(a, tmp, &batch, node) {
		list_del(&a->node);
		sa = ikev2_sa_find_id(in, a->sa_id);
		if (sa && !sa->dead)
			ikev2_sa_dh_answer(sa, a->core_id, a->status,
					   a->handle, a->data, a->pub_len,
					   a->data + a->pub_len,
					   a->shared_len, now);
		kfree_sensitive(a);
	}
}
