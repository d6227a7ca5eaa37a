/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure helpers of the ESP data path (RFC 4303): the anti-replay window with
 * ESN inference, the trailer, the inner packet's flow and its match against
 * traffic selectors, and the decomposition of a selector range into CIDR
 * prefixes for the output lookup table.
 *
 * Nothing here allocates, locks or touches an sk_buff: the kernel glue
 * (kmod/esp_*.c) owns the memory and the locking (struct ike_esp_replay is
 * guarded by the SA's replay_lock), and hands in flat bytes. Every length
 * that comes from a packet is checked against what the caller says it gave.
 */
#ifndef _IKE_ESP_H
#define _IKE_ESP_H

#include "ike_port.h"
#include "ike_codec.h"

/* ---- Anti-replay window (RFC 4303 3.4.3, Appendix A) ---- */

/* Packets; must equal IKEV2_REPLAY_WINDOW_MAX in the UAPI. */
#define IKE_ESP_REPLAY_MAX	4096

/*
 * The receive window of one inbound SA. The caller allocates
 * ike_esp_replay_bytes(size) bytes and serialises every call that writes
 * (ike_esp_replay_update) against every other call.
 */
/*
 * @top: highest sequence number accepted; 0: none yet.
 * @size: window in packets; 0: replay check off (still infers ESN high bits).
 * @words: bitmap length in u64 (a power of two, 0 with @size 0).
 * @bitmap: ring over sequence numbers, bit for seq s at s % (words * 64).
 */
struct ike_esp_replay {
	u64 top;
	u32 size;
	u32 words;
	u64 bitmap[];
};

/*
 * Allocation size for a window of @size packets. Sizes above
 * IKE_ESP_REPLAY_MAX are clamped to it, here and in ike_esp_replay_init(),
 * so the two always agree.
 */
size_t ike_esp_replay_bytes(u32 size);
/* @r: ike_esp_replay_bytes(@size) bytes; nothing accepted yet. */
void ike_esp_replay_init(struct ike_esp_replay *r, u32 size);
/*
 * Full 64-bit sequence number for the 32 bits received (ESN: infer the high
 * half per A2.2; no ESN: high half 0). With the check off (size 0) ESN
 * inference takes the candidate nearest to @r->top (a window of 2^31).
 * 0 and *seq: acceptable before the ICV check. -EEXIST: duplicate.
 * -ERANGE: left of the window, or seq 0, or (no ESN) would need a wrap
 * (the high half would have to be non-zero), or (ESN) past 2^64 - 1.
 * Pure read of @r.
 */
int ike_esp_replay_check(const struct ike_esp_replay *r, u32 seq_lo, bool esn,
			 u64 *seq);
/*
 * After the ICV verified: re-checks @seq (another CPU may have accepted it
 * meanwhile), then marks it and advances the window (clearing the bits it
 * passes). 0, -EEXIST or -ERANGE.
 */
int ike_esp_replay_update(struct ike_esp_replay *r, u64 seq);

/* ---- Trailer (RFC 4303 2.4-2.6) ---- */

#define IKE_ESP_NH_IPV4		4
#define IKE_ESP_NH_IPV6		41
#define IKE_ESP_NH_NONE		59	/* dummy packet (2.6) */
/* The most of a plaintext's tail ike_esp_trailer_parse() can need. */
#define IKE_ESP_TRAILER_MAX	(255 + 2)

/*
 * @tail: the last @tail_len bytes of a decrypted plaintext of @plain_len
 * bytes (the caller passes min(plain_len, IKE_ESP_TRAILER_MAX); any
 * tail_len <= plain_len is accepted and checked to hold what is needed).
 * Plaintext = Payload | Padding | Pad Length | Next Header. The padding must
 * be 1, 2, 3, ... (the default scheme every implementation sends; RFC 4303
 * 2.4 lets the receiver check it).
 * 0: *next_hdr (4 IPv4 or 41 IPv6) and *payload_len. -ENODATA: next header
 * 59, a dummy packet (2.6) to discard silently, whatever its padding.
 * -EBADMSG: pad length beyond the plaintext, padding bytes wrong, or any
 * other next header. -EINVAL: @tail_len > @plain_len, or the trailer lies
 * in the part of the plaintext the caller did not pass (a caller bug).
 */
int ike_esp_trailer_parse(const u8 *tail, u32 tail_len, u32 plain_len,
			  u8 *next_hdr, u32 *payload_len);
/*
 * Padding the sender adds so that payload + padding + 2 is a multiple of
 * @block (a power of two from 4 to 256; anything else counts as 4, the
 * alignment RFC 4303 2.4 requires anyway). The result is below @block.
 */
u32 ike_esp_pad_len(u32 payload_len, u32 block);
/*
 * Writes padding 1, 2, 3, ... then pad length and next header into @out
 * (@pad_len + 2 bytes). @pad_len must fit the one-octet Pad Length field
 * (at most 255; ike_esp_pad_len() never returns more).
 */
void ike_esp_trailer_write(u8 *out, u32 pad_len, u8 next_hdr);

/* ---- Inner packet flow and selector match (RFC 7296 3.13.1, RFC 4301 4.4.1.1) ---- */

/*
 * Contiguous bytes from the inner IP header that are enough for
 * ike_esp_flow_parse() on all but pathological packets (IPv6 extension
 * header chains or IPv4 options longer than this return -ENOBUFS or leave
 * the ports unknown: see there).
 */
#define IKE_ESP_FLOW_PULL	128

/*
 * @proto: upper-layer protocol, after IPv6 extension headers.
 * @ports_known: false for non-first fragments, a protocol without ports, or
 *	a transport header beyond what was given (RFC 4301: OPAQUE).
 * @sport, @dport: TCP/UDP/UDP-Lite/SCTP/DCCP ports; ICMP/ICMPv6:
 *	sport = type, dport = code (as Linux XFRM does). 0 when unknown.
 */
struct ike_esp_flow {
	u8 addr_len;		/* 4 or 16 */
	u8 proto;
	bool ports_known;
	u16 sport, dport;
	u8 src[16], dst[16];	/* network order, unused bytes zero */
	u32 tot_len;		/* length the IP header claims */
};

/*
 * Parses the IPv4 or IPv6 header (by the version nibble) at pkt[0..len),
 * @len being what the caller could make contiguous (may be less than the
 * packet), @pkt_len the full inner packet length. Skips IPv6 extension
 * headers (hop-by-hop 0, routing 43, fragment 44, destination options 60,
 * AH 51) with bounds checks.
 * 0: *f filled. The claimed total length is never above @pkt_len (shorter
 * is fine: the caller trims the packet to f->tot_len).
 * -EBADMSG: a version other than 4 or 6, an IPv4 with IHL < 5 or
 * tot_len < IHL * 4 or tot_len > @pkt_len, an IPv6 payload length
 * inconsistent with @pkt_len, a header or extension header running past
 * the packet.
 * -ENOBUFS: the IP header or an IPv6 extension header is within the packet
 * but runs past @len: make more contiguous (up to @pkt_len) and call again,
 * or drop. A transport header past @len only leaves the ports unknown.
 * -EINVAL: @len > @pkt_len.
 */
int ike_esp_flow_parse(const u8 *pkt, u32 len, u32 pkt_len,
		       struct ike_esp_flow *f);
/*
 * True when src lies in one of @src_ts and dst in one of @dst_ts (each:
 * address range of the flow's family, protocol 0 or equal, port range
 * containing the port). For ICMP/ICMPv6 the port compared is
 * type << 8 | code (RFC 7296 3.13.1), on both sides. A flow with
 * ports_known false matches only selectors whose port range is the full
 * 0-65535 or OPAQUE (65535-0); RFC 4301 4.4.1: only ANY and OPAQUE match
 * an OPAQUE field. Selectors of the other family never match. For output
 * the caller passes (child local, child remote), for input (remote, local).
 */
bool ike_esp_flow_match(const struct ike_esp_flow *f,
			const struct ike_ts_list *src_ts,
			const struct ike_ts_list *dst_ts);

/* ---- Range to prefixes (output lookup table) ---- */

struct ike_prefix {
	u8 addr[16];		/* network order, unused bytes zero */
	u8 cidr;
};

/* Worst case of ike_range_to_prefixes(): 2 * bits - 2. */
#define IKE_PREFIX_MAX_V4	62
#define IKE_PREFIX_MAX_V6	254

/*
 * Decomposes the inclusive range [@start, @end] (@addr_len 4 or 16, network
 * order) into the minimal list of CIDR prefixes, in ascending order.
 * Returns the count (<= @max), -E2BIG if more than @max are needed,
 * -EINVAL if start > end or @addr_len is neither 4 nor 16.
 */
int ike_range_to_prefixes(const u8 *start, const u8 *end, u8 addr_len,
			  struct ike_prefix *out, int max);

#endif /* _IKE_ESP_H */
