// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv2 key derivation and shared-key AUTH (RFC 7296 2.13-2.18).
 *
 * Intermediate secrets (SKEYSEED, prf+ blocks, KEYMAT, the Key Pad PRF) live
 * on the stack or in ops->zalloc() memory and are wiped before return on
 * every path. The PRF handle keeps the last key it was given until its next
 * use or ike_prf_destroy(); the environment wipes it on free.
 */
#include "ike_keys.h"

/* RFC 7296 3.9: nonces are at most 256 octets. */
#define IKE_NONCE_MAX_LEN	256
/* Largest seed list prf+ is given here (Ni, Nr, SPIs / g^ir, Ni, Nr). */
#define IKE_PRF_PLUS_MAX_SEED	4
/* RFC 7296 2.15 */
static const u8 ike_key_pad[] = "Key Pad for IKEv2";
#define IKE_KEY_PAD_LEN		(sizeof(ike_key_pad) - 1)	/* no NUL */

int ike_prf_init(struct ike_prf_ctx *p, const struct ike_ops *ops, u16 alg)
{
	unsigned int len = ike_prf_len(alg);
	int err;

	memset(p, 0, sizeof(*p));
	if (!len)
		return -EOPNOTSUPP;
	err = ops->prf_new(alg, &p->tfm);
	if (err)
		return err;
	p->ops = ops;
	p->alg = alg;
	p->len = len;
	return 0;
}

void ike_prf_destroy(struct ike_prf_ctx *p)
{
	if (p->tfm)
		p->ops->prf_free(p->tfm);
	p->tfm = NULL;
}

int ike_prf(struct ike_prf_ctx *p, const u8 *key, size_t keylen,
	    const struct ike_iov *iov, unsigned int niov, u8 *out)
{
	int err;

	if (!p->tfm)
		return -EINVAL;
	err = p->ops->prf_setkey(p->tfm, key, keylen);
	if (!err)
		err = p->ops->prf_compute(p->tfm, iov, niov, out);
	if (err)
		memzero_explicit(out, p->len);
	return err;
}

int ike_prf_plus(struct ike_prf_ctx *p, const u8 *key, size_t keylen,
		 const struct ike_iov *seed, unsigned int nseed,
		 u8 *out, size_t outlen)
{
	struct ike_iov iov[IKE_PRF_PLUS_MAX_SEED + 2];
	u8 t[IKE_PRF_MAX_LEN];
	unsigned int round, n, i;
	size_t done = 0, chunk;
	u8 counter;
	int err;

	if (!p->tfm || nseed > IKE_PRF_PLUS_MAX_SEED)
		return -EINVAL;
	/* RFC 7296 2.13: not defined beyond 255 times the PRF output. */
	if (outlen > 255 * (size_t)p->len) {
		memzero_explicit(out, outlen);
		return -EINVAL;
	}
	err = p->ops->prf_setkey(p->tfm, key, keylen);
	for (round = 1; !err && done < outlen; round++) {
		n = 0;
		if (round > 1)
			iov[n++] = (struct ike_iov){ t, p->len };
		for (i = 0; i < nseed; i++)
			iov[n++] = seed[i];
		counter = (u8)round;
		iov[n++] = (struct ike_iov){ &counter, 1 };
		err = p->ops->prf_compute(p->tfm, iov, n, t);
		if (err)
			break;
		chunk = min_t(size_t, p->len, outlen - done);
		memcpy(out + done, t, chunk);
		done += chunk;
	}
	memzero_explicit(t, sizeof(t));
	if (err)
		memzero_explicit(out, outlen);
	return err;
}

int ike_skeyseed(struct ike_prf_ctx *p, const u8 *ni, size_t ni_len,
		 const u8 *nr, size_t nr_len, const u8 *gir, size_t gir_len,
		 u8 *skeyseed)
{
	struct ike_iov iov = { gir, gir_len };
	u8 *key;
	int err;

	if (!p->tfm)
		return -EINVAL;
	if (ni_len > IKE_NONCE_MAX_LEN || nr_len > IKE_NONCE_MAX_LEN) {
		memzero_explicit(skeyseed, p->len);
		return -EINVAL;
	}
	/* The key is Ni | Nr in full for HMAC PRFs (2.14). */
	key = p->ops->zalloc(ni_len + nr_len + 1);
	if (!key) {
		memzero_explicit(skeyseed, p->len);
		return -ENOMEM;
	}
	memcpy(key, ni, ni_len);
	memcpy(key + ni_len, nr, nr_len);
	err = ike_prf(p, key, ni_len + nr_len, &iov, 1, skeyseed);
	p->ops->free(key);
	return err;
}

int ike_skeyseed_rekey(struct ike_prf_ctx *old_prf,
		       const u8 *old_sk_d, size_t old_sk_d_len,
		       const u8 *gir_new, size_t gir_len,
		       const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
		       u8 *skeyseed)
{
	struct ike_iov iov[] = {
		{ gir_new, gir_len }, { ni, ni_len }, { nr, nr_len },
	};

	return ike_prf(old_prf, old_sk_d, old_sk_d_len, iov, ARRAY_SIZE(iov),
		       skeyseed);
}

int ike_sa_keys_derive(struct ike_prf_ctx *p, const struct ike_suite *suite,
		       const u8 *skeyseed, size_t skeyseed_len,
		       const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
		       u64 spi_i, u64 spi_r, struct ike_sa_keys *keys)
{
	u8 keymat[3 * IKE_PRF_MAX_LEN + 2 * IKE_INTEG_KEY_MAX_LEN +
		  2 * IKE_ENCR_KEY_MAX_LEN];
	u8 spis[16];
	struct ike_iov seed[] = {
		{ ni, ni_len }, { nr, nr_len }, { spis, sizeof(spis) },
	};
	unsigned int plen, ilen, elen;
	size_t total;
	u8 *k = keymat;
	int err;

	memset(keys, 0, sizeof(*keys));
	err = ike_suite_check(suite, true);
	if (err)
		return err;
	if (!p->tfm || suite->prf != p->alg)
		return -EINVAL;
	if (ni_len > IKE_NONCE_MAX_LEN || nr_len > IKE_NONCE_MAX_LEN)
		return -EINVAL;
	plen = p->len;
	ilen = ike_integ_key_len(suite->integ);
	elen = ike_encr_key_len(suite->encr, suite->encr_keybits);
	/* Checked by ike_suite_check(); spelled out for the buffer bounds. */
	if (plen > IKE_PRF_MAX_LEN || ilen > IKE_INTEG_KEY_MAX_LEN ||
	    elen > IKE_ENCR_KEY_MAX_LEN)
		return -EINVAL;
	total = 3 * plen + 2 * ilen + 2 * elen;

	put_unaligned_be64(spi_i, spis);
	put_unaligned_be64(spi_r, spis + 8);
	err = ike_prf_plus(p, skeyseed, skeyseed_len, seed, ARRAY_SIZE(seed),
			   keymat, total);
	if (err)
		goto out;

	/* RFC 7296 2.14: taken in order, without regard to boundaries. */
	memcpy(keys->sk_d, k, plen);
	k += plen;
	memcpy(keys->sk_ai, k, ilen);
	k += ilen;
	memcpy(keys->sk_ar, k, ilen);
	k += ilen;
	memcpy(keys->sk_ei, k, elen);
	k += elen;
	memcpy(keys->sk_er, k, elen);
	k += elen;
	memcpy(keys->sk_pi, k, plen);
	k += plen;
	memcpy(keys->sk_pr, k, plen);
	keys->prf_len = plen;
	keys->integ_len = ilen;
	keys->encr_len = elen;
out:
	memzero_explicit(keymat, sizeof(keymat));
	return err;
}

int ike_sa_keys_init(struct ike_prf_ctx *p, const struct ike_suite *suite,
		     const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
		     const u8 *gir, size_t gir_len, u64 spi_i, u64 spi_r,
		     struct ike_sa_keys *keys)
{
	u8 skeyseed[IKE_PRF_MAX_LEN];
	int err;

	memset(keys, 0, sizeof(*keys));
	if (!p->tfm)
		return -EINVAL;
	err = ike_skeyseed(p, ni, ni_len, nr, nr_len, gir, gir_len, skeyseed);
	if (!err)
		err = ike_sa_keys_derive(p, suite, skeyseed, p->len, ni, ni_len,
					 nr, nr_len, spi_i, spi_r, keys);
	memzero_explicit(skeyseed, sizeof(skeyseed));
	return err;
}

int ike_sa_keys_rekey(struct ike_prf_ctx *old_prf,
		      const struct ike_sa_keys *old_keys,
		      struct ike_prf_ctx *new_prf,
		      const struct ike_suite *suite,
		      const u8 *gir_new, size_t gir_len,
		      const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
		      u64 spi_i, u64 spi_r, struct ike_sa_keys *keys)
{
	u8 skeyseed[IKE_PRF_MAX_LEN];
	int err;

	memset(keys, 0, sizeof(*keys));
	if (!old_prf->tfm || old_keys->prf_len != old_prf->len)
		return -EINVAL;
	err = ike_skeyseed_rekey(old_prf, old_keys->sk_d, old_keys->prf_len,
				 gir_new, gir_len, ni, ni_len, nr, nr_len,
				 skeyseed);
	if (!err)
		err = ike_sa_keys_derive(new_prf, suite, skeyseed,
					 old_prf->len, ni, ni_len, nr, nr_len,
					 spi_i, spi_r, keys);
	memzero_explicit(skeyseed, sizeof(skeyseed));
	return err;
}

int ike_child_keys_derive(struct ike_prf_ctx *p, const u8 *sk_d,
			  size_t sk_d_len, const struct ike_suite *esp,
			  const u8 *gir_new, size_t gir_len,
			  const u8 *ni, size_t ni_len, const u8 *nr, size_t nr_len,
			  struct ike_child_keys *keys)
{
	u8 keymat[2 * (IKE_ENCR_KEY_MAX_LEN + IKE_INTEG_KEY_MAX_LEN)];
	struct ike_iov seed[3];
	unsigned int nseed = 0, ilen, elen;
	u8 *k = keymat;
	int err;

	memset(keys, 0, sizeof(*keys));
	err = ike_suite_check(esp, false);
	if (err)
		return err;
	if (!gir_new != !gir_len)
		return -EINVAL;
	if (ni_len > IKE_NONCE_MAX_LEN || nr_len > IKE_NONCE_MAX_LEN)
		return -EINVAL;
	ilen = ike_integ_key_len(esp->integ);
	elen = ike_encr_key_len(esp->encr, esp->encr_keybits);
	if (ilen > IKE_INTEG_KEY_MAX_LEN || elen > IKE_ENCR_KEY_MAX_LEN)
		return -EINVAL;

	if (gir_new)
		seed[nseed++] = (struct ike_iov){ gir_new, gir_len };
	seed[nseed++] = (struct ike_iov){ ni, ni_len };
	seed[nseed++] = (struct ike_iov){ nr, nr_len };
	err = ike_prf_plus(p, sk_d, sk_d_len, seed, nseed, keymat,
			   2 * (elen + ilen));
	if (err)
		goto out;

	/* RFC 7296 2.17: encr then integ, initiator-to-responder first. */
	memcpy(keys->encr_i2r, k, elen);
	k += elen;
	memcpy(keys->integ_i2r, k, ilen);
	k += ilen;
	memcpy(keys->encr_r2i, k, elen);
	k += elen;
	memcpy(keys->integ_r2i, k, ilen);
	keys->encr_len = elen;
	keys->integ_len = ilen;
out:
	memzero_explicit(keymat, sizeof(keymat));
	return err;
}

int ike_auth_maced_id(struct ike_prf_ctx *p, const u8 *sk_px, size_t sk_px_len,
		      const u8 *id, size_t id_len, u8 *out)
{
	struct ike_iov iov = { id, id_len };

	return ike_prf(p, sk_px, sk_px_len, &iov, 1, out);
}

int ike_auth_psk(struct ike_prf_ctx *p, const u8 *secret, size_t secret_len,
		 const u8 *real_msg, size_t real_msg_len,
		 const u8 *nonce, size_t nonce_len,
		 const u8 *sk_px, size_t sk_px_len,
		 const u8 *id, size_t id_len, u8 *auth)
{
	u8 maced_id[IKE_PRF_MAX_LEN], padkey[IKE_PRF_MAX_LEN];
	struct ike_iov pad = { ike_key_pad, IKE_KEY_PAD_LEN };
	struct ike_iov octets[3];
	int err;

	if (!p->tfm)
		return -EINVAL;
	err = ike_auth_maced_id(p, sk_px, sk_px_len, id, id_len, maced_id);
	if (err)
		goto out;
	err = ike_prf(p, secret, secret_len, &pad, 1, padkey);
	if (err)
		goto out;
	octets[0] = (struct ike_iov){ real_msg, real_msg_len };
	octets[1] = (struct ike_iov){ nonce, nonce_len };
	octets[2] = (struct ike_iov){ maced_id, p->len };
	err = ike_prf(p, padkey, p->len, octets, ARRAY_SIZE(octets), auth);
out:
	memzero_explicit(maced_id, sizeof(maced_id));
	memzero_explicit(padkey, sizeof(padkey));
	if (err)
		memzero_explicit(auth, p->len);
	return err;
}

int ike_auth_psk_verify(struct ike_prf_ctx *p,
			const u8 *secret, size_t secret_len,
			const u8 *real_msg, size_t real_msg_len,
			const u8 *nonce, size_t nonce_len,
			const u8 *sk_px, size_t sk_px_len,
			const u8 *id, size_t id_len,
			const u8 *auth, size_t auth_len)
{
	u8 expect[IKE_PRF_MAX_LEN];
	int err;

	if (!p->tfm)
		return -EINVAL;
	err = ike_auth_psk(p, secret, secret_len, real_msg, real_msg_len,
			   nonce, nonce_len, sk_px, sk_px_len, id, id_len,
			   expect);
	if (!err && (auth_len != p->len || crypto_memneq(expect, auth, p->len)))
		err = -EBADMSG;
	memzero_explicit(expect, sizeof(expect));
	return err;
}
