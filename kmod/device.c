// SPDX-License-Identifier: GPL-2.0
/*
 * The "ikev2" rtnl link type: a route-based, layer-3 tunnel device
 * (`ip link add ike0 type ikev2`). Packets routed into it will be matched to
 * a Child SA by its traffic selectors and sent as ESP (esp_output.c);
 * decrypted packets come out of it through GRO (esp_input.c).
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
#include <net/gro_cells.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "device.h"
#include "esp_output.h"

/*
 * Worst-case ESP tunnel overhead on a 1500-byte path: outer IPv6 (40) +
 * UDP encapsulation (8) + ESP header (8) + IV (16, AES-CBC) + padding (up
 * to 15) + pad length/next header (2) + ICV (32, HMAC-SHA2-512-256).
 */
#define IKEV2_OVERHEAD (40 + 8 + 8 + 16 + 15 + 2 + 32)
#define IKEV2_DEFAULT_MTU (ETH_DATA_LEN - IKEV2_OVERHEAD)

/* Owned by the link; lives from ndo_init to ndo_uninit. */
struct ikev2_device {
	struct gro_cells gro_cells;
};

struct gro_cells *ikev2_device_gro_cells(struct net_device *dev)
{
	return &((struct ikev2_device *)netdev_priv(dev))->gro_cells;
}

static int ikev2_device_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}

static int ikev2_device_init_dev(struct net_device *dev)
{
	struct ikev2_device *priv = netdev_priv(dev);
	int err;

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	err = gro_cells_init(&priv->gro_cells, dev);
	if (err) {
		free_percpu(dev->tstats);
		return err;
	}
	return 0;
}

static void ikev2_device_uninit_dev(struct net_device *dev)
{
	struct ikev2_device *priv = netdev_priv(dev);

	gro_cells_destroy(&priv->gro_cells);
	free_percpu(dev->tstats);
}

static const struct net_device_ops ikev2_netdev_ops = {
	.ndo_init = ikev2_device_init_dev,
	.ndo_uninit = ikev2_device_uninit_dev,
	.ndo_open = ikev2_device_open,
	.ndo_start_xmit = ikev2_esp_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
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
	/*
	 * Like WireGuard: take whole GSO packets and segment them here, so
	 * the stack above runs once per super-packet; checksums are filled
	 * in before encryption.
	 */
	dev->features |= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_RXCSUM |
			 NETIF_F_HIGHDMA | NETIF_F_GSO_SOFTWARE;
	dev->hw_features |= dev->features;
	dev->hw_enc_features |= dev->features;
	ikev2_compat_set_lltx(dev);
	/* ICMP errors and PMTU updates for the sender need its route. */
	netif_keep_dst(dev);
	ikev2_compat_set_netns_local(dev);
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &ikev2_device_type);
}

static struct rtnl_link_ops ikev2_link_ops __read_mostly = {
	.kind = IKEV2_LINK_KIND,
	.priv_size = sizeof(struct ikev2_device),
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
