// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing of ike and ike-helper; see nl.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <linux/ikev2.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int ikev2_nl_errno(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_INTR:
		return -EINTR;
	case NLE_MSG_TRUNC:
	case NLE_MSG_TOOSHORT:
	case NLE_MSG_OVERFLOW:
		return -EMSGSIZE;
	case NLE_SEQ_MISMATCH:
		return -EPROTO;
	default:
		return -EIO;
	}
}

int ikev2_nl_open(struct ikev2_nl *nl, enum ikev2_nl_open_step *step)
{
	int one = 1, ret;

	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		*step = IKEV2_NL_OPEN_ALLOC;
		return -NLE_NOMEM;
	}
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		*step = IKEV2_NL_OPEN_CONNECT;
		goto err_free;
	}
	/* Best effort: without them errors only lose their detail. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	ret = genl_ctrl_resolve(nl->sk, IKEV2_FAMILY_NAME);
	if (ret < 0) {
		*step = IKEV2_NL_OPEN_RESOLVE;
		goto err_free;
	}
	nl->family = ret;
	return 0;

err_free:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return ret;
}

void ikev2_nl_close(struct ikev2_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *ikev2_nl_msg(struct ikev2_nl *nl, uint8_t cmd, int flags,
			    size_t size)
{
	struct nl_msg *msg = nlmsg_alloc_size(size);

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
				flags, cmd, IKEV2_FAMILY_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

void ikev2_nl_msg_free(struct nl_msg *msg)
{
	struct nlmsghdr *nlh;

	if (!msg)
		return;
	nlh = nlmsg_hdr(msg);
	explicit_bzero(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

void ikev2_nl_parse_ext_ack(const struct nlmsgerr *e,
			    struct ikev2_nl_ext_ack *ack)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)e -
						    NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t payload = nlh->nlmsg_len - NLMSG_HDRLEN;
	size_t ack_len = sizeof(*e);

	memset(ack, 0, sizeof(*ack));
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* Without NETLINK_CAP_ACK the request comes back before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		ack_len += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (ack_len >= payload ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + ack_len),
		      payload - ack_len, NULL) < 0)
		return;

	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(ack->msg, tb[NLMSGERR_ATTR_MSG], sizeof(ack->msg));
	if (tb[NLMSGERR_ATTR_OFFS] &&
	    nla_len(tb[NLMSGERR_ATTR_OFFS]) == sizeof(uint32_t)) {
		ack->has_offs = true;
		ack->offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE] && !tb[NLMSGERR_ATTR_MISS_NEST] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) == sizeof(uint32_t)) {
		ack->has_miss_type = true;
		ack->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	}
}

struct ikev2_nl_loop {
	struct ikev2_nl_req *req;
	bool done;
};

static int ikev2_nl_error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e,
			     void *arg)
{
	struct ikev2_nl_loop *loop = arg;
	struct ikev2_nl_req *req = loop->req;

	(void)nla;
	req->end = IKEV2_NL_KERNEL;
	req->err = e->error < 0 ? e->error : -EPROTO;
	ikev2_nl_parse_ext_ack(e, &req->ext);
	loop->done = true;
	return NL_STOP;
}

static int ikev2_nl_finish_cb(struct nl_msg *msg, void *arg)
{
	struct ikev2_nl_loop *loop = arg;

	(void)msg;
	loop->done = true;
	return NL_STOP;
}

static int ikev2_nl_valid_cb(struct nl_msg *msg, void *arg)
{
	struct ikev2_nl_loop *loop = arg;
	struct ikev2_nl_req *req = loop->req;
	int ret;

	if (!req->cb)
		return NL_OK;
	ret = req->cb(nlmsg_hdr(msg), req->arg);
	if (ret) {
		req->end = IKEV2_NL_CALLBACK;
		req->err = ret;
		loop->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

static int ikev2_nl_seq_any_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int ikev2_nl_request(struct ikev2_nl *nl, struct nl_msg *msg,
		     struct ikev2_nl_req *req)
{
	struct ikev2_nl_loop loop = { .req = req };
	struct nl_cb *nlcb;
	int ret;

	req->end = IKEV2_NL_DONE;
	req->err = 0;
	req->nlerr = 0;
	memset(&req->ext, 0, sizeof(req->ext));
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		req->end = IKEV2_NL_NOMEM;
		req->err = -ENOMEM;
		return req->err;
	}
	nl_cb_err(nlcb, NL_CB_CUSTOM, ikev2_nl_error_cb, &loop);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, ikev2_nl_finish_cb, &loop);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, ikev2_nl_finish_cb, &loop);
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, ikev2_nl_valid_cb, &loop);
	if (req->any_seq)
		nl_cb_set(nlcb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM,
			  ikev2_nl_seq_any_cb, NULL);

	/* Adds NLM_F_ACK: a do request then ends with its ack. */
	ret = nl_send_auto(nl->sk, msg);
	if (ret < 0) {
		req->end = IKEV2_NL_SEND;
		req->nlerr = ret;
		req->err = ikev2_nl_errno(ret);
		goto out;
	}
	while (!loop.done) {
		ret = nl_recvmsgs(nl->sk, nlcb);
		if (ret < 0 && !loop.done) {
			req->end = IKEV2_NL_RECV;
			req->nlerr = ret;
			req->err = ikev2_nl_errno(ret);
			goto out;
		}
	}
out:
	nl_cb_put(nlcb);
	return req->err;
}
