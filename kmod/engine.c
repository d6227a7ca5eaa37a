// SPDX-License-Identifier: GPL-2.0
/*
 * The engine of a namespace: one work item that takes conf_lock and does
 * everything the IKE SAs are waiting for -- received datagrams, helper
 * answers, deadlines -- then arms one timer for the earliest next deadline.
 * Kicks (from softirq, helper callbacks, netlink) only queue the work; a
 * kick while it runs makes it run again, so nothing is lost.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/slab.h>

#include "conn.h"
#include "crypto.h"
#include "engine.h"
#include "helper_dh.h"
#include "netns.h"
#include "sa.h"
#include "sa_timers.h"
#include "socket.h"
#include "ike/ike_const.h"
#include "ike/ike_port.h"

/* Datagrams handled per run before letting other work in. */
#define IKEV2_ENGINE_BUDGET	64

/*
 * All namespaces' engines and timers run here; namespace exit cancels its
 * own, module unload destroys (drains) the queue.
 */
static struct workqueue_struct *ikev2_engine_wq;

void ikev2_engine_kick(struct ikev2_net *in)
{
	if (!READ_ONCE(in->dying))
		queue_work(ikev2_engine_wq, &in->engine);
}

static void ikev2_engine_timer(struct work_struct *work)
{
	struct ikev2_net *in = container_of(to_delayed_work(work),
					    struct ikev2_net, timer);

	ikev2_engine_kick(in);
}

/*
 * The @skip'th conn that may answer an IKE_SA_INIT from @rx: those naming
 * the peer's address first, then those with remote %any, each in the order
 * they were added. NULL when there are no more.
 */
static struct ikev2_conn *ikev2_engine_match_conn(struct ikev2_net *in,
						  const struct ikev2_rx *rx,
						  unsigned int skip)
{
	struct ikev2_conn *conn;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		list_for_each_entry(conn, &in->conns, node) {
			if (conn->sock != rx->sock ||
			    conn->remote_any != (pass == 1))
				continue;
			if (!conn->remote_any &&
			    memcmp(conn->remote_addr, rx->src, rx->addr_len))
				continue;
			if (!skip--)
				return conn;
		}
	}
	return NULL;
}

static void ikev2_engine_front_rotate(struct ikev2_net *in, u64 now)
{
	struct ike_front *f = &in->front;

	if (in->front_rotate_ms && now < in->front_rotate_ms)
		return;
	if (in->front_rotate_ms) {
		memcpy(f->old_secret, f->secret, sizeof(f->secret));
		f->have_old = true;
		f->secret_ver++;
	}
	get_random_bytes(f->secret, sizeof(f->secret));
	in->front_rotate_ms = now + IKEV2_COOKIE_ROTATE_MS;
}

/* An IKE_SA_INIT request that no SA knows: maybe a new responder SA. */
static void ikev2_engine_init_request(struct ikev2_net *in,
				      struct ikev2_rx *rx, u64 now)
{
	struct ikev2_conn *conn, *refused_conn = NULL;
	struct ike_sa *refused;
	struct ike_front *f = &in->front;
	struct ike_sa_cfg *cfg;
	struct ikev2_sa *sa;
	struct ike_sa *core;
	unsigned int n;
	u32 out_len = 0;
	int verdict, err;

	ikev2_engine_front_rotate(in, now);
	f->ops = &ikev2_crypto_ops;
	f->under_load = in->n_half_open >= IKEV2_HALF_OPEN_COOKIE;
	f->remote_addr = rx->src;
	f->remote_addr_len = rx->addr_len;
	f->remote_port = rx->sport;
	verdict = ike_front_check(f, rx->data, rx->len, in->reply_scratch,
				  sizeof(in->reply_scratch), &out_len);
	f->remote_addr = NULL;
	if (verdict == IKE_FRONT_REPLY) {
		if (f->under_load)
			atomic64_inc(&in->stats.cookies_sent);
		ikev2_sock_send(rx->sock, rx->natt, rx->src, rx->sport,
				in->reply_scratch, out_len);
		return;
	}
	if (verdict != IKE_FRONT_ACCEPT) {
		atomic64_inc(&in->stats.rx_malformed);
		return;
	}
	if (in->n_half_open >= IKEV2_HALF_OPEN_MAX) {
		atomic64_inc(&in->stats.rx_queue_full);
		return;
	}
	conn = ikev2_engine_match_conn(in, rx, 0);
	if (!conn) {
		atomic64_inc(&in->stats.rx_no_conn);
		return;
	}
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return;
	/*
	 * Several conns may share the addresses: the first whose proposals
	 * the peer accepts answers. A refusal (the core's SA is DEAD at once,
	 * its error response queued) is only sent if every candidate refuses.
	 */
	core = NULL;
	refused = NULL;
	err = -ENOENT;
	for (n = 1; conn; conn = ikev2_engine_match_conn(in, rx, n++)) {
		/* A conn the core cannot run (auth pubkey, for now) is no candidate. */
		if (ikev2_sa_cfg_build(conn, cfg, false, rx->src,
				       rx->natt ? IKEV2_PORT_NATT :
						  IKEV2_PORT_IKE,
				       rx->sport))
			continue;
		err = ike_sa_new_responder(cfg, &ikev2_crypto_ops, rx->data,
					   rx->len, now, &core);
		memzero_explicit(cfg->psk, sizeof(cfg->psk));
		if (err || ike_sa_state(core) != IKE_SA_S_DEAD)
			break;
		/* Refused: keep the latest refusal in case no one accepts. */
		ike_sa_free(refused);
		refused = core;
		refused_conn = conn;
		core = NULL;
	}
	kfree_sensitive(cfg);
	if (core || err) {
		ike_sa_free(refused);
	} else if (refused) {
		core = refused;
		conn = refused_conn;
	}
	if (err && err != -ENOENT) {
		atomic64_inc(&in->stats.rx_malformed);
		return;
	}
	if (!core) {
		atomic64_inc(&in->stats.rx_no_conn);
		return;
	}
	sa = ikev2_sa_create(in, conn, core, false, rx->src, rx->sport,
			     rx->natt);
	if (!sa) {
		ike_sa_free(core);
		return;
	}
	ikev2_sa_drain(sa, now);
}

/* A retransmitted IKE_SA_INIT request belongs to the SA it created. */
static struct ikev2_sa *ikev2_engine_find_init(struct ikev2_net *in,
					       const struct ikev2_rx *rx,
					       u64 spi_i)
{
	struct ikev2_sa *sa;

	list_for_each_entry(sa, &in->sas, node)
		if (!sa->initiator && !sa->established && !sa->dead &&
		    sa->sock == rx->sock && ike_sa_spi_i(sa->core) == spi_i &&
		    !memcmp(sa->raddr, rx->src, rx->addr_len))
			return sa;
	return NULL;
}

static void ikev2_engine_rx_one(struct ikev2_net *in, struct ikev2_rx *rx,
				u64 now)
{
	const u8 *p = rx->data;
	u64 spi_i = get_unaligned_be64(p);
	u64 spi_r = get_unaligned_be64(p + 8);
	u8 exchange = p[18], flags = p[19];
	struct ikev2_sa *sa;

	if (exchange == IKE_EXCH_SA_INIT && !(flags & IKE_HDR_F_RESPONSE) &&
	    !spi_r) {
		sa = ikev2_engine_find_init(in, rx, spi_i);
		if (!sa) {
			ikev2_engine_init_request(in, rx, now);
			return;
		}
	} else {
		/* The I flag is set by the original initiator: it names us. */
		sa = ikev2_sa_find_spi(in, (flags & IKE_HDR_F_INITIATOR) ?
					   spi_r : spi_i);
	}
	if (!sa || sa->sock != rx->sock) {
		/*
		 * RFC 7296 2.21.4 allows an INVALID_IKE_SPI answer; silence
		 * costs nothing and gives scanners nothing.
		 */
		atomic64_inc(&in->stats.rx_no_sa);
		return;
	}
	if (ike_sa_input(sa->core, rx->data, rx->len, now) > 0) {
		ikev2_sa_timers_heard(sa, now);
		/*
		 * RFC 7296 2.23: the end not behind a NAT follows the latest
		 * authenticated message's address and port; the end behind
		 * one keeps its peer fixed, except for the move to 4500.
		 */
		if (!ike_sa_nat_local(sa->core) || (rx->natt && !sa->natt)) {
			memcpy(sa->raddr, rx->src, rx->addr_len);
			sa->rport = rx->sport;
		}
		/*
		 * IKE answers where the peer talks, 4500 included when it
		 * moved there for MOBIKE alone; whether ESP is encapsulated
		 * is NAT detection's call (ike_sa_esp_encap()), not this.
		 */
		if (rx->natt)
			sa->natt = true;
		ikev2_sa_peer_moved(sa);
	}
	ikev2_sa_drain(sa, now);
}

static void ikev2_engine_run(struct work_struct *work)
{
	struct ikev2_net *in = container_of(work, struct ikev2_net, engine);
	struct ikev2_rx *rx, *tmp;
	struct ikev2_sa *sa, *stmp;
	u64 now, next = IKEV2_NEVER, due;
	unsigned int n = 0;
	bool again;
	LIST_HEAD(batch);

	spin_lock_bh(&in->rx_lock);
	list_for_each_entry_safe(rx, tmp, &in->rx, node) {
		if (n++ == IKEV2_ENGINE_BUDGET)
			break;
		list_move_tail(&rx->node, &batch);
		in->rx_len--;
	}
	again = !list_empty(&in->rx);
	spin_unlock_bh(&in->rx_lock);

	mutex_lock(&in->conf_lock);
	now = ikev2_now_ms();
	list_for_each_entry_safe(rx, tmp, &batch, node) {
		list_del(&rx->node);
		ikev2_engine_rx_one(in, rx, now);
		kfree(rx);
	}
	ikev2_dh_answers(in, now);
	now = ikev2_now_ms();
	list_for_each_entry_safe(sa, stmp, &in->sas, node) {
		due = sa->dead ? IKEV2_NEVER : ikev2_sa_timers_run(sa, now);
		if (sa->dead)
			ikev2_sa_free(sa);
		else if (due < next)
			next = due;
	}
	if (next != IKEV2_NEVER && !in->dying) {
		now = ikev2_now_ms();
		mod_delayed_work(ikev2_engine_wq, &in->timer,
				 next > now ? msecs_to_jiffies(next - now) : 0);
	}
	mutex_unlock(&in->conf_lock);
	if (again)
		ikev2_engine_kick(in);
}

void ikev2_engine_net_init(struct ikev2_net *in)
{
	spin_lock_init(&in->rx_lock);
	INIT_LIST_HEAD(&in->rx);
	INIT_LIST_HEAD(&in->sas);
	INIT_LIST_HEAD(&in->socks);
	hash_init(in->sa_hash);
	INIT_WORK(&in->engine, ikev2_engine_run);
	INIT_DELAYED_WORK(&in->timer, ikev2_engine_timer);
}

void ikev2_engine_net_stop(struct ikev2_net *in)
{
	spin_lock_bh(&in->rx_lock);
	WRITE_ONCE(in->dying, true);
	spin_unlock_bh(&in->rx_lock);
	/* The timer may kick once more before seeing @dying: engine last. */
	cancel_delayed_work_sync(&in->timer);
	cancel_work_sync(&in->engine);
}

void ikev2_engine_rx_purge(struct ikev2_net *in)
{
	struct ikev2_rx *rx, *tmp;
	LIST_HEAD(batch);

	spin_lock_bh(&in->rx_lock);
	list_splice_init(&in->rx, &batch);
	in->rx_len = 0;
	spin_unlock_bh(&in->rx_lock);
	list_for_each_entry_safe(rx, tmp, &batch, node)
		kfree(rx);
	/* Helper answers: the helper is gone, the SAs too. */
	mutex_lock(&in->conf_lock);
	ikev2_dh_answers(in, 0);
	mutex_unlock(&in->conf_lock);
}

int ikev2_engine_init(void)
{
	ikev2_engine_wq = alloc_workqueue("ikev2_engine", WQ_UNBOUND, 0);
	return ikev2_engine_wq ? 0 : -ENOMEM;
}

void ikev2_engine_uninit(void)
{
	destroy_workqueue(ikev2_engine_wq);
}
