/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encrypted payload ("SK", RFC 7296 3.14; AEAD per RFC 5282 and RFC 7634)
 * protection of whole IKE messages in a flat buffer.
 *
 * Layout of a protected message (offsets from the start of the IKE header):
 *
 *   [0, sk_off)                 IKE header (28 bytes) and any payloads sent
 *                               in the clear before SK (normally none)
 *   [sk_off, sk_off + 4)        SK generic payload header; its Next Payload
 *                               is the type of the first inner payload
 *   [iv_off, iv_off + iv_len)   IV (iv_off = sk_off + 4)
 *   [pt_off, ...)               inner payloads, then Padding, Pad Length
 *                               (pt_off = iv_off + iv_len), encrypted
 *   last icv_len bytes          Integrity Checksum Data
 *
 * The ICV covers everything before it (for an AEAD the AAD is [0, iv_off),
 * RFC 5282 5.1, and the tag authenticates the ciphertext as well), so the
 * IKE header Length and the SK payload length are fixed before sealing.
 *
 * Keys: messages sent by the original initiator of the IKE SA use SK_ei and
 * SK_ai, those sent by the original responder SK_er and SK_ar, whether they
 * are requests or responses. An ike_sk context knows which side it is.
 *
 * Functions may sleep (they call the ops table). Buffers must be suitable
 * for the ops' AEAD/CBC calls (see ike_crypto.h: ops->zalloc() memory).
 */
#ifndef _IKE_SK_H
#define _IKE_SK_H

#include "ike_crypto.h"
#include "ike_keys.h"

/* Sizes this layer relies on (RFC 7296 3.1, 3.2), named apart from the codec's. */
#define IKE_SK_IKE_HDR_LEN	28	/* IKE header */
#define IKE_SK_LENGTH_OFF	24	/* its Length field */
#define IKE_SK_GEN_HDR_LEN	4	/* generic payload header */

/* Which keys protect a message: by who originally initiated the IKE SA. */
enum ike_sk_dir {
	IKE_SK_I2R = 0,		/* sent by the original initiator: SK_ei/ai */
	IKE_SK_R2I = 1,		/* sent by the original responder: SK_er/ar */
};

/*
 * One IKE SA's message protection: transforms keyed for both directions.
 * Set up once after key derivation, torn down with the SA.
 */
struct ike_sk {
	const struct ike_ops *ops;
	u16 encr;
	u16 integ;
	bool aead;
	bool initiator;		/* we are the original initiator */
	u8 iv_len;
	u8 icv_len;
	u8 block_len;		/* padding alignment: 16 for CBC, 1 for AEAD */
	struct ike_aead *aead_tfm[2];	/* by enum ike_sk_dir */
	struct ike_cbc *cbc_tfm[2];
	struct ike_prf *integ_tfm[2];
};

/*
 * Keys both directions from @keys (as derived for @suite). @initiator: we
 * are the original initiator (we send with SK_ei/SK_ai). On error nothing
 * is left allocated. The context does not keep a reference to @keys.
 */
int ike_sk_init(struct ike_sk *sk, const struct ike_ops *ops,
		const struct ike_suite *suite, const struct ike_sa_keys *keys,
		bool initiator);
/* Frees the transforms; idempotent, safe on a zeroed struct. */
void ike_sk_destroy(struct ike_sk *sk);

/* Offset of the first inner payload byte for an SK header at @sk_off. */
static inline size_t ike_sk_pt_off(const struct ike_sk *sk, size_t sk_off)
{
	return sk_off + IKE_SK_GEN_HDR_LEN + sk->iv_len;
}

/*
 * Total bytes of a protected message whose SK header is at @sk_off and whose
 * inner payloads are @pt_len bytes: what ike_sk_protect() will produce and
 * the buffer size it needs.
 */
size_t ike_sk_msg_len(const struct ike_sk *sk, size_t sk_off, size_t pt_len);

/*
 * Seals a message we send. On entry @msg holds the IKE header at 0, the
 * SK generic header at @sk_off (Next Payload filled in) and @pt_len bytes of
 * inner payloads at ike_sk_pt_off(). Adds minimal padding and the Pad
 * Length, a fresh random IV, sets the IKE header Length and the SK payload
 * length, encrypts in place and appends the ICV. @buf_len is the buffer
 * size; it must be at least ike_sk_msg_len(). Returns 0 and the message
 * length in *@msg_len. Errors: -EINVAL @sk_off inside the IKE header or an
 * uninitialised context, -ENOSPC @buf_len too small, -EMSGSIZE the SK
 * payload would exceed its 16-bit length (the buffer is then untouched);
 * an error from the environment once sealing began (the inner payloads and
 * padding are then wiped).
 */
int ike_sk_protect(struct ike_sk *sk, u8 *msg, size_t buf_len, size_t sk_off,
		   size_t pt_len, size_t *msg_len);

/*
 * Opens a message we received (attacker-controlled bytes): @msg_len bytes
 * with the SK generic header at @sk_off, which must be the last payload
 * (its length reaching exactly the end of the message, which must equal
 * the IKE header Length). Checks the ICV in constant time before anything
 * is decrypted (CBC) or used (AEAD), decrypts in place and checks the
 * padding. On success the inner payloads are at *@pt_off, *@pt_len bytes,
 * inside @msg. Errors: -EINVAL malformed lengths (no crypto was done),
 * -EBADMSG ICV or padding failure (the message is not from the peer; the
 * encrypted region has been wiped), other -errno from the environment.
 */
int ike_sk_unprotect(struct ike_sk *sk, u8 *msg, size_t msg_len,
		     size_t sk_off, size_t *pt_off, size_t *pt_len);

#endif /* _IKE_SK_H */
