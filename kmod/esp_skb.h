/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What ESP output and input both do to a packet (esp_skb.c): its state in
 * skb->cb while crypto runs, the per-packet crypto scratch, the inner
 * packet's flow.
 */
#ifndef _IKEV2_ESP_SKB_H
#define _IKEV2_ESP_SKB_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <crypto/aead.h>

#include "ike/ike_esp.h"

struct ikev2_esp_sa;

/*
 * skb->cb of a packet between the data path's entry and its delivery or
 * transmission (crypto may complete on another CPU). The IP layers' own
 * control blocks are cleared before handing the packet on.
 */
struct ikev2_esp_cb {
	struct ikev2_esp_sa *esp;	/* holds a reference */
	struct net_device *dev;		/* output: held */
	void *tmp;			/* ikev2_esp_tmp_alloc() */
	u64 seq;
	u32 inner_len;
	u8 outer_ds;			/* DS field of the outer header (ECN) */
	bool esn;
	bool df;			/* output: DF on an IPv4 outer header */
	bool done;			/* output: crypto finished, @err set */
	int err;
};

static inline struct ikev2_esp_cb *ikev2_esp_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct ikev2_esp_cb) > sizeof(skb->cb));
	return (struct ikev2_esp_cb *)skb->cb;
}

/* IV, request and @nfrags scatterlist entries in one GFP_ATOMIC block. */
void *ikev2_esp_tmp_alloc(struct crypto_aead *aead, int nfrags, u8 **iv,
			  struct aead_request **req, struct scatterlist **sg);

/* Inner bytes made contiguous for the flow parse (IPv6 extension headers). */
#define IKEV2_ESP_FLOW_PULL	256
int ikev2_esp_skb_flow(struct sk_buff *skb, struct ike_esp_flow *flow);

#endif /* _IKEV2_ESP_SKB_H */
