// SPDX-License-Identifier: GPL-2.0
/*
 * IKE's UDP sockets: 500 and 4500 per local address, kernel sockets in the
 * namespace that owns the connections. Datagrams are taken off the UDP
 * receive path by encap_rcv (softirq), copied, and queued for the
 * namespace's engine (engine.c), which alone parses them: nothing here
 * trusts more than the length and the non-ESP marker. ESP-in-UDP on 4500
 * goes to the data path (esp_input.c) at once.
 *
 * Ownership and locking: the socket list and each socket's users count
 * belong to ikev2_net.conf_lock (conn-add and conn-del). The receive path
 * reaches a socket only through sk_user_data under RCU; closing clears it
 * and waits for a grace period before the socket goes. Queued datagrams
 * belong to ikev2_net.rx_lock until the engine takes them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/inet_common.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "engine.h"
#include "esp_input.h"
#include "netns.h"
#include "socket.h"

/* The smallest IKE message: a header (RFC 7296 3.1). */
#define IKEV2_HDR_LEN		28
#define IKEV2_NON_ESP_MARKER_LEN 4

static void ikev2_sock_queue(struct ikev2_sock *s, struct sk_buff *skb,
			     unsigned int off, bool natt)
{
	struct ikev2_net *in = s->in;
	unsigned int len = skb->len - off;
	struct ikev2_rx *rx;

	atomic64_inc(&in->stats.rx_packets);
	if (len < IKEV2_HDR_LEN) {
		atomic64_inc(&in->stats.rx_malformed);
		return;
	}
	rx = kmalloc(struct_size(rx, data, len), GFP_ATOMIC);
	if (!rx) {
		atomic64_inc(&in->stats.rx_queue_full);
		return;
	}
	if (skb_copy_bits(skb, off, rx->data, len)) {
		atomic64_inc(&in->stats.rx_malformed);
		kfree(rx);
		return;
	}
	rx->sock = s;
	rx->natt = natt;
	rx->len = len;
	rx->addr_len = s->addr_len;
	memset(rx->src, 0, sizeof(rx->src));
	if (s->addr_len == 4)
		memcpy(rx->src, &ip_hdr(skb)->saddr, 4);
	else
		memcpy(rx->src, &ipv6_hdr(skb)->saddr, 16);
	rx->sport = ntohs(udp_hdr(skb)->source);

	spin_lock(&in->rx_lock);
	if (in->rx_len >= IKEV2_RX_QUEUE_MAX) {
		spin_unlock(&in->rx_lock);
		atomic64_inc(&in->stats.rx_queue_full);
		kfree(rx);
		return;
	}
	list_add_tail(&rx->node, &in->rx);
	in->rx_len++;
	spin_unlock(&in->rx_lock);
	ikev2_engine_kick(in);
}

/*
 * UDP encap_rcv, softirq with the checksum verified and skb->data at the
 * UDP header. 0: consumed (always, never handed to the UDP queue: there
 * is no reader).
 */
static int ikev2_sock_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct ikev2_sock *s = rcu_dereference_sk_user_data(sk);
	unsigned int off = sizeof(struct udphdr);
	u8 marker[IKEV2_NON_ESP_MARKER_LEN];
	bool natt;

	if (!s)
		goto out;
	/* Which socket, from the socket itself: @s may be half set up. */
	natt = udp_hdr(skb)->dest == htons(IKEV2_PORT_NATT);
	if (natt) {
		if (skb->len - off == 1) {
			u8 byte;

			/* NAT-keepalive (RFC 3948 2.3): keeps a mapping, no more. */
			if (skb_copy_bits(skb, off, &byte, 1) ||
			    byte != IKEV2_NATT_KEEPALIVE)
				atomic64_inc(&s->in->stats.rx_malformed);
			goto out;
		}
		if (skb->len - off < sizeof(marker) ||
		    skb_copy_bits(skb, off, marker, sizeof(marker))) {
			atomic64_inc(&s->in->stats.rx_malformed);
			goto out;
		}
		if (get_unaligned((u32 *)marker)) {
			/* ESP-in-UDP (RFC 3948): the SPI is never zero. */
			ikev2_esp_udp_rcv(s->in, skb);
			return 0;
		}
		off += sizeof(marker);
	}
	ikev2_sock_queue(s, skb, off, natt);
out:
	consume_skb(skb);
	return 0;
}

/*
 * What setup_udp_tunnel_sock() does, minus multicast and checksum
 * conversion (IKE needs neither). Done here so that ikev2.ko does not
 * depend on the udp_tunnel module, which insmod would not load for us.
 */
static void ikev2_sock_set_encap(struct socket *sock, struct ikev2_sock *s)
{
	struct sock *sk = sock->sk;

	rcu_assign_sk_user_data(sk, s);
	udp_sk(sk)->encap_type = UDP_ENCAP_ESPINUDP;
	udp_sk(sk)->encap_rcv = ikev2_sock_encap_rcv;
	udp_tunnel_encap_enable(sk);
}

/* Like udp_tunnel_sock_release(): no encap_rcv runs on it afterwards. */
static void ikev2_sock_close(struct socket *sock)
{
	rcu_assign_sk_user_data(sock->sk, NULL);
	synchronize_rcu();
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
}

static int ikev2_sock_open(struct ikev2_sock *s, u16 port,
			   struct socket **out)
{
	struct sockaddr_in6 sin6 = {};
	struct sockaddr_in sin = {};
	struct socket *sock;
	int err;

	err = sock_create_kern(s->in->net, s->addr_len == 4 ? AF_INET : AF_INET6,
			       SOCK_DGRAM, IPPROTO_UDP, &sock);
	if (err)
		return err;
	/* Connections may name an address before it is configured. */
	ip_sock_set_freebind(sock->sk);
	if (s->addr_len == 4) {
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, s->addr, 4);
		sin.sin_port = htons(port);
		err = kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin));
	} else {
		ip6_sock_set_v6only(sock->sk);
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, s->addr, 16);
		sin6.sin6_port = htons(port);
		err = kernel_bind(sock, (struct sockaddr *)&sin6, sizeof(sin6));
	}
	if (err) {
		sock_release(sock);
		return err;
	}
	*out = sock;
	return 0;
}

/* Drops queued datagrams that still point at @s; it is going away. */
static void ikev2_sock_purge_rx(struct ikev2_sock *s)
{
	struct ikev2_net *in = s->in;
	struct ikev2_rx *rx, *tmp;

	spin_lock_bh(&in->rx_lock);
	list_for_each_entry_safe(rx, tmp, &in->rx, node) {
		if (rx->sock != s)
			continue;
		list_del(&rx->node);
		in->rx_len--;
		kfree(rx);
	}
	spin_unlock_bh(&in->rx_lock);
}

int ikev2_sock_get(struct ikev2_net *in, const u8 *addr, u8 addr_len,
		   struct ikev2_sock **out)
{
	struct ikev2_sock *s;
	int err;

	lockdep_assert_held(&in->conf_lock);
	list_for_each_entry(s, &in->socks, node) {
		if (s->addr_len == addr_len && !memcmp(s->addr, addr, addr_len)) {
			s->users++;
			*out = s;
			return 0;
		}
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->in = in;
	s->addr_len = addr_len;
	memcpy(s->addr, addr, addr_len);
	err = ikev2_sock_open(s, IKEV2_PORT_IKE, &s->ike);
	if (err)
		goto err_free;
	err = ikev2_sock_open(s, IKEV2_PORT_NATT, &s->natt);
	if (err)
		goto err_release_ike;
	/* Receiving starts only now: nothing is queued for a failed @s. */
	ikev2_sock_set_encap(s->ike, s);
	ikev2_sock_set_encap(s->natt, s);
	s->users = 1;
	list_add_tail(&s->node, &in->socks);
	*out = s;
	return 0;

err_release_ike:
	ikev2_sock_close(s->ike);
err_free:
	kfree(s);
	return err;
}

void ikev2_sock_put(struct ikev2_sock *s)
{
	if (!s)
		return;
	lockdep_assert_held(&s->in->conf_lock);
	if (--s->users)
		return;
	list_del(&s->node);
	/* Waits for RCU: no encap_rcv runs with @s once these return. */
	ikev2_sock_close(s->natt);
	ikev2_sock_close(s->ike);
	ikev2_sock_purge_rx(s);
	kfree(s);
}

static int ikev2_sock_sendv(struct ikev2_sock *s, bool natt, const u8 *dst,
			    u16 dport, struct kvec *iov, size_t n, size_t len)
{
	struct sockaddr_in6 sin6 = {};
	struct sockaddr_in sin = {};
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	int ret;

	if (s->addr_len == 4) {
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, dst, 4);
		sin.sin_port = htons(dport);
		msg.msg_name = &sin;
		msg.msg_namelen = sizeof(sin);
	} else {
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, dst, 16);
		sin6.sin6_port = htons(dport);
		msg.msg_name = &sin6;
		msg.msg_namelen = sizeof(sin6);
	}
	ret = kernel_sendmsg(natt ? s->natt : s->ike, &msg, iov, n, len);
	if (ret < 0) {
		atomic64_inc(&s->in->stats.tx_errors);
		net_dbg_ratelimited("%s: send failed: %d\n", KBUILD_MODNAME,
				    ret);
		return ret;
	}
	atomic64_inc(&s->in->stats.tx_packets);
	return 0;
}

int ikev2_sock_send(struct ikev2_sock *s, bool natt, const u8 *dst, u16 dport,
		    const void *buf, u32 len)
{
	static const u8 marker[IKEV2_NON_ESP_MARKER_LEN];
	struct kvec iov[2] = {
		{ .iov_base = (void *)marker, .iov_len = sizeof(marker) },
		{ .iov_base = (void *)buf, .iov_len = len },
	};

	if (natt)
		return ikev2_sock_sendv(s, true, dst, dport, iov, 2,
					sizeof(marker) + len);
	return ikev2_sock_sendv(s, false, dst, dport, &iov[1], 1, len);
}

int ikev2_sock_send_keepalive(struct ikev2_sock *s, const u8 *dst, u16 dport)
{
	u8 byte = IKEV2_NATT_KEEPALIVE;
	struct kvec iov = { .iov_base = &byte, .iov_len = 1 };

	return ikev2_sock_sendv(s, true, dst, dport, &iov, 1, 1);
}
