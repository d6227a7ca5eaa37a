// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ikev2.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/ikev2.h>
#include <compat.h>
#include <linux/err.h>

/* Common nested types */
const struct nla_policy ikev2_id_nl_policy[IKEV2_A_ID_DATA + 1] = {
	[IKEV2_A_ID_TYPE] = { .type = NLA_U8, },
	[IKEV2_A_ID_DATA] = { .type = NLA_BINARY, .len = IKEV2_ID_MAX, },
};

const struct nla_policy ikev2_ts_nl_policy[IKEV2_A_TS_PORT_END + 1] = {
	[IKEV2_A_TS_START] = { .type = NLA_BINARY, .len = 16, },
	[IKEV2_A_TS_END] = { .type = NLA_BINARY, .len = 16, },
	[IKEV2_A_TS_PROTOCOL] = { .type = NLA_U8, },
	[IKEV2_A_TS_PORT_START] = { .type = NLA_U16, },
	[IKEV2_A_TS_PORT_END] = { .type = NLA_U16, },
};

/* IKEV2_CMD_CONN_ADD - do */
static const struct nla_policy ikev2_conn_add_nl_policy[IKEV2_A_CONN_IKE_REKEY_TIME + 1] = {
	[IKEV2_A_CONN_NAME] = { .type = NLA_NUL_STRING, .len = IKEV2_CONN_NAME_MAX - 1, },
	[IKEV2_A_CONN_LOCAL_ADDR] = { .type = NLA_BINARY, .len = 16, },
	[IKEV2_A_CONN_REMOTE_ADDR] = { .type = NLA_BINARY, .len = 16, },
	[IKEV2_A_CONN_AUTH] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[IKEV2_A_CONN_PSK] = { .type = NLA_BINARY, .len = IKEV2_PSK_MAX, },
	[IKEV2_A_CONN_CERT_FILE] = { .type = NLA_NUL_STRING, .len = IKEV2_PATH_MAX - 1, },
	[IKEV2_A_CONN_KEY_FILE] = { .type = NLA_NUL_STRING, .len = IKEV2_PATH_MAX - 1, },
	[IKEV2_A_CONN_CACERT_FILE] = { .type = NLA_NUL_STRING, .len = IKEV2_PATH_MAX - 1, },
	[IKEV2_A_CONN_LOCAL_ID] = NLA_POLICY_NESTED(ikev2_id_nl_policy),
	[IKEV2_A_CONN_REMOTE_ID] = NLA_POLICY_NESTED(ikev2_id_nl_policy),
	[IKEV2_A_CONN_IKE_PROPOSAL] = { .type = NLA_NUL_STRING, .len = IKEV2_PROPOSAL_MAX - 1, },
	[IKEV2_A_CONN_ESP_PROPOSAL] = { .type = NLA_NUL_STRING, .len = IKEV2_PROPOSAL_MAX - 1, },
	[IKEV2_A_CONN_LOCAL_TS] = NLA_POLICY_NESTED(ikev2_ts_nl_policy),
	[IKEV2_A_CONN_REMOTE_TS] = NLA_POLICY_NESTED(ikev2_ts_nl_policy),
	[IKEV2_A_CONN_IFINDEX] = { .type = NLA_U32, },
	[IKEV2_A_CONN_ENCAP_UDP] = { .type = NLA_FLAG, },
	[IKEV2_A_CONN_REPLAY_WINDOW] = { .type = NLA_U32, },
	[IKEV2_A_CONN_REKEY_BYTES] = { .type = NLA_U64, },
	[IKEV2_A_CONN_LIFE_BYTES] = { .type = NLA_U64, },
	[IKEV2_A_CONN_IKE_REKEY_TIME] = { .type = NLA_U32, },
};

/* IKEV2_CMD_CONN_DEL - do */
static const struct nla_policy ikev2_conn_del_nl_policy[IKEV2_A_CONN_NAME + 1] = {
	[IKEV2_A_CONN_NAME] = { .type = NLA_NUL_STRING, .len = IKEV2_CONN_NAME_MAX - 1, },
};

/* IKEV2_CMD_CONN_GET - do */
static const struct nla_policy ikev2_conn_get_nl_policy[IKEV2_A_CONN_NAME + 1] = {
	[IKEV2_A_CONN_NAME] = { .type = NLA_NUL_STRING, .len = IKEV2_CONN_NAME_MAX - 1, },
};

/* IKEV2_CMD_DH_RESULT - do */
static const struct nla_policy ikev2_dh_result_nl_policy[IKEV2_A_DH_SHARED + 1] = {
	[IKEV2_A_DH_REQUEST_ID] = { .type = NLA_U32, },
	[IKEV2_A_DH_STATUS] = NLA_POLICY_MAX(NLA_U32, MAX_ERRNO),
	[IKEV2_A_DH_PUB] = { .type = NLA_BINARY, .len = IKEV2_DH_PUB_MAX, },
	[IKEV2_A_DH_SHARED] = { .type = NLA_BINARY, .len = IKEV2_DH_SHARED_MAX, },
	[IKEV2_A_DH_HANDLE] = { .type = NLA_U32, },
};

/* IKEV2_CMD_DH_TEST - do */
static const struct nla_policy ikev2_dh_test_nl_policy[IKEV2_A_DH_GROUP + 1] = {
	[IKEV2_A_DH_GROUP] = { .type = NLA_U16, },
};

/* IKEV2_CMD_CONN_UP - do */
static const struct nla_policy ikev2_conn_up_nl_policy[IKEV2_A_CONN_NAME + 1] = {
	[IKEV2_A_CONN_NAME] = { .type = NLA_NUL_STRING, .len = IKEV2_CONN_NAME_MAX - 1, },
};

/* IKEV2_CMD_CONN_DOWN - do */
static const struct nla_policy ikev2_conn_down_nl_policy[IKEV2_A_CONN_NAME + 1] = {
	[IKEV2_A_CONN_NAME] = { .type = NLA_NUL_STRING, .len = IKEV2_CONN_NAME_MAX - 1, },
};

/* Ops table for ikev2 */
const struct genl_split_ops ikev2_nl_ops[11] = {
	{
		.cmd		= IKEV2_CMD_CONN_ADD,
		.pre_doit	= ikev2_nl_pre_doit,
		.doit		= ikev2_nl_conn_add_doit,
		.post_doit	= ikev2_nl_post_doit,
		.policy		= ikev2_conn_add_nl_policy,
		.maxattr	= IKEV2_A_CONN_IKE_REKEY_TIME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IKEV2_CMD_CONN_DEL,
		.pre_doit	= ikev2_nl_pre_doit_conn,
		.doit		= ikev2_nl_conn_del_doit,
		.post_doit	= ikev2_nl_post_doit,
		.policy		= ikev2_conn_del_nl_policy,
		.maxattr	= IKEV2_A_CONN_NAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IKEV2_CMD_CONN_GET,
		.pre_doit	= ikev2_nl_pre_doit_conn,
		.doit		= ikev2_nl_conn_get_doit,
		.post_doit	= ikev2_nl_post_doit,
		.policy		= ikev2_conn_get_nl_policy,
		.maxattr	= IKEV2_A_CONN_NAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= IKEV2_CMD_CONN_GET,
		.dumpit	= ikev2_nl_conn_get_dumpit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd	= IKEV2_CMD_HELPER_REGISTER,
		.doit	= ikev2_nl_helper_register_doit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IKEV2_CMD_DH_RESULT,
		.doit		= ikev2_nl_dh_result_doit,
		.policy		= ikev2_dh_result_nl_policy,
		.maxattr	= IKEV2_A_DH_SHARED,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IKEV2_CMD_DH_TEST,
		.doit		= ikev2_nl_dh_test_doit,
		.policy		= ikev2_dh_test_nl_policy,
		.maxattr	= IKEV2_A_DH_GROUP,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IKEV2_CMD_CONN_UP,
		.pre_doit	= ikev2_nl_pre_doit_conn,
		.doit		= ikev2_nl_conn_up_doit,
		.post_doit	= ikev2_nl_post_doit,
		.policy		= ikev2_conn_up_nl_policy,
		.maxattr	= IKEV2_A_CONN_NAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IKEV2_CMD_CONN_DOWN,
		.pre_doit	= ikev2_nl_pre_doit_conn,
		.doit		= ikev2_nl_conn_down_doit,
		.post_doit	= ikev2_nl_post_doit,
		.policy		= ikev2_conn_down_nl_policy,
		.maxattr	= IKEV2_A_CONN_NAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= IKEV2_CMD_SA_GET,
		.dumpit	= ikev2_nl_sa_get_dumpit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= IKEV2_CMD_STATS_GET,
		.pre_doit	= ikev2_nl_pre_doit,
		.doit		= ikev2_nl_stats_get_doit,
		.post_doit	= ikev2_nl_post_doit,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group ikev2_nl_mcgrps[] = {
	[IKEV2_NLGRP_SA] = { "sa", },
};
