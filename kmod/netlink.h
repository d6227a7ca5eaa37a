/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IKEV2_NETLINK_H
#define _IKEV2_NETLINK_H

#include <net/genetlink.h>

/* For messages the module originates (helper.c's DH requests). */
extern struct genl_family ikev2_genl_family;

/* Index of IKEV2_MCGRP_SA in the family's multicast groups. */
#define IKEV2_MCGRP_SA_IDX	0

int ikev2_nl_put_ts_nest(struct sk_buff *skb, int type, unsigned int alen,
			 const u8 *start, const u8 *end, u8 protocol,
			 u16 port_start, u16 port_end);

/* The IKE SA operations (sa_netlink.c). */
int ikev2_nl_conn_up_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_conn_down_doit(struct sk_buff *skb, struct genl_info *info);
int ikev2_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ikev2_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);

int ikev2_genl_init(void);
void ikev2_genl_uninit(void);

/* An sa-event to the namespace's "sa" group (sa_netlink.c). */
struct ikev2_sa;
struct ike_event;
void ikev2_sa_notify(struct ikev2_sa *sa, const struct ike_event *ev);

#endif /* _IKEV2_NETLINK_H */
