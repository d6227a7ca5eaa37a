// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the ESP data path's pure helpers (kmod/ike/ike_esp.c).
 * Byte 0 picks what the rest of the input drives:
 *
 *  0: an inner packet: ike_esp_flow_parse() with every split of "contiguous"
 *     and "packet" length that byte 1 selects, run on an exact-size copy so
 *     ASan catches any read past @len; the result is matched against fixed
 *     selectors, and must agree with the parse of the whole packet;
 *  1: a plaintext tail: ike_esp_trailer_parse() with a plaintext length
 *     from bytes 1-2, results checked against the padding rule; and a
 *     pad/write/parse round trip for a length and block from the input;
 *  2: a replay window (size, ESN, start) followed by 5-byte operations
 *     (sequence number as a delta from top or absolute; accept or drop at
 *     the ICV), checked against a brute-force model of RFC 4303 A2.2;
 *  3: two addresses for ike_range_to_prefixes(), the list checked to cover
 *     the range exactly with aligned, contiguous prefixes.
 *
 * Any failed invariant aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esp_replay_model.h"
#include "ike_esp.h"
#include "test_helper.h"

static void ts_set(struct ike_ts *ts, u8 type, u8 first, u8 proto, u16 sp,
		   u16 ep)
{
	memset(ts, 0, sizeof(*ts));
	ts->type = type;
	ts->ip_proto = proto;
	ts->start_port = sp;
	ts->end_port = ep;
	ts->start[0] = first;
	memset(ts->end, 0xff, 16);
	ts->end[0] = first;
}

static void do_flow(const u8 *data, size_t size)
{
	struct ike_esp_flow whole, f;
	struct ike_ts_list a, b;
	u32 pkt_len, len, extra;
	int err_whole, err;
	u8 *c;

	if (size < 1)
		return;
	extra = data[0] & 0x0f;
	data++;
	size--;
	pkt_len = (u32)size + extra;
	/* The bytes past @size exist in the packet but were not pulled. */
	err_whole = ike_esp_flow_parse(data, size, size, &whole);
	CHECK(err_whole == 0 || err_whole == -EBADMSG);
	if (!err_whole) {
		CHECK(whole.addr_len == 4 || whole.addr_len == 16);
		CHECK(whole.tot_len <= size);
		CHECK(whole.ports_known || (!whole.sport && !whole.dport));
	}
	for (len = 0; len <= size; len++) {
		c = malloc(len ? len : 1);
		memcpy(c, data, len);
		err = ike_esp_flow_parse(c, len, pkt_len, &f);
		free(c);
		CHECK(err == 0 || err == -EBADMSG || err == -ENOBUFS);
		if (err)
			continue;
		CHECK(f.tot_len <= pkt_len);
		/* Same header, bigger packet: the same addresses. */
		if (!err_whole && !extra) {
			CHECK(f.addr_len == whole.addr_len);
			CHECK(!memcmp(f.src, whole.src, 16));
			CHECK(!memcmp(f.dst, whole.dst, 16));
			CHECK(f.tot_len == whole.tot_len);
			CHECK(f.proto == whole.proto);
			if (f.ports_known)
				CHECK(whole.ports_known &&
				      f.sport == whole.sport &&
				      f.dport == whole.dport);
			if (len == size)
				CHECK(!memcmp(&f, &whole, sizeof(f)));
		}
	}
	if (err_whole)
		return;

	/* Selectors: the whole space matches; the other family never. */
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.count = b.count = 1;
	ts_set(&a.ts[0], IKE_TS_IPV4_ADDR_RANGE, 0, 0, 0, 65535);
	memset(a.ts[0].end, 0xff, 16);
	ts_set(&b.ts[0], IKE_TS_IPV6_ADDR_RANGE, 0, 0, 0, 65535);
	memset(b.ts[0].end, 0xff, 16);
	if (whole.addr_len == 4) {
		CHECK(ike_esp_flow_match(&whole, &a, &a));
		CHECK(!ike_esp_flow_match(&whole, &b, &b));
	} else {
		CHECK(ike_esp_flow_match(&whole, &b, &b));
		CHECK(!ike_esp_flow_match(&whole, &a, &a));
	}
	/* A selector naming the flow's own first octet and port. */
	a.ts[0].type = b.ts[0].type = whole.addr_len == 4 ?
		IKE_TS_IPV4_ADDR_RANGE : IKE_TS_IPV6_ADDR_RANGE;
	ts_set(&a.ts[0], a.ts[0].type, whole.src[0], whole.proto, 0, 65535);
	ts_set(&b.ts[0], b.ts[0].type, whole.dst[0], 0, 0, 65535);
	CHECK(ike_esp_flow_match(&whole, &a, &b));
	b.ts[0].start_port = 65535;
	b.ts[0].end_port = 0;
	CHECK(ike_esp_flow_match(&whole, &a, &b) == !whole.ports_known);
	a.ts[0].ip_proto = whole.proto == 255 ? 1 : whole.proto + 1;
	CHECK(!ike_esp_flow_match(&whole, &a, &b));
}

static void do_trailer(const u8 *data, size_t size)
{
	u32 plain_len, tail_len, payload_len = 0, pad, block, i;
	u8 nh = 0, buf[IKE_ESP_TRAILER_MAX + 300];
	int err;

	if (size < 3)
		return;
	plain_len = get_unaligned_be16(data) % 1024;
	block = 1U << (data[2] % 10);
	data += 3;
	size -= 3;
	tail_len = min_t(u32, size, IKE_ESP_TRAILER_MAX);
	err = ike_esp_trailer_parse(data + size - tail_len, tail_len, plain_len,
				    &nh, &payload_len);
	if (tail_len > plain_len) {
		CHECK(err == -EINVAL);
	} else if (!err) {
		const u8 *t = data + size - tail_len;
		u32 p = t[tail_len - 2];

		CHECK(nh == 4 || nh == 41);
		CHECK(nh == t[tail_len - 1]);
		CHECK(payload_len + p + 2 == plain_len);
		for (i = 0; i < p; i++)
			CHECK(t[tail_len - 2 - p + i] == i + 1);
	} else {
		CHECK(err == -EBADMSG || err == -ENODATA || err == -EINVAL);
		if (err == -ENODATA)
			CHECK(data[size - 1] == 59);
	}

	/* Round trip with the sender's own padding. */
	pad = ike_esp_pad_len(plain_len, block);
	if (block >= 4 && block <= 256) {
		CHECK(pad < block);
		CHECK((plain_len + pad + 2) % block == 0);
	} else {
		CHECK(pad < 4 && (plain_len + pad + 2) % 4 == 0);
	}
	memset(buf, 0xee, sizeof(buf));
	ike_esp_trailer_write(buf + 300, pad, plain_len & 1 ? 4 : 41);
	tail_len = pad + 2;
	err = ike_esp_trailer_parse(buf + 300, tail_len, plain_len + pad + 2,
				    &nh, &payload_len);
	CHECK(!err);
	CHECK(payload_len == plain_len);
	CHECK(nh == (plain_len & 1 ? 4 : 41));
}

/* ---- replay ---- */

static struct esp_replay_model model;

static void do_replay(const u8 *data, size_t size)
{
	static u64 mem[(sizeof(struct ike_esp_replay) +
			IKE_ESP_REPLAY_MAX / 8) / 8 + 1];
	struct ike_esp_replay *r = (struct ike_esp_replay *)mem;
	struct esp_replay_model *m = &model;
	u64 start, want_s, got_s;
	bool esn;
	int want, got;

	if (size < 11)
		return;
	CHECK(ike_esp_replay_bytes(IKE_ESP_REPLAY_MAX) <= sizeof(mem));
	memset(m, 0, sizeof(*m));
	m->size = get_unaligned_be16(data) % (IKE_ESP_REPLAY_MAX + 1);
	esn = data[2] & 1;
	start = get_unaligned_be64(data + 3);
	if (!esn)
		start &= 0xffffffff;
	data += 11;
	size -= 11;
	ike_esp_replay_init(r, m->size);
	CHECK(r->size == m->size);
	if (start) {
		CHECK(!ike_esp_replay_update(r, start));
		m->top = start;
		m->acc[m->n++] = start;
	}
	for (; size >= 5 && m->n < ESP_REPLAY_MODEL_MAX; data += 5, size -= 5) {
		u32 v = get_unaligned_be32(data + 1), lo;
		u8 op = data[0];

		if (op & 2)
			lo = v;				/* absolute */
		else
			lo = (u32)m->top + (s32)v / 65536;	/* near top */
		want = esp_replay_model_check(m, lo, esn, &want_s);
		got = ike_esp_replay_check(r, lo, esn, &got_s);
		CHECK(want == got);
		if (got)
			continue;
		CHECK(want_s == got_s);
		if (op & 1)
			continue;			/* ICV failed */
		CHECK(!ike_esp_replay_update(r, got_s));
		if (m->size)
			CHECK(ike_esp_replay_update(r, got_s) == -EEXIST);
		if (got_s > m->top)
			m->top = got_s;
		m->acc[m->n++] = got_s;
		CHECK(r->top == m->top);
	}
}

/* ---- prefixes ---- */

static void do_prefixes(const u8 *data, size_t size)
{
	static struct ike_prefix out[IKE_PREFIX_MAX_V6];
	unsigned __int128 lo = 0, hi = 0, last = 0;
	u32 alen, bits, i;
	int n, k;

	if (size < 1)
		return;
	alen = data[0] & 1 ? 16 : 4;
	bits = alen * 8;
	if (size < 1 + 2 * alen)
		return;
	for (i = 0; i < alen; i++) {
		lo = lo << 8 | data[1 + i];
		hi = hi << 8 | data[1 + alen + i];
	}
	n = ike_range_to_prefixes(data + 1, data + 1 + alen, alen, out,
				  (int)(2 * bits - 2));
	if (lo > hi) {
		CHECK(n == -EINVAL);
		return;
	}
	CHECK(n > 0 && n <= (int)(2 * bits - 2));
	for (k = 0; k < n; k++) {
		unsigned __int128 a = 0, span;

		for (i = 0; i < alen; i++)
			a = a << 8 | out[k].addr[i];
		for (i = alen; i < 16; i++)
			CHECK(!out[k].addr[i]);
		CHECK(out[k].cidr <= bits);
		span = bits - out[k].cidr == 128 ? 0 :
			(unsigned __int128)1 << (bits - out[k].cidr);
		CHECK(!(a & (span - 1)));
		CHECK(k ? a == last + 1 : a == lo);
		last = a + span - 1;
		/* Minimal: no two neighbours merge into one prefix. */
		if (k && out[k].cidr == out[k - 1].cidr && out[k].cidr) {
			unsigned __int128 prev = a - span;

			CHECK(prev & ((span << 1) - 1));
		}
	}
	CHECK(last == hi);
	if (n > 1)
		CHECK(ike_range_to_prefixes(data + 1, data + 1 + alen, alen,
					    out, n - 1) == -E2BIG);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0] & 3) {
	case 0:
		do_flow(data + 1, size - 1);
		break;
	case 1:
		do_trailer(data + 1, size - 1);
		break;
	case 2:
		do_replay(data + 1, size - 1);
		break;
	case 3:
		do_prefixes(data + 1, size - 1);
		break;
	}
	return 0;
}
