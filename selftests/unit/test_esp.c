// SPDX-License-Identifier: GPL-2.0
/*
 * The ESP data path's pure helpers (kmod/ike/ike_esp.c): the anti-replay
 * window with ESN inference (RFC 4303 3.4.3, A2.2) checked at its edges and
 * against a brute-force model, the trailer, the inner flow parser (every
 * truncation runs on an exact-size heap copy so ASan sees any over-read),
 * the selector match and the range-to-prefix decomposition.
 */
#include <stdlib.h>

#include "kselftest_harness.h"

#include "esp_replay_model.h"
#include "ike_esp.h"
#include "ike_proposal.h"

/* ---- Replay window ---- */

static struct ike_esp_replay *replay_new(u32 size)
{
	struct ike_esp_replay *r = malloc(ike_esp_replay_bytes(size));

	/* Garbage first: init must clear the whole bitmap. */
	memset(r, 0xa5, ike_esp_replay_bytes(size));
	ike_esp_replay_init(r, size);
	return r;
}

/* check then update, as the data path does around the ICV check. */
static int accept_lo(struct ike_esp_replay *r, u32 lo, bool esn, u64 *seq)
{
	u64 s;
	int err = ike_esp_replay_check(r, lo, esn, &s);

	if (seq)
		*seq = s;
	if (err)
		return err;
	return ike_esp_replay_update(r, s);
}

TEST(replay_sizes)
{
	struct ike_esp_replay *r;

	ASSERT_EQ(sizeof(struct ike_esp_replay), ike_esp_replay_bytes(0));
	ASSERT_EQ(sizeof(struct ike_esp_replay) + 8, ike_esp_replay_bytes(1));
	ASSERT_EQ(sizeof(struct ike_esp_replay) + 8, ike_esp_replay_bytes(64));
	ASSERT_EQ(sizeof(struct ike_esp_replay) + 16, ike_esp_replay_bytes(65));
	/* 3000 packets: 47 words rounded to a power of two. */
	ASSERT_EQ(sizeof(struct ike_esp_replay) + 64 * 8,
		  ike_esp_replay_bytes(3000));
	ASSERT_EQ(sizeof(struct ike_esp_replay) + 64 * 8,
		  ike_esp_replay_bytes(IKE_ESP_REPLAY_MAX));
	/* Clamped, and init agrees with the allocation. */
	ASSERT_EQ(ike_esp_replay_bytes(IKE_ESP_REPLAY_MAX),
		  ike_esp_replay_bytes(100000));
	r = replay_new(100000);
	ASSERT_EQ(IKE_ESP_REPLAY_MAX, r->size);
	ASSERT_EQ(64, r->words);
	ASSERT_EQ(0, r->top);
	free(r);
}

TEST(replay_basic)
{
	struct ike_esp_replay *r = replay_new(64);
	u64 s;
	u32 i;

	ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, 0, false, &s));
	ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, 0, true, &s));
	ASSERT_EQ(-ERANGE, ike_esp_replay_update(r, 0));
	ASSERT_EQ(0, ike_esp_replay_check(r, 1, false, &s));
	ASSERT_EQ(1, s);
	ASSERT_EQ(0, ike_esp_replay_update(r, 1));
	ASSERT_EQ(1, r->top);
	ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, 1, false, &s));
	ASSERT_EQ(-EEXIST, ike_esp_replay_update(r, 1));
	/* Out of order inside the window. */
	ASSERT_EQ(0, accept_lo(r, 100, false, NULL));
	ASSERT_EQ(100, r->top);
	ASSERT_EQ(0, accept_lo(r, 37, false, NULL));	/* 100 - 63 */
	ASSERT_EQ(-EEXIST, accept_lo(r, 37, false, NULL));
	ASSERT_EQ(-ERANGE, accept_lo(r, 36, false, NULL));
	ASSERT_EQ(-ERANGE, accept_lo(r, 1, false, NULL));
	for (i = 38; i < 100; i++)
		ASSERT_EQ(0, ike_esp_replay_check(r, i, false, &s));
	ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, 100, false, &s));
	ASSERT_EQ(0, ike_esp_replay_check(r, 101, false, &s));
	free(r);
}

/* Small jumps must clear exactly the ring bits they pass over. */
TEST(replay_small_jumps)
{
	struct ike_esp_replay *r = replay_new(64);
	u64 s;
	u32 i;

	for (i = 1; i <= 64; i++)
		if (i != 5)
			ASSERT_EQ(0, accept_lo(r, i, false, NULL));
	/* Every bit of the 64-bit ring but one is now set. */
	ASSERT_EQ(0, ike_esp_replay_check(r, 5, false, &s));
	ASSERT_EQ(0, accept_lo(r, 70, false, NULL));
	/* Window now 7..70: 65..69 reuse the ring bits of 1..5. */
	ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, 6, false, &s));
	ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, 5, false, &s));
	for (i = 7; i <= 64; i++)
		ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, i, false, &s));
	for (i = 65; i <= 69; i++)
		ASSERT_EQ(0, ike_esp_replay_check(r, i, false, &s));
	ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, 70, false, &s));
	for (i = 65; i <= 69; i++)
		ASSERT_EQ(0, accept_lo(r, i, false, NULL));
	/* Step by one across the word: each step frees exactly one. */
	for (i = 71; i < 200; i++) {
		ASSERT_EQ(0, accept_lo(r, i, false, NULL));
		ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, i - 63, false, &s));
		ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, i - 64, false, &s));
	}
	free(r);
}

TEST(replay_large_jumps)
{
	static const u32 sizes[] = { 1, 63, 64, 65, 100, 128, 1000, 4096 };
	u32 k, i;
	u64 s;

	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		u32 w = sizes[k];
		struct ike_esp_replay *r = replay_new(w);
		u32 bits = r->words * 64, base;

		for (i = 1; i <= w; i++)
			ASSERT_EQ(0, accept_lo(r, i, false, NULL));
		for (i = 1; i <= w; i++)
			ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, i, false, &s));
		/* Jumps of exactly the ring, one less and one more. */
		base = w;
		ASSERT_EQ(0, accept_lo(r, base + bits - 1, false, NULL));
		for (i = max(base + 1, base + bits - w); i < base + bits - 1; i++)
			ASSERT_EQ(0, ike_esp_replay_check(r, i, false, &s));
		base += bits - 1;
		ASSERT_EQ(0, accept_lo(r, base + bits, false, NULL));
		base += bits;
		for (i = base - w + 1; i < base; i++)
			ASSERT_EQ(0, ike_esp_replay_check(r, i, false, &s));
		ASSERT_EQ(0, accept_lo(r, base + 1000000, false, NULL));
		base += 1000000;
		for (i = base - w + 1; i < base; i++)
			ASSERT_EQ(0, ike_esp_replay_check(r, i, false, &s));
		ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, base, false, &s));
		ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, base - w, false, &s));
		free(r);
	}
}

TEST(replay_size1)
{
	struct ike_esp_replay *r = replay_new(1);
	u64 s;

	ASSERT_EQ(0, accept_lo(r, 5, false, NULL));
	ASSERT_EQ(-EEXIST, accept_lo(r, 5, false, NULL));
	ASSERT_EQ(-ERANGE, accept_lo(r, 4, false, NULL));
	ASSERT_EQ(0, accept_lo(r, 6, false, NULL));
	ASSERT_EQ(-ERANGE, accept_lo(r, 5, false, NULL));
	/* ESN with a one-packet window: below top means the next subspace. */
	ASSERT_EQ(0, ike_esp_replay_check(r, 3, true, &s));
	ASSERT_EQ(0x100000003ULL, s);
	ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, 6, true, &s));
	ASSERT_EQ(6, s);
	free(r);
}

TEST(replay_size4096)
{
	struct ike_esp_replay *r = replay_new(4096);
	u64 s;
	u32 i;

	for (i = 4096; i >= 1; i--)
		ASSERT_EQ(0, accept_lo(r, i, false, NULL));
	for (i = 1; i <= 4096; i++)
		ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, i, false, &s));
	ASSERT_EQ(0, accept_lo(r, 8192, false, NULL));
	ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, 4096, false, &s));
	for (i = 4097; i < 8192; i++)
		ASSERT_EQ(0, ike_esp_replay_check(r, i, false, &s));
	ASSERT_EQ(0, accept_lo(r, 4097, false, NULL));
	ASSERT_EQ(-EEXIST, accept_lo(r, 4097, false, NULL));
	free(r);
}

TEST(replay_off)
{
	struct ike_esp_replay *r = replay_new(0);
	u64 s;

	ASSERT_EQ(0, r->words);
	ASSERT_EQ(-ERANGE, accept_lo(r, 0, false, NULL));
	ASSERT_EQ(0, accept_lo(r, 10, false, NULL));
	ASSERT_EQ(0, accept_lo(r, 10, false, NULL));	/* no check */
	ASSERT_EQ(0, accept_lo(r, 3, false, NULL));
	ASSERT_EQ(10, r->top);
	ASSERT_EQ(0, accept_lo(r, 0xfffffff0, false, &s));
	ASSERT_EQ(0xfffffff0ULL, s);
	/* ESN still inferred: nearest candidate to top. */
	ASSERT_EQ(0, ike_esp_replay_check(r, 5, true, &s));
	ASSERT_EQ(0x100000005ULL, s);
	ASSERT_EQ(0, ike_esp_replay_update(r, s));
	ASSERT_EQ(0, ike_esp_replay_check(r, 0xffffff00, true, &s));
	ASSERT_EQ(0xffffff00ULL, s);
	ASSERT_EQ(0, ike_esp_replay_check(r, 0x80000006, true, &s));
	ASSERT_EQ(0x80000006ULL, s);
	ASSERT_EQ(0, ike_esp_replay_check(r, 0x80000004, true, &s));
	ASSERT_EQ(0x180000004ULL, s);
	free(r);
}

TEST(replay_esn_wrap)
{
	struct ike_esp_replay *r = replay_new(64);
	u64 s;

	/* Before anything is accepted nothing lies left of 1. */
	ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, 0xffffffff, true, &s));
	ASSERT_EQ(0, ike_esp_replay_check(r, 1, true, &s));
	ASSERT_EQ(1, s);

	ASSERT_EQ(0, ike_esp_replay_update(r, 0xfffffff0));
	/* Forward across 2^32 (case A: window inside the low subspace). */
	ASSERT_EQ(0, ike_esp_replay_check(r, 5, true, &s));
	ASSERT_EQ(0x100000005ULL, s);
	/* Without ESN the same packet would need a wrap. */
	ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, 5, false, &s));
	ASSERT_EQ(0, ike_esp_replay_update(r, 0x100000005ULL));
	/* Backward across 2^32 (case B: window spans both subspaces). */
	ASSERT_EQ(0, ike_esp_replay_check(r, 0xfffffff8, true, &s));
	ASSERT_EQ(0xfffffff8ULL, s);
	ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, 0xfffffff0, true, &s));
	ASSERT_EQ(0xfffffff0ULL, s);
	ASSERT_EQ(0, accept_lo(r, 0xffffffff, true, &s));
	ASSERT_EQ(0xffffffffULL, s);
	ASSERT_EQ(-EEXIST, accept_lo(r, 0xffffffff, true, NULL));
	/* Bottom is 2^32 + 5 - 63: 0xffffffc6. */
	ASSERT_EQ(0, ike_esp_replay_check(r, 0xffffffc6, true, &s));
	ASSERT_EQ(0xffffffc6ULL, s);
	/* Below the bottom: the next subspace (A2.2), far ahead. */
	ASSERT_EQ(0, ike_esp_replay_check(r, 0xffffffc5, true, &s));
	ASSERT_EQ(0x1ffffffc5ULL, s);
	ASSERT_EQ(0, ike_esp_replay_check(r, 6, true, &s));
	ASSERT_EQ(0x100000006ULL, s);
	ASSERT_EQ(-EEXIST, ike_esp_replay_check(r, 5, true, &s));
	ASSERT_EQ(0x100000005ULL, s);
	/* A seq left of the window proper after a jump past 2^32 + 63. */
	ASSERT_EQ(0, ike_esp_replay_update(r, 0x100000100ULL));
	ASSERT_EQ(-ERANGE, ike_esp_replay_update(r, 0xffffffffULL));
	ASSERT_EQ(0, ike_esp_replay_check(r, 0xffffffff, true, &s));
	ASSERT_EQ(0x1ffffffffULL, s);
	free(r);

	/* The end of the 64-bit space: no subspace after the last. */
	r = replay_new(64);
	ASSERT_EQ(0, ike_esp_replay_update(r, 0xfffffffffffffff0ULL));
	ASSERT_EQ(-ERANGE, ike_esp_replay_check(r, 3, true, &s));
	ASSERT_EQ(0, ike_esp_replay_check(r, 0xffffffff, true, &s));
	ASSERT_EQ(0xffffffffffffffffULL, s);
	free(r);
}

/* check is pure; update re-checks what happened in between. */
TEST(replay_check_update_split)
{
	struct ike_esp_replay *r = replay_new(32);
	u64 a, b;

	ASSERT_EQ(0, ike_esp_replay_check(r, 7, false, &a));
	ASSERT_EQ(0, ike_esp_replay_check(r, 7, false, &b));
	ASSERT_EQ(0, r->top);
	ASSERT_EQ(0, ike_esp_replay_update(r, a));
	ASSERT_EQ(-EEXIST, ike_esp_replay_update(r, b));
	/* Checked while in the window, pushed out before its update. */
	ASSERT_EQ(0, ike_esp_replay_check(r, 5, false, &a));
	ASSERT_EQ(0, ike_esp_replay_update(r, 100));
	ASSERT_EQ(-ERANGE, ike_esp_replay_update(r, a));
	ASSERT_EQ(100, r->top);
	free(r);
}


static u64 rng_next(u64 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

TEST(replay_model)
{
	static const u32 sizes[] = { 0, 1, 2, 31, 64, 65, 200, 4096 };
	static const u64 starts[] = { 0, 0xffffff00ULL, 0x2ffffffe0ULL };
	struct esp_replay_model *m = malloc(sizeof(*m));
	u64 x = 0x9e3779b97f4a7c15ULL;
	u32 k, j, op;

	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		for (j = 0; j < 2 * ARRAY_SIZE(starts); j++) {
			bool esn = j & 1;
			struct ike_esp_replay *r = replay_new(sizes[k]);
			u32 w = sizes[k] ? sizes[k] : 50;

			memset(m, 0, sizeof(*m));
			m->size = sizes[k];
			if (starts[j / 2] && (esn || starts[j / 2] < 1ULL << 32)) {
				ASSERT_EQ(0, ike_esp_replay_update(r, starts[j / 2]));
				m->top = starts[j / 2];
				m->acc[m->n++] = m->top;
			}
			for (op = 0; op < 3000; op++) {
				u64 v = rng_next(&x), want_s, got_s;
				s64 d = (s64)(v % (3 * w + 20)) - 2 * w - 10;
				u32 lo;
				int want, got;

				if (v >> 60 == 0)
					d = (s64)(v >> 20 & 0xffffff);
				lo = (u32)(m->top + d);
				want = esp_replay_model_check(m, lo, esn, &want_s);
				got = ike_esp_replay_check(r, lo, esn, &got_s);
				ASSERT_EQ(want, got);
				if (want)
					continue;
				ASSERT_EQ(want_s, got_s);
				if (v >> 40 & 1)
					continue;	/* ICV failed */
				ASSERT_EQ(0, ike_esp_replay_update(r, got_s));
				if (got_s > m->top)
					m->top = got_s;
				if (m->n < ARRAY_SIZE(m->acc))
					m->acc[m->n++] = got_s;
				else
					break;
			}
			ASSERT_EQ(m->top, r->top);
			free(r);
		}
	}
	free(m);
}

/* ---- Trailer ---- */

/* @payload bytes of 0xee then the default trailer. */
static u32 plain_make(u8 *buf, u32 payload, u32 pad, u8 nh)
{
	memset(buf, 0xee, payload);
	ike_esp_trailer_write(buf + payload, pad, nh);
	return payload + pad + 2;
}

static int trailer_parse_all(const u8 *plain, u32 plain_len, u8 *nh,
			     u32 *payload_len)
{
	u32 tail_len = min_t(u32, plain_len, IKE_ESP_TRAILER_MAX);

	return ike_esp_trailer_parse(plain + plain_len - tail_len, tail_len,
				     plain_len, nh, payload_len);
}

TEST(trailer_good)
{
	u8 buf[600], nh = 0;
	u32 n, pl = 0;

	n = plain_make(buf, 10, 2, 4);
	ASSERT_EQ(14, n);
	ASSERT_EQ(1, buf[10]);
	ASSERT_EQ(2, buf[11]);
	ASSERT_EQ(2, buf[12]);
	ASSERT_EQ(4, buf[13]);
	ASSERT_EQ(0, trailer_parse_all(buf, n, &nh, &pl));
	ASSERT_EQ(4, nh);
	ASSERT_EQ(10, pl);

	n = plain_make(buf, 40, 0, 41);
	ASSERT_EQ(0, trailer_parse_all(buf, n, &nh, &pl));
	ASSERT_EQ(41, nh);
	ASSERT_EQ(40, pl);

	/* pad_len 255: the whole 257-byte tail is needed. */
	n = plain_make(buf, 5, 255, 4);
	ASSERT_EQ(0, trailer_parse_all(buf, n, &nh, &pl));
	ASSERT_EQ(5, pl);
	n = plain_make(buf, 0, 255, 41);
	ASSERT_EQ(257, n);
	ASSERT_EQ(0, trailer_parse_all(buf, n, &nh, &pl));
	ASSERT_EQ(0, pl);
	/* One byte less of plaintext: the pad length runs past it. */
	ASSERT_EQ(-EBADMSG, ike_esp_trailer_parse(buf + 1, 256, 256, &nh, &pl));
	/* The caller passed too little of the tail. */
	ASSERT_EQ(-EINVAL, ike_esp_trailer_parse(buf + 1, 256, 257, &nh, &pl));
}

TEST(trailer_bad)
{
	u8 buf[600], nh = 0;
	u32 n, pl = 0, i;

	n = plain_make(buf, 20, 7, 4);
	for (i = 20; i < 27; i++) {
		buf[i] ^= 0x40;
		ASSERT_EQ(-EBADMSG, trailer_parse_all(buf, n, &nh, &pl));
		buf[i] ^= 0x40;
	}
	ASSERT_EQ(0, trailer_parse_all(buf, n, &nh, &pl));
	ASSERT_EQ(20, pl);
	/* All-zero padding (some stacks' bug) is refused too. */
	memset(buf + 20, 0, 7);
	ASSERT_EQ(-EBADMSG, trailer_parse_all(buf, n, &nh, &pl));

	n = plain_make(buf, 20, 3, 59);
	ASSERT_EQ(-ENODATA, trailer_parse_all(buf, n, &nh, &pl));
	/* A dummy packet is dropped silently whatever its padding. */
	buf[20] = 9;
	ASSERT_EQ(-ENODATA, trailer_parse_all(buf, n, &nh, &pl));
	n = plain_make(buf, 20, 3, 17);
	ASSERT_EQ(-EBADMSG, trailer_parse_all(buf, n, &nh, &pl));
	n = plain_make(buf, 20, 3, 0);
	ASSERT_EQ(-EBADMSG, trailer_parse_all(buf, n, &nh, &pl));
	/* Pad length one more than there is room for. */
	n = plain_make(buf, 0, 4, 4);
	buf[4] = 5;
	ASSERT_EQ(-EBADMSG, trailer_parse_all(buf, n, &nh, &pl));
}

/* Short tails on exact-size heap copies: ASan sees any over-read. */
TEST(trailer_truncated)
{
	u8 nh = 0, *t;
	u32 pl = 0;

	t = malloc(1);
	ASSERT_EQ(-EBADMSG, ike_esp_trailer_parse(t, 0, 0, &nh, &pl));
	ASSERT_EQ(-EINVAL, ike_esp_trailer_parse(t, 0, 10, &nh, &pl));
	t[0] = 4;
	ASSERT_EQ(-EBADMSG, ike_esp_trailer_parse(t, 1, 1, &nh, &pl));
	ASSERT_EQ(-EINVAL, ike_esp_trailer_parse(t, 1, 10, &nh, &pl));
	ASSERT_EQ(-EINVAL, ike_esp_trailer_parse(t, 1, 0, &nh, &pl));
	free(t);

	t = malloc(2);
	t[0] = 0;
	t[1] = 4;
	ASSERT_EQ(0, ike_esp_trailer_parse(t, 2, 2, &nh, &pl));
	ASSERT_EQ(0, pl);
	ASSERT_EQ(4, nh);
	ASSERT_EQ(0, ike_esp_trailer_parse(t, 2, 30, &nh, &pl));
	ASSERT_EQ(28, pl);
	t[0] = 3;
	ASSERT_EQ(-EBADMSG, ike_esp_trailer_parse(t, 2, 2, &nh, &pl));
	ASSERT_EQ(-EBADMSG, ike_esp_trailer_parse(t, 2, 4, &nh, &pl));
	ASSERT_EQ(-EINVAL, ike_esp_trailer_parse(t, 2, 5, &nh, &pl));
	t[1] = 59;
	ASSERT_EQ(-ENODATA, ike_esp_trailer_parse(t, 2, 2, &nh, &pl));
	free(t);
}

TEST(pad_len)
{
	static const u32 blocks[] = { 4, 8, 16, 32, 256 };
	u8 buf[600], nh;
	u32 k, p, pl;

	ASSERT_EQ(2, ike_esp_pad_len(0, 4));
	ASSERT_EQ(1, ike_esp_pad_len(1, 4));
	ASSERT_EQ(0, ike_esp_pad_len(2, 4));
	ASSERT_EQ(3, ike_esp_pad_len(3, 4));
	ASSERT_EQ(14, ike_esp_pad_len(0, 16));
	ASSERT_EQ(0, ike_esp_pad_len(14, 16));
	ASSERT_EQ(15, ike_esp_pad_len(15, 16));
	ASSERT_EQ(0, (1400 + ike_esp_pad_len(1400, 16) + 2) % 16);
	/* Not a power of two, or too small/large: 4-byte alignment. */
	ASSERT_EQ(2, ike_esp_pad_len(0, 3));
	ASSERT_EQ(2, ike_esp_pad_len(0, 0));
	ASSERT_EQ(2, ike_esp_pad_len(0, 12));
	ASSERT_EQ(2, ike_esp_pad_len(0, 512));
	ASSERT_EQ(0, ike_esp_pad_len(0xfffffffe, 16));
	for (k = 0; k < ARRAY_SIZE(blocks); k++) {
		for (p = 0; p < 300; p++) {
			u32 pad = ike_esp_pad_len(p, blocks[k]);
			u32 n;

			ASSERT_LT(pad, blocks[k]);
			ASSERT_EQ(0, (p + pad + 2) % blocks[k]);
			n = plain_make(buf, p, pad, p & 1 ? 4 : 41);
			ASSERT_EQ(0, trailer_parse_all(buf, n, &nh, &pl));
			ASSERT_EQ(p, pl);
			ASSERT_EQ(p & 1 ? 4 : 41, nh);
		}
	}
}

/* ---- Flow ---- */

static const u8 a4[4] = { 10, 0, 0, 1 }, b4[4] = { 10, 0, 1, 7 };
static const u8 a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const u8 b6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2 };

/* IPv4 header of @ihl words with options, then @l4 bytes of transport. */
static u32 pkt4(u8 *p, u32 ihl, u8 proto, u16 frag, const u8 *l4, u32 l4len)
{
	u32 tot = ihl * 4 + l4len;

	memset(p, 0, ihl * 4);
	p[0] = 0x40 | ihl;
	put_unaligned_be16(tot, p + 2);
	put_unaligned_be16(frag, p + 6);
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, a4, 4);
	memcpy(p + 16, b4, 4);
	if (ihl > 5)
		memset(p + 20, 1, ihl * 4 - 20);	/* NOP options */
	memcpy(p + ihl * 4, l4, l4len);
	return tot;
}

static const u8 tcp_hdr[20] = { 0x04, 0xd2, 0x00, 0x50, [12] = 0x50 };
static const u8 udp_hdr[8] = { 0x13, 0x88, 0x00, 0x35, 0, 8 };
static const u8 icmp_echo[8] = { 8, 0 };

/* Runs the parser on an exact-size heap copy of @len of @pkt. */
static int parse_copy(const u8 *pkt, u32 len, u32 pkt_len,
		      struct ike_esp_flow *f)
{
	u8 *c = malloc(len ? len : 1);
	int err;

	memcpy(c, pkt, len);
	err = ike_esp_flow_parse(c, len, pkt_len, f);
	free(c);
	return err;
}

TEST(flow_v4)
{
	struct ike_esp_flow f;
	u8 p[128];
	u32 n;

	n = pkt4(p, 5, 6, 0, tcp_hdr, sizeof(tcp_hdr));
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(4, f.addr_len);
	ASSERT_EQ(6, f.proto);
	ASSERT_TRUE(f.ports_known);
	ASSERT_EQ(1234, f.sport);
	ASSERT_EQ(80, f.dport);
	ASSERT_EQ(0, memcmp(f.src, a4, 4));
	ASSERT_EQ(0, memcmp(f.dst, b4, 4));
	ASSERT_EQ(0, f.src[4] | f.src[15] | f.dst[4] | f.dst[15]);
	ASSERT_EQ(40, f.tot_len);
	/* Trailing bytes after the claimed length are the caller's to trim. */
	ASSERT_EQ(0, parse_copy(p, n, n + 7, &f));
	ASSERT_EQ(40, f.tot_len);

	n = pkt4(p, 5, 17, 0, udp_hdr, sizeof(udp_hdr));
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(17, f.proto);
	ASSERT_TRUE(f.ports_known);
	ASSERT_EQ(5000, f.sport);
	ASSERT_EQ(53, f.dport);

	n = pkt4(p, 5, 1, 0, icmp_echo, sizeof(icmp_echo));
	p[21] = 3;
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(1, f.proto);
	ASSERT_TRUE(f.ports_known);
	ASSERT_EQ(8, f.sport);
	ASSERT_EQ(3, f.dport);

	/* Options: ports after 24 bytes of header. */
	n = pkt4(p, 6, 6, 0, tcp_hdr, sizeof(tcp_hdr));
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_TRUE(f.ports_known);
	ASSERT_EQ(1234, f.sport);
	ASSERT_EQ(80, f.dport);
	ASSERT_EQ(44, f.tot_len);

	/* Fragments: the first (MF) has ports, a later one does not. */
	n = pkt4(p, 5, 17, 0x2000, udp_hdr, sizeof(udp_hdr));
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_TRUE(f.ports_known);
	ASSERT_EQ(53, f.dport);
	n = pkt4(p, 5, 17, 0x0001, udp_hdr, sizeof(udp_hdr));
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(17, f.proto);
	ASSERT_FALSE(f.ports_known);
	ASSERT_EQ(0, f.sport);
	ASSERT_EQ(0, f.dport);

	/* A protocol without ports (GRE). */
	n = pkt4(p, 5, 47, 0, udp_hdr, sizeof(udp_hdr));
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(47, f.proto);
	ASSERT_FALSE(f.ports_known);

	/* A UDP header cut by the claimed length. */
	n = pkt4(p, 5, 17, 0, udp_hdr, 3);
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_FALSE(f.ports_known);
}

TEST(flow_v4_bad)
{
	struct ike_esp_flow f;
	u8 p[128];
	u32 n;

	n = pkt4(p, 5, 6, 0, tcp_hdr, sizeof(tcp_hdr));
	p[0] = 0x44;		/* IHL 4 */
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	p[0] = 0x40;
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	p[0] = 0x4f;		/* 60 bytes of header in a 40-byte packet */
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	p[0] = 0x45;
	put_unaligned_be16(19, p + 2);
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	put_unaligned_be16(41, p + 2);
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	put_unaligned_be16(20, p + 2);	/* shorter: fine, nothing after */
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(20, f.tot_len);
	ASSERT_FALSE(f.ports_known);
	put_unaligned_be16(40, p + 2);
	p[0] = 0x55;
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	p[0] = 0x05;
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	p[0] = 0xf5;
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	p[0] = 0x45;
	ASSERT_EQ(-EINVAL, parse_copy(p, n, n - 1, &f));
	ASSERT_EQ(-EBADMSG, parse_copy(p, 0, 0, &f));
	ASSERT_EQ(-ENOBUFS, parse_copy(p, 0, n, &f));
}

/* IPv6 + hop-by-hop (8) + fragment (8) + @l4: 56 + l4len bytes. */
static u32 pkt6(u8 *p, u8 l4proto, u16 fragoff, const u8 *l4, u32 l4len)
{
	u32 tot = 40 + 16 + l4len;

	memset(p, 0, 56);
	p[0] = 0x60;
	put_unaligned_be16(16 + l4len, p + 4);
	p[6] = 0;		/* hop-by-hop */
	p[7] = 64;
	memcpy(p + 8, a6, 16);
	memcpy(p + 24, b6, 16);
	p[40] = 44;		/* next: fragment */
	p[41] = 0;		/* 8 bytes */
	p[42] = 1;		/* PadN */
	p[43] = 4;
	p[48] = l4proto;
	put_unaligned_be16(fragoff, p + 50);
	put_unaligned_be32(0x12345678, p + 52);
	memcpy(p + 56, l4, l4len);
	return tot;
}

TEST(flow_v6)
{
	static const u8 icmp6[8] = { 128, 0 };
	struct ike_esp_flow f;
	u8 p[256];
	u32 n;

	n = pkt6(p, 17, 0x0001, udp_hdr, sizeof(udp_hdr));	/* M=1, off 0 */
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(16, f.addr_len);
	ASSERT_EQ(17, f.proto);
	ASSERT_TRUE(f.ports_known);
	ASSERT_EQ(5000, f.sport);
	ASSERT_EQ(53, f.dport);
	ASSERT_EQ(0, memcmp(f.src, a6, 16));
	ASSERT_EQ(0, memcmp(f.dst, b6, 16));
	ASSERT_EQ(n, f.tot_len);

	n = pkt6(p, 17, 0x0008, udp_hdr, sizeof(udp_hdr));	/* offset 8 */
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(17, f.proto);
	ASSERT_FALSE(f.ports_known);

	n = pkt6(p, 58, 0, icmp6, sizeof(icmp6));
	p[57] = 1;
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(58, f.proto);
	ASSERT_TRUE(f.ports_known);
	ASSERT_EQ(128, f.sport);
	ASSERT_EQ(1, f.dport);

	/* Routing (16) + destination options (8) + AH (12+4) + TCP. */
	memset(p, 0, sizeof(p));
	p[0] = 0x60;
	p[6] = 43;
	memcpy(p + 8, a6, 16);
	memcpy(p + 24, b6, 16);
	p[40] = 60;
	p[41] = 1;
	p[56] = 51;
	p[57] = 0;
	p[64] = 6;
	p[65] = 2;		/* (2 + 2) * 4 = 16 */
	memcpy(p + 80, tcp_hdr, sizeof(tcp_hdr));
	n = 100;
	put_unaligned_be16(n - 40, p + 4);
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(6, f.proto);
	ASSERT_TRUE(f.ports_known);
	ASSERT_EQ(1234, f.sport);
	ASSERT_EQ(80, f.dport);
	/* An extension header running past the payload length. */
	put_unaligned_be16(40 - 1, p + 4);
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	/* Payload length beyond the packet. */
	put_unaligned_be16(n - 40 + 1, p + 4);
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	/* Shorter: fine, ports cut off. */
	put_unaligned_be16(n - 40 - 18, p + 4);
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(6, f.proto);
	ASSERT_FALSE(f.ports_known);
	/* Hop-by-hop anywhere but first. */
	put_unaligned_be16(n - 40, p + 4);
	p[56] = 0;
	ASSERT_EQ(-EBADMSG, parse_copy(p, n, n, &f));
	/* No next header. */
	p[56] = 59;
	ASSERT_EQ(0, parse_copy(p, n, n, &f));
	ASSERT_EQ(59, f.proto);
	ASSERT_FALSE(f.ports_known);
}

/*
 * Every truncation of every packet shape: @len bytes given of a packet of
 * @n (the rest not contiguous), and a packet that really is @len long.
 */
static void truncations(struct __test_metadata *_metadata, const u8 *p,
			u32 n, u32 ports_at)
{
	struct ike_esp_flow f;
	u32 len;
	int err;

	for (len = 0; len <= n; len++) {
		err = parse_copy(p, len, n, &f);
		if (err) {
			ASSERT_EQ(-ENOBUFS, err);
			ASSERT_LT(len, ports_at);
		} else {
			ASSERT_EQ(len >= ports_at + 4, f.ports_known);
			ASSERT_EQ(n, f.tot_len);
		}
		err = parse_copy(p, len, len, &f);
		if (len < n) {
			ASSERT_EQ(-EBADMSG, err);
		} else {
			ASSERT_EQ(0, err);
			ASSERT_TRUE(f.ports_known);
		}
	}
}

TEST(flow_truncated)
{
	u8 p[256];
	u32 n;

	n = pkt4(p, 5, 6, 0, tcp_hdr, sizeof(tcp_hdr));
	truncations(_metadata, p, n, 20);
	n = pkt4(p, 15, 17, 0, udp_hdr, sizeof(udp_hdr));
	truncations(_metadata, p, n, 60);
	n = pkt6(p, 17, 0, udp_hdr, sizeof(udp_hdr));
	truncations(_metadata, p, n, 56);
}

/* ---- Match ---- */

static void ts4(struct ike_ts *ts, u32 lo, u32 hi, u8 proto, u16 sp, u16 ep)
{
	memset(ts, 0, sizeof(*ts));
	ts->type = IKE_TS_IPV4_ADDR_RANGE;
	ts->ip_proto = proto;
	ts->start_port = sp;
	ts->end_port = ep;
	put_unaligned_be32(lo, ts->start);
	put_unaligned_be32(hi, ts->end);
}

static struct ike_ts_list one(const struct ike_ts *ts)
{
	struct ike_ts_list l;

	memset(&l, 0, sizeof(l));
	l.count = 1;
	l.ts[0] = *ts;
	return l;
}

TEST(match)
{
	struct ike_ts_list any4, any6, src, dst, empty;
	struct ike_esp_flow f;
	struct ike_ts ts;
	u8 p[256], z[16] = { 0 };
	u32 n;

	memset(&empty, 0, sizeof(empty));
	ASSERT_EQ(0, ike_ts_from_prefix(&ts, IKE_TS_IPV4_ADDR_RANGE, z, 0));
	any4 = one(&ts);
	ASSERT_EQ(0, ike_ts_from_prefix(&ts, IKE_TS_IPV6_ADDR_RANGE, z, 0));
	any6 = one(&ts);

	/* 10.0.0.1:1234 -> 10.0.1.7:80 TCP */
	n = pkt4(p, 5, 6, 0, tcp_hdr, sizeof(tcp_hdr));
	ASSERT_EQ(0, ike_esp_flow_parse(p, n, n, &f));
	ASSERT_TRUE(ike_esp_flow_match(&f, &any4, &any4));
	ASSERT_FALSE(ike_esp_flow_match(&f, &any6, &any6));
	ASSERT_FALSE(ike_esp_flow_match(&f, &any4, &any6));
	ASSERT_FALSE(ike_esp_flow_match(&f, &empty, &any4));

	ts4(&ts, 0x0a000001, 0x0a000001, 0, 0, 65535);
	src = one(&ts);
	ts4(&ts, 0x0a000100, 0x0a0001ff, 0, 0, 65535);
	dst = one(&ts);
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &dst));
	ASSERT_FALSE(ike_esp_flow_match(&f, &dst, &src));
	/* A range that is not a prefix, edges inclusive. */
	ts4(&dst.ts[0], 0x0a000107, 0x0a000203, 0, 0, 65535);
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &dst));
	ts4(&dst.ts[0], 0x0a000009, 0x0a000107, 0, 0, 65535);
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &dst));
	ts4(&dst.ts[0], 0x0a000108, 0x0a000203, 0, 0, 65535);
	ASSERT_FALSE(ike_esp_flow_match(&f, &src, &dst));
	/* Second selector of the list matches. */
	dst.count = 2;
	ts4(&dst.ts[1], 0x0a000107, 0x0a000107, 6, 80, 80);
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &dst));
	/* Protocol. */
	dst.ts[1].ip_proto = 17;
	ASSERT_FALSE(ike_esp_flow_match(&f, &src, &dst));
	dst.ts[1].ip_proto = 6;
	/* Ports: dst 80 against the dst selector, 1234 against the src one. */
	dst.ts[1].start_port = 81;
	dst.ts[1].end_port = 1000;
	ASSERT_FALSE(ike_esp_flow_match(&f, &src, &dst));
	dst.ts[1].start_port = 0;
	dst.ts[1].end_port = 79;
	ASSERT_FALSE(ike_esp_flow_match(&f, &src, &dst));
	dst.ts[1].end_port = 80;
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &dst));
	src.ts[0].start_port = 1234;
	src.ts[0].end_port = 1234;
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &dst));
	src.ts[0].start_port = 1235;
	src.ts[0].end_port = 65535;
	ASSERT_FALSE(ike_esp_flow_match(&f, &src, &dst));
	/* OPAQUE never matches known ports. */
	src.ts[0].start_port = 65535;
	src.ts[0].end_port = 0;
	ASSERT_FALSE(ike_esp_flow_match(&f, &src, &dst));

	/* Non-first fragment: only ANY and OPAQUE port selectors. */
	n = pkt4(p, 5, 6, 0x0010, tcp_hdr, sizeof(tcp_hdr));
	ASSERT_EQ(0, ike_esp_flow_parse(p, n, n, &f));
	ASSERT_FALSE(f.ports_known);
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &any4));	/* OPAQUE */
	ASSERT_FALSE(ike_esp_flow_match(&f, &src, &dst));	/* 0-80 */
	src.ts[0].start_port = 0;
	src.ts[0].end_port = 65535;
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &any4));
	dst.count = 1;
	dst.ts[0].start_port = 0;
	dst.ts[0].end_port = 65534;
	ts4(&dst.ts[0], 0x0a000100, 0x0a0001ff, 6, 0, 65534);
	ASSERT_FALSE(ike_esp_flow_match(&f, &src, &dst));
	dst.ts[0].end_port = 65535;
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &dst));

	/* ICMP echo (8/0): type << 8 | code on both sides. */
	n = pkt4(p, 5, 1, 0, icmp_echo, sizeof(icmp_echo));
	ASSERT_EQ(0, ike_esp_flow_parse(p, n, n, &f));
	ts4(&ts, 0x0a000000, 0x0a0000ff, 1, 0x0800, 0x08ff);
	src = one(&ts);
	ASSERT_TRUE(ike_esp_flow_match(&f, &src, &any4));
	src.ts[0].start_port = 0;
	src.ts[0].end_port = 0x00ff;	/* echo reply only */
	ASSERT_FALSE(ike_esp_flow_match(&f, &src, &any4));

	/* IPv6 against IPv6 ranges. */
	n = pkt6(p, 17, 0, udp_hdr, sizeof(udp_hdr));
	ASSERT_EQ(0, ike_esp_flow_parse(p, n, n, &f));
	ASSERT_TRUE(ike_esp_flow_match(&f, &any6, &any6));
	ASSERT_FALSE(ike_esp_flow_match(&f, &any4, &any4));
	ASSERT_EQ(0, ike_ts_from_prefix(&ts, IKE_TS_IPV6_ADDR_RANGE, b6, 96));
	dst = one(&ts);
	ASSERT_TRUE(ike_esp_flow_match(&f, &any6, &dst));
	ASSERT_FALSE(ike_esp_flow_match(&f, &dst, &dst));
	ASSERT_EQ(0, ike_ts_from_prefix(&ts, IKE_TS_IPV6_ADDR_RANGE, b6, 128));
	dst = one(&ts);
	dst.ts[0].start[15] = 3;	/* start > address */
	ASSERT_FALSE(ike_esp_flow_match(&f, &any6, &dst));
}

/* ---- Range to prefixes ---- */

static void v4addr(u8 *a, u32 v)
{
	put_unaligned_be32(v, a);
}

TEST(prefixes_v4)
{
	static const struct { u32 addr; u8 cidr; } want[] = {
		{ 0x0a000001, 32 }, { 0x0a000002, 31 }, { 0x0a000004, 30 },
		{ 0x0a000008, 29 }, { 0x0a000010, 28 }, { 0x0a000020, 27 },
		{ 0x0a000040, 26 }, { 0x0a000080, 26 }, { 0x0a0000c0, 27 },
		{ 0x0a0000e0, 28 }, { 0x0a0000f0, 29 }, { 0x0a0000f8, 30 },
		{ 0x0a0000fc, 31 }, { 0x0a0000fe, 32 },
	};
	struct ike_prefix out[IKE_PREFIX_MAX_V4];
	u8 s[4], e[4];
	int n, i;

	v4addr(s, 0x0a000001);
	v4addr(e, 0x0a000001);
	ASSERT_EQ(1, ike_range_to_prefixes(s, e, 4, out, 62));
	ASSERT_EQ(32, out[0].cidr);
	ASSERT_EQ(0, memcmp(out[0].addr, s, 4));
	ASSERT_EQ(0, out[0].addr[4] | out[0].addr[15]);

	v4addr(s, 0);
	v4addr(e, 0xffffffff);
	ASSERT_EQ(1, ike_range_to_prefixes(s, e, 4, out, 62));
	ASSERT_EQ(0, out[0].cidr);
	ASSERT_EQ(0, get_unaligned_be32(out[0].addr));

	v4addr(s, 0x0a000001);
	v4addr(e, 0x0a0000fe);
	n = ike_range_to_prefixes(s, e, 4, out, 62);
	ASSERT_EQ((int)ARRAY_SIZE(want), n);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(want[i].addr, get_unaligned_be32(out[i].addr));
		ASSERT_EQ(want[i].cidr, out[i].cidr);
	}
	ASSERT_EQ(-E2BIG, ike_range_to_prefixes(s, e, 4, out, 13));
	ASSERT_EQ(-E2BIG, ike_range_to_prefixes(s, e, 4, NULL, 0));

	/* Worst case: 62 prefixes. */
	v4addr(s, 1);
	v4addr(e, 0xfffffffe);
	ASSERT_EQ(62, ike_range_to_prefixes(s, e, 4, out, 62));
	ASSERT_EQ(-E2BIG, ike_range_to_prefixes(s, e, 4, out, 61));

	v4addr(s, 0x0a000002);
	v4addr(e, 0x0a000001);
	ASSERT_EQ(-EINVAL, ike_range_to_prefixes(s, e, 4, out, 62));
	ASSERT_EQ(-EINVAL, ike_range_to_prefixes(s, s, 8, out, 62));
	ASSERT_EQ(-EINVAL, ike_range_to_prefixes(s, s, 0, out, 62));
}

/* The list is ascending, aligned, contiguous and covers [s, e] exactly. */
static bool cover_ok(const u8 *s, const u8 *e, u32 alen,
		     const struct ike_prefix *p, int n)
{
	unsigned __int128 cur = 0, last = 0, lo = 0, hi = 0;
	u32 bits = alen * 8, i;
	int k;

	for (i = 0; i < alen; i++) {
		lo = lo << 8 | s[i];
		hi = hi << 8 | e[i];
	}
	for (k = 0; k < n; k++) {
		unsigned __int128 a = 0, size;

		for (i = 0; i < alen; i++)
			a = a << 8 | p[k].addr[i];
		if (p[k].cidr > bits)
			return false;
		size = (unsigned __int128)1 << (bits - p[k].cidr);
		if (a & (size - 1))
			return false;
		if (k == 0 ? a != lo : a != last + 1)
			return false;
		cur = a;
		last = cur + size - 1;
	}
	return n > 0 && last == hi;
}

TEST(prefixes_v6)
{
	struct ike_prefix *out = malloc(IKE_PREFIX_MAX_V6 * sizeof(*out));
	u8 s[16], e[16];
	u64 x = 12345;
	int n, i;

	memset(s, 0, 16);
	memset(e, 0xff, 16);
	ASSERT_EQ(1, ike_range_to_prefixes(s, e, 16, out, 254));
	ASSERT_EQ(0, out[0].cidr);
	s[15] = 1;
	e[15] = 0xfe;
	ASSERT_EQ(254, ike_range_to_prefixes(s, e, 16, out, 254));
	ASSERT_TRUE(cover_ok(s, e, 16, out, 254));
	ASSERT_EQ(128, out[0].cidr);
	/* ::2/127 ... 4000::/2, then 8000::/2 ... ::fffe/128 */
	ASSERT_EQ(127, out[1].cidr);
	ASSERT_EQ(2, out[126].cidr);
	ASSERT_EQ(0x40, out[126].addr[0]);
	ASSERT_EQ(2, out[127].cidr);
	ASSERT_EQ(0x80, out[127].addr[0]);
	ASSERT_EQ(128, out[253].cidr);
	ASSERT_EQ(0xfe, out[253].addr[15]);
	ASSERT_EQ(-E2BIG, ike_range_to_prefixes(s, e, 16, out, 253));
	memcpy(e, s, 16);
	ASSERT_EQ(1, ike_range_to_prefixes(s, e, 16, out, 254));
	ASSERT_EQ(128, out[0].cidr);
	e[0] = 0;
	s[0] = 1;
	ASSERT_EQ(-EINVAL, ike_range_to_prefixes(s, e, 16, out, 254));

	/* Random ranges, each bound a random prefix edge or address. */
	for (i = 0; i < 2000; i++) {
		u32 alen = i & 1 ? 16 : 4, j;

		for (j = 0; j < alen; j++) {
			s[j] = (u8)rng_next(&x);
			e[j] = (u8)rng_next(&x);
		}
		if (i & 2) {	/* share a random-length top part */
			u32 k = rng_next(&x) % alen;

			memcpy(e, s, k);
		}
		if (memcmp(s, e, alen) > 0) {
			u8 t[16];

			memcpy(t, s, alen);
			memcpy(s, e, alen);
			memcpy(e, t, alen);
		}
		n = ike_range_to_prefixes(s, e, alen, out, 254);
		ASSERT_GT(n, 0);
		ASSERT_LE(n, (int)(2 * alen * 8 - 2));
		ASSERT_TRUE(cover_ok(s, e, alen, out, n));
	}
	free(out);
}

TEST_HARNESS_MAIN
