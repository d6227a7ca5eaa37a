/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IKEV2_CONN_H
#define _IKEV2_CONN_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/ikev2.h>

#include "netns.h"

struct ikev2_sock;

/* Bounds on what one connection may carry; all checked on conn-add. */
#define IKEV2_CONN_PROPOSALS_MAX 16
#define IKEV2_CONN_TS_MAX 16
/* Bound on connections per namespace: memory an admin can pin. */
#define IKEV2_NET_CONNS_MAX 4096

struct ikev2_id {
	u8 type;	/* enum ikev2_id_type */
	u8 len;
	u8 data[IKEV2_ID_MAX];
};

/* An inclusive address/protocol/port range (RFC 7296 3.13.1). */
struct ikev2_ts {
	u8 addr_len;	/* 4 or 16 */
	u8 protocol;	/* 0: any */
	u16 port_start;
	u16 port_end;
	u8 start[16];
	u8 end[16];
};

/*
 * A connection definition. Immutable once on the namespace's list: changes
 * are delete + add. The list, and so each conn's lifetime, is owned by
 * ikev2_net.conf_lock.
 */
struct ikev2_conn {
	struct list_head node;	/* in ikev2_net.conns */
	char name[IKEV2_CONN_NAME_MAX];
	u8 addr_len;		/* 4 or 16, for local and remote */
	bool remote_any;
	u8 local_addr[16];
	u8 remote_addr[16];
	u8 auth;		/* enum ikev2_auth_method */
	u16 psk_len;
	u8 *psk;		/* key material: kfree_sensitive */
	char *cert_file;
	char *key_file;
	char *cacert_file;
	bool has_local_id;
	bool has_remote_id;
	struct ikev2_id local_id;
	struct ikev2_id remote_id;
	u8 n_ike;
	u8 n_esp;
	u8 n_local_ts;
	u8 n_remote_ts;
	char *ike[IKEV2_CONN_PROPOSALS_MAX];
	char *esp[IKEV2_CONN_PROPOSALS_MAX];
	struct ikev2_ts local_ts[IKEV2_CONN_TS_MAX];
	struct ikev2_ts remote_ts[IKEV2_CONN_TS_MAX];
	struct ikev2_sock *sock;	/* UDP 500/4500 on local_addr, held */
	int ifindex;		/* 0: none */
	bool encap_udp;
	/* Data path of its Child SAs (esp_sa.c). */
	u32 replay_window;	/* packets; IKEV2_REPLAY_WINDOW_DEFAULT unless set */
	u64 rekey_bytes;	/* soft limit, 0: none */
	u64 life_bytes;		/* hard limit, 0: none */
	u32 ike_rekey_secs;	/* IKE SA rekey time, 0: IKEV2_IKE_REKEY_MS */
};

struct ikev2_conn *ikev2_conn_alloc(void);
void ikev2_conn_free(struct ikev2_conn *conn);
int ikev2_conn_add(struct ikev2_net *in, struct ikev2_conn *conn);
struct ikev2_conn *ikev2_conn_find(struct ikev2_net *in, const char *name);
void ikev2_conn_del(struct ikev2_net *in, struct ikev2_conn *conn);
void ikev2_conn_flush(struct ikev2_net *in);
int ikev2_conn_check_proposal(const char *proposal, bool esp,
			      const char **reason);

#endif /* _IKEV2_CONN_H */
