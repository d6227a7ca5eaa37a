/* SPDX-License-Identifier: GPL-2.0 */
/* ESP output (esp_output.c): the ikev2 link's xmit. */
#ifndef _IKEV2_ESP_OUTPUT_H
#define _IKEV2_ESP_OUTPUT_H

#include <linux/netdevice.h>

netdev_tx_t ikev2_esp_xmit(struct sk_buff *skb, struct net_device *dev);

#endif /* _IKEV2_ESP_OUTPUT_H */
