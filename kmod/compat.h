/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel API differences between the kernels we build for
 * (Debian 12's 6.1 and 6.12). Tested by feature, not by version number,
 * wherever a macro makes that possible.
 */
#ifndef _IKEV2_COMPAT_H
#define _IKEV2_COMPAT_H

#include <linux/netdevice.h>
#include <linux/version.h>
#include <linux/crypto.h>

/* NETIF_F_NETNS_LOCAL became the netns_immutable bit in 6.12 kernels. */
static inline void ikev2_compat_set_netns_local(struct net_device *dev)
{
#ifdef NETIF_F_NETNS_LOCAL
	dev->features |= NETIF_F_NETNS_LOCAL;
#else
	dev->netns_immutable = 1;
#endif
}

/* NETIF_F_LLTX became the lltx bit in 6.12 kernels. */
static inline void ikev2_compat_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

/*
 * Asynchronous crypto completions got the request's data pointer instead
 * of the request in 6.3; no macro tells, so the version does.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
typedef struct crypto_async_request *ikev2_crypto_cb_arg_t;
static inline void *ikev2_crypto_cb_data(struct crypto_async_request *req)
{
	return req->data;
}
#else
typedef void *ikev2_crypto_cb_arg_t;
static inline void *ikev2_crypto_cb_data(void *data)
{
	return data;
}
#endif

#endif /* _IKEV2_COMPAT_H */
