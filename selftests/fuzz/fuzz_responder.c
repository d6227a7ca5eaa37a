// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the IKE SA state machine (kmod/ike/ike_sa.c and the
 * exchanges in ike_exchange_*.c) and its stateless front on attacker bytes.
 *
 * Input: one control byte, then data.
 *   bits 0-2  mode:
 *     0  the data is a datagram for ike_front_check() (bit 3: under
 *        load) and, if accepted, ike_sa_new_responder();
 *     1  a responder that has answered a real IKE_SA_INIT gets the data
 *        as a raw datagram (unauthenticated garbage, IKE_SA_INIT repeats);
 *     2  ... gets the data as the inner payloads of an IKE_AUTH request
 *        sealed with the initiator's real keys (the SK path past the ICV);
 *     3  an established responder gets the data as the inner payloads of
 *        a request (exchange type and message ID from bits 3-7);
 *     4  the initiator gets the data as the inner payloads of the IKE_AUTH
 *        response sealed with the responder's keys;
 *     5  the initiator, waiting for IKE_SA_INIT's answer, gets the raw
 *        data with the right SPI patched in;
 *     6, 7 as 3 but then the retransmission timer runs out.
 *   In modes 3, 6, 7 DH requests are answered, and with bit 7 set the
 *   responder's answer goes back to the initiator (which did not ask).
 * DH is answered with fixed bytes: the values are not what is tested.
 * The peers have addresses, and the responder sees the initiator's through
 * a NAT, so NAT detection runs on both sides (and on fuzzed notifies in
 * modes 0 and 5). ike_sa_input() must say "authenticated" exactly for the
 * messages sealed with real keys (modes 2 and 4), never for raw data.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ike_sa_priv.h"
#include "ike_ops_nettle.h"
#include "test_helper.h"

static struct ike_sa_cfg fuzz_icfg, fuzz_rcfg;
static bool fuzz_ready;
static u64 fuzz_now = 1000;

static void fuzz_props(struct ike_sa_cfg *c, bool initiator, const char *me,
		       const char *peer)
{
	static const char ike[] = "aes128gcm16-prfsha256-x25519-ecp256,"
				  "aes256-sha256-modp2048";
	static const char esp[] = "aes128gcm16,aes256-sha256";

	th_cfg_psk(c, initiator, "fuzzpass", me, peer);
	th_cfg_props(c, ike, esp);
	/* 10.0.0.1:500 -> 192.0.2.2:500; the responder sees 198.51.100.7. */
	c->addr_len = 4;
	memcpy(c->local_addr, initiator ? "\x0a\0\0\x01" : "\xc0\0\x02\x02",
	       4);
	memcpy(c->remote_addr, initiator ? "\xc0\0\x02\x02" :
	       "\xc6\x33\x64\x07", 4);
	c->local_port = IKE_PORT;
	c->remote_port = initiator ? IKE_PORT : 1024;
}

/* Drains @sa; the last datagram is copied to @out (may be NULL). */
static u32 fuzz_drain(struct ike_sa *sa, u8 *out)
{
	u32 len = 0;

	th_pop_all(sa, out, &len);
	th_count_events(sa, 0, NULL);
	return len;
}

/*
 * Seals @data as inner payloads (first type @first) with @tx's keys;
 * ike_sa_input()'s answer, or -1 if nothing was sent.
 */
static int fuzz_send_sealed(struct ike_sa *tx, struct ike_sa *rx, u8 exch,
			    u32 mid, bool response, u8 first,
			    const u8 *data, size_t size)
{
	size_t len;
	int ret = -1;
	u8 *msg;

	if (size > 4096)
		return -1;
	msg = th_seal(tx, exch, mid, response, first, data, size, &len);
	if (msg)
		ret = ike_sa_input(rx, msg, (u32)len, fuzz_now);
	ike_ops_nettle.free(msg);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u8 buf[IKE_SA_BUF_LEN];
	struct ike_sa *i = NULL, *r = NULL;
	struct ike_front front = { 0 };
	u8 ctl, reply[256], first;
	u32 len, rlen;
	int v;

	if (!fuzz_ready) {
		fuzz_props(&fuzz_icfg, true, "alice", "bob");
		fuzz_props(&fuzz_rcfg, false, "bob", "alice");
		fuzz_ready = true;
	}
	if (size < 2)
		return 0;
	ctl = data[0];
	first = data[1];
	data++;
	size--;

	if ((ctl & 7) == 0) {
		front.ops = &ike_ops_nettle;
		front.under_load = ctl & 8;
		front.secret_ver = 1;
		front.remote_addr = front.secret;	/* any bytes */
		front.remote_addr_len = 4;
		v = ike_front_check(&front, data, size, reply, sizeof(reply),
				    &rlen);
		if (v == IKE_FRONT_REPLY && (rlen < IKE_HDR_LEN ||
					     rlen > sizeof(reply)))
			abort();
		if (v == IKE_FRONT_ACCEPT &&
		    !ike_sa_new_responder(&fuzz_rcfg, &ike_ops_nettle, data,
					  size, fuzz_now, &r)) {
			fuzz_drain(r, NULL);
			th_answer_dh(r, fuzz_now);
			fuzz_drain(r, NULL);
			ike_sa_input(r, data, size, fuzz_now);
			fuzz_drain(r, NULL);
			ike_sa_free(r);
		}
		return 0;
	}

	/* A real IKE_SA_INIT exchange first. */
	if (ike_sa_new_initiator(&fuzz_icfg, &ike_ops_nettle, fuzz_now, &i))
		abort();
	th_answer_dh(i, fuzz_now);
	len = fuzz_drain(i, buf);
	if (!len || ike_sa_new_responder(&fuzz_rcfg, &ike_ops_nettle, buf, len,
					 fuzz_now, &r))
		abort();
	th_answer_dh(r, fuzz_now);
	len = fuzz_drain(r, buf);
	if (!len)
		abort();

	if (!ike_sa_natt(r) || !ike_sa_nat_remote(r) || ike_sa_nat_local(r))
		abort();

	switch (ctl & 7) {
	case 1:
		/* Keys are random per run: raw bytes are never authentic. */
		if (ike_sa_input(r, data, size, fuzz_now) != 0)
			abort();
		break;
	case 5:
		if (size >= 8) {
			u8 *m = malloc(size);

			if (!m)
				abort();
			memcpy(m, data, size);
			put_unaligned_be64(i->spi_i, m);
			if (ike_sa_input(i, m, size, fuzz_now) != 0)
				abort();	/* IKE_SA_INIT never is */
			th_answer_dh(i, fuzz_now);
			free(m);
		}
		break;
	default:
		ike_sa_input(i, buf, len, fuzz_now);
		if (!ike_sa_natt(i) || !ike_sa_nat_local(i) ||
		    ike_sa_nat_remote(i))
			abort();
		th_answer_dh(i, fuzz_now);
		len = fuzz_drain(i, buf);	/* IKE_AUTH request */
		if (!len || !i->have_keys)
			abort();
		if ((ctl & 7) == 2) {
			if (fuzz_send_sealed(i, r, IKE_EXCH_AUTH, 1, false,
					     first, data + 1, size - 1) == 0)
				abort();
			break;
		}
		ike_sa_input(r, buf, len, fuzz_now);
		len = fuzz_drain(r, buf);	/* IKE_AUTH response */
		if (ike_sa_state(r) != IKE_SA_S_ESTABLISHED)
			abort();
		if ((ctl & 7) == 4) {
			if (fuzz_send_sealed(r, i, IKE_EXCH_AUTH, 1, true,
					     first, data + 1, size - 1) == 0)
				abort();
			break;
		}
		fuzz_send_sealed(i, r, IKE_EXCH_SA_INIT + ((ctl >> 3) & 3),
				 (ctl >> 5) & 3, false, first, data + 1,
				 size - 1);
		/* CREATE_CHILD_SA with a KE waits for DH: finish it. */
		th_answer_dh(r, fuzz_now);
		len = fuzz_drain(r, buf);
		if (len && (ctl & 0x80)) {
			/* The answer back to the initiator, as the peer. */
			ike_sa_input(i, buf, len, fuzz_now);
			th_answer_dh(i, fuzz_now);
		}
		if ((ctl & 7) >= 6) {
			fuzz_drain(r, NULL);
			ike_sa_liveness(r, fuzz_now);
			ike_sa_timeout(r, fuzz_now + 10 * 60 * 1000);
			ike_sa_timeout(r, fuzz_now + 20 * 60 * 1000);
		}
		break;
	}
	fuzz_drain(i, NULL);
	fuzz_drain(r, NULL);
	ike_sa_free(i);
	ike_sa_free(r);
	return 0;
}
