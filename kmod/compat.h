/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel API differences between the kernels we build for
 * (Debian 12's 6.1 and 6.12). Tested by feature, not by version number,
 * wherever a macro makes that possible.
 */
#ifndef _IKEV2_COMPAT_H
#define _IKEV2_COMPAT_H

#include <linux/netdevice.h>

/* NETIF_F_NETNS_LOCAL became the netns_immutable bit in 6.12 kernels. */
static inline void ikev2_compat_set_netns_local(struct net_device *dev)
{
#ifdef NETIF_F_NETNS_LOCAL
	dev->features |= NETIF_F_NETNS_LOCAL;
#else
	dev->netns_immutable = 1;
#endif
}

#endif /* _IKEV2_COMPAT_H */
