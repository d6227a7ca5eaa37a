/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ESP that arrives for a Child SA we have offered but not yet installed
 * (esp_hold.c): held until the SA is installed or the offer ends.
 */
#ifndef _IKEV2_ESP_HOLD_H
#define _IKEV2_ESP_HOLD_H

#include <linux/types.h>

struct ikev2_esp_sa;
struct ikev2_net;
struct sk_buff;

/* Packets held per offered SPI; more are dropped as esp_rx_no_sa. */
#define IKEV2_ESP_HOLD_MAX	64

/*
 * The IKE side (sa.c, conf_lock held): @spi was offered in a request now
 * leaving; and that offer ended, with @esp its installed Child SA (the held
 * packets go through ESP input) or NULL (they are dropped).
 */
int ikev2_esp_hold_open(struct ikev2_net *in, u32 spi);
void ikev2_esp_hold_close(struct ikev2_net *in, u32 spi,
			  struct ikev2_esp_sa *esp);

/*
 * ESP input (softirq), skb->data at the ESP header, for an SPI no Child SA
 * has: true if held (the skb is ours then), false if the SPI is not on
 * offer or its queue is full (the caller drops it).
 */
bool ikev2_esp_hold_packet(struct ikev2_net *in, u32 spi, u8 outer_ds,
			   struct sk_buff *skb);

void ikev2_esp_hold_net_init(struct ikev2_net *in);
/* Namespace exit, after every SA is gone: nothing is on offer. */
void ikev2_esp_hold_net_uninit(struct ikev2_net *in);

#endif /* _IKEV2_ESP_HOLD_H */
