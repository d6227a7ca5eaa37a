/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink plumbing ike and ike-helper share (libnl-3,
 * libnl-genl-3): a socket on the "ikev2" family, requests with their
 * messages, the request/ack loop and the kernel's extended ack. Nothing
 * here prints: each program words its own errors from what it returns.
 */
#ifndef _IKEV2_NL_H
#define _IKEV2_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <netlink/msg.h>

struct ikev2_nl {
	struct nl_sock *sk;
	int family;
};

/* The step of ikev2_nl_open() that failed. */
enum ikev2_nl_open_step {
	IKEV2_NL_OPEN_ALLOC,	/* no memory for the socket */
	IKEV2_NL_OPEN_CONNECT,	/* genl_connect() */
	IKEV2_NL_OPEN_RESOLVE,	/* the family: -NLE_OBJ_NOTFOUND, not loaded */
};

/*
 * A generic netlink socket asking for extended acks (the module's reason
 * for a refusal) and capped acks (an error must not echo the request: they
 * carry PSKs and shared secrets), with the family resolved. Returns 0, or
 * a negative libnl error (-NLE_*) with @step set; @nl is closed then.
 */
int ikev2_nl_open(struct ikev2_nl *nl, enum ikev2_nl_open_step *step);
void ikev2_nl_close(struct ikev2_nl *nl);

/* libnl's -NLE_* back to a negative errno, for strerror() and exit paths. */
int ikev2_nl_errno(int nlerr);

/* A request of @size bytes with its generic netlink header, or NULL. */
struct nl_msg *ikev2_nl_msg(struct ikev2_nl *nl, uint8_t cmd, int flags,
			    size_t size);
/* Frees a request after wiping it: requests may carry secrets. */
void ikev2_nl_msg_free(struct nl_msg *msg);

/* What an NLMSG_ERROR's extended ack says. */
struct ikev2_nl_ext_ack {
	char msg[256];		/* NLMSGERR_ATTR_MSG, or "" */
	bool has_offs;
	uint32_t offs;		/* NLMSGERR_ATTR_OFFS: into our request */
	bool has_miss_type;	/* a missing top-level attribute ... */
	uint32_t miss_type;	/* ... NLMSGERR_ATTR_MISS_TYPE */
};

/* Parses the TLVs after @e (all empty without NLM_F_ACK_TLVS). */
void ikev2_nl_parse_ext_ack(const struct nlmsgerr *e,
			    struct ikev2_nl_ext_ack *ack);

/* How a request ended. */
enum ikev2_nl_end {
	IKEV2_NL_DONE,		/* its ack, or the end of its dump */
	IKEV2_NL_KERNEL,	/* an NLMSG_ERROR: @err, @ext */
	IKEV2_NL_CALLBACK,	/* @cb returned @err */
	IKEV2_NL_NOMEM,		/* no memory for the request: -ENOMEM */
	IKEV2_NL_SEND,		/* sending failed: @nlerr */
	IKEV2_NL_RECV,		/* receiving failed: @nlerr */
};

struct ikev2_nl_req {
	/* In: each reply (may be NULL); 0 to go on, a negative errno ends. */
	int (*cb)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	bool any_seq;		/* also hand @cb messages of other numbers */
	/* Out. */
	enum ikev2_nl_end end;
	int err;		/* negative errno, 0 when done */
	int nlerr;		/* IKEV2_NL_SEND, _RECV: -NLE_* */
	struct ikev2_nl_ext_ack ext;
};

/*
 * Sends @msg (with NLM_F_ACK) and reads until the request is complete: its
 * ack, the end of a dump, an error, or @req->cb ending it. Returns
 * @req->err. Does not free @msg.
 */
int ikev2_nl_request(struct ikev2_nl *nl, struct nl_msg *msg,
		     struct ikev2_nl_req *req);

#endif /* _IKEV2_NL_H */
