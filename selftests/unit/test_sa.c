// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the IKE SA state machine (kmod/ike/ike_sa.c and the
 * exchanges in ike_exchange_*.c) driven by hand: the stateless front
 * (version, cookies), error answers to broken requests, response caching,
 * message ID checks, the DH request contract.
 * DH answers are fixed bytes here (both sides get the same "g^ir",
 * th_answer_dh()); the end-to-end runs with real DH are in test_sim.c.
 */
#include <stdlib.h>

#include "kselftest_harness.h"

#include "ike_sa_priv.h"
#include "ike_ops_nettle.h"
#include "test_helper.h"

static void cfg_make(struct ike_sa_cfg *c, bool initiator)
{
	th_cfg_psk(c, initiator, "secret", initiator ? "i" : "r", NULL);
	th_cfg_props(c, "aes128gcm16-prfsha256-x25519-ecp256", "aes128gcm16");
	c->retrans_timeout_ms = 1000;
}

struct pair {
	struct ike_sa_cfg ci, cr;
	struct ike_sa *i, *r;
	u8 init_req[IKE_SA_BUF_LEN];
	u32 init_req_len;
	u8 auth_req[IKE_SA_BUF_LEN];
	u32 auth_req_len;
	u8 auth_resp[IKE_SA_BUF_LEN];
	u32 auth_resp_len;
};

/*
 * Runs IKE_SA_INIT and IKE_AUTH by hand, keeping the messages, with the
 * configurations left to the caller: both must already be filled in
 * (cfg_make() plus whatever the test changes).
 */
static int pair_run(struct pair *p)
{
	u8 buf[IKE_SA_BUF_LEN];
	u32 len = 0;

	if (ike_sa_new_initiator(&p->ci, &ike_ops_nettle, 0, &p->i))
		return -1;
	th_answer_dh(p->i, 0);
	if (th_pop_all(p->i, p->init_req, &p->init_req_len) != 1)
		return -2;
	if (ike_sa_new_responder(&p->cr, &ike_ops_nettle, p->init_req,
				 p->init_req_len, 0, &p->r))
		return -3;
	th_answer_dh(p->r, 0);
	if (th_pop_all(p->r, buf, &len) != 1)
		return -4;
	ike_sa_input(p->i, buf, len, 0);
	th_answer_dh(p->i, 0);
	if (th_pop_all(p->i, p->auth_req, &p->auth_req_len) != 1)
		return -5;
	ike_sa_input(p->r, p->auth_req, p->auth_req_len, 0);
	if (th_pop_all(p->r, p->auth_resp, &p->auth_resp_len) != 1)
		return -6;
	ike_sa_input(p->i, p->auth_resp, p->auth_resp_len, 0);
	return 0;
}

/* pair_run() on cfg_make()'s configurations; both sides established. */
static int pair_up(struct pair *p)
{
	int ret;

	cfg_make(&p->ci, true);
	cfg_make(&p->cr, false);
	ret = pair_run(p);
	if (ret)
		return ret;
	if (ike_sa_state(p->i) != IKE_SA_S_ESTABLISHED ||
	    ike_sa_state(p->r) != IKE_SA_S_ESTABLISHED)
		return -7;
	return 0;
}

static void pair_free(struct pair *p)
{
	ike_sa_free(p->i);
	ike_sa_free(p->r);
	free(p);
}

/* Seals @pt (inner payloads starting with type @first) as @tx sends. */
static u32 seal(struct ike_sa *tx, u8 exch, u32 mid, bool response,
		u8 first, const u8 *pt, u32 pt_len, u8 *out)
{
	size_t len;
	u8 *msg = th_seal(tx, exch, mid, response, first, pt, pt_len, &len);

	if (!msg)
		abort();
	memcpy(out, msg, len);
	ike_ops_nettle.free(msg);
	return (u32)len;
}

/*
 * Opens a message @rx would receive; the inner chain, decoded with @flags,
 * in @chain.
 */
static int open_chain(struct ike_sa *rx, u8 *msg, u32 len, unsigned int flags,
		      struct ike_chain *chain)
{
	struct ike_msg *m = calloc(1, sizeof(*m));
	size_t off, plen;
	struct ike_err err;
	int rc;

	rc = ike_decode_msg(msg, len, m, &err);
	if (!rc)
		rc = ike_sk_unprotect(&rx->sk, msg, len,
				      ike_msg_sk(m)->offset, &off, &plen);
	if (!rc)
		rc = ike_decode_chain(ike_msg_sk(m)->next, msg, off,
				      off + plen, flags, chain, &err);
	free(m);
	return rc;
}

/* A response. */
static int open_msg(struct ike_sa *rx, u8 *msg, u32 len,
		    struct ike_chain *chain)
{
	return open_chain(rx, msg, len, IKE_DEC_INNER | IKE_DEC_RESPONSE,
			  chain);
}

/* A request: its SA payload may hold several proposals. */
static int open_request(struct ike_sa *rx, u8 *msg, u32 len,
			struct ike_chain *chain)
{
	return open_chain(rx, msg, len, IKE_DEC_INNER, chain);
}

static u16 first_notify(const struct ike_chain *chain, struct ike_notify *n)
{
	const struct ike_payload *pl = ike_chain_find(chain, IKE_PT_NOTIFY);

	if (!pl || ike_decode_notify(pl, n, NULL))
		return 0;
	return n->type;
}

TEST(pair_up_and_events)
{
	struct pair *p = calloc(1, sizeof(*p));
	struct ike_event ev;

	ASSERT_EQ(0, pair_up(p));
	EXPECT_EQ(1, th_count_events(p->i, IKE_EV_CHILD_UP, &ev));
	EXPECT_EQ(IKE_ALG_ENCR_AES_GCM_16, ev.child.esp.encr);
	EXPECT_EQ(128, ev.child.esp.encr_keybits);
	EXPECT_EQ(20, ev.child.keys.encr_len);
	memzero_explicit(&ev, sizeof(ev));
	EXPECT_EQ(1, th_count_events(p->r, IKE_EV_ESTABLISHED, NULL));
	EXPECT_EQ(0, ike_sa_pop_dh(p->i, &(struct ike_dh_req){ 0 }));
	pair_free(p);
}

/* A retransmitted request gets the identical cached bytes (2.1). */
TEST(duplicate_request_cached_response)
{
	struct pair *p = calloc(1, sizeof(*p));
	u8 again[IKE_SA_BUF_LEN];
	u32 len = 0;

	ASSERT_EQ(0, pair_up(p));
	/* Answered from the cache: not a new authenticated message. */
	EXPECT_EQ(0, ike_sa_input(p->r, p->auth_req, p->auth_req_len, 5));
	ASSERT_EQ(1, th_pop_all(p->r, again, &len));
	ASSERT_EQ(p->auth_resp_len, len);
	EXPECT_EQ(0, memcmp(p->auth_resp, again, len));
	/* And the IKE_SA_INIT request, byte for byte, once more too. */
	EXPECT_EQ(0, ike_sa_input(p->r, p->init_req, p->init_req_len, 5));
	EXPECT_EQ(0, th_pop_all(p->r, NULL, NULL));	/* cache moved on */
	EXPECT_EQ(0, th_count_events(p->r, IKE_EV_FAILED, NULL));
	pair_free(p);
}

TEST(init_retransmit_same_answer)
{
	struct ike_sa_cfg ci, cr;
	struct ike_sa *i, *r;
	u8 req[IKE_SA_BUF_LEN], a[IKE_SA_BUF_LEN], b[IKE_SA_BUF_LEN];
	u32 req_len, la, lb;

	cfg_make(&ci, true);
	cfg_make(&cr, false);
	ASSERT_EQ(0, ike_sa_new_initiator(&ci, &ike_ops_nettle, 0, &i));
	th_answer_dh(i, 0);
	ASSERT_EQ(1, th_pop_all(i, req, &req_len));
	ASSERT_EQ(0, ike_sa_new_responder(&cr, &ike_ops_nettle, req, req_len,
					  0, &r));
	/* While DH is pending there is nothing to resend yet. */
	ike_sa_input(r, req, req_len, 1);
	EXPECT_EQ(0, th_pop_all(r, NULL, NULL));
	th_answer_dh(r, 2);
	ASSERT_EQ(1, th_pop_all(r, a, &la));
	EXPECT_EQ(0, ike_sa_input(r, req, req_len, 3));
	ASSERT_EQ(1, th_pop_all(r, b, &lb));
	ASSERT_EQ(la, lb);
	EXPECT_EQ(0, memcmp(a, b, la));
	/* A different request with the same SPI is not a retransmission. */
	req[req_len - 1] ^= 1;
	ike_sa_input(r, req, req_len, 4);
	EXPECT_EQ(0, th_pop_all(r, NULL, NULL));
	ike_sa_free(i);
	ike_sa_free(r);
}

/* Responses for message IDs we have no request for are dropped (2.3). */
TEST(unknown_response_dropped)
{
	struct pair *p = calloc(1, sizeof(*p));
	u8 msg[512];
	u32 len;

	ASSERT_EQ(0, pair_up(p));
	th_count_events(p->i, 0, NULL);
	/* The IKE_AUTH response again: no request outstanding. */
	EXPECT_EQ(0, ike_sa_input(p->i, p->auth_resp, p->auth_resp_len, 1));
	EXPECT_EQ(0, th_pop_all(p->i, NULL, NULL));
	EXPECT_EQ(0, th_count_events(p->i, IKE_EV_ESTABLISHED, NULL));
	/* An authentic empty response to message ID 7: nothing asked. */
	len = seal(p->r, IKE_EXCH_INFORMATIONAL, 7, true, IKE_PT_NONE, NULL,
		   0, msg);
	EXPECT_EQ(0, ike_sa_input(p->i, msg, len, 2));
	EXPECT_EQ(0, th_pop_all(p->i, NULL, NULL));
	EXPECT_EQ(0, th_count_events(p->i, IKE_EV_ALIVE, NULL));
	/* With the liveness request out, ID 2 is the one that counts. */
	ASSERT_EQ(0, ike_sa_liveness(p->i, 3));
	th_pop_all(p->i, NULL, NULL);
	ike_sa_input(p->i, msg, len, 4);
	EXPECT_EQ(0, th_count_events(p->i, IKE_EV_ALIVE, NULL));
	len = seal(p->r, IKE_EXCH_INFORMATIONAL, 2, true, IKE_PT_NONE, NULL,
		   0, msg);
	EXPECT_EQ(1, ike_sa_input(p->i, msg, len, 5));
	EXPECT_EQ(1, th_count_events(p->i, IKE_EV_ALIVE, NULL));
	EXPECT_EQ(0, ike_sa_next_deadline(p->i) != ~(u64)0);
	pair_free(p);
}

/* Unauthenticated or tampered protected messages: silence (2.21). */
TEST(garbage_is_silent)
{
	struct pair *p = calloc(1, sizeof(*p));
	u8 msg[IKE_SA_BUF_LEN];
	u32 k;

	ASSERT_EQ(0, pair_up(p));
	th_count_events(p->r, 0, NULL);
	/* Every single-bit flip of a valid request after the SPIs. */
	for (k = 16; k < p->auth_req_len; k += 3) {
		memcpy(msg, p->auth_req, p->auth_req_len);
		msg[k] ^= 0x10;
		/* Message ID 1 is the cached one; 2 is new. */
		put_unaligned_be32(2, msg + 20);
		EXPECT_EQ(0, ike_sa_input(p->r, msg, p->auth_req_len, 1))
			TH_LOG("byte %u", k);
		EXPECT_EQ(0, th_pop_all(p->r, NULL, NULL)) TH_LOG("byte %u", k);
	}
	memset(msg, 0xff, sizeof(msg));
	EXPECT_EQ(0, ike_sa_input(p->r, msg, 300, 1));
	EXPECT_EQ(0, ike_sa_input(p->r, msg, 3, 1));
	EXPECT_EQ(0, th_pop_all(p->r, NULL, NULL));
	EXPECT_EQ(0, th_count_events(p->r, IKE_EV_FAILED, NULL));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(p->r));
	pair_free(p);
}

/* Authentic but malformed inside: INVALID_SYNTAX, protected (2.21.2). */
TEST(protected_malformed_gets_invalid_syntax)
{
	struct pair *p = calloc(1, sizeof(*p));
	struct ike_chain *chain = calloc(1, sizeof(*chain));
	static const u8 bad[] = { 0, 0, 0, 2 };	/* payload length 2 */
	static const u8 crit[] = { 0, 0x80, 0, 4 };	/* unknown, critical */
	struct ike_notify n;
	u8 msg[512], out[512];
	u32 len, olen;

	ASSERT_EQ(0, pair_up(p));
	len = seal(p->i, IKE_EXCH_INFORMATIONAL, 2, false, IKE_PT_NOTIFY,
		   bad, sizeof(bad), msg);
	/* Authentic, so 1 even though it was answered with an error. */
	EXPECT_EQ(1, ike_sa_input(p->r, msg, len, 1));
	ASSERT_EQ(1, th_pop_all(p->r, out, &olen));
	ASSERT_EQ(0, open_msg(p->i, out, olen, chain));
	EXPECT_EQ(IKE_N_INVALID_SYNTAX, first_notify(chain, &n));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(p->r));

	len = seal(p->i, IKE_EXCH_INFORMATIONAL, 3, false, 200, crit,
		   sizeof(crit), msg);
	ike_sa_input(p->r, msg, len, 2);
	ASSERT_EQ(1, th_pop_all(p->r, out, &olen));
	ASSERT_EQ(0, open_msg(p->i, out, olen, chain));
	ASSERT_EQ(IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, first_notify(chain, &n));
	ASSERT_EQ(1, n.len);
	EXPECT_EQ(200, n.data[0]);

	/* Out of window (ID 9): dropped without an answer. */
	len = seal(p->i, IKE_EXCH_INFORMATIONAL, 9, false, IKE_PT_NONE, NULL,
		   0, msg);
	EXPECT_EQ(0, ike_sa_input(p->r, msg, len, 3));
	EXPECT_EQ(0, th_pop_all(p->r, NULL, NULL));
	free(chain);
	pair_free(p);
}

/* CREATE_CHILD_SA requests that cannot be served get the RFC notify. */
TEST(create_child_sa_errors)
{
	struct pair *p = calloc(1, sizeof(*p));
	struct ike_chain *chain = calloc(1, sizeof(*chain));
	struct ike_prop_list ikel;
	struct ike_ts_list ts = { 0 };
	struct ike_writer w;
	struct ike_notify n;
	struct ike_err err;
	u8 msg[1024], out[1024], pt[512], nonce[32] = { 9 };
	u8 spi8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, spi4[4] = { 0, 0, 1, 2 };
	u8 any[4] = { 0 };
	struct ike_dh_req dh;
	u32 len, olen, ptl;

	ASSERT_EQ(0, pair_up(p));
	ike_ts_from_prefix(&ts.ts[0], IKE_TS_IPV4_ADDR_RANGE, any, 0);
	ts.count = 1;

	/* Missing everything: INVALID_SYNTAX. */
	len = seal(p->i, IKE_EXCH_CREATE_CHILD_SA, 2, false, IKE_PT_NONE,
		   NULL, 0, msg);
	ike_sa_input(p->r, msg, len, 1);
	ASSERT_EQ(1, th_pop_all(p->r, out, &olen));
	ASSERT_EQ(0, open_msg(p->i, out, olen, chain));
	EXPECT_EQ(IKE_N_INVALID_SYNTAX, first_notify(chain, &n));

	/* A rekey of a Child SA the responder does not have. */
	ike_writer_init(&w, pt, sizeof(pt));
	ike_put_notify(&w, IKE_PROTO_ESP, spi4, 4, IKE_N_REKEY_SA, NULL, 0);
	ike_prop_put_offer(&w, &p->ci.esp, spi4, 4, 0);
	ike_put_nonce(&w, nonce, sizeof(nonce));
	ike_put_ts(&w, IKE_PT_TSI, &ts);
	ike_put_ts(&w, IKE_PT_TSR, &ts);
	ptl = ike_writer_finish(&w);
	len = seal(p->i, IKE_EXCH_CREATE_CHILD_SA, 3, false, IKE_PT_NOTIFY,
		   pt, ptl, msg);
	ike_sa_input(p->r, msg, len, 3);
	ASSERT_EQ(1, th_pop_all(p->r, out, &olen));
	ASSERT_EQ(0, open_msg(p->i, out, olen, chain));
	EXPECT_EQ(IKE_N_CHILD_SA_NOT_FOUND, first_notify(chain, &n));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(p->r));

	/* An IKE SA rekey offer the responder does not accept. */
	ASSERT_EQ(0, ike_prop_parse("aes256-sha512-modp3072", 22,
				    IKE_PROTO_IKE, &ikel, &err));
	ike_writer_init(&w, pt, sizeof(pt));
	ike_prop_put_offer(&w, &ikel, spi8, 8, IKE_PROP_F_REKEY);
	ike_put_nonce(&w, nonce, sizeof(nonce));
	ike_put_ke(&w, IKE_DH_MODP3072, pt + 100, 384);
	ptl = ike_writer_finish(&w);
	len = seal(p->i, IKE_EXCH_CREATE_CHILD_SA, 4, false, IKE_PT_SA, pt,
		   ptl, msg);
	ike_sa_input(p->r, msg, len, 2);
	ASSERT_EQ(1, th_pop_all(p->r, out, &olen));
	ASSERT_EQ(0, open_msg(p->i, out, olen, chain));
	EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, first_notify(chain, &n));

	/* An acceptable one: the responder asks for its DH first. */
	ASSERT_EQ(0, ike_prop_parse("aes128gcm16-prfsha256-x25519", 28,
				    IKE_PROTO_IKE, &ikel, &err));
	ike_writer_init(&w, pt, sizeof(pt));
	ike_prop_put_offer(&w, &ikel, spi8, 8, IKE_PROP_F_REKEY);
	ike_put_nonce(&w, nonce, sizeof(nonce));
	ike_put_ke(&w, IKE_DH_CURVE25519, nonce, 32);
	ptl = ike_writer_finish(&w);
	len = seal(p->i, IKE_EXCH_CREATE_CHILD_SA, 5, false, IKE_PT_SA, pt,
		   ptl, msg);
	ike_sa_input(p->r, msg, len, 4);
	EXPECT_EQ(0, th_pop_all(p->r, NULL, NULL));
	ASSERT_TRUE(ike_sa_pop_dh(p->r, &dh));
	EXPECT_EQ(IKE_DH_KEYGEN_SHARED, dh.op);
	EXPECT_EQ(IKE_DH_CURVE25519, dh.group);
	EXPECT_EQ(0, memcmp(dh.peer, nonce, 32));
	free(chain);
	pair_free(p);
}

static struct ike_sa *responder_for(struct __test_metadata *_metadata,
				    const u8 *req, u32 len, u8 *out,
				    u32 *out_len)
{
	struct ike_sa_cfg c;
	struct ike_sa *r = NULL;

	cfg_make(&c, false);
	if (ike_sa_new_responder(&c, &ike_ops_nettle, req, len, 0, &r))
		return NULL;
	th_pop_all(r, out, out_len);
	return r;
}

static u32 initiator_request(u8 *req)
{
	struct ike_sa_cfg c;
	struct ike_sa *i;
	u32 len = 0;

	cfg_make(&c, true);
	if (ike_sa_new_initiator(&c, &ike_ops_nettle, 0, &i))
		abort();
	th_answer_dh(i, 0);
	th_pop_all(i, req, &len);
	ike_sa_free(i);
	return len;
}

static u16 clear_notify(const u8 *msg, u32 len, struct ike_notify *n)
{
	struct ike_msg *m = calloc(1, sizeof(*m));
	struct ike_err err;
	u16 type = 0;

	if (!ike_decode_msg(msg, len, m, &err))
		type = first_notify(&m->chain, n);
	free(m);
	return type;
}

TEST(init_errors)
{
	u8 req[IKE_SA_BUF_LEN], out[IKE_SA_BUF_LEN];
	struct ike_notify n;
	struct ike_event ev;
	struct ike_sa *r;
	u32 len, olen = 0, i;

	/* Unknown critical payload appended: UNSUPPORTED_CRITICAL_PAYLOAD. */
	len = initiator_request(req);
	/* Walk to the last payload and chain one more after it. */
	for (i = IKE_HDR_LEN; i + 4 <= len && req[i] != IKE_PT_NONE;)
		i += get_unaligned_be16(req + i + 2);
	ASSERT_GT(len, i);
	req[i] = 210;
	memcpy(req + len, "\0\x80\0\x04", 4);
	len += 4;
	put_unaligned_be32(len, req + 24);
	r = responder_for(_metadata, req, len, out, &olen);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(IKE_SA_S_DEAD, ike_sa_state(r));
	ASSERT_EQ(IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD,
		  clear_notify(out, olen, &n));
	EXPECT_EQ(210, n.data[0]);
	EXPECT_EQ(1, th_count_events(r, IKE_EV_FAILED, &ev));
	EXPECT_EQ(IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, ev.notify);
	ike_sa_free(r);

	/* Only a Nonce: INVALID_SYNTAX. */
	len = initiator_request(req);
	req[16] = IKE_PT_NONE;
	put_unaligned_be32(IKE_HDR_LEN, req + 24);
	r = responder_for(_metadata, req, IKE_HDR_LEN, out, &olen);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(IKE_N_INVALID_SYNTAX, clear_notify(out, olen, &n));
	ike_sa_free(r);

	/* Not an IKE_SA_INIT request at all: no SA. */
	len = initiator_request(req);
	req[19] |= IKE_HDR_F_RESPONSE;
	EXPECT_EQ(NULL, responder_for(_metadata, req, len, out, &olen));
	EXPECT_EQ(-EBADMSG, ike_sa_new_responder(&(struct ike_sa_cfg){
		.ike.count = 1 }, &ike_ops_nettle, req, 10, 0, &r));
}

/* INVALID_KE_PAYLOAD: retry only with a group we offered (1.3). */
TEST(invalid_ke_group_check)
{
	static const u16 groups[] = { IKE_DH_ECP521, IKE_DH_ECP256 };
	struct ike_sa_cfg c;
	struct ike_dh_req r;
	struct ike_event ev;
	struct ike_writer w;
	struct ike_sa *i;
	struct ike_hdr h = { .exchange = IKE_EXCH_SA_INIT,
			     .flags = IKE_HDR_F_RESPONSE };
	u8 msg[128], grp[2];
	int k, len;

	cfg_make(&c, true);
	for (k = 0; k < 2; k++) {
		ASSERT_EQ(0, ike_sa_new_initiator(&c, &ike_ops_nettle, 0, &i));
		th_answer_dh(i, 0);
		ASSERT_EQ(1, th_pop_all(i, NULL, NULL));
		h.spi_i = ike_sa_spi_i(i);
		ike_writer_init(&w, msg, sizeof(msg));
		ike_put_hdr(&w, &h);
		put_unaligned_be16(groups[k], grp);
		ike_put_notify(&w, IKE_PROTO_NONE, NULL, 0,
			       IKE_N_INVALID_KE_PAYLOAD, grp, 2);
		len = ike_writer_finish(&w);
		ASSERT_LT(0, len);
		ike_sa_input(i, msg, len, 1);
		if (k == 0) {
			/* ECP-521 was never offered: give up. */
			EXPECT_EQ(1, th_count_events(i, IKE_EV_FAILED, &ev));
			EXPECT_EQ(IKE_N_INVALID_KE_PAYLOAD, ev.notify);
			EXPECT_FALSE(ike_sa_pop_dh(i, &r));
		} else {
			/* ECP-256 was: a new key of that group, same SPI. */
			ASSERT_TRUE(ike_sa_pop_dh(i, &r));
			EXPECT_EQ(IKE_DH_KEYGEN, r.op);
			EXPECT_EQ(IKE_DH_ECP256, r.group);
			EXPECT_EQ(IKE_SA_S_INIT_DH, ike_sa_state(i));
			EXPECT_EQ(h.spi_i, ike_sa_spi_i(i));
			/* Without an answer there is nothing to resend. */
			EXPECT_EQ(0, th_pop_all(i, NULL, NULL));
		}
		ike_sa_free(i);
	}
}

TEST(front_version_and_cookie)
{
	struct ike_front f = { .ops = &ike_ops_nettle, .secret_ver = 1 };
	u8 req[IKE_SA_BUF_LEN], out[256], with[IKE_SA_BUF_LEN];
	u8 addr[4] = { 10, 0, 0, 1 };
	struct ike_notify n;
	u32 len, olen, wlen, next_off;

	f.remote_addr = addr;
	f.remote_addr_len = 4;
	memset(f.secret, 1, sizeof(f.secret));
	len = initiator_request(req);
	EXPECT_EQ(IKE_FRONT_ACCEPT, ike_front_check(&f, req, len, out,
						    sizeof(out), &olen));
	EXPECT_EQ(IKE_FRONT_DROP, ike_front_check(&f, req, 20, out,
						  sizeof(out), &olen));

	/* Major version 3: INVALID_MAJOR_VERSION in a version 2 header. */
	req[17] = 0x30;
	ASSERT_EQ(IKE_FRONT_REPLY, ike_front_check(&f, req, len, out,
						   sizeof(out), &olen));
	EXPECT_EQ(0x20, out[17]);
	EXPECT_EQ(IKE_N_INVALID_MAJOR_VERSION, clear_notify(out, olen, &n));
	req[17] = 0x10;		/* IKEv1: silence */
	EXPECT_EQ(IKE_FRONT_DROP, ike_front_check(&f, req, len, out,
						  sizeof(out), &olen));
	req[17] = 0x20;

	f.under_load = true;
	ASSERT_EQ(IKE_FRONT_REPLY, ike_front_check(&f, req, len, out,
						   sizeof(out), &olen));
	ASSERT_EQ(IKE_N_COOKIE, clear_notify(out, olen, &n));
	ASSERT_EQ(33, n.len);

	/* Echo it first, as the initiator does. */
	memcpy(with, req, IKE_HDR_LEN);
	with[16] = IKE_PT_NOTIFY;
	next_off = IKE_HDR_LEN;
	with[next_off] = req[16];
	with[next_off + 1] = 0;
	put_unaligned_be16(8 + n.len, with + next_off + 2);
	with[next_off + 4] = 0;
	with[next_off + 5] = 0;
	put_unaligned_be16(IKE_N_COOKIE, with + next_off + 6);
	memcpy(with + next_off + 8, n.data, n.len);
	wlen = next_off + 8 + n.len;
	memcpy(with + wlen, req + IKE_HDR_LEN, len - IKE_HDR_LEN);
	wlen += len - IKE_HDR_LEN;
	put_unaligned_be32(wlen, with + 24);
	EXPECT_EQ(IKE_FRONT_ACCEPT, ike_front_check(&f, with, wlen, out,
						    sizeof(out), &olen));
	/* Another source address: the cookie does not fit. */
	addr[3] = 2;
	EXPECT_EQ(IKE_FRONT_REPLY, ike_front_check(&f, with, wlen, out,
						   sizeof(out), &olen));
	addr[3] = 1;
	/* After two rotations the old cookie is refused. */
	memset(f.secret, 2, 32);
	f.secret_ver = 2;
	EXPECT_EQ(IKE_FRONT_REPLY, ike_front_check(&f, with, wlen, out,
						   sizeof(out), &olen));
	memset(f.old_secret, 1, 32);
	f.have_old = true;
	EXPECT_EQ(IKE_FRONT_ACCEPT, ike_front_check(&f, with, wlen, out,
						    sizeof(out), &olen));
}

TEST(dh_contract)
{
	struct ike_sa_cfg c;
	struct ike_dh_req r;
	struct ike_event ev;
	struct ike_sa *i;
	u8 pub[32] = { 1 };

	cfg_make(&c, true);
	ASSERT_EQ(0, ike_sa_new_initiator(&c, &ike_ops_nettle, 100, &i));
	ASSERT_TRUE(ike_sa_pop_dh(i, &r));
	EXPECT_EQ(IKE_DH_KEYGEN, r.op);
	EXPECT_EQ(IKE_DH_CURVE25519, r.group);
	EXPECT_EQ(100 + IKE_SA_DH_TIMEOUT_MS, ike_sa_next_deadline(i));
	/* A stale id and a wrong length change nothing / fail. */
	ike_sa_dh_result(i, r.id + 1, 0, pub, 32, NULL, 0, 101);
	EXPECT_EQ(IKE_SA_S_INIT_DH, ike_sa_state(i));
	EXPECT_EQ(0, th_pop_all(i, NULL, NULL));
	ike_sa_dh_result(i, r.id, 0, pub, 31, NULL, 0, 102);
	EXPECT_EQ(IKE_SA_S_DEAD, ike_sa_state(i));
	EXPECT_EQ(1, th_count_events(i, IKE_EV_FAILED, &ev));
	EXPECT_EQ(-EINVAL, ev.error);
	/* An answer for a dead SA is ignored. */
	ike_sa_dh_result(i, r.id, 0, pub, 32, NULL, 0, 103);
	EXPECT_EQ(0, th_pop_all(i, NULL, NULL));
	ike_sa_free(i);

	/* The helper reports failure: the SA fails with its errno. */
	ASSERT_EQ(0, ike_sa_new_initiator(&c, &ike_ops_nettle, 0, &i));
	ASSERT_TRUE(ike_sa_pop_dh(i, &r));
	ike_sa_dh_result(i, r.id, -EOPNOTSUPP, NULL, 0, NULL, 0, 1);
	EXPECT_EQ(1, th_count_events(i, IKE_EV_FAILED, &ev));
	EXPECT_EQ(-EOPNOTSUPP, ev.error);
	ike_sa_free(i);

	/* No answer at all: the deadline fails it. */
	ASSERT_EQ(0, ike_sa_new_initiator(&c, &ike_ops_nettle, 0, &i));
	ike_sa_timeout(i, IKE_SA_DH_TIMEOUT_MS - 1);
	EXPECT_EQ(IKE_SA_S_INIT_DH, ike_sa_state(i));
	ike_sa_timeout(i, IKE_SA_DH_TIMEOUT_MS);
	EXPECT_EQ(1, th_count_events(i, IKE_EV_FAILED, &ev));
	EXPECT_EQ(-ETIMEDOUT, ev.error);
	ike_sa_free(i);
}

TEST(retransmit_schedule)
{
	struct ike_sa_cfg c;
	struct ike_sa *i;
	u8 first[IKE_SA_BUF_LEN], again[IKE_SA_BUF_LEN];
	u32 l1, l2, t = 0;
	int n;

	cfg_make(&c, true);
	c.retrans_timeout_ms = 1000;
	c.retrans_backoff_pct = 200;
	c.retrans_tries = 3;
	ASSERT_EQ(0, ike_sa_new_initiator(&c, &ike_ops_nettle, 0, &i));
	th_answer_dh(i, 0);
	ASSERT_EQ(1, th_pop_all(i, first, &l1));
	EXPECT_EQ(1000, ike_sa_next_deadline(i));
	ike_sa_timeout(i, 999);
	EXPECT_EQ(0, th_pop_all(i, NULL, NULL));
	for (n = 0, t = 1000; n < 2; n++) {
		ike_sa_timeout(i, t);
		ASSERT_EQ(1, th_pop_all(i, again, &l2));
		ASSERT_EQ(l1, l2);
		EXPECT_EQ(0, memcmp(first, again, l1));
		t += 2000u << n;
		EXPECT_EQ(t, ike_sa_next_deadline(i));
	}
	ike_sa_timeout(i, t);
	EXPECT_EQ(0, th_pop_all(i, NULL, NULL));
	EXPECT_EQ(IKE_SA_S_DEAD, ike_sa_state(i));
	EXPECT_EQ(~(u64)0, ike_sa_next_deadline(i));
	ike_sa_free(i);
}

TEST(half_open_timeout)
{
	struct ike_sa_cfg c;
	struct ike_sa *r;
	u8 req[IKE_SA_BUF_LEN];
	struct ike_event ev;
	u32 len = initiator_request(req);

	cfg_make(&c, false);
	c.half_open_ms = 5000;
	ASSERT_EQ(0, ike_sa_new_responder(&c, &ike_ops_nettle, req, len, 0,
					  &r));
	th_answer_dh(r, 10);
	EXPECT_EQ(5010, ike_sa_next_deadline(r));
	ike_sa_timeout(r, 5010);
	EXPECT_EQ(1, th_count_events(r, IKE_EV_FAILED, &ev));
	EXPECT_EQ(-ETIMEDOUT, ev.error);
	ike_sa_free(r);
}

TEST(no_leaks_on_free_midway)
{
	long live = ike_ops_nettle_live();
	struct pair *p = calloc(1, sizeof(*p));

	ASSERT_EQ(0, pair_up(p));
	ASSERT_EQ(0, ike_sa_liveness(p->i, 1));
	/* Outputs and events not drained: free must release all of it. */
	pair_free(p);
	EXPECT_EQ(live, ike_ops_nettle_live());
}

/* The ID payload of @type in @chain; false if there is none or it is bad. */
static bool chain_id(const struct ike_chain *chain, u8 type,
		     struct ike_id *id)
{
	const struct ike_payload *pl = ike_chain_find(chain, type);

	return pl && !ike_decode_id(pl, id, NULL);
}

static void set_remote_fqdn(struct ike_sa_cfg *c, const char *name)
{
	c->remote_id_type = IKE_ID_FQDN;
	c->remote_id_len = strlen(name);
	memcpy(c->remote_id, name, c->remote_id_len);
}

/*
 * RFC 7296 2.5/3.5: the initiator's IKE_AUTH request names the responder
 * (IDr) exactly when a remote ID is configured, as configured.
 */
TEST(auth_request_idr_when_remote_id_set)
{
	static const u8 v4[4] = { 192, 0, 2, 7 };
	struct pair *p = calloc(1, sizeof(*p));
	struct ike_chain *chain = calloc(1, sizeof(*chain));
	struct ike_id id;

	cfg_make(&p->ci, true);
	cfg_make(&p->cr, false);
	set_remote_fqdn(&p->ci, "r");
	ASSERT_EQ(0, pair_run(p));
	ASSERT_EQ(0, open_request(p->r, p->auth_req, p->auth_req_len, chain));
	ASSERT_TRUE(chain_id(chain, IKE_PT_IDR, &id));
	EXPECT_EQ(IKE_ID_FQDN, id.type);
	ASSERT_EQ(1, id.len);
	EXPECT_EQ('r', id.data[0]);
	/* IDi is still there and still ours. */
	ASSERT_TRUE(chain_id(chain, IKE_PT_IDI, &id));
	EXPECT_EQ(IKE_ID_FQDN, id.type);
	ASSERT_EQ(1, id.len);
	EXPECT_EQ('i', id.data[0]);
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(p->i));
	pair_free(p);

	/* An address type goes out with its 4 bytes, not as text. */
	p = calloc(1, sizeof(*p));
	memset(chain, 0, sizeof(*chain));
	cfg_make(&p->ci, true);
	cfg_make(&p->cr, false);
	p->ci.remote_id_type = IKE_ID_IPV4_ADDR;
	p->ci.remote_id_len = 4;
	memcpy(p->ci.remote_id, v4, 4);
	ASSERT_EQ(0, pair_run(p));
	ASSERT_EQ(0, open_request(p->r, p->auth_req, p->auth_req_len, chain));
	ASSERT_TRUE(chain_id(chain, IKE_PT_IDR, &id));
	EXPECT_EQ(IKE_ID_IPV4_ADDR, id.type);
	ASSERT_EQ(4, id.len);
	EXPECT_EQ(0, memcmp(v4, id.data, 4));
	free(chain);
	pair_free(p);
}

TEST(auth_request_no_idr_without_remote_id)
{
	struct pair *p = calloc(1, sizeof(*p));
	struct ike_chain *chain = calloc(1, sizeof(*chain));
	struct ike_id id;

	ASSERT_EQ(0, pair_up(p));
	ASSERT_EQ(0, p->ci.remote_id_type);
	ASSERT_EQ(0, open_request(p->r, p->auth_req, p->auth_req_len, chain));
	EXPECT_EQ(NULL, ike_chain_find(chain, IKE_PT_IDR));
	/* The request did decode: IDi and AUTH are there. */
	ASSERT_TRUE(chain_id(chain, IKE_PT_IDI, &id));
	EXPECT_EQ('i', id.data[0]);
	EXPECT_NE(NULL, ike_chain_find(chain, IKE_PT_AUTH));
	free(chain);
	pair_free(p);
}

/*
 * A responder named by IDr (and requiring the initiator's identity itself)
 * establishes the IKE SA and the first Child SA, and answers as itself.
 */
TEST(responder_named_by_idr_establishes)
{
	struct pair *p = calloc(1, sizeof(*p));
	struct ike_chain *chain = calloc(1, sizeof(*chain));
	int n_est = 0, n_up = 0, n_fail = 0;
	struct ike_event ev;
	struct ike_id id;

	cfg_make(&p->ci, true);
	cfg_make(&p->cr, false);
	set_remote_fqdn(&p->ci, "r");
	set_remote_fqdn(&p->cr, "i");
	ASSERT_EQ(0, pair_run(p));
	ASSERT_EQ(0, open_request(p->r, p->auth_req, p->auth_req_len, chain));
	ASSERT_TRUE(chain_id(chain, IKE_PT_IDR, &id));
	EXPECT_EQ('r', id.data[0]);

	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(p->r));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(p->i));
	memset(chain, 0, sizeof(*chain));
	ASSERT_EQ(0, open_msg(p->i, p->auth_resp, p->auth_resp_len, chain));
	EXPECT_EQ(0, first_notify(chain, &(struct ike_notify){ 0 }));
	ASSERT_TRUE(chain_id(chain, IKE_PT_IDR, &id));
	EXPECT_EQ(IKE_ID_FQDN, id.type);
	ASSERT_EQ(1, id.len);
	EXPECT_EQ('r', id.data[0]);
	/* Responder: established, its Child SA up, nothing failed. */
	while (ike_sa_pop_event(p->r, &ev)) {
		n_est += ev.type == IKE_EV_ESTABLISHED;
		n_up += ev.type == IKE_EV_CHILD_UP;
		n_fail += ev.type == IKE_EV_FAILED ||
			  ev.type == IKE_EV_CHILD_FAILED;
		memzero_explicit(&ev, sizeof(ev));
	}
	EXPECT_EQ(1, n_est);
	EXPECT_EQ(1, n_up);
	EXPECT_EQ(0, n_fail);
	EXPECT_EQ(1, th_count_events(p->i, IKE_EV_CHILD_UP, &ev));
	memzero_explicit(&ev, sizeof(ev));
	free(chain);
	pair_free(p);
}

TEST_HARNESS_MAIN
