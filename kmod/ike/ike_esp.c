// SPDX-License-Identifier: GPL-2.0
/*
 * Pure helpers of the ESP data path: see ike_esp.h for the contracts.
 * Nothing here holds key material; the replay window belongs to the caller,
 * which serialises writers.
 */
#include "ike_esp.h"

/* ---- Anti-replay window ---- */

/*
 * Ring length in u64 words for a window of @size packets: a power of two,
 * so the bit of a sequence number is a mask away (no 64-bit division on
 * 32-bit kernels), and at least @size bits, so every sequence number in
 * (top - size, top] has its own bit.
 */
static u32 replay_words(u32 size)
{
	u32 need, words = 1;

	if (!size)
		return 0;
	size = min_t(u32, size, IKE_ESP_REPLAY_MAX);
	need = (size + 63) / 64;
	while (words < need)
		words <<= 1;
	return words;
}

size_t ike_esp_replay_bytes(u32 size)
{
	return sizeof(struct ike_esp_replay) + replay_words(size) * sizeof(u64);
}

void ike_esp_replay_init(struct ike_esp_replay *r, u32 size)
{
	r->top = 0;
	r->size = min_t(u32, size, IKE_ESP_REPLAY_MAX);
	r->words = replay_words(size);
	memset(r->bitmap, 0, r->words * sizeof(u64));
}

static u32 replay_pos(const struct ike_esp_replay *r, u64 seq)
{
	return (u32)seq & (r->words * 64 - 1);
}

static bool replay_test_bit(const struct ike_esp_replay *r, u64 seq)
{
	u32 pos = replay_pos(r, seq);

	return r->bitmap[pos / 64] >> (pos % 64) & 1;
}

/* Clears the bits of sequence numbers @from..@to (inclusive, from <= to). */
static void replay_clear(struct ike_esp_replay *r, u64 from, u64 to)
{
	u32 bits = r->words * 64;
	u32 pos, n;

	if (to - from >= bits - 1) {
		memset(r->bitmap, 0, r->words * sizeof(u64));
		return;
	}
	n = (u32)(to - from) + 1;
	pos = replay_pos(r, from);
	while (n) {
		u32 bit = pos % 64;
		u32 k = min_t(u32, n, 64 - bit);
		u64 mask = k == 64 ? ~0ULL : ((1ULL << k) - 1) << bit;

		r->bitmap[pos / 64] &= ~mask;
		n -= k;
		pos = (pos + k) & (bits - 1);
	}
}

/* Where @seq stands against the window, without changing it. */
static int replay_test(const struct ike_esp_replay *r, u64 seq)
{
	if (!seq)
		return -ERANGE;
	if (seq > r->top || !r->size)
		return 0;
	if (r->top - seq >= r->size)
		return -ERANGE;
	return replay_test_bit(r, seq) ? -EEXIST : 0;
}

/*
 * RFC 4303 A2.2: the high half that puts @seq_lo in [B, B + 2^32), where
 * B = top - W + 1 is the bottom of the window. With the check off there is
 * no window; W = 2^31 picks the candidate nearest to top.
 */
static int replay_infer_hi(const struct ike_esp_replay *r, u32 seq_lo,
			   u32 *hi)
{
	u32 tl = (u32)r->top, th = (u32)(r->top >> 32);
	u32 w = r->size ? r->size : 1U << 31;
	u32 bottom = tl - w + 1;	/* mod 2^32 */

	if (tl >= w - 1) {
		/* Case A: the window lies within one subspace. */
		if (seq_lo >= bottom) {
			*hi = th;
		} else {
			if (th == 0xffffffffU)
				return -ERANGE;
			*hi = th + 1;
		}
	} else {
		/* Case B: the window spans subspaces th - 1 and th. */
		if (seq_lo >= bottom) {
			if (!th)	/* before the first packet */
				return -ERANGE;
			*hi = th - 1;
		} else {
			*hi = th;
		}
	}
	return 0;
}

int ike_esp_replay_check(const struct ike_esp_replay *r, u32 seq_lo, bool esn,
			 u64 *seq)
{
	u32 hi = 0;
	int err;

	*seq = 0;
	if (esn) {
		err = replay_infer_hi(r, seq_lo, &hi);
		if (err)
			return err;
	}
	*seq = (u64)hi << 32 | seq_lo;
	return replay_test(r, *seq);
}

int ike_esp_replay_update(struct ike_esp_replay *r, u64 seq)
{
	int err = replay_test(r, seq);
	u32 pos;

	if (err)
		return err;
	if (r->size) {
		if (seq > r->top)
			replay_clear(r, r->top + 1, seq);
		pos = replay_pos(r, seq);
		r->bitmap[pos / 64] |= 1ULL << (pos % 64);
	}
	if (seq > r->top)
		r->top = seq;
	return 0;
}

/* ---- Trailer ---- */

int ike_esp_trailer_parse(const u8 *tail, u32 tail_len, u32 plain_len,
			  u8 *next_hdr, u32 *payload_len)
{
	u32 pad_len, i;
	u8 nh, bad = 0;

	if (tail_len > plain_len)
		return -EINVAL;
	if (plain_len < 2)
		return -EBADMSG;
	if (tail_len < 2)
		return -EINVAL;
	nh = tail[tail_len - 1];
	pad_len = tail[tail_len - 2];
	if (nh == IKE_ESP_NH_NONE)
		return -ENODATA;
	if (pad_len > plain_len - 2)
		return -EBADMSG;
	if (pad_len > tail_len - 2)
		return -EINVAL;
	/* Padding starts pad_len + 2 bytes from the end of the tail. */
	for (i = 0; i < pad_len; i++)
		bad |= tail[tail_len - 2 - pad_len + i] ^ (u8)(i + 1);
	if (bad)
		return -EBADMSG;
	if (nh != IKE_ESP_NH_IPV4 && nh != IKE_ESP_NH_IPV6)
		return -EBADMSG;
	*next_hdr = nh;
	*payload_len = plain_len - 2 - pad_len;
	return 0;
}

u32 ike_esp_pad_len(u32 payload_len, u32 block)
{
	if (block < 4 || block > 256 || (block & (block - 1)))
		block = 4;
	/* Unsigned wrap is harmless: @block divides 2^32. */
	return (block - ((payload_len + 2) & (block - 1))) & (block - 1);
}

void ike_esp_trailer_write(u8 *out, u32 pad_len, u8 next_hdr)
{
	u32 i;

	for (i = 0; i < pad_len; i++)
		out[i] = (u8)(i + 1);
	out[pad_len] = (u8)pad_len;
	out[pad_len + 1] = next_hdr;
}

/* ---- Inner flow ---- */

#define IPPROTO_ICMP_ESP	1
#define IPPROTO_TCP_ESP		6
#define IPPROTO_UDP_ESP		17
#define IPPROTO_DCCP_ESP	33
#define IPPROTO_ICMPV6_ESP	58
#define IPPROTO_SCTP_ESP	132
#define IPPROTO_UDPLITE_ESP	136

static bool flow_proto_has_ports(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP_ESP:
	case IPPROTO_UDP_ESP:
	case IPPROTO_DCCP_ESP:
	case IPPROTO_SCTP_ESP:
	case IPPROTO_UDPLITE_ESP:
		return true;
	}
	return false;
}

static bool flow_is_icmp(const struct ike_esp_flow *f)
{
	return (f->addr_len == 4 && f->proto == IPPROTO_ICMP_ESP) ||
	       (f->addr_len == 16 && f->proto == IPPROTO_ICMPV6_ESP);
}

/*
 * Ports (or ICMP type and code) of the transport header at @off. Left
 * unknown when they lie past what the caller made contiguous or past the
 * claimed end of the packet.
 */
static void flow_ports(const u8 *pkt, u32 len, u32 off, struct ike_esp_flow *f)
{
	bool icmp = flow_is_icmp(f);
	u32 need = icmp ? 2 : 4;

	if (!icmp && !flow_proto_has_ports(f->proto))
		return;
	if (off > len || len - off < need ||
	    off > f->tot_len || f->tot_len - off < need)
		return;
	if (icmp) {
		f->sport = pkt[off];
		f->dport = pkt[off + 1];
	} else {
		f->sport = get_unaligned_be16(pkt + off);
		f->dport = get_unaligned_be16(pkt + off + 2);
	}
	f->ports_known = true;
}

/* @need bytes at the start of the packet: malformed or just not pulled. */
static int flow_need(u32 need, u32 len, u32 end)
{
	if (need > end)
		return -EBADMSG;
	if (need > len)
		return -ENOBUFS;
	return 0;
}

static int flow_parse4(const u8 *pkt, u32 len, u32 pkt_len,
		       struct ike_esp_flow *f)
{
	u32 ihl, tot;
	int err;

	err = flow_need(20, len, pkt_len);
	if (err)
		return err;
	ihl = (pkt[0] & 0x0f) * 4;
	tot = get_unaligned_be16(pkt + 2);
	if (ihl < 20 || tot < ihl || tot > pkt_len)
		return -EBADMSG;
	f->addr_len = 4;
	f->proto = pkt[9];
	f->tot_len = tot;
	memcpy(f->src, pkt + 12, 4);
	memcpy(f->dst, pkt + 16, 4);
	/* A non-first fragment carries no transport header. */
	if (get_unaligned_be16(pkt + 6) & 0x1fff)
		return 0;
	flow_ports(pkt, len, ihl, f);
	return 0;
}

#define IPV6_NH_HOPOPTS		0
#define IPV6_NH_ROUTING		43
#define IPV6_NH_FRAGMENT	44
#define IPV6_NH_AH		51
#define IPV6_NH_DSTOPTS		60

static int flow_parse6(const u8 *pkt, u32 len, u32 pkt_len,
		       struct ike_esp_flow *f)
{
	u32 off = 40, tot, hlen;
	u8 nh;
	int err;

	err = flow_need(40, len, pkt_len);
	if (err)
		return err;
	tot = 40 + (u32)get_unaligned_be16(pkt + 4);
	if (tot > pkt_len)
		return -EBADMSG;
	f->addr_len = 16;
	f->tot_len = tot;
	memcpy(f->src, pkt + 8, 16);
	memcpy(f->dst, pkt + 24, 16);
	nh = pkt[6];

	/* Each extension header is at least 8 bytes: the loop ends by @tot. */
	for (;;) {
		switch (nh) {
		case IPV6_NH_HOPOPTS:
			/* RFC 8200 4.1: only right after the IPv6 header. */
			if (off != 40)
				return -EBADMSG;
			fallthrough;
		case IPV6_NH_ROUTING:
		case IPV6_NH_DSTOPTS:
		case IPV6_NH_AH:
			err = flow_need(off + 2, len, tot);
			if (err)
				return err;
			if (nh == IPV6_NH_AH)
				hlen = (pkt[off + 1] + 2) * 4;
			else
				hlen = (pkt[off + 1] + 1) * 8;
			if (hlen > tot - off)
				return -EBADMSG;
			nh = pkt[off];
			off += hlen;
			continue;
		case IPV6_NH_FRAGMENT:
			err = flow_need(off + 8, len, tot);
			if (err)
				return err;
			nh = pkt[off];
			/* Non-first fragment: no transport header here. */
			if (get_unaligned_be16(pkt + off + 2) & 0xfff8) {
				f->proto = nh;
				return 0;
			}
			off += 8;
			continue;
		}
		break;
	}
	f->proto = nh;
	flow_ports(pkt, len, off, f);
	return 0;
}

int ike_esp_flow_parse(const u8 *pkt, u32 len, u32 pkt_len,
		       struct ike_esp_flow *f)
{
	int err;

	memset(f, 0, sizeof(*f));
	if (len > pkt_len)
		return -EINVAL;
	err = flow_need(1, len, pkt_len);
	if (err)
		return err;
	switch (pkt[0] >> 4) {
	case 4:
		return flow_parse4(pkt, len, pkt_len, f);
	case 6:
		return flow_parse6(pkt, len, pkt_len, f);
	}
	return -EBADMSG;
}

static bool ts_port_match(const struct ike_ts *ts, bool known, u16 port)
{
	if (!known)
		return (ts->start_port == 0 && ts->end_port == 0xffff) ||
		       (ts->start_port == 0xffff && ts->end_port == 0);
	return ts->start_port <= port && port <= ts->end_port;
}

static bool ts_list_match(const struct ike_ts_list *l,
			  const struct ike_esp_flow *f, const u8 *addr,
			  u16 port)
{
	u8 type = f->addr_len == 4 ? IKE_TS_IPV4_ADDR_RANGE :
				     IKE_TS_IPV6_ADDR_RANGE;
	u32 i, n = min_t(u32, l->count, IKE_MAX_TS);

	for (i = 0; i < n; i++) {
		const struct ike_ts *ts = &l->ts[i];

		if (ts->type != type)
			continue;
		if (ts->ip_proto && ts->ip_proto != f->proto)
			continue;
		if (memcmp(ts->start, addr, f->addr_len) > 0 ||
		    memcmp(addr, ts->end, f->addr_len) > 0)
			continue;
		if (ts_port_match(ts, f->ports_known, port))
			return true;
	}
	return false;
}

bool ike_esp_flow_match(const struct ike_esp_flow *f,
			const struct ike_ts_list *src_ts,
			const struct ike_ts_list *dst_ts)
{
	u16 sport = f->sport, dport = f->dport;

	if (f->addr_len != 4 && f->addr_len != 16)
		return false;
	/* RFC 7296 3.13.1: ICMP type and code form one 16-bit "port". */
	if (flow_is_icmp(f))
		sport = dport = (u16)((f->sport & 0xff) << 8 | (f->dport & 0xff));
	return ts_list_match(src_ts, f, f->src, sport) &&
	       ts_list_match(dst_ts, f, f->dst, dport);
}

/* ---- Range to prefixes ---- */

/* Trailing zero bits of the big-endian number @a; all bits if it is 0. */
static u32 addr_ctz(const u8 *a, u32 len)
{
	u32 n = 0, i;

	for (i = len; i-- > 0; n += 8) {
		if (a[i]) {
			u8 b = a[i];

			while (!(b & 1)) {
				b >>= 1;
				n++;
			}
			return n;
		}
	}
	return n;
}

/* @dst = @src with its low @k bits set. */
static void addr_or_low(u8 *dst, const u8 *src, u32 len, u32 k)
{
	u32 i;

	for (i = len; i-- > 0;) {
		u32 b = min_t(u32, k, 8);

		dst[i] = src[i] | (u8)((1U << b) - 1);
		k -= b;
	}
}

/* @a += 1; the caller knows it does not overflow. */
static void addr_inc(u8 *a, u32 len)
{
	u32 i;

	for (i = len; i-- > 0;)
		if (++a[i])
			break;
}

int ike_range_to_prefixes(const u8 *start, const u8 *end, u8 addr_len,
			  struct ike_prefix *out, int max)
{
	u8 cur[16], last[16];
	u32 bits = addr_len * 8, k;
	int n = 0;

	if (addr_len != 4 && addr_len != 16)
		return -EINVAL;
	if (memcmp(start, end, addr_len) > 0)
		return -EINVAL;
	memcpy(cur, start, addr_len);
	for (;;) {
		/*
		 * The largest block aligned at @cur that ends at or before
		 * @end: greedy from the left gives the minimal list. k = 0
		 * (a single address) always fits since cur <= end.
		 */
		for (k = addr_ctz(cur, addr_len); ; k--) {
			addr_or_low(last, cur, addr_len, k);
			if (memcmp(last, end, addr_len) <= 0)
				break;
		}
		if (n >= max)
			return -E2BIG;
		memset(out[n].addr, 0, sizeof(out[n].addr));
		memcpy(out[n].addr, cur, addr_len);
		out[n].cidr = (u8)(bits - k);
		n++;
		if (!memcmp(last, end, addr_len))
			return n;
		memcpy(cur, last, addr_len);
		addr_inc(cur, addr_len);
	}
}
