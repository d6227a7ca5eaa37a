/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two IKE peers in one process: an in-memory link with deterministic loss,
 * duplication, reordering and delay, a virtual clock, and DH requests
 * answered by userspace/lib/dh.c after a (random) delay, so possibly out
 * of order. Peer 0 initiates, peer 1 responds (through ike_front_check()).
 */
#ifndef _SIM_H
#define _SIM_H

#include "ike_sa.h"
#include "lib/dh.h"

#define SIM_MAX_PKTS	128
#define SIM_MAX_EVENTS	32
#define SIM_MAX_DH	8
#define SIM_MAX_SENT	64

struct sim_link {
	u32 loss_pct;		/* each datagram dropped with this chance */
	u32 dup_pct;		/* ... or delivered twice */
	u32 reorder_pct;	/* ... or delayed by up to reorder_ms extra */
	u32 reorder_ms;
	u32 delay_ms;		/* one-way base delay */
	u32 dh_delay_ms;	/* DH answered after 0..dh_delay_ms */
	bool dh_never;		/* never answer DH (timeout test) */
};

struct sim_dh {
	struct ike_dh_req req;
	u32 gen;		/* which SA asked: stale answers are dropped */
	u64 at;
};

struct sim_key {
	u32 gen;
	u32 id;
	struct dh_priv *priv;
};

struct sim_sent {		/* what a peer sent, for duplicate checks */
	u32 len;
	u8 *buf;
};

struct sim_peer {
	struct ike_sa_cfg cfg;
	struct ike_sa *sa;
	struct ike_event ev[SIM_MAX_EVENTS];
	int n_ev;
	struct sim_dh dh[SIM_MAX_DH];
	int n_dh;
	struct sim_key keys[SIM_MAX_DH];
	struct sim_sent sent[SIM_MAX_SENT];
	int n_sent;
	int n_created;		/* responder SAs created */
	u32 gen;		/* bumped per SA (addresses get reused) */
	int n_dh_answered;
	int n_authentic;	/* datagrams ike_sa_input() vouched for */
};

struct sim_pkt {
	int to;
	u64 at;
	u32 len;
	u8 *buf;
};

struct sim {
	u64 now;
	u64 rng;
	struct sim_link link;
	struct sim_peer peer[2];
	struct sim_pkt pkt[SIM_MAX_PKTS];
	int n_pkt;
	struct ike_front front;
	u8 front_addr[4];
	u32 n_dropped, n_duplicated, n_delivered, n_cookie_replies;
};

/*
 * Zeroes @s, seeds the PRNG, fills both configs with sane defaults (change
 * them with test_helper.h's th_cfg_props(), th_ts_prefix()): PSK
 * "sim-secret", FQDN IDs alice.example and bob.example, fast retransmits
 * (500 ms), TS any.
 */
void sim_init(struct sim *s, u64 seed);
/* Creates the initiator SA. */
int sim_start(struct sim *s);
/* Runs until nothing is left to do or the clock passes @until. */
void sim_run(struct sim *s, u64 until);
/* The first event of @type on peer @p (NULL: none). */
const struct ike_event *sim_event(const struct sim *s, int p, u8 type);
int sim_count_events(const struct sim *s, int p, u8 type);
/* Number of datagrams peer @p sent more than once byte for byte. */
int sim_repeated_sends(const struct sim *s, int p);
void sim_free(struct sim *s);

#endif /* _SIM_H */
