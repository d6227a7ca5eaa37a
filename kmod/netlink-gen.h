/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ikev2.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_IKEV2_GEN_H
#define _LINUX_IKEV2_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/ikev2.h>
#include <compat.h>
#include <linux/err.h>

/* Common nested types */
extern const struct nla_policy ikev2_id_nl_policy[IKEV2_A_ID_DATA + 1];
extern const struct nla_policy ikev2_ts_nl_policy[IKEV2_A_TS_PORT_END + 1];

/* Ops table for ikev2 */
extern const struct genl_split_ops ikev2_nl_ops[11];

int ikev2_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		      struct genl_info *info);
int ikev2_nl_pre_doit_conn(const struct genl_split_ops *ops,
			   struct sk_buff *skb, struct genl_info *info);
void
ikev2_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		   struct genl_info *info);

int ikev2_nl_conn_add_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_conn_del_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_conn_get_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_conn_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ikev2_nl_helper_register_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_dh_result_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_dh_test_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_conn_up_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_conn_down_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ikev2_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	IKEV2_NLGRP_SA,
};

#endif /* _LINUX_IKEV2_GEN_H */
