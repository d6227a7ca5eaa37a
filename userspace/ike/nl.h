/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink glue of `ike`: one socket to the "ikev2" family per run,
 * requests that wait for their acknowledgement, and the kernel's extended
 * ack turned into a message.
 */
#ifndef _IKE_NL_H
#define _IKE_NL_H

#include <stdint.h>
#include <netlink/msg.h>

struct ike_nl {
	struct nl_sock *sk;
	int family;
};

/* Prints why on stderr when it fails (e.g. the module is not loaded). */
int ike_nl_open(struct ike_nl *nl);
void ike_nl_close(struct ike_nl *nl);

/* A request with its generic netlink header; NULL (and a message) on ENOMEM. */
struct nl_msg *ike_nl_msg(struct ike_nl *nl, uint8_t cmd, int flags);

/*
 * Sends @msg and reads until the request is complete: its ack, the end of
 * a dump, or an error. @cb sees each reply (may be NULL) and returns 0 or
 * a negative errno, which ends the request. On a kernel error, prints
 * "ike: @what: <extended ack message>: <strerror>" on stderr.
 * Returns 0 or a negative errno. Does not free @msg.
 */
int ike_nl_request(struct ike_nl *nl, struct nl_msg *msg, const char *what,
		   int (*cb)(struct nlmsghdr *nlh, void *arg), void *arg);

/* Frees a request after wiping it: requests may carry a PSK. */
void ike_nl_msg_free(struct nl_msg *msg);

#endif /* _IKE_NL_H */
