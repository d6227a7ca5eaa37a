// SPDX-License-Identifier: GPL-2.0
/*
 * ESP output (RFC 4303 3.3), tunnel mode: packets routed into an ikev2
 * link are matched to a Child SA by their addresses, protocol and ports
 * against its selectors, encrypted in place and sent as raw ESP (IP
 * protocol 50) or ESP-in-UDP (RFC 3948) from port 4500.
 *
 * Locking and lifetimes: runs in the link's xmit (BH, RCU held, lockless
 * link). The Child SA is found under RCU in the selector table and held
 * by a reference; its outer addresses (@peer) are read under RCU. The
 * AEAD may complete asynchronously: then the packet, a reference on its
 * Child SA and on the link travel in skb->cb to ikev2_esp_output_done().
 * The Child SA's tx_queue lock makes taking a sequence number and a place
 * in the queue one step, so packets leave in sequence order.
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
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/udp.h>

#include "compat.h"
#include "device.h"
#include "esp_output.h"
#include "esp_sa.h"
#include "esp_skb.h"
#include "netns.h"

struct ikev2_esp_match {
	const struct ike_esp_flow *flow;
	int ifindex;
};

static bool ikev2_esp_output_accept(void *value, const void *arg)
{
	const struct ikev2_esp_match *m = arg;
	struct ikev2_esp_sa *esp = value;

	if (READ_ONCE(esp->dead) || READ_ONCE(esp->tx_wait))
		return false;
	if (esp->ifindex && esp->ifindex != m->ifindex)
		return false;
	return ike_esp_flow_match(m->flow, &esp->ts_local, &esp->ts_remote);
}

/* The inner packet's flow; -EBADMSG if it is not a well-formed IP packet. */
static int ikev2_esp_flow(struct sk_buff *skb, struct ike_esp_flow *flow)
{
	if (ikev2_esp_skb_flow(skb, flow))
		return -EBADMSG;
	if ((flow->addr_len == 4) != (skb->protocol == htons(ETH_P_IP)))
		return -EBADMSG;
	return 0;
}

static void ikev2_esp_unreachable(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH,
				0);
}

static struct dst_entry *ikev2_esp_route(struct ikev2_esp_sa *esp,
					 const struct ikev2_esp_outer *peer,
					 struct net *net)
{
	u8 proto = peer->encap ? IPPROTO_UDP : IPPROTO_ESP;
	struct dst_entry *dst;

	if (esp->addr_len == 4) {
		struct flowi4 fl4 = {
			.flowi4_proto = proto,
		};
		__be32 saddr;
		struct rtable *rt;

		rt = dst_cache_get_ip4(&esp->dst_cache, &saddr);
		if (rt)
			return &rt->dst;
		memcpy(&fl4.daddr, peer->raddr, 4);
		memcpy(&fl4.saddr, peer->laddr, 4);
		rt = ip_route_output_key(net, &fl4);
		if (IS_ERR(rt))
			return ERR_CAST(rt);
		dst = &rt->dst;
		saddr = fl4.saddr;
		if (ikev2_device_is_ours(dst->dev))
			goto err_loop;
		dst_cache_set_ip4(&esp->dst_cache, dst, saddr);
	} else {
		struct flowi6 fl6 = {
			.flowi6_proto = proto,
		};
		struct in6_addr saddr;

		dst = dst_cache_get_ip6(&esp->dst_cache, &saddr);
		if (dst)
			return dst;
		memcpy(&fl6.daddr, peer->raddr, 16);
		memcpy(&fl6.saddr, peer->laddr, 16);
		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error) {
			int err = dst->error;

			dst_release(dst);
			return ERR_PTR(err);
		}
		if (ikev2_device_is_ours(dst->dev))
			goto err_loop;
		dst_cache_set_ip6(&esp->dst_cache, dst, &fl6.saddr);
	}
	return dst;

err_loop:
	/* The peer routed through an ikev2 link: ESP in ESP forever. */
	dst_release(dst);
	return ERR_PTR(-ELOOP);
}

static unsigned int ikev2_esp_outer_hdr(const struct ikev2_esp_sa *esp,
					const struct ikev2_esp_outer *peer)
{
	return (esp->addr_len == 4 ? sizeof(struct iphdr) :
				     sizeof(struct ipv6hdr)) +
	       (peer->encap ? sizeof(struct udphdr) : 0);
}

enum ikev2_esp_pmtu {
	IKEV2_PMTU_FITS,	/* send; DF outside as the inner packet asks */
	IKEV2_PMTU_FRAGMENT,	/* too big but may be fragmented outside */
	IKEV2_PMTU_ANSWERED,	/* ICMP sent to the inner sender: drop */
};

/*
 * Path MTU (RFC 4301 8.2): an inner packet whose ESP would not fit the
 * route to the peer and that may not be fragmented gets ICMP
 * "fragmentation needed" / "packet too big" with the inner size that
 * fits. The route's MTU includes what ICMP taught about the outer path
 * (ikev2_esp4_err, ikev2_esp6_err).
 */
static enum ikev2_esp_pmtu ikev2_esp_pmtu(struct sk_buff *skb,
					  const struct ikev2_esp_sa *esp,
					  unsigned int outer,
					  struct dst_entry *dst)
{
	const struct ikev2_esp_dir *d = &esp->out;
	unsigned int fixed = outer + sizeof(struct ip_esp_hdr) + d->iv_len +
			     d->icv_len;
	unsigned int mtu = dst_mtu(dst), inner_mtu;

	if (fixed + ALIGN(skb->len + 2, d->block) <= mtu)
		return IKEV2_PMTU_FITS;
	if (mtu <= fixed + d->block)
		return IKEV2_PMTU_FRAGMENT;	/* hopeless otherwise */
	inner_mtu = round_down(mtu - fixed, d->block) - 2;
	/*
	 * Local senders learn it from their route at once (as vti does);
	 * forwarded traffic from the ICMP.
	 */
	skb_dst_update_pmtu_no_confirm(skb, inner_mtu);
	if (skb->protocol == htons(ETH_P_IP)) {
		if (!(ip_hdr(skb)->frag_off & htons(IP_DF)) || skb->ignore_df)
			return IKEV2_PMTU_FRAGMENT;
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
			      htonl(inner_mtu));
		return IKEV2_PMTU_ANSWERED;
	}
	if (inner_mtu < IPV6_MIN_MTU)
		return IKEV2_PMTU_FRAGMENT;	/* IPv6 needs 1280 inside */
	icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, inner_mtu);
	return IKEV2_PMTU_ANSWERED;
}

static void ikev2_esp_output_complete(struct sk_buff *skb, int err);

static void ikev2_esp_output_done(ikev2_crypto_cb_arg_t arg, int err)
{
	struct sk_buff *skb = ikev2_crypto_cb_data(arg);

	/* The IP output wants BH off; cryptd completes with it on. */
	local_bh_disable();
	ikev2_esp_output_complete(skb, err);
	local_bh_enable();
}

/* Builds the outer headers in front of the ESP header and sends. */
static int ikev2_esp_output_send(struct sk_buff *skb,
				 const struct ikev2_esp_sa *esp,
				 const struct ikev2_esp_outer *peer, u8 ds,
				 bool df)
{
	struct net *net = dev_net(skb_dst(skb)->dev);
	struct dst_entry *dst = skb_dst(skb);
	u8 proto = IPPROTO_ESP;

	if (peer->encap) {
		struct udphdr *uh = skb_push(skb, sizeof(*uh));

		skb_reset_transport_header(skb);
		uh->source = peer->sport;
		uh->dest = peer->dport;
		uh->len = htons(skb->len);
		uh->check = 0;	/* IPv4: zero is allowed (RFC 3948 2.1) */
		proto = IPPROTO_UDP;
	}
	skb->ip_summed = CHECKSUM_NONE;
	if (esp->addr_len == 4) {
		struct iphdr *iph = skb_push(skb, sizeof(*iph));

		skb_reset_network_header(skb);
		iph->version = 4;
		iph->ihl = sizeof(*iph) >> 2;
		iph->tos = ds;
		/* DF as the inner packet wants it, as XFRM does. */
		iph->frag_off = df ? htons(IP_DF) : 0;
		iph->ttl = ip4_dst_hoplimit(dst);
		iph->protocol = proto;
		memcpy(&iph->saddr, peer->laddr, 4);
		memcpy(&iph->daddr, peer->raddr, 4);
		ip_select_ident(net, skb, NULL);
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
		skb->protocol = htons(ETH_P_IP);
		return ip_local_out(net, NULL, skb);
	}
	{
		struct ipv6hdr *ip6h;
		struct in6_addr saddr, daddr;

		memcpy(&saddr, peer->laddr, 16);
		memcpy(&daddr, peer->raddr, 16);
		if (peer->encap)
			udp6_set_csum(false, skb, &saddr, &daddr, skb->len);
		ip6h = skb_push(skb, sizeof(*ip6h));
		skb_reset_network_header(skb);
		ip6_flow_hdr(ip6h, ds, 0);
		ip6h->hop_limit = ip6_dst_hoplimit(dst);
		ip6h->nexthdr = proto;
		ip6h->saddr = saddr;
		ip6h->daddr = daddr;
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
		skb->protocol = htons(ETH_P_IPV6);
		/* The outer packet may be fragmented here (RFC 8200 5). */
		skb->ignore_df = 1;
		return ip6_local_out(net, NULL, skb);
	}
}

static void ikev2_esp_output_finish(struct sk_buff *skb, int err)
{
	struct ikev2_esp_cb *cb = ikev2_esp_cb(skb);
	struct ikev2_esp_sa *esp = cb->esp;
	struct net_device *dev = cb->dev;
	const struct ikev2_esp_outer *peer;
	unsigned int len = cb->inner_len;

	kfree(cb->tmp);
	if (unlikely(err))
		goto err_count;
	if (cb->esn) {
		/* Undo the ESN layout: SPI back next to the low sequence half. */
		__be32 spi = *(__be32 *)skb->data;

		__skb_pull(skb, 4);
		((struct ip_esp_hdr *)skb->data)->spi = spi;
	}
	rcu_read_lock();
	peer = &rcu_dereference(esp->peer)->outer;
	err = ikev2_esp_output_send(skb, esp, peer, cb->outer_ds, cb->df);
	rcu_read_unlock();
	if (unlikely(net_xmit_eval(err))) {
		skb = NULL;	/* the IP layer consumed it */
		goto err_count;
	}
	atomic64_inc(&esp->stats.tx_packets);
	atomic64_add(len, &esp->stats.tx_bytes);
	atomic64_inc(&esp->in->stats.esp_tx_packets);
	dev_sw_netstats_tx_add(dev, 1, len);
	goto out;

err_count:
	atomic64_inc(&esp->stats.tx_errors);
	atomic64_inc(&esp->in->stats.esp_tx_errors);
	DEV_STATS_INC(dev, tx_errors);
	net_dbg_ratelimited("%s: ESP %08x: output error %d\n", dev->name,
			    esp->spi_out, err);
	kfree_skb(skb);
out:
	dev_put(dev);
	ikev2_esp_sa_put(esp);
}

/*
 * @skb's crypto is done (@err). Packets leave in sequence order, as
 * WireGuard keeps its per-peer order: asynchronous completions (cryptd,
 * when the FPU is not usable in xmit) would otherwise reorder a burst by
 * more than the peer's replay window. Whoever completes the head of the
 * queue sends every finished packet behind it.
 */
static void ikev2_esp_output_complete(struct sk_buff *skb, int err)
{
	struct ikev2_esp_sa *esp = ikev2_esp_cb(skb)->esp;
	struct sk_buff_head ready;
	struct sk_buff *next;

	__skb_queue_head_init(&ready);
	spin_lock_bh(&esp->tx_queue.lock);
	ikev2_esp_cb(skb)->err = err;
	ikev2_esp_cb(skb)->done = true;
	while ((next = skb_peek(&esp->tx_queue)) && ikev2_esp_cb(next)->done) {
		__skb_unlink(next, &esp->tx_queue);
		__skb_queue_tail(&ready, next);
	}
	spin_unlock_bh(&esp->tx_queue.lock);
	/* Each finish may drop the last reference to @esp: nothing after. */
	while ((next = __skb_dequeue(&ready)))
		ikev2_esp_output_finish(next, ikev2_esp_cb(next)->err);
}

/*
 * One packet (a GSO segment or a whole packet) through one Child SA.
 * Consumes @skb.
 */
static void ikev2_esp_output_one(struct sk_buff *skb, struct ikev2_esp_sa *esp,
				 struct net_device *dev)
{
	const struct ikev2_esp_dir *d = &esp->out;
	struct ikev2_esp_cb *cb = ikev2_esp_cb(skb);
	const struct ikev2_esp_outer *peer;
	unsigned int len, pad, tailen, assoclen, outer;
	struct ip_esp_hdr *esph;
	struct aead_request *req;
	struct scatterlist *sg;
	struct sk_buff *trailer;
	struct dst_entry *dst;
	u8 next_hdr, inner_ds, *iv;
	enum ikev2_esp_pmtu pmtu;
	int nfrags, err;
	bool df;
	u64 seq;
	void *tmp;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto err_drop;
	len = skb->len;
	if (skb->protocol == htons(ETH_P_IP)) {
		next_hdr = IPPROTO_IPIP;
		inner_ds = ip_hdr(skb)->tos;
	} else {
		next_hdr = IPPROTO_IPV6;
		inner_ds = ipv6_get_dsfield(ipv6_hdr(skb));
	}

	peer = &rcu_dereference_bh(esp->peer)->outer;
	dst = ikev2_esp_route(esp, peer, dev_net(dev));
	if (IS_ERR(dst)) {
		DEV_STATS_INC(dev, tx_carrier_errors);
		goto err_drop;
	}
	outer = ikev2_esp_outer_hdr(esp, peer);
	pmtu = ikev2_esp_pmtu(skb, esp, outer, dst);
	if (pmtu == IKEV2_PMTU_ANSWERED) {
		dst_release(dst);
		DEV_STATS_INC(dev, tx_dropped);
		kfree_skb(skb);
		return;
	}
	/* IPv6 inside is never fragmented on the way: DF outside too. */
	df = pmtu == IKEV2_PMTU_FITS &&
	     (next_hdr == IPPROTO_IPV6 ||
	      (ip_hdr(skb)->frag_off & htons(IP_DF)));
	skb_scrub_packet(skb, false);
	skb_dst_set(skb, dst);

	if (!ikev2_esp_sa_account(esp, atomic64_read(&esp->stats.tx_bytes) +
				  len))
		goto err_drop;
	pad = ike_esp_pad_len(len, d->block);
	tailen = pad + 2 + d->icv_len;
	if (skb_cow_head(skb, outer + sizeof(*esph) + d->iv_len + 4 +
			 LL_RESERVED_SPACE(dst->dev)))
		goto err_drop;
	nfrags = skb_cow_data(skb, tailen, &trailer);
	if (nfrags < 0)
		goto err_drop;
	ike_esp_trailer_write(skb_tail_pointer(trailer), pad, next_hdr);
	pskb_put(skb, trailer, tailen);

	esph = skb_push(skb, sizeof(*esph) + d->iv_len);
	esph->spi = htonl(esp->spi_out);
	assoclen = sizeof(*esph);
	if (esp->esn) {
		/* AAD is SPI | seq hi | seq lo (RFC 4303 2.2.1, RFC 4106 5). */
		__be32 *p = skb_push(skb, 4);

		p[0] = esph->spi;
		assoclen += 4;
	}

	tmp = ikev2_esp_tmp_alloc(d->aead, nfrags, &iv, &req, &sg);
	if (!tmp)
		goto err_drop;
	sg_init_table(sg, nfrags);
	err = skb_to_sgvec(skb, sg, 0, skb->len);
	if (unlikely(err < 0)) {
		kfree(tmp);
		goto err_drop;
	}

	/*
	 * The sequence number and the place in the transmit queue are taken
	 * together, so the queue is in sequence order whatever order the
	 * crypto completes in.
	 */
	spin_lock_bh(&esp->tx_queue.lock);
	seq = atomic64_inc_return(&esp->seq_out);
	/* RFC 4303 3.3.3: a sequence number never cycles; rekey first. */
	if (unlikely(!esp->esn && seq > U32_MAX)) {
		atomic64_dec(&esp->seq_out);
		spin_unlock_bh(&esp->tx_queue.lock);
		kfree(tmp);
		goto err_drop;
	}
	cb->done = false;
	__skb_queue_tail(&esp->tx_queue, skb);
	spin_unlock_bh(&esp->tx_queue.lock);

	esph->seq_no = htonl(lower_32_bits(seq));
	if (esp->esn)
		((__be32 *)skb->data)[1] = htonl(upper_32_bits(seq));
	/* The geniv template turns the sequence number into the packet's IV. */
	memset(iv, 0, d->iv_len);
	put_unaligned_be64(seq, iv + d->iv_len - 8);
	aead_request_set_callback(req, 0, ikev2_esp_output_done, skb);
	aead_request_set_crypt(req, sg, sg, d->iv_len + len + pad + 2, iv);
	aead_request_set_ad(req, assoclen);

	cb->esp = esp;
	cb->dev = dev;
	cb->tmp = tmp;
	cb->seq = seq;
	/* DSCP copied, ECN per RFC 6040's normal mode. */
	cb->outer_ds = INET_ECN_encapsulate(inner_ds, inner_ds);
	cb->inner_len = len;
	cb->esn = esp->esn;
	cb->df = df;
	kref_get(&esp->ref);
	dev_hold(dev);
	err = crypto_aead_encrypt(req);
	/* Without MAY_BACKLOG, -EBUSY and -ENOSPC are drops like any error. */
	if (err == -EINPROGRESS)
		return;
	ikev2_esp_output_complete(skb, err);
	return;

err_drop:
	atomic64_inc(&esp->stats.tx_errors);
	atomic64_inc(&esp->in->stats.esp_tx_errors);
	DEV_STATS_INC(dev, tx_errors);
	kfree_skb(skb);
}

netdev_tx_t ikev2_esp_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct ikev2_net *in = ikev2_net(dev_net(dev));
	struct ikev2_esp_match m = { .ifindex = dev->ifindex };
	struct ike_esp_flow flow;
	struct ikev2_esp_sa *esp;
	struct sk_buff *segs, *next;

	if (ikev2_esp_flow(skb, &flow)) {
		DEV_STATS_INC(dev, tx_errors);
		goto err_free;
	}
	m.flow = &flow;
	esp = ikev2_tsl_lookup(&in->esp_tsl, flow.addr_len, flow.dst,
			       ikev2_esp_output_accept, &m);
	if (!esp || !ikev2_esp_sa_get(esp)) {
		/* Outside every selector: never sent (RFC 4301 5.1, DISCARD). */
		atomic64_inc(&in->stats.esp_tx_no_sa);
		DEV_STATS_INC(dev, tx_dropped);
		ikev2_esp_unreachable(skb);
		goto err_free;
	}
	if (!skb_is_gso(skb)) {
		ikev2_esp_output_one(skb, esp, dev);
		goto out_put;
	}
	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		DEV_STATS_INC(dev, tx_errors);
		ikev2_esp_sa_put(esp);
		goto err_free;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		ikev2_esp_output_one(skb, esp, dev);
	}
out_put:
	ikev2_esp_sa_put(esp);
	return NETDEV_TX_OK;

err_free:
	kfree_skb(skb);
	return NETDEV_TX_OK;
}
