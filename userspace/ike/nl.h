/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink glue of `ike`: one socket to the "ikev2" family per run,
 * requests that wait for their acknowledgement, and the kernel's extended
 * ack turned into a message.
 */
#ifndef _IKT_NL_H
#define _IKT_NL_H

#include <stdint.h>
#include <netlink/msg.h>

struct ikt_nl {
	struct nl_sock *sk;
	int family;
};

/* Prints why on stderr when it fails (e.g. the module is not loaded). */
int ikt_nl_open(struct ikt_nl *nl);
void ikt_nl_close(struct ikt_nl *nl);

/* A request with its generic netlink header; NULL (and a message) on ENOMEM. */
struct nl_msg *ikt_nl_msg(struct ikt_nl *nl, uint8_t cmd, int flags);
/* A request that names one connection (del, up, down, show); as above. */
struct nl_msg *ikt_nl_conn_msg(struct ikt_nl *nl, uint8_t cmd,
			       const char *name);

/*
 * Sends @msg and reads until the request is complete: its ack, the end of
 * a dump, or an error. @cb sees each reply (may be NULL) and returns 0 or
 * a negative errno, which ends the request. On a kernel error, prints
 * "ike: @what: <extended ack message>: <strerror>" on stderr.
 * Returns 0 or a negative errno. Does not free @msg.
 */
int ikt_nl_request(struct ikt_nl *nl, struct nl_msg *msg, const char *what,
		   int (*cb)(struct nlmsghdr *nlh, void *arg), void *arg);

/* A kernel error handed to the caller instead of being printed. */
struct ikt_nl_ack {
	int err;		/* negative errno, 0: no kernel error */
	char msg[256];		/* the extended ack message, or "" */
};

/*
 * ikt_nl_request(), except that a kernel error is not printed but stored
 * in @ack (for callers that explain errnos in their own words); errors of
 * the socket itself are still printed. Returns 0 or a negative errno.
 */
int ikt_nl_request_ack(struct ikt_nl *nl, struct nl_msg *msg,
		       const char *what,
		       int (*cb)(struct nlmsghdr *nlh, void *arg), void *arg,
		       struct ikt_nl_ack *ack);

/*
 * A socket for the family's notifications: ikt_nl_open() joined to the
 * multicast group @group, non-blocking, for poll(); read it with
 * ikt_nl_read(). Prints why when it fails.
 */
int ikt_nl_open_group(struct ikt_nl *nl, const char *group);

/*
 * Reads what is queued on a non-blocking socket and hands each message to
 * @cb (0 to go on, a negative errno to stop, or 1 to stop without error),
 * whatever its sequence number: notifications carry none (0).
 * Returns what @cb returned last, -EAGAIN once the queue is empty, -ENOBUFS
 * if notifications were lost, or another negative errno.
 */
int ikt_nl_read(struct ikt_nl *nl, int (*cb)(struct nlmsghdr *nlh,
					     void *arg), void *arg);

/* Frees a request after wiping it: requests may carry a PSK. */
void ikt_nl_msg_free(struct nl_msg *msg);

#endif /* _IKT_NL_H */
