/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKEv2 exchange state machine (RFC 7296): one IKE SA with its Child
 * SAs, initiator or responder, sans-I/O.
 *
 * The SA never reads a clock, a socket or a timer. The caller
 *
 *   - feeds it datagrams: ike_sa_input(sa, buf, len, now);
 *   - calls ike_sa_timeout(sa, now) once now >= ike_sa_next_deadline(sa);
 *   - drains after every call: ike_sa_pop_output() (datagrams to send to
 *     the peer), ike_sa_pop_dh() (DH work to do), ike_sa_pop_event()
 *     (what happened);
 *   - answers each DH request, whenever it likes, with ike_sa_dh_result().
 *
 * "now" is the caller's monotonic clock in milliseconds. All functions may
 * sleep (they call the ops table) and must be serialised per SA by the
 * caller; the core holds no locks.
 *
 * Asynchronous DH. The private values never enter the core: the caller (in
 * the kernel: the helper daemon) keeps them, keyed by the request id. The
 * initiator asks IKE_DH_KEYGEN (answer: our public value) and later
 * IKE_DH_SHARED with the same key_id and the peer's public value (answer:
 * the shared secret); the responder asks IKE_DH_KEYGEN_SHARED once (answer:
 * both). After answering a SHARED or KEYGEN_SHARED request the caller may
 * forget the private value; values of requests that are never followed up
 * (SA failed or freed) are the caller's to expire. A request that gets no
 * answer within cfg->dh_timeout_ms fails the SA (a CREATE_CHILD_SA one
 * only fails that Child SA); an answer for an id the SA no longer waits
 * for is ignored. Ids count per SA from 1: the caller keys private values
 * by (SA, id) and must not deliver an answer to a later SA at the same
 * address.
 *
 * Window size 1: one request of ours outstanding at a time; an API call
 * that would start a second exchange returns -EBUSY.
 */
#ifndef _IKE_SA_H
#define _IKE_SA_H

#include "ike_crypto.h"
#include "ike_keys.h"
#include "ike_sk.h"
#include "ike_proposal.h"

#define IKE_SA_ADDR_MAX		16	/* opaque address bytes */
#define IKE_SA_ID_MAX		128
#define IKE_SA_PSK_MAX		128
#define IKE_SA_MAX_CHILDREN	4
#define IKE_DH_PUB_MAX		512	/* public value bytes (MODP 3072: 384) */
#define IKE_DH_SHARED_MAX	512
#define IKE_SA_NONCE_LEN	32
#define IKE_SA_BUF_LEN		8192	/* largest message we build */

/* Defaults (strongSwan-like: 4 s * 1.8^n, 5 transmissions). */
#define IKE_SA_RETRANS_TIMEOUT_MS	4000
#define IKE_SA_RETRANS_BACKOFF_PCT	180
#define IKE_SA_RETRANS_TRIES		5
#define IKE_SA_DH_TIMEOUT_MS		30000
#define IKE_SA_HALF_OPEN_MS		30000

struct ike_sa_cfg {
	bool initiator;
	/*
	 * The IKE_SA_INIT datagram's addresses (@addr_len 4 or 16 bytes,
	 * network order) and ports (host order), as our socket sees them:
	 * the NAT detection hashes of RFC 7296 2.23 cover them. With any
	 * other @addr_len the SA sends and checks no NAT-D notifies.
	 */
	u8 local_addr[IKE_SA_ADDR_MAX];
	u8 remote_addr[IKE_SA_ADDR_MAX];
	u8 addr_len;
	u16 local_port;
	u16 remote_port;
	/*
	 * Send a random NAT_DETECTION_SOURCE_IP hash so that the peer sees
	 * a NAT in front of us and both sides encapsulate (strongSwan's
	 * "encap = yes"); locally counts as nat_local.
	 */
	bool force_encap;
	/*
	 * Initiator: N(INITIAL_CONTACT) in IKE_AUTH (RFC 7296 3.16), saying
	 * that we hold no other IKE SA with the peer (after a restart): it
	 * may drop what it still has of us.
	 */
	bool initial_contact;

	u8 psk[IKE_SA_PSK_MAX];
	u16 psk_len;

	u8 local_id_type;		/* enum ike_id_type */
	u16 local_id_len;
	u8 local_id[IKE_SA_ID_MAX];
	u8 remote_id_type;		/* 0: accept any peer ID */
	u16 remote_id_len;
	u8 remote_id[IKE_SA_ID_MAX];

	struct ike_prop_list ike;
	struct ike_prop_list esp;
	struct ike_ts_list local_ts;
	struct ike_ts_list remote_ts;

	/* 0 picks the defaults above. */
	u32 retrans_timeout_ms;
	u32 retrans_backoff_pct;	/* timeout *= pct / 100 per try */
	u32 retrans_tries;		/* transmissions before giving up */
	u32 dh_timeout_ms;
	u32 half_open_ms;		/* responder: IKE_AUTH must come by */
};

/* Fills the timing fields with the defaults and clears the rest. */
void ike_sa_cfg_init(struct ike_sa_cfg *cfg);

enum ike_dh_op {
	IKE_DH_KEYGEN = 1,		/* new keypair: answer pub */
	IKE_DH_SHARED,			/* key_id's private with peer: secret */
	IKE_DH_KEYGEN_SHARED,		/* new keypair and secret with peer */
};

struct ike_dh_req {
	u32 id;				/* answer with this */
	u32 key_id;			/* SHARED: the KEYGEN's id */
	u8 op;				/* enum ike_dh_op */
	u16 group;			/* IANA transform type 4 ID */
	u16 peer_len;
	u8 peer[IKE_DH_PUB_MAX];	/* peer public value (SHARED ops) */
};

enum ike_event_type {
	IKE_EV_ESTABLISHED = 1,		/* IKE SA up (after IKE_AUTH) */
	IKE_EV_CHILD_UP,		/* child: new Child SA with keys */
	IKE_EV_CHILD_FAILED,		/* notify: why (IKE SA stays up) */
	IKE_EV_CHILD_REKEYED,		/* child: the new one; old_spi_in */
	IKE_EV_CHILD_DELETED,		/* child.spi_in/out: which */
	IKE_EV_IKE_REKEYED,		/* the SA continues with new SPIs/keys */
	IKE_EV_ALIVE,			/* liveness check answered */
	IKE_EV_DELETED,			/* IKE SA deleted (either side) */
	IKE_EV_FAILED,			/* notify (0: see errno) and errno */
};

/* A Child SA as the data path needs it. Holds keys: wipe when done. */
struct ike_child_info {
	u32 spi_in;			/* ours: peer sends ESP with it */
	u32 spi_out;			/* peer's */
	u32 old_spi_in;			/* REKEYED: the SA it replaces */
	struct ike_suite esp;		/* prf unused */
	bool esn;
	bool initiator;			/* we initiated its exchange */
	struct ike_child_keys keys;	/* i2r / r2i by the exchange roles */
	struct ike_ts_list ts_local;
	struct ike_ts_list ts_remote;
	/* Negotiated ESP transforms, strongSwan syntax ("aes128gcm16-esn"). */
	char proposal[64];
};

struct ike_event {
	u8 type;			/* enum ike_event_type */
	/*
	 * FAILED, CHILD_FAILED: the error notify; ESTABLISHED:
	 * IKE_N_INITIAL_CONTACT if the peer's IKE_AUTH carried it (every
	 * other IKE SA with its identity is stale, RFC 7296 2.4), else 0.
	 */
	u16 notify;
	int error;			/* FAILED: -ETIMEDOUT, -EBADMSG, ... */
	struct ike_child_info child;	/* CHILD_* */
};

enum ike_sa_state {
	IKE_SA_S_INIT_DH,		/* initiator: waiting for our KE */
	IKE_SA_S_INIT_SENT,		/* initiator: IKE_SA_INIT sent */
	IKE_SA_S_INIT_SHARED,		/* initiator: waiting for g^ir */
	IKE_SA_S_AUTH_SENT,		/* initiator: IKE_AUTH sent */
	IKE_SA_S_R_DH,			/* responder: waiting for DH */
	IKE_SA_S_R_INIT_DONE,		/* responder: waiting for IKE_AUTH */
	IKE_SA_S_ESTABLISHED,
	IKE_SA_S_DELETING,		/* our Delete sent */
	IKE_SA_S_DEAD,			/* deleted or failed: free it */
};

struct ike_sa;

/*
 * Initiator: allocates the SA and asks for its first DH keypair (the
 * group of the first proposal). IKE_SA_INIT goes out once it is answered.
 */
int ike_sa_new_initiator(const struct ike_sa_cfg *cfg,
			 const struct ike_ops *ops, u64 now,
			 struct ike_sa **out);

/*
 * Responder: an SA for the IKE_SA_INIT request @buf (which the caller got
 * ACCEPT for from ike_front_check() or knows to be one). -EBADMSG etc.
 * when it is not a usable request (drop). A negotiation error
 * (NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD, INVALID_SYNTAX) still creates
 * the SA: it queues the error response and is DEAD with a FAILED event.
 */
int ike_sa_new_responder(const struct ike_sa_cfg *cfg,
			 const struct ike_ops *ops, const u8 *buf, u32 len,
			 u64 now, struct ike_sa **out);

/* Wipes all keys and frees. NULL is a no-op. */
void ike_sa_free(struct ike_sa *sa);

/*
 * A datagram from the peer (non-ESP marker removed). Never fails hard.
 * Returns 1 when it was a new message of this SA whose SK payload
 * verified (a request or response that was processed or answered): the
 * caller then takes its source address and port as the peer's (RFC 7296
 * 2.23, "the most recent valid authenticated message"). 0 for everything
 * else: dropped, unauthenticated, IKE_SA_INIT, or a retransmitted request
 * answered from the cache.
 */
int ike_sa_input(struct ike_sa *sa, const u8 *buf, u32 len, u64 now);
/* Retransmissions, DH and half-open timeouts due at @now. */
void ike_sa_timeout(struct ike_sa *sa, u64 now);
/* Earliest time ike_sa_timeout() has work; U64_MAX-like ~0 if none. */
u64 ike_sa_next_deadline(const struct ike_sa *sa);

/*
 * Next datagram to send, or false. *@buf stays valid until the next call
 * on @sa.
 */
bool ike_sa_pop_output(struct ike_sa *sa, const u8 **buf, u32 *len);
bool ike_sa_pop_dh(struct ike_sa *sa, struct ike_dh_req *req);
/* Copies the oldest event out; the caller wipes ev->child.keys. */
bool ike_sa_pop_event(struct ike_sa *sa, struct ike_event *ev);

/*
 * The answer to DH request @id: @status 0 with @pub (KEYGEN, KEYGEN_SHARED)
 * and @shared (SHARED, KEYGEN_SHARED), or a negative errno (SA fails).
 */
void ike_sa_dh_result(struct ike_sa *sa, u32 id, int status,
		      const u8 *pub, u32 pub_len,
		      const u8 *shared, u32 shared_len, u64 now);

/* INFORMATIONAL exchanges (ESTABLISHED only; -EBUSY, -EINVAL). */
int ike_sa_delete(struct ike_sa *sa, u64 now);
int ike_sa_delete_child(struct ike_sa *sa, u32 spi_in, u64 now);
int ike_sa_liveness(struct ike_sa *sa, u64 now);

/*
 * CREATE_CHILD_SA (ESTABLISHED only; -EBUSY while another exchange of
 * ours runs, -ENOENT for an unknown SPI): a new Child SA with the
 * configured proposals and selectors, or a rekey of the Child SA whose
 * inbound SPI is @spi_in (REKEY_SA; the old one is deleted once the new
 * one is up). PFS when the ESP proposal names a DH group.
 */
int ike_sa_create_child(struct ike_sa *sa, u64 now);
int ike_sa_rekey_child(struct ike_sa *sa, u32 spi_in, u64 now);
/*
 * Our inbound SPI of the Child SA that a CREATE_CHILD_SA we initiated
 * offers, from the moment the request is queued until its keys exist (the
 * CHILD_UP/CHILD_REKEYED event) or the exchange fails; else 0. The peer
 * may send on it as soon as it has answered (RFC 7296 2.8), before we can
 * decrypt: the caller holds such packets meanwhile.
 */
u32 ike_sa_child_offered_spi(const struct ike_sa *sa);
/*
 * IKE SA rekey: new SPIs and keys (SKEYSEED from the old SK_d), same
 * object; IKE_EV_IKE_REKEYED when the old SA has been deleted, after
 * which ike_sa_spi_i()/ike_sa_spi_r() give the new SPIs.
 */
int ike_sa_rekey_ike(struct ike_sa *sa, u64 now);

enum ike_sa_state ike_sa_state(const struct ike_sa *sa);
u64 ike_sa_spi_i(const struct ike_sa *sa);
u64 ike_sa_spi_r(const struct ike_sa *sa);
/*
 * The identity the peer authenticated with: its ID payload's body (type,
 * three reserved octets, data) and length; 0 before IKE_AUTH succeeded.
 */
u32 ike_sa_peer_id(const struct ike_sa *sa, const u8 **body);
bool ike_sa_is_initiator(const struct ike_sa *sa);

/*
 * NAT detection results (RFC 7296 2.23), valid once IKE_SA_INIT is done.
 * nat_local: the peer saw another address/port than ours (we are behind a
 * NAT, or force_encap); nat_remote: the peer is. natt: both sides sent
 * NAT-D and a NAT is in the path (or force_encap): everything after
 * IKE_SA_INIT goes to port 4500 with the non-ESP marker, and ESP is
 * UDP-encapsulated (RFC 3948).
 */
bool ike_sa_natt(const struct ike_sa *sa);
bool ike_sa_nat_local(const struct ike_sa *sa);
bool ike_sa_nat_remote(const struct ike_sa *sa);

/*
 * Whether this SA's Child SAs send and expect ESP in UDP (RFC 3948): only
 * when NAT detection found a NAT or force_encap is set on either side,
 * the same as ike_sa_natt(). The port IKE talks on does not enter into
 * it: a MOBIKE peer (RFC 4555 3.3, strongSwan's default) moves IKE to
 * 4500 after IKE_SA_INIT with no NAT anywhere, and then expects plain ESP
 * (RFC 7296 2.23: encapsulation follows a detected NAT).
 */
bool ike_sa_esp_encap(const struct ike_sa *sa);

/*
 * The negotiated IKE transforms in strongSwan syntax
 * ("aes128gcm16-prfsha256-x25519"): length, -ENOENT before IKE_SA_INIT
 * chose them, -ENOSPC if @size is too small (@buf then holds a prefix).
 */
int ike_sa_format_proposal(const struct ike_sa *sa, char *buf, size_t size);
/* The IKE SA's key exchange group (IANA ID); the offered one until chosen. */
u16 ike_sa_dh_group(const struct ike_sa *sa);

/* ---------------------------------------------------------------------- */
/*
 * Stateless front for IKE_SA_INIT requests (RFC 7296 2.6): before any
 * state exists, decides whether a datagram may create a responder SA.
 * The caller rotates @secret (and keeps the previous one in @old_secret
 * for a while) and sets @under_load from its half-open SA count.
 */
struct ike_front {
	const struct ike_ops *ops;
	bool under_load;
	u8 secret_ver;			/* low bit: which secret is current */
	u8 secret[32];
	u8 old_secret[32];
	bool have_old;
	const u8 *remote_addr;		/* the request's source, opaque */
	u8 remote_addr_len;
	u16 remote_port;
};

enum ike_front_verdict {
	IKE_FRONT_DROP = 0,		/* silence */
	IKE_FRONT_ACCEPT = 1,		/* ike_sa_new_responder() */
	IKE_FRONT_REPLY = 2,		/* send @out (COOKIE, version error) */
};

/*
 * Returns a verdict, or a negative errno (-ENOMEM...: drop). @out must
 * hold at least 128 bytes (@cap); *@out_len is set for REPLY.
 */
int ike_front_check(const struct ike_front *f, const u8 *buf, u32 len,
		    u8 *out, u32 cap, u32 *out_len);

#endif /* _IKE_SA_H */
