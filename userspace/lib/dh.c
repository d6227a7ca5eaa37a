// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv2 Diffie-Hellman groups on GMP and Nettle/hogweed. See dh.h for the
 * encodings and validation rules.
 *
 * GMP does not wipe the memory it frees: every mpz that held a private or
 * shared value is wiped here before mpz_clear(). Temporaries inside GMP and
 * Nettle are not reachable from here; ike-helper may install wiping
 * allocators with mp_set_memory_functions() for that.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <gmp.h>
#include <nettle/bignum.h>
#include <nettle/curve25519.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>

#include "dh.h"
#include "random.h"

/* RFC 3526 section 3 and 4; generator 2 for both. */
static const char modp2048_hex[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
	"C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D"
	"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
	"DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
	"15728E5A8AACAA68FFFFFFFFFFFFFFFF";

static const char modp3072_hex[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
	"C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D"
	"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
	"DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
	"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
	"ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B"
	"F12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
	"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
	"43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

enum dh_kind { DH_MODP, DH_ECP, DH_X25519 };

struct dh_group_desc {
	unsigned int id;
	enum dh_kind kind;
	unsigned int len;	/* modulus / field element bytes */
	/*
	 * MODP private exponent bits: twice the group's strength, at the top
	 * of RFC 3526 section 8's ranges (2048: 220-320, 3072: 260-420).
	 */
	unsigned int exp_bits;
	const char *prime_hex;
	const struct ecc_curve *(*curve)(void);
};

static const struct dh_group_desc dh_groups[] = {
	{ DH_GROUP_MODP2048, DH_MODP, 256, 320, modp2048_hex, NULL },
	{ DH_GROUP_MODP3072, DH_MODP, 384, 416, modp3072_hex, NULL },
	{ DH_GROUP_ECP256, DH_ECP, 32, 0, NULL, nettle_get_secp_256r1 },
	{ DH_GROUP_ECP384, DH_ECP, 48, 0, NULL, nettle_get_secp_384r1 },
	{ DH_GROUP_ECP521, DH_ECP, 66, 0, NULL, nettle_get_secp_521r1 },
	{ DH_GROUP_CURVE25519, DH_X25519, CURVE25519_SIZE, 0, NULL, NULL },
};

struct dh_priv {
	const struct dh_group_desc *g;
	mpz_t x;			/* DH_MODP */
	struct ecc_scalar s;		/* DH_ECP */
	bool have_s;
	uint8_t k[CURVE25519_SIZE];	/* DH_X25519 */
};

static void wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

static void mpz_wipe_clear(mpz_t z)
{
	size_t n = (size_t)z->_mp_alloc;

	wipe(mpz_limbs_modify(z, (mp_size_t)n), n * sizeof(mp_limb_t));
	mpz_clear(z);
}

static int dh_random(void *buf, size_t len)
{
	return us_random(buf, len);
}

static const struct dh_group_desc *dh_find(unsigned int group)
{
	size_t i;

	for (i = 0; i < sizeof(dh_groups) / sizeof(dh_groups[0]); i++)
		if (dh_groups[i].id == group)
			return &dh_groups[i];
	return NULL;
}

int dh_pub_len(unsigned int group)
{
	const struct dh_group_desc *g = dh_find(group);

	if (!g)
		return -EOPNOTSUPP;
	return g->kind == DH_ECP ? 2 * (int)g->len : (int)g->len;
}

int dh_shared_len(unsigned int group)
{
	const struct dh_group_desc *g = dh_find(group);

	return g ? (int)g->len : -EOPNOTSUPP;
}

unsigned int dh_group(const struct dh_priv *priv)
{
	return priv->g->id;
}

void dh_free(struct dh_priv *priv)
{
	if (!priv)
		return;
	switch (priv->g->kind) {
	case DH_MODP:
		mpz_wipe_clear(priv->x);
		break;
	case DH_ECP:
		if (priv->have_s) {
			wipe(priv->s.p, (size_t)ecc_size(priv->s.ecc) *
					sizeof(mp_limb_t));
			ecc_scalar_clear(&priv->s);
		}
		break;
	case DH_X25519:
		break;
	}
	wipe(priv, sizeof(*priv));
	free(priv);
}

static struct dh_priv *dh_alloc(const struct dh_group_desc *g)
{
	struct dh_priv *priv = calloc(1, sizeof(*priv));

	if (!priv)
		return NULL;
	priv->g = g;
	if (g->kind == DH_MODP)
		mpz_init(priv->x);
	return priv;
}

/* ---- MODP ---- */

static void modp_prime(const struct dh_group_desc *g, mpz_t p)
{
	mpz_init_set_str(p, g->prime_hex, 16);
}

/* 1 < v < p - 1 (RFC 7296 doesn't say; SP 800-56A 5.6.2.3.1 does). */
static bool modp_in_range(const mpz_t v, const mpz_t p)
{
	mpz_t pm1;
	bool ok;

	mpz_init(pm1);
	mpz_sub_ui(pm1, p, 1);
	ok = mpz_cmp_ui(v, 1) > 0 && mpz_cmp(v, pm1) < 0;
	mpz_clear(pm1);
	return ok;
}

static int modp_pub(const struct dh_priv *priv, uint8_t *pub)
{
	mpz_t p, g, y;

	modp_prime(priv->g, p);
	mpz_init_set_ui(g, 2);
	mpz_init(y);
	mpz_powm_sec(y, g, priv->x, p);
	nettle_mpz_get_str_256(priv->g->len, pub, y);
	mpz_clear(y);
	mpz_clear(g);
	mpz_clear(p);
	return 0;
}

static int modp_keygen(struct dh_priv *priv)
{
	size_t n = priv->g->exp_bits / 8;
	uint8_t buf[DH_MAX_PUB_LEN];
	int err;

	err = dh_random(buf, n);
	if (err)
		return err;
	buf[0] |= 0x80;		/* the full exponent size, and x > 1 */
	nettle_mpz_set_str_256_u(priv->x, n, buf);
	wipe(buf, n);
	return 0;
}

static int modp_import(struct dh_priv *priv, const uint8_t *x, size_t x_len)
{
	mpz_t p;
	bool ok;

	if (x_len > priv->g->len)
		return -EINVAL;
	nettle_mpz_set_str_256_u(priv->x, x_len, x);
	modp_prime(priv->g, p);
	ok = modp_in_range(priv->x, p);
	mpz_clear(p);
	return ok ? 0 : -EINVAL;
}

static int modp_shared(const struct dh_priv *priv, const uint8_t *peer,
		       uint8_t *secret)
{
	mpz_t p, y, s;
	int err = 0;

	modp_prime(priv->g, p);
	mpz_init(y);
	mpz_init(s);
	nettle_mpz_set_str_256_u(y, priv->g->len, peer);
	if (!modp_in_range(y, p)) {
		err = -EINVAL;
		goto out;
	}
	mpz_powm_sec(s, y, priv->x, p);
	/* Cannot be 1 for a y in range and a safe prime; cheap to be sure. */
	if (mpz_cmp_ui(s, 1) <= 0) {
		err = -EINVAL;
		goto out;
	}
	nettle_mpz_get_str_256(priv->g->len, secret, s);
out:
	mpz_wipe_clear(s);
	mpz_clear(y);
	mpz_clear(p);
	return err;
}

/* ---- NIST ECP (RFC 5903) ---- */

static int ecp_set_scalar(struct dh_priv *priv, const uint8_t *x,
			  size_t x_len)
{
	mpz_t z;
	int ok;

	mpz_init(z);
	nettle_mpz_set_str_256_u(z, x_len, x);
	/* ecc_scalar_set() refuses anything outside [1, q-1]. */
	ok = ecc_scalar_set(&priv->s, z);
	mpz_wipe_clear(z);
	return ok ? 0 : -EINVAL;
}

static int ecp_pub(const struct dh_priv *priv, uint8_t *pub)
{
	const size_t len = priv->g->len;
	struct ecc_point r;
	mpz_t x, y;

	ecc_point_init(&r, priv->s.ecc);
	mpz_init(x);
	mpz_init(y);
	ecc_point_mul_g(&r, &priv->s);
	ecc_point_get(&r, x, y);
	nettle_mpz_get_str_256(len, pub, x);
	nettle_mpz_get_str_256(len, pub + len, y);
	mpz_clear(x);
	mpz_clear(y);
	ecc_point_clear(&r);
	return 0;
}

static int ecp_keygen(struct dh_priv *priv)
{
	const size_t len = priv->g->len;
	unsigned int bits = ecc_bit_size(priv->s.ecc);
	uint8_t buf[66];
	int err, tries;

	/* Rejection sampling of a scalar in [1, q-1] with q's bit length. */
	for (tries = 0; tries < 128; tries++) {
		err = dh_random(buf, len);
		if (err)
			break;
		if (bits % 8)
			buf[0] &= (uint8_t)((1u << (bits % 8)) - 1);
		err = ecp_set_scalar(priv, buf, len);
		if (!err)
			break;
	}
	wipe(buf, sizeof(buf));
	return err;
}

static int ecp_shared(const struct dh_priv *priv, const uint8_t *peer,
		      uint8_t *secret)
{
	const struct ecc_curve *ecc = priv->s.ecc;
	const size_t len = priv->g->len;
	struct ecc_point p, r;
	mpz_t x, y;
	int err = 0;

	ecc_point_init(&p, ecc);
	ecc_point_init(&r, ecc);
	mpz_init(x);
	mpz_init(y);
	nettle_mpz_set_str_256_u(x, len, peer);
	nettle_mpz_set_str_256_u(y, len, peer + len);
	/* Refuses coordinates >= p and points not on the curve. */
	if (!ecc_point_set(&p, x, y)) {
		err = -EINVAL;
		goto out;
	}
	ecc_point_mul(&r, &priv->s, &p);
	ecc_point_get(&r, x, y);
	nettle_mpz_get_str_256(len, secret, x);	/* RFC 5903 7: x only */
out:
	wipe(r.p, 2 * (size_t)ecc_size(ecc) * sizeof(mp_limb_t));
	mpz_wipe_clear(x);
	mpz_wipe_clear(y);
	ecc_point_clear(&r);
	ecc_point_clear(&p);
	return err;
}

/* ---- common ---- */

static int dh_start(unsigned int group, struct dh_priv **out,
		    size_t pub_size)
{
	const struct dh_group_desc *g = dh_find(group);

	*out = NULL;
	if (!g)
		return -EOPNOTSUPP;
	if (pub_size < (size_t)dh_pub_len(group))
		return -ENOSPC;
	*out = dh_alloc(g);
	if (!*out)
		return -ENOMEM;
	if (g->kind == DH_ECP) {
		ecc_scalar_init(&(*out)->s, g->curve());
		(*out)->have_s = true;
	}
	return 0;
}

static int dh_finish(struct dh_priv **priv, int err, uint8_t *pub,
		     size_t *pub_len)
{
	struct dh_priv *p = *priv;

	if (!err) {
		switch (p->g->kind) {
		case DH_MODP:
			err = modp_pub(p, pub);
			break;
		case DH_ECP:
			err = ecp_pub(p, pub);
			break;
		case DH_X25519:
			curve25519_mul_g(pub, p->k);
			break;
		}
	}
	if (err) {
		dh_free(p);
		*priv = NULL;
		return err;
	}
	*pub_len = (size_t)dh_pub_len(p->g->id);
	return 0;
}

int dh_keygen(unsigned int group, struct dh_priv **priv, uint8_t *pub,
	      size_t *pub_len)
{
	int err = dh_start(group, priv, *pub_len);

	if (err)
		return err;
	switch ((*priv)->g->kind) {
	case DH_MODP:
		err = modp_keygen(*priv);
		break;
	case DH_ECP:
		err = ecp_keygen(*priv);
		break;
	case DH_X25519:
		/* RFC 8031 2: 32 random bytes, clamped by the multiply. */
		err = dh_random((*priv)->k, sizeof((*priv)->k));
		break;
	}
	return dh_finish(priv, err, pub, pub_len);
}

int dh_import(unsigned int group, const uint8_t *x, size_t x_len,
	      struct dh_priv **priv, uint8_t *pub, size_t *pub_len)
{
	int err = dh_start(group, priv, *pub_len);

	if (err)
		return err;
	switch ((*priv)->g->kind) {
	case DH_MODP:
		err = modp_import(*priv, x, x_len);
		break;
	case DH_ECP:
		err = x_len == (*priv)->g->len ?
			ecp_set_scalar(*priv, x, x_len) : -EINVAL;
		break;
	case DH_X25519:
		if (x_len != sizeof((*priv)->k))
			err = -EINVAL;
		else
			memcpy((*priv)->k, x, x_len);
		break;
	}
	return dh_finish(priv, err, pub, pub_len);
}

int dh_shared(const struct dh_priv *priv, const uint8_t *peer, size_t peer_len,
	      uint8_t *secret, size_t *secret_len)
{
	const struct dh_group_desc *g = priv->g;
	uint8_t acc = 0;
	size_t i;
	int err;

	if (peer_len != (size_t)dh_pub_len(g->id))
		return -EINVAL;
	if (*secret_len < g->len)
		return -ENOSPC;
	switch (g->kind) {
	case DH_MODP:
		err = modp_shared(priv, peer, secret);
		break;
	case DH_ECP:
		err = ecp_shared(priv, peer, secret);
		break;
	case DH_X25519:
		curve25519_mul(secret, priv->k, peer);
		/* RFC 8031 2.3 / RFC 7748 6.1: refuse the all-zero output. */
		for (i = 0; i < CURVE25519_SIZE; i++)
			acc |= secret[i];
		err = acc ? 0 : -EINVAL;
		break;
	default:
		err = -EINVAL;
	}
	if (err) {
		wipe(secret, g->len);
		return err;
	}
	*secret_len = g->len;
	return 0;
}
