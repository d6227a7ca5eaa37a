/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IKEV2_DEVICE_H
#define _IKEV2_DEVICE_H

#include <linux/netdevice.h>

#define IKEV2_LINK_KIND "ikev2"

int ikev2_device_init(void);
void ikev2_device_uninit(void);
bool ikev2_device_is_ours(const struct net_device *dev);
struct gro_cells *ikev2_device_gro_cells(struct net_device *dev);

#endif /* _IKEV2_DEVICE_H */
