/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv2 key derivation (RFC 7296 2.13-2.18) and shared-key authentication
 * (2.15), on top of the PRF of struct ike_ops.
 *
 * Every function here may sleep (it calls the ops table) and returns 0 or a
 * negative errno. Outputs hold key material: callers wipe them with
 * ike_sa_keys_wipe()/ike_child_keys_wipe() or memzero_explicit(); the
 * functions wipe their own intermediate values on every path. On error,
 * output buffers are wiped too.
 */
#ifndef _IKE_KEYS_H
#define _IKE_KEYS_H

#include "ike_crypto.h"

/*
 * A PRF of a negotiated algorithm, bound to the environment's handle. One
 * per IKE SA (kernel: one crypto_shash tfm); its key changes per use.
 */
struct ike_prf_ctx {
	const struct ike_ops *ops;
	struct ike_prf *tfm;
	u16 alg;		/* IKE_ALG_PRF_* */
	unsigned int len;	/* output length, ike_prf_len(alg) */
};

/* The seven IKE SA secrets (RFC 7296 2.14). Lengths in bytes. */
struct ike_sa_keys {
	u8 sk_d[IKE_PRF_MAX_LEN];
	u8 sk_ai[IKE_INTEG_KEY_MAX_LEN];	/* empty with an AEAD */
	u8 sk_ar[IKE_INTEG_KEY_MAX_LEN];
	u8 sk_ei[IKE_ENCR_KEY_MAX_LEN];		/* AEAD: key | 4-byte salt */
	u8 sk_er[IKE_ENCR_KEY_MAX_LEN];
	u8 sk_pi[IKE_PRF_MAX_LEN];
	u8 sk_pr[IKE_PRF_MAX_LEN];
	u8 prf_len;		/* SK_d, SK_pi, SK_pr */
	u8 integ_len;		/* SK_ai, SK_ar */
	u8 encr_len;		/* SK_ei, SK_er */
};

/*
 * Child SA keys (RFC 7296 2.17), taken from KEYMAT in this order:
 * initiator-to-responder encryption then integrity key, then the
 * responder-to-initiator ones. AEAD keys end with their 4-byte salt.
 */
struct ike_child_keys {
	u8 encr_i2r[IKE_ENCR_KEY_MAX_LEN];
	u8 integ_i2r[IKE_INTEG_KEY_MAX_LEN];
	u8 encr_r2i[IKE_ENCR_KEY_MAX_LEN];
	u8 integ_r2i[IKE_INTEG_KEY_MAX_LEN];
	u8 encr_len;
	u8 integ_len;		/* 0 with an AEAD */
};

/* Allocates the environment's transform for @alg. */
int ike_prf_init(struct ike_prf_ctx *p, const struct ike_ops *ops, u16 alg);
/* Frees it; idempotent, and safe on a zeroed struct. */
void ike_prf_destroy(struct ike_prf_ctx *p);

/* out[0..p->len) = prf(key, iov[0] | ... | iov[niov-1]). */
int ike_prf(struct ike_prf_ctx *p, const u8 *key, size_t keylen,
	    const struct ike_iov *iov, unsigned int niov, u8 *out);

/*
 * prf+ (RFC 7296 2.13): out[0..outlen) = T1 | T2 | ..., T1 = prf(K, S | 1),
 * Tn = prf(K, Tn-1 | S | n). -EINVAL if @outlen needs more than 255 blocks.
 */
int ike_prf_plus(struct ike_prf_ctx *p, const u8 *key, size_t keylen,
		 const struct ike_iov *seed, unsigned int nseed,
		 u8 *out, size_t outlen);

/* SKEYSEED = prf(Ni | Nr, g^ir); p->len bytes (RFC 7296 2.14). */
int ike_skeyseed(struct ike_prf_ctx *p, const u8 *ni, size_t ni_len,
		 const u8 *nr, size_t nr_len, const u8 *gir, size_t gir_len,
		 u8 *skeyseed);

/*
 * SKEYSEED of a rekeyed IKE SA (RFC 7296 2.18):
 * prf(SK_d (old), g^ir (new) | Ni | Nr). @old_prf is the PRF of the IKE SA
 * being rekeyed (the exchange belongs to it); p->len bytes.
 */
int ike_skeyseed_rekey(struct ike_prf_ctx *old_prf,
		       const u8 *old_sk_d, size_t old_sk_d_len,
		       const u8 *gir_new, size_t gir_len,
		       const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
		       u8 *skeyseed);

/*
 * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} =
 *	prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)
 * with lengths from @suite (which must pass ike_suite_check(suite, true)
 * and whose PRF must be p->alg). SPIs are host-order values of the 8-byte
 * wire SPIs.
 */
int ike_sa_keys_derive(struct ike_prf_ctx *p, const struct ike_suite *suite,
		       const u8 *skeyseed, size_t skeyseed_len,
		       const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
		       u64 spi_i, u64 spi_r, struct ike_sa_keys *keys);

/* IKE_SA_INIT: ike_skeyseed() then ike_sa_keys_derive(); SKEYSEED wiped. */
int ike_sa_keys_init(struct ike_prf_ctx *p, const struct ike_suite *suite,
		     const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
		     const u8 *gir, size_t gir_len, u64 spi_i, u64 spi_r,
		     struct ike_sa_keys *keys);

/*
 * IKE SA rekey (RFC 7296 2.18): SKEYSEED from the old SA's PRF and SK_d,
 * the new keys with the new SA's PRF @new_prf (whose alg is suite->prf).
 * Ni, Nr, SPIi and SPIr are those of the CREATE_CHILD_SA exchange / the
 * new SA; "i" is the initiator of the rekey.
 */
int ike_sa_keys_rekey(struct ike_prf_ctx *old_prf,
		      const struct ike_sa_keys *old_keys,
		      struct ike_prf_ctx *new_prf,
		      const struct ike_suite *suite,
		      const u8 *gir_new, size_t gir_len,
		      const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
		      u64 spi_i, u64 spi_r, struct ike_sa_keys *keys);

/*
 * Child SA keys (RFC 7296 2.17): KEYMAT = prf+(SK_d, Ni | Nr), or with PFS
 * prf+(SK_d, g^ir (new) | Ni | Nr); @gir_new NULL (and @gir_len 0) without
 * PFS. @esp is the Child SA's suite (prf unused). Ni and Nr are the nonces
 * of the exchange creating the Child SA (for the first one, IKE_SA_INIT's).
 */
int ike_child_keys_derive(struct ike_prf_ctx *p, const u8 *sk_d,
			  size_t sk_d_len, const struct ike_suite *esp,
			  const u8 *gir_new, size_t gir_len,
			  const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
			  struct ike_child_keys *keys);

/*
 * prf(SK_px, RestOfIDPayload) (RFC 7296 2.15), the last part of the signed
 * octets. @id is the ID payload body after the generic payload header: ID
 * Type, three RESERVED bytes, Identification Data. p->len bytes.
 */
int ike_auth_maced_id(struct ike_prf_ctx *p, const u8 *sk_px, size_t sk_px_len,
		      const u8 *id, size_t id_len, u8 *out);

/*
 * Shared-key AUTH data (RFC 7296 2.15):
 *   AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"),
 *              RealMessage | Nonce | prf(SK_px, RestOfIDPayload))
 * For the initiator's AUTH: RealMessage is its IKE_SA_INIT request, Nonce
 * the responder's Nr, SK_px SK_pi and the ID its IDi; for the responder's:
 * its IKE_SA_INIT response, Ni, SK_pr and IDr. Writes p->len bytes.
 */
int ike_auth_psk(struct ike_prf_ctx *p, const u8 *secret, size_t secret_len,
		 const u8 *real_msg, size_t real_msg_len,
		 const u8 *nonce, size_t nonce_len,
		 const u8 *sk_px, size_t sk_px_len,
		 const u8 *id, size_t id_len, u8 *auth);

/*
 * Recomputes the peer's AUTH (arguments as for ike_auth_psk(), from the
 * peer's point of view) and compares in constant time with the received
 * @auth: 0 on match, -EBADMSG on mismatch or wrong length (the caller sends
 * AUTHENTICATION_FAILED), other -errno on failure to compute.
 */
int ike_auth_psk_verify(struct ike_prf_ctx *p,
			const u8 *secret, size_t secret_len,
			const u8 *real_msg, size_t real_msg_len,
			const u8 *nonce, size_t nonce_len,
			const u8 *sk_px, size_t sk_px_len,
			const u8 *id, size_t id_len,
			const u8 *auth, size_t auth_len);

static inline void ike_sa_keys_wipe(struct ike_sa_keys *keys)
{
	memzero_explicit(keys, sizeof(*keys));
}

static inline void ike_child_keys_wipe(struct ike_child_keys *keys)
{
	memzero_explicit(keys, sizeof(*keys));
}

#endif /* _IKE_KEYS_H */
