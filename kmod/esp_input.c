// SPDX-License-Identifier: GPL-2.0
/*
 * ESP input (RFC 4303 3.4), tunnel mode. Packets come in two ways:
 *  - raw ESP through the kernel's ESP protocol multiplexer
 *    (xfrm4/xfrm6_protocol_register): our handler runs before esp4/esp6
 *    and hands back (-EINVAL) every SPI that is not one of our Child SAs,
 *    so XFRM keeps working beside us, also in the same namespace;
 *  - ESP-in-UDP (RFC 3948) from our 4500 socket's encap_rcv (socket.c).
 *
 * An SPI of no Child SA may be one we have just offered in a
 * CREATE_CHILD_SA request: such packets wait in esp_hold.c and come back
 * through ikev2_esp_input_held() once the Child SA is installed.
 *
 * Order per packet: SPI lookup, length sanity, a replay pre-check (cheap
 * reject of duplicates), ICV verification with decryption, then the
 * replay window update, trailer checks, inner header parse against the
 * Child SA's selectors, and delivery on the link through GRO. Every drop
 * is counted by reason on the Child SA, the namespace and the link.
 *
 * Locking and lifetimes: everything runs in softirq (or, for an
 * asynchronous decryption, the crypto completion, and for a held packet
 * the engine, with BH disabled) and
 * takes no lock but the Child SA's replay_lock around its window. The
 * Child SA is found under RCU and held by a reference from the lookup
 * until the packet is delivered or dropped; its link is looked up under
 * RCU again at delivery, never kept.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/dst.h>
#include <net/esp.h>
#include <net/gro_cells.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "compat.h"
#include "device.h"
#include "esp_hold.h"
#include "esp_input.h"
#include "esp_sa.h"
#include "esp_skb.h"
#include "netns.h"

enum ikev2_esp_drop {
	IKEV2_DROP_REPLAY,
	IKEV2_DROP_AUTH,
	IKEV2_DROP_PADDING,
	IKEV2_DROP_SELECTOR,
	IKEV2_DROP_MALFORMED,
	IKEV2_DROP_OTHER,	/* memory, no link, ECN, hard limit */
};

/* The link a Child SA delivers on: its conn's, else the namespace's first. */
static struct net_device *ikev2_esp_input_dev(struct ikev2_esp_sa *esp)
{
	struct net *net = esp->in->net;
	struct net_device *dev;

	if (esp->ifindex) {
		dev = dev_get_by_index_rcu(net, esp->ifindex);
		return dev && ikev2_device_is_ours(dev) ? dev : NULL;
	}
	for_each_netdev_rcu(net, dev)
		if (ikev2_device_is_ours(dev))
			return dev;
	return NULL;
}

static void ikev2_esp_input_drop(struct ikev2_esp_sa *esp, struct sk_buff *skb,
				 enum ikev2_esp_drop why)
{
	struct ikev2_esp_stats *s = &esp->stats;
	struct net_device *dev;

	switch (why) {
	case IKEV2_DROP_REPLAY:
		atomic64_inc(&s->rx_replay);
		break;
	case IKEV2_DROP_AUTH:
		atomic64_inc(&s->rx_auth_failed);
		break;
	case IKEV2_DROP_PADDING:
		atomic64_inc(&s->rx_bad_padding);
		break;
	case IKEV2_DROP_SELECTOR:
		atomic64_inc(&s->rx_selector);
		break;
	case IKEV2_DROP_MALFORMED:
		atomic64_inc(&s->rx_malformed);
		break;
	case IKEV2_DROP_OTHER:
		break;
	}
	atomic64_inc(&esp->in->stats.esp_rx_child_dropped);

	rcu_read_lock();
	dev = ikev2_esp_input_dev(esp);
	if (dev) {
		switch (why) {
		case IKEV2_DROP_AUTH:
			DEV_STATS_INC(dev, rx_crc_errors);
			DEV_STATS_INC(dev, rx_errors);
			break;
		case IKEV2_DROP_PADDING:
			DEV_STATS_INC(dev, rx_frame_errors);
			DEV_STATS_INC(dev, rx_errors);
			break;
		case IKEV2_DROP_MALFORMED:
			DEV_STATS_INC(dev, rx_length_errors);
			DEV_STATS_INC(dev, rx_errors);
			break;
		default:
			DEV_STATS_INC(dev, rx_dropped);
			break;
		}
	}
	rcu_read_unlock();
	net_dbg_ratelimited("%s: ESP %08x: dropped, reason %d\n",
			    KBUILD_MODNAME, esp->spi_in, why);
	kfree_skb(skb);
}

/* Decrypted and authenticated: check what is inside and deliver it. */
static void ikev2_esp_input_deliver(struct sk_buff *skb,
				    struct ikev2_esp_sa *esp, u8 outer_ds)
{
	const struct ikev2_esp_dir *d = &esp->in_dir;
	unsigned int hlen = sizeof(struct ip_esp_hdr) + d->iv_len;
	unsigned int plain_len = skb->len - hlen - d->icv_len;
	unsigned int n = min_t(unsigned int, plain_len, IKE_ESP_TRAILER_MAX);
	u8 buf[IKE_ESP_TRAILER_MAX], next_hdr, inner_ds;
	struct ike_esp_flow flow;
	struct net_device *dev;
	const u8 *tail;
	u32 payload_len;
	int err;

	tail = skb_header_pointer(skb, hlen + plain_len - n, n, buf);
	if (!tail)
		goto drop_malformed;
	err = ike_esp_trailer_parse(tail, n, plain_len, &next_hdr,
				    &payload_len);
	if (err == -ENODATA) {
		/* A dummy packet (RFC 4303 2.6): discarded, not an error. */
		consume_skb(skb);
		return;
	}
	if (err) {
		ikev2_esp_input_drop(esp, skb, IKEV2_DROP_PADDING);
		return;
	}
	if (pskb_trim(skb, hlen + payload_len))
		goto drop_other;
	__skb_pull(skb, hlen);
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);

	if (ikev2_esp_skb_flow(skb, &flow))
		goto drop_malformed;
	if ((flow.addr_len == 4) != (next_hdr == IPPROTO_IPIP))
		goto drop_malformed;
	/* TFC padding (RFC 4303 2.7) sits after the inner packet. */
	if (flow.tot_len < skb->len && pskb_trim(skb, flow.tot_len))
		goto drop_other;
	/* RFC 4301 5.2: the inner addresses must be what the SA carries. */
	if (!ike_esp_flow_match(&flow, &esp->ts_remote, &esp->ts_local)) {
		ikev2_esp_input_drop(esp, skb, IKEV2_DROP_SELECTOR);
		return;
	}
	if (!ikev2_esp_sa_account(esp, atomic64_read(&esp->stats.rx_bytes) +
				  skb->len))
		goto drop_other;

	if (flow.addr_len == 4) {
		skb->protocol = htons(ETH_P_IP);
		inner_ds = ip_hdr(skb)->tos;
	} else {
		skb->protocol = htons(ETH_P_IPV6);
		inner_ds = ipv6_get_dsfield(ipv6_hdr(skb));
	}
	/* RFC 6040: CE outside on a Not-ECT packet means drop. */
	if (INET_ECN_decapsulate(skb, outer_ds, inner_ds) > 1)
		goto drop_other;

	rcu_read_lock();
	dev = ikev2_esp_input_dev(esp);
	if (!dev || !(dev->flags & IFF_UP)) {
		rcu_read_unlock();
		goto drop_other;
	}
	skb_scrub_packet(skb, false);
	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	/*
	 * The AEAD authenticated every byte the peer built: checking the
	 * inner checksums again buys nothing (WireGuard reasons the same).
	 */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = ~0;
	memset(skb->cb, 0, sizeof(skb->cb));

	/* The peer sends on it: it has installed it, we may too. */
	if (unlikely(READ_ONCE(esp->tx_wait)))
		ikev2_esp_sa_tx_ready(esp);
	atomic64_inc(&esp->stats.rx_packets);
	atomic64_add(skb->len, &esp->stats.rx_bytes);
	atomic64_inc(&esp->in->stats.esp_rx_packets);
	dev_sw_netstats_rx_add(dev, skb->len);
	gro_cells_receive(ikev2_device_gro_cells(dev), skb);
	rcu_read_unlock();
	return;

drop_malformed:
	ikev2_esp_input_drop(esp, skb, IKEV2_DROP_MALFORMED);
	return;
drop_other:
	ikev2_esp_input_drop(esp, skb, IKEV2_DROP_OTHER);
}

static void ikev2_esp_input_finish(struct sk_buff *skb, int err)
{
	struct ikev2_esp_cb *cb = ikev2_esp_cb(skb);
	struct ikev2_esp_sa *esp = cb->esp;
	u8 outer_ds = cb->outer_ds;
	u64 seq = cb->seq;

	kfree(cb->tmp);
	if (cb->esn)
		__skb_pull(skb, 4);
	if (unlikely(err)) {
		ikev2_esp_input_drop(esp, skb, err == -EBADMSG ?
				     IKEV2_DROP_AUTH : IKEV2_DROP_OTHER);
		goto out;
	}
	/* RFC 4303 3.4.3: the window moves only for authenticated packets. */
	spin_lock_bh(&esp->replay_lock);
	err = ike_esp_replay_update(esp->replay, seq);
	spin_unlock_bh(&esp->replay_lock);
	if (err) {
		ikev2_esp_input_drop(esp, skb, IKEV2_DROP_REPLAY);
		goto out;
	}
	ikev2_esp_input_deliver(skb, esp, outer_ds);
out:
	ikev2_esp_sa_put(esp);
}

static void ikev2_esp_input_done(ikev2_crypto_cb_arg_t arg, int err)
{
	local_bh_disable();
	ikev2_esp_input_finish(ikev2_crypto_cb_data(arg), err);
	local_bh_enable();
}

/*
 * @skb->data at the ESP header; consumes @skb and the reference on @esp
 * the caller took.
 */
static void ikev2_esp_input(struct ikev2_esp_sa *esp, struct sk_buff *skb,
			    u8 outer_ds)
{
	const struct ikev2_esp_dir *d = &esp->in_dir;
	struct ikev2_esp_cb *cb = ikev2_esp_cb(skb);
	unsigned int hlen = sizeof(struct ip_esp_hdr) + d->iv_len;
	unsigned int assoclen = sizeof(struct ip_esp_hdr);
	struct aead_request *req;
	struct sk_buff *trailer;
	struct scatterlist *sg;
	u32 seq_lo;
	int nfrags, err;
	u64 seq;
	u8 *iv;
	void *tmp;

	/* Header, IV, at least the 2-byte trailer, ICV; whole blocks. */
	if (skb->len < hlen + 2 + d->icv_len ||
	    (skb->len - hlen - d->icv_len) % d->block ||
	    !pskb_may_pull(skb, hlen))
		goto drop_malformed;
	seq_lo = ntohl(ip_esp_hdr(skb)->seq_no);

	spin_lock_bh(&esp->replay_lock);
	err = ike_esp_replay_check(esp->replay, seq_lo, esp->esn, &seq);
	spin_unlock_bh(&esp->replay_lock);
	if (err) {
		ikev2_esp_input_drop(esp, skb, IKEV2_DROP_REPLAY);
		goto out_put;
	}

	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		goto drop_other;
	tmp = ikev2_esp_tmp_alloc(d->aead, nfrags, &iv, &req, &sg);
	if (!tmp)
		goto drop_other;
	if (esp->esn) {
		/* AAD SPI | seq hi | seq lo: the SPI moves 4 bytes forward. */
		__be32 *p = skb_push(skb, 4);

		p[0] = p[1];
		p[1] = htonl(upper_32_bits(seq));
		assoclen += 4;
	}
	sg_init_table(sg, nfrags);
	err = skb_to_sgvec(skb, sg, 0, skb->len);
	if (unlikely(err < 0)) {
		kfree(tmp);
		if (esp->esn)
			__skb_pull(skb, 4);
		goto drop_other;
	}
	/* Trimming after decryption must not fix up a stale checksum. */
	skb->ip_summed = CHECKSUM_NONE;
	aead_request_set_callback(req, 0, ikev2_esp_input_done, skb);
	aead_request_set_crypt(req, sg, sg, skb->len - assoclen, iv);
	aead_request_set_ad(req, assoclen);
	cb->esp = esp;
	cb->dev = NULL;
	cb->tmp = tmp;
	cb->seq = seq;
	cb->esn = esp->esn;
	cb->outer_ds = outer_ds;
	err = crypto_aead_decrypt(req);
	/* Without MAY_BACKLOG, -EBUSY and -ENOSPC are drops like any error. */
	if (err == -EINPROGRESS)
		return;
	ikev2_esp_input_finish(skb, err);
	return;

drop_malformed:
	ikev2_esp_input_drop(esp, skb, IKEV2_DROP_MALFORMED);
	goto out_put;
drop_other:
	ikev2_esp_input_drop(esp, skb, IKEV2_DROP_OTHER);
out_put:
	ikev2_esp_sa_put(esp);
}

void ikev2_esp_input_held(struct ikev2_esp_sa *esp, struct sk_buff *skb,
			  u8 outer_ds)
{
	if (!ikev2_esp_sa_get(esp)) {
		kfree_skb(skb);
		return;
	}
	/* Input runs as in softirq: BH off, as gro_cells_receive() wants. */
	local_bh_disable();
	ikev2_esp_input(esp, skb, outer_ds);
	local_bh_enable();
}

static struct ikev2_esp_sa *ikev2_esp_input_lookup(struct ikev2_net *in,
						   __be32 spi, u8 addr_len)
{
	struct ikev2_esp_sa *esp;

	rcu_read_lock();
	esp = ikev2_esp_sa_lookup_spi(in, ntohl(spi));
	if (esp && (esp->addr_len != addr_len || !ikev2_esp_sa_get(esp)))
		esp = NULL;
	rcu_read_unlock();
	return esp;
}

void ikev2_esp_udp_rcv(struct ikev2_net *in, struct sk_buff *skb)
{
	struct ikev2_esp_sa *esp;
	u8 addr_len, outer_ds;

	if (ip_hdr(skb)->version == 4) {
		addr_len = 4;
		outer_ds = ipv4_get_dsfield(ip_hdr(skb));
	} else {
		addr_len = 16;
		outer_ds = ipv6_get_dsfield(ipv6_hdr(skb));
	}
	__skb_pull(skb, sizeof(struct udphdr));
	skb_reset_transport_header(skb);
	if (!pskb_may_pull(skb, sizeof(struct ip_esp_hdr))) {
		atomic64_inc(&in->stats.rx_esp_too_short);
		kfree_skb(skb);
		return;
	}
	esp = ikev2_esp_input_lookup(in, ip_esp_hdr(skb)->spi, addr_len);
	if (!esp) {
		if (ikev2_esp_hold_packet(in, ntohl(ip_esp_hdr(skb)->spi),
					  outer_ds, skb))
			return;
		atomic64_inc(&in->stats.esp_rx_no_sa);
		net_dbg_ratelimited("%s: ESP-in-UDP for unknown SPI %08x\n",
				    KBUILD_MODNAME,
				    ntohl(ip_esp_hdr(skb)->spi));
		kfree_skb(skb);
		return;
	}
	ikev2_esp_input(esp, skb, outer_ds);
}

/*
 * Raw ESP, both families. -EINVAL hands the packet on to the next handler
 * (esp4/esp6, XFRM). An SPI neither we nor XFRM know is ours to count and
 * drop, if this namespace runs any of our Child SAs at all.
 */
static int ikev2_esp_raw_rcv(struct sk_buff *skb, unsigned short family)
{
	struct net *net = dev_net(skb->dev);
	struct ikev2_net *in = ikev2_net(net);
	u8 addr_len = family == AF_INET ? 4 : 16;
	const xfrm_address_t *daddr;
	struct ikev2_esp_sa *esp;
	struct xfrm_state *x;
	u8 outer_ds;
	__be32 spi;

	if (!READ_ONCE(in->n_esp) ||
	    !pskb_may_pull(skb, sizeof(struct ip_esp_hdr)))
		return -EINVAL;
	spi = ip_esp_hdr(skb)->spi;
	if (family == AF_INET)
		outer_ds = ipv4_get_dsfield(ip_hdr(skb));
	else
		outer_ds = ipv6_get_dsfield(ipv6_hdr(skb));
	esp = ikev2_esp_input_lookup(in, spi, addr_len);
	if (!esp) {
		if (ikev2_esp_hold_packet(in, ntohl(spi), outer_ds, skb))
			return 0;
		if (family == AF_INET)
			daddr = (xfrm_address_t *)&ip_hdr(skb)->daddr;
		else
			daddr = (xfrm_address_t *)&ipv6_hdr(skb)->daddr;
		x = xfrm_state_lookup(net, skb->mark, daddr, spi, IPPROTO_ESP,
				      family);
		if (x) {
			xfrm_state_put(x);
			return -EINVAL;
		}
		atomic64_inc(&in->stats.esp_rx_no_sa);
		kfree_skb(skb);
		return 0;
	}
	ikev2_esp_input(esp, skb, outer_ds);
	return 0;
}

static int ikev2_esp4_rcv(struct sk_buff *skb)
{
	return ikev2_esp_raw_rcv(skb, AF_INET);
}

static int ikev2_esp6_rcv(struct sk_buff *skb)
{
	return ikev2_esp_raw_rcv(skb, AF_INET6);
}

/* XFRM's own ESP-in-UDP and its post-processing: never ours. */
static int ikev2_esp_input_handler(struct sk_buff *skb, int nexthdr,
				   __be32 spi, int encap_type)
{
	return -EINVAL;
}

static int ikev2_esp_cb_handler(struct sk_buff *skb, int err)
{
	return 1;	/* not ours: ask the next handler */
}

/*
 * ICMP about an outer ESP packet: record the path MTU in the route (our
 * cached routes see it on their next check) and let esp4/esp6 look too,
 * since the SPI quoted is the receiver's and may be an XFRM state's.
 */
static int ikev2_esp4_err(struct sk_buff *skb, u32 info)
{
	if (icmp_hdr(skb)->type == ICMP_DEST_UNREACH &&
	    icmp_hdr(skb)->code == ICMP_FRAG_NEEDED)
		ipv4_update_pmtu(skb, dev_net(skb->dev), info, 0, IPPROTO_ESP);
	return -ENOENT;
}

static int ikev2_esp6_err(struct sk_buff *skb, struct inet6_skb_parm *opt,
			  u8 type, u8 code, int offset, __be32 info)
{
	struct net *net = dev_net(skb->dev);

	if (type == ICMPV6_PKT_TOOBIG)
		ip6_update_pmtu(skb, net, info, 0, 0, sock_net_uid(net, NULL));
	return -ENOENT;
}

static struct xfrm4_protocol ikev2_esp4_protocol __read_mostly = {
	.handler	= ikev2_esp4_rcv,
	.input_handler	= ikev2_esp_input_handler,
	.cb_handler	= ikev2_esp_cb_handler,
	.err_handler	= ikev2_esp4_err,
	.priority	= 50,	/* before esp4 (0), after vti (100) */
};

static struct xfrm6_protocol ikev2_esp6_protocol __read_mostly = {
	.handler	= ikev2_esp6_rcv,
	.input_handler	= ikev2_esp_input_handler,
	.cb_handler	= ikev2_esp_cb_handler,
	.err_handler	= ikev2_esp6_err,
	.priority	= 50,
};

int ikev2_esp_input_init(void)
{
	int err;

	err = xfrm4_protocol_register(&ikev2_esp4_protocol, IPPROTO_ESP);
	if (err)
		return err;
	err = xfrm6_protocol_register(&ikev2_esp6_protocol, IPPROTO_ESP);
	if (err)
		goto err_deregister4;
	return 0;

err_deregister4:
	xfrm4_protocol_deregister(&ikev2_esp4_protocol, IPPROTO_ESP);
	return err;
}

void ikev2_esp_input_uninit(void)
{
	xfrm6_protocol_deregister(&ikev2_esp6_protocol, IPPROTO_ESP);
	xfrm4_protocol_deregister(&ikev2_esp4_protocol, IPPROTO_ESP);
}
