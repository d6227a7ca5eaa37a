/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the unit tests (test_*.c) and the fuzz targets (selftests/fuzz) of
 * the protocol core share, so that each writes it once: PSK configurations
 * for a pair of peers, DH requests answered with fixed bytes, draining an
 * SA's output and events, sealing inner payloads with an SA's keys, hex
 * vectors, and the fuzz targets' invariant check. No kselftest harness
 * here (the fuzz targets link this file too): failures abort().
 *
 * The crypto, randomness and allocation under all of it is ike_ops_nettle
 * (ike_ops_nettle.h); the two-peer link with loss and real DH is sim.h.
 */
#ifndef _TEST_HELPER_H
#define _TEST_HELPER_H

#include <stdio.h>
#include <stdlib.h>

#include "ike_sa.h"

/*
 * A fuzz target's invariant: on failure, says which one (file:line) on
 * stderr and aborts, which libFuzzer reports as a crash.
 */
#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant failed: %s\n",	\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

/*
 * Decodes the hex string @hex (whitespace ignored) into @out, at most @max
 * bytes. Returns the byte count; aborts on malformed input so that a
 * mistyped vector cannot silently shorten a test.
 */
size_t th_unhex(const char *hex, u8 *out, size_t max);

/*
 * @cfg from ike_sa_cfg_init() for a PSK peer: @initiator, the PSK @psk,
 * our ID @local_id and, unless NULL, the peer's @remote_id (both ID_FQDN),
 * selectors 0.0.0.0/0 on both sides. Proposals: th_cfg_props().
 */
void th_cfg_psk(struct ike_sa_cfg *cfg, bool initiator, const char *psk,
		const char *local_id, const char *remote_id);
/* Parses @ike and @esp (strongSwan strings) into @cfg; aborts if bad. */
void th_cfg_props(struct ike_sa_cfg *cfg, const char *ike, const char *esp);
/* @l: the one IPv4 prefix selector "a.b.c.d/len"; aborts if bad. */
void th_ts_prefix(struct ike_ts_list *l, const char *cidr);

/*
 * Answers every DH request of @sa at @now, with fixed bytes: the same
 * public value (0x42 ...) and the same "g^ir" on both sides, so that a
 * pair agrees on its keys. Returns how many were answered.
 */
int th_answer_dh(struct ike_sa *sa, u64 now);
/*
 * Pops all of @sa's output; the last datagram is copied into @out (of
 * IKE_SA_BUF_LEN bytes) and its length into @out_len, unless @out is NULL.
 * Returns how many datagrams there were.
 */
int th_pop_all(struct ike_sa *sa, u8 *out, u32 *out_len);
/*
 * Pops all of @sa's events, wiping each; returns how many were of @type,
 * the last of which is copied to @last (may be NULL).
 */
int th_count_events(struct ike_sa *sa, u8 type, struct ike_event *last);

/*
 * A message as @tx would send it: IKE header (@exch, message ID @mid, the
 * Response flag if @response), one SK payload whose inner payloads are
 * @pt (@pt_len bytes, the first of type @first), protected with @tx's
 * keys. Returns the message from ike_ops_nettle.zalloc() (release it with
 * ike_ops_nettle.free()) and its length in @len, or NULL.
 */
u8 *th_seal(struct ike_sa *tx, u8 exch, u32 mid, bool response, u8 first,
	    const u8 *pt, u32 pt_len, size_t *len);

#endif /* _TEST_HELPER_H */
