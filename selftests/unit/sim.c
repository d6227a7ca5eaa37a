// SPDX-License-Identifier: GPL-2.0
/*
 * In-memory two-peer link for the IKE SA state machine (see sim.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "sim.h"
#include "ike_ops_nettle.h"
#include "test_helper.h"

/* xorshift64*: deterministic per seed. */
static u32 sim_rand(struct sim *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return (u32)((s->rng * 0x2545F4914F6CDD1Dull) >> 32);
}

static bool sim_chance(struct sim *s, u32 pct)
{
	return pct && sim_rand(s) % 100 < pct;
}

static void sim_cfg_defaults(struct ike_sa_cfg *cfg, bool initiator,
			     const char *me, const char *peer)
{
	th_cfg_psk(cfg, initiator, "sim-secret", me, peer);
	th_cfg_props(cfg, "aes128gcm16-prfsha256-x25519", "aes128gcm16");
	cfg->addr_len = 4;
	cfg->local_addr[0] = 192;
	cfg->local_addr[3] = initiator ? 1 : 2;
	cfg->remote_addr[0] = 192;
	cfg->remote_addr[3] = initiator ? 2 : 1;
	cfg->local_port = IKE_PORT;
	cfg->remote_port = IKE_PORT;
	cfg->retrans_timeout_ms = 500;
}

void sim_init(struct sim *s, u64 seed)
{
	memset(s, 0, sizeof(*s));
	s->rng = seed * 0x9E3779B97F4A7C15ull + 1;
	s->now = 1000;
	s->link.delay_ms = 10;
	sim_cfg_defaults(&s->peer[0].cfg, true, "alice.example", "bob.example");
	sim_cfg_defaults(&s->peer[1].cfg, false, "bob.example", "alice.example");
	s->front.ops = &ike_ops_nettle;
	memset(s->front.secret, 0x5a, sizeof(s->front.secret));
	s->front.secret_ver = 1;
	s->front_addr[0] = 192;
	s->front_addr[3] = 1;
	s->front.remote_addr = s->front_addr;
	s->front.remote_addr_len = 4;
	s->front.remote_port = IKE_PORT;
}

int sim_start(struct sim *s)
{
	return ike_sa_new_initiator(&s->peer[0].cfg, &ike_ops_nettle, s->now,
				    &s->peer[0].sa);
}

static void sim_enqueue(struct sim *s, int to, const u8 *buf, u32 len,
			u64 extra)
{
	struct sim_pkt *p;

	if (s->n_pkt == SIM_MAX_PKTS)
		return;
	p = &s->pkt[s->n_pkt++];
	p->to = to;
	p->at = s->now + s->link.delay_ms + extra;
	p->len = len;
	p->buf = malloc(len);
	if (!p->buf)
		abort();
	memcpy(p->buf, buf, len);
}

static void sim_send(struct sim *s, int from, const u8 *buf, u32 len)
{
	struct sim_peer *pe = &s->peer[from];
	u64 extra = 0;

	if (pe->n_sent < SIM_MAX_SENT) {
		pe->sent[pe->n_sent].buf = malloc(len);
		if (!pe->sent[pe->n_sent].buf)
			abort();
		memcpy(pe->sent[pe->n_sent].buf, buf, len);
		pe->sent[pe->n_sent++].len = len;
	}
	if (sim_chance(s, s->link.loss_pct)) {
		s->n_dropped++;
		return;
	}
	if (sim_chance(s, s->link.reorder_pct) && s->link.reorder_ms)
		extra = sim_rand(s) % s->link.reorder_ms;
	sim_enqueue(s, !from, buf, len, extra);
	if (sim_chance(s, s->link.dup_pct)) {
		s->n_duplicated++;
		sim_enqueue(s, !from, buf, len, extra + 1);
	}
}

/* Moves everything the SAs want done into the link, DH queue, event log. */
static void sim_drain(struct sim *s)
{
	int i;

	for (i = 0; i < 2; i++) {
		struct sim_peer *pe = &s->peer[i];
		struct ike_dh_req req;
		const u8 *buf;
		u32 len;

		if (!pe->sa)
			continue;
		while (ike_sa_pop_output(pe->sa, &buf, &len))
			sim_send(s, i, buf, len);
		while (ike_sa_pop_dh(pe->sa, &req)) {
			struct sim_dh *d;

			if (pe->n_dh == SIM_MAX_DH || s->link.dh_never)
				continue;
			d = &pe->dh[pe->n_dh++];
			d->req = req;
			d->gen = pe->gen;
			d->at = s->now + (s->link.dh_delay_ms ?
					  sim_rand(s) % s->link.dh_delay_ms : 0);
		}
		while (pe->n_ev < SIM_MAX_EVENTS &&
		       ike_sa_pop_event(pe->sa, &pe->ev[pe->n_ev]))
			pe->n_ev++;
	}
}

static struct sim_key *sim_key_slot(struct sim_peer *pe, u32 gen, u32 id,
				    bool create)
{
	int i;

	for (i = 0; i < SIM_MAX_DH; i++)
		if (pe->keys[i].priv && pe->keys[i].gen == gen &&
		    pe->keys[i].id == id)
			return &pe->keys[i];
	if (!create)
		return NULL;
	for (i = 0; i < SIM_MAX_DH; i++)
		if (!pe->keys[i].priv)
			return &pe->keys[i];
	abort();
}

/* What the helper daemon does: keys and secrets with userspace/lib/dh.c. */
static void sim_answer_dh(struct sim *s, struct sim_peer *pe,
			  struct sim_dh *d)
{
	u8 pub[DH_MAX_PUB_LEN], shared[DH_MAX_SHARED_LEN];
	size_t pub_len = sizeof(pub), shared_len = sizeof(shared);
	struct dh_priv *priv = NULL;
	struct sim_key *k;
	int rc = 0;

	pe->n_dh_answered++;
	if (d->gen != pe->gen || !pe->sa) {
		/* The SA that asked is gone: nobody to answer. */
		return;
	}
	switch (d->req.op) {
	case IKE_DH_KEYGEN:
	case IKE_DH_KEYGEN_SHARED:
		rc = dh_keygen(d->req.group, &priv, pub, &pub_len);
		if (rc)
			break;
		if (d->req.op == IKE_DH_KEYGEN) {
			k = sim_key_slot(pe, d->gen, d->req.id, true);
			k->gen = d->gen;
			k->id = d->req.id;
			k->priv = priv;
			shared_len = 0;
			break;
		}
		rc = dh_shared(priv, d->req.peer, d->req.peer_len, shared,
			       &shared_len);
		dh_free(priv);
		break;
	case IKE_DH_SHARED:
		pub_len = 0;
		k = sim_key_slot(pe, d->gen, d->req.key_id, false);
		if (!k) {
			rc = -ENOENT;
			break;
		}
		rc = dh_shared(k->priv, d->req.peer, d->req.peer_len, shared,
			       &shared_len);
		dh_free(k->priv);
		memset(k, 0, sizeof(*k));
		break;
	}
	ike_sa_dh_result(pe->sa, d->req.id, rc, pub, pub_len, shared,
			 shared_len, s->now);
	memzero_explicit(shared, sizeof(shared));
}

static void sim_deliver(struct sim *s, struct sim_pkt *p)
{
	struct sim_peer *pe = &s->peer[p->to];
	u8 reply[256];
	u32 rlen;
	int v;

	s->n_delivered++;
	if (p->to == 0 || (pe->sa && ike_sa_state(pe->sa) != IKE_SA_S_DEAD)) {
		if (pe->sa)
			pe->n_authentic += ike_sa_input(pe->sa, p->buf,
							p->len, s->now);
		return;
	}
	/* No live responder SA: the stateless front decides. */
	v = ike_front_check(&s->front, p->buf, p->len, reply, sizeof(reply),
			    &rlen);
	if (v == IKE_FRONT_REPLY) {
		s->n_cookie_replies++;
		sim_send(s, 1, reply, rlen);
		return;
	}
	if (v != IKE_FRONT_ACCEPT)
		return;
	sim_drain(s);	/* keep the dead SA's events */
	ike_sa_free(pe->sa);
	pe->sa = NULL;
	pe->gen++;
	if (!ike_sa_new_responder(&pe->cfg, &ike_ops_nettle, p->buf, p->len,
				  s->now, &pe->sa))
		pe->n_created++;
}

void sim_run(struct sim *s, u64 until)
{
	for (;;) {
		u64 next = ~(u64)0;
		int i, j;

		sim_drain(s);
		for (i = 0; i < s->n_pkt; i++)
			next = min(next, s->pkt[i].at);
		for (i = 0; i < 2; i++) {
			struct sim_peer *pe = &s->peer[i];

			for (j = 0; j < pe->n_dh; j++)
				next = min(next, pe->dh[j].at);
			if (pe->sa)
				next = min(next, ike_sa_next_deadline(pe->sa));
		}
		if (next == ~(u64)0 || next > until)
			return;
		if (next > s->now)
			s->now = next;

		/* One thing at a time, packets first, then DH, then timers. */
		for (i = 0; i < s->n_pkt; i++) {
			if (s->pkt[i].at <= s->now) {
				struct sim_pkt p = s->pkt[i];

				s->pkt[i] = s->pkt[--s->n_pkt];
				sim_deliver(s, &p);
				free(p.buf);
				goto again;
			}
		}
		for (i = 0; i < 2; i++) {
			struct sim_peer *pe = &s->peer[i];

			for (j = 0; j < pe->n_dh; j++) {
				if (pe->dh[j].at <= s->now) {
					struct sim_dh d = pe->dh[j];

					pe->dh[j] = pe->dh[--pe->n_dh];
					sim_answer_dh(s, pe, &d);
					goto again;
				}
			}
		}
		for (i = 0; i < 2; i++)
			if (s->peer[i].sa &&
			    ike_sa_next_deadline(s->peer[i].sa) <= s->now)
				ike_sa_timeout(s->peer[i].sa, s->now);
again:
		;
	}
}

const struct ike_event *sim_event(const struct sim *s, int p, u8 type)
{
	int i;

	for (i = 0; i < s->peer[p].n_ev; i++)
		if (s->peer[p].ev[i].type == type)
			return &s->peer[p].ev[i];
	return NULL;
}

int sim_count_events(const struct sim *s, int p, u8 type)
{
	int i, n = 0;

	for (i = 0; i < s->peer[p].n_ev; i++)
		n += s->peer[p].ev[i].type == type;
	return n;
}

int sim_repeated_sends(const struct sim *s, int p)
{
	const struct sim_peer *pe = &s->peer[p];
	int i, j, n = 0;

	for (i = 1; i < pe->n_sent; i++) {
		for (j = 0; j < i; j++) {
			if (pe->sent[i].len == pe->sent[j].len &&
			    !memcmp(pe->sent[i].buf, pe->sent[j].buf,
				    pe->sent[i].len)) {
				n++;
				break;
			}
		}
	}
	return n;
}

void sim_free(struct sim *s)
{
	int i, j;

	for (i = 0; i < s->n_pkt; i++)
		free(s->pkt[i].buf);
	for (i = 0; i < 2; i++) {
		struct sim_peer *pe = &s->peer[i];

		ike_sa_free(pe->sa);
		for (j = 0; j < SIM_MAX_DH; j++)
			dh_free(pe->keys[j].priv);
		for (j = 0; j < pe->n_sent; j++)
			free(pe->sent[j].buf);
		memzero_explicit(pe->ev, sizeof(pe->ev));
	}
	memset(s, 0, sizeof(*s));
}
