// SPDX-License-Identifier: GPL-2.0
/*
 * struct ike_ops on the kernel crypto API.
 *
 *   PRF/integrity   hmac(sha1|sha256|sha384|sha512), crypto_shash
 *   AES-GCM-16      gcm(aes), crypto_aead, 12-byte nonce salt | IV
 *   ChaCha20-Poly.  rfc7539(chacha20,poly1305), crypto_aead, same nonce
 *   AES-CBC         cbc(aes), crypto_skcipher
 *   SHA-1           sha1, crypto_shash (NAT detection hashes only)
 *
 * Why not rfc4106(gcm(aes)) / rfc7539esp(): those ESP wrappers take the
 * salt in the key and the 8-byte IV at the end of the AAD, but rfc4106
 * refuses any AAD length other than ESP's 16 or 20 bytes
 * (crypto_ipsec_check_assoclen()), and an IKE message's AAD is the IKE
 * header plus the SK header, 32 bytes or more. Building the RFC 4106 /
 * RFC 7634 nonce (salt | IV) here and using the plain constructions gives
 * the same bytes on the wire for any AAD length; both AEADs then share one
 * code path.
 *
 * Everything runs in process context (the module calls the core from a
 * workqueue): allocations are GFP_KERNEL and asynchronous implementations
 * are waited for with crypto_wait_req(). Data handed to AEAD and skcipher
 * goes into scatterlists, so it must be linearly mapped (kmalloc or page
 * memory, never stack, vmalloc or module data): checked, -EINVAL otherwise.
 * Handles are kzalloc'ed, transforms are freed by the crypto API with their
 * keys wiped, and our own copies of key-derived data are kfree_sensitive'd.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <linux/crypto.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "crypto.h"

/* Allocation failures say -ENOMEM; a missing algorithm -EOPNOTSUPP. */
static int ikc_alloc_err(const void *tfm)
{
	int err = PTR_ERR(tfm);

	return err == -ENOENT ? -EOPNOTSUPP : err;
}

static bool ikc_mappable(const void *p, size_t len)
{
	return !len || (virt_addr_valid(p) &&
			virt_addr_valid((const u8 *)p + len - 1));
}

static int ikc_random(void *buf, size_t len)
{
	get_random_bytes(buf, len);
	return 0;
}

static void *ikc_zalloc(size_t size)
{
	return kzalloc(size, GFP_KERNEL);
}

static void ikc_free(void *p)
{
	kfree_sensitive(p);
}

/* ---- PRF / HMAC ---- */

struct ike_prf {
	struct crypto_shash *tfm;
	bool keyed;
};

static const char *ikc_prf_name(u16 alg)
{
	switch (alg) {
	case IKE_ALG_PRF_HMAC_SHA1:
		return "hmac(sha1)";
	case IKE_ALG_PRF_HMAC_SHA2_256:
		return "hmac(sha256)";
	case IKE_ALG_PRF_HMAC_SHA2_384:
		return "hmac(sha384)";
	case IKE_ALG_PRF_HMAC_SHA2_512:
		return "hmac(sha512)";
	}
	return NULL;
}

static int ikc_prf_new(u16 alg, struct ike_prf **out)
{
	const char *name = ikc_prf_name(alg);
	struct ike_prf *prf;

	*out = NULL;
	if (!name)
		return -EOPNOTSUPP;
	prf = kzalloc(sizeof(*prf), GFP_KERNEL);
	if (!prf)
		return -ENOMEM;
	prf->tfm = crypto_alloc_shash(name, 0, 0);
	if (IS_ERR(prf->tfm)) {
		int err = ikc_alloc_err(prf->tfm);

		kfree(prf);
		return err;
	}
	if (crypto_shash_digestsize(prf->tfm) != ike_prf_len(alg)) {
		crypto_free_shash(prf->tfm);
		kfree(prf);
		return -EINVAL;
	}
	*out = prf;
	return 0;
}

static int ikc_prf_setkey(struct ike_prf *prf, const u8 *key, size_t keylen)
{
	int err;

	if (keylen > UINT_MAX)
		return -EINVAL;
	err = crypto_shash_setkey(prf->tfm, key, (unsigned int)keylen);
	prf->keyed = !err;
	return err;
}

/*
 * One digest over concatenated segments with @tfm's current key (if any):
 * the PRF and the unkeyed SHA-1 alike. The descriptor is wiped: for the
 * PRF it held keyed state.
 */
static int ikc_shash_iov(struct crypto_shash *tfm, const struct ike_iov *iov,
			 unsigned int niov, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	unsigned int i;
	int err;

	desc->tfm = tfm;
	err = crypto_shash_init(desc);
	for (i = 0; !err && i < niov; i++) {
		if (iov[i].len > UINT_MAX)
			err = -EINVAL;
		else
			err = crypto_shash_update(desc, iov[i].base,
						  (unsigned int)iov[i].len);
	}
	if (!err)
		err = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

static int ikc_prf_compute(struct ike_prf *prf, const struct ike_iov *iov,
			   unsigned int niov, u8 *out)
{
	if (!prf->keyed)
		return -EINVAL;
	return ikc_shash_iov(prf->tfm, iov, niov, out);
}

static void ikc_prf_free(struct ike_prf *prf)
{
	if (!prf)
		return;
	crypto_free_shash(prf->tfm);
	kfree_sensitive(prf);
}

/* ---- AEAD ---- */

struct ike_aead {
	struct crypto_aead *tfm;
	u8 salt[IKE_AEAD_SALT_LEN];
};

static int ikc_aead_new(u16 alg, const u8 *key, size_t keylen,
			struct ike_aead **out)
{
	struct ike_aead *a;
	const char *name;
	int err;

	*out = NULL;
	switch (alg) {
	case IKE_ALG_ENCR_AES_GCM_16:
		if (keylen != 16 + IKE_AEAD_SALT_LEN &&
		    keylen != 24 + IKE_AEAD_SALT_LEN &&
		    keylen != 32 + IKE_AEAD_SALT_LEN)
			return -EINVAL;
		name = "gcm(aes)";
		break;
	case IKE_ALG_ENCR_CHACHA20_POLY1305:
		if (keylen != 32 + IKE_AEAD_SALT_LEN)
			return -EINVAL;
		name = "rfc7539(chacha20,poly1305)";
		break;
	default:
		return -EOPNOTSUPP;
	}
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->tfm = crypto_alloc_aead(name, 0, 0);
	if (IS_ERR(a->tfm)) {
		err = ikc_alloc_err(a->tfm);
		kfree(a);
		return err;
	}
	err = crypto_aead_setkey(a->tfm, key,
				 (unsigned int)(keylen - IKE_AEAD_SALT_LEN));
	if (!err)
		err = crypto_aead_setauthsize(a->tfm, IKE_AEAD_ICV_LEN);
	if (!err && crypto_aead_ivsize(a->tfm) != IKE_AEAD_NONCE_LEN)
		err = -EINVAL;
	if (err) {
		crypto_free_aead(a->tfm);
		kfree_sensitive(a);
		return err;
	}
	memcpy(a->salt, key + keylen - IKE_AEAD_SALT_LEN, IKE_AEAD_SALT_LEN);
	*out = a;
	return 0;
}

static int ikc_aead_crypt(struct ike_aead *a, bool enc, const u8 *iv,
			  const u8 *aad, size_t aadlen, u8 *data, size_t len)
{
	struct scatterlist sg[2];
	struct aead_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	unsigned int n = 0;
	u8 *nonce;
	int err;

	if (len > UINT_MAX - IKE_AEAD_ICV_LEN || aadlen > UINT_MAX)
		return -EINVAL;
	if (WARN_ON_ONCE(!ikc_mappable(aad, aadlen) ||
			 !ikc_mappable(data, len + IKE_AEAD_ICV_LEN)))
		return -EINVAL;
	req = aead_request_alloc(a->tfm, GFP_KERNEL);
	nonce = kmalloc(IKE_AEAD_NONCE_LEN, GFP_KERNEL);
	if (!req || !nonce) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(nonce, a->salt, IKE_AEAD_SALT_LEN);
	memcpy(nonce + IKE_AEAD_SALT_LEN, iv, IKE_AEAD_IV_LEN);

	/* The AAD and the data need not be adjacent: two entries. */
	sg_init_table(sg, aadlen ? 2 : 1);
	if (aadlen)
		sg_set_buf(&sg[n++], aad, (unsigned int)aadlen);
	sg_set_buf(&sg[n], data, (unsigned int)(len + IKE_AEAD_ICV_LEN));

	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				  CRYPTO_TFM_REQ_MAY_BACKLOG,
				  crypto_req_done, &wait);
	aead_request_set_ad(req, (unsigned int)aadlen);
	/* In place; decryption's length includes the tag. */
	aead_request_set_crypt(req, sg, sg, (unsigned int)len +
			       (enc ? 0 : IKE_AEAD_ICV_LEN), nonce);
	err = crypto_wait_req(enc ? crypto_aead_encrypt(req) :
				    crypto_aead_decrypt(req), &wait);
out:
	kfree_sensitive(nonce);
	aead_request_free(req);
	return err;
}

static int ikc_aead_encrypt(struct ike_aead *a, const u8 *iv, const u8 *aad,
			    size_t aadlen, u8 *data, size_t len)
{
	return ikc_aead_crypt(a, true, iv, aad, aadlen, data, len);
}

static int ikc_aead_decrypt(struct ike_aead *a, const u8 *iv, const u8 *aad,
			    size_t aadlen, u8 *data, size_t len)
{
	return ikc_aead_crypt(a, false, iv, aad, aadlen, data, len);
}

static void ikc_aead_free(struct ike_aead *a)
{
	if (!a)
		return;
	crypto_free_aead(a->tfm);
	kfree_sensitive(a);
}

/* ---- AES-CBC ---- */

struct ike_cbc {
	struct crypto_skcipher *tfm;
};

static int ikc_cbc_new(u16 alg, const u8 *key, size_t keylen,
		       struct ike_cbc **out)
{
	struct ike_cbc *c;
	int err;

	*out = NULL;
	if (alg != IKE_ALG_ENCR_AES_CBC)
		return -EOPNOTSUPP;
	if (keylen != 16 && keylen != 24 && keylen != 32)
		return -EINVAL;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->tfm = crypto_alloc_skcipher("cbc(aes)", 0, 0);
	if (IS_ERR(c->tfm)) {
		err = ikc_alloc_err(c->tfm);
		kfree(c);
		return err;
	}
	err = crypto_skcipher_setkey(c->tfm, key, (unsigned int)keylen);
	if (err) {
		crypto_free_skcipher(c->tfm);
		kfree(c);
		return err;
	}
	*out = c;
	return 0;
}

static int ikc_cbc_crypt(struct ike_cbc *c, bool enc, const u8 *iv, u8 *data,
			 size_t len)
{
	struct skcipher_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	struct scatterlist sg;
	u8 *chain;
	int err;

	if (len % IKE_CBC_BLOCK_LEN || len > UINT_MAX)
		return -EINVAL;
	if (!len)
		return 0;
	if (WARN_ON_ONCE(!ikc_mappable(data, len)))
		return -EINVAL;
	req = skcipher_request_alloc(c->tfm, GFP_KERNEL);
	/* The skcipher advances the IV it is given; ours stays put. */
	chain = kmemdup(iv, IKE_CBC_IV_LEN, GFP_KERNEL);
	if (!req || !chain) {
		err = -ENOMEM;
		goto out;
	}
	sg_init_one(&sg, data, (unsigned int)len);
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				      CRYPTO_TFM_REQ_MAY_BACKLOG,
				      crypto_req_done, &wait);
	skcipher_request_set_crypt(req, &sg, &sg, (unsigned int)len, chain);
	err = crypto_wait_req(enc ? crypto_skcipher_encrypt(req) :
				    crypto_skcipher_decrypt(req), &wait);
out:
	kfree_sensitive(chain);
	skcipher_request_free(req);
	return err;
}

static int ikc_cbc_encrypt(struct ike_cbc *c, const u8 *iv, u8 *data,
			   size_t len)
{
	return ikc_cbc_crypt(c, true, iv, data, len);
}

static int ikc_cbc_decrypt(struct ike_cbc *c, const u8 *iv, u8 *data,
			   size_t len)
{
	return ikc_cbc_crypt(c, false, iv, data, len);
}

static void ikc_cbc_free(struct ike_cbc *c)
{
	if (!c)
		return;
	crypto_free_skcipher(c->tfm);
	kfree_sensitive(c);
}

/* ---- SHA-1, for the NAT detection notifies ---- */

/*
 * A transform per call: NAT detection hashes four times per IKE_SA_INIT
 * exchange at most, which is nothing next to the DH it comes with, and a
 * per-call tfm needs no shared state (so no locking and no module-exit
 * hook in this file).
 */
static int ikc_sha1(const struct ike_iov *iov, unsigned int niov, u8 out[20])
{
	struct crypto_shash *tfm;
	int err;

	tfm = crypto_alloc_shash("sha1", 0, 0);
	if (IS_ERR(tfm))
		return ikc_alloc_err(tfm);
	err = crypto_shash_digestsize(tfm) == 20 ?
	      ikc_shash_iov(tfm, iov, niov, out) : -EINVAL;
	crypto_free_shash(tfm);
	return err;
}

const struct ike_ops ikev2_crypto_ops = {
	.random		= ikc_random,
	.zalloc		= ikc_zalloc,
	.free		= ikc_free,
	.prf_new	= ikc_prf_new,
	.prf_setkey	= ikc_prf_setkey,
	.prf_compute	= ikc_prf_compute,
	.prf_free	= ikc_prf_free,
	.aead_new	= ikc_aead_new,
	.aead_encrypt	= ikc_aead_encrypt,
	.aead_decrypt	= ikc_aead_decrypt,
	.aead_free	= ikc_aead_free,
	.cbc_new	= ikc_cbc_new,
	.cbc_encrypt	= ikc_cbc_encrypt,
	.cbc_decrypt	= ikc_cbc_decrypt,
	.cbc_free	= ikc_cbc_free,
	.sha1		= ikc_sha1,
};

/* ------------------------------------------------------------------ */
/* Known-answer self-test                                               */
/* ------------------------------------------------------------------ */

/*
 * One published vector per algorithm, the same ones the unit tests run
 * through the Nettle table:
 *   HMAC: RFC 4231 test case 1 (= RFC 4868 2.7.1 PRF test 1).
 *   AES-GCM-16: draft-mcgrew-gcm-test-01, AES-128 case with salt cafebabe.
 *   ChaCha20-Poly1305: RFC 7539 2.8.2, nonce split as RFC 7634 salt | IV.
 *   AES-CBC: RFC 3602 case 2.
 *   SHA-1: FIPS 180-2 appendix A.1, "abc" (given in two segments, so
 *   the concatenation is tested too).
 */
static const u8 kat_hmac_key[] = {
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
	0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
	0x0b, 0x0b, 0x0b, 0x0b,
};

static const u8 kat_hmac_data[] = {
	0x48, 0x69, 0x20, 0x54, 0x68, 0x65, 0x72, 0x65,
};

static const u8 kat_hmac_sha256[] = {
	0xb0, 0x34, 0x4c, 0x61, 0xd8, 0xdb, 0x38, 0x53,
	0x5c, 0xa8, 0xaf, 0xce, 0xaf, 0x0b, 0xf1, 0x2b,
	0x88, 0x1d, 0xc2, 0x00, 0xc9, 0x83, 0x3d, 0xa7,
	0x26, 0xe9, 0x37, 0x6c, 0x2e, 0x32, 0xcf, 0xf7,
};

static const u8 kat_hmac_sha384[] = {
	0xaf, 0xd0, 0x39, 0x44, 0xd8, 0x48, 0x95, 0x62,
	0x6b, 0x08, 0x25, 0xf4, 0xab, 0x46, 0x90, 0x7f,
	0x15, 0xf9, 0xda, 0xdb, 0xe4, 0x10, 0x1e, 0xc6,
	0x82, 0xaa, 0x03, 0x4c, 0x7c, 0xeb, 0xc5, 0x9c,
	0xfa, 0xea, 0x9e, 0xa9, 0x07, 0x6e, 0xde, 0x7f,
	0x4a, 0xf1, 0x52, 0xe8, 0xb2, 0xfa, 0x9c, 0xb6,
};

static const u8 kat_hmac_sha512[] = {
	0x87, 0xaa, 0x7c, 0xde, 0xa5, 0xef, 0x61, 0x9d,
	0x4f, 0xf0, 0xb4, 0x24, 0x1a, 0x1d, 0x6c, 0xb0,
	0x23, 0x79, 0xf4, 0xe2, 0xce, 0x4e, 0xc2, 0x78,
	0x7a, 0xd0, 0xb3, 0x05, 0x45, 0xe1, 0x7c, 0xde,
	0xda, 0xa8, 0x33, 0xb7, 0xd6, 0xb8, 0xa7, 0x02,
	0x03, 0x8b, 0x27, 0x4e, 0xae, 0xa3, 0xf4, 0xe4,
	0xbe, 0x9d, 0x91, 0x4e, 0xeb, 0x61, 0xf1, 0x70,
	0x2e, 0x69, 0x6c, 0x20, 0x3a, 0x12, 0x68, 0x54,
};

static const u8 kat_gcm_key[] = {
	0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c,
	0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08,
	0xca, 0xfe, 0xba, 0xbe,
};

static const u8 kat_gcm_iv[] = {
	0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88,
};

static const u8 kat_gcm_aad[] = {
	0x00, 0x00, 0xa5, 0xf8, 0x00, 0x00, 0x00, 0x0a,
};

static const u8 kat_gcm_pt[] = {
	0x45, 0x00, 0x00, 0x3e, 0x69, 0x8f, 0x00, 0x00,
	0x80, 0x11, 0x4d, 0xcc, 0xc0, 0xa8, 0x01, 0x02,
	0xc0, 0xa8, 0x01, 0x01, 0x0a, 0x98, 0x00, 0x35,
	0x00, 0x2a, 0x23, 0x43, 0xb2, 0xd0, 0x01, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x73, 0x69, 0x70, 0x09, 0x63, 0x79, 0x62,
	0x65, 0x72, 0x63, 0x69, 0x74, 0x79, 0x02, 0x64,
	0x6b, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01,
};

static const u8 kat_gcm_ct[] = {
	0xde, 0xb2, 0x2c, 0xd9, 0xb0, 0x7c, 0x72, 0xc1,
	0x6e, 0x3a, 0x65, 0xbe, 0xeb, 0x8d, 0xf3, 0x04,
	0xa5, 0xa5, 0x89, 0x7d, 0x33, 0xae, 0x53, 0x0f,
	0x1b, 0xa7, 0x6d, 0x5d, 0x11, 0x4d, 0x2a, 0x5c,
	0x3d, 0xe8, 0x18, 0x27, 0xc1, 0x0e, 0x9a, 0x4f,
	0x51, 0x33, 0x0d, 0x0e, 0xec, 0x41, 0x66, 0x42,
	0xcf, 0xbb, 0x85, 0xa5, 0xb4, 0x7e, 0x48, 0xa4,
	0xec, 0x3b, 0x9b, 0xa9, 0x5d, 0x91, 0x8b, 0xd1,
	0x83, 0xb7, 0x0d, 0x3a, 0xa8, 0xbc, 0x6e, 0xe4,
	0xc3, 0x09, 0xe9, 0xd8, 0x5a, 0x41, 0xad, 0x4a,
};

static const u8 kat_chacha_key[] = {
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
	0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
	0x07, 0x00, 0x00, 0x00,
};

static const u8 kat_chacha_iv[] = {
	0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
};

static const u8 kat_chacha_aad[] = {
	0x50, 0x51, 0x52, 0x53, 0xc0, 0xc1, 0xc2, 0xc3,
	0xc4, 0xc5, 0xc6, 0xc7,
};

static const u8 kat_chacha_pt[] = {
	0x4c, 0x61, 0x64, 0x69, 0x65, 0x73, 0x20, 0x61,
	0x6e, 0x64, 0x20, 0x47, 0x65, 0x6e, 0x74, 0x6c,
	0x65, 0x6d, 0x65, 0x6e, 0x20, 0x6f, 0x66, 0x20,
	0x74, 0x68, 0x65, 0x20, 0x63, 0x6c, 0x61, 0x73,
	0x73, 0x20, 0x6f, 0x66, 0x20, 0x27, 0x39, 0x39,
	0x3a, 0x20, 0x49, 0x66, 0x20, 0x49, 0x20, 0x63,
	0x6f, 0x75, 0x6c, 0x64, 0x20, 0x6f, 0x66, 0x66,
	0x65, 0x72, 0x20, 0x79, 0x6f, 0x75, 0x20, 0x6f,
	0x6e, 0x6c, 0x79, 0x20, 0x6f, 0x6e, 0x65, 0x20,
	0x74, 0x69, 0x70, 0x20, 0x66, 0x6f, 0x72, 0x20,
	0x74, 0x68, 0x65, 0x20, 0x66, 0x75, 0x74, 0x75,
	0x72, 0x65, 0x2c, 0x20, 0x73, 0x75, 0x6e, 0x73,
	0x63, 0x72, 0x65, 0x65, 0x6e, 0x20, 0x77, 0x6f,
	0x75, 0x6c, 0x64, 0x20, 0x62, 0x65, 0x20, 0x69,
	0x74, 0x2e,
};

static const u8 kat_chacha_ct[] = {
	0xd3, 0x1a, 0x8d, 0x34, 0x64, 0x8e, 0x60, 0xdb,
	0x7b, 0x86, 0xaf, 0xbc, 0x53, 0xef, 0x7e, 0xc2,
	0xa4, 0xad, 0xed, 0x51, 0x29, 0x6e, 0x08, 0xfe,
	0xa9, 0xe2, 0xb5, 0xa7, 0x36, 0xee, 0x62, 0xd6,
	0x3d, 0xbe, 0xa4, 0x5e, 0x8c, 0xa9, 0x67, 0x12,
	0x82, 0xfa, 0xfb, 0x69, 0xda, 0x92, 0x72, 0x8b,
	0x1a, 0x71, 0xde, 0x0a, 0x9e, 0x06, 0x0b, 0x29,
	0x05, 0xd6, 0xa5, 0xb6, 0x7e, 0xcd, 0x3b, 0x36,
	0x92, 0xdd, 0xbd, 0x7f, 0x2d, 0x77, 0x8b, 0x8c,
	0x98, 0x03, 0xae, 0xe3, 0x28, 0x09, 0x1b, 0x58,
	0xfa, 0xb3, 0x24, 0xe4, 0xfa, 0xd6, 0x75, 0x94,
	0x55, 0x85, 0x80, 0x8b, 0x48, 0x31, 0xd7, 0xbc,
	0x3f, 0xf4, 0xde, 0xf0, 0x8e, 0x4b, 0x7a, 0x9d,
	0xe5, 0x76, 0xd2, 0x65, 0x86, 0xce, 0xc6, 0x4b,
	0x61, 0x16, 0x1a, 0xe1, 0x0b, 0x59, 0x4f, 0x09,
	0xe2, 0x6a, 0x7e, 0x90, 0x2e, 0xcb, 0xd0, 0x60,
	0x06, 0x91,
};

static const u8 kat_cbc_key[] = {
	0xc2, 0x86, 0x69, 0x6d, 0x88, 0x7c, 0x9a, 0xa0,
	0x61, 0x1b, 0xbb, 0x3e, 0x20, 0x25, 0xa4, 0x5a,
};

static const u8 kat_cbc_iv[] = {
	0x56, 0x2e, 0x17, 0x99, 0x6d, 0x09, 0x3d, 0x28,
	0xdd, 0xb3, 0xba, 0x69, 0x5a, 0x2e, 0x6f, 0x58,
};

static const u8 kat_cbc_pt[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

static const u8 kat_cbc_ct[] = {
	0xd2, 0x96, 0xcd, 0x94, 0xc2, 0xcc, 0xcf, 0x8a,
	0x3a, 0x86, 0x30, 0x28, 0xb5, 0xe1, 0xdc, 0x0a,
	0x75, 0x86, 0x60, 0x2d, 0x25, 0x3c, 0xff, 0xf9,
	0x1b, 0x82, 0x66, 0xbe, 0xa6, 0xd6, 0x1a, 0xb1,
};

static const u8 kat_sha1_abc[] = {
	0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a,
	0xba, 0x3e, 0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c,
	0x9c, 0xd0, 0xd8, 0x9d,
};

static int ikc_test_sha1(void)
{
	static const struct ike_iov iov[2] = { { "a", 1 }, { "bc", 2 } };
	u8 out[20];
	int err;

	err = ikev2_crypto_ops.sha1(iov, ARRAY_SIZE(iov), out);
	if (!err && memcmp(out, kat_sha1_abc, sizeof(out)))
		err = -EBADMSG;
	return err;
}

static int ikc_test_prf(u16 alg, const u8 *expect)
{
	struct ike_iov iov = { kat_hmac_data, sizeof(kat_hmac_data) };
	const struct ike_ops *ops = &ikev2_crypto_ops;
	u8 out[IKE_PRF_MAX_LEN];
	struct ike_prf *prf;
	int err;

	err = ops->prf_new(alg, &prf);
	if (err)
		return err;
	err = ops->prf_setkey(prf, kat_hmac_key, sizeof(kat_hmac_key));
	if (!err)
		err = ops->prf_compute(prf, &iov, 1, out);
	if (!err && memcmp(out, expect, ike_prf_len(alg)))
		err = -EBADMSG;
	ops->prf_free(prf);
	return err;
}

/* Encrypt, compare, decrypt, compare, then check a forged tag fails. */
static int ikc_test_aead(u16 alg, const u8 *key, size_t keylen, const u8 *iv,
			 const u8 *aad, size_t aadlen, const u8 *pt,
			 size_t ptlen, const u8 *ct)
{
	const struct ike_ops *ops = &ikev2_crypto_ops;
	struct ike_aead *a;
	u8 *buf, *ad;
	int err;

	buf = kmalloc(ptlen + IKE_AEAD_ICV_LEN, GFP_KERNEL);
	ad = kmemdup(aad, aadlen, GFP_KERNEL);
	if (!buf || !ad) {
		err = -ENOMEM;
		goto out;
	}
	err = ops->aead_new(alg, key, keylen, &a);
	if (err)
		goto out;
	memcpy(buf, pt, ptlen);
	err = ops->aead_encrypt(a, iv, ad, aadlen, buf, ptlen);
	if (!err && memcmp(buf, ct, ptlen + IKE_AEAD_ICV_LEN))
		err = -EBADMSG;
	if (!err)
		err = ops->aead_decrypt(a, iv, ad, aadlen, buf, ptlen);
	if (!err && memcmp(buf, pt, ptlen))
		err = -EBADMSG;
	if (!err) {
		memcpy(buf, ct, ptlen + IKE_AEAD_ICV_LEN);
		buf[ptlen] ^= 1;
		if (ops->aead_decrypt(a, iv, ad, aadlen, buf, ptlen) != -EBADMSG)
			err = -EBADMSG;
	}
	ops->aead_free(a);
out:
	kfree(ad);
	kfree(buf);
	return err;
}

static int ikc_test_cbc(void)
{
	const struct ike_ops *ops = &ikev2_crypto_ops;
	struct ike_cbc *c;
	u8 *buf;
	int err;

	buf = kmemdup(kat_cbc_pt, sizeof(kat_cbc_pt), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = ops->cbc_new(IKE_ALG_ENCR_AES_CBC, kat_cbc_key,
			   sizeof(kat_cbc_key), &c);
	if (err)
		goto out;
	err = ops->cbc_encrypt(c, kat_cbc_iv, buf, sizeof(kat_cbc_pt));
	if (!err && memcmp(buf, kat_cbc_ct, sizeof(kat_cbc_ct)))
		err = -EBADMSG;
	if (!err)
		err = ops->cbc_decrypt(c, kat_cbc_iv, buf, sizeof(kat_cbc_pt));
	if (!err && memcmp(buf, kat_cbc_pt, sizeof(kat_cbc_pt)))
		err = -EBADMSG;
	ops->cbc_free(c);
out:
	kfree(buf);
	return err;
}

int ike_crypto_selftest(void)
{
	static const char * const names[] = {
		"hmac(sha256)", "hmac(sha384)", "hmac(sha512)", "gcm(aes)",
		"rfc7539(chacha20,poly1305)", "cbc(aes)", "sha1",
	};
	int err[ARRAY_SIZE(names)], first = 0;
	unsigned int i;

	BUILD_BUG_ON(sizeof(kat_gcm_ct) != sizeof(kat_gcm_pt) + 16);
	BUILD_BUG_ON(sizeof(kat_chacha_ct) != sizeof(kat_chacha_pt) + 16);
	BUILD_BUG_ON(sizeof(kat_gcm_iv) != IKE_AEAD_IV_LEN);
	BUILD_BUG_ON(sizeof(kat_chacha_iv) != IKE_AEAD_IV_LEN);

	err[0] = ikc_test_prf(IKE_ALG_PRF_HMAC_SHA2_256, kat_hmac_sha256);
	err[1] = ikc_test_prf(IKE_ALG_PRF_HMAC_SHA2_384, kat_hmac_sha384);
	err[2] = ikc_test_prf(IKE_ALG_PRF_HMAC_SHA2_512, kat_hmac_sha512);
	err[3] = ikc_test_aead(IKE_ALG_ENCR_AES_GCM_16, kat_gcm_key,
			       sizeof(kat_gcm_key), kat_gcm_iv, kat_gcm_aad,
			       sizeof(kat_gcm_aad), kat_gcm_pt,
			       sizeof(kat_gcm_pt), kat_gcm_ct);
	err[4] = ikc_test_aead(IKE_ALG_ENCR_CHACHA20_POLY1305, kat_chacha_key,
			       sizeof(kat_chacha_key), kat_chacha_iv,
			       kat_chacha_aad, sizeof(kat_chacha_aad),
			       kat_chacha_pt, sizeof(kat_chacha_pt),
			       kat_chacha_ct);
	err[5] = ikc_test_cbc();
	err[6] = ikc_test_sha1();

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!err[i])
			continue;
		pr_err("crypto self-test %s failed: %d\n", names[i], err[i]);
		if (!first)
			first = err[i];
	}
	return first;
}
