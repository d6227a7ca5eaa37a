// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of negotiation (kmod/ike/ike_proposal.[ch]): strongSwan
 * proposal keywords, selection by local preference, KE group mismatch,
 * the initiator's check of the answer, and traffic selector narrowing
 * (RFC 7296 2.9).
 */
#include <stdio.h>
#include <stdlib.h>
#include "kselftest_harness.h"

#include "ike_proposal.h"
#include "test_helper.h"

/*
 * The SA payload body of strongSwan 5.9.8's IKE_SA_INIT request (the whole
 * message is in test_codec.c): proposal 1 aes256-sha256-prfsha256-modp2048,
 * proposal 2 aes128/192/256, sha256/384/512/aesxcbc/sha1,
 * prfsha256/384/512/aesxcbc/sha1, modp2048/3072/4096/6144/8192.
 */
static const char sswan_offer[] =
	"0200002c010100040300000c0100000c800e0100030000080300000c"
	"0300000802000005000000080400000e000000a4020100120300000c"
	"0100000c800e00800300000c0100000c800e00c00300000c0100000c"
	"800e0100030000080300000c030000080300000d030000080300000e"
	"03000008030000050300000803000002030000080200000503000008"
	"02000006030000080200000703000008020000040300000802000002"
	"030000080400000e030000080400000f030000080400001003000008"
	"040000110000000804000012";

/* strongSwan's answer to it: proposal 1, aes256-sha256-prfsha256-modp2048. */
static const char sswan_answer[] =
	"0000002c010100040300000c0100000c800e0100030000080300000c"
	"0300000802000005000000080400000e";

static size_t hex(u8 *out, size_t cap, const char *s)
{
	return th_unhex(s, out, cap);
}

/* An SA payload decoded from a buffer of its own. */
struct sa_buf {
	u8 buf[4096];
	struct ike_chain chain;
};

/* The SA payload whose body is @body_hex, from a request or a response. */
static const struct ike_payload *sa_hex(struct sa_buf *b, const char *body_hex,
					bool response)
{
	size_t n = hex(b->buf + 4, sizeof(b->buf) - 4, body_hex);

	b->buf[0] = 0;
	b->buf[1] = 0;
	put_unaligned_be16(n + 4, b->buf + 2);
	if (ike_decode_chain(IKE_PT_SA, b->buf, 0, n + 4,
			     response ? IKE_DEC_RESPONSE : 0, &b->chain, NULL))
		return NULL;
	return &b->chain.pl[0];
}

static const u8 spi4[4] = { 0x11, 0x22, 0x33, 0x44 };
static const u8 spi8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* The SA payload an initiator configured with @props would send. */
static const struct ike_payload *sa_offer(struct sa_buf *b, const char *props,
					  u8 protocol, unsigned int flags)
{
	struct ike_prop_list l;
	struct ike_writer w;
	const u8 *spi = protocol == IKE_PROTO_ESP ? spi4 :
			(flags & IKE_PROP_F_REKEY) ? spi8 : NULL;
	u8 spi_size = protocol == IKE_PROTO_ESP ? 4 :
		      (flags & IKE_PROP_F_REKEY) ? 8 : 0;
	int len;

	if (ike_prop_parse(props, strlen(props), protocol, &l, NULL))
		return NULL;
	ike_writer_init(&w, b->buf, sizeof(b->buf));
	ike_prop_put_offer(&w, &l, spi, spi_size, flags);
	len = ike_writer_finish(&w);
	if (len < 0 || ike_decode_chain(IKE_PT_SA, b->buf, 0, len, 0,
					&b->chain, NULL))
		return NULL;
	return &b->chain.pl[0];
}

static int parse(const char *s, u8 protocol, struct ike_prop_list *l,
		 struct ike_err *err)
{
	return ike_prop_parse(s, strlen(s), protocol, l, err);
}

/* ---------------------------------------------------------------------- */
/* Keywords */

TEST(parse_aead_ike)
{
	struct ike_prop_list l;
	const struct ike_prop *p = &l.prop[0];

	ASSERT_EQ(0, parse("aes128gcm16-prfsha256-x25519", IKE_PROTO_IKE, &l,
			   NULL));
	ASSERT_EQ(1, l.count);
	EXPECT_EQ(IKE_PROTO_IKE, p->protocol);
	ASSERT_EQ(1, p->n[IKE_XFT_ENCR]);
	EXPECT_EQ(IKE_ENCR_AES_GCM_16, p->alg[IKE_XFT_ENCR][0].id);
	EXPECT_EQ(128, p->alg[IKE_XFT_ENCR][0].keylen);
	ASSERT_EQ(1, p->n[IKE_XFT_PRF]);
	EXPECT_EQ(IKE_PRF_HMAC_SHA2_256, p->alg[IKE_XFT_PRF][0].id);
	EXPECT_EQ(0, p->n[IKE_XFT_INTEG]);
	ASSERT_EQ(1, p->n[IKE_XFT_DH]);
	EXPECT_EQ(IKE_DH_CURVE25519, p->alg[IKE_XFT_DH][0].id);
	EXPECT_EQ(0, p->n[IKE_XFT_ESN]);

	ASSERT_EQ(0, parse("aes256gcm16-prfsha384-ecp384", IKE_PROTO_IKE, &l,
			   NULL));
	EXPECT_EQ(256, p->alg[IKE_XFT_ENCR][0].keylen);
	EXPECT_EQ(IKE_PRF_HMAC_SHA2_384, p->alg[IKE_XFT_PRF][0].id);
	EXPECT_EQ(IKE_DH_ECP384, p->alg[IKE_XFT_DH][0].id);

	/* strongSwan: integrity keywords give the PRF, then go (AEAD). */
	ASSERT_EQ(0, parse("aes128gcm16-sha384-ecp521", IKE_PROTO_IKE, &l,
			   NULL));
	EXPECT_EQ(0, p->n[IKE_XFT_INTEG]);
	ASSERT_EQ(1, p->n[IKE_XFT_PRF]);
	EXPECT_EQ(IKE_PRF_HMAC_SHA2_384, p->alg[IKE_XFT_PRF][0].id);
	EXPECT_EQ(IKE_DH_ECP521, p->alg[IKE_XFT_DH][0].id);
}

TEST(parse_classic_ike)
{
	struct ike_prop_list l;
	const struct ike_prop *p = &l.prop[0];

	ASSERT_EQ(0, parse("aes256-sha256-modp2048", IKE_PROTO_IKE, &l, NULL));
	EXPECT_EQ(IKE_ENCR_AES_CBC, p->alg[IKE_XFT_ENCR][0].id);
	EXPECT_EQ(256, p->alg[IKE_XFT_ENCR][0].keylen);
	ASSERT_EQ(1, p->n[IKE_XFT_INTEG]);
	EXPECT_EQ(IKE_INTEG_HMAC_SHA2_256_128, p->alg[IKE_XFT_INTEG][0].id);
	ASSERT_EQ(1, p->n[IKE_XFT_PRF]);
	EXPECT_EQ(IKE_PRF_HMAC_SHA2_256, p->alg[IKE_XFT_PRF][0].id);
	EXPECT_EQ(IKE_DH_MODP2048, p->alg[IKE_XFT_DH][0].id);

	ASSERT_EQ(0, parse("aes128-sha256-ecp256", IKE_PROTO_IKE, &l, NULL));
	EXPECT_EQ(128, p->alg[IKE_XFT_ENCR][0].keylen);
	EXPECT_EQ(IKE_DH_ECP256, p->alg[IKE_XFT_DH][0].id);

	/* Several of a kind, in order; PRFs follow the integrity list. */
	ASSERT_EQ(0, parse("aes256-aes192-aes128-sha512-sha384-modp4096-"
			   "modp3072-curve25519", IKE_PROTO_IKE, &l, NULL));
	ASSERT_EQ(3, p->n[IKE_XFT_ENCR]);
	EXPECT_EQ(256, p->alg[IKE_XFT_ENCR][0].keylen);
	EXPECT_EQ(192, p->alg[IKE_XFT_ENCR][1].keylen);
	EXPECT_EQ(128, p->alg[IKE_XFT_ENCR][2].keylen);
	ASSERT_EQ(2, p->n[IKE_XFT_INTEG]);
	EXPECT_EQ(IKE_INTEG_HMAC_SHA2_512_256, p->alg[IKE_XFT_INTEG][0].id);
	EXPECT_EQ(IKE_INTEG_HMAC_SHA2_384_192, p->alg[IKE_XFT_INTEG][1].id);
	ASSERT_EQ(2, p->n[IKE_XFT_PRF]);
	EXPECT_EQ(IKE_PRF_HMAC_SHA2_512, p->alg[IKE_XFT_PRF][0].id);
	EXPECT_EQ(IKE_PRF_HMAC_SHA2_384, p->alg[IKE_XFT_PRF][1].id);
	ASSERT_EQ(3, p->n[IKE_XFT_DH]);
	EXPECT_EQ(IKE_DH_MODP4096, p->alg[IKE_XFT_DH][0].id);
	EXPECT_EQ(IKE_DH_MODP3072, p->alg[IKE_XFT_DH][1].id);
	EXPECT_EQ(IKE_DH_CURVE25519, p->alg[IKE_XFT_DH][2].id);

	/* An explicit PRF wins over the derived one; duplicates ignored. */
	ASSERT_EQ(0, parse("aes128-aes128-sha256-prfsha512-x25519-x25519",
			   IKE_PROTO_IKE, &l, NULL));
	EXPECT_EQ(1, p->n[IKE_XFT_ENCR]);
	ASSERT_EQ(1, p->n[IKE_XFT_PRF]);
	EXPECT_EQ(IKE_PRF_HMAC_SHA2_512, p->alg[IKE_XFT_PRF][0].id);
	EXPECT_EQ(1, p->n[IKE_XFT_DH]);
}

TEST(parse_esp)
{
	struct ike_prop_list l;
	const struct ike_prop *p = &l.prop[0];

	ASSERT_EQ(0, parse("aes128gcm16", IKE_PROTO_ESP, &l, NULL));
	EXPECT_EQ(IKE_PROTO_ESP, p->protocol);
	EXPECT_EQ(IKE_ENCR_AES_GCM_16, p->alg[IKE_XFT_ENCR][0].id);
	EXPECT_EQ(0, p->n[IKE_XFT_INTEG]);
	EXPECT_EQ(0, p->n[IKE_XFT_PRF]);
	EXPECT_EQ(0, p->n[IKE_XFT_DH]);
	ASSERT_EQ(1, p->n[IKE_XFT_ESN]);	/* noesn by default */
	EXPECT_EQ(IKE_ESN_NO, p->alg[IKE_XFT_ESN][0].id);

	ASSERT_EQ(0, parse("chacha20poly1305", IKE_PROTO_ESP, &l, NULL));
	EXPECT_EQ(IKE_ENCR_CHACHA20_POLY1305, p->alg[IKE_XFT_ENCR][0].id);
	EXPECT_EQ(0, p->alg[IKE_XFT_ENCR][0].keylen);

	ASSERT_EQ(0, parse("aes256-sha512-esn-noesn-modp2048", IKE_PROTO_ESP,
			   &l, NULL));
	EXPECT_EQ(IKE_INTEG_HMAC_SHA2_512_256, p->alg[IKE_XFT_INTEG][0].id);
	ASSERT_EQ(2, p->n[IKE_XFT_ESN]);
	EXPECT_EQ(IKE_ESN_YES, p->alg[IKE_XFT_ESN][0].id);
	EXPECT_EQ(IKE_ESN_NO, p->alg[IKE_XFT_ESN][1].id);
	ASSERT_EQ(1, p->n[IKE_XFT_DH]);		/* PFS */
	EXPECT_EQ(IKE_DH_MODP2048, p->alg[IKE_XFT_DH][0].id);

	/* Aliases */
	ASSERT_EQ(0, parse("aes256gcm-sha2_256", IKE_PROTO_ESP, &l, NULL));
	EXPECT_EQ(IKE_ENCR_AES_GCM_16, p->alg[IKE_XFT_ENCR][0].id);
	EXPECT_EQ(256, p->alg[IKE_XFT_ENCR][0].keylen);
	EXPECT_EQ(0, p->n[IKE_XFT_INTEG]);	/* dropped with AEAD */

	/* Several proposals */
	ASSERT_EQ(0, parse("aes128gcm16,aes256-sha384,chacha20poly1305-esn",
			   IKE_PROTO_ESP, &l, NULL));
	ASSERT_EQ(3, l.count);
	EXPECT_EQ(IKE_ENCR_AES_CBC, l.prop[1].alg[IKE_XFT_ENCR][0].id);
	EXPECT_EQ(IKE_ESN_YES, l.prop[2].alg[IKE_XFT_ESN][0].id);
}

TEST(parse_defaults)
{
	struct ike_prop_list l;

	ASSERT_EQ(0, parse(IKE_PROP_DEFAULT_IKE, IKE_PROTO_IKE, &l, NULL));
	EXPECT_EQ(2, l.count);
	ASSERT_EQ(0, parse(IKE_PROP_DEFAULT_ESP, IKE_PROTO_ESP, &l, NULL));
	EXPECT_EQ(2, l.count);
}

struct parse_case {
	const char *str;
	u8 protocol;
	int rc;
	u32 pos;
	u16 len;
	const char *reason;
};

static const struct parse_case bad_parses[] = {
	{ "", IKE_PROTO_IKE, -EINVAL, 0, 0, "empty proposal" },
	{ "aes128-", IKE_PROTO_ESP, -EINVAL, 7, 0, "empty algorithm keyword" },
	{ "aes128--sha256", IKE_PROTO_ESP, -EINVAL, 7, 0,
	  "empty algorithm keyword" },
	{ "-aes128", IKE_PROTO_ESP, -EINVAL, 0, 0, "empty algorithm keyword" },
	{ "aes128gcm16,,chacha20poly1305", IKE_PROTO_ESP, -EINVAL, 12, 0,
	  "empty proposal" },
	{ "aes128gcm16,", IKE_PROTO_ESP, -EINVAL, 12, 0, "empty proposal" },
	{ "aes127-sha256-modp2048", IKE_PROTO_IKE, -EINVAL, 0, 6,
	  "unknown algorithm keyword" },
	{ "aes128-sha256-modp1024", IKE_PROTO_IKE, -EINVAL, 14, 8,
	  "unknown algorithm keyword" },
	{ "AES128-sha256-modp2048", IKE_PROTO_IKE, -EINVAL, 0, 6,
	  "unknown algorithm keyword" },
	{ "aes128 -sha256-modp2048", IKE_PROTO_IKE, -EINVAL, 0, 7,
	  "unknown algorithm keyword" },
	{ "3des-sha1-modp1024", IKE_PROTO_IKE, -EINVAL, 0, 4,
	  "unknown algorithm keyword" },
	{ "aes128gcm16-x25519", IKE_PROTO_IKE, -EINVAL, 0, 18,
	  "IKE proposal without a PRF (add prfsha256...)" },
	{ "aes128-sha256", IKE_PROTO_IKE, -EINVAL, 0, 13,
	  "IKE proposal without a DH group" },
	{ "aes128-prfsha256-modp2048", IKE_PROTO_IKE, -EINVAL, 0, 25,
	  "classic cipher without an integrity algorithm" },
	{ "aes128", IKE_PROTO_ESP, -EINVAL, 0, 6,
	  "classic cipher without an integrity algorithm" },
	{ "sha256-modp2048", IKE_PROTO_IKE, -EINVAL, 0, 15,
	  "no encryption algorithm" },
	{ "aes128gcm16-prfsha256", IKE_PROTO_ESP, -EINVAL, 12, 9,
	  "a PRF belongs in IKE proposals only" },
	{ "aes128gcm16-prfsha256-x25519-esn", IKE_PROTO_IKE, -EINVAL, 29, 3,
	  "esn/noesn belong in ESP proposals only" },
	{ "aes128gcm16-aes128-sha256", IKE_PROTO_ESP, -EINVAL, 12, 6,
	  "AEAD and classic ciphers in one proposal" },
	{ "aes128-chacha20poly1305-sha256", IKE_PROTO_ESP, -EINVAL, 7, 16,
	  "AEAD and classic ciphers in one proposal" },
	{ "aes128gcm16-aes192gcm16-aes256gcm16-chacha20poly1305-aes128gcm-"
	  "aes192gcm-aes256gcm", IKE_PROTO_ESP, 0 },
	{ "aes128gcm16-aes192gcm16-aes256gcm16-chacha20poly1305-aes128-aes192",
	  IKE_PROTO_ESP, -EINVAL, 53, 6,
	  "AEAD and classic ciphers in one proposal" },
	{ "aes128-sha256-modp2048-modp3072-modp4096-ecp256-ecp384-ecp521-"
	  "x25519-curve25519", IKE_PROTO_IKE, 0 },
	{ "aes128gcm16,aes128gcm16,aes128gcm16,aes128gcm16,aes128gcm16,"
	  "aes128gcm16,aes128gcm16,aes128gcm16", IKE_PROTO_ESP, 0 },
	{ "aes128gcm16,aes128gcm16,aes128gcm16,aes128gcm16,aes128gcm16,"
	  "aes128gcm16,aes128gcm16,aes128gcm16,aes128gcm16", IKE_PROTO_ESP,
	  -E2BIG, 96, 11, "too many proposals" },
	{ "aes128gcm16", IKE_PROTO_AH, -EINVAL, 0, 0,
	  "proposals are for IKE or ESP" },
};

TEST(parse_errors)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_parses); i++) {
		const struct parse_case *c = &bad_parses[i];
		struct ike_prop_list l = { .count = 99 };
		struct ike_err err = { };
		int rc = parse(c->str, c->protocol, &l, &err);

		EXPECT_EQ(c->rc, rc) {
			TH_LOG("'%s': %s", c->str, rc ? err.reason : "ok");
		}
		if (!c->rc || rc != c->rc)
			continue;
		EXPECT_EQ(0, l.count);
		EXPECT_EQ(c->pos, err.offset) {
			TH_LOG("'%s'", c->str);
		}
		EXPECT_EQ(c->len, err.arg) {
			TH_LOG("'%s'", c->str);
		}
		EXPECT_STREQ(c->reason, err.reason);
	}
}

TEST(parse_limits_and_length)
{
	struct ike_prop_list l;
	struct ike_err err = { };
	char big[5000];

	/*
	 * Every DH keyword at once: 7 distinct groups (the alias folds),
	 * below IKE_PROP_MAX_ALGS, which no keyword type can exceed.
	 */
	ASSERT_EQ(0, parse("aes128gcm16-prfsha256-prfsha384-prfsha512-modp2048"
			   "-modp3072-modp4096-ecp256-ecp384-ecp521-x25519"
			   "-curve25519", IKE_PROTO_IKE, &l, &err));
	EXPECT_EQ(7, l.prop[0].n[IKE_XFT_DH]);
	EXPECT_EQ(3, l.prop[0].n[IKE_XFT_PRF]);

	/* The length bounds the parse: no NUL needed, none read past. */
	EXPECT_EQ(0, ike_prop_parse("aes128gcm16XXXX", 11, IKE_PROTO_ESP, &l,
				    &err));
	EXPECT_EQ(-EINVAL, ike_prop_parse("aes128gcm16\0", 12, IKE_PROTO_ESP,
					  &l, &err));
	memset(big, 'a', sizeof(big));
	EXPECT_EQ(-EINVAL, ike_prop_parse(big, sizeof(big), IKE_PROTO_ESP, &l,
					  &err));
	EXPECT_STREQ("proposal string too long", err.reason);
}

TEST(format)
{
	struct ike_prop_list l, l2;
	char buf[256], small[8];
	unsigned int i;
	static const struct {
		const char *in;
		u8 protocol;
		const char *out;
	} cases[] = {
		{ "aes128gcm16-prfsha256-x25519", IKE_PROTO_IKE,
		  "aes128gcm16-prfsha256-x25519" },
		{ "aes256-sha256-modp2048", IKE_PROTO_IKE,
		  "aes256-sha256-prfsha256-modp2048" },
		{ "aes128gcm16", IKE_PROTO_ESP, "aes128gcm16-noesn" },
		{ "aes256gcm-curve25519-sha2_256", IKE_PROTO_IKE,
		  "aes256gcm16-prfsha256-x25519" },
		{ "chacha20poly1305-esn-noesn-ecp521", IKE_PROTO_ESP,
		  "chacha20poly1305-ecp521-esn-noesn" },
	};

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, parse(cases[i].in, cases[i].protocol, &l, NULL));
		ASSERT_EQ((int)strlen(cases[i].out),
			  ike_prop_format(&l.prop[0], buf, sizeof(buf)));
		EXPECT_STREQ(cases[i].out, buf);
		/* The text parses back to the same proposal. */
		ASSERT_EQ(0, parse(buf, cases[i].protocol, &l2, NULL));
		EXPECT_EQ(0, memcmp(&l.prop[0], &l2.prop[0],
				    sizeof(l.prop[0])));
	}
	EXPECT_EQ(-ENOSPC, ike_prop_format(&l.prop[0], small, sizeof(small)));
	EXPECT_EQ(7, strlen(small));
	EXPECT_EQ(-ENOSPC, ike_prop_format(&l.prop[0], small, 0));
}

/* ---------------------------------------------------------------------- */
/* Offer */

TEST(offer_encoding)
{
	struct sa_buf b;
	const struct ike_payload *sa;
	struct ike_sa_iter it;
	struct ike_xform_iter xit;
	struct ike_sa_prop p;
	struct ike_sa_xform xf;
	static const u8 want[][3] = {	/* type, id, keylen / 8 */
		{ IKE_XFT_ENCR, IKE_ENCR_AES_CBC, 32 },
		{ IKE_XFT_ENCR, IKE_ENCR_AES_CBC, 16 },
		{ IKE_XFT_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 },
		{ IKE_XFT_DH, IKE_DH_ECP256, 0 },
		{ IKE_XFT_ESN, IKE_ESN_NO, 0 },
	};
	unsigned int i;

	sa = sa_offer(&b, "aes128gcm16,aes256-aes128-sha256-ecp256",
		      IKE_PROTO_ESP, 0);
	ASSERT_NE(NULL, sa);
	ike_sa_iter_init(&it, sa);
	ASSERT_TRUE(ike_sa_next_prop(&it, &p));
	EXPECT_EQ(1, p.num);
	EXPECT_EQ(IKE_PROTO_ESP, p.protocol);
	ASSERT_EQ(4, p.spi_size);
	EXPECT_EQ(0, memcmp(p.spi, spi4, 4));
	EXPECT_EQ(2, p.n_transforms);
	ASSERT_TRUE(ike_sa_next_prop(&it, &p));
	EXPECT_EQ(2, p.num);
	ASSERT_EQ(ARRAY_SIZE(want), p.n_transforms);
	ike_xform_iter_init(&xit, &p);
	for (i = 0; ike_xform_next(&xit, &xf); i++) {
		EXPECT_EQ(want[i][0], xf.type);
		EXPECT_EQ(want[i][1], xf.id);
		EXPECT_EQ(want[i][2] * 8, xf.keylen);
	}
	EXPECT_FALSE(ike_sa_next_prop(&it, &p));

	/* IKE_AUTH: no DH transforms (RFC 7296 1.2). */
	sa = sa_offer(&b, "aes256-sha256-ecp256", IKE_PROTO_ESP,
		      IKE_PROP_F_NO_DH);
	ASSERT_NE(NULL, sa);
	ike_sa_iter_init(&it, sa);
	ASSERT_TRUE(ike_sa_next_prop(&it, &p));
	EXPECT_EQ(3, p.n_transforms);
	ike_xform_iter_init(&xit, &p);
	while (ike_xform_next(&xit, &xf))
		EXPECT_NE(IKE_XFT_DH, xf.type);
}

/* ---------------------------------------------------------------------- */
/* Responder selection */

static int select_str(const char *local, u8 protocol,
		      const struct ike_payload *sa, unsigned int flags,
		      u16 ke, struct ike_chosen *c, struct ike_err *err)
{
	struct ike_prop_list l;

	if (parse(local, protocol, &l, NULL))
		return -1000;
	return ike_prop_select(&l, sa, flags, ke, c, err);
}

TEST(select_by_local_preference)
{
	struct sa_buf b;
	const struct ike_payload *sa;
	struct ike_chosen c;
	struct ike_err err = { };

	/* Peer prefers CBC (its proposal 1), we prefer GCM: we pick GCM. */
	sa = sa_offer(&b, "aes256-sha256-modp2048,aes128gcm16-prfsha256-x25519",
		      IKE_PROTO_IKE, 0);
	ASSERT_NE(NULL, sa);
	ASSERT_EQ(0, select_str("aes128gcm16-prfsha256-x25519,"
				"aes256-sha256-modp2048", IKE_PROTO_IKE, sa, 0,
				0, &c, &err));
	EXPECT_EQ(2, c.num);
	EXPECT_EQ(IKE_PROTO_IKE, c.protocol);
	EXPECT_EQ(0, c.spi_size);
	EXPECT_EQ(IKE_ENCR_AES_GCM_16, ike_chosen_id(&c, IKE_XFT_ENCR));
	EXPECT_EQ(128, c.xf[IKE_XFT_ENCR].keylen);
	EXPECT_EQ(IKE_PRF_HMAC_SHA2_256, ike_chosen_id(&c, IKE_XFT_PRF));
	EXPECT_EQ(0, ike_chosen_id(&c, IKE_XFT_INTEG));
	EXPECT_EQ(IKE_DH_CURVE25519, ike_chosen_id(&c, IKE_XFT_DH));
	/* Reversed local order: we pick CBC, the peer's proposal 1. */
	ASSERT_EQ(0, select_str("aes256-sha256-modp2048,"
				"aes128gcm16-prfsha256-x25519", IKE_PROTO_IKE,
				sa, 0, 0, &c, &err));
	EXPECT_EQ(1, c.num);
	EXPECT_EQ(IKE_ENCR_AES_CBC, ike_chosen_id(&c, IKE_XFT_ENCR));
	EXPECT_EQ(IKE_INTEG_HMAC_SHA2_256_128, ike_chosen_id(&c, IKE_XFT_INTEG));

	/* Within a proposal, per transform type, our order too. */
	sa = sa_offer(&b, "aes128-aes256-sha256-sha512-ecp256-x25519",
		      IKE_PROTO_IKE, 0);
	ASSERT_NE(NULL, sa);
	ASSERT_EQ(0, select_str("aes256-aes128-sha512-sha256-x25519-ecp256",
				IKE_PROTO_IKE, sa, 0, 0, &c, &err));
	EXPECT_EQ(256, c.xf[IKE_XFT_ENCR].keylen);
	EXPECT_EQ(IKE_INTEG_HMAC_SHA2_512_256, ike_chosen_id(&c, IKE_XFT_INTEG));
	EXPECT_EQ(IKE_PRF_HMAC_SHA2_512, ike_chosen_id(&c, IKE_XFT_PRF));
	EXPECT_EQ(IKE_DH_CURVE25519, ike_chosen_id(&c, IKE_XFT_DH));

	/* The KE group, if acceptable to both, is taken over our first. */
	ASSERT_EQ(0, select_str("aes256-sha512-x25519-ecp256", IKE_PROTO_IKE,
				sa, 0, IKE_DH_ECP256, &c, &err));
	EXPECT_EQ(IKE_DH_ECP256, ike_chosen_id(&c, IKE_XFT_DH));
	/* ... but not a group we did not configure. */
	ASSERT_EQ(0, select_str("aes256-sha512-x25519", IKE_PROTO_IKE, sa, 0,
				IKE_DH_ECP256, &c, &err));
	EXPECT_EQ(IKE_DH_CURVE25519, ike_chosen_id(&c, IKE_XFT_DH));
}

TEST(select_from_strongswan_offer)
{
	struct sa_buf b;
	const struct ike_payload *sa = sa_hex(&b, sswan_offer, false);
	struct ike_chosen c;
	struct ike_err err = { };
	char text[128];

	ASSERT_NE(NULL, sa);
	ASSERT_EQ(0, select_str("aes256-sha256-modp2048", IKE_PROTO_IKE, sa,
				0, IKE_DH_MODP2048, &c, &err));
	EXPECT_EQ(1, c.num);
	ASSERT_GT(ike_chosen_format(&c, text, sizeof(text)), 0);
	EXPECT_STREQ("aes256-sha256-prfsha256-modp2048", text);

	ASSERT_EQ(0, select_str("aes128-sha384-modp3072", IKE_PROTO_IKE, sa, 0,
				IKE_DH_MODP2048, &c, &err));
	EXPECT_EQ(2, c.num);
	ASSERT_GT(ike_chosen_format(&c, text, sizeof(text)), 0);
	EXPECT_STREQ("aes128-sha384-prfsha384-modp3072", text);
	/* strongSwan sent a modp2048 KE: ask it for modp3072. */
	EXPECT_EQ(-EAGAIN, ike_chosen_check_ke(&c, IKE_DH_MODP2048, &err));
	EXPECT_EQ(IKE_N_INVALID_KE_PAYLOAD, err.notify);
	EXPECT_EQ(IKE_DH_MODP3072, err.arg);

	/* Its plugins here have no GCM nor Curve25519. */
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16-prfsha256-x25519",
					   IKE_PROTO_IKE, sa, 0, 0, &c, &err));
	EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, err.notify);
	/* An ESP policy never matches IKE proposals. */
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes256-sha256", IKE_PROTO_ESP, sa,
					   0, 0, &c, &err));
	/* Nor does an IKE rekey, which needs 8-byte SPIs. */
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes256-sha256-modp2048",
					   IKE_PROTO_IKE, sa, IKE_PROP_F_REKEY,
					   0, &c, &err));
}

TEST(no_common_proposal)
{
	struct sa_buf b;
	const struct ike_payload *sa;
	struct ike_chosen c;
	struct ike_err err = { };

	sa = sa_offer(&b, "aes128gcm16-prfsha256-x25519", IKE_PROTO_IKE, 0);
	ASSERT_NE(NULL, sa);
	/* Different DH group */
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16-prfsha256-ecp256",
					   IKE_PROTO_IKE, sa, 0, 0, &c, &err));
	EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, err.notify);
	/* Different key length */
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes256gcm16-prfsha256-x25519",
					   IKE_PROTO_IKE, sa, 0, 0, &c, &err));
	/* Different PRF */
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16-prfsha384-x25519",
					   IKE_PROTO_IKE, sa, 0, 0, &c, &err));
	/* Classic vs AEAD */
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128-sha256-x25519",
					   IKE_PROTO_IKE, sa, 0, 0, &c, &err));

	/* ESP: ESN must agree */
	sa = sa_offer(&b, "aes128gcm16-esn", IKE_PROTO_ESP, 0);
	ASSERT_NE(NULL, sa);
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16-noesn", IKE_PROTO_ESP,
					   sa, 0, 0, &c, &err));
	ASSERT_EQ(0, select_str("aes128gcm16-noesn-esn", IKE_PROTO_ESP, sa, 0,
				0, &c, &err));
	EXPECT_EQ(IKE_ESN_YES, ike_chosen_id(&c, IKE_XFT_ESN));
	EXPECT_EQ(4, c.spi_size);
	EXPECT_EQ(0, memcmp(c.spi, spi4, 4));
	/* PFS requested by us, not offered by the peer */
	sa = sa_offer(&b, "aes128gcm16", IKE_PROTO_ESP, 0);
	ASSERT_NE(NULL, sa);
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16-ecp256", IKE_PROTO_ESP,
					   sa, 0, 0, &c, &err));
	/* PFS offered by the peer, we have none */
	sa = sa_offer(&b, "aes128gcm16-ecp256", IKE_PROTO_ESP, 0);
	ASSERT_NE(NULL, sa);
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16", IKE_PROTO_ESP, sa, 0,
					   0, &c, &err));
	/* ... unless this is IKE_AUTH, where DH is ignored. */
	ASSERT_EQ(0, select_str("aes128gcm16", IKE_PROTO_ESP, sa,
				IKE_PROP_F_NO_DH, 0, &c, &err));
	EXPECT_EQ(0, ike_chosen_id(&c, IKE_XFT_DH));
}

TEST(select_skips_what_it_cannot_use)
{
	struct sa_buf b;
	const struct ike_payload *sa;
	struct ike_chosen c;
	struct ike_err err = { };

	/*
	 * Proposal 1 has a transform type 6 (RFC 9370 ADDKE1): the whole
	 * proposal is unacceptable (RFC 7296 3.3.6); proposal 2 is taken.
	 */
	sa = sa_hex(&b,
		    "02 00 0024 01 03 04 03 11223344"
		    "  03 00 0008 01 00 001c"
		    "  03 00 0008 06 00 0013"
		    "  00 00 0008 05 00 0000"
		    "00 00 001c 02 03 04 02 11223344"
		    "  03 00 0008 01 00 001c"
		    "  00 00 0008 05 00 0000", false);
	ASSERT_NE(NULL, sa);
	ASSERT_EQ(0, select_str("chacha20poly1305", IKE_PROTO_ESP, sa, 0, 0,
				&c, &err));
	EXPECT_EQ(2, c.num);

	/*
	 * A transform with an unknown attribute is skipped, the rest of its
	 * type still count (RFC 7296 3.3.6).
	 */
	sa = sa_hex(&b,
		    "00 00 002c 01 03 04 03 11223344"
		    "  03 00 000c 01 00 0014 8011 0001"
		    "  03 00 000c 01 00 0014 800e 0100"
		    "  00 00 0008 05 00 0000", false);
	ASSERT_NE(NULL, sa);
	ASSERT_EQ(0, select_str("aes128gcm16-aes256gcm16", IKE_PROTO_ESP, sa, 0,
				0, &c, &err));
	EXPECT_EQ(256, c.xf[IKE_XFT_ENCR].keylen);
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16", IKE_PROTO_ESP, sa, 0,
					   0, &c, &err));

	/* AES without Key Length is not AES-128. */
	sa = sa_hex(&b,
		    "00 00 001c 01 03 04 02 11223344"
		    "  03 00 0008 01 00 0014"
		    "  00 00 0008 05 00 0000", false);
	ASSERT_NE(NULL, sa);
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16", IKE_PROTO_ESP, sa, 0,
					   0, &c, &err));

	/*
	 * An explicit INTEG NONE with an AEAD is fine; ESN omitted counts as
	 * "no ESN" when we accept that.
	 */
	sa = sa_hex(&b,
		    "00 00 0020 01 03 04 02 11223344"
		    "  03 00 000c 01 00 0014 800e 0080"
		    "  00 00 0008 03 00 0000", false);
	ASSERT_NE(NULL, sa);
	ASSERT_EQ(0, select_str("aes128gcm16", IKE_PROTO_ESP, sa, 0, 0, &c,
				&err));
	EXPECT_EQ(0, ike_chosen_id(&c, IKE_XFT_INTEG));
	EXPECT_EQ(0, ike_chosen_id(&c, IKE_XFT_ESN));
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16-esn", IKE_PROTO_ESP,
					   sa, 0, 0, &c, &err));

	/* An AEAD with a real integrity algorithm is not a valid proposal. */
	sa = sa_hex(&b,
		    "00 00 0028 01 03 04 03 11223344"
		    "  03 00 000c 01 00 0014 800e 0080"
		    "  03 00 0008 03 00 000c"
		    "  00 00 0008 05 00 0000", false);
	ASSERT_NE(NULL, sa);
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16", IKE_PROTO_ESP, sa, 0,
					   0, &c, &err));

	/* Malformed offers come back as INVALID_SYNTAX. */
	sa = sa_hex(&b, "00 00 0014 01 01 00 01  00 00 000c 01 00 000c"
		    " 800e 0080", true);	/* decoded as an answer ... */
	ASSERT_NE(NULL, sa);
	b.buf[8] = 2;				/* ... now numbered 2 */
	EXPECT_EQ(-EBADMSG, select_str("aes128-sha256-modp2048", IKE_PROTO_IKE,
				       sa, 0, 0, &c, &err));
	EXPECT_EQ(IKE_N_INVALID_SYNTAX, err.notify);
}

TEST(rekey_ike_sa)
{
	struct sa_buf b;
	const struct ike_payload *sa;
	struct ike_chosen c;
	struct ike_err err = { };

	sa = sa_offer(&b, "aes256gcm16-prfsha384-ecp384", IKE_PROTO_IKE,
		      IKE_PROP_F_REKEY);
	ASSERT_NE(NULL, sa);
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes256gcm16-prfsha384-ecp384",
					   IKE_PROTO_IKE, sa, 0, 0, &c, &err));
	ASSERT_EQ(0, select_str("aes256gcm16-prfsha384-ecp384", IKE_PROTO_IKE,
				sa, IKE_PROP_F_REKEY, 0, &c, &err));
	ASSERT_EQ(8, c.spi_size);
	EXPECT_EQ(0, memcmp(c.spi, spi8, 8));
}

TEST(ke_mismatch)
{
	struct sa_buf b;
	const struct ike_payload *sa;
	struct ike_chosen c;
	struct ike_err err = { };
	u8 data[2];

	sa = sa_offer(&b, "aes128gcm16-prfsha256-ecp256-x25519", IKE_PROTO_IKE,
		      0);
	ASSERT_NE(NULL, sa);
	/* The initiator guessed ecp256 but we only take x25519. */
	ASSERT_EQ(0, select_str("aes128gcm16-prfsha256-x25519", IKE_PROTO_IKE,
				sa, 0, IKE_DH_ECP256, &c, &err));
	EXPECT_EQ(-EAGAIN, ike_chosen_check_ke(&c, IKE_DH_ECP256, &err));
	EXPECT_EQ(IKE_N_INVALID_KE_PAYLOAD, err.notify);
	EXPECT_EQ(IKE_DH_CURVE25519, err.arg);
	ASSERT_EQ(2, ike_err_notify_data(&err, data));
	EXPECT_EQ(0, data[0]);
	EXPECT_EQ(31, data[1]);
	EXPECT_EQ(0, ike_chosen_check_ke(&c, IKE_DH_CURVE25519, &err));
	/* No KE payload at all while a group was chosen */
	EXPECT_EQ(-EAGAIN, ike_chosen_check_ke(&c, 0, &err));
	EXPECT_EQ(IKE_DH_CURVE25519, err.arg);

	/* A CREATE_CHILD_SA without PFS: any KE payload is to be ignored. */
	sa = sa_offer(&b, "aes128gcm16", IKE_PROTO_ESP, 0);
	ASSERT_NE(NULL, sa);
	ASSERT_EQ(0, select_str("aes128gcm16", IKE_PROTO_ESP, sa, 0,
				IKE_DH_ECP256, &c, &err));
	EXPECT_EQ(0, ike_chosen_check_ke(&c, IKE_DH_ECP256, &err));
	EXPECT_EQ(0, ike_chosen_check_ke(&c, 0, &err));
}

/*
 * A CREATE_CHILD_SA responder whose esp names no DH group
 * (IKE_PROP_F_PEER_PFS): the initiator's PFS group is taken when we can
 * compute it (Libreswan's pfs=yes rekey, strongSwan's esp_proposals with
 * a group), our ciphers still decide; without the flag (a conn that lists
 * groups, or the old behaviour) it is NO_PROPOSAL_CHOSEN.
 */
TEST(peer_pfs_group)
{
	static const struct {
		const char *offer;
		u16 ke;
		int rc;
		u16 dh;		/* chosen group; check_ke asks for it */
	} cases[] = {
		{ "aes128gcm16-x25519", IKE_DH_CURVE25519, 0, IKE_DH_CURVE25519 },
		{ "aes256gcm16-aes128gcm16-ecp384", IKE_DH_ECP384, 0,
		  IKE_DH_ECP384 },
		{ "aes128gcm16-modp2048", IKE_DH_MODP2048, 0, IKE_DH_MODP2048 },
		{ "aes128gcm16-modp3072", IKE_DH_MODP3072, 0, IKE_DH_MODP3072 },
		{ "aes128gcm16-ecp256", IKE_DH_ECP256, 0, IKE_DH_ECP256 },
		{ "aes128gcm16-ecp521", IKE_DH_ECP521, 0, IKE_DH_ECP521 },
		/* a group we cannot compute, another offered: ask for it */
		{ "aes128gcm16-modp4096-ecp256", IKE_DH_MODP4096, 0,
		  IKE_DH_ECP256 },
		/* KE of one offered group, ours picks it, not our order */
		{ "aes128gcm16-modp2048-x25519", IKE_DH_MODP2048, 0,
		  IKE_DH_MODP2048 },
		/* only a group we cannot compute */
		{ "aes128gcm16-modp4096", IKE_DH_MODP4096, -ENOPROTOOPT, 0 },
		/* ciphers are ours: chacha20 is not in the local list */
		{ "chacha20poly1305-x25519", IKE_DH_CURVE25519, -ENOPROTOOPT,
		  0 },
	};
	struct sa_buf b;
	const struct ike_payload *sa;
	struct ike_chosen c;
	struct ike_err err = { };
	unsigned int k;
	int rc;

	for (k = 0; k < ARRAY_SIZE(cases); k++) {
		sa = sa_offer(&b, cases[k].offer, IKE_PROTO_ESP, 0);
		ASSERT_NE(NULL, sa) TH_LOG("%s", cases[k].offer);
		memset(&err, 0, sizeof(err));
		rc = select_str("aes128gcm16,aes256gcm16", IKE_PROTO_ESP, sa,
				IKE_PROP_F_PEER_PFS, cases[k].ke, &c, &err);
		EXPECT_EQ(cases[k].rc, rc) TH_LOG("%s", cases[k].offer);
		if (rc) {
			EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, err.notify);
			continue;
		}
		EXPECT_EQ(cases[k].dh, ike_chosen_id(&c, IKE_XFT_DH))
			TH_LOG("%s", cases[k].offer);
		EXPECT_EQ(cases[k].dh == cases[k].ke ? 0 : -EAGAIN,
			  ike_chosen_check_ke(&c, cases[k].ke, &err))
			TH_LOG("%s", cases[k].offer);
		/* the cipher is still our preference among the peer's */
		EXPECT_EQ(IKE_ENCR_AES_GCM_16, ike_chosen_id(&c, IKE_XFT_ENCR));
		/* without the flag: what an explicit conn (or before) does */
		EXPECT_EQ(-ENOPROTOOPT,
			  select_str("aes128gcm16,aes256gcm16", IKE_PROTO_ESP,
				     sa, 0, cases[k].ke, &c, &err))
			TH_LOG("%s", cases[k].offer);
	}

	/* No KE payload: the flag changes nothing, NONE is needed. */
	sa = sa_offer(&b, "aes128gcm16-x25519", IKE_PROTO_ESP, 0);
	ASSERT_NE(NULL, sa);
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16", IKE_PROTO_ESP, sa,
					   IKE_PROP_F_PEER_PFS, 0, &c, &err));
	/* A peer without PFS is still served without it. */
	sa = sa_offer(&b, "aes128gcm16", IKE_PROTO_ESP, 0);
	ASSERT_NE(NULL, sa);
	ASSERT_EQ(0, select_str("aes128gcm16", IKE_PROTO_ESP, sa,
				IKE_PROP_F_PEER_PFS, 0, &c, &err));
	EXPECT_EQ(0, ike_chosen_id(&c, IKE_XFT_DH));
	/* A local list with a group decides by itself, flag or not. */
	sa = sa_offer(&b, "aes128gcm16-x25519", IKE_PROTO_ESP, 0);
	ASSERT_NE(NULL, sa);
	EXPECT_EQ(-ENOPROTOOPT, select_str("aes128gcm16-ecp256", IKE_PROTO_ESP,
					   sa, IKE_PROP_F_PEER_PFS,
					   IKE_DH_CURVE25519, &c, &err));
}

TEST(supported_groups_and_explicit_pfs)
{
	static const u16 yes[] = { 14, 15, 19, 20, 21, 31 };
	static const u16 no[] = { 0, 1, 2, 5, 16, 17, 18, 32, 0xffff };
	struct ike_prop_list l;
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(yes); k++)
		EXPECT_TRUE(ike_dh_supported(yes[k])) TH_LOG("%u", yes[k]);
	for (k = 0; k < ARRAY_SIZE(no); k++)
		EXPECT_FALSE(ike_dh_supported(no[k])) TH_LOG("%u", no[k]);
	ASSERT_EQ(0, parse("aes128gcm16,aes256-sha256", IKE_PROTO_ESP, &l,
			   NULL));
	EXPECT_FALSE(ike_prop_list_has_dh(&l));
	ASSERT_EQ(0, parse("aes128gcm16,aes256-sha256-modp2048", IKE_PROTO_ESP,
			   &l, NULL));
	EXPECT_TRUE(ike_prop_list_has_dh(&l));
	ASSERT_EQ(0, parse(IKE_PROP_DEFAULT_ESP, IKE_PROTO_ESP, &l, NULL));
	EXPECT_FALSE(ike_prop_list_has_dh(&l));
}

/* The PFS retry's offer: the conn's proposals with the IKE SA's group. */
TEST(set_dh_for_pfs_retry)
{
	struct ike_prop_list l, want;
	struct sa_buf b;
	const struct ike_payload *sa;
	struct ike_chosen c;
	struct ike_err err = { };

	ASSERT_EQ(0, parse("aes128gcm16-esn-noesn,aes256-sha256,"
			   "chacha20poly1305-ecp384", IKE_PROTO_ESP, &l, NULL));
	ike_prop_list_set_dh(&l, IKE_DH_CURVE25519);
	ASSERT_EQ(0, parse("aes128gcm16-x25519-esn-noesn,"
			   "aes256-sha256-x25519,chacha20poly1305-ecp384",
			   IKE_PROTO_ESP, &want, NULL));
	EXPECT_EQ(0, memcmp(&want, &l, sizeof(l)));
	EXPECT_TRUE(ike_prop_list_has_dh(&l));
	/* A responder that insists on PFS with that group takes it. */
	sa = NULL;
	{
		struct ike_writer w;
		int len;

		ike_writer_init(&w, b.buf, sizeof(b.buf));
		ike_prop_put_offer(&w, &l, spi4, 4, 0);
		len = ike_writer_finish(&w);
		ASSERT_LT(0, len);
		ASSERT_EQ(0, ike_decode_chain(IKE_PT_SA, b.buf, 0, len, 0,
					      &b.chain, NULL));
		sa = &b.chain.pl[0];
	}
	ASSERT_EQ(0, select_str("aes256-sha256-x25519", IKE_PROTO_ESP, sa, 0,
				IKE_DH_CURVE25519, &c, &err));
	EXPECT_EQ(IKE_DH_CURVE25519, ike_chosen_id(&c, IKE_XFT_DH));
	EXPECT_EQ(IKE_ENCR_AES_CBC, ike_chosen_id(&c, IKE_XFT_ENCR));
}

/* ---------------------------------------------------------------------- */
/* Initiator check of the answer */

/*
 * Initiator offers @offer, the responder with @policy answers, the
 * initiator checks the answer: both must end up with @want.
 */
TEST(full_round_trip)
{
	static const struct {
		const char *offer, *policy;
		u8 protocol;
		unsigned int flags;
		const char *want;
	} cases[] = {
		{ "aes128-sha256-modp2048,aes256gcm16-prfsha384-x25519",
		  "aes256gcm16-prfsha384-x25519", IKE_PROTO_IKE, 0,
		  "aes256gcm16-prfsha384-x25519" },
		{ "aes256-aes128-sha512-sha256-ecp384-ecp256",
		  "aes128-sha256-ecp256", IKE_PROTO_IKE, 0,
		  "aes128-sha256-prfsha256-ecp256" },
		{ "aes128gcm16-esn-noesn", "aes128gcm16", IKE_PROTO_ESP, 0,
		  "aes128gcm16-noesn" },
		{ "aes256-sha384-ecp384", "aes256-sha384-ecp384",
		  IKE_PROTO_ESP, 0, "aes256-sha384-ecp384-noesn" },
		{ "aes256-sha384-ecp384", "aes256-sha384",
		  IKE_PROTO_ESP, IKE_PROP_F_NO_DH, "aes256-sha384-noesn" },
		{ "chacha20poly1305-prfsha512-x25519",
		  "chacha20poly1305-prfsha512-x25519", IKE_PROTO_IKE,
		  IKE_PROP_F_REKEY, "chacha20poly1305-prfsha512-x25519" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct sa_buf offer, answer;
		const struct ike_payload *sa;
		struct ike_prop_list ours;
		struct ike_chosen r, c;
		struct ike_err err = { };
		struct ike_writer w;
		u8 rspi[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };
		u8 rspi_size = 0;
		char text[128];
		int len;

		if (cases[i].protocol == IKE_PROTO_ESP)
			rspi_size = 4;
		else if (cases[i].flags & IKE_PROP_F_REKEY)
			rspi_size = 8;

		sa = sa_offer(&offer, cases[i].offer, cases[i].protocol,
			      cases[i].flags);
		ASSERT_NE(NULL, sa);
		ASSERT_EQ(0, select_str(cases[i].policy, cases[i].protocol, sa,
					cases[i].flags, 0, &r, &err)) {
			TH_LOG("case %u: %s", i, err.reason);
		}
		ike_writer_init(&w, answer.buf, sizeof(answer.buf));
		ASSERT_EQ(0, ike_chosen_put_sa(&w, &r, rspi, rspi_size));
		len = ike_writer_finish(&w);
		ASSERT_GT(len, 0);
		ASSERT_EQ(0, ike_decode_chain(IKE_PT_SA, answer.buf, 0, len,
					      IKE_DEC_RESPONSE, &answer.chain,
					      &err));

		ASSERT_EQ(0, parse(cases[i].offer, cases[i].protocol, &ours,
				   NULL));
		ASSERT_EQ(0, ike_prop_check_answer(&ours, &answer.chain.pl[0],
						   cases[i].flags, &c, &err)) {
			TH_LOG("case %u: %s", i, err.reason);
		}
		EXPECT_EQ(r.num, c.num);
		EXPECT_EQ(r.present & ~(1u << IKE_XFT_DH),
			  c.present & ~(1u << IKE_XFT_DH));
		EXPECT_EQ(rspi_size, c.spi_size);
		EXPECT_EQ(0, memcmp(c.spi, rspi, rspi_size));
		ASSERT_GT(ike_chosen_format(&c, text, sizeof(text)), 0);
		EXPECT_STREQ(cases[i].want, text);
		ASSERT_GT(ike_chosen_format(&r, text, sizeof(text)), 0);
		EXPECT_STREQ(cases[i].want, text);
	}
}

TEST(check_strongswan_answer)
{
	struct sa_buf b;
	const struct ike_payload *sa = sa_hex(&b, sswan_answer, true);
	struct ike_prop_list ours;
	struct ike_chosen c;
	struct ike_err err = { };

	ASSERT_NE(NULL, sa);
	ASSERT_EQ(0, parse("aes256-sha256-modp2048,aes128gcm16-prfsha256-x25519",
			   IKE_PROTO_IKE, &ours, NULL));
	ASSERT_EQ(0, ike_prop_check_answer(&ours, sa, 0, &c, &err));
	EXPECT_EQ(1, c.num);
	EXPECT_EQ(IKE_ENCR_AES_CBC, ike_chosen_id(&c, IKE_XFT_ENCR));
	EXPECT_EQ(256, c.xf[IKE_XFT_ENCR].keylen);
	EXPECT_EQ(IKE_DH_MODP2048, ike_chosen_id(&c, IKE_XFT_DH));
	/* Had we offered GCM first, proposal 1 would be one we never sent. */
	ASSERT_EQ(0, parse("aes128gcm16-prfsha256-x25519,aes256-sha256-modp2048",
			   IKE_PROTO_IKE, &ours, NULL));
	EXPECT_EQ(-EPROTO, ike_prop_check_answer(&ours, sa, 0, &c, &err));
	EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, err.notify);
}

struct answer_case {
	const char *name;
	const char *answer;	/* SA body */
	unsigned int flags;
	int rc;
	const char *reason;
};

/*
 * Answers to our offers. As IKE: 1 = aes128-sha256-modp2048,
 * 2 = aes128gcm16-prfsha256-x25519-ecp256; as ESP: 1 = aes128gcm16-noesn-esn,
 * 2 = aes128-sha256-ecp256-noesn.
 */
static const struct answer_case ike_answers[] = {
	{ "good 1", "00 00 002c 01 01 00 04"
	  "  03 00 000c 01 00 000c 800e 0080  03 00 0008 03 00 000c"
	  "  03 00 0008 02 00 0005  00 00 0008 04 00 000e", 0, 0 },
	{ "good 2", "00 00 0024 02 01 00 03"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  00 00 0008 04 00 0013", 0, 0 },
	{ "proposal 3 never sent", "00 00 0024 03 01 00 03"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  00 00 0008 04 00 0013", 0, -EPROTO,
	  "answer names a proposal we did not send" },
	{ "transform from the other proposal", "00 00 0024 02 01 00 03"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  00 00 0008 04 00 000e", 0, -EPROTO,
	  "answer has a transform we did not offer" },
	{ "other key length", "00 00 0024 02 01 00 03"
	  "  03 00 000c 01 00 0014 800e 0100  03 00 0008 02 00 0005"
	  "  00 00 0008 04 00 0013", 0, -EPROTO,
	  "answer has a transform we did not offer" },
	{ "two DH groups", "00 00 002c 02 01 00 04"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  03 00 0008 04 00 0013  00 00 0008 04 00 001f", 0, -EPROTO,
	  "answer has two transforms of one type" },
	{ "no DH group", "00 00 001c 02 01 00 02"
	  "  03 00 000c 01 00 0014 800e 0080  00 00 0008 02 00 0005", 0,
	  -EPROTO, "answer lacks a transform type we offered" },
	{ "integrity with AEAD", "00 00 002c 02 01 00 04"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  03 00 0008 03 00 000c  00 00 0008 04 00 0013", 0, -EPROTO,
	  "answer has a transform we did not offer" },
	{ "protocol ESP", "00 00 0028 02 03 04 03 11223344"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  00 00 0008 04 00 0013", 0, -EPROTO,
	  "answer has another protocol" },
	{ "SPI in IKE_SA_INIT", "00 00 002c 02 01 08 03 0102030405060708"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  00 00 0008 04 00 0013", 0, -EPROTO,
	  "answer has a wrong SPI size" },
	{ "unknown transform type", "00 00 002c 02 01 00 04"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  03 00 0008 04 00 0013  00 00 0008 06 00 0013", 0, -EPROTO,
	  "answer has a transform type we did not send" },
	{ "unknown attribute", "00 00 0028 02 01 00 03"
	  "  03 00 0010 01 00 0014 800e 0080 8011 0001"
	  "  03 00 0008 02 00 0005  00 00 0008 04 00 0013", 0, -EPROTO,
	  "answer has an attribute we did not send" },
	{ "two proposals", "02 00 0024 01 01 00 03"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  00 00 0008 04 00 0013"
	  "00 00 0024 02 01 00 03"
	  "  03 00 000c 01 00 0014 800e 0080  03 00 0008 02 00 0005"
	  "  00 00 0008 04 00 0013", 0, -EBADMSG,
	  "more than one proposal in an answer" },
};

static const struct answer_case esp_answers[] = {
	{ "good 1", "00 00 0020 01 03 04 02 55667788"
	  "  03 00 000c 01 00 0014 800e 0080  00 00 0008 05 00 0001", 0, 0 },
	{ "ESN omitted, we allowed no ESN", "00 00 0018 01 03 04 01 55667788"
	  "  00 00 000c 01 00 0014 800e 0080", 0, 0 },
	{ "good 2 without DH in IKE_AUTH", "00 00 0028 02 03 04 03 55667788"
	  "  03 00 000c 01 00 000c 800e 0080  03 00 0008 03 00 000c"
	  "  00 00 0008 05 00 0000", IKE_PROP_F_NO_DH, 0 },
	{ "DH NONE in IKE_AUTH", "00 00 0030 02 03 04 04 55667788"
	  "  03 00 000c 01 00 000c 800e 0080  03 00 0008 03 00 000c"
	  "  03 00 0008 04 00 0000  00 00 0008 05 00 0000", IKE_PROP_F_NO_DH,
	  0 },
	{ "DH group in IKE_AUTH", "00 00 0030 02 03 04 04 55667788"
	  "  03 00 000c 01 00 000c 800e 0080  03 00 0008 03 00 000c"
	  "  03 00 0008 04 00 0013  00 00 0008 05 00 0000", IKE_PROP_F_NO_DH,
	  -EPROTO, "answer has a DH group in IKE_AUTH" },
	{ "PFS dropped in CREATE_CHILD_SA", "00 00 0028 02 03 04 03 55667788"
	  "  03 00 000c 01 00 000c 800e 0080  03 00 0008 03 00 000c"
	  "  00 00 0008 05 00 0000", 0, -EPROTO,
	  "answer lacks a transform type we offered" },
	{ "integrity missing", "00 00 0028 02 03 04 03 55667788"
	  "  03 00 000c 01 00 000c 800e 0080  03 00 0008 04 00 0013"
	  "  00 00 0008 05 00 0000", 0, -EPROTO,
	  "answer lacks a transform type we offered" },
	{ "ESN we did not offer", "00 00 0020 02 03 04 02 55667788"
	  "  03 00 000c 01 00 0014 800e 0080  00 00 0008 05 00 0001", 0,
	  -EPROTO, "answer has a transform we did not offer" },
	{ "SPI size 8", "00 00 0024 01 03 08 02 5566778855667788"
	  "  03 00 000c 01 00 0014 800e 0080  00 00 0008 05 00 0001", 0,
	  -EBADMSG, "bad AH/ESP SPI size" },
};

static void check_answers(struct __test_metadata *_metadata,
			  const struct answer_case *cases, unsigned int n,
			  const char *offer, u8 protocol)
{
	struct ike_prop_list ours;
	unsigned int i;

	ASSERT_EQ(0, parse(offer, protocol, &ours, NULL));
	for (i = 0; i < n; i++) {
		struct sa_buf b;
		const struct ike_payload *sa;
		struct ike_chosen c;
		struct ike_err err = { };
		size_t len = hex(b.buf + 4, sizeof(b.buf) - 4, cases[i].answer);
		int rc;

		/*
		 * Not through the chain decoder: some answers are malformed
		 * on purpose and the check must say so itself.
		 */
		b.buf[0] = 0;
		b.buf[1] = 0;
		put_unaligned_be16(len + 4, b.buf + 2);
		b.chain.pl[0].body = b.buf + 4;
		b.chain.pl[0].len = len;
		b.chain.pl[0].offset = 0;
		b.chain.pl[0].type = IKE_PT_SA;
		sa = &b.chain.pl[0];
		rc = ike_prop_check_answer(&ours, sa, cases[i].flags, &c, &err);
		EXPECT_EQ(cases[i].rc, rc) {
			TH_LOG("'%s': %s", cases[i].name,
			       rc ? err.reason : "accepted");
		}
		if (rc && rc == cases[i].rc) {
			u16 want = IKE_N_INVALID_SYNTAX;

			if (rc == -EPROTO)
				want = IKE_N_NO_PROPOSAL_CHOSEN;
			EXPECT_STREQ(cases[i].reason, err.reason);
			EXPECT_EQ(want, err.notify);
		}
	}
}

TEST(initiator_rejects_answers_it_did_not_offer)
{
	check_answers(_metadata, ike_answers, ARRAY_SIZE(ike_answers),
		      "aes128-sha256-modp2048,aes128gcm16-prfsha256-x25519-ecp256",
		      IKE_PROTO_IKE);
	check_answers(_metadata, esp_answers, ARRAY_SIZE(esp_answers),
		      "aes128gcm16-noesn-esn,aes128-sha256-ecp256-noesn",
		      IKE_PROTO_ESP);
}

/* ---------------------------------------------------------------------- */
/* Traffic selectors */

static struct ike_ts v4(u8 proto, u16 sport, u16 eport, const char *start,
			const char *end)
{
	struct ike_ts ts = {
		.type = IKE_TS_IPV4_ADDR_RANGE, .ip_proto = proto,
		.start_port = sport, .end_port = eport,
	};
	unsigned int a, b, c, d;

	if (sscanf(start, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
		abort();
	ts.start[0] = a; ts.start[1] = b; ts.start[2] = c; ts.start[3] = d;
	if (sscanf(end, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
		abort();
	ts.end[0] = a; ts.end[1] = b; ts.end[2] = c; ts.end[3] = d;
	return ts;
}

static struct ike_ts v4any(const char *start, const char *end)
{
	return v4(0, 0, 65535, start, end);
}

static bool ts_eq(const struct ike_ts *a, const struct ike_ts *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/*
 * RFC 7296 2.9's example: the initiator asks for 198.51.100.0/24 with, as
 * its first selector, the packet that triggered the request (UDP 1701 to
 * 198.51.100.43).
 */
TEST(narrow_rfc7296_2_9)
{
	struct ike_ts_list req = { .count = 2 }, pol = { .count = 1 }, out;
	struct ike_ts want;
	struct ike_err err = { };

	req.ts[0] = v4(17, 1701, 1701, "198.51.100.43", "198.51.100.43");
	req.ts[1] = v4any("198.51.100.0", "198.51.100.255");

	/* Policy allows the whole set: no narrowing, same selectors. */
	pol.ts[0] = v4any("198.51.100.0", "198.51.100.255");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, &err));
	ASSERT_EQ(1, out.count);	/* the first lies within the second */
	EXPECT_TRUE(ts_eq(&req.ts[1], &out.ts[0]));
	pol.ts[0] = v4any("0.0.0.0", "255.255.255.255");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, &err));
	ASSERT_EQ(1, out.count);
	EXPECT_TRUE(ts_eq(&req.ts[1], &out.ts[0]));

	/*
	 * Policy allows just that host: "the responder might respond with
	 * TSi being (198.51.100.43 - 198.51.100.43) with all ports and IP
	 * protocols".
	 */
	pol.ts[0] = v4any("198.51.100.43", "198.51.100.43");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, &err));
	ASSERT_EQ(1, out.count);
	want = v4any("198.51.100.43", "198.51.100.43");
	EXPECT_TRUE(ts_eq(&want, &out.ts[0]));

	/* Policy accepts the first selector: the narrowed set includes it. */
	pol.ts[0] = v4any("198.51.100.0", "198.51.100.127");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, &err));
	ASSERT_EQ(1, out.count);
	EXPECT_TRUE(ike_ts_within(&req.ts[0], &out.ts[0]));
	want = v4any("198.51.100.0", "198.51.100.127");
	EXPECT_TRUE(ts_eq(&want, &out.ts[0]));

	/* Policy refuses the first selector: an acceptable subset anyway. */
	pol.ts[0] = v4any("198.51.100.128", "198.51.100.255");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, &err));
	ASSERT_EQ(1, out.count);
	EXPECT_TRUE(ts_eq(&pol.ts[0], &out.ts[0]));
	EXPECT_FALSE(ike_ts_within(&req.ts[0], &out.ts[0]));

	/* Policy allows nothing of it: TS_UNACCEPTABLE. */
	pol.ts[0] = v4any("192.0.2.0", "192.0.2.255");
	EXPECT_EQ(-ENOENT, ike_ts_narrow(&req, &pol, &out, &err));
	EXPECT_EQ(IKE_N_TS_UNACCEPTABLE, err.notify);
	EXPECT_EQ(0, out.count);
}

TEST(narrow_keeps_first_choice_first)
{
	struct ike_ts_list req = { .count = 2 }, pol = { .count = 2 }, out;
	struct ike_ts want;

	req.ts[0] = v4(6, 443, 443, "10.0.0.5", "10.0.0.5");
	req.ts[1] = v4any("10.0.0.0", "10.255.255.255");
	pol.ts[0] = v4any("10.9.0.0", "10.9.255.255");
	pol.ts[1] = v4(6, 0, 65535, "10.0.0.0", "10.0.0.255");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	ASSERT_EQ(2, out.count);
	/*
	 * The TCP/443 host is covered by 10.0.0.0/24 TCP: that one takes
	 * the first place, then the /16 the other policy entry gives.
	 */
	want = v4(6, 0, 65535, "10.0.0.0", "10.0.0.255");
	EXPECT_TRUE(ts_eq(&want, &out.ts[0]));
	EXPECT_TRUE(ike_ts_within(&req.ts[0], &out.ts[0]));
	EXPECT_TRUE(ts_eq(&pol.ts[0], &out.ts[1]));
}

TEST(narrow_protocols_and_ports)
{
	struct ike_ts_list req = { .count = 1 }, pol = { .count = 1 }, out;
	struct ike_ts want;

	/* Any protocol requested, policy only TCP 443. */
	req.ts[0] = v4any("10.0.0.0", "10.0.0.255");
	pol.ts[0] = v4(6, 443, 443, "0.0.0.0", "255.255.255.255");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	want = v4(6, 443, 443, "10.0.0.0", "10.0.0.255");
	ASSERT_EQ(1, out.count);
	EXPECT_TRUE(ts_eq(&want, &out.ts[0]));

	/* UDP requested, policy TCP: nothing. */
	req.ts[0] = v4(17, 0, 65535, "10.0.0.0", "10.0.0.255");
	EXPECT_EQ(-ENOENT, ike_ts_narrow(&req, &pol, &out, NULL));

	/* Port ranges overlap partly. */
	req.ts[0] = v4(17, 1000, 2000, "10.0.0.1", "10.0.0.1");
	pol.ts[0] = v4(17, 1500, 3000, "10.0.0.0", "10.0.0.255");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	want = v4(17, 1500, 2000, "10.0.0.1", "10.0.0.1");
	EXPECT_TRUE(ts_eq(&want, &out.ts[0]));
	/* ... or not at all. */
	pol.ts[0] = v4(17, 2001, 3000, "10.0.0.0", "10.0.0.255");
	EXPECT_EQ(-ENOENT, ike_ts_narrow(&req, &pol, &out, NULL));

	/* OPAQUE ports lie within "any", not within a real range. */
	req.ts[0] = v4(17, 65535, 0, "10.0.0.1", "10.0.0.1");
	pol.ts[0] = v4(0, 0, 65535, "10.0.0.0", "10.0.0.255");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	EXPECT_TRUE(ts_eq(&req.ts[0], &out.ts[0]));
	pol.ts[0] = v4(0, 500, 500, "10.0.0.0", "10.0.0.255");
	EXPECT_EQ(-ENOENT, ike_ts_narrow(&req, &pol, &out, NULL));
	pol.ts[0] = v4(0, 65535, 0, "10.0.0.0", "10.0.0.255");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	req.ts[0] = v4(17, 0, 65535, "10.0.0.1", "10.0.0.1");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	EXPECT_EQ(65535, out.ts[0].start_port);
	EXPECT_EQ(0, out.ts[0].end_port);
}

TEST(narrow_families_and_truncation)
{
	struct ike_ts_list req = { .count = 2 }, pol = { .count = 1 }, out;
	static const u8 net6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	static const u8 any6[16];
	unsigned int i;

	/* Both families requested, only IPv6 allowed. */
	req.ts[0] = v4any("0.0.0.0", "255.255.255.255");
	ASSERT_EQ(0, ike_ts_from_prefix(&req.ts[1], IKE_TS_IPV6_ADDR_RANGE,
					any6, 0));
	ASSERT_EQ(0, ike_ts_from_prefix(&pol.ts[0], IKE_TS_IPV6_ADDR_RANGE,
					net6, 64));
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	ASSERT_EQ(1, out.count);
	EXPECT_TRUE(ts_eq(&pol.ts[0], &out.ts[0]));
	EXPECT_TRUE(ike_ts_list_within(&out, &req));
	EXPECT_FALSE(out.truncated);

	/*
	 * TCP and UDP for a /24 requested, policy: N single hosts, any
	 * protocol. That is 2 * N disjoint selectors: 16 fit, 18 do not.
	 */
	req.ts[0] = v4(6, 0, 65535, "10.0.0.0", "10.0.0.255");
	req.ts[1] = v4(17, 0, 65535, "10.0.0.0", "10.0.0.255");
	for (i = 0; i < 9; i++) {
		char a[20];

		snprintf(a, sizeof(a), "10.0.0.%u", 2 * i + 1);
		pol.ts[i] = v4any(a, a);
	}
	pol.count = 8;
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	EXPECT_EQ(16, out.count);
	EXPECT_FALSE(out.truncated);
	pol.count = 9;
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	EXPECT_EQ(IKE_MAX_TS, out.count);
	EXPECT_TRUE(out.truncated);
	/* The initiator's first selector's parts come first. */
	for (i = 0; i < 9; i++) {
		EXPECT_EQ(6, out.ts[i].ip_proto);
		EXPECT_EQ(2 * i + 1, out.ts[i].start[3]);
	}
	for (; i < IKE_MAX_TS; i++)
		EXPECT_EQ(17, out.ts[i].ip_proto);
	EXPECT_TRUE(ike_ts_list_within(&out, &req));
	EXPECT_TRUE(ike_ts_list_within(&out, &pol));
}

TEST(ts_helpers)
{
	struct ike_ts ts, want, r;
	struct ike_ts_list a = { .count = 1 }, b = { .count = 2 }, e = { };
	static const u8 addr4[4] = { 10, 1, 2, 3 };
	static const u8 addr6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff,
				      0x12, 0x34, 0x56 };

	ASSERT_EQ(0, ike_ts_from_prefix(&ts, IKE_TS_IPV4_ADDR_RANGE, addr4,
					16));
	want = v4any("10.1.0.0", "10.1.255.255");
	EXPECT_TRUE(ts_eq(&want, &ts));
	ASSERT_EQ(0, ike_ts_from_prefix(&ts, IKE_TS_IPV4_ADDR_RANGE, addr4,
					32));
	want = v4any("10.1.2.3", "10.1.2.3");
	EXPECT_TRUE(ts_eq(&want, &ts));
	ASSERT_EQ(0, ike_ts_from_prefix(&ts, IKE_TS_IPV4_ADDR_RANGE, addr4,
					0));
	want = v4any("0.0.0.0", "255.255.255.255");
	EXPECT_TRUE(ts_eq(&want, &ts));
	ASSERT_EQ(0, ike_ts_from_prefix(&ts, IKE_TS_IPV4_ADDR_RANGE, addr4,
					15));
	want = v4any("10.0.0.0", "10.1.255.255");
	EXPECT_TRUE(ts_eq(&want, &ts));
	EXPECT_EQ(-EINVAL, ike_ts_from_prefix(&ts, IKE_TS_IPV4_ADDR_RANGE,
					      addr4, 33));
	EXPECT_EQ(-EINVAL, ike_ts_from_prefix(&ts, 9, addr4, 8));
	ASSERT_EQ(0, ike_ts_from_prefix(&ts, IKE_TS_IPV6_ADDR_RANGE, addr6,
					36));
	EXPECT_EQ(0x20, ts.start[0]);
	EXPECT_EQ(0xf0, ts.start[4]);
	EXPECT_EQ(0x00, ts.start[5]);
	EXPECT_EQ(0xff, ts.end[4]);
	EXPECT_EQ(0xff, ts.end[15]);
	EXPECT_EQ(0xb8, ts.end[3]);

	/* Different families never intersect. */
	want = v4any("0.0.0.0", "255.255.255.255");
	EXPECT_FALSE(ike_ts_intersect(&ts, &want, &r));
	EXPECT_FALSE(ike_ts_within(&want, &ts));

	/* Lists */
	a.ts[0] = v4(6, 80, 80, "10.0.0.1", "10.0.0.1");
	b.ts[0] = v4any("192.0.2.0", "192.0.2.255");
	b.ts[1] = v4any("10.0.0.0", "10.0.0.255");
	EXPECT_TRUE(ike_ts_list_within(&a, &b));
	EXPECT_FALSE(ike_ts_list_within(&b, &a));
	EXPECT_FALSE(ike_ts_list_within(&e, &b));
	b.ts[1] = v4(17, 0, 65535, "10.0.0.0", "10.0.0.255");
	EXPECT_FALSE(ike_ts_list_within(&a, &b));
}

/* A decoded TS payload with a selector of unknown type narrows without it. */
TEST(narrow_decoded_payload)
{
	u8 buf[128];
	size_t n = hex(buf + 4, sizeof(buf) - 4,
		       "02 000000  0a 00 0008 01020304"
		       "  07 00 0010 0000 ffff 0a000000 0a0000ff");
	struct ike_chain chain;
	struct ike_ts_list req, pol = { .count = 1 }, out;

	buf[0] = 0;
	buf[1] = 0;
	put_unaligned_be16(n + 4, buf + 2);
	ASSERT_EQ(0, ike_decode_chain(IKE_PT_TSI, buf, 0, n + 4, 0, &chain,
				      NULL));
	ASSERT_EQ(0, ike_decode_ts(&chain.pl[0], &req, NULL));
	EXPECT_EQ(1, req.count);
	EXPECT_EQ(1, req.unknown);
	pol.ts[0] = v4any("10.0.0.128", "10.0.1.0");
	ASSERT_EQ(0, ike_ts_narrow(&req, &pol, &out, NULL));
	ASSERT_EQ(1, out.count);
	EXPECT_EQ(128, out.ts[0].start[3]);
	EXPECT_EQ(255, out.ts[0].end[3]);
}

TEST(algorithm_facts)
{
	EXPECT_EQ(256, ike_dh_ke_len(IKE_DH_MODP2048));
	EXPECT_EQ(384, ike_dh_ke_len(IKE_DH_MODP3072));
	EXPECT_EQ(512, ike_dh_ke_len(IKE_DH_MODP4096));
	EXPECT_EQ(64, ike_dh_ke_len(IKE_DH_ECP256));
	EXPECT_EQ(96, ike_dh_ke_len(IKE_DH_ECP384));
	EXPECT_EQ(132, ike_dh_ke_len(IKE_DH_ECP521));
	EXPECT_EQ(32, ike_dh_ke_len(IKE_DH_CURVE25519));
	EXPECT_EQ(0, ike_dh_ke_len(99));
	EXPECT_TRUE(ike_encr_is_combined(IKE_ENCR_AES_GCM_16));
	EXPECT_TRUE(ike_encr_is_combined(IKE_ENCR_CHACHA20_POLY1305));
	EXPECT_FALSE(ike_encr_is_combined(IKE_ENCR_AES_CBC));
}

TEST_HARNESS_MAIN
