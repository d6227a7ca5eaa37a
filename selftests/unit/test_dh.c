// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of userspace/lib/dh.c.
 *
 * Vectors: RFC 7748 6.1 (X25519), RFC 5903 8.1-8.3 (ECDH P-256/384/521,
 * public values x | y, shared secret x). MODP groups have no published
 * IKE vector; they are checked against the prime rebuilt here from RFC 3526's
 * formula, p = 2^n - 2^(n-64) - 1 + 2^64 * (floor(2^(n-130) pi) + c), with
 * pi from Machin's formula, and by agreement between two parties.
 */
#include <stdlib.h>

#include <gmp.h>
#include <nettle/bignum.h>

#include "kselftest_harness.h"

#include "lib/dh.h"
#include "test_helper.h"

static const unsigned int groups[] = {
	DH_GROUP_MODP2048, DH_GROUP_MODP3072, DH_GROUP_ECP256,
	DH_GROUP_ECP384, DH_GROUP_ECP521, DH_GROUP_CURVE25519,
};

static size_t unhex(const char *hex, u8 *out)
{
	return th_unhex(hex, out, 512);
}

TEST(lengths)
{
	static const int pub[] = { 256, 384, 64, 96, 132, 32 };
	static const int sec[] = { 256, 384, 32, 48, 66, 32 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		EXPECT_EQ(pub[i], dh_pub_len(groups[i]));
		EXPECT_EQ(sec[i], dh_shared_len(groups[i]));
	}
	EXPECT_EQ(-EOPNOTSUPP, dh_pub_len(2));
	EXPECT_EQ(-EOPNOTSUPP, dh_shared_len(32));
}

TEST(both_sides_agree_every_group)
{
	u8 pa[DH_MAX_PUB_LEN], pb[DH_MAX_PUB_LEN];
	u8 sa[DH_MAX_SHARED_LEN], sb[DH_MAX_SHARED_LEN];
	struct dh_priv *a, *b;
	size_t i, round;

	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		for (round = 0; round < 3; round++) {
			size_t la = sizeof(pa), lb = sizeof(pb);
			size_t ka = sizeof(sa), kb = sizeof(sb);

			ASSERT_EQ(0, dh_keygen(groups[i], &a, pa, &la));
			ASSERT_EQ(0, dh_keygen(groups[i], &b, pb, &lb));
			ASSERT_EQ(dh_pub_len(groups[i]), la);
			ASSERT_EQ(la, lb);
			EXPECT_EQ(groups[i], dh_group(a));
			EXPECT_NE(0, memcmp(pa, pb, la));
			ASSERT_EQ(0, dh_shared(a, pb, lb, sa, &ka));
			ASSERT_EQ(0, dh_shared(b, pa, la, sb, &kb));
			ASSERT_EQ(dh_shared_len(groups[i]), ka);
			ASSERT_EQ(ka, kb);
			EXPECT_EQ(0, memcmp(sa, sb, ka));
			dh_free(a);
			dh_free(b);
		}
	}
	dh_free(NULL);
}

TEST(x25519_rfc7748)
{
	u8 a_priv[32], a_pub[32], b_priv[32], b_pub[32], k[32];
	u8 pub[32], s[32];
	size_t pl = sizeof(pub), sl = sizeof(s);
	struct dh_priv *a, *b;

	unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	      a_priv);
	unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
	      a_pub);
	unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	      b_priv);
	unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	      b_pub);
	unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
	      k);

	ASSERT_EQ(0, dh_import(DH_GROUP_CURVE25519, a_priv, 32, &a, pub, &pl));
	EXPECT_EQ(0, memcmp(pub, a_pub, 32));
	pl = sizeof(pub);
	ASSERT_EQ(0, dh_import(DH_GROUP_CURVE25519, b_priv, 32, &b, pub, &pl));
	EXPECT_EQ(0, memcmp(pub, b_pub, 32));
	ASSERT_EQ(0, dh_shared(a, b_pub, 32, s, &sl));
	EXPECT_EQ(0, memcmp(s, k, 32));
	ASSERT_EQ(0, dh_shared(b, a_pub, 32, s, &sl));
	EXPECT_EQ(0, memcmp(s, k, 32));
	dh_free(a);
	dh_free(b);
}

struct ecp_vec {
	unsigned int group;
	const char *i, *gix, *giy, *r, *grx, *gry, *girx;
};

/* RFC 5903 section 8. */
static const struct ecp_vec ecp_vecs[] = {
	{
		DH_GROUP_ECP256,
		"c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
		"dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180",
		"5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
		"c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
		"d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63",
		"56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
		"d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de",
	},
	{
		DH_GROUP_ECP384,
		"099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655"
		"e35b538041e649ee3faef896783ab194",
		"667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6"
		"de3ac808acb4bdb4c88732aee95f41aa",
		"9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38e"
		"eb9fcff3c2c947dae69b4c634573a81c",
		"41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942"
		"e0308312916b8ed2960e4bd55a7448fc",
		"e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d"
		"0d1ac43a0336def96fda41d0774a3571",
		"dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1ff"
		"f83fa40142209dff5eaad96db9e6386c",
		"11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4"
		"d603135569b9e9d09cf5d4a270f59746",
	},
	{
		DH_GROUP_ECP521,
		"0037ade9319a89f4dabdb3ef411aaccca5123c61acab57b5393dce47608172a0"
		"95aa85a30fe1c2952c6771d937ba9777f5957b2639bab072462f68c27a57382d"
		"4a52",
		"0015417e84dbf28c0ad3c278713349dc7df153c897a1891bd98bab4357c9ecbe"
		"e1e3bf42e00b8e380aeae57c2d107564941885942af5a7f4601723c4195d176c"
		"ed3e",
		"017cae20b6641d2eeb695786d8c946146239d099e18e1d5a514c739d7cb4a10a"
		"d8a788015ac405d7799dc75e7b7d5b6cf2261a6a7f1507438bf01beb6ca3926f"
		"9582",
		"0145ba99a847af43793fdd0e872e7cdfa16be30fdc780f97bccc3f078380201e"
		"9c677d600b343757a3bdbf2a3163e4c2f869cca7458aa4a4effc311f5cb15168"
		"5eb9",
		"00d0b3975ac4b799f5bea16d5e13e9af971d5e9b984c9f39728b5e5739735a21"
		"9b97c356436adc6e95bb0352f6be64a6c2912d4ef2d0433ced2b6171640012d9"
		"460f",
		"015c68226383956e3bd066e797b623c27ce0eac2f551a10c2c724d9852077b87"
		"220b6536c5c408a1d2aebb8e86d678ae49cb57091f4732296579ab44fcd17f0f"
		"c56a",
		"01144c7d79ae6956bc8edb8e7c787c4521cb086fa64407f97894e5e6b2d79b04"
		"d1427e73ca4baa240a34786859810c06b3c715a3a8cc3151f2bee417996d19f3"
		"ddea",
	},
};

TEST(ecdh_rfc5903)
{
	u8 i[66], r[66], gi[132], gr[132], girx[66], pub[132], s[66];
	struct dh_priv *a, *b;
	size_t v;

	for (v = 0; v < ARRAY_SIZE(ecp_vecs); v++) {
		const struct ecp_vec *e = &ecp_vecs[v];
		size_t n = (size_t)dh_shared_len(e->group);
		size_t pl = sizeof(pub), sl = sizeof(s);

		ASSERT_EQ(n, unhex(e->i, i));
		ASSERT_EQ(n, unhex(e->r, r));
		ASSERT_EQ(n, unhex(e->gix, gi));
		ASSERT_EQ(n, unhex(e->giy, gi + n));
		ASSERT_EQ(n, unhex(e->grx, gr));
		ASSERT_EQ(n, unhex(e->gry, gr + n));
		ASSERT_EQ(n, unhex(e->girx, girx));

		ASSERT_EQ(0, dh_import(e->group, i, n, &a, pub, &pl));
		ASSERT_EQ(2 * n, pl);
		EXPECT_EQ(0, memcmp(pub, gi, 2 * n));	/* x | y, no 0x04 */
		pl = sizeof(pub);
		ASSERT_EQ(0, dh_import(e->group, r, n, &b, pub, &pl));
		EXPECT_EQ(0, memcmp(pub, gr, 2 * n));
		ASSERT_EQ(0, dh_shared(a, gr, 2 * n, s, &sl));
		ASSERT_EQ(n, sl);
		EXPECT_EQ(0, memcmp(s, girx, n));	/* x coordinate only */
		ASSERT_EQ(0, dh_shared(b, gi, 2 * n, s, &sl));
		EXPECT_EQ(0, memcmp(s, girx, n));
		dh_free(a);
		dh_free(b);
	}
}

/* floor(2^bits * pi) via Machin: pi = 16 atan(1/5) - 4 atan(1/239). */
static void pi_fixed(mpz_t pi, unsigned int bits)
{
	unsigned int prec = bits + 64, k;
	mpz_t one, t, sum, term;
	int x, xs[] = { 5, 239 }, mul[] = { 16, -4 }, j;

	mpz_inits(one, t, sum, term, NULL);
	mpz_set_ui(pi, 0);
	mpz_ui_pow_ui(one, 2, prec);
	for (j = 0; j < 2; j++) {
		x = xs[j];
		mpz_set_ui(sum, 0);
		mpz_tdiv_q_ui(t, one, (unsigned long)x);	/* 1/x^(2k+1) */
		for (k = 0; mpz_sgn(t); k++) {
			mpz_tdiv_q_ui(term, t, 2 * k + 1);
			if (k & 1)
				mpz_sub(sum, sum, term);
			else
				mpz_add(sum, sum, term);
			mpz_tdiv_q_ui(t, t, (unsigned long)x * x);
		}
		if (mul[j] > 0)
			mpz_addmul_ui(pi, sum, (unsigned long)mul[j]);
		else
			mpz_submul_ui(pi, sum, (unsigned long)-mul[j]);
	}
	mpz_tdiv_q_2exp(pi, pi, 64);
	mpz_clears(one, t, sum, term, NULL);
}

/* RFC 3526: the 2048-bit (group 14) and 3072-bit (group 15) primes. */
static void rfc3526_prime(mpz_t p, unsigned int n)
{
	unsigned long c = n == 2048 ? 124476 : 1690314;
	mpz_t t;

	mpz_init(t);
	pi_fixed(t, n - 130);
	mpz_add_ui(t, t, c);
	mpz_mul_2exp(t, t, 64);
	mpz_ui_pow_ui(p, 2, n);
	mpz_add(p, p, t);
	mpz_ui_pow_ui(t, 2, n - 64);
	mpz_sub(p, p, t);
	mpz_sub_ui(p, p, 1);
	mpz_clear(t);
}

TEST(modp_against_rfc3526_formula)
{
	static const unsigned int bits[] = { 2048, 3072 };
	static const unsigned int grp[] = { DH_GROUP_MODP2048,
					    DH_GROUP_MODP3072 };
	u8 x[40], pub[DH_MAX_PUB_LEN], expect[DH_MAX_PUB_LEN];
	u8 s[DH_MAX_SHARED_LEN];
	struct dh_priv *a, *b;
	mpz_t p, g, e, y, q;
	size_t i;

	mpz_inits(p, g, e, y, q, NULL);
	for (i = 0; i < 2; i++) {
		size_t n = bits[i] / 8, pl = sizeof(pub), sl = sizeof(s);

		rfc3526_prime(p, bits[i]);
		/* Safe prime, as RFC 3526 says. */
		EXPECT_NE(0, mpz_probab_prime_p(p, 20));
		mpz_sub_ui(q, p, 1);
		mpz_tdiv_q_2exp(q, q, 1);
		EXPECT_NE(0, mpz_probab_prime_p(q, 20));

		memset(x, 0x5c, sizeof(x));
		ASSERT_EQ(0, dh_import(grp[i], x, sizeof(x), &a, pub, &pl));
		ASSERT_EQ(n, pl);
		mpz_set_ui(g, 2);
		nettle_mpz_set_str_256_u(e, sizeof(x), x);
		mpz_powm(y, g, e, p);
		nettle_mpz_get_str_256(n, expect, y);
		EXPECT_EQ(0, memcmp(pub, expect, n));

		/* Shared secret y^x mod p, left-padded to the modulus size. */
		memset(x, 0x33, sizeof(x));
		pl = sizeof(pub);
		ASSERT_EQ(0, dh_import(grp[i], x, 1, &b, pub, &pl));
		ASSERT_EQ(0, dh_shared(a, pub, n, s, &sl));
		ASSERT_EQ(n, sl);
		nettle_mpz_set_str_256_u(y, n, pub);
		mpz_powm(y, y, e, p);
		nettle_mpz_get_str_256(n, expect, y);
		EXPECT_EQ(0, memcmp(s, expect, n));
		dh_free(a);
		dh_free(b);
	}
	mpz_clears(p, g, e, y, q, NULL);
}

TEST(modp_invalid_peer_values)
{
	u8 pub[DH_MAX_PUB_LEN], bad[DH_MAX_PUB_LEN], s[DH_MAX_SHARED_LEN];
	struct dh_priv *a;
	mpz_t p, v;
	size_t i;

	mpz_inits(p, v, NULL);
	for (i = 0; i < 2; i++) {
		unsigned int grp = i ? DH_GROUP_MODP3072 : DH_GROUP_MODP2048;
		size_t n = (size_t)dh_pub_len(grp), pl = sizeof(pub);
		size_t sl = sizeof(s);

		rfc3526_prime(p, i ? 3072 : 2048);
		ASSERT_EQ(0, dh_keygen(grp, &a, pub, &pl));
		/* 0, 1, p - 1, p, p + 1 and all-ones are refused. */
		memset(bad, 0, n);
		EXPECT_EQ(-EINVAL, dh_shared(a, bad, n, s, &sl));
		bad[n - 1] = 1;
		EXPECT_EQ(-EINVAL, dh_shared(a, bad, n, s, &sl));
		mpz_sub_ui(v, p, 1);
		nettle_mpz_get_str_256(n, bad, v);
		EXPECT_EQ(-EINVAL, dh_shared(a, bad, n, s, &sl));
		nettle_mpz_get_str_256(n, bad, p);
		EXPECT_EQ(-EINVAL, dh_shared(a, bad, n, s, &sl));
		mpz_add_ui(v, p, 1);
		nettle_mpz_get_str_256(n, bad, v);
		EXPECT_EQ(-EINVAL, dh_shared(a, bad, n, s, &sl));
		memset(bad, 0xff, n);
		EXPECT_EQ(-EINVAL, dh_shared(a, bad, n, s, &sl));
		mpz_sub_ui(v, p, 2);
		nettle_mpz_get_str_256(n, bad, v);
		EXPECT_EQ(0, dh_shared(a, bad, n, s, &sl));
		/* 2 and p - 2 are fine. */
		memset(bad, 0, n);
		bad[n - 1] = 2;
		EXPECT_EQ(0, dh_shared(a, bad, n, s, &sl));
		/* Wrong lengths. */
		EXPECT_EQ(-EINVAL, dh_shared(a, pub, n - 1, s, &sl));
		EXPECT_EQ(-EINVAL, dh_shared(a, pub, 0, s, &sl));
		sl = n - 1;
		EXPECT_EQ(-ENOSPC, dh_shared(a, pub, n, s, &sl));
		dh_free(a);
	}
	mpz_clears(p, v, NULL);
}

TEST(ecp_invalid_peer_values)
{
	u8 pub[DH_MAX_PUB_LEN], bad[DH_MAX_PUB_LEN], s[DH_MAX_SHARED_LEN];
	struct dh_priv *a, *b;
	size_t i, bit;

	for (i = 2; i < 5; i++) {
		size_t n = (size_t)dh_pub_len(groups[i]), pl = sizeof(pub);
		size_t sl = sizeof(s);

		ASSERT_EQ(0, dh_keygen(groups[i], &a, pub, &pl));
		pl = sizeof(pub);
		ASSERT_EQ(0, dh_keygen(groups[i], &b, pub, &pl));
		/* Flipping a bit of y leaves the curve (x stays valid). */
		for (bit = 0; bit < 16; bit++) {
			memcpy(bad, pub, n);
			bad[n - 1 - bit / 8] ^= (u8)(1 << (bit % 8));
			EXPECT_EQ(-EINVAL, dh_shared(a, bad, n, s, &sl));
		}
		memset(bad, 0, n);		/* (0, 0): not on the curve */
		EXPECT_EQ(-EINVAL, dh_shared(a, bad, n, s, &sl));
		memset(bad, 0xff, n);		/* coordinates >= p */
		EXPECT_EQ(-EINVAL, dh_shared(a, bad, n, s, &sl));
		/* SEC1 encoding with its 0x04 prefix is not IKE's. */
		bad[0] = 4;
		memcpy(bad + 1, pub, n);
		EXPECT_EQ(-EINVAL, dh_shared(a, bad, n + 1, s, &sl));
		EXPECT_EQ(-EINVAL, dh_shared(a, pub, n - 1, s, &sl));
		EXPECT_EQ(0, dh_shared(a, pub, n, s, &sl));
		dh_free(a);
		dh_free(b);
	}
}

TEST(x25519_invalid_peer_values)
{
	u8 pub[32], bad[32], s[32];
	struct dh_priv *a;
	size_t pl = sizeof(pub), sl = sizeof(s);

	ASSERT_EQ(0, dh_keygen(DH_GROUP_CURVE25519, &a, pub, &pl));
	/* u = 0 and u = 1 have small order: the result is all zero. */
	memset(bad, 0, 32);
	EXPECT_EQ(-EINVAL, dh_shared(a, bad, 32, s, &sl));
	bad[0] = 1;
	EXPECT_EQ(-EINVAL, dh_shared(a, bad, 32, s, &sl));
	EXPECT_EQ(-EINVAL, dh_shared(a, pub, 31, s, &sl));
	EXPECT_EQ(-EINVAL, dh_shared(a, pub, 33, s, &sl));
	EXPECT_EQ(0, dh_shared(a, pub, 32, s, &sl));
	dh_free(a);
}

TEST(bad_arguments)
{
	u8 pub[DH_MAX_PUB_LEN], x[66];
	struct dh_priv *a = (struct dh_priv *)1;
	size_t pl = sizeof(pub);

	EXPECT_EQ(-EOPNOTSUPP, dh_keygen(1, &a, pub, &pl));
	EXPECT_EQ(NULL, a);
	pl = 63;
	EXPECT_EQ(-ENOSPC, dh_keygen(DH_GROUP_ECP256, &a, pub, &pl));
	pl = sizeof(pub);
	/* ECP scalars must be in [1, q-1]: 0 and q are refused. */
	memset(x, 0, sizeof(x));
	EXPECT_EQ(-EINVAL, dh_import(DH_GROUP_ECP256, x, 32, &a, pub, &pl));
	unhex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
	      x);
	EXPECT_EQ(-EINVAL, dh_import(DH_GROUP_ECP256, x, 32, &a, pub, &pl));
	x[31] -= 1;		/* q - 1 */
	EXPECT_EQ(0, dh_import(DH_GROUP_ECP256, x, 32, &a, pub, &pl));
	dh_free(a);
	EXPECT_EQ(-EINVAL, dh_import(DH_GROUP_ECP256, x, 31, &a, pub, &pl));
	/* MODP exponent 1 is refused. */
	pl = sizeof(pub);
	x[0] = 1;
	EXPECT_EQ(-EINVAL, dh_import(DH_GROUP_MODP2048, x, 1, &a, pub, &pl));
	EXPECT_EQ(-EINVAL, dh_import(DH_GROUP_CURVE25519, x, 31, &a, pub,
				     &pl));
}

TEST_HARNESS_MAIN
