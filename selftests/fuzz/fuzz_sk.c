// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: SK payload unprotection (kmod/ike/ike_sk.c) on
 * attacker bytes, under fixed keys, for every supported suite.
 *
 * Input: one control byte, then the message.
 *   bits 0-3  suite (mod the table size)
 *   bit 4     which side receives (original initiator or responder)
 *   bits 5-6  mode:
 *     0, 1  the bytes are a received message: unprotect them as they are
 *           (nearly always an ICV failure: checks lengths and ICV first);
 *     2     "sealed": the bytes between the IV and the ICV are encrypted
 *           and the ICV computed with the sender's keys first, leaving
 *           header, lengths and Pad Length as given, so that the code
 *           past the ICV (decryption, padding) sees arbitrary values;
 *     3     round trip: the bytes are inner payloads; protect, unprotect,
 *           and the plaintext must come back unchanged.
 *   bit 7     SK header after one 16-byte clear payload instead of at 28.
 * The message is copied into an exactly sized heap buffer so that ASan
 * catches any read past it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ike_crypto.h"
#include "ike_keys.h"
#include "ike_sk.h"
#include "ike_ops_nettle.h"

static const struct ike_suite fuzz_suites[] = {
	{ IKE_ALG_ENCR_AES_GCM_16, 128, 0, IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_GCM_16, 192, 0, IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_GCM_16, 256, 0, IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_CHACHA20_POLY1305, 0, 0, IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_CBC, 128, IKE_ALG_AUTH_HMAC_SHA2_256_128,
	  IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_CBC, 192, IKE_ALG_AUTH_HMAC_SHA2_384_192,
	  IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_CBC, 256, IKE_ALG_AUTH_HMAC_SHA2_512_256,
	  IKE_ALG_PRF_HMAC_SHA2_256 },
	{ IKE_ALG_ENCR_AES_CBC, 256, IKE_ALG_AUTH_HMAC_SHA2_256_128,
	  IKE_ALG_PRF_HMAC_SHA2_256 },
};

#define N_SUITES ARRAY_SIZE(fuzz_suites)

/* Both ends of one IKE SA per suite: [suite][0] initiator, [1] responder. */
static struct ike_sk fuzz_sk[N_SUITES][2];
static bool fuzz_ready;

/* Deterministic keys: fixed nonces, g^ir and SPIs through the real KDF. */
static void fuzz_setup(void)
{
	static const u8 ni[32] = "fuzz_sk initiator nonce ........";
	static const u8 nr[32] = "fuzz_sk responder nonce ........";
	static const u8 gir[64] = "fuzz_sk shared secret";
	struct ike_prf_ctx prf;
	struct ike_sa_keys keys;
	size_t s;

	for (s = 0; s < N_SUITES; s++) {
		if (ike_prf_init(&prf, &ike_ops_nettle, fuzz_suites[s].prf) ||
		    ike_sa_keys_init(&prf, &fuzz_suites[s], ni, sizeof(ni), nr,
				     sizeof(nr), gir, sizeof(gir),
				     0x0102030405060708ull,
				     0x1112131415161718ull, &keys) ||
		    ike_sk_init(&fuzz_sk[s][0], &ike_ops_nettle,
				&fuzz_suites[s], &keys, true) ||
		    ike_sk_init(&fuzz_sk[s][1], &ike_ops_nettle,
				&fuzz_suites[s], &keys, false))
			abort();
		ike_prf_destroy(&prf);
		ike_sa_keys_wipe(&keys);
	}
	fuzz_ready = true;
}

/* Mode 2: seal whatever lies between IV and ICV, as @tx would send it. */
static void fuzz_seal(struct ike_sk *tx, u8 *msg, size_t len, size_t sk_off)
{
	int d = tx->initiator ? IKE_SK_I2R : IKE_SK_R2I;
	size_t pt = ike_sk_pt_off(tx, sk_off), ct_len;
	u8 mac[IKE_PRF_MAX_LEN];
	struct ike_iov iov;

	if (len < pt + tx->icv_len)
		return;
	ct_len = len - pt - tx->icv_len;
	if (tx->aead) {
		tx->ops->aead_encrypt(tx->aead_tfm[d], msg + sk_off + 4, msg,
				      sk_off + 4, msg + pt, ct_len);
		return;
	}
	if (ct_len % IKE_CBC_BLOCK_LEN)
		return;
	tx->ops->cbc_encrypt(tx->cbc_tfm[d], msg + sk_off + 4, msg + pt,
			     ct_len);
	iov.base = msg;
	iov.len = len - tx->icv_len;
	tx->ops->prf_compute(tx->integ_tfm[d], &iov, 1, mac);
	memcpy(msg + len - tx->icv_len, mac, tx->icv_len);
}

/* Mode 3: protect @pt as @tx, open as @rx, compare. */
static void fuzz_roundtrip(struct ike_sk *tx, struct ike_sk *rx,
			   const u8 *pt, size_t pt_len, size_t sk_off)
{
	size_t need = ike_sk_msg_len(tx, sk_off, pt_len), len, off, plen;
	u8 *msg;

	if (pt_len > 0xffff - 512)
		return;
	msg = calloc(1, need);
	if (!msg)
		abort();
	put_unaligned_be32(0, msg + 24);
	memcpy(msg + ike_sk_pt_off(tx, sk_off), pt, pt_len);
	if (ike_sk_protect(tx, msg, need, sk_off, pt_len, &len) ||
	    len != need ||
	    ike_sk_unprotect(rx, msg, len, sk_off, &off, &plen) ||
	    plen != pt_len || off != ike_sk_pt_off(tx, sk_off) ||
	    memcmp(msg + off, pt, pt_len)) {
		fprintf(stderr, "fuzz_sk: round trip failed\n");
		abort();
	}
	free(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t sk_off, off = 0, plen = 0, len;
	struct ike_sk *rx, *tx;
	unsigned int mode;
	u8 *msg;
	int err;

	if (!fuzz_ready)
		fuzz_setup();
	if (size < 1)
		return 0;
	rx = &fuzz_sk[(data[0] & 0x0f) % N_SUITES][(data[0] >> 4) & 1];
	tx = &fuzz_sk[(data[0] & 0x0f) % N_SUITES][!((data[0] >> 4) & 1)];
	mode = (data[0] >> 5) & 3;
	sk_off = data[0] & 0x80 ? 44 : 28;
	data++;
	len = size - 1;

	if (mode == 3) {
		fuzz_roundtrip(tx, rx, data, len, sk_off);
		return 0;
	}
	msg = malloc(len ? len : 1);
	if (!msg)
		abort();
	memcpy(msg, data, len);
	if (mode == 2)
		fuzz_seal(tx, msg, len, sk_off);
	err = ike_sk_unprotect(rx, msg, len, sk_off, &off, &plen);
	if (!err) {
		/* What it hands out must lie inside the message. */
		if (off > len || plen > len - off)
			abort();
	} else if (err != -EINVAL && err != -EBADMSG) {
		abort();
	}
	free(msg);
	return 0;
}
