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
#include <net/genetlink.h>

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

/*
 * An extended ack message that is not a literal (the protocol core's
 * reasons, static text): formatted into the extack's own buffer since 6.2
 * (NL_SET_ERR_MSG_ATTR_FMT); 6.1 has no such helper and keeps the pointer,
 * which static text allows.
 */
#ifdef NL_SET_ERR_MSG_ATTR_FMT
#define ikev2_compat_set_err_msg_attr(extack, attr, msg) \
	NL_SET_ERR_MSG_ATTR_FMT(extack, attr, "%s", msg)
#else
#define ikev2_compat_set_err_msg_attr(extack, attr, msg) do {	\
	struct netlink_ext_ack *__extack = (extack);		\
								\
	NL_SET_BAD_ATTR(__extack, attr);			\
	if (__extack)						\
		__extack->_msg = (msg);				\
} while (0)
#endif

/*
 * Split ops, one per do and per dump with their own policy and pre/post
 * hooks, came in 6.2; the generated netlink-gen.c defines its ops table
 * with them. 6.1 gets the struct here (no macro tells, so the version
 * does), and netlink.c registers it as genl_ops with family-wide hooks
 * that call the split ops' own.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define IKEV2_COMPAT_NO_SPLIT_OPS
struct genl_split_ops {
	int (*pre_doit)(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info);
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	void (*post_doit)(const struct genl_split_ops *ops, struct sk_buff *skb,
			  struct genl_info *info);
	int (*start)(struct netlink_callback *cb);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
	int (*done)(struct netlink_callback *cb);
	const struct nla_policy *policy;
	unsigned int maxattr;
	u8 cmd;
	u8 internal_flags;
	u8 flags;
	u8 validate;
};
#endif

#endif /* _IKEV2_COMPAT_H */
