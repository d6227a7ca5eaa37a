// SPDX-License-Identifier: GPL-2.0
/*
 * Two IKE SA state machines talking over the in-memory link of sim.c:
 * IKE_SA_INIT + IKE_AUTH end to end per suite, negotiation failures,
 * loss, duplication, reordering, cookies, DH delays and timeouts,
 * INFORMATIONAL exchanges.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"

#include "sim.h"
#include "test_helper.h"
#include "ike_sa_priv.h"	/* white box: retransmit settings */
#include "ike_ops_nettle.h"

#define SIM_LONG	(10 * 60 * 1000ull)	/* virtual ms: plenty */

static struct sim *sim_new(u64 seed)
{
	struct sim *s = calloc(1, sizeof(*s));

	if (!s)
		abort();
	sim_init(s, seed);
	return s;
}

static void sim_del(struct sim *s)
{
	sim_free(s);
	free(s);
}

/*
 * Both sides established with one Child SA each, whose keys, SPIs and
 * algorithms mirror each other. Returns NULL or what is wrong.
 */
static const char *sim_check_up(const struct sim *s)
{
	const struct ike_event *ci, *cr;

	if (!s->peer[0].sa || !s->peer[1].sa)
		return "missing SA";
	if (ike_sa_state(s->peer[0].sa) != IKE_SA_S_ESTABLISHED ||
	    ike_sa_state(s->peer[1].sa) != IKE_SA_S_ESTABLISHED)
		return "not established";
	if (!sim_event(s, 0, IKE_EV_ESTABLISHED) ||
	    !sim_event(s, 1, IKE_EV_ESTABLISHED))
		return "no ESTABLISHED event";
	ci = sim_event(s, 0, IKE_EV_CHILD_UP);
	cr = sim_event(s, 1, IKE_EV_CHILD_UP);
	if (!ci || !cr)
		return "no CHILD_UP event";
	if (ike_sa_spi_i(s->peer[0].sa) != ike_sa_spi_i(s->peer[1].sa) ||
	    ike_sa_spi_r(s->peer[0].sa) != ike_sa_spi_r(s->peer[1].sa))
		return "IKE SPIs differ";
	if (ci->child.spi_in != cr->child.spi_out ||
	    ci->child.spi_out != cr->child.spi_in || !ci->child.spi_in)
		return "child SPIs not crossed";
	if (memcmp(&ci->child.esp, &cr->child.esp, sizeof(ci->child.esp)) ||
	    ci->child.esn != cr->child.esn)
		return "child algorithms differ";
	if (!ci->child.keys.encr_len ||
	    memcmp(&ci->child.keys, &cr->child.keys, sizeof(ci->child.keys)))
		return "child keys differ";
	if (!memcmp(ci->child.keys.encr_i2r, ci->child.keys.encr_r2i,
		    ci->child.keys.encr_len))
		return "both directions share a key";
	if (memcmp(&ci->child.ts_local, &cr->child.ts_remote,
		   sizeof(ci->child.ts_local)) ||
	    memcmp(&ci->child.ts_remote, &cr->child.ts_local,
		   sizeof(ci->child.ts_remote)))
		return "selectors do not mirror";
	return NULL;
}

static const char *sim_suite(const char *ike, const char *esp, u64 seed)
{
	struct sim *s = sim_new(seed);
	const char *why;

	th_cfg_props(&s->peer[0].cfg, ike, esp);
	th_cfg_props(&s->peer[1].cfg, ike, esp);
	if (sim_start(s)) {
		sim_del(s);
		return "start failed";
	}
	sim_run(s, s->now + SIM_LONG);
	why = sim_check_up(s);
	sim_del(s);
	return why;
}

TEST(suite_aes128gcm16_prfsha256_x25519)
{
	const char *why = sim_suite("aes128gcm16-prfsha256-x25519",
				    "aes128gcm16", 1);

	ASSERT_EQ(NULL, why) TH_LOG("%s", why);
}

/*
 * RFC 7296 2.4/3.16: the initiator's INITIAL_CONTACT reaches the
 * responder's ESTABLISHED event (the glue drops its stale SAs with that
 * identity); without it, neither side reports one. Each side knows the
 * identity the other authenticated with.
 */
TEST(initial_contact)
{
	const struct ike_event *e;
	const u8 *id;
	int with;

	for (with = 0; with < 2; with++) {
		struct sim *s = sim_new(60 + with);

		th_cfg_props(&s->peer[0].cfg, "aes128gcm16-prfsha256-x25519",
			     "aes128gcm16");
		th_cfg_props(&s->peer[1].cfg, "aes128gcm16-prfsha256-x25519",
			     "aes128gcm16");
		s->peer[0].cfg.initial_contact = with;
		ASSERT_EQ(0, sim_start(s));
		sim_run(s, s->now + SIM_LONG);
		ASSERT_EQ(NULL, sim_check_up(s));
		e = sim_event(s, 1, IKE_EV_ESTABLISHED);
		EXPECT_EQ(with ? IKE_N_INITIAL_CONTACT : 0, e->notify);
		EXPECT_EQ(0, sim_event(s, 0, IKE_EV_ESTABLISHED)->notify);
		ASSERT_EQ(4 + s->peer[0].cfg.local_id_len,
			  ike_sa_peer_id(s->peer[1].sa, &id));
		EXPECT_EQ(s->peer[0].cfg.local_id_type, id[0]);
		EXPECT_EQ(0, memcmp(id + 4, s->peer[0].cfg.local_id,
				    s->peer[0].cfg.local_id_len));
		ASSERT_EQ(4 + s->peer[1].cfg.local_id_len,
			  ike_sa_peer_id(s->peer[0].sa, &id));
		EXPECT_EQ(0, memcmp(id + 4, s->peer[1].cfg.local_id,
				    s->peer[1].cfg.local_id_len));
		sim_del(s);
	}
}

TEST(suite_aes256_sha256_modp2048)
{
	const char *why = sim_suite("aes256-sha256-modp2048",
				    "aes256-sha256", 2);

	ASSERT_EQ(NULL, why) TH_LOG("%s", why);
}

TEST(suite_chacha20poly1305_prfsha256_ecp256)
{
	const char *why = sim_suite("chacha20poly1305-prfsha256-ecp256",
				    "chacha20poly1305", 3);

	ASSERT_EQ(NULL, why) TH_LOG("%s", why);
}

TEST(suite_aes256gcm16_prfsha384_ecp384_esn)
{
	const char *why = sim_suite("aes256gcm16-prfsha384-ecp384",
				    "aes256gcm16-esn", 4);

	ASSERT_EQ(NULL, why) TH_LOG("%s", why);
}

/* Responder only takes ECP-256: the initiator retries with it (1.3). */
TEST(invalid_ke_retry)
{
	struct sim *s = sim_new(5);
	const char *why;

	th_cfg_props(&s->peer[0].cfg, "aes128gcm16-prfsha256-x25519-ecp256",
		     "aes128gcm16");
	th_cfg_props(&s->peer[1].cfg, "aes128gcm16-prfsha256-ecp256",
		     "aes128gcm16");
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	why = sim_check_up(s);
	EXPECT_EQ(NULL, why) TH_LOG("%s", why);
	/* The first responder SA answered INVALID_KE_PAYLOAD and died. */
	EXPECT_EQ(2, s->peer[1].n_created);
	EXPECT_EQ(IKE_N_INVALID_KE_PAYLOAD,
		  sim_event(s, 1, IKE_EV_FAILED)->notify);
	sim_del(s);
}

/*
 * A responder that prefers another group but also accepts the one in the
 * KE payload takes it: no INVALID_KE_PAYLOAD round trip. With no group in
 * common the answer is NO_PROPOSAL_CHOSEN.
 */
TEST(ke_group_choice)
{
	struct sim *s = sim_new(6);
	const struct ike_event *ev;

	th_cfg_props(&s->peer[0].cfg, "aes128gcm16-prfsha256-x25519",
		     "aes128gcm16");
	th_cfg_props(&s->peer[1].cfg, "aes128gcm16-prfsha256-ecp256-x25519",
		     "aes128gcm16");
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(NULL, sim_check_up(s));
	EXPECT_EQ(1, s->peer[1].n_created);
	sim_del(s);

	s = sim_new(7);
	th_cfg_props(&s->peer[0].cfg, "aes128gcm16-prfsha256-x25519",
		     "aes128gcm16");
	th_cfg_props(&s->peer[1].cfg, "aes128gcm16-prfsha256-ecp384",
		     "aes128gcm16");
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	ev = sim_event(s, 0, IKE_EV_FAILED);
	ASSERT_NE(NULL, ev);
	EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, ev->notify);
	sim_del(s);
}

TEST(no_proposal_chosen)
{
	struct sim *s = sim_new(8);
	const struct ike_event *e0, *e1;

	th_cfg_props(&s->peer[0].cfg, "aes128gcm16-prfsha256-x25519",
		     "aes128gcm16");
	th_cfg_props(&s->peer[1].cfg, "aes256-sha256-x25519", "aes256-sha256");
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	e0 = sim_event(s, 0, IKE_EV_FAILED);
	e1 = sim_event(s, 1, IKE_EV_FAILED);
	ASSERT_NE(NULL, e0);
	ASSERT_NE(NULL, e1);
	EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, e0->notify);
	EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, e1->notify);
	EXPECT_EQ(IKE_SA_S_DEAD, ike_sa_state(s->peer[0].sa));
	EXPECT_EQ(NULL, sim_event(s, 0, IKE_EV_ESTABLISHED));
	sim_del(s);
}

TEST(wrong_psk)
{
	struct sim *s = sim_new(9);
	const struct ike_event *e0, *e1;

	memcpy(s->peer[1].cfg.psk, "SIM-secret", 10);
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	e0 = sim_event(s, 0, IKE_EV_FAILED);
	e1 = sim_event(s, 1, IKE_EV_FAILED);
	ASSERT_NE(NULL, e0);
	ASSERT_NE(NULL, e1);
	EXPECT_EQ(IKE_N_AUTHENTICATION_FAILED, e0->notify);
	EXPECT_EQ(IKE_N_AUTHENTICATION_FAILED, e1->notify);
	EXPECT_EQ(NULL, sim_event(s, 0, IKE_EV_ESTABLISHED));
	EXPECT_EQ(NULL, sim_event(s, 1, IKE_EV_ESTABLISHED));
	EXPECT_EQ(NULL, sim_event(s, 0, IKE_EV_CHILD_UP));
	sim_del(s);
}

/* The responder expects another identity: AUTHENTICATION_FAILED too. */
TEST(wrong_peer_id)
{
	struct sim *s = sim_new(10);
	const struct ike_event *e0;

	memcpy(s->peer[1].cfg.remote_id, "mallory.example", 15);
	s->peer[1].cfg.remote_id_len = 15;
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	e0 = sim_event(s, 0, IKE_EV_FAILED);
	ASSERT_NE(NULL, e0);
	EXPECT_EQ(IKE_N_AUTHENTICATION_FAILED, e0->notify);
	sim_del(s);
}

/*
 * The initiator expects another identity than the responder proves: it
 * tells the responder in an INFORMATIONAL (RFC 7296 2.21.2), which takes
 * down the SA the responder had already established.
 */
TEST(initiator_rejects_responder_id)
{
	struct sim *s = sim_new(11);
	const struct ike_event *e0, *e1;

	memcpy(s->peer[0].cfg.remote_id, "mallory.example", 15);
	s->peer[0].cfg.remote_id_len = 15;
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	e0 = sim_event(s, 0, IKE_EV_FAILED);
	e1 = sim_event(s, 1, IKE_EV_FAILED);
	ASSERT_NE(NULL, e0);
	EXPECT_EQ(IKE_N_AUTHENTICATION_FAILED, e0->notify);
	EXPECT_EQ(NULL, sim_event(s, 0, IKE_EV_ESTABLISHED));
	EXPECT_EQ(NULL, sim_event(s, 0, IKE_EV_CHILD_UP));
	/* The responder was up, then heard of the failure. */
	EXPECT_NE(NULL, sim_event(s, 1, IKE_EV_ESTABLISHED));
	ASSERT_NE(NULL, e1);
	EXPECT_EQ(IKE_N_AUTHENTICATION_FAILED, e1->notify);
	EXPECT_EQ(IKE_SA_S_DEAD, ike_sa_state(s->peer[1].sa));
	EXPECT_EQ(IKE_SA_S_DEAD, ike_sa_state(s->peer[0].sa));
	sim_del(s);
}

/* Every established run had authenticated traffic both ways. */
TEST(authenticated_inputs_counted)
{
	struct sim *s = sim_new(12);

	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	ASSERT_EQ(NULL, sim_check_up(s));
	/* IKE_AUTH request and response: one each, IKE_SA_INIT not counted. */
	EXPECT_EQ(1, s->peer[0].n_authentic);
	EXPECT_EQ(1, s->peer[1].n_authentic);
	EXPECT_FALSE(ike_sa_natt(s->peer[0].sa));
	EXPECT_FALSE(ike_sa_natt(s->peer[1].sa));
	ASSERT_EQ(0, ike_sa_liveness(s->peer[1].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(2, s->peer[0].n_authentic);
	EXPECT_EQ(2, s->peer[1].n_authentic);
	sim_del(s);
}

/* A NAT in front of the initiator, with loss: both see it, both come up. */
TEST(nat_detected_under_loss)
{
	u64 seed;
	int up = 0;

	for (seed = 300; seed < 306; seed++) {
		struct sim *s = sim_new(seed);
		const char *why;

		/* The responder sees the NAT's address and port. */
		s->peer[1].cfg.remote_addr[0] = 198;
		s->peer[1].cfg.remote_addr[3] = 7;
		s->peer[1].cfg.remote_port = 31337;
		s->link.loss_pct = 30;
		s->peer[0].cfg.retrans_tries = 12;
		s->peer[0].cfg.retrans_backoff_pct = 120;
		ASSERT_EQ(0, sim_start(s));
		sim_run(s, s->now + SIM_LONG);
		why = sim_check_up(s);
		EXPECT_EQ(NULL, why) TH_LOG("seed %llu: %s",
					    (unsigned long long)seed, why);
		if (!why) {
			up++;
			EXPECT_TRUE(ike_sa_natt(s->peer[0].sa));
			EXPECT_TRUE(ike_sa_nat_local(s->peer[0].sa));
			EXPECT_FALSE(ike_sa_nat_remote(s->peer[0].sa));
			EXPECT_TRUE(ike_sa_natt(s->peer[1].sa));
			EXPECT_TRUE(ike_sa_nat_remote(s->peer[1].sa));
			EXPECT_FALSE(ike_sa_nat_local(s->peer[1].sa));
			EXPECT_LE(1, s->peer[0].n_authentic);
			EXPECT_LE(1, s->peer[1].n_authentic);
		}
		sim_del(s);
	}
	EXPECT_EQ(6, up);
}

TEST(loss_30_percent)
{
	u32 dropped = 0;
	u64 seed;
	int up = 0;

	for (seed = 100; seed < 108; seed++) {
		struct sim *s = sim_new(seed);
		const char *why;

		s->link.loss_pct = 30;
		/* Enough tries that 30 % loss cannot plausibly exhaust them. */
		s->peer[0].cfg.retrans_tries = 12;
		s->peer[0].cfg.retrans_backoff_pct = 120;
		ASSERT_EQ(0, sim_start(s));
		sim_run(s, s->now + SIM_LONG);
		why = sim_check_up(s);
		EXPECT_EQ(NULL, why) TH_LOG("seed %llu: %s",
					    (unsigned long long)seed, why);
		up += !why;
		dropped += s->n_dropped;
		sim_del(s);
	}
	EXPECT_EQ(8, up);
	/* The seeds do lose datagrams: convergence was by retransmission. */
	EXPECT_LT(4, dropped);
}

TEST(duplication_gets_cached_response)
{
	u64 seed;
	int repeated = 0;

	for (seed = 200; seed < 204; seed++) {
		struct sim *s = sim_new(seed);
		const char *why;

		s->link.dup_pct = 50;
		ASSERT_EQ(0, sim_start(s));
		sim_run(s, s->now + SIM_LONG);
		why = sim_check_up(s);
		EXPECT_EQ(NULL, why) TH_LOG("%s", why);
		/* Only the responder's cache can make it send twice. */
		repeated += sim_repeated_sends(s, 1);
		EXPECT_EQ(1, s->peer[1].n_created);
		sim_del(s);
	}
	EXPECT_NE(0, repeated);
}

TEST(reorder_and_slow_dh)
{
	u64 seed;

	for (seed = 300; seed < 304; seed++) {
		struct sim *s = sim_new(seed);
		const char *why;

		s->link.reorder_pct = 50;
		s->link.reorder_ms = 900;
		s->link.dup_pct = 20;
		s->link.dh_delay_ms = 1500;	/* longer than a retransmit */
		ASSERT_EQ(0, sim_start(s));
		sim_run(s, s->now + SIM_LONG);
		why = sim_check_up(s);
		EXPECT_EQ(NULL, why) TH_LOG("%s", why);
		sim_del(s);
	}
}

TEST(ts_narrowing)
{
	struct sim *s = sim_new(11);
	const struct ike_event *ci, *cr;
	u8 want[4] = { 10, 0, 1, 0 };

	th_ts_prefix(&s->peer[0].cfg.local_ts, "10.0.0.0/16");
	th_ts_prefix(&s->peer[0].cfg.remote_ts, "10.1.0.0/16");
	th_ts_prefix(&s->peer[1].cfg.remote_ts, "10.0.1.0/24");
	th_ts_prefix(&s->peer[1].cfg.local_ts, "10.1.0.0/16");
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	ASSERT_EQ(NULL, sim_check_up(s));
	ci = sim_event(s, 0, IKE_EV_CHILD_UP);
	cr = sim_event(s, 1, IKE_EV_CHILD_UP);
	ASSERT_EQ(1, ci->child.ts_local.count);
	EXPECT_EQ(0, memcmp(ci->child.ts_local.ts[0].start, want, 4));
	want[3] = 255;
	EXPECT_EQ(0, memcmp(ci->child.ts_local.ts[0].end, want, 4));
	EXPECT_EQ(0, memcmp(cr->child.ts_remote.ts[0].end, want, 4));
	EXPECT_EQ(1, ci->child.ts_remote.count);
	EXPECT_EQ(10, ci->child.ts_remote.ts[0].start[0]);
	EXPECT_EQ(1, ci->child.ts_remote.ts[0].start[1]);
	sim_del(s);
}

/* No overlap: IKE SA up, Child SA refused with TS_UNACCEPTABLE (2.21.3). */
TEST(ts_unacceptable_keeps_ike_sa)
{
	struct sim *s = sim_new(12);
	const struct ike_event *e0, *e1;

	th_ts_prefix(&s->peer[0].cfg.local_ts, "10.0.0.0/16");
	th_ts_prefix(&s->peer[1].cfg.remote_ts, "10.9.0.0/16");
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[0].sa));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[1].sa));
	e0 = sim_event(s, 0, IKE_EV_CHILD_FAILED);
	e1 = sim_event(s, 1, IKE_EV_CHILD_FAILED);
	ASSERT_NE(NULL, e0);
	ASSERT_NE(NULL, e1);
	EXPECT_EQ(IKE_N_TS_UNACCEPTABLE, e0->notify);
	EXPECT_EQ(IKE_N_TS_UNACCEPTABLE, e1->notify);
	EXPECT_EQ(NULL, sim_event(s, 0, IKE_EV_CHILD_UP));
	sim_del(s);
}

TEST(child_no_proposal_keeps_ike_sa)
{
	struct sim *s = sim_new(13);
	const struct ike_event *e0;

	th_cfg_props(&s->peer[1].cfg, "aes128gcm16-prfsha256-x25519",
		     "aes256-sha512");
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[0].sa));
	e0 = sim_event(s, 0, IKE_EV_CHILD_FAILED);
	ASSERT_NE(NULL, e0);
	EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, e0->notify);
	sim_del(s);
}

TEST(cookie_under_load)
{
	struct sim *s = sim_new(14);
	const char *why;

	s->front.under_load = true;
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	why = sim_check_up(s);
	EXPECT_EQ(NULL, why) TH_LOG("%s", why);
	EXPECT_EQ(1, s->n_cookie_replies);
	EXPECT_EQ(1, s->peer[1].n_created);
	sim_del(s);
}

/* A rotated secret: cookies made with the previous one still pass. */
TEST(cookie_secret_rotation)
{
	struct sim *s = sim_new(15);

	s->front.under_load = true;
	s->link.delay_ms = 100;
	ASSERT_EQ(0, sim_start(s));
	/* Let the cookie reply reach the initiator, then rotate. */
	sim_run(s, s->now + 250);
	ASSERT_EQ(1, s->n_cookie_replies);
	memcpy(s->front.old_secret, s->front.secret, 32);
	s->front.have_old = true;
	memset(s->front.secret, 0xa5, 32);
	s->front.secret_ver = 2;
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(NULL, sim_check_up(s));
	EXPECT_EQ(1, s->n_cookie_replies);
	sim_del(s);
}

TEST(retransmit_gives_up)
{
	struct sim *s = sim_new(16);
	const struct ike_event *ev;
	u64 start = s->now;

	s->link.loss_pct = 100;
	s->peer[0].cfg.retrans_timeout_ms = 4000;	/* defaults */
	s->peer[0].cfg.retrans_backoff_pct = 180;
	s->peer[0].cfg.retrans_tries = 5;
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	ev = sim_event(s, 0, IKE_EV_FAILED);
	ASSERT_NE(NULL, ev);
	EXPECT_EQ(-ETIMEDOUT, ev->error);
	EXPECT_EQ(5, s->peer[0].n_sent);
	/* 4 + 7.2 + 12.96 + 23.328 + 41.99 s after the first send. */
	EXPECT_EQ(start + 4000 + 7200 + 12960 + 23328 + 41990, s->now);
	sim_del(s);
}

TEST(dh_never_answered)
{
	struct sim *s = sim_new(17);
	const struct ike_event *ev;

	s->link.dh_never = true;
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	ev = sim_event(s, 0, IKE_EV_FAILED);
	ASSERT_NE(NULL, ev);
	EXPECT_EQ(-ETIMEDOUT, ev->error);
	EXPECT_EQ(0, s->peer[0].n_sent);
	sim_del(s);
}

static struct sim *sim_up(struct __test_metadata *_metadata, u64 seed)
{
	struct sim *s = sim_new(seed);

	if (sim_start(s))
		abort();
	sim_run(s, s->now + SIM_LONG);
	if (sim_check_up(s))
		abort();
	return s;
}

TEST(liveness)
{
	struct sim *s = sim_up(_metadata, 18);

	ASSERT_EQ(0, ike_sa_liveness(s->peer[0].sa, s->now));
	ASSERT_EQ(-EBUSY, ike_sa_liveness(s->peer[0].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(1, sim_count_events(s, 0, IKE_EV_ALIVE));
	/* The responder checks too (its own message ID space). */
	ASSERT_EQ(0, ike_sa_liveness(s->peer[1].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(1, sim_count_events(s, 1, IKE_EV_ALIVE));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[0].sa));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[1].sa));
	sim_del(s);
}

TEST(liveness_under_loss)
{
	struct sim *s = sim_up(_metadata, 19);

	s->link.loss_pct = 40;
	s->peer[0].sa->cfg.retrans_tries = 20;
	ASSERT_EQ(0, ike_sa_liveness(s->peer[0].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(1, sim_count_events(s, 0, IKE_EV_ALIVE));
	sim_del(s);
}

TEST(delete_child)
{
	struct sim *s = sim_up(_metadata, 20);
	const struct ike_event *up, *d0, *d1;

	up = sim_event(s, 0, IKE_EV_CHILD_UP);
	ASSERT_EQ(-ENOENT, ike_sa_delete_child(s->peer[0].sa, 12345, s->now));
	ASSERT_EQ(0, ike_sa_delete_child(s->peer[0].sa, up->child.spi_in,
					 s->now));
	sim_run(s, s->now + SIM_LONG);
	d0 = sim_event(s, 0, IKE_EV_CHILD_DELETED);
	d1 = sim_event(s, 1, IKE_EV_CHILD_DELETED);
	ASSERT_NE(NULL, d0);
	ASSERT_NE(NULL, d1);
	EXPECT_EQ(up->child.spi_in, d0->child.spi_in);
	EXPECT_EQ(up->child.spi_in, d1->child.spi_out);
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[0].sa));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[1].sa));
	sim_del(s);
}

TEST(delete_ike_sa)
{
	struct sim *s = sim_up(_metadata, 21);

	ASSERT_EQ(0, ike_sa_delete(s->peer[1].sa, s->now));
	EXPECT_EQ(IKE_SA_S_DELETING, ike_sa_state(s->peer[1].sa));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(IKE_SA_S_DEAD, ike_sa_state(s->peer[0].sa));
	EXPECT_EQ(IKE_SA_S_DEAD, ike_sa_state(s->peer[1].sa));
	EXPECT_NE(NULL, sim_event(s, 0, IKE_EV_DELETED));
	EXPECT_NE(NULL, sim_event(s, 1, IKE_EV_DELETED));
	EXPECT_EQ(-EINVAL, ike_sa_liveness(s->peer[0].sa, s->now));
	sim_del(s);
}

/* Deleting toward a peer that is gone still ends the SA (2.4). */
TEST(delete_ike_sa_peer_gone)
{
	struct sim *s = sim_up(_metadata, 22);

	s->link.loss_pct = 100;
	ASSERT_EQ(0, ike_sa_delete(s->peer[0].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(IKE_SA_S_DEAD, ike_sa_state(s->peer[0].sa));
	EXPECT_NE(NULL, sim_event(s, 0, IKE_EV_DELETED));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[1].sa));
	sim_del(s);
}

static const char *sim_children_match(const struct ike_event *a,
				      const struct ike_event *b)
{
	if (!a || !b)
		return "missing event";
	if (a->child.spi_in != b->child.spi_out ||
	    a->child.spi_out != b->child.spi_in)
		return "SPIs not crossed";
	if (!a->child.keys.encr_len ||
	    memcmp(&a->child.keys, &b->child.keys, sizeof(a->child.keys)))
		return "keys differ";
	if (a->child.initiator == b->child.initiator)
		return "both claim the exchange";
	return NULL;
}

static void sim_child_case(struct __test_metadata *_metadata, u64 seed,
			   const char *esp, bool rekey, int who, u32 loss)
{
	struct sim *s = sim_new(seed);
	const struct ike_event *first, *a, *b;
	const char *why;
	u8 t = rekey ? IKE_EV_CHILD_REKEYED : IKE_EV_CHILD_UP;
	bool pfs = strstr(esp, "ecp") || strstr(esp, "x25519");
	int dh_before;
	u32 old, offered;

	th_cfg_props(&s->peer[0].cfg, "aes128gcm16-prfsha256-x25519", esp);
	th_cfg_props(&s->peer[1].cfg, "aes128gcm16-prfsha256-x25519", esp);
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	ASSERT_EQ(NULL, sim_check_up(s));
	first = sim_event(s, who, IKE_EV_CHILD_UP);
	old = first->child.spi_in;
	dh_before = s->peer[0].n_dh_answered + s->peer[1].n_dh_answered;
	s->link.loss_pct = loss;
	s->peer[0].sa->cfg.retrans_tries = 20;
	s->peer[1].sa->cfg.retrans_tries = 20;
	if (rekey) {
		ASSERT_EQ(0, ike_sa_rekey_child(s->peer[who].sa, old, s->now));
	} else {
		ASSERT_EQ(0, ike_sa_create_child(s->peer[who].sa, s->now));
	}
	EXPECT_EQ(-EBUSY, ike_sa_create_child(s->peer[who].sa, s->now));
	/*
	 * The SPI on offer, for the glue to hold early ESP on: from the
	 * request (with PFS, once our KE exists) until the keys do.
	 */
	offered = ike_sa_child_offered_spi(s->peer[who].sa);
	EXPECT_EQ(pfs, offered == 0);
	EXPECT_EQ(0, ike_sa_child_offered_spi(s->peer[!who].sa));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(0, ike_sa_child_offered_spi(s->peer[who].sa));
	a = rekey ? sim_event(s, who, t) :
		    &s->peer[who].ev[s->peer[who].n_ev - 1];
	b = rekey ? sim_event(s, !who, t) :
		    &s->peer[!who].ev[s->peer[!who].n_ev - 1];
	EXPECT_EQ(rekey ? 1 : 2, sim_count_events(s, who, t) +
		  (rekey ? 0 : 0));
	ASSERT_EQ(t, a->type);
	ASSERT_EQ(t, b->type);
	why = sim_children_match(a, b);
	EXPECT_EQ(NULL, why) TH_LOG("%s", why);
	EXPECT_TRUE(a->child.initiator);
	if (!pfs)
		EXPECT_EQ(offered, a->child.spi_in);
	/* PFS: one KEYGEN and one SHARED here, one KEYGEN_SHARED there. */
	EXPECT_EQ(pfs ? 3 : 0, s->peer[0].n_dh_answered +
		  s->peer[1].n_dh_answered - dh_before);
	/* Fresh keys: not those of the first Child SA. */
	EXPECT_NE(0, memcmp(&a->child.keys, &first->child.keys,
			    sizeof(a->child.keys)));
	if (rekey) {
		EXPECT_EQ(old, a->child.old_spi_in);
		EXPECT_EQ(first->child.spi_out, b->child.old_spi_in);
		/* The rekey initiator deleted the old one on both sides. */
		ASSERT_NE(NULL, sim_event(s, who, IKE_EV_CHILD_DELETED));
		EXPECT_EQ(old, sim_event(s, who,
					 IKE_EV_CHILD_DELETED)->child.spi_in);
		ASSERT_NE(NULL, sim_event(s, !who, IKE_EV_CHILD_DELETED));
		EXPECT_EQ(old, sim_event(s, !who,
					 IKE_EV_CHILD_DELETED)->child.spi_out);
	}
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[0].sa));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[1].sa));
	sim_del(s);
}

TEST(create_child)
{
	sim_child_case(_metadata, 40, "aes128gcm16", false, 0, 0);
}

TEST(create_child_by_responder_pfs)
{
	sim_child_case(_metadata, 41, "aes256-sha256-ecp256", false, 1, 0);
}

TEST(rekey_child)
{
	sim_child_case(_metadata, 42, "aes128gcm16", true, 0, 0);
}

TEST(rekey_child_pfs_under_loss)
{
	u64 seed;

	for (seed = 43; seed < 47; seed++)
		sim_child_case(_metadata, seed, "chacha20poly1305-x25519",
			       true, (int)(seed & 1), 30);
}

/*
 * Peer 0 (like Libreswan with pfs=yes, or strongSwan with a group in
 * esp_proposals) rekeys its Child SA (@rekey) or adds one, with a KE of
 * its esp @esp_i group; peer 1's conn has esp @esp_r. @want_ok: both end
 * up with the new Child SA with @want_group in its proposal; else peer 0
 * gets NO_PROPOSAL_CHOSEN and the old Child SA stays.
 */
static void sim_pfs_case(struct __test_metadata *_metadata, u64 seed,
			 const char *esp_i, const char *esp_r, bool rekey,
			 bool want_ok, const char *want_group)
{
	struct sim *s = sim_new(seed);
	const struct ike_event *first, *a, *b, *f;
	u8 t = rekey ? IKE_EV_CHILD_REKEYED : IKE_EV_CHILD_UP;
	int dh_before, ups;
	const char *why;

	th_cfg_props(&s->peer[0].cfg, "aes128gcm16-prfsha256-x25519", esp_i);
	th_cfg_props(&s->peer[1].cfg, "aes128gcm16-prfsha256-x25519", esp_r);
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	/* IKE_AUTH carries no KE: the first Child SA never has PFS. */
	ASSERT_EQ(NULL, sim_check_up(s));
	first = sim_event(s, 0, IKE_EV_CHILD_UP);
	ups = sim_count_events(s, 1, IKE_EV_CHILD_UP);
	dh_before = s->peer[0].n_dh_answered + s->peer[1].n_dh_answered;
	if (rekey) {
		ASSERT_EQ(0, ike_sa_rekey_child(s->peer[0].sa,
						first->child.spi_in, s->now));
	} else {
		ASSERT_EQ(0, ike_sa_create_child(s->peer[0].sa, s->now));
	}
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[0].sa));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[1].sa));
	if (!want_ok) {
		f = sim_event(s, 0, IKE_EV_CHILD_FAILED);
		ASSERT_NE(NULL, f);
		EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, f->notify);
		/* The offer is over: its early ESP may go. */
		EXPECT_EQ(0, ike_sa_child_offered_spi(s->peer[0].sa));
		EXPECT_EQ(NULL, sim_event(s, 1, IKE_EV_CHILD_REKEYED));
		EXPECT_EQ(ups, sim_count_events(s, 1, IKE_EV_CHILD_UP));
		/* the old Child SA is still there on both sides */
		EXPECT_EQ(NULL, sim_event(s, 0, IKE_EV_CHILD_DELETED));
		EXPECT_EQ(NULL, sim_event(s, 1, IKE_EV_CHILD_DELETED));
		sim_del(s);
		return;
	}
	a = rekey ? sim_event(s, 0, t) : &s->peer[0].ev[s->peer[0].n_ev - 1];
	b = rekey ? sim_event(s, 1, t) : &s->peer[1].ev[s->peer[1].n_ev - 1];
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(t, a->type);
	ASSERT_EQ(t, b->type);
	why = sim_children_match(a, b);
	EXPECT_EQ(NULL, why) TH_LOG("%s", why);
	/* PFS: KEYGEN and SHARED at peer 0, KEYGEN_SHARED at peer 1. */
	EXPECT_EQ(3, s->peer[0].n_dh_answered + s->peer[1].n_dh_answered -
		  dh_before);
	/* both name the group in the negotiated proposal */
	EXPECT_NE(NULL, strstr(a->child.proposal, want_group))
		TH_LOG("initiator: %s", a->child.proposal);
	EXPECT_NE(NULL, strstr(b->child.proposal, want_group))
		TH_LOG("responder: %s", b->child.proposal);
	EXPECT_EQ(0, strcmp(a->child.proposal, b->child.proposal));
	sim_del(s);
}

/* The responder's esp names no group: it takes the initiator's. */
TEST(pfs_group_from_peer_rekey)
{
	sim_pfs_case(_metadata, 60, "aes128gcm16-x25519", "aes128gcm16", true,
		     true, "x25519");
	sim_pfs_case(_metadata, 61, "aes256-sha256-modp2048",
		     "aes256gcm16,aes256-sha256", true, true, "modp2048");
}

TEST(pfs_group_from_peer_new_child)
{
	sim_pfs_case(_metadata, 62, "aes128gcm16-ecp384", "aes128gcm16", false,
		     true, "ecp384");
}

/* A conn that lists groups gets exactly those: the peer's is refused. */
TEST(pfs_group_refused_when_listed)
{
	sim_pfs_case(_metadata, 63, "aes128gcm16-x25519",
		     "aes128gcm16-ecp256", true, false, NULL);
	sim_pfs_case(_metadata, 64, "aes128gcm16-x25519",
		     "aes128gcm16,aes256gcm16-ecp256", false, false, NULL);
}

/*
 * Our esp names no group, the responder insists on PFS (Libreswan's
 * pfs=yes: its proposals carry its IKE group only). The first offer, with
 * no KE, is refused; the retry with the IKE SA's group (x25519) passes.
 * A responder that wants another group than the IKE SA's still refuses,
 * and only once more: the old Child SA stays. Initiators whose esp names
 * groups never retry.
 */
static void sim_pfs_retry_case(struct __test_metadata *_metadata, u64 seed,
			       const char *esp_i, const char *esp_r,
			       bool want_ok, int want_requests, bool want_pfs)
{
	struct sim *s = sim_new(seed);
	const struct ike_event *first, *a, *b, *f;
	int sent_before;
	const char *why;

	th_cfg_props(&s->peer[0].cfg, "aes128gcm16-prfsha256-x25519", esp_i);
	th_cfg_props(&s->peer[1].cfg, "aes128gcm16-prfsha256-x25519", esp_r);
	ASSERT_EQ(0, sim_start(s));
	sim_run(s, s->now + SIM_LONG);
	ASSERT_EQ(NULL, sim_check_up(s));
	first = sim_event(s, 0, IKE_EV_CHILD_UP);
	sent_before = s->peer[0].n_sent;
	ASSERT_EQ(0, ike_sa_rekey_child(s->peer[0].sa, first->child.spi_in,
					s->now));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[0].sa));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[1].sa));
	/* CREATE_CHILD_SA requests (and the rekey's Delete, on success) */
	EXPECT_EQ(want_requests, s->peer[0].n_sent - sent_before);
	if (!want_ok) {
		f = sim_event(s, 0, IKE_EV_CHILD_FAILED);
		ASSERT_NE(NULL, f);
		EXPECT_EQ(IKE_N_NO_PROPOSAL_CHOSEN, f->notify);
		EXPECT_EQ(NULL, sim_event(s, 0, IKE_EV_CHILD_REKEYED));
		EXPECT_EQ(NULL, sim_event(s, 1, IKE_EV_CHILD_DELETED));
		sim_del(s);
		return;
	}
	EXPECT_EQ(NULL, sim_event(s, 0, IKE_EV_CHILD_FAILED));
	a = sim_event(s, 0, IKE_EV_CHILD_REKEYED);
	b = sim_event(s, 1, IKE_EV_CHILD_REKEYED);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	why = sim_children_match(a, b);
	EXPECT_EQ(NULL, why) TH_LOG("%s", why);
	EXPECT_EQ(want_pfs, strstr(a->child.proposal, "x25519") != NULL)
		TH_LOG("%s", a->child.proposal);
	EXPECT_EQ(0, strcmp(a->child.proposal, b->child.proposal));
	EXPECT_EQ(first->child.spi_in, a->child.old_spi_in);
	ASSERT_NE(NULL, sim_event(s, 1, IKE_EV_CHILD_DELETED));
	sim_del(s);
}

TEST(pfs_retry_when_responder_insists)
{
	/* refused, retried with x25519, then the Delete of the old one */
	sim_pfs_retry_case(_metadata, 70, "aes128gcm16", "aes128gcm16-x25519",
			   true, 3, true);
	sim_pfs_retry_case(_metadata, 71, "aes256-sha256,aes128gcm16",
			   "aes128gcm16-x25519", true, 3, true);
}

TEST(pfs_retry_refused_or_not_ours_to_try)
{
	/* another group than the IKE SA's: refused twice, then given up */
	sim_pfs_retry_case(_metadata, 72, "aes128gcm16", "aes128gcm16-ecp256",
			   false, 2, false);
	/* our esp names a group: no retry */
	sim_pfs_retry_case(_metadata, 73, "aes128gcm16-ecp384",
			   "aes128gcm16-ecp256", false, 1, false);
	/* no PFS wanted on either side: one exchange, no retry, no PFS */
	sim_pfs_retry_case(_metadata, 74, "aes128gcm16", "aes128gcm16", true,
			   2, false);
}

/* Both ends open CREATE_CHILD_SA at once: one gets TEMPORARY_FAILURE. */
TEST(create_child_collision)
{
	struct sim *s = sim_up(_metadata, 48);
	int up0, up1, fail;

	ASSERT_EQ(0, ike_sa_create_child(s->peer[0].sa, s->now));
	ASSERT_EQ(0, ike_sa_create_child(s->peer[1].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	up0 = sim_count_events(s, 0, IKE_EV_CHILD_UP);
	up1 = sim_count_events(s, 1, IKE_EV_CHILD_UP);
	fail = sim_count_events(s, 0, IKE_EV_CHILD_FAILED) +
	       sim_count_events(s, 1, IKE_EV_CHILD_FAILED);
	/* Each new child shows on both sides; collisions fail cleanly. */
	EXPECT_EQ(up0, up1);
	EXPECT_EQ(2, up0 - 1 + fail);
	if (fail) {
		const struct ike_event *f = sim_event(s, 0,
						      IKE_EV_CHILD_FAILED);

		if (!f)
			f = sim_event(s, 1, IKE_EV_CHILD_FAILED);
		EXPECT_EQ(IKE_N_TEMPORARY_FAILURE, f->notify);
	}
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[0].sa));
	sim_del(s);
}

static void sim_ike_rekey_case(struct __test_metadata *_metadata, u64 seed,
			       int who, u32 loss)
{
	struct sim *s = sim_up(_metadata, seed);
	u64 old_i = ike_sa_spi_i(s->peer[0].sa);
	u64 old_r = ike_sa_spi_r(s->peer[0].sa);
	const struct ike_event *a, *b;
	const char *why;
	int n0, n1;

	s->link.loss_pct = loss;
	s->peer[0].sa->cfg.retrans_tries = 20;
	s->peer[1].sa->cfg.retrans_tries = 20;
	ASSERT_EQ(0, ike_sa_rekey_ike(s->peer[who].sa, s->now));
	EXPECT_EQ(-EBUSY, ike_sa_rekey_ike(s->peer[who].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	ASSERT_EQ(1, sim_count_events(s, 0, IKE_EV_IKE_REKEYED));
	ASSERT_EQ(1, sim_count_events(s, 1, IKE_EV_IKE_REKEYED));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[0].sa));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(s->peer[1].sa));
	EXPECT_EQ(ike_sa_spi_i(s->peer[0].sa), ike_sa_spi_i(s->peer[1].sa));
	EXPECT_EQ(ike_sa_spi_r(s->peer[0].sa), ike_sa_spi_r(s->peer[1].sa));
	EXPECT_NE(old_i, ike_sa_spi_i(s->peer[0].sa));
	EXPECT_NE(old_r, ike_sa_spi_r(s->peer[0].sa));
	/* The rekey initiator is the new SA's original initiator (2.18). */
	EXPECT_TRUE(ike_sa_is_initiator(s->peer[who].sa));
	EXPECT_FALSE(ike_sa_is_initiator(s->peer[!who].sa));

	/* The new SA works both ways and derives equal child keys. */
	s->link.loss_pct = 0;
	ASSERT_EQ(0, ike_sa_liveness(s->peer[!who].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(1, sim_count_events(s, !who, IKE_EV_ALIVE));
	n0 = s->peer[0].n_ev;
	n1 = s->peer[1].n_ev;
	ASSERT_EQ(0, ike_sa_create_child(s->peer[0].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	ASSERT_EQ(n0 + 1, s->peer[0].n_ev);
	ASSERT_EQ(n1 + 1, s->peer[1].n_ev);
	a = &s->peer[0].ev[n0];
	b = &s->peer[1].ev[n1];
	ASSERT_EQ(IKE_EV_CHILD_UP, a->type);
	why = sim_children_match(a, b);
	EXPECT_EQ(NULL, why) TH_LOG("%s", why);
	/* The first Child SA moved over with the IKE SA: deletable. */
	ASSERT_EQ(0, ike_sa_delete_child(s->peer[0].sa, sim_event(s, 0,
			IKE_EV_CHILD_UP)->child.spi_in, s->now));
	sim_run(s, s->now + SIM_LONG);
	EXPECT_EQ(1, sim_count_events(s, 1, IKE_EV_CHILD_DELETED));
	sim_del(s);
}

TEST(rekey_ike_by_initiator)
{
	sim_ike_rekey_case(_metadata, 50, 0, 0);
}

TEST(rekey_ike_by_responder)
{
	sim_ike_rekey_case(_metadata, 51, 1, 0);
}

TEST(rekey_ike_under_loss)
{
	u64 seed;

	for (seed = 52; seed < 58; seed++)
		sim_ike_rekey_case(_metadata, seed, (int)(seed & 1), 30);
}

TEST(no_leaks)
{
	long live = ike_ops_nettle_live();
	struct sim *s = sim_up(_metadata, 23);

	ASSERT_EQ(0, ike_sa_delete(s->peer[0].sa, s->now));
	sim_run(s, s->now + SIM_LONG);
	sim_del(s);
	EXPECT_EQ(live, ike_ops_nettle_live());
}

TEST_HARNESS_MAIN
