/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv2 message codec (RFC 7296 section 3): pure functions over flat
 * buffers, no allocation, no state.
 *
 * Decoding is zero-copy: decoded structures point into the caller's buffer,
 * which must stay alive and unchanged while they are used. Every length that
 * comes from the network is checked before it is used; nothing is read
 * outside [buf, buf + len).
 *
 * Receive path, as the exchange state machine uses it:
 *
 *	ike_decode_hdr()	28-byte header: SPIs for the SA lookup
 *	ike_decode_msg()	header + the payload chain; every payload body
 *				of a type we know is validated here, so typed
 *				decoders called later on the same bytes succeed
 *	ike_msg_sk()		the SK payload, if any: the SK layer
 *				(ike_sk.h) authenticates and decrypts it in
 *				place, then
 *	ike_decode_chain()	parses the inner payloads the same way
 *	ike_chain_find() ...	look payloads up; ike_decode_<type>() reads
 *				their bodies
 *
 * Errors are negative errno values plus a struct ike_err saying which
 * error Notify (if any) the caller should answer with:
 *
 *	-EMSGSIZE	not an IKE message we can trust (shorter than the
 *			header, Length field disagrees with the datagram);
 *			drop silently, notify 0
 *	-EPROTONOSUPPORT major version is not 2; header fields are valid.
 *			notify INVALID_MAJOR_VERSION for a higher version
 *			(RFC 7296 2.5), 0 for a lower one (IKEv1)
 *	-EBADMSG	malformed: notify INVALID_SYNTAX (0 only where no
 *			answer is possible, e.g. a zero initiator SPI)
 *	-EOPNOTSUPP	unrecognised payload with the critical bit set:
 *			notify UNSUPPORTED_CRITICAL_PAYLOAD, arg = its type
 *	-E2BIG		one of the limits below is exceeded: INVALID_SYNTAX
 *	-EINVAL		API misuse (encoder only)
 *
 * Whether a message may be answered at all (never a response; only
 * INVALID_SYNTAX after authentication, RFC 7296 2.21) is the state
 * machine's decision, not the codec's.
 *
 * Transmit path: a struct ike_writer appends the header and payloads to a
 * caller buffer, chaining Next Payload fields and patching lengths; see
 * "Encoding" below.
 */
#ifndef _IKE_CODEC_H
#define _IKE_CODEC_H

#include "ike_port.h"
#include "ike_const.h"

/*
 * Limits. Each bounds the work a single message can cause; a message that
 * exceeds one is rejected with -E2BIG. They are generous next to what
 * strongSwan, Libreswan, Windows and iOS send (strongSwan's default IKE
 * proposal is one proposal of about 40 transforms).
 */
#define IKE_MSG_MAX_LEN		65535	/* a UDP payload; offsets fit u16 */
#define IKE_MAX_PAYLOADS	64	/* per chain, unknown ones included */
#define IKE_MAX_NOTIFIES	32	/* Notify payloads per chain */
#define IKE_MAX_PROPOSALS	64	/* per SA payload */
#define IKE_MAX_TRANSFORMS	128	/* per proposal */
#define IKE_MAX_ATTRS		8	/* attributes per transform */
#define IKE_MAX_TS		16	/* traffic selectors per TS payload */
#define IKE_MAX_CP_ATTRS	64	/* attributes per CP payload */

#define IKE_HDR_LEN		28
#define IKE_GEN_HDR_LEN		4
#define IKE_SPI_MAX		8

/*
 * Wire layouts. Multi-octet fields are byte arrays read with
 * get_unaligned_be*(): alignment 1, no endianness or padding surprises.
 */
struct ike_wire_hdr {			/* RFC 7296 3.1 */
	u8 spi_i[8];
	u8 spi_r[8];
	u8 next_payload;
	u8 version;			/* major << 4 | minor */
	u8 exchange;
	u8 flags;
	u8 msg_id[4];
	u8 length[4];			/* whole message, header included */
};
static_assert(sizeof(struct ike_wire_hdr) == IKE_HDR_LEN,
	      "wire layout");

struct ike_wire_gen {			/* 3.2 generic payload header */
	u8 next_payload;
	u8 flags;			/* critical bit, 7 reserved */
	u8 length[2];			/* payload length, header included */
};
static_assert(sizeof(struct ike_wire_gen) == IKE_GEN_HDR_LEN,
	      "wire layout");

struct ike_wire_prop {			/* 3.3.1 */
	u8 last;			/* 0 last, 2 more */
	u8 reserved;
	u8 length[2];
	u8 num;
	u8 protocol;
	u8 spi_size;
	u8 n_transforms;
	/* SPI, then transforms */
};
static_assert(sizeof(struct ike_wire_prop) == 8,
	      "wire layout");

struct ike_wire_xform {			/* 3.3.2 */
	u8 last;			/* 0 last, 3 more */
	u8 reserved;
	u8 length[2];
	u8 type;
	u8 reserved2;
	u8 id[2];
	/* attributes */
};
static_assert(sizeof(struct ike_wire_xform) == 8,
	      "wire layout");

struct ike_wire_attr {			/* 3.3.5 */
	u8 type[2];			/* AF bit | attribute type */
	u8 value[2];			/* TV: the value; TLV: value length */
};
static_assert(sizeof(struct ike_wire_attr) == 4,
	      "wire layout");

struct ike_wire_ke {			/* 3.4 */
	u8 group[2];
	u8 reserved[2];
};
static_assert(sizeof(struct ike_wire_ke) == 4,
	      "wire layout");

struct ike_wire_id {			/* 3.5; AUTH (3.8) has the same shape */
	u8 type;
	u8 reserved[3];
};
static_assert(sizeof(struct ike_wire_id) == 4,
	      "wire layout");

struct ike_wire_notify {		/* 3.10 */
	u8 protocol;
	u8 spi_size;
	u8 type[2];
};
static_assert(sizeof(struct ike_wire_notify) == 4,
	      "wire layout");

struct ike_wire_delete {		/* 3.11 */
	u8 protocol;
	u8 spi_size;
	u8 n_spi[2];
};
static_assert(sizeof(struct ike_wire_delete) == 4,
	      "wire layout");

struct ike_wire_ts_hdr {		/* 3.13 */
	u8 n_ts;
	u8 reserved[3];
};
static_assert(sizeof(struct ike_wire_ts_hdr) == 4,
	      "wire layout");

struct ike_wire_ts {			/* 3.13.1, addresses follow */
	u8 type;
	u8 ip_proto;
	u8 length[2];			/* selector length, this header included */
	u8 start_port[2];
	u8 end_port[2];
};
static_assert(sizeof(struct ike_wire_ts) == 8,
	      "wire layout");

struct ike_wire_cp {			/* 3.15 */
	u8 type;
	u8 reserved[3];
};
static_assert(sizeof(struct ike_wire_cp) == 4,
	      "wire layout");

struct ike_wire_cp_attr {		/* 3.15.1 */
	u8 type[2];			/* R bit | attribute type */
	u8 length[2];
};
static_assert(sizeof(struct ike_wire_cp_attr) == 4,
	      "wire layout");

struct ike_wire_eap {			/* RFC 3748 4 */
	u8 code;
	u8 id;
	u8 length[2];			/* whole EAP packet */
};
static_assert(sizeof(struct ike_wire_eap) == 4,
	      "wire layout");

struct ike_wire_skf {			/* RFC 7383 2.5, after the generic header */
	u8 frag_num[2];
	u8 total[2];
};
static_assert(sizeof(struct ike_wire_skf) == 4,
	      "wire layout");

/* ---------------------------------------------------------------------- */
/* Errors */

/*
 * Why decoding or negotiation failed. Filled only when a function returns
 * an error; left untouched on success. May be NULL where the caller does
 * not care.
 */
struct ike_err {
	/* Error Notify type to answer with; 0: none. */
	u16 notify;
	/*
	 * UNSUPPORTED_CRITICAL_PAYLOAD: the payload type; INVALID_KE_PAYLOAD:
	 * the DH group we want; proposal parser: length of the bad token.
	 */
	u16 arg;
	/*
	 * Where the problem is, in bytes from the start of the buffer decoded
	 * (a position in the string for the proposal parser). For logs.
	 */
	u32 offset;
	const char *reason;	/* static text for logs */
};

/*
 * The Notification Data that goes with @err->notify (RFC 7296 3.10.1):
 * the payload type (1 octet) for UNSUPPORTED_CRITICAL_PAYLOAD, the group
 * (2 octets) for INVALID_KE_PAYLOAD, nothing otherwise. Writes at most 2
 * bytes to @buf and returns how many.
 */
unsigned int ike_err_notify_data(const struct ike_err *err, u8 *buf);

/* ---------------------------------------------------------------------- */
/* Decoding: header and payload chain */

/*
 * The IKE header. SPIs are the big-endian reading of their 8 octets, so
 * put_unaligned_be64() gives the wire form back (SKEYSEED and NAT-D hash
 * the wire form).
 */
struct ike_hdr {
	u64 spi_i;
	u64 spi_r;
	u32 msg_id;
	u32 length;
	u8 next_payload;	/* type of the first payload */
	u8 major;
	u8 minor;
	u8 exchange;		/* enum ike_exchange */
	u8 flags;		/* enum ike_hdr_flag; reserved bits as received */
};

static inline bool ike_hdr_is_response(const struct ike_hdr *hdr)
{
	return hdr->flags & IKE_HDR_F_RESPONSE;
}

/* Sent by the original initiator of the IKE SA (I flag). */
static inline bool ike_hdr_from_initiator(const struct ike_hdr *hdr)
{
	return hdr->flags & IKE_HDR_F_INITIATOR;
}

/*
 * One payload of a decoded chain. @body points into the decoded buffer,
 * just after the 4-byte generic header (at buffer + @offset).
 */
struct ike_payload {
	const u8 *body;
	u16 len;		/* body length: payload length - 4 */
	u16 offset;		/* of the generic header in the buffer */
	u8 type;		/* enum ike_payload_type */
	/* Next Payload as received; for SK and SKF: first inner type. */
	u8 next;
	u8 flags;		/* critical and reserved bits as received */
};

/* Payloads of one chain, in message order; unknown non-critical skipped. */
struct ike_chain {
	u8 count;
	u8 skipped;		/* unknown non-critical payloads skipped */
	u8 n_notify;
	u32 seen;		/* BIT(type - 32) of each type present */
	struct ike_payload pl[IKE_MAX_PAYLOADS];
};

/* A decoded datagram. About 1.1 KiB: keep it off small kernel stacks. */
struct ike_msg {
	struct ike_hdr hdr;
	const u8 *raw;		/* the datagram (AUTH signs it whole) */
	u32 len;
	struct ike_chain chain;	/* the payloads outside SK */
};

/* Flags of ike_decode_chain(). */
/* Chain of a response: SA payloads are answers (one proposal), not offers. */
#define IKE_DEC_RESPONSE	0x1
#define IKE_DEC_INNER		0x2	/* inside SK: SK and SKF not allowed */

/*
 * Header only: @len is the datagram length (non-ESP marker removed).
 * Checks size, major version (before Length, so that a future version with
 * another layout is still reported as such), Length == @len and a non-zero
 * initiator SPI. On -EPROTONOSUPPORT and on a Length mismatch @hdr is filled.
 */
int ike_decode_hdr(const u8 *buf, u32 len, struct ike_hdr *hdr,
		   struct ike_err *err);

/*
 * Header and the outer payload chain of the datagram @buf, @len bytes.
 * @msg->hdr is valid whenever the return is not -EMSGSIZE for a too short
 * datagram. Rules (RFC 7296 3.2, 3.14): each payload length >= 4 and within
 * the message; the chain ends with Next Payload 0 exactly at the end, or at
 * SK/SKF which must then end exactly at the end; at most one of each of SA,
 * KE, IDi, IDr, AUTH, Nonce, TSi, TSr, SK, SKF, CP, EAP; unknown payloads
 * skipped unless critical; reserved bits ignored; each known body validated.
 * Payloads in the clear before SK are allowed by the codec; whether an
 * exchange may carry them is the state machine's rule.
 */
int ike_decode_msg(const u8 *buf, u32 len, struct ike_msg *msg,
		   struct ike_err *err);

/*
 * The payload chain in @buf[@start, @end) whose first payload is of type
 * @first (the header's Next Payload, or an SK payload's ->next for the
 * decrypted inner chain). Offsets in the result and in @err are from @buf,
 * so decoding the inner chain in place inside the message keeps message
 * offsets. @end must not exceed IKE_MSG_MAX_LEN. @flags: IKE_DEC_*.
 */
int ike_decode_chain(u8 first, const u8 *buf, u32 start, u32 end,
		     unsigned int flags, struct ike_chain *chain,
		     struct ike_err *err);

/* First payload of @type, or NULL. */
const struct ike_payload *ike_chain_find(const struct ike_chain *chain,
					 u8 type);
/* Next payload of @type after @prev (NULL: from the start), or NULL. */
const struct ike_payload *ike_chain_next(const struct ike_chain *chain,
					 u8 type,
					 const struct ike_payload *prev);

static inline bool ike_chain_has(const struct ike_chain *chain, u8 type)
{
	return type > 32 && type < 64 && (chain->seen & (1u << (type - 32)));
}

/* The SK or SKF payload of a decoded message (always last), or NULL. */
static inline const struct ike_payload *ike_msg_sk(const struct ike_msg *msg)
{
	const struct ike_payload *pl;

	if (!msg->chain.count)
		return NULL;
	pl = &msg->chain.pl[msg->chain.count - 1];
	return pl->type == IKE_PT_SK || pl->type == IKE_PT_SKF ? pl : NULL;
}

/* ---------------------------------------------------------------------- */
/* Decoding: payload bodies. All take a payload from a decoded chain. */

struct ike_ke {				/* 3.4 */
	u16 group;
	u16 len;			/* >= 1; per-group length: ike_dh_ke_len() */
	const u8 *data;
};

struct ike_id {				/* 3.5: IDi, IDr */
	u8 type;			/* enum ike_id_type */
	u16 len;			/* IPv4 4, IPv6 16, ID_NULL 0, others >= 1 */
	const u8 *data;
};

struct ike_cert {			/* 3.6 CERT (data >= 1), 3.7 CERTREQ */
	u8 encoding;			/* enum ike_cert_encoding */
	u16 len;
	const u8 *data;
};

struct ike_auth {			/* 3.8 */
	u8 method;			/* enum ike_auth_method */
	u16 len;			/* >= 1 */
	const u8 *data;
};

struct ike_blob {			/* Nonce (3.9), Vendor ID (3.12) */
	u16 len;
	const u8 *data;
};

struct ike_notify {			/* 3.10 */
	u16 type;			/* enum ike_notify_type */
	u8 protocol;			/* ignored by RFC when spi_size is 0 */
	u8 spi_size;
	const u8 *spi;
	u16 len;			/* notification data */
	const u8 *data;
};

struct ike_delete {			/* 3.11 */
	u8 protocol;			/* IKE: no SPIs; AH/ESP: 4-byte SPIs */
	u8 spi_size;
	u16 n_spi;
	const u8 *spis;			/* n_spi * spi_size bytes */
};

/* A traffic selector by value (3.13.1). IPv4 uses the first 4 octets. */
struct ike_ts {
	u8 type;			/* IKE_TS_IPV4/6_ADDR_RANGE */
	u8 ip_proto;			/* 0: any */
	u16 start_port;			/* 0..65535 any; 65535..0 OPAQUE */
	u16 end_port;
	u8 start[16];			/* network order, unused octets 0 */
	u8 end[16];
};

struct ike_ts_list {
	u8 count;
	u8 unknown;			/* selectors of unknown type skipped */
	bool truncated;			/* narrowing dropped some (no room) */
	struct ike_ts ts[IKE_MAX_TS];
};

/* SK (3.14) or SKF (RFC 7383 2.5). */
struct ike_sk_payload {
	u8 first_inner;			/* Next Payload of the SK header */
	bool fragment;			/* SKF */
	u16 frag_num;			/* SKF: 1..frag_total */
	u16 frag_total;
	/* Of the SK generic header: the AEAD AAD is [0, hdr_offset + 4). */
	u16 hdr_offset;
	u16 len;			/* IV | ciphertext | ICV */
	const u8 *data;
};

struct ike_cp {				/* 3.15 */
	u8 type;			/* enum ike_cfg_type */
	u8 n_attrs;
	u16 len;			/* attribute bytes */
	const u8 *attrs;
};

struct ike_cp_attr {
	u16 type;			/* reserved bit cleared */
	u16 len;
	const u8 *value;
};

struct ike_eap {			/* 3.16: one EAP packet */
	u8 code;			/* enum ike_eap_code */
	u8 id;
	/* EAP Type of Request/Response/Initiate/Finish; 0 otherwise. */
	u8 type;
	u16 len;			/* whole packet == payload body */
	const u8 *pkt;
};

int ike_decode_ke(const struct ike_payload *pl, struct ike_ke *ke,
		  struct ike_err *err);
int ike_decode_id(const struct ike_payload *pl, struct ike_id *id,
		  struct ike_err *err);
/* CERT or CERTREQ, by pl->type. */
int ike_decode_cert(const struct ike_payload *pl, struct ike_cert *cert,
		    struct ike_err *err);
int ike_decode_auth(const struct ike_payload *pl, struct ike_auth *auth,
		    struct ike_err *err);
/* Nonce data must be 16..256 bytes (RFC 7296 3.9). */
int ike_decode_nonce(const struct ike_payload *pl, struct ike_blob *nonce,
		     struct ike_err *err);
/*
 * Also checks the data of the notifies whose format RFC 7296 fixes and that
 * we act on: INVALID_KE_PAYLOAD (2), NAT_DETECTION_* (20), COOKIE (1..64),
 * SET_WINDOW_SIZE (4), REKEY_SA (AH/ESP SPI of 4), IPCOMP_SUPPORTED (>= 3),
 * SIGNATURE_HASH_ALGORITHMS (even).
 */
int ike_decode_notify(const struct ike_payload *pl, struct ike_notify *n,
		      struct ike_err *err);
int ike_decode_delete(const struct ike_payload *pl, struct ike_delete *del,
		      struct ike_err *err);
/* The i-th SPI of a decoded AH/ESP Delete; i < del->n_spi. */
static inline u32 ike_delete_spi(const struct ike_delete *del, u16 i)
{
	return get_unaligned_be32(del->spis + 4 * (u32)i);
}
int ike_decode_vendor(const struct ike_payload *pl, struct ike_blob *vid,
		      struct ike_err *err);
/*
 * TSi/TSr into @out (NULL: validate only). At least one selector; IPv4
 * selectors 16 bytes, IPv6 40; start address <= end address; start port
 * <= end port unless OPAQUE (65535, 0). Selectors of unknown type are
 * skipped and counted (RFC 7296 2.9: the responder ignores them).
 */
int ike_decode_ts(const struct ike_payload *pl, struct ike_ts_list *out,
		  struct ike_err *err);
/* SK or SKF, by pl->type. Decrypting is the SK layer's job (ike_sk.h). */
int ike_decode_sk(const struct ike_payload *pl, struct ike_sk_payload *sk,
		  struct ike_err *err);
int ike_decode_cp(const struct ike_payload *pl, struct ike_cp *cp,
		  struct ike_err *err);
/*
 * Walks the attributes of a decoded CP: @pos starts at 0. Returns false at
 * the end (and on bytes that ike_decode_cp() would have rejected).
 */
bool ike_cp_next_attr(const struct ike_cp *cp, u16 *pos,
		      struct ike_cp_attr *attr);
int ike_decode_eap(const struct ike_payload *pl, struct ike_eap *eap,
		   struct ike_err *err);

/*
 * SA payloads (3.3) are walked in place rather than copied: an offer can
 * hold thousands of transforms. ike_decode_sa() validates the whole tree;
 * the iterators then walk it (they stay memory-safe on any input and stop
 * early on bytes that ike_decode_sa() would have rejected).
 *
 * Offer (a request): proposals numbered 1, 2, 3...; answer (a response):
 * exactly one proposal, any number >= 1. Both: last-substructure values
 * 0/2 and 0/3 consistent with the data; proposal and transform lengths
 * within their parent; the transform count equal to the transforms
 * present (at least one); SPI size 0 or 8 for IKE, 4 for AH/ESP; protocol
 * not 0; attributes TV or TLV within the transform, Key Length TV, non-zero
 * and not repeated. A transform with an attribute we do not know is kept
 * but flagged (->unknown_attr: unusable, RFC 7296 3.3.6); unknown
 * protocols, transform types and IDs are kept as they are. Syntax only:
 * ike_proposal.c decides what is acceptable.
 */
enum ike_sa_role {
	IKE_SA_OFFER,
	IKE_SA_ANSWER,
};

struct ike_sa_prop {
	u8 num;
	u8 protocol;			/* enum ike_protocol */
	u8 spi_size;
	u8 n_transforms;
	const u8 *spi;
	const u8 *xforms;		/* first transform substructure */
	u16 xforms_len;
};

struct ike_sa_xform {
	u8 type;			/* enum ike_transform_type */
	u16 id;
	u16 keylen;			/* Key Length attribute (bits), 0: none */
	bool unknown_attr;		/* has an attribute we do not know */
};

struct ike_sa_iter {
	const u8 *p;
	u32 left;
};

struct ike_xform_iter {
	const u8 *p;
	u32 left;
};

/* @n_props (may be NULL) receives the number of proposals. */
int ike_decode_sa(const struct ike_payload *pl, enum ike_sa_role role,
		  u8 *n_props, struct ike_err *err);
void ike_sa_iter_init(struct ike_sa_iter *it, const struct ike_payload *pl);
bool ike_sa_next_prop(struct ike_sa_iter *it, struct ike_sa_prop *prop);
void ike_xform_iter_init(struct ike_xform_iter *it,
			 const struct ike_sa_prop *prop);
bool ike_xform_next(struct ike_xform_iter *it, struct ike_sa_xform *xf);

/* ---------------------------------------------------------------------- */
/* Encoding */

/*
 * Appends to @buf[0, @cap). The first error sticks (like a FILE error
 * flag): later calls do nothing and ike_writer_finish() reports it, so a
 * builder may check only at the end. Every ike_put_*() also returns 0 or
 * the error right away.
 *
 *	ike_writer_init(&w, buf, cap);
 *	ike_put_hdr(&w, &hdr);		optional: a bare chain otherwise
 *	ike_put_nonce(&w, ...);		each appends one payload, patching
 *	ike_put_notify(&w, ...);	the previous Next Payload field
 *	len = ike_writer_finish(&w);	patches the header Length
 *
 * Composite payloads: ike_put_sa_begin(), then per proposal
 * ike_put_proposal() and its ike_put_transform()s, then ike_put_sa_end()
 * (last-substructure flags, counts and lengths are patched); ike_put_cp_begin(),
 * ike_put_cp_attr()..., ike_put_payload_end(); any other payload:
 * ike_put_payload_begin(), ike_put_bytes()/ike_put_u8/16/32(),
 * ike_put_payload_end().
 *
 * Encrypted messages: ike_put_sk_begin(&w, iv_len) appends the SK header
 * and reserves the IV; the inner payloads are then appended in plaintext
 * (the first one's type lands in the SK header's Next Payload, the last
 * one's Next Payload is 0); ike_put_sk_end() closes the message and gives
 * the layout for the SK layer to fill in and encrypt in place:
 *
 *	ike_put_sk_end(&w, 0, &lay);
 *	ike_sk_protect(sk, lay.msg, w.cap, lay.sk_off, lay.pt_len, &len);
 *
 * (ike_sk_protect() appends padding and ICV itself, within the capacity,
 * and sets both lengths.) A layer that wants the room reserved instead
 * passes tail_len: the bytes are zeroed and counted in both lengths.
 * Nothing may be appended after SK (RFC 7296 3.14).
 *
 * Encoders refuse (-EINVAL) what the decoder would reject, so everything
 * we send parses: nonce length, TS contents, ID lengths, SPI sizes...
 */
struct ike_writer {
	u8 *buf;
	u32 cap;
	u32 len;		/* bytes written */
	int error;		/* sticky: 0, -EMSGSIZE (full) or -EINVAL */
	/* private bookkeeping */
	u32 np_off;		/* Next Payload byte the next payload patches */
	u32 pl_off;		/* open payload's generic header */
	u32 sk_off;		/* open SK payload's generic header */
	u32 prop_off;		/* open proposal (SA) */
	u32 xf_off;		/* last transform of the open proposal */
	u8 open_type;		/* type of the open payload */
	u8 n_xf;		/* transforms in the open proposal */
	u8 first_type;		/* first payload's type (bare chains) */
	u8 iv_len;		/* of the open SK */
	bool has_hdr;
	bool closed;		/* SK ended: nothing may follow */
};

/* Where an SK payload's pieces are, for the SK layer. */
struct ike_sk_layout {
	u8 *msg;		/* the writer's buffer */
	u32 msg_len;		/* message length so far (incl. tail_len) */
	u32 sk_off;		/* SK generic header; AAD = msg[0, sk_off + 4) */
	u32 iv_off;		/* sk_off + 4, iv_len zeroed bytes */
	u32 iv_len;
	u32 pt_off;		/* inner payloads, plaintext */
	u32 pt_len;
	u32 tail_off;		/* tail_len zeroed bytes (padding, ICV) */
	u32 tail_len;
};

void ike_writer_init(struct ike_writer *w, u8 *buf, u32 cap);
/*
 * Total length, after patching the header Length; or the sticky error.
 * -EINVAL also if a payload or SK is still open.
 */
int ike_writer_finish(struct ike_writer *w);
/*
 * Records @rc (negative errno) as the writer's error unless one is already
 * recorded; returns the recorded error. For builders layered on top.
 */
int ike_writer_fail(struct ike_writer *w, int rc);
/* Type of the first payload written (for a bare chain's caller). */
static inline u8 ike_writer_first_type(const struct ike_writer *w)
{
	return w->first_type;
}

/*
 * Must come first. Writes version 2.0; hdr->next_payload and ->length are
 * ignored (patched); ->major/->minor too.
 */
int ike_put_hdr(struct ike_writer *w, const struct ike_hdr *hdr);

int ike_put_payload_begin(struct ike_writer *w, u8 type, u8 flags);
int ike_put_payload_end(struct ike_writer *w);
int ike_put_bytes(struct ike_writer *w, const void *data, u32 len);
int ike_put_u8(struct ike_writer *w, u8 v);
int ike_put_u16(struct ike_writer *w, u16 v);
int ike_put_u32(struct ike_writer *w, u32 v);

int ike_put_sa_begin(struct ike_writer *w);
/* Opens a proposal, closing the previous one. @spi_size per protocol. */
int ike_put_proposal(struct ike_writer *w, u8 num, u8 protocol,
		     const u8 *spi, u8 spi_size);
/* @keylen != 0 adds the Key Length attribute (TV). */
int ike_put_transform(struct ike_writer *w, u8 type, u16 id, u16 keylen);
int ike_put_sa_end(struct ike_writer *w);

int ike_put_ke(struct ike_writer *w, u16 group, const u8 *data, u16 len);
/* @pt: IKE_PT_IDI or IKE_PT_IDR. */
int ike_put_id(struct ike_writer *w, u8 pt, u8 id_type, const u8 *data,
	       u16 len);
/* @pt: IKE_PT_CERT or IKE_PT_CERTREQ. */
int ike_put_cert(struct ike_writer *w, u8 pt, u8 encoding, const u8 *data,
		 u16 len);
int ike_put_auth(struct ike_writer *w, u8 method, const u8 *data, u16 len);
int ike_put_nonce(struct ike_writer *w, const u8 *data, u16 len);
/* @spi_size 0 (then @spi may be NULL; protocol is sent as given). */
int ike_put_notify(struct ike_writer *w, u8 protocol, const u8 *spi,
		   u8 spi_size, u16 type, const u8 *data, u16 len);
/* IKE: @n 0, @spis NULL. AH/ESP: @n 4-byte SPIs, wire order. */
int ike_put_delete(struct ike_writer *w, u8 protocol, const u8 *spis,
		   u16 n);
int ike_put_vendor(struct ike_writer *w, const u8 *data, u16 len);
/* @pt: IKE_PT_TSI or IKE_PT_TSR; 1..IKE_MAX_TS valid selectors. */
int ike_put_ts(struct ike_writer *w, u8 pt, const struct ike_ts_list *ts);
/* One EAP packet, as built by the EAP method (its Length must match). */
int ike_put_eap(struct ike_writer *w, const u8 *pkt, u16 len);
int ike_put_cp_begin(struct ike_writer *w, u8 cfg_type);
int ike_put_cp_attr(struct ike_writer *w, u16 type, const u8 *value,
		    u16 len);

/* @iv_len: the SK layer's IV length for the SA (struct ike_sk.iv_len). */
int ike_put_sk_begin(struct ike_writer *w, u8 iv_len);
int ike_put_sk_end(struct ike_writer *w, u32 tail_len,
		   struct ike_sk_layout *lay);

#endif /* _IKE_CODEC_H */
