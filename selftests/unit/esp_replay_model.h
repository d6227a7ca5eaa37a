/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A brute-force model of the ESP anti-replay window, the oracle of both
 * the unit tests (test_esp.c) and the fuzz target (fuzz_esp.c): RFC 4303
 * A2.2 restated as "the S = seq_lo mod 2^32 in [B, B + 2^32),
 * B = top - W + 1", plus a plain list of the numbers accepted.
 */
#ifndef _ESP_REPLAY_MODEL_H
#define _ESP_REPLAY_MODEL_H

#include "ike_port.h"

#define ESP_REPLAY_MODEL_MAX 4096

struct esp_replay_model {
	u64 top;
	u32 size;
	u32 n;
	u64 acc[ESP_REPLAY_MODEL_MAX];
};

static inline int esp_replay_model_check(const struct esp_replay_model *m,
					 u32 lo, bool esn, u64 *seq)
{
	__int128 b, s;
	u32 i;

	if (esn) {
		b = (__int128)m->top - (m->size ? m->size : 1U << 31) + 1;
		s = b + (u32)(lo - (u32)(unsigned __int128)b);
		if (s <= 0 || s > (__int128)~0ULL)
			return -ERANGE;
	} else {
		s = lo;
	}
	*seq = (u64)s;
	if (!s)
		return -ERANGE;
	if (*seq > m->top || !m->size)
		return 0;
	if (m->top - *seq >= m->size)
		return -ERANGE;
	for (i = 0; i < m->n; i++)
		if (m->acc[i] == *seq)
			return -EEXIST;
	return 0;
}

#endif /* _ESP_REPLAY_MODEL_H */
