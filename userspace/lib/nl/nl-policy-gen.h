/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ikev2.yaml */
/* nl-policy-gen header */

#ifndef _IKEV2_NL_POLICY_GEN_H
#define _IKEV2_NL_POLICY_GEN_H

#include <netlink/attr.h>
#include <linux/ikev2.h>

extern const struct nla_policy ikev2_id_nl_policy[IKEV2_A_ID_MAX + 1];
extern const struct nla_policy ikev2_ts_nl_policy[IKEV2_A_TS_MAX + 1];
extern const struct nla_policy ikev2_conn_nl_policy[IKEV2_A_CONN_MAX + 1];
extern const struct nla_policy ikev2_dh_nl_policy[IKEV2_A_DH_MAX + 1];
extern const struct nla_policy ikev2_child_nl_policy[IKEV2_A_CHILD_MAX + 1];
extern const struct nla_policy ikev2_sa_nl_policy[IKEV2_A_SA_MAX + 1];
extern const struct nla_policy ikev2_stats_nl_policy[IKEV2_A_STATS_MAX + 1];

#endif /* _IKEV2_NL_POLICY_GEN_H */
