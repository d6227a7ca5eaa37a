// SPDX-License-Identifier: GPL-2.0
/*
 * The core's ops table on Nettle, for unit tests and fuzzing. It follows the
 * kernel implementation's contract to the letter (argument checks, error
 * codes, in-place layout) so that tests of the core exercise what the module
 * will see. Handles are ops->zalloc() memory and wiped on free.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

#include <nettle/cbc.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/nettle-meta.h>
#include <nettle/sha1.h>

#include "ike_ops_nettle.h"
#include "lib/random.h"

static long live_allocs;
static long fail_countdown = -1;

void ike_ops_nettle_fail_after(long n)
{
	fail_countdown = n;
}

long ike_ops_nettle_live(void)
{
	return live_allocs;
}

static int n_random(void *buf, size_t len)
{
	return us_random(buf, len);
}

static void *n_zalloc(size_t size)
{
	void *p;

	if (fail_countdown == 0)
		return NULL;
	if (fail_countdown > 0)
		fail_countdown--;
	p = calloc(1, size ? size : 1);

	if (p)
		live_allocs++;
	return p;
}

static void n_free(void *p)
{
	if (!p)
		return;
	memzero_explicit(p, malloc_usable_size(p));
	live_allocs--;
	free(p);
}

/* ---- PRF: HMAC over Nettle's generic hash interface ---- */

struct ike_prf {
	const struct nettle_hash *hash;
	bool keyed;
	u8 *outer, *inner, *state;	/* each hash->context_size bytes */
	u8 mem[];
};

static const struct nettle_hash *n_prf_hash(u16 alg)
{
	switch (alg) {
	case IKE_ALG_PRF_HMAC_SHA1:
		return &nettle_sha1;
	case IKE_ALG_PRF_HMAC_SHA2_256:
		return &nettle_sha256;
	case IKE_ALG_PRF_HMAC_SHA2_384:
		return &nettle_sha384;
	case IKE_ALG_PRF_HMAC_SHA2_512:
		return &nettle_sha512;
	}
	return NULL;
}

static int n_prf_new(u16 alg, struct ike_prf **out)
{
	const struct nettle_hash *hash = n_prf_hash(alg);
	struct ike_prf *prf;

	*out = NULL;
	if (!hash)
		return -EOPNOTSUPP;
	prf = n_zalloc(sizeof(*prf) + 3 * (size_t)hash->context_size);
	if (!prf)
		return -ENOMEM;
	prf->hash = hash;
	prf->outer = prf->mem;
	prf->inner = prf->outer + hash->context_size;
	prf->state = prf->inner + hash->context_size;
	*out = prf;
	return 0;
}

static int n_prf_setkey(struct ike_prf *prf, const u8 *key, size_t keylen)
{
	hmac_set_key(prf->outer, prf->inner, prf->state, prf->hash, keylen,
		     key);
	prf->keyed = true;
	return 0;
}

static int n_prf_compute(struct ike_prf *prf, const struct ike_iov *iov,
			 unsigned int niov, u8 *out)
{
	unsigned int i;

	if (!prf->keyed)
		return -EINVAL;
	/* hmac_digest() leaves state ready for the next message. */
	for (i = 0; i < niov; i++)
		hmac_update(prf->state, prf->hash, iov[i].len, iov[i].base);
	hmac_digest(prf->outer, prf->inner, prf->state, prf->hash,
		    prf->hash->digest_size, out);
	return 0;
}

static void n_prf_free(struct ike_prf *prf)
{
	n_free(prf);
}

/* ---- AEAD: AES-GCM-16 and ChaCha20-Poly1305, nonce = salt | IV ---- */

struct ike_aead {
	const struct nettle_aead *aead;
	u8 salt[IKE_AEAD_SALT_LEN];
	u8 ctx[];
};

static int n_aead_new(u16 alg, const u8 *key, size_t keylen,
		      struct ike_aead **out)
{
	const struct nettle_aead *m = NULL;
	struct ike_aead *a;

	*out = NULL;
	if (alg == IKE_ALG_ENCR_AES_GCM_16) {
		if (keylen == 16 + IKE_AEAD_SALT_LEN)
			m = &nettle_gcm_aes128;
		else if (keylen == 24 + IKE_AEAD_SALT_LEN)
			m = &nettle_gcm_aes192;
		else if (keylen == 32 + IKE_AEAD_SALT_LEN)
			m = &nettle_gcm_aes256;
		else
			return -EINVAL;
	} else if (alg == IKE_ALG_ENCR_CHACHA20_POLY1305) {
		if (keylen != 32 + IKE_AEAD_SALT_LEN)
			return -EINVAL;
		m = &nettle_chacha_poly1305;
	} else {
		return -EOPNOTSUPP;
	}
	a = n_zalloc(sizeof(*a) + m->context_size);
	if (!a)
		return -ENOMEM;
	a->aead = m;
	m->set_encrypt_key(a->ctx, key);
	memcpy(a->salt, key + keylen - IKE_AEAD_SALT_LEN, IKE_AEAD_SALT_LEN);
	*out = a;
	return 0;
}

static void n_aead_start(struct ike_aead *a, const u8 *iv, const u8 *aad,
			 size_t aadlen)
{
	u8 nonce[IKE_AEAD_NONCE_LEN];

	memcpy(nonce, a->salt, IKE_AEAD_SALT_LEN);
	memcpy(nonce + IKE_AEAD_SALT_LEN, iv, IKE_AEAD_IV_LEN);
	a->aead->set_nonce(a->ctx, nonce);
	if (aadlen)
		a->aead->update(a->ctx, aadlen, aad);
}

static int n_aead_encrypt(struct ike_aead *a, const u8 *iv, const u8 *aad,
			  size_t aadlen, u8 *data, size_t len)
{
	n_aead_start(a, iv, aad, aadlen);
	a->aead->encrypt(a->ctx, len, data, data);
	a->aead->digest(a->ctx, IKE_AEAD_ICV_LEN, data + len);
	return 0;
}

static int n_aead_decrypt(struct ike_aead *a, const u8 *iv, const u8 *aad,
			  size_t aadlen, u8 *data, size_t len)
{
	u8 tag[IKE_AEAD_ICV_LEN];
	int ok;

	n_aead_start(a, iv, aad, aadlen);
	a->aead->decrypt(a->ctx, len, data, data);
	a->aead->digest(a->ctx, sizeof(tag), tag);
	ok = memeql_sec(tag, data + len, sizeof(tag));
	memzero_explicit(tag, sizeof(tag));
	return ok ? 0 : -EBADMSG;
}

static void n_aead_free(struct ike_aead *a)
{
	n_free(a);
}

/* ---- AES-CBC ---- */

struct ike_cbc {
	const struct nettle_cipher *cipher;
	u8 *enc, *dec;			/* each cipher->context_size bytes */
	u8 mem[];
};

static int n_cbc_new(u16 alg, const u8 *key, size_t keylen,
		     struct ike_cbc **out)
{
	const struct nettle_cipher *m;
	struct ike_cbc *c;

	*out = NULL;
	if (alg != IKE_ALG_ENCR_AES_CBC)
		return -EOPNOTSUPP;
	if (keylen == 16)
		m = &nettle_aes128;
	else if (keylen == 24)
		m = &nettle_aes192;
	else if (keylen == 32)
		m = &nettle_aes256;
	else
		return -EINVAL;
	c = n_zalloc(sizeof(*c) + 2 * (size_t)m->context_size);
	if (!c)
		return -ENOMEM;
	c->cipher = m;
	c->enc = c->mem;
	c->dec = c->mem + m->context_size;
	m->set_encrypt_key(c->enc, key);
	m->set_decrypt_key(c->dec, key);
	*out = c;
	return 0;
}

static int n_cbc_crypt(struct ike_cbc *c, bool enc, const u8 *iv, u8 *data,
		       size_t len)
{
	u8 chain[IKE_CBC_IV_LEN];

	if (len % IKE_CBC_BLOCK_LEN)
		return -EINVAL;
	/* Nettle advances the IV in place; the contract leaves ours alone. */
	memcpy(chain, iv, sizeof(chain));
	if (enc)
		cbc_encrypt(c->enc, c->cipher->encrypt, IKE_CBC_BLOCK_LEN,
			    chain, len, data, data);
	else
		cbc_decrypt(c->dec, c->cipher->decrypt, IKE_CBC_BLOCK_LEN,
			    chain, len, data, data);
	memzero_explicit(chain, sizeof(chain));
	return 0;
}

static int n_cbc_encrypt(struct ike_cbc *c, const u8 *iv, u8 *data, size_t len)
{
	return n_cbc_crypt(c, true, iv, data, len);
}

static int n_cbc_decrypt(struct ike_cbc *c, const u8 *iv, u8 *data, size_t len)
{
	return n_cbc_crypt(c, false, iv, data, len);
}

static void n_cbc_free(struct ike_cbc *c)
{
	n_free(c);
}

/* ---- SHA-1 (NAT detection) ---- */

static int n_sha1(const struct ike_iov *iov, unsigned int niov, u8 out[20])
{
	struct sha1_ctx ctx;
	unsigned int i;

	sha1_init(&ctx);
	for (i = 0; i < niov; i++)
		sha1_update(&ctx, iov[i].len, iov[i].base);
	sha1_digest(&ctx, SHA1_DIGEST_SIZE, out);
	memzero_explicit(&ctx, sizeof(ctx));
	return 0;
}

const struct ike_ops ike_ops_nettle = {
	.random		= n_random,
	.zalloc		= n_zalloc,
	.free		= n_free,
	.prf_new	= n_prf_new,
	.prf_setkey	= n_prf_setkey,
	.prf_compute	= n_prf_compute,
	.prf_free	= n_prf_free,
	.aead_new	= n_aead_new,
	.aead_encrypt	= n_aead_encrypt,
	.aead_decrypt	= n_aead_decrypt,
	.aead_free	= n_aead_free,
	.cbc_new	= n_cbc_new,
	.cbc_encrypt	= n_cbc_encrypt,
	.cbc_decrypt	= n_cbc_decrypt,
	.cbc_free	= n_cbc_free,
	.sha1		= n_sha1,
};
