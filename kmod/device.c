// SPDX-License-Identifier: GPL-2.0
/*
 * The "ikev2" rtnl link type: a route-based, layer-3 tunnel device
 * (`ip link add ike0 type ikev2`). Packets routed into it will be matched to
 * a Child SA by its traffic selectors and sent as ESP; until the ESP data
 * path exists every packet is dropped and counted in tx_dropped.
 *
 * Lifetime: the device belongs to its namespace. rtnl deletes it on
 * `ip link del`, on namespace exit (default_device_exit_batch calls our
 * dellink, the rtnl default) and on rmmod (rtnl_link_unregister).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "device.h"

/*
 * Worst-case ESP tunnel overhead on a 1500-byte path: outer IPv6 (40) +
 * UDP encapsulation (8) + ESP header (8) + IV (16, AES-CBC) + padding (up
 * to 15) + pad length/next header (2) + ICV (32, HMAC-SHA2-512-256).
 */
#define IKEV2_OVERHEAD (40 + 8 + 8 + 16 + 15 + 2 + 32)
#define IKEV2_DEFAULT_MTU (ETH_DATA_LEN - IKEV2_OVERHEAD)

static netdev_tx_t ikev2_device_xmit(struct sk_buff *skb,
				     struct net_device *dev)
{
	/* No Child SA can carry it yet: count and drop. */
	DEV_STATS_INC(dev, tx_dropped);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops ikev2_netdev_ops = {
	.ndo_start_xmit = ikev2_device_xmit,
};

static const struct device_type ikev2_device_type = {
	.name = IKEV2_LINK_KIND,
};

static void ikev2_device_setup(struct net_device *dev)
{
	dev->netdev_ops = &ikev2_netdev_ops;
	dev->header_ops = NULL;
	dev->type = ARPHRD_NONE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = IKEV2_OVERHEAD + LL_MAX_HEADER;
	dev->mtu = IKEV2_DEFAULT_MTU;
	dev->min_mtu = IPV4_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - IKEV2_OVERHEAD;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	ikev2_compat_set_netns_local(dev);
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &ikev2_device_type);
}

static struct rtnl_link_ops ikev2_link_ops __read_mostly = {
	.kind = IKEV2_LINK_KIND,
	.setup = ikev2_device_setup,
};

bool ikev2_device_is_ours(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &ikev2_link_ops;
}

int ikev2_device_init(void)
{
	return rtnl_link_register(&ikev2_link_ops);
}

void ikev2_device_uninit(void)
{
	rtnl_link_unregister(&ikev2_link_ops);
}
