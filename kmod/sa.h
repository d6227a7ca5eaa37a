/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKE SAs of a namespace and their Child SAs (sa.c): the table, the
 * two constructors, what happens after every call into the protocol core,
 * and the NAT / address-following rules. Everything here is under
 * ikev2_net.conf_lock, in process context.
 */
#ifndef _IKEV2_SA_H
#define _IKEV2_SA_H

#include <linux/list.h>
#include <linux/types.h>

#include "ike/ike_sa.h"

struct ikev2_net;
struct ikev2_conn;
struct ikev2_sock;
struct ikev2_rx;
struct ikev2_esp_sa;
struct netlink_ext_ack;

/* The responder answers IKE_SA_INIT with a COOKIE above this many half-open SAs. */
#define IKEV2_HALF_OPEN_COOKIE	64
/* ... and drops IKE_SA_INIT requests above this many. */
#define IKEV2_HALF_OPEN_MAX	1024
/* Cookie secrets change this often (RFC 7296 2.6). */
#define IKEV2_COOKIE_ROTATE_MS	(300 * 1000)
/* A deadline that never comes. */
#define IKEV2_NEVER		U64_MAX

/*
 * A negotiated Child SA. @info holds keys: freed with kfree_sensitive.
 * @esp is its data path half (esp_sa.h), NULL when installing it failed;
 * the child owns the table's reference. The deadlines belong to
 * sa_timers.c.
 */
struct ikev2_child {
	struct list_head node;		/* in ikev2_sa.children */
	struct ike_child_info info;
	struct ikev2_esp_sa *esp;
	u64 installed_ms;
	u64 rekey_ms;
	u64 expire_ms;
	u8 rekey_tries;			/* rekeys started for it (sa_timers.c) */
};

/*
 * One IKE SA: the core's state machine plus where it talks to. Owned by
 * the namespace's table (ikev2_net.conf_lock): created by conn-up or an
 * accepted IKE_SA_INIT, freed by the engine when the core says DEAD, by
 * conn-down/conn-del, or at namespace exit. @conn outlives it: conn-del
 * frees a conn's SAs before the conn.
 */
struct ikev2_sa {
	struct list_head node;		/* in ikev2_net.sas */
	struct hlist_node hnode;	/* in ikev2_net.sa_hash, by @our_spi */
	struct ikev2_net *in;
	struct ikev2_conn *conn;
	struct ikev2_sock *sock;	/* the conn's local address */
	struct ike_sa *core;
	u32 id;
	u64 our_spi;
	bool initiator;			/* started by conn-up */
	bool half_open;			/* responder before IKE_AUTH */
	bool established;
	bool dead;
	bool natt;			/* IKE on 4500 with the marker (ESP:
					 * ike_sa_esp_encap()) */
	u8 raddr[16];
	u16 rport;
	u64 started_ms;
	u64 established_ms;
	/* Deadlines (sa_timers.c). */
	u64 rekey_ms;
	u8 rekey_tries;			/* IKE rekeys started since the last */
	u64 keepalive_ms;
	u64 last_rx_ms;			/* latest authenticated message */
	u64 dpd_ms;			/* no liveness check before */
	/* Helper handles of our KEYGEN requests, by the core's request id. */
	struct {
		u32 core_id;
		u32 handle;
	} keygen[2];
	struct list_head children;	/* struct ikev2_child */
	unsigned int n_children;
	/*
	 * Our SPI of the Child SA a CREATE_CHILD_SA of ours offers, as the
	 * core reported it last (ike_sa_child_offered_spi()); its early
	 * ESP waits in esp_hold.c. 0: none, or holding failed.
	 */
	u32 held_spi;
};

/* The clock of every deadline: milliseconds of boot time. */
u64 ikev2_now_ms(void);

void ikev2_sa_net_init(struct ikev2_net *in);

/* Table. */
struct ikev2_sa *ikev2_sa_find_spi(struct ikev2_net *in, u64 our_spi);
struct ikev2_sa *ikev2_sa_find_id(struct ikev2_net *in, u32 id);

/* Initiator constructor: conn-up. */
int ikev2_sa_conn_up(struct ikev2_net *in, struct ikev2_conn *conn, u32 *id,
		     struct netlink_ext_ack *extack);
/*
 * A received datagram (engine.c): to the SA it names, or to the responder
 * constructor if it is an IKE_SA_INIT request that no SA knows.
 */
void ikev2_sa_receive(struct ikev2_net *in, const struct ikev2_rx *rx,
		      u64 now);
/* A helper answer to one of the SA's DH requests (helper_dh.c). */
void ikev2_sa_dh_answer(struct ikev2_sa *sa, u32 core_id, int status,
			u32 handle, const u8 *pub, u32 pub_len,
			const u8 *shared, u32 shared_len, u64 now);
/* After every call into the core: its output, DH requests and events. */
void ikev2_sa_drain(struct ikev2_sa *sa, u64 now);
/*
 * RFC 7296 2.23: where the SA talks to and where its ESP goes. @rx: the
 * new, authenticated message that just arrived; NULL: only NAT detection
 * may have changed.
 */
void ikev2_sa_peer_update(struct ikev2_sa *sa, const struct ikev2_rx *rx);
/* A Child SA the core no longer knows (sa_timers.c). */
void ikev2_sa_child_forget(struct ikev2_sa *sa, struct ikev2_child *c);

int ikev2_sa_conn_down(struct ikev2_net *in, struct ikev2_conn *conn);
/* conn-del and namespace exit: SAs of @conn (NULL: all) go now. */
void ikev2_sa_flush(struct ikev2_net *in, struct ikev2_conn *conn,
		    bool tell_peer);
void ikev2_sa_free(struct ikev2_sa *sa);

#endif /* _IKEV2_SA_H */
