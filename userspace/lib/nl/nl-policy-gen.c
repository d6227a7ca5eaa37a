// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ikev2.yaml */
/* nl-policy-gen source */

#include "nl-policy-gen.h"

const struct nla_policy ikev2_id_nl_policy[IKEV2_A_ID_MAX + 1] = {
	[IKEV2_A_ID_TYPE] = { .type = NLA_U8 },
	[IKEV2_A_ID_DATA] = { .maxlen = IKEV2_ID_MAX },
};

const struct nla_policy ikev2_ts_nl_policy[IKEV2_A_TS_MAX + 1] = {
	[IKEV2_A_TS_START] = { .maxlen = 16 },
	[IKEV2_A_TS_END] = { .maxlen = 16 },
	[IKEV2_A_TS_PROTOCOL] = { .type = NLA_U8 },
	[IKEV2_A_TS_PORT_START] = { .type = NLA_U16 },
	[IKEV2_A_TS_PORT_END] = { .type = NLA_U16 },
};

const struct nla_policy ikev2_conn_nl_policy[IKEV2_A_CONN_MAX + 1] = {
	[IKEV2_A_CONN_NAME] = { .type = NLA_STRING, .maxlen = IKEV2_CONN_NAME_MAX },
	[IKEV2_A_CONN_LOCAL_ADDR] = { .maxlen = 16 },
	[IKEV2_A_CONN_REMOTE_ADDR] = { .maxlen = 16 },
	[IKEV2_A_CONN_AUTH] = { .type = NLA_U8 },
	[IKEV2_A_CONN_PSK] = { .maxlen = IKEV2_PSK_MAX },
	[IKEV2_A_CONN_CERT_FILE] = { .type = NLA_STRING, .maxlen = IKEV2_PATH_MAX },
	[IKEV2_A_CONN_KEY_FILE] = { .type = NLA_STRING, .maxlen = IKEV2_PATH_MAX },
	[IKEV2_A_CONN_CACERT_FILE] = { .type = NLA_STRING, .maxlen = IKEV2_PATH_MAX },
	[IKEV2_A_CONN_LOCAL_ID] = { .type = NLA_NESTED },
	[IKEV2_A_CONN_REMOTE_ID] = { .type = NLA_NESTED },
	[IKEV2_A_CONN_IKE_PROPOSAL] = { .type = NLA_STRING, .maxlen = IKEV2_PROPOSAL_MAX },
	[IKEV2_A_CONN_ESP_PROPOSAL] = { .type = NLA_STRING, .maxlen = IKEV2_PROPOSAL_MAX },
	[IKEV2_A_CONN_LOCAL_TS] = { .type = NLA_NESTED },
	[IKEV2_A_CONN_REMOTE_TS] = { .type = NLA_NESTED },
	[IKEV2_A_CONN_IFINDEX] = { .type = NLA_U32 },
	[IKEV2_A_CONN_ENCAP_UDP] = { .type = NLA_FLAG },
	[IKEV2_A_CONN_REPLAY_WINDOW] = { .type = NLA_U32 },
	[IKEV2_A_CONN_REKEY_BYTES] = { .type = NLA_U64 },
	[IKEV2_A_CONN_LIFE_BYTES] = { .type = NLA_U64 },
	[IKEV2_A_CONN_IKE_REKEY_TIME] = { .type = NLA_U32 },
};

const struct nla_policy ikev2_dh_nl_policy[IKEV2_A_DH_MAX + 1] = {
	[IKEV2_A_DH_REQUEST_ID] = { .type = NLA_U32 },
	[IKEV2_A_DH_GROUP] = { .type = NLA_U16 },
	[IKEV2_A_DH_OP] = { .type = NLA_U8 },
	[IKEV2_A_DH_PEER_PUB] = { .maxlen = IKEV2_DH_PUB_MAX },
	[IKEV2_A_DH_HANDLE] = { .type = NLA_U32 },
	[IKEV2_A_DH_STATUS] = { .type = NLA_U32 },
	[IKEV2_A_DH_PUB] = { .maxlen = IKEV2_DH_PUB_MAX },
	[IKEV2_A_DH_SHARED] = { .maxlen = IKEV2_DH_SHARED_MAX },
	[IKEV2_A_DH_ELAPSED_NS] = { .type = NLA_U64 },
};

const struct nla_policy ikev2_child_nl_policy[IKEV2_A_CHILD_MAX + 1] = {
	[IKEV2_A_CHILD_SPI_IN] = { .type = NLA_U32 },
	[IKEV2_A_CHILD_SPI_OUT] = { .type = NLA_U32 },
	[IKEV2_A_CHILD_PROPOSAL] = { .type = NLA_STRING, .maxlen = IKEV2_PROPOSAL_MAX },
	[IKEV2_A_CHILD_LOCAL_TS] = { .type = NLA_NESTED },
	[IKEV2_A_CHILD_REMOTE_TS] = { .type = NLA_NESTED },
	[IKEV2_A_CHILD_ENCAP_UDP] = { .type = NLA_FLAG },
	[IKEV2_A_CHILD_AGE] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_REKEY_IN] = { .type = NLA_U32 },
	[IKEV2_A_CHILD_EXPIRE_IN] = { .type = NLA_U32 },
	[IKEV2_A_CHILD_BYTES_IN] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_PACKETS_IN] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_BYTES_OUT] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_PACKETS_OUT] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_ESN] = { .type = NLA_FLAG },
	[IKEV2_A_CHILD_IFINDEX] = { .type = NLA_U32 },
	[IKEV2_A_CHILD_REPLAY_WINDOW] = { .type = NLA_U32 },
	[IKEV2_A_CHILD_SEQ_OUT] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_SEQ_IN] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_RX_REPLAY] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_RX_AUTH_FAILED] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_RX_BAD_PADDING] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_RX_SELECTOR] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_RX_MALFORMED] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_TX_ERRORS] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_REKEY_BYTES] = { .type = NLA_U64 },
	[IKEV2_A_CHILD_LIFE_BYTES] = { .type = NLA_U64 },
};

const struct nla_policy ikev2_sa_nl_policy[IKEV2_A_SA_MAX + 1] = {
	[IKEV2_A_SA_ID] = { .type = NLA_U32 },
	[IKEV2_A_SA_CONN_NAME] = { .type = NLA_STRING, .maxlen = IKEV2_CONN_NAME_MAX },
	[IKEV2_A_SA_STATE] = { .type = NLA_U8 },
	[IKEV2_A_SA_INITIATOR] = { .type = NLA_FLAG },
	[IKEV2_A_SA_SPI_I] = { .type = NLA_U64 },
	[IKEV2_A_SA_SPI_R] = { .type = NLA_U64 },
	[IKEV2_A_SA_LOCAL_ADDR] = { .maxlen = 16 },
	[IKEV2_A_SA_LOCAL_PORT] = { .type = NLA_U16 },
	[IKEV2_A_SA_REMOTE_ADDR] = { .maxlen = 16 },
	[IKEV2_A_SA_REMOTE_PORT] = { .type = NLA_U16 },
	[IKEV2_A_SA_NAT_LOCAL] = { .type = NLA_FLAG },
	[IKEV2_A_SA_NAT_REMOTE] = { .type = NLA_FLAG },
	[IKEV2_A_SA_PROPOSAL] = { .type = NLA_STRING, .maxlen = IKEV2_PROPOSAL_MAX },
	[IKEV2_A_SA_AGE] = { .type = NLA_U64 },
	[IKEV2_A_SA_REKEY_IN] = { .type = NLA_U32 },
	[IKEV2_A_SA_CHILD] = { .type = NLA_NESTED },
	[IKEV2_A_SA_EVENT] = { .type = NLA_U8 },
	[IKEV2_A_SA_NOTIFY] = { .type = NLA_U16 },
	[IKEV2_A_SA_ERROR] = { .type = NLA_U32 },
};

const struct nla_policy ikev2_stats_nl_policy[IKEV2_A_STATS_MAX + 1] = {
	[IKEV2_A_STATS_RX_PACKETS] = { .type = NLA_U64 },
	[IKEV2_A_STATS_RX_MALFORMED] = { .type = NLA_U64 },
	[IKEV2_A_STATS_RX_NO_SA] = { .type = NLA_U64 },
	[IKEV2_A_STATS_RX_NO_CONN] = { .type = NLA_U64 },
	[IKEV2_A_STATS_RX_QUEUE_FULL] = { .type = NLA_U64 },
	[IKEV2_A_STATS_RX_ESP_TOO_SHORT] = { .type = NLA_U64 },
	[IKEV2_A_STATS_TX_PACKETS] = { .type = NLA_U64 },
	[IKEV2_A_STATS_TX_ERRORS] = { .type = NLA_U64 },
	[IKEV2_A_STATS_COOKIES_SENT] = { .type = NLA_U64 },
	[IKEV2_A_STATS_HALF_OPEN] = { .type = NLA_U32 },
	[IKEV2_A_STATS_IKE_SAS] = { .type = NLA_U32 },
	[IKEV2_A_STATS_ESP_RX_PACKETS] = { .type = NLA_U64 },
	[IKEV2_A_STATS_ESP_RX_NO_SA] = { .type = NLA_U64 },
	[IKEV2_A_STATS_ESP_RX_CHILD_DROPPED] = { .type = NLA_U64 },
	[IKEV2_A_STATS_ESP_TX_PACKETS] = { .type = NLA_U64 },
	[IKEV2_A_STATS_ESP_TX_NO_SA] = { .type = NLA_U64 },
	[IKEV2_A_STATS_ESP_TX_ERRORS] = { .type = NLA_U64 },
	[IKEV2_A_STATS_ESP_CHILD_SAS] = { .type = NLA_U32 },
	[IKEV2_A_STATS_ESP_RX_HELD] = { .type = NLA_U64 },
};
