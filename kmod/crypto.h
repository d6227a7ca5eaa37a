/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol core's ops table (kmod/ike/ike_crypto.h) on the kernel
 * crypto API. Process context only: every operation may sleep.
 */
#ifndef _IKEV2_CRYPTO_H
#define _IKEV2_CRYPTO_H

#include "ike/ike_crypto.h"

extern const struct ike_ops ikev2_crypto_ops;

/*
 * Known-answer test of every algorithm through ikev2_crypto_ops (one
 * published vector each: HMAC-SHA2-256/384/512, AES-GCM-16, ChaCha20-
 * Poly1305, AES-CBC), including a forged-tag rejection. 0 or the first
 * failure's -errno (-EBADMSG for a wrong answer); logs what failed.
 * Call at module load, from process context.
 */
int ike_crypto_selftest(void);

#endif /* _IKEV2_CRYPTO_H */
