/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IKEV2_HELPER_H
#define _IKEV2_HELPER_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/genetlink.h>
#include <linux/ikev2.h>

struct ikev2_net;

/* Requests one namespace may have outstanding with its helper. */
#define IKEV2_HELPER_REQS_MAX		256
/* How long the helper has to answer one request. */
#define IKEV2_HELPER_TIMEOUT_MS		5000

/*
 * The ike-helper of one namespace and the DH requests it owes an answer.
 * @lock covers every field; it is never held across a send, an allocation,
 * a wait or a callback, so its sections are short (hence a spinlock). A request is owned by whoever takes it off @reqs: the
 * result handler, the timeout, helper death or namespace exit; that owner
 * alone completes and frees it.
 */
struct ikev2_helper_net {
	spinlock_t lock;
	u32 portid;		/* registered helper's port, 0: none */
	bool dying;		/* namespace exit: no new requests */
	u32 next_id;
	unsigned int n_reqs;
	struct list_head reqs;	/* struct ikev2_helper_req */
};

/*
 * The answer to one request, valid only during the callback: the callee
 * copies what it keeps; @shared is wiped right after it returns.
 * @status: 0, or -ENOTCONN (no helper), -ESRCH (helper died or namespace
 * exit), -ETIMEDOUT, -EPROTO (malformed answer) or the helper's errno.
 */
struct ikev2_helper_dh_result {
	int status;
	u32 handle;			/* KEYGEN */
	u16 pub_len, shared_len;
	const u8 *pub;			/* KEYGEN, KEYGEN_SHARED */
	const u8 *shared;		/* SHARED, KEYGEN_SHARED */
};

/* Called once per accepted request, in process context, no locks held. */
typedef void (*ikev2_helper_dh_done_t)(void *ctx,
				       const struct ikev2_helper_dh_result *r);

struct ikev2_helper_dh_args {
	u16 group;
	u8 op;				/* enum ikev2_dh_op */
	u32 handle;			/* SHARED */
	const u8 *peer;			/* SHARED, KEYGEN_SHARED */
	u16 peer_len;
};

/*
 * Sends one DH request to the namespace's helper; process context, may
 * sleep. 0: @done will be called
 * exactly once (answer, timeout or helper death). Negative errno: it
 * never will (-ENOTCONN no helper, -ENOBUFS too many outstanding, -ENOMEM,
 * or the send's error).
 */
int ikev2_helper_dh(struct ikev2_net *in, const struct ikev2_helper_dh_args *a,
		    ikev2_helper_dh_done_t done, void *ctx);

/* A helper is registered now (it may still die before it answers). */
bool ikev2_helper_present(struct ikev2_net *in);

void ikev2_helper_net_init(struct ikev2_net *in);
void ikev2_helper_net_exit(struct ikev2_net *in);
/* Load: init, then ikev2_netns_init, then notify_init; unload reversed. */
int ikev2_helper_init(void);
void ikev2_helper_uninit(void);
int ikev2_helper_notify_init(void);
void ikev2_helper_notify_uninit(void);

#endif /* _IKEV2_HELPER_H */
