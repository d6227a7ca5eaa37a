// SPDX-License-Identifier: GPL-2.0
/*
 * The IKE SAs of a namespace, from birth to death:
 *  - the table (a list in creation order, a hash by our SPI);
 *  - both constructors: the initiator's from conn-up, the responder's from
 *    an IKE_SA_INIT request that no SA knows (the stateless front with its
 *    cookies, the half-open caps, the choice among candidate conns);
 *  - a received datagram's way to its SA (ikev2_sa_receive());
 *  - the one place for the NAT and address-following rules of RFC 7296
 *    2.23 and RFC 3948 (ikev2_sa_peer_update()), IKE and ESP alike;
 *  - after every call into the core (ikev2_sa_drain()): its events, which
 *    install and remove Child SAs in the data path, its datagrams and its
 *    DH requests;
 *  - conn-down, conn-del and namespace exit.
 * The deadlines are sa_timers.c's, the DH answer queue helper_dh.c's.
 *
 * Ownership and locking: the table, every struct ikev2_sa and its struct
 * ikev2_child list are owned by ikev2_net.conf_lock, which every function
 * here requires; so is every call into the protocol core (which sleeps:
 * crypto, allocation). Callers: the engine (engine.c), the netlink
 * handlers (conn-up, conn-down, sa-get), conn-del (conn.c) and namespace
 * exit. An SA is freed only by the engine once it is dead, by conn-del or
 * at namespace exit; helper answers find it by id, never by pointer. A
 * Child SA owns the data path's table reference to its ESP half.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "conn.h"
#include "crypto.h"
#include "engine.h"
#include "esp_hold.h"
#include "esp_sa.h"
#include "helper.h"
#include "helper_dh.h"
#include "netlink.h"
#include "netns.h"
#include "sa.h"
#include "sa_cfg.h"
#include "sa_timers.h"
#include "socket.h"
#include "ike/ike_const.h"
#include "ike/ike_port.h"

u64 ikev2_now_ms(void)
{
	return ktime_to_ms(ktime_get_boottime());
}

/* ---- The table ---- */

void ikev2_sa_net_init(struct ikev2_net *in)
{
	INIT_LIST_HEAD(&in->sas);
	hash_init(in->sa_hash);
	in->next_sa_id = 0;
}

static u32 ikev2_spi_hash(u64 spi)
{
	return hash_64(spi, IKEV2_SA_HASH_BITS);
}

static void ikev2_sa_rehash(struct ikev2_sa *sa, u64 our_spi)
{
	struct ikev2_net *in = sa->in;

	lockdep_assert_held(&in->conf_lock);
	hash_del(&sa->hnode);
	sa->our_spi = our_spi;
	hlist_add_head(&sa->hnode, &in->sa_hash[ikev2_spi_hash(our_spi)]);
}

struct ikev2_sa *ikev2_sa_find_spi(struct ikev2_net *in, u64 our_spi)
{
	struct ikev2_sa *sa;

	lockdep_assert_held(&in->conf_lock);
	hlist_for_each_entry(sa, &in->sa_hash[ikev2_spi_hash(our_spi)], hnode)
		if (sa->our_spi == our_spi && !sa->dead)
			return sa;
	return NULL;
}

struct ikev2_sa *ikev2_sa_find_id(struct ikev2_net *in, u32 id)
{
	struct ikev2_sa *sa;

	lockdep_assert_held(&in->conf_lock);
	list_for_each_entry(sa, &in->sas, node)
		if (sa->id == id)
			return sa;
	return NULL;
}

/* A retransmitted IKE_SA_INIT request belongs to the SA it created. */
static struct ikev2_sa *ikev2_sa_find_init(struct ikev2_net *in,
					   const struct ikev2_rx *rx,
					   u64 spi_i)
{
	struct ikev2_sa *sa;

	lockdep_assert_held(&in->conf_lock);
	list_for_each_entry(sa, &in->sas, node)
		if (!sa->initiator && !sa->established && !sa->dead &&
		    sa->sock == rx->sock && ike_sa_spi_i(sa->core) == spi_i &&
		    !memcmp(sa->raddr, rx->src, rx->addr_len))
			return sa;
	return NULL;
}

/* Both constructors end here: @core becomes the table's. */
static struct ikev2_sa *ikev2_sa_create(struct ikev2_net *in,
					struct ikev2_conn *conn,
					struct ike_sa *core, bool initiator,
					const u8 *raddr, u16 rport, bool natt)
{
	u64 now = ikev2_now_ms();
	struct ikev2_sa *sa;

	lockdep_assert_held(&in->conf_lock);
	sa = kzalloc(sizeof(*sa), GFP_KERNEL);
	if (!sa)
		return NULL;
	sa->in = in;
	sa->conn = conn;
	sa->sock = conn->sock;
	sa->core = core;
	sa->initiator = initiator;
	sa->half_open = !initiator;
	sa->natt = natt;
	memcpy(sa->raddr, raddr, conn->addr_len);
	sa->rport = rport;
	sa->started_ms = now;
	ikev2_sa_timers_init(sa);
	INIT_LIST_HEAD(&sa->children);
	/* 0 is never an id: a zeroed attribute cannot name an SA. */
	do {
		sa->id = ++in->next_sa_id;
	} while (!sa->id);
	sa->our_spi = initiator ? ike_sa_spi_i(core) : ike_sa_spi_r(core);
	list_add_tail(&sa->node, &in->sas);
	hlist_add_head(&sa->hnode, &in->sa_hash[ikev2_spi_hash(sa->our_spi)]);
	in->n_sas++;
	if (sa->half_open)
		in->n_half_open++;
	return sa;
}

/* ---- The initiator's constructor: conn-up ---- */

/*
 * Whether any live IKE SA of ours has its peer at @raddr: if none, our
 * IKE_AUTH to it says INITIAL_CONTACT (RFC 7296 2.4), and the peer may drop
 * what it still holds of an earlier run of ours.
 */
static bool ikev2_sa_any_with(struct ikev2_net *in, const u8 *raddr)
{
	struct ikev2_sa *sa;

	list_for_each_entry(sa, &in->sas, node)
		if (!sa->dead && !memcmp(sa->raddr, raddr, sizeof(sa->raddr)))
			return true;
	return false;
}

int ikev2_sa_conn_up(struct ikev2_net *in, struct ikev2_conn *conn, u32 *id,
		     struct netlink_ext_ack *extack)
{
	u64 now = ikev2_now_ms();
	struct ike_sa_cfg *cfg;
	struct ike_sa *core;
	struct ikev2_sa *sa;
	int err;

	lockdep_assert_held(&in->conf_lock);
	if (conn->remote_any) {
		NL_SET_ERR_MSG(extack, "connection has remote %any: it only responds");
		return -EINVAL;
	}
	if (!ikev2_helper_present(in)) {
		NL_SET_ERR_MSG(extack, "no ike-helper running in this namespace");
		return -ENOTCONN;
	}
	list_for_each_entry(sa, &in->sas, node) {
		if (sa->conn == conn && !sa->dead) {
			NL_SET_ERR_MSG(extack, "connection already has an IKE SA");
			return -EALREADY;
		}
	}
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	err = ikev2_sa_cfg_build(conn, cfg, true, conn->remote_addr,
				 IKEV2_PORT_IKE, IKEV2_PORT_IKE);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot use this connection's settings");
		goto out_free_cfg;
	}
	cfg->initial_contact = !ikev2_sa_any_with(in, conn->remote_addr);
	err = ike_sa_new_initiator(cfg, &ikev2_crypto_ops, now, &core);
	if (err)
		goto out_free_cfg;
	sa = ikev2_sa_create(in, conn, core, true, conn->remote_addr,
			     IKEV2_PORT_IKE, false);
	if (!sa) {
		ike_sa_free(core);
		err = -ENOMEM;
		goto out_free_cfg;
	}
	*id = sa->id;
	ikev2_sa_drain(sa, now);
	ikev2_engine_kick(in);
out_free_cfg:
	kfree_sensitive(cfg);
	return err;
}

/* ---- The responder's constructor: an IKE_SA_INIT request ---- */

/*
 * The @skip'th conn that may answer an IKE_SA_INIT from @rx: those naming
 * the peer's address first, then those with remote %any, each in the order
 * they were added. NULL when there are no more.
 */
static struct ikev2_conn *ikev2_sa_match_conn(struct ikev2_net *in,
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

/* Cookie secrets (RFC 7296 2.6): replaced when due, the old one kept. */
static void ikev2_sa_front_rotate(struct ikev2_net *in, u64 now)
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

/*
 * The stateless front (version, cookies under load), then the half-open
 * cap. True: the request may create an SA.
 */
static bool ikev2_sa_front(struct ikev2_net *in, const struct ikev2_rx *rx,
			   u64 now)
{
	struct ike_front *f = &in->front;
	u32 out_len = 0;
	int verdict;

	ikev2_sa_front_rotate(in, now);
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
		return false;
	}
	if (verdict != IKE_FRONT_ACCEPT) {
		atomic64_inc(&in->stats.rx_malformed);
		return false;
	}
	if (in->n_half_open >= IKEV2_HALF_OPEN_MAX) {
		atomic64_inc(&in->stats.rx_queue_full);
		return false;
	}
	return true;
}

/*
 * Several conns may share the addresses: the core of the first whose
 * proposals the peer accepts, with its conn in *@connp. A refusal (the
 * core's SA is DEAD at once, its error response queued) is only returned
 * if every candidate refuses. NULL, counted: nothing to answer with.
 */
static struct ike_sa *ikev2_sa_respond_core(struct ikev2_net *in,
					    const struct ikev2_rx *rx,
					    u64 now,
					    struct ikev2_conn **connp)
{
	struct ikev2_conn *conn, *refused_conn = NULL;
	struct ike_sa *core = NULL, *refused = NULL;
	struct ike_sa_cfg *cfg;
	unsigned int n;
	int err = -ENOENT;

	conn = ikev2_sa_match_conn(in, rx, 0);
	if (!conn) {
		atomic64_inc(&in->stats.rx_no_conn);
		return NULL;
	}
	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return NULL;
	for (n = 1; conn; conn = ikev2_sa_match_conn(in, rx, n++)) {
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
		return NULL;
	}
	if (!core) {
		atomic64_inc(&in->stats.rx_no_conn);
		return NULL;
	}
	*connp = conn;
	return core;
}

static void ikev2_sa_respond(struct ikev2_net *in, const struct ikev2_rx *rx,
			     u64 now)
{
	struct ikev2_conn *conn;
	struct ikev2_sa *sa;
	struct ike_sa *core;

	if (!ikev2_sa_front(in, rx, now))
		return;
	core = ikev2_sa_respond_core(in, rx, now, &conn);
	if (!core)
		return;
	sa = ikev2_sa_create(in, conn, core, false, rx->src, rx->sport,
			     rx->natt);
	if (!sa) {
		ike_sa_free(core);
		return;
	}
	ikev2_sa_drain(sa, now);
}

/* ---- A received datagram ---- */

void ikev2_sa_receive(struct ikev2_net *in, const struct ikev2_rx *rx,
		      u64 now)
{
	const u8 *p = rx->data;
	u64 spi_i = get_unaligned_be64(p);
	u64 spi_r = get_unaligned_be64(p + 8);
	u8 exchange = p[18], flags = p[19];
	struct ikev2_sa *sa;

	lockdep_assert_held(&in->conf_lock);
	if (exchange == IKE_EXCH_SA_INIT && !(flags & IKE_HDR_F_RESPONSE) &&
	    !spi_r) {
		sa = ikev2_sa_find_init(in, rx, spi_i);
		if (!sa) {
			ikev2_sa_respond(in, rx, now);
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
		ikev2_sa_peer_update(sa, rx);
	}
	ikev2_sa_drain(sa, now);
}

/* ---- NAT traversal and address following ---- */

/*
 * Where the Child SAs' ESP goes: UDP-encapsulated when NAT detection asks
 * for it (RFC 3948, RFC 7296 2.23), not whenever IKE talks on 4500: a
 * MOBIKE peer moves there without a NAT and expects plain ESP.
 * Encapsulated, it goes where IKE's 4500 traffic goes (a NAT's mapping of
 * it).
 */
static void ikev2_sa_esp_outer(const struct ikev2_sa *sa,
			       struct ikev2_esp_outer *o)
{
	const struct ikev2_conn *conn = sa->conn;

	memset(o, 0, sizeof(*o));
	memcpy(o->laddr, conn->local_addr, conn->addr_len);
	memcpy(o->raddr, sa->raddr, conn->addr_len);
	o->encap = ike_sa_esp_encap(sa->core);
	o->sport = htons(IKEV2_PORT_NATT);
	o->dport = htons(sa->natt ? sa->rport : IKEV2_PORT_NATT);
}

void ikev2_sa_peer_update(struct ikev2_sa *sa, const struct ikev2_rx *rx)
{
	struct ikev2_esp_outer outer;
	struct ikev2_child *c;
	bool moved = false;

	lockdep_assert_held(&sa->in->conf_lock);
	if (rx) {
		/*
		 * The end not behind a NAT follows the latest authenticated
		 * message's address and port; the end behind one keeps its
		 * peer fixed, except for the move to 4500.
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
		moved = true;
	}
	/* The initiator moves to 4500 once NAT is seen, before IKE_AUTH. */
	if (sa->initiator && !sa->natt && ike_sa_natt(sa->core)) {
		sa->natt = true;
		if (sa->rport == IKEV2_PORT_IKE)
			sa->rport = IKEV2_PORT_NATT;
		moved = true;
	}
	if (!moved)
		return;
	/* ESP follows IKE. */
	ikev2_sa_esp_outer(sa, &outer);
	list_for_each_entry(c, &sa->children, node)
		if (c->esp)
			ikev2_esp_sa_set_peer(c->esp, &outer);
}

/* ---- Child SAs ---- */

static struct ikev2_child *ikev2_child_find(struct ikev2_sa *sa, u32 spi_in)
{
	struct ikev2_child *c;

	list_for_each_entry(c, &sa->children, node)
		if (c->info.spi_in == spi_in)
			return c;
	return NULL;
}

/*
 * The data path's half of @ci. As responder of a rekey our new SA waits
 * for the peer to use it (@replaces); as initiator the peer installed it
 * before answering.
 */
static int ikev2_child_install(struct ikev2_sa *sa,
			       const struct ike_child_info *ci,
			       struct ikev2_esp_sa *replaces,
			       struct ikev2_esp_sa **out)
{
	const struct ike_child_keys *k = &ci->keys;
	const struct ikev2_conn *conn = sa->conn;
	struct ikev2_esp_sa_params *p;
	bool we_i = ci->initiator;
	int err;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->spi_in = ci->spi_in;
	p->spi_out = ci->spi_out;
	p->addr_len = conn->addr_len;
	ikev2_sa_esp_outer(sa, &p->outer);
	p->ifindex = conn->ifindex;
	p->replay_window = conn->replay_window;
	p->rekey_bytes = conn->rekey_bytes;
	p->life_bytes = conn->life_bytes;
	p->suite = ci->esp;
	p->esn = ci->esn;
	p->encr_len = k->encr_len;
	p->integ_len = k->integ_len;
	/* We send with the keys of our role in the exchange that made it. */
	memcpy(p->key_out.encr, we_i ? k->encr_i2r : k->encr_r2i,
	       sizeof(p->key_out.encr));
	memcpy(p->key_out.integ, we_i ? k->integ_i2r : k->integ_r2i,
	       sizeof(p->key_out.integ));
	memcpy(p->key_in.encr, we_i ? k->encr_r2i : k->encr_i2r,
	       sizeof(p->key_in.encr));
	memcpy(p->key_in.integ, we_i ? k->integ_r2i : k->integ_i2r,
	       sizeof(p->key_in.integ));
	p->ts_local = ci->ts_local;
	p->ts_remote = ci->ts_remote;
	err = ikev2_esp_sa_install(sa->in, p, replaces, out);
	kfree_sensitive(p);
	return err;
}

static void ikev2_child_add(struct ikev2_sa *sa, const struct ike_child_info *ci,
			    u64 now)
{
	struct ikev2_esp_sa *replaces = NULL;
	struct ikev2_child *c, *old;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		/* Not held, so never used: the peer's ESP to it is dropped. */
		pr_warn_ratelimited("SA %u: no memory for Child SA %08x\n",
				    sa->id, ci->spi_in);
		return;
	}
	c->info = *ci;
	if (ci->old_spi_in && !ci->initiator) {
		old = ikev2_child_find(sa, ci->old_spi_in);
		if (old)
			replaces = old->esp;
	}
	err = ikev2_child_install(sa, ci, replaces, &c->esp);
	if (err)
		/* Negotiated but carries nothing: the peer's ESP is dropped. */
		pr_warn_ratelimited("SA %u: Child SA %08x not installed: %d\n",
				    sa->id, ci->spi_in, err);
	if (sa->held_spi && sa->held_spi == ci->spi_in) {
		/* What the peer sent on it before we could decrypt, first. */
		ikev2_esp_hold_close(sa->in, sa->held_spi, c->esp);
		sa->held_spi = 0;
	}
	ikev2_sa_timers_child_up(c, now);
	list_add_tail(&c->node, &sa->children);
	sa->n_children++;
}

static void ikev2_child_free(struct ikev2_sa *sa, struct ikev2_child *c)
{
	struct ikev2_child *other;

	list_del(&c->node);
	if (c->esp) {
		/* Its successor no longer waits for the peer to use it. */
		list_for_each_entry(other, &sa->children, node)
			if (other->esp && other->esp->replaces == c->esp)
				ikev2_esp_sa_tx_ready(other->esp);
		ikev2_esp_sa_remove(c->esp);
	}
	kfree_sensitive(c);
}

void ikev2_sa_child_forget(struct ikev2_sa *sa, struct ikev2_child *c)
{
	lockdep_assert_held(&sa->in->conf_lock);
	ikev2_child_free(sa, c);
	sa->n_children--;
}

static void ikev2_child_del(struct ikev2_sa *sa, u32 spi_in)
{
	struct ikev2_child *c = ikev2_child_find(sa, spi_in);

	if (c)
		ikev2_sa_child_forget(sa, c);
}

/*
 * Make before break (RFC 7296 2.8): the replaced Child SA sends nothing
 * more, but takes what the peer sent before it switched, until the Delete
 * exchange that follows the rekey removes it (CHILD_DELETED) or its
 * retire deadline comes.
 */
static void ikev2_child_retire(struct ikev2_sa *sa, u32 spi_in, bool we_init,
			       u64 now)
{
	struct ikev2_child *c = ikev2_child_find(sa, spi_in);

	if (!c)
		return;
	/* As responder it sends until its successor may (tx_wait). */
	if (c->esp && we_init)
		WRITE_ONCE(c->esp->dead, true);
	ikev2_sa_timers_child_retired(c, now);
}

static void ikev2_sa_notify_deleted(struct ikev2_sa *sa);

/*
 * The peer's IKE_AUTH said INITIAL_CONTACT: @sa is its only IKE SA with
 * us, so it restarted, and whatever else we hold with that identity under
 * the same conn is stale (RFC 7296 2.4). Those SAs' Child SAs leave the
 * data path now (the selector table would otherwise keep sending into the
 * void until DPD gave up); the SAs are marked dead for the engine's next
 * pass to free, without a Delete the peer could no longer read.
 */
static void ikev2_sa_drop_stale(struct ikev2_sa *sa)
{
	struct ikev2_child *c, *tmp;
	const u8 *id, *other_id;
	struct ikev2_sa *other;
	u32 len;

	lockdep_assert_held(&sa->in->conf_lock);
	len = ike_sa_peer_id(sa->core, &id);
	if (!len)
		return;
	list_for_each_entry(other, &sa->in->sas, node) {
		if (other == sa || other->dead || !other->established ||
		    other->conn != sa->conn ||
		    ike_sa_peer_id(other->core, &other_id) != len ||
		    memcmp(id, other_id, len))
			continue;
		pr_info_ratelimited("SA %u (conn %s): the peer restarted (INITIAL_CONTACT in SA %u): dropped\n",
				    other->id, other->conn->name, sa->id);
		list_for_each_entry_safe(c, tmp, &other->children, node)
			ikev2_sa_child_forget(other, c);
		ikev2_sa_notify_deleted(other);
		other->dead = true;
	}
	ikev2_engine_kick(sa->in);
}

/* ---- After every call into the core ---- */

static void ikev2_sa_event(struct ikev2_sa *sa, const struct ike_event *ev,
			   u64 now)
{
	struct ikev2_net *in = sa->in;

	switch (ev->type) {
	case IKE_EV_ESTABLISHED:
		sa->established = true;
		sa->established_ms = now;
		ikev2_sa_timers_established(sa, now);
		if (sa->half_open) {
			sa->half_open = false;
			in->n_half_open--;
		}
		break;
	case IKE_EV_CHILD_UP:
		ikev2_child_add(sa, &ev->child, now);
		break;
	case IKE_EV_CHILD_REKEYED:
		ikev2_child_add(sa, &ev->child, now);
		ikev2_child_retire(sa, ev->child.old_spi_in,
				   ev->child.initiator, now);
		break;
	case IKE_EV_CHILD_DELETED:
		ikev2_child_del(sa, ev->child.spi_in);
		break;
	case IKE_EV_IKE_REKEYED:
		ikev2_sa_rehash(sa, ike_sa_is_initiator(sa->core) ?
				ike_sa_spi_i(sa->core) :
				ike_sa_spi_r(sa->core));
		ikev2_sa_timers_ike_rekeyed(sa, now);
		break;
	case IKE_EV_ALIVE:
		return;		/* nothing anyone subscribes to */
	case IKE_EV_DELETED:
	case IKE_EV_FAILED:
		sa->dead = true;
		if (ev->type == IKE_EV_FAILED)
			pr_info_ratelimited("SA %u (conn %s): failed, notify %u, error %d\n",
					    sa->id, sa->conn->name, ev->notify,
					    ev->error);
		break;
	}
	ikev2_sa_notify(sa, ev);
	/* After the event is out: this reuses the namespace's event scratch. */
	if (ev->type == IKE_EV_ESTABLISHED &&
	    ev->notify == IKE_N_INITIAL_CONTACT)
		ikev2_sa_drop_stale(sa);
}

static u32 ikev2_sa_keygen_handle(struct ikev2_sa *sa, u32 core_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sa->keygen); i++)
		if (sa->keygen[i].core_id == core_id && sa->keygen[i].handle)
			return sa->keygen[i].handle;
	return 0;
}

/* Returns an error the core must hear at once, or 0 (answer comes later). */
static int ikev2_sa_dh_send(struct ikev2_sa *sa, const struct ike_dh_req *req)
{
	struct ikev2_helper_dh_args args = {
		.group = req->group,
		.peer = req->peer,
		.peer_len = req->peer_len,
	};

	switch (req->op) {
	case IKE_DH_KEYGEN:
		args.op = IKEV2_DH_OP_KEYGEN;
		break;
	case IKE_DH_SHARED:
		args.op = IKEV2_DH_OP_SHARED;
		args.handle = ikev2_sa_keygen_handle(sa, req->key_id);
		if (!args.handle)
			return -ENOENT;
		break;
	case IKE_DH_KEYGEN_SHARED:
		args.op = IKEV2_DH_OP_KEYGEN_SHARED;
		break;
	default:
		return -EINVAL;
	}
	return ikev2_dh_submit(sa->in, sa->id, req->id, &args);
}

void ikev2_sa_dh_answer(struct ikev2_sa *sa, u32 core_id, int status,
			u32 handle, const u8 *pub, u32 pub_len,
			const u8 *shared, u32 shared_len, u64 now)
{
	unsigned int i;

	lockdep_assert_held(&sa->in->conf_lock);
	if (!status && handle) {
		/* A KEYGEN: remember its private value's name for SHARED. */
		i = sa->keygen[0].core_id <= sa->keygen[1].core_id ? 0 : 1;
		sa->keygen[i].core_id = core_id;
		sa->keygen[i].handle = handle;
	}
	ike_sa_dh_result(sa->core, core_id, status, pub, pub_len, shared,
			 shared_len, now);
	ikev2_sa_drain(sa, now);
}

/*
 * Follows the core's offered SPI (see struct ikev2_sa.held_spi): a new
 * offer is held before its request leaves, an offer that ended without
 * the Child SA (which closes it at install) drops what waited.
 */
static void ikev2_sa_hold_sync(struct ikev2_sa *sa)
{
	u32 spi = ike_sa_child_offered_spi(sa->core);

	if (spi == sa->held_spi)
		return;
	if (sa->held_spi)
		ikev2_esp_hold_close(sa->in, sa->held_spi, NULL);
	sa->held_spi = spi && !ikev2_esp_hold_open(sa->in, spi) ? spi : 0;
}

/* Sends every datagram the core has queued, to where the SA talks now. */
static void ikev2_sa_send_output(struct ikev2_sa *sa)
{
	const u8 *buf;
	u32 len;

	while (ike_sa_pop_output(sa->core, &buf, &len))
		ikev2_sock_send(sa->sock, sa->natt, sa->raddr, sa->rport, buf,
				len);
}

/*
 * Runs what the core asked for after a call into it: DH requests, datagrams
 * and events, until it asks for nothing more (an immediate DH failure is
 * fed back and may produce more).
 */
void ikev2_sa_drain(struct ikev2_sa *sa, u64 now)
{
	struct ikev2_net *in = sa->in;
	struct ike_event *ev = &in->ev_scratch;
	struct ike_dh_req *req = &in->dh_scratch;
	bool more;
	int err;

	lockdep_assert_held(&in->conf_lock);
	do {
		more = false;
		ikev2_sa_peer_update(sa, NULL);
		/*
		 * Events before output: a responder's new Child SA must take
		 * ESP before the response that lets the initiator send on it
		 * leaves (RFC 7296 2.8).
		 */
		while (ike_sa_pop_event(sa->core, ev)) {
			ikev2_sa_event(sa, ev, now);
			memzero_explicit(&ev->child.keys,
					 sizeof(ev->child.keys));
			more = true;
		}
		ikev2_sa_hold_sync(sa);
		ikev2_sa_send_output(sa);
		while (ike_sa_pop_dh(sa->core, req)) {
			err = ikev2_sa_dh_send(sa, req);
			if (err) {
				ike_sa_dh_result(sa->core, req->id, err, NULL,
						 0, NULL, 0, now);
				more = true;
			}
		}
	} while (more);
	memzero_explicit(req, sizeof(*req));
	if (ike_sa_state(sa->core) == IKE_SA_S_DEAD)
		sa->dead = true;
}

/* ---- Death ---- */

/* DELETED for an SA the glue ends itself, without the core's say. */
static void ikev2_sa_notify_deleted(struct ikev2_sa *sa)
{
	struct ike_event *ev = &sa->in->ev_scratch;

	memset(ev, 0, sizeof(*ev));
	ev->type = IKE_EV_DELETED;
	ikev2_sa_notify(sa, ev);
}

int ikev2_sa_conn_down(struct ikev2_net *in, struct ikev2_conn *conn)
{
	u64 now = ikev2_now_ms();
	struct ikev2_sa *sa;
	bool found = false;

	lockdep_assert_held(&in->conf_lock);
	list_for_each_entry(sa, &in->sas, node) {
		if (sa->conn != conn || sa->dead)
			continue;
		found = true;
		/* Established: an INFORMATIONAL Delete, DELETED on its answer. */
		if (sa->established && !ike_sa_delete(sa->core, now)) {
			ikev2_sa_drain(sa, now);
			continue;
		}
		/* Half-way or busy: nothing to tell the peer that it needs. */
		sa->dead = true;
		ikev2_sa_notify_deleted(sa);
	}
	if (!found)
		return -ESRCH;
	ikev2_engine_kick(in);
	return 0;
}

void ikev2_sa_flush(struct ikev2_net *in, struct ikev2_conn *conn,
		    bool tell_peer)
{
	struct ikev2_sa *sa, *tmp;
	u64 now = ikev2_now_ms();

	lockdep_assert_held(&in->conf_lock);
	list_for_each_entry_safe(sa, tmp, &in->sas, node) {
		if (conn && sa->conn != conn)
			continue;
		if (tell_peer && sa->established && !sa->dead &&
		    !ike_sa_delete(sa->core, now)) {
			/* Best effort: one Delete, no waiting for its answer. */
			ikev2_sa_send_output(sa);
		}
		if (tell_peer && !sa->dead)
			ikev2_sa_notify_deleted(sa);
		ikev2_sa_free(sa);
	}
}

void ikev2_sa_free(struct ikev2_sa *sa)
{
	struct ikev2_net *in = sa->in;
	struct ikev2_child *c, *tmp;

	lockdep_assert_held(&in->conf_lock);
	if (sa->held_spi)
		ikev2_esp_hold_close(in, sa->held_spi, NULL);
	list_for_each_entry_safe(c, tmp, &sa->children, node)
		ikev2_child_free(sa, c);
	hash_del(&sa->hnode);
	list_del(&sa->node);
	in->n_sas--;
	if (sa->half_open)
		in->n_half_open--;
	ike_sa_free(sa->core);
	kfree(sa);
}
