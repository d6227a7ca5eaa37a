// SPDX-License-Identifier: GPL-2.0
/*
 * A connection as the protocol core wants it: struct ike_sa_cfg, built
 * afresh for each IKE SA from the immutable conn and the addresses of this
 * negotiation. The cfg holds the PSK: callers wipe it (kfree_sensitive).
 *
 * Ownership and locking: none of its own. The caller holds conf_lock, which
 * keeps the conn alive; the cfg is the caller's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "conn.h"
#include "sa_cfg.h"
#include "ike/ike_proposal.h"

/* Used when a conn names no proposals: RFC 8221/8247 choices. */
static const char *const ikev2_default_ike[] = {
	"aes128gcm16-aes256gcm16-prfsha256-prfsha384-x25519-ecp256-ecp384-modp3072-modp2048",
	"aes128-aes256-sha256-sha384-x25519-ecp256-ecp384-modp3072-modp2048",
	"chacha20poly1305-prfsha256-x25519-ecp256",
};

static const char *const ikev2_default_esp[] = {
	"aes128gcm16-aes256gcm16",
	"chacha20poly1305",
	"aes128-aes256-sha256-sha384",
};

static int ikev2_cfg_props(struct ike_prop_list *list, u8 protocol,
			   char *const *strs, unsigned int n,
			   const char *const *defaults, unsigned int n_def)
{
	struct ike_prop_list *one;
	struct ike_err err = {};
	unsigned int i, j;
	int ret = 0;

	if (!n) {
		strs = (char *const *)defaults;
		n = n_def;
	}
	one = kzalloc(sizeof(*one), GFP_KERNEL);
	if (!one)
		return -ENOMEM;
	list->count = 0;
	for (i = 0; i < n; i++) {
		ret = ike_prop_parse(strs[i], strlen(strs[i]), protocol, one,
				     &err);
		if (ret)
			break;
		for (j = 0; j < one->count; j++) {
			if (list->count >= IKE_PROP_MAX) {
				ret = -E2BIG;
				goto out;
			}
			list->prop[list->count++] = one->prop[j];
		}
	}
out:
	kfree(one);
	return ret;
}

static void ikev2_cfg_ts(struct ike_ts_list *list, const struct ikev2_ts *ts,
			 unsigned int n, const u8 *addr, u8 addr_len)
{
	unsigned int i;

	list->count = 0;
	if (!n) {
		/* Absent: the IKE address itself, as the UAPI documents. */
		ike_ts_from_prefix(&list->ts[0], addr_len == 4 ?
				   IKE_TS_IPV4_ADDR_RANGE :
				   IKE_TS_IPV6_ADDR_RANGE,
				   addr, addr_len * 8);
		list->count = 1;
		return;
	}
	for (i = 0; i < n && i < IKE_MAX_TS; i++) {
		struct ike_ts *t = &list->ts[list->count++];

		memset(t, 0, sizeof(*t));
		t->type = ts[i].addr_len == 4 ? IKE_TS_IPV4_ADDR_RANGE :
						IKE_TS_IPV6_ADDR_RANGE;
		t->ip_proto = ts[i].protocol;
		t->start_port = ts[i].port_start;
		t->end_port = ts[i].port_end;
		memcpy(t->start, ts[i].start, ts[i].addr_len);
		memcpy(t->end, ts[i].end, ts[i].addr_len);
	}
}

int ikev2_sa_cfg_build(const struct ikev2_conn *conn, struct ike_sa_cfg *cfg,
		       bool initiator, const u8 *raddr, u16 lport, u16 rport)
{
	int ret;

	if (conn->auth != IKEV2_AUTH_METHOD_PSK)
		return -EOPNOTSUPP;	/* certificates: a later issue */
	if (conn->psk_len > sizeof(cfg->psk) ||
	    conn->local_id.len > sizeof(cfg->local_id) ||
	    conn->remote_id.len > sizeof(cfg->remote_id))
		return -E2BIG;

	ike_sa_cfg_init(cfg);
	cfg->initiator = initiator;
	cfg->addr_len = conn->addr_len;
	memcpy(cfg->local_addr, conn->local_addr, conn->addr_len);
	memcpy(cfg->remote_addr, raddr, conn->addr_len);
	cfg->local_port = lport;
	cfg->remote_port = rport;
	cfg->force_encap = conn->encap_udp;

	memcpy(cfg->psk, conn->psk, conn->psk_len);
	cfg->psk_len = conn->psk_len;

	if (conn->has_local_id) {
		cfg->local_id_type = conn->local_id.type;
		cfg->local_id_len = conn->local_id.len;
		memcpy(cfg->local_id, conn->local_id.data, conn->local_id.len);
	} else {
		cfg->local_id_type = conn->addr_len == 4 ?
				     IKEV2_ID_TYPE_IPV4_ADDR :
				     IKEV2_ID_TYPE_IPV6_ADDR;
		cfg->local_id_len = conn->addr_len;
		memcpy(cfg->local_id, conn->local_addr, conn->addr_len);
	}
	if (conn->has_remote_id) {
		cfg->remote_id_type = conn->remote_id.type;
		cfg->remote_id_len = conn->remote_id.len;
		memcpy(cfg->remote_id, conn->remote_id.data,
		       conn->remote_id.len);
	}

	ret = ikev2_cfg_props(&cfg->ike, IKE_PROTO_IKE, conn->ike, conn->n_ike,
			      ikev2_default_ike,
			      ARRAY_SIZE(ikev2_default_ike));
	if (!ret)
		ret = ikev2_cfg_props(&cfg->esp, IKE_PROTO_ESP, conn->esp,
				      conn->n_esp, ikev2_default_esp,
				      ARRAY_SIZE(ikev2_default_esp));
	if (ret) {
		memzero_explicit(cfg->psk, sizeof(cfg->psk));
		return ret;
	}
	ikev2_cfg_ts(&cfg->local_ts, conn->local_ts, conn->n_local_ts,
		     conn->local_addr, conn->addr_len);
	ikev2_cfg_ts(&cfg->remote_ts, conn->remote_ts, conn->n_remote_ts,
		     raddr, conn->addr_len);
	return 0;
}
