/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private layout of struct ike_sa, shared by the ike_sa*.c files only.
 */
#ifndef _IKE_SA_PRIV_H
#define _IKE_SA_PRIV_H

#include "ike_sa.h"

#define IKE_SA_OUTQ	8
#define IKE_SA_EVQ	8
#define IKE_SA_DHQ	2
#define IKE_SA_MAX_RETRIES 3	/* INVALID_KE / COOKIE restarts */

/* What our outstanding request is, to know what its response means. */
enum ike_req_kind {
	IKE_REQ_NONE,
	IKE_REQ_INIT,
	IKE_REQ_AUTH,
	IKE_REQ_DELETE_IKE,
	IKE_REQ_DELETE_CHILD,
	IKE_REQ_LIVENESS,
	IKE_REQ_CREATE_CHILD,	/* new Child SA or Child SA rekey */
};

/* A CREATE_CHILD_SA exchange in progress (either role), window 1. */
enum ike_cc_stage {
	IKE_CC_NONE,
	IKE_CC_I_KEYGEN,	/* initiator: waiting for our PFS KE */
	IKE_CC_I_SENT,		/* initiator: request out */
	IKE_CC_I_SHARED,	/* initiator: waiting for the PFS g^ir */
	IKE_CC_R_DH,		/* responder: waiting for KE and g^ir */
	IKE_CC_IKE_READY,	/* IKE rekey done: switch at the Delete */
};

struct ike_sa_cc {
	u8 stage;		/* enum ike_cc_stage */
	bool pfs;
	/*
	 * Initiator, esp without DH groups: the responder refused the Child
	 * SA without PFS, so it is offered again with the IKE SA's group
	 * (pfs_offer: the conn's esp with that group), once.
	 */
	bool pfs_retry;
	struct ike_prop_list pfs_offer;
	u32 old_spi_in;		/* rekey: our SPI of the replaced child */
	u32 spi_in;		/* new child, ours */
	u32 spi_out;
	u32 mid;		/* responder: the request's message ID */
	struct ike_chosen chosen;
	u8 ni[IKE_NONCE_MAX_LEN];
	u8 nr[IKE_NONCE_MAX_LEN];
	u16 ni_len;
	u16 nr_len;
	struct ike_ts_list ts_i;	/* initiator's side of the exchange */
	struct ike_ts_list ts_r;
	/* IKE SA rekey: the new SA, built beside the old one. */
	bool ike;
	bool we_init;		/* we initiated the rekey: new initiator */
	u64 new_spi;		/* ours */
	u64 peer_new_spi;
	struct ike_suite suite;
	struct ike_prf_ctx prf;	/* owned until the switch */
	struct ike_sa_keys keys;
	struct ike_sk sk;	/* owned until the switch */
};

struct ike_sa_req {
	u8 kind;		/* enum ike_req_kind; NONE: nothing outstanding */
	u32 msg_id;
	u8 *buf;		/* ops->zalloc, owned: resent verbatim */
	u32 len;
	u32 tries;		/* transmissions so far */
	u32 timeout;		/* current wait, ms */
	u64 deadline;
	u32 child_spi;		/* DELETE_CHILD: our inbound SPI */
};

struct ike_sa_child {
	bool used;
	u32 spi_in;
	u32 spi_out;
};

struct ike_sa_out {
	u8 *buf;
	u32 len;
};

struct ike_sa {
	const struct ike_ops *ops;
	struct ike_sa_cfg cfg;		/* copy; holds the PSK: wiped on free */
	enum ike_sa_state state;
	bool initiator;			/* original initiator of the IKE SA */
	u64 spi_i;
	u64 spi_r;

	/* Message IDs, window 1 each way (RFC 7296 2.3). */
	u32 next_mid;			/* of our next request */
	u32 peer_mid;			/* the peer's next request */
	struct ike_sa_req req;
	u8 *resp_buf;			/* last response: resent on duplicates */
	u32 resp_len;
	u32 resp_mid;
	bool resp_valid;
	/*
	 * Rekey responder after the switch: the last answer of the old SA
	 * (to its Delete), resent if that request is retransmitted because
	 * the answer was lost; the old keys are gone by then.
	 */
	u8 *old_resp;
	u32 old_resp_len;
	u32 old_resp_mid;
	u64 old_spi_i;
	u64 old_spi_r;

	/* IKE_SA_INIT */
	u16 dh_group;
	u8 retries;
	u8 ni[IKE_NONCE_MAX_LEN];
	u8 nr[IKE_NONCE_MAX_LEN];
	u16 ni_len;
	u16 nr_len;
	u8 cookie[IKE_COOKIE_MAX_LEN];
	u8 cookie_len;
	u8 pub[IKE_DH_PUB_MAX];		/* our KE data */
	u16 pub_len;
	u8 peer_pub[IKE_DH_PUB_MAX];
	u16 peer_pub_len;
	u8 *init_req;			/* signed by AUTH (2.15) */
	u32 init_req_len;
	u8 *init_resp;
	u32 init_resp_len;

	/* DH requests: at most one outstanding. */
	u32 next_dh_id;
	u32 dh_key_id;			/* the KEYGEN whose private we use */
	u32 dh_wait_id;			/* 0: none */
	u64 dh_deadline;
	u64 half_open_deadline;		/* responder, until IKE_AUTH */

	/* NAT detection (2.23), set when IKE_SA_INIT completes. */
	bool natd_done;
	bool peer_natd;			/* peer sent both NAT-D kinds */
	bool nat_local;
	bool nat_remote;

	struct ike_chosen chosen;
	bool have_chosen;		/* chosen holds the IKE SA's suite */
	struct ike_suite suite;
	struct ike_prf_ctx prf;
	struct ike_sa_keys keys;
	struct ike_sk sk;
	bool have_keys;

	u32 first_child_spi;		/* our SPI offered/answered in IKE_AUTH */
	struct ike_sa_child children[IKE_SA_MAX_CHILDREN];
	struct ike_sa_cc cc;

	struct ike_sa_out out[IKE_SA_OUTQ];
	u8 out_head, out_n;
	u8 *popped;			/* last popped datagram, freed lazily */
	struct ike_dh_req dh[IKE_SA_DHQ];
	u8 dh_head, dh_n;
	struct ike_event ev[IKE_SA_EVQ];
	u8 ev_head, ev_n;

	/* Scratch, too big for kernel stacks. */
	struct ike_msg msg;
	struct ike_chain inner;
	struct ike_ts_list ts_i;
	struct ike_ts_list ts_r;
	struct ike_child_info ci;
	u8 id_body[4 + IKE_SA_ID_MAX];
	u8 auth[IKE_PRF_MAX_LEN];
	/* The peer's authenticated ID payload body (ike_sa_peer_id()). */
	u8 peer_id[4 + IKE_SA_ID_MAX];
	u16 peer_id_len;
};

/* Shared between the ike_sa*.c / ike_exchange_*.c files. */

/* ike_sa.c */
void ike_sa_event(struct ike_sa *sa, u8 type, u16 notify, int error,
		  const struct ike_child_info *ci);
int ike_sa_queue_out(struct ike_sa *sa, const u8 *buf, u32 len);
int ike_sa_dh_request(struct ike_sa *sa, u8 op, u64 now);
void ike_sa_req_clear(struct ike_sa *sa);
void ike_sa_cc_clear(struct ike_sa *sa);
void ike_sa_fail(struct ike_sa *sa, u16 notify, int error);
void ike_sa_dead(struct ike_sa *sa);
struct ike_sa *ike_sa_alloc(const struct ike_sa_cfg *cfg,
			    const struct ike_ops *ops);
int ike_sa_random_spi64(struct ike_sa *sa, u64 *spi);
int ike_sa_random_spi32(struct ike_sa *sa, u32 *spi);
void ike_sa_put_hdr(struct ike_sa *sa, struct ike_writer *w, u8 exch,
		    u32 mid, bool response);
u8 *ike_sa_buf(struct ike_sa *sa, struct ike_writer *w);
u8 *ike_sa_sk_begin(struct ike_sa *sa, struct ike_writer *w, u8 exch,
		    u32 mid, bool response);
int ike_sa_sk_finish(struct ike_sa *sa, struct ike_writer *w);
int ike_sa_send_request(struct ike_sa *sa, u8 *buf, u32 len, u8 kind,
			u32 mid, u64 now);
int ike_sa_send_response(struct ike_sa *sa, u8 *buf, u32 len, u32 mid);
int ike_sa_respond_notify(struct ike_sa *sa, u8 exch, u32 mid,
			  const struct ike_err *err);
u16 ike_sa_chain_error(const struct ike_chain *chain);
/* IKE_AUTH authenticated @id_pl: keep it, tell of INITIAL_CONTACT. */
void ike_sa_auth_established(struct ike_sa *sa,
			     const struct ike_payload *id_pl);
bool ike_sa_chain_notify(const struct ike_chain *chain, u16 type,
			 struct ike_notify *out);
void ike_sa_suite_from(const struct ike_chosen *c,
		       struct ike_suite *s);
u32 ike_sa_local_id_body(struct ike_sa *sa);
bool ike_sa_peer_id_ok(const struct ike_sa *sa,
		       const struct ike_payload *pl);
int ike_sa_add_child(struct ike_sa *sa, u32 spi_in, u32 spi_out);
struct ike_sa_child *ike_sa_find_child(struct ike_sa *sa, u32 spi,
				       bool inbound);
int ike_sa_child_keys(struct ike_sa *sa, const struct ike_chosen *ch,
		      u32 spi_in, u32 spi_out, const u8 *gir,
		      u32 gir_len, const u8 *ni, u32 ni_len,
		      const u8 *nr, u32 nr_len);
int ike_sa_copy(struct ike_sa *sa, u8 **dst, u32 *dst_len,
		const u8 *src, u32 len);

/* ike_exchange_init.c */
int ike_sa_send_init(struct ike_sa *sa, u64 now);
void ike_sa_i_init_response(struct ike_sa *sa, int rc, u64 now);
int ike_sa_r_send_init(struct ike_sa *sa, u64 now);

/* ike_exchange_auth.c */
int ike_sa_send_auth(struct ike_sa *sa, u64 now);
void ike_sa_i_auth_response(struct ike_sa *sa);
void ike_sa_r_auth(struct ike_sa *sa, u32 mid);

/* ike_exchange_child.c */
void ike_sa_ike_switch(struct ike_sa *sa);
void ike_sa_i_cc_response(struct ike_sa *sa, u64 now);
void ike_sa_r_cc(struct ike_sa *sa, u32 mid, u64 now);
void ike_sa_cc_dh(struct ike_sa *sa, int status, const u8 *pub,
		  u32 pub_len, const u8 *shared, u32 shared_len,
		  u64 now);

/* ike_exchange_info.c */
int ike_sa_start_info(struct ike_sa *sa, u8 kind, u32 child_spi,
		      u64 now);
void ike_sa_i_info_response(struct ike_sa *sa);
void ike_sa_r_info(struct ike_sa *sa, u32 mid);

#define IKE_SA_NO_DEADLINE	(~(u64)0)

#endif /* _IKE_SA_PRIV_H */
