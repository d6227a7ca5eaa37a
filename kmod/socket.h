/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IKEV2_SOCKET_H
#define _IKEV2_SOCKET_H

#include <linux/list.h>
#include <linux/net.h>
#include <linux/types.h>

struct ikev2_net;

#define IKEV2_PORT_IKE		500
#define IKEV2_PORT_NATT		4500
/* RFC 3948 2.2: a NAT-keepalive is this one byte. */
#define IKEV2_NATT_KEEPALIVE	0xff
/* Received datagrams waiting for the engine; beyond this they are dropped. */
#define IKEV2_RX_QUEUE_MAX	512

/*
 * The UDP sockets of one local address: 500 (IKE) and 4500 (IKE with the
 * non-ESP marker, later ESP-in-UDP). Shared by every connection with that
 * local address and counted by them: created by the first conn-add, closed
 * with the last conn. The list and @users belong to ikev2_net.conf_lock;
 * the receive path reaches a socket only through sk_user_data under RCU.
 */
struct ikev2_sock {
	struct list_head node;		/* in ikev2_net.socks */
	struct ikev2_net *in;
	unsigned int users;
	u8 addr_len;			/* 4 or 16 */
	u8 addr[16];
	struct socket *ike;		/* UDP 500 */
	struct socket *natt;		/* UDP 4500 */
};

/*
 * One IKE datagram as the receive path hands it to the engine: the UDP
 * payload without the non-ESP marker, and where it came from.
 */
struct ikev2_rx {
	struct list_head node;
	struct ikev2_sock *sock;	/* valid while its conns exist */
	bool natt;			/* came in on 4500 */
	u8 addr_len;
	u8 src[16];
	u16 sport;
	u32 len;
	u8 data[];
};

int ikev2_sock_get(struct ikev2_net *in, const u8 *addr, u8 addr_len,
		   struct ikev2_sock **out);
void ikev2_sock_put(struct ikev2_sock *s);
/* Sends @len bytes of IKE to @dst:@dport, from 4500 with the marker if @natt. */
int ikev2_sock_send(struct ikev2_sock *s, bool natt, const u8 *dst, u16 dport,
		    const void *buf, u32 len);
int ikev2_sock_send_keepalive(struct ikev2_sock *s, const u8 *dst, u16 dport);

#endif /* _IKEV2_SOCKET_H */
