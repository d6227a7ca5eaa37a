/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the protocol core needs from its environment: randomness, memory and
 * the symmetric primitives of IKEv2. The core never calls a crypto library;
 * it calls through a struct ike_ops that the environment hands it:
 *
 *   - kmod/crypto.c: the kernel crypto API (crypto_shash, crypto_aead,
 *     crypto_skcipher), get_random_bytes(), kzalloc()/kfree_sensitive();
 *   - selftests/unit/ike_ops_nettle.c: Nettle, for unit tests and fuzzing.
 *
 * Algorithms are named by their IANA IKEv2 transform IDs (RFC 7296 3.3.2 and
 * the registries it points to), so a value taken from a proposal can be
 * passed straight through.
 *
 * Calling context. Every function in the table may sleep: the module only
 * calls into the core from process context (a workqueue), so allocations are
 * GFP_KERNEL and asynchronous crypto drivers are waited for. Nothing here may
 * be called from softirq or with a spinlock held.
 *
 * Handles. Transforms that are costly to set up (a crypto tfm in the kernel,
 * key schedules in Nettle) live behind opaque handles that the core creates
 * once per IKE SA and frees when the SA goes away. A handle is owned by one
 * IKE SA and used by one thread at a time; the caller serialises (the core
 * holds no locks, the module runs one work item per SA at a time). Handles
 * are freed with their *_free function, which wipes their key material and
 * accepts NULL.
 *
 * Buffers. Data and AAD given to the AEAD and CBC functions must be memory
 * that the kernel can put into a scatterlist: from ops->zalloc() or another
 * kmalloc'ed/page-backed buffer, never the stack or vmalloc. Keys, IVs and
 * PRF inputs may live anywhere.
 *
 * Errors are negative errno: -ENOMEM, -EINVAL (a length or algorithm the
 * function does not take), -EOPNOTSUPP (an algorithm the environment lacks),
 * -EBADMSG (an AEAD tag that does not verify).
 */
#ifndef _IKE_CRYPTO_H
#define _IKE_CRYPTO_H

#include "ike_port.h"

/*
 * Transform IDs this layer implements. IKE_ALG_ names are private to the
 * crypto layer so they cannot clash with the codec's constant names; the
 * numbers are the IANA ones and interchangeable with them.
 */
/* Transform Type 1, Encryption Algorithm */
#define IKE_ALG_ENCR_AES_CBC			12	/* RFC 3602 */
#define IKE_ALG_ENCR_AES_GCM_16			20	/* RFC 4106/5282 */
#define IKE_ALG_ENCR_CHACHA20_POLY1305		28	/* RFC 7634 */
/* Transform Type 2, Pseudorandom Function */
#define IKE_ALG_PRF_HMAC_SHA1			2	/* KDF vectors only */
#define IKE_ALG_PRF_HMAC_SHA2_256		5	/* RFC 4868 */
#define IKE_ALG_PRF_HMAC_SHA2_384		6
#define IKE_ALG_PRF_HMAC_SHA2_512		7
/* Transform Type 3, Integrity Algorithm */
#define IKE_ALG_AUTH_NONE			0	/* with an AEAD */
#define IKE_ALG_AUTH_HMAC_SHA2_256_128		12	/* RFC 4868 */
#define IKE_ALG_AUTH_HMAC_SHA2_384_192		13
#define IKE_ALG_AUTH_HMAC_SHA2_512_256		14
/* Transform Type 4, Key Exchange Method (done by the helper, not here) */
#define IKE_ALG_DH_MODP2048			14	/* RFC 3526 */
#define IKE_ALG_DH_MODP3072			15
#define IKE_ALG_DH_ECP256			19	/* RFC 5903 */
#define IKE_ALG_DH_ECP384			20
#define IKE_ALG_DH_ECP521			21
#define IKE_ALG_DH_CURVE25519			31	/* RFC 8031 */

/* Sizes, in bytes. */
#define IKE_PRF_MAX_LEN		64	/* HMAC-SHA2-512 output and key */
#define IKE_INTEG_KEY_MAX_LEN	64
#define IKE_ICV_MAX_LEN		32	/* HMAC-SHA2-512-256 */
#define IKE_AEAD_SALT_LEN	4	/* RFC 5282 3.1, RFC 7634 2 */
#define IKE_AEAD_IV_LEN		8	/* explicit IV in the message */
#define IKE_AEAD_ICV_LEN	16
#define IKE_AEAD_NONCE_LEN	(IKE_AEAD_SALT_LEN + IKE_AEAD_IV_LEN)
#define IKE_CBC_IV_LEN		16
#define IKE_CBC_BLOCK_LEN	16
#define IKE_ENCR_KEY_MAX_LEN	(32 + IKE_AEAD_SALT_LEN)

/* One input segment of a PRF computation; segments are concatenated. */
struct ike_iov {
	const void *base;
	size_t len;
};

/* Opaque, defined by each environment. */
struct ike_prf;		/* HMAC transform with its current key */
struct ike_aead;	/* AES-GCM-16 or ChaCha20-Poly1305 with key and salt */
struct ike_cbc;		/* AES-CBC with its key */

struct ike_ops {
	/* len strong random bytes (IVs, nonces, SPIs). 0 or -errno. */
	int (*random)(void *buf, size_t len);
	/* Zeroed memory or NULL. May sleep. */
	void *(*zalloc)(size_t size);
	/* Wipes, then frees memory from zalloc(). NULL is a no-op. */
	void (*free)(void *p);

	/*
	 * PRF / HMAC. @alg is an IKE_ALG_PRF_*; integrity algorithms use the
	 * PRF of the same hash and truncate (see ike_integ_prf()). A new
	 * handle has no key: prf_compute() before prf_setkey() is -EINVAL.
	 * prf_setkey() may be called again at any time to change the key.
	 * prf_compute() writes ike_prf_len(alg) bytes to @out.
	 */
	int (*prf_new)(u16 alg, struct ike_prf **out);
	int (*prf_setkey)(struct ike_prf *prf, const u8 *key, size_t keylen);
	int (*prf_compute)(struct ike_prf *prf, const struct ike_iov *iov,
			   unsigned int niov, u8 *out);
	void (*prf_free)(struct ike_prf *prf);

	/*
	 * AEAD, @alg IKE_ALG_ENCR_AES_GCM_16 (keylen 16, 24 or 32 plus the
	 * 4-byte salt) or IKE_ALG_ENCR_CHACHA20_POLY1305 (32 plus salt): the
	 * key is the keying material exactly as prf+ produced it, salt last.
	 * The nonce is salt | @iv (IKE_AEAD_IV_LEN bytes). Both directions work
	 * in place on @data, @len bytes of plaintext/ciphertext followed by
	 * IKE_AEAD_ICV_LEN bytes of ICV (written by encrypt, checked by
	 * decrypt). @aad may be empty. decrypt returns -EBADMSG when the ICV
	 * does not verify; @data then holds undefined bytes.
	 */
	int (*aead_new)(u16 alg, const u8 *key, size_t keylen,
			struct ike_aead **out);
	int (*aead_encrypt)(struct ike_aead *aead, const u8 *iv,
			    const u8 *aad, size_t aadlen, u8 *data, size_t len);
	int (*aead_decrypt)(struct ike_aead *aead, const u8 *iv,
			    const u8 *aad, size_t aadlen, u8 *data, size_t len);
	void (*aead_free)(struct ike_aead *aead);

	/*
	 * AES-CBC (@alg IKE_ALG_ENCR_AES_CBC, keylen 16, 24 or 32), in place,
	 * @len a multiple of IKE_CBC_BLOCK_LEN, @iv IKE_CBC_IV_LEN bytes and
	 * not modified.
	 */
	int (*cbc_new)(u16 alg, const u8 *key, size_t keylen,
		       struct ike_cbc **out);
	int (*cbc_encrypt)(struct ike_cbc *cbc, const u8 *iv, u8 *data,
			   size_t len);
	int (*cbc_decrypt)(struct ike_cbc *cbc, const u8 *iv, u8 *data,
			   size_t len);
	void (*cbc_free)(struct ike_cbc *cbc);

	/*
	 * Plain SHA-1 of the concatenated segments, for the NAT detection
	 * hashes only (RFC 7296 2.23), never for integrity. 0 or -errno.
	 */
	int (*sha1)(const struct ike_iov *iov, unsigned int niov, u8 out[20]);
};

/*
 * The negotiated transforms of one SA, as the key derivation and the SK
 * payload need them. Built by proposal selection.
 */
struct ike_suite {
	u16 encr;		/* IKE_ALG_ENCR_* */
	u16 encr_keybits;	/* Key Length attribute; 0 if none was sent */
	u16 integ;		/* IKE_ALG_AUTH_*, IKE_ALG_AUTH_NONE for AEAD */
	u16 prf;		/* IKE_ALG_PRF_*; unused for Child SAs */
};

/* PRF output length and preferred key length (RFC 7296 2.14); 0: unknown. */
static inline unsigned int ike_prf_len(u16 prf)
{
	switch (prf) {
	case IKE_ALG_PRF_HMAC_SHA1:
		return 20;
	case IKE_ALG_PRF_HMAC_SHA2_256:
		return 32;
	case IKE_ALG_PRF_HMAC_SHA2_384:
		return 48;
	case IKE_ALG_PRF_HMAC_SHA2_512:
		return 64;
	}
	return 0;
}

/* The PRF (same hash) an integrity algorithm truncates; 0: unknown. */
static inline u16 ike_integ_prf(u16 integ)
{
	switch (integ) {
	case IKE_ALG_AUTH_HMAC_SHA2_256_128:
		return IKE_ALG_PRF_HMAC_SHA2_256;
	case IKE_ALG_AUTH_HMAC_SHA2_384_192:
		return IKE_ALG_PRF_HMAC_SHA2_384;
	case IKE_ALG_AUTH_HMAC_SHA2_512_256:
		return IKE_ALG_PRF_HMAC_SHA2_512;
	}
	return 0;
}

/* Integrity key length (RFC 4868 2.1.1: the hash output size); 0: none. */
static inline unsigned int ike_integ_key_len(u16 integ)
{
	return ike_prf_len(ike_integ_prf(integ));
}

/* Truncated ICV length (RFC 4868 2.1: half the output); 0: none. */
static inline unsigned int ike_integ_icv_len(u16 integ)
{
	return ike_integ_key_len(integ) / 2;
}

static inline bool ike_encr_is_aead(u16 encr)
{
	return encr == IKE_ALG_ENCR_AES_GCM_16 ||
	       encr == IKE_ALG_ENCR_CHACHA20_POLY1305;
}

/*
 * Encryption keying material taken from prf+, in bytes, including the AEAD
 * salt. @keybits is the Key Length attribute (0 if absent). -EINVAL for a
 * combination that is not valid (AES without a key length, ChaCha20 with
 * one other than 256), -EOPNOTSUPP for an unknown algorithm.
 */
static inline int ike_encr_key_len(u16 encr, u16 keybits)
{
	switch (encr) {
	case IKE_ALG_ENCR_AES_CBC:
	case IKE_ALG_ENCR_AES_GCM_16:
		if (keybits != 128 && keybits != 192 && keybits != 256)
			return -EINVAL;
		return keybits / 8 +
		       (encr == IKE_ALG_ENCR_AES_GCM_16 ? IKE_AEAD_SALT_LEN : 0);
	case IKE_ALG_ENCR_CHACHA20_POLY1305:
		/* RFC 7634 2: no Key Length attribute; tolerate 256. */
		if (keybits != 0 && keybits != 256)
			return -EINVAL;
		return 32 + IKE_AEAD_SALT_LEN;
	}
	return -EOPNOTSUPP;
}

/* IV bytes carried in an SK payload; 0: unknown. */
static inline unsigned int ike_encr_iv_len(u16 encr)
{
	if (encr == IKE_ALG_ENCR_AES_CBC)
		return IKE_CBC_IV_LEN;
	return ike_encr_is_aead(encr) ? IKE_AEAD_IV_LEN : 0;
}

/*
 * Whether @s is complete and consistent: a known cipher with a valid key
 * length, an integrity algorithm exactly when the cipher is not an AEAD
 * (RFC 7296 3.3.3, RFC 5282 8), and, when @need_prf (IKE SAs), a known PRF.
 * -EINVAL for an inconsistent suite, -EOPNOTSUPP for an unknown algorithm.
 */
static inline int ike_suite_check(const struct ike_suite *s, bool need_prf)
{
	int len = ike_encr_key_len(s->encr, s->encr_keybits);

	if (len < 0)
		return len;
	if (ike_encr_is_aead(s->encr)) {
		if (s->integ != IKE_ALG_AUTH_NONE)
			return -EINVAL;
	} else if (s->integ == IKE_ALG_AUTH_NONE) {
		return -EINVAL;
	} else if (!ike_integ_prf(s->integ)) {
		return -EOPNOTSUPP;
	}
	if (need_prf && !ike_prf_len(s->prf))
		return -EOPNOTSUPP;
	return 0;
}

#endif /* _IKE_CRYPTO_H */
