// SPDX-License-Identifier: GPL-2.0
/*
 * ESP for an inbound SPI we offered in a CREATE_CHILD_SA request (a new or
 * a rekeyed Child SA) that arrives before the answer lets us derive its
 * keys. RFC 7296 2.8 lets the responder send on the new Child SA once it
 * has answered, and Libreswan and iked do: their first packets on it would
 * otherwise be dropped, one or more per rekey we start. Up to
 * IKEV2_ESP_HOLD_MAX of them per offer wait here and go through ESP input
 * once the Child SA is installed; when the offer ends any other way they
 * are dropped and counted as esp_rx_no_sa, as they would have been.
 *
 * Ownership and locking: an offer (struct ikev2_esp_hold) lives from
 * ikev2_esp_hold_open() to ikev2_esp_hold_close(), both called by the IKE
 * side under conf_lock; there is at most one per IKE SA (one exchange at a
 * time), so the list is short. The list and every queue on it are under
 * esp_hold_lock, taken from softirq (input) and from the engine.
 * n_esp_holds lets input skip the lock when nothing is on offer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/dst.h>

#include "esp_hold.h"
#include "esp_input.h"
#include "netns.h"

struct ikev2_esp_hold {
	struct list_head node;		/* in ikev2_net.esp_holds */
	u32 spi;
	struct sk_buff_head queue;	/* skb->cb: struct ikev2_esp_hold_cb */
};

/* What a held packet needs for input besides its bytes. */
struct ikev2_esp_hold_cb {
	u8 outer_ds;
};

static struct ikev2_esp_hold_cb *ikev2_esp_hold_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct ikev2_esp_hold_cb) > sizeof(skb->cb));
	return (struct ikev2_esp_hold_cb *)skb->cb;
}

static struct ikev2_esp_hold *ikev2_esp_hold_find(struct ikev2_net *in,
						  u32 spi)
{
	struct ikev2_esp_hold *h;

	lockdep_assert_held(&in->esp_hold_lock);
	list_for_each_entry(h, &in->esp_holds, node)
		if (h->spi == spi)
			return h;
	return NULL;
}

int ikev2_esp_hold_open(struct ikev2_net *in, u32 spi)
{
	struct ikev2_esp_hold *h;

	lockdep_assert_held(&in->conf_lock);
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->spi = spi;
	__skb_queue_head_init(&h->queue);
	spin_lock_bh(&in->esp_hold_lock);
	list_add(&h->node, &in->esp_holds);
	WRITE_ONCE(in->n_esp_holds, in->n_esp_holds + 1);
	spin_unlock_bh(&in->esp_hold_lock);
	return 0;
}

void ikev2_esp_hold_close(struct ikev2_net *in, u32 spi,
			  struct ikev2_esp_sa *esp)
{
	struct sk_buff_head queue;
	struct ikev2_esp_hold *h;
	struct sk_buff *skb;

	lockdep_assert_held(&in->conf_lock);
	spin_lock_bh(&in->esp_hold_lock);
	h = ikev2_esp_hold_find(in, spi);
	if (h) {
		list_del(&h->node);
		WRITE_ONCE(in->n_esp_holds, in->n_esp_holds - 1);
	}
	spin_unlock_bh(&in->esp_hold_lock);
	if (!h)
		return;
	/* Off the list: nobody else sees the queue any more. */
	__skb_queue_head_init(&queue);
	skb_queue_splice_init(&h->queue, &queue);
	kfree(h);
	while ((skb = __skb_dequeue(&queue))) {
		if (esp) {
			ikev2_esp_input_held(esp, skb,
					     ikev2_esp_hold_cb(skb)->outer_ds);
			continue;
		}
		atomic64_inc(&in->stats.esp_rx_no_sa);
		kfree_skb(skb);
	}
}

bool ikev2_esp_hold_packet(struct ikev2_net *in, u32 spi, u8 outer_ds,
			   struct sk_buff *skb)
{
	struct ikev2_esp_hold *h;
	bool held = false;

	if (!READ_ONCE(in->n_esp_holds))
		return false;
	spin_lock_bh(&in->esp_hold_lock);
	h = ikev2_esp_hold_find(in, spi);
	if (h && skb_queue_len(&h->queue) < IKEV2_ESP_HOLD_MAX) {
		/*
		 * It outlives this softirq: no borrowed route, no device
		 * pointer (input needs neither, delivery sets the link).
		 */
		skb_dst_drop(skb);
		skb->dev = NULL;
		ikev2_esp_hold_cb(skb)->outer_ds = outer_ds;
		__skb_queue_tail(&h->queue, skb);
		held = true;
	}
	spin_unlock_bh(&in->esp_hold_lock);
	if (held)
		atomic64_inc(&in->stats.esp_rx_held);
	return held;
}

void ikev2_esp_hold_net_init(struct ikev2_net *in)
{
	spin_lock_init(&in->esp_hold_lock);
	INIT_LIST_HEAD(&in->esp_holds);
	in->n_esp_holds = 0;
}

void ikev2_esp_hold_net_uninit(struct ikev2_net *in)
{
	WARN_ON(!list_empty(&in->esp_holds));
}
