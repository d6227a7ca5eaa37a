// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink glue for `ike` (libnl-3, libnl-genl-3); see nl.h. The
 * socket, the request/ack loop and the extended ack's parsing are the
 * tools' shared userspace/lib/nl/nl.c; here are ike's words for what goes
 * wrong, the attribute an error points at, and notifications.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <linux/ikev2.h>

#include "nl.h"
#include "nl/nl.h"

/* The shared library's view of the socket. */
static struct ikev2_nl ikt_nl_lib(const struct ikt_nl *nl)
{
	return (struct ikev2_nl){ .sk = nl->sk, .family = nl->family };
}

int ikt_nl_open(struct ikt_nl *nl)
{
	enum ikev2_nl_open_step step;
	struct ikev2_nl lib;
	int ret;

	ret = ikev2_nl_open(&lib, &step);
	nl->sk = lib.sk;
	nl->family = lib.family;
	if (!ret)
		return 0;
	switch (step) {
	case IKEV2_NL_OPEN_ALLOC:
		fprintf(stderr, "ike: out of memory\n");
		return -ENOMEM;
	case IKEV2_NL_OPEN_CONNECT:
		fprintf(stderr, "ike: cannot open a generic netlink socket: %s\n",
			nl_geterror(ret));
		break;
	case IKEV2_NL_OPEN_RESOLVE:
		if (ret == -NLE_OBJ_NOTFOUND)
			fprintf(stderr,
				"ike: ikev2 module not loaded (insmod kmod/ikev2.ko)\n");
		else
			fprintf(stderr,
				"ike: cannot resolve generic netlink family \"%s\": %s\n",
				IKEV2_FAMILY_NAME, nl_geterror(ret));
		break;
	}
	return ikev2_nl_errno(ret);
}

void ikt_nl_close(struct ikt_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *ikt_nl_msg(struct ikt_nl *nl, uint8_t cmd, int flags)
{
	struct ikev2_nl lib = ikt_nl_lib(nl);
	struct nl_msg *msg;

	/* Room for the largest conn-add: three paths, 32 proposals. */
	msg = ikev2_nl_msg(&lib, cmd, flags, 32768);
	if (!msg)
		fprintf(stderr, "ike: out of memory\n");
	return msg;
}

struct nl_msg *ikt_nl_conn_msg(struct ikt_nl *nl, uint8_t cmd,
			       const char *name)
{
	struct nl_msg *msg = ikt_nl_msg(nl, cmd, 0);

	if (msg && nla_put_string(msg, IKEV2_A_CONN_NAME, name)) {
		/* A name of at most IKEV2_CONN_NAME_MAX in 32 KiB: memory. */
		fprintf(stderr, "ike: out of memory\n");
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

void ikt_nl_msg_free(struct nl_msg *msg)
{
	ikev2_nl_msg_free(msg);
}

/* The `conn add` keyword behind each IKEV2_A_CONN_* attribute. */
static const char *const ikt_nl_conn_attr_kw[IKEV2_A_CONN_MAX + 1] = {
	[IKEV2_A_CONN_NAME]		= "NAME",
	[IKEV2_A_CONN_LOCAL_ADDR]	= "local",
	[IKEV2_A_CONN_REMOTE_ADDR]	= "remote",
	[IKEV2_A_CONN_AUTH]		= "auth",
	[IKEV2_A_CONN_PSK]		= "psk-file",
	[IKEV2_A_CONN_CERT_FILE]	= "cert",
	[IKEV2_A_CONN_KEY_FILE]		= "key",
	[IKEV2_A_CONN_CACERT_FILE]	= "cacert",
	[IKEV2_A_CONN_LOCAL_ID]		= "local-id",
	[IKEV2_A_CONN_REMOTE_ID]	= "remote-id",
	[IKEV2_A_CONN_IKE_PROPOSAL]	= "ike",
	[IKEV2_A_CONN_ESP_PROPOSAL]	= "esp",
	[IKEV2_A_CONN_LOCAL_TS]		= "local-ts",
	[IKEV2_A_CONN_REMOTE_TS]	= "remote-ts",
	[IKEV2_A_CONN_IFINDEX]		= "dev",
	[IKEV2_A_CONN_ENCAP_UDP]	= "encap",
};

static bool ikt_nl_attr_is_string(int type)
{
	switch (type) {
	case IKEV2_A_CONN_NAME:
	case IKEV2_A_CONN_CERT_FILE:
	case IKEV2_A_CONN_KEY_FILE:
	case IKEV2_A_CONN_CACERT_FILE:
	case IKEV2_A_CONN_IKE_PROPOSAL:
	case IKEV2_A_CONN_ESP_PROPOSAL:
		return true;
	}
	return false;
}

/* What ike says about a refused request. */
struct ikt_nl_req {
	struct nl_msg *msg;		/* the request, to map offsets */
	int err;			/* negative errno */
	char ext_msg[256];		/* extended ack message */
	char where[320];		/* the attribute it points at */
};

/*
 * NLMSGERR_ATTR_OFFS is an offset into our own request: name the top-level
 * attribute it falls into, by its `conn add` keyword, with its value when
 * that is a string (never the PSK, which is not a string).
 */
static void ikt_nl_describe_offset(struct ikt_nl_req *req, uint32_t offs)
{
	struct nlmsghdr *nlh = nlmsg_hdr(req->msg);
	struct nlattr *attr;
	int rem;

	nlmsg_for_each_attr(attr, nlh, GENL_HDRLEN, rem) {
		uint32_t start = (char *)attr - (char *)nlh;
		int type = nla_type(attr);

		if (offs < start || offs >= start + nla_total_size(nla_len(attr)))
			continue;
		/* The name is in every message already. */
		if (type < 1 || type > IKEV2_A_CONN_MAX ||
		    type == IKEV2_A_CONN_NAME)
			return;
		if (ikt_nl_attr_is_string(type) && nla_len(attr) > 0 &&
		    ((char *)nla_data(attr))[nla_len(attr) - 1] == '\0')
			snprintf(req->where, sizeof(req->where), "%s \"%s\"",
				 ikt_nl_conn_attr_kw[type],
				 (char *)nla_data(attr));
		else
			snprintf(req->where, sizeof(req->where), "%s",
				 ikt_nl_conn_attr_kw[type]);
		return;
	}
}

static void ikt_nl_describe_ext_ack(struct ikt_nl_req *req,
				    const struct ikev2_nl_ext_ack *ext)
{
	snprintf(req->ext_msg, sizeof(req->ext_msg), "%s", ext->msg);
	if (ext->has_offs)
		ikt_nl_describe_offset(req, ext->offs);
	/* A missing top-level attribute comes without a message. */
	if (ext->has_miss_type && ext->miss_type >= 1 &&
	    ext->miss_type <= IKEV2_A_CONN_MAX && !req->ext_msg[0])
		snprintf(req->ext_msg, sizeof(req->ext_msg), "missing \"%s\"",
			 ikt_nl_conn_attr_kw[ext->miss_type]);
}

static void ikt_nl_print_error(const char *what,
			       const struct ikt_nl_req *req)
{
	const char *err = strerror(-req->err);

	if (req->ext_msg[0] && req->where[0])
		fprintf(stderr, "ike: %s: %s (at %s): %s\n", what,
			req->ext_msg, req->where, err);
	else if (req->ext_msg[0])
		fprintf(stderr, "ike: %s: %s: %s\n", what, req->ext_msg, err);
	else if (req->where[0])
		fprintf(stderr, "ike: %s: rejected at %s: %s\n", what,
			req->where, err);
	else
		fprintf(stderr, "ike: %s: %s\n", what, err);
}

int ikt_nl_request_ack(struct ikt_nl *nl, struct nl_msg *msg,
		       const char *what,
		       int (*cb)(struct nlmsghdr *nlh, void *arg), void *arg,
		       struct ikt_nl_ack *ack)
{
	struct ikev2_nl_req lreq = { .cb = cb, .arg = arg };
	struct ikt_nl_req req = { .msg = msg };
	struct ikev2_nl lib = ikt_nl_lib(nl);

	if (ack) {
		ack->err = 0;
		ack->msg[0] = '\0';
	}
	req.err = ikev2_nl_request(&lib, msg, &lreq);
	switch (lreq.end) {
	case IKEV2_NL_DONE:
	case IKEV2_NL_CALLBACK:
		/* A callback reports its own errors. */
		break;
	case IKEV2_NL_NOMEM:
		fprintf(stderr, "ike: out of memory\n");
		break;
	case IKEV2_NL_SEND:
		fprintf(stderr, "ike: %s: cannot send the request: %s\n", what,
			nl_geterror(lreq.nlerr));
		break;
	case IKEV2_NL_RECV:
		fprintf(stderr, "ike: %s: reading the reply: %s\n", what,
			nl_geterror(lreq.nlerr));
		break;
	case IKEV2_NL_KERNEL:
		/* The kernel's errors are ours to report. */
		ikt_nl_describe_ext_ack(&req, &lreq.ext);
		if (ack) {
			ack->err = req.err;
			snprintf(ack->msg, sizeof(ack->msg), "%s", req.ext_msg);
		} else {
			ikt_nl_print_error(what, &req);
		}
		break;
	}
	return req.err;
}

int ikt_nl_request(struct ikt_nl *nl, struct nl_msg *msg, const char *what,
		   int (*cb)(struct nlmsghdr *nlh, void *arg), void *arg)
{
	return ikt_nl_request_ack(nl, msg, what, cb, arg, NULL);
}

int ikt_nl_open_group(struct ikt_nl *nl, const char *group)
{
	int ret, grp;

	ret = ikt_nl_open(nl);
	if (ret)
		return ret;
	grp = genl_ctrl_resolve_grp(nl->sk, IKEV2_FAMILY_NAME, group);
	if (grp < 0) {
		fprintf(stderr,
			"ike: the ikev2 module has no \"%s\" notification group (an older module?): %s\n",
			group, nl_geterror(grp));
		ret = ikev2_nl_errno(grp);
		goto err;
	}
	ret = nl_socket_add_membership(nl->sk, grp);
	if (ret < 0) {
		fprintf(stderr, "ike: cannot join the \"%s\" group: %s\n",
			group, nl_geterror(ret));
		ret = ikev2_nl_errno(ret);
		goto err;
	}
	/*
	 * No nl_socket_disable_seq_check(): it would not reach our reads,
	 * see ikt_nl_read().
	 */
	/* Best effort: a larger queue loses fewer events in a burst. */
	nl_socket_set_buffer_size(nl->sk, 1 << 20, 0);
	ret = nl_socket_set_nonblocking(nl->sk);
	if (ret < 0) {
		ret = ikev2_nl_errno(ret);
		goto err;
	}
	return 0;
err:
	ikt_nl_close(nl);
	return ret;
}

struct ikt_nl_rd {
	int (*cb)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	int ret;
};

/* Notifications carry sequence number 0: any number is right. */
static int ikt_nl_seq_any_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int ikt_nl_read_cb(struct nl_msg *msg, void *arg)
{
	struct ikt_nl_rd *rd = arg;

	rd->ret = rd->cb(nlmsg_hdr(msg), rd->arg);
	return rd->ret ? NL_STOP : NL_OK;
}

int ikt_nl_read(struct ikt_nl *nl, int (*cb)(struct nlmsghdr *nlh,
					     void *arg), void *arg)
{
	struct ikt_nl_rd rd = { .cb = cb, .arg = arg };
	struct nl_cb *nlcb;
	int ret;

	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb)
		return -ENOMEM;
	/*
	 * nl_recvmsgs() checks sequence numbers by the nl_cb it is given,
	 * not by the socket's own: nl_socket_disable_seq_check() would not
	 * reach this one, and every notification would fail the check
	 * (NLE_SEQ_MISMATCH) against the number of our last request.
	 */
	nl_cb_set(nlcb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, ikt_nl_seq_any_cb, NULL);
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, ikt_nl_read_cb, &rd);
	for (;;) {
		ret = nl_recvmsgs(nl->sk, nlcb);
		if (rd.ret)
			break;
		if (ret < 0) {
			/* recvmsg()'s ENOBUFS: libnl reports it as NLE_NOMEM. */
			if (ret == -NLE_NOMEM)
				rd.ret = -ENOBUFS;
			else if (ret == -NLE_AGAIN)
				rd.ret = -EAGAIN;
			else
				rd.ret = ikev2_nl_errno(ret);
			break;
		}
	}
	nl_cb_put(nlcb);
	return rd.ret;
}
