/* SPDX-License-Identifier: GPL-2.0 */
/* ESP input (esp_input.c): raw ESP and ESP-in-UDP. */
#ifndef _IKEV2_ESP_INPUT_H
#define _IKEV2_ESP_INPUT_H

struct ikev2_esp_sa;
struct ikev2_net;
struct sk_buff;

/* Module load and unload: the xfrm4/xfrm6 ESP handlers. */
int ikev2_esp_input_init(void);
void ikev2_esp_input_uninit(void);
/* ESP-in-UDP from the 4500 socket (softirq), skb->data at the UDP header. */
void ikev2_esp_udp_rcv(struct ikev2_net *in, struct sk_buff *skb);
/*
 * A packet esp_hold.c held for @esp, now installed (process context):
 * through input as if it had just arrived. Consumes @skb.
 */
void ikev2_esp_input_held(struct ikev2_esp_sa *esp, struct sk_buff *skb,
			  u8 outer_ds);

#endif /* _IKEV2_ESP_INPUT_H */
