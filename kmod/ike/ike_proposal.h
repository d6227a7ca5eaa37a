/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Algorithm negotiation (RFC 7296 2.7, 3.3) and traffic selector narrowing
 * (RFC 7296 2.9).
 *
 * Local policy is a struct ike_prop_list: proposals in preference order,
 * each with per-transform-type algorithm lists in preference order, parsed
 * from strongSwan proposal strings ("aes128gcm16-prfsha256-x25519") by
 * ike_prop_parse() -- in the kernel (netlink) and in the `ike` tool alike.
 *
 *	initiator			responder
 *	ike_prop_put_offer()  --SA-->	ike_prop_select()
 *					ike_chosen_check_ke()  (INVALID_KE_PAYLOAD)
 *	ike_prop_check_answer() <--SA--	ike_chosen_put_sa()
 *
 * Both ends end up with a struct ike_chosen: one algorithm per transform
 * type plus the peer's SPI.
 *
 * Errors use struct ike_err (ike_codec.h): the notify to answer with
 * (NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD + group, TS_UNACCEPTABLE,
 * INVALID_SYNTAX for a malformed SA payload) and a reason for logs.
 */
#ifndef _IKE_PROPOSAL_H
#define _IKE_PROPOSAL_H

#include "ike_codec.h"

#define IKE_PROP_MAX		8	/* proposals in a local list */
#define IKE_PROP_MAX_ALGS	8	/* algorithms per type in one proposal */

/* One algorithm: transform ID and key length in bits (0: no attribute). */
struct ike_alg {
	u16 id;
	u16 keylen;
};

/* A local proposal: for each transform type, acceptable algorithms. */
struct ike_prop {
	u8 protocol;				/* IKE_PROTO_IKE/ESP */
	u8 n[IKE_XFT_MAX + 1];			/* by IKE_XFT_*; [0] unused */
	struct ike_alg alg[IKE_XFT_MAX + 1][IKE_PROP_MAX_ALGS];
};

struct ike_prop_list {
	u8 count;
	struct ike_prop prop[IKE_PROP_MAX];
};

/* The outcome of a negotiation: what both ends use for the SA. */
struct ike_chosen {
	u8 num;				/* proposal number (the offerer's) */
	u8 protocol;
	u8 present;			/* BIT(type) for each type chosen */
	u8 spi_size;
	u8 spi[IKE_SPI_MAX];		/* the peer's SPI from its proposal */
	struct ike_alg xf[IKE_XFT_MAX + 1];	/* by IKE_XFT_*, [0] unused */
};

/* Transform ID chosen for @type; 0 (NONE) when the type is absent. */
static inline u16 ike_chosen_id(const struct ike_chosen *c, u8 type)
{
	return type <= IKE_XFT_MAX && (c->present & (1u << type)) ?
		c->xf[type].id : 0;
}

/* Flags of ike_prop_put_offer(), ike_prop_select(), ike_prop_check_answer(). */
/* IKE_AUTH Child SA: no KE is exchanged, so no DH (RFC 7296 1.2). */
#define IKE_PROP_F_NO_DH	0x1
#define IKE_PROP_F_REKEY	0x2	/* IKE SA rekey: IKE SPI size 8 */
/*
 * CREATE_CHILD_SA responder for a conn whose ESP proposals name no DH
 * group: a peer that sends a KE payload (PFS) gets its group if
 * ike_dh_supported(), as Libreswan and strongSwan responders do; see
 * ike_prop_select().
 */
#define IKE_PROP_F_PEER_PFS	0x4

/* Defaults for a conn that names no proposals. */
#define IKE_PROP_DEFAULT_IKE \
	"aes256gcm16-aes128gcm16-chacha20poly1305-prfsha256-prfsha384-" \
	"prfsha512-x25519-ecp256-ecp384-modp3072-modp2048," \
	"aes256-aes128-sha256-sha384-sha512-x25519-ecp256-ecp384-" \
	"modp3072-modp2048"
#define IKE_PROP_DEFAULT_ESP \
	"aes256gcm16-aes128gcm16-chacha20poly1305-noesn-esn," \
	"aes256-aes128-sha256-sha384-sha512-noesn-esn"

/*
 * Parses @len bytes of @str (no NUL needed): proposals separated by ',',
 * keywords by '-', strongSwan spelling, lower case:
 *
 *   encryption  aes128 aes192 aes256 (CBC), aes128gcm16 aes192gcm16
 *               aes256gcm16 (alias aes128gcm...), chacha20poly1305
 *   integrity   sha256 sha384 sha512 (alias sha2_256...): HMAC-SHA2
 *   prf         prfsha256 prfsha384 prfsha512
 *   dh          modp2048 modp3072 modp4096 ecp256 ecp384 ecp521
 *               x25519 (alias curve25519)
 *   esn         esn noesn (ESP only)
 *
 * For @protocol IKE_PROTO_IKE: an encryption algorithm, a DH group and a
 * PRF are required; without a prf keyword the integrity algorithms give
 * the PRFs (sha256 -> prfsha256), as strongSwan does. For IKE_PROTO_ESP: no
 * PRF; DH groups mean PFS; no esn keyword means noesn. Classic ciphers need
 * an integrity algorithm; with AEAD ciphers integrity keywords are dropped
 * (after giving the PRF). AEAD and classic ciphers cannot share a proposal.
 * Duplicate keywords are ignored.
 *
 * Returns 0, -EINVAL (err->offset/arg: position and length of the bad
 * token, err->reason: why) or -E2BIG (more than IKE_PROP_MAX proposals or
 * IKE_PROP_MAX_ALGS of one type).
 */
int ike_prop_parse(const char *str, size_t len, u8 protocol,
		   struct ike_prop_list *out, struct ike_err *err);

/*
 * strongSwan-style text of one proposal / of a negotiated result
 * ("aes128gcm16-prfsha256-x25519"). NUL-terminated; returns the length, or
 * -ENOSPC if @size is too small (the text is then truncated).
 */
int ike_prop_format(const struct ike_prop *prop, char *buf, size_t size);
int ike_chosen_format(const struct ike_chosen *c, char *buf, size_t size);

/*
 * Appends our offer as an SA payload: proposals numbered 1..count, each
 * with @spi (@spi_size: 0 for IKE_SA_INIT, 8 for an IKE rekey, 4 for ESP).
 * IKE_PROP_F_NO_DH leaves DH transforms out.
 */
int ike_prop_put_offer(struct ike_writer *w, const struct ike_prop_list *l,
		       const u8 *spi, u8 spi_size, unsigned int flags);

/*
 * Responder: picks from the peer's offer @sa (an SA payload of a decoded
 * request) by LOCAL preference: the first local proposal that some peer
 * proposal matches, scanning the peer's proposals in their order, and
 * within it per transform type the first local algorithm the peer offers.
 * A match needs the same protocol, the expected SPI size, no transform type
 * we do not know (RFC 7296 3.3.6), and for each type either a common
 * algorithm (transforms with unknown attributes are unusable) or the type
 * absent on one side with NONE allowed by the other (ESN "no" counts as
 * NONE); then the mandatory types: ENCR, and for IKE a PRF and a DH group;
 * INTEG exactly when the cipher is not AEAD.
 *
 * @ke_group (0: none) is the group of the peer's KE payload: if it is among
 * the groups both sides accept in the chosen proposal it is taken instead
 * of our first choice, which spares an INVALID_KE_PAYLOAD round trip.
 * IKE_PROP_F_NO_DH: DH transforms in the offer are ignored (IKE_AUTH).
 * IKE_PROP_F_PEER_PFS with a @ke_group: a local proposal without DH
 * transforms takes @ke_group when the peer offers it and we support it;
 * else NONE if the peer allows it; else the first group of ours (in
 * ike_dh_supported()'s order) that the peer offers, for which
 * ike_chosen_check_ke() then asks. The ciphers are still ours to choose.
 *
 * Returns 0 and fills @out (with the peer's SPI), or -ENOPROTOOPT with
 * NO_PROPOSAL_CHOSEN, or the ike_decode_sa() error for a malformed offer.
 */
int ike_prop_select(const struct ike_prop_list *local,
		    const struct ike_payload *sa, unsigned int flags,
		    u16 ke_group, struct ike_chosen *out,
		    struct ike_err *err);

/*
 * Responder, after ike_prop_select(): the peer's KE payload group
 * @ke_group (0: the request had no KE payload) against the chosen DH group.
 * Returns 0 if they agree (or no DH was chosen: a KE payload is then to be
 * ignored), else -EAGAIN with INVALID_KE_PAYLOAD and err->arg = the group
 * to ask for (RFC 7296 1.2, 1.3).
 */
int ike_chosen_check_ke(const struct ike_chosen *c, u16 ke_group,
			struct ike_err *err);

/*
 * Responder: appends the answer SA payload: one proposal numbered as the
 * peer numbered it, one transform per chosen type (DH and INTEG NONE are
 * left out, ESN "no" is not), with our @spi.
 */
int ike_chosen_put_sa(struct ike_writer *w, const struct ike_chosen *c,
		      const u8 *spi, u8 spi_size);

/*
 * Initiator: checks the responder's answer @sa against what we offered
 * (@offered, with the same @flags as ike_prop_put_offer()): exactly one
 * proposal, numbered as one of ours and of its protocol and SPI size, at
 * most one transform per type, each one we offered in that proposal, every
 * type we offered present unless we allowed NONE, the mandatory types.
 * Returns 0 and @out (with the responder's SPI), -EPROTO if the answer
 * picks something we did not offer (err->notify NO_PROPOSAL_CHOSEN as the
 * reason to report; a response is never answered, the SA is abandoned),
 * or -EBADMSG for a malformed SA payload.
 */
int ike_prop_check_answer(const struct ike_prop_list *offered,
			  const struct ike_payload *sa, unsigned int flags,
			  struct ike_chosen *out, struct ike_err *err);

/*
 * Combined-mode cipher per the IANA registry (no separate integrity
 * transform), whether or not we implement it; ike_crypto.h has
 * ike_encr_is_aead() for the ones we do.
 */
bool ike_encr_is_combined(u16 encr);

/*
 * Length of a KE payload's data for @group (RFC 7296 3.4 and the group's
 * RFC); 0 for a group we do not know.
 */
unsigned int ike_dh_ke_len(u16 group);

/*
 * A DH group ike-helper computes for us: MODP 2048 and 3072 (14, 15), ECP
 * 256, 384 and 521 (19, 20, 21), Curve25519 (31).
 */
bool ike_dh_supported(u16 group);

/* Some proposal of @l names a DH group (for ESP: the conn asks for PFS). */
bool ike_prop_list_has_dh(const struct ike_prop_list *l);

/* Every proposal of @l that names no DH group gets @group as its only one. */
void ike_prop_list_set_dh(struct ike_prop_list *l, u16 group);

/* ---------------------------------------------------------------------- */
/* Traffic selectors (struct ike_ts, ike_ts_list: ike_codec.h) */

/*
 * A selector for address prefix @addr/@plen (4 or 16 bytes by @type), all
 * protocols and ports. -EINVAL for a bad type or prefix length.
 */
int ike_ts_from_prefix(struct ike_ts *ts, u8 type, const u8 *addr, u8 plen);

/* The intersection of @a and @b into @out; false when it is empty. */
bool ike_ts_intersect(const struct ike_ts *a, const struct ike_ts *b,
		      struct ike_ts *out);

/* @inner lies entirely within @outer. */
bool ike_ts_within(const struct ike_ts *inner, const struct ike_ts *outer);

/*
 * Initiator check of a narrowed answer: @list is not empty and each of its
 * selectors lies within a single selector of @outer (one covered only by
 * two adjoining selectors together does not count).
 */
bool ike_ts_list_within(const struct ike_ts_list *list,
			const struct ike_ts_list *outer);

/*
 * Responder narrowing (RFC 7296 2.9): @out = the parts of the peer's
 * request @req that our @policy allows: the pairwise intersections, in the
 * order of @req (so the initiator's first selector, if acceptable, is kept
 * first), leaving out any that lies within another. Protocols and port
 * ranges are intersected as well as addresses. Call once for TSi (against
 * the peer-side policy) and once for TSr (against our side); the policy is
 * their cross product, so each can be narrowed on its own. If more results
 * than IKE_MAX_TS remain, the rest are dropped and @out->truncated is set
 * (the caller may add ADDITIONAL_TS_POSSIBLE). Returns 0, or -ENOENT with
 * TS_UNACCEPTABLE when nothing is left.
 */
int ike_ts_narrow(const struct ike_ts_list *req,
		  const struct ike_ts_list *policy, struct ike_ts_list *out,
		  struct ike_err *err);

#endif /* _IKE_PROPOSAL_H */
