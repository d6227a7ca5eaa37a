// SPDX-License-Identifier: GPL-2.0
/*
 * The glue's deadlines of IKE SAs and Child SAs, one small function each:
 * IKE SA rekey, Child SA rekey and expiry (by time and by the data path's
 * byte limits), dead peer detection, NAT-keepalives. The core's own
 * deadlines (retransmission, half-open and DH timeouts) run first.
 *
 * sa.c reports what happened through the ikev2_sa_timers_<event>() hooks;
 * those arm deadlines, nothing else. The engine calls
 * ikev2_sa_timers_run() for every SA on each run and arms the namespace's
 * one timer for the earliest deadline it returns.
 *
 * Ownership and locking: the deadline fields of struct ikev2_sa and struct
 * ikev2_child are ours, under ikev2_net.conf_lock like the SAs themselves;
 * every function here runs with it held, in process context. A Child SA's
 * limit_flags are set by the data path without a lock and consumed here
 * with atomic bit operations.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/random.h>

#include "conn.h"
#include "esp_sa.h"
#include "netns.h"
#include "sa.h"
#include "sa_timers.h"
#include "socket.h"

/* @base_ms minus up to 10 %: peers configured alike do not rekey at once. */
static u64 ikev2_jitter(u64 now, u64 base_ms)
{
	return now + base_ms - (get_random_u32() % (u32)(base_ms / 10 + 1));
}

/*
 * The next attempt of a rekey just started, the @tries'th since the SA
 * was made (see IKEV2_REKEY_RETRY_MS).
 */
static u64 ikev2_rekey_retry_at(u64 now, u8 tries)
{
	u64 ms = (u64)IKEV2_REKEY_RETRY_MS <<
		 min_t(u8, tries, IKEV2_REKEY_RETRY_MAX_SHIFT);

	return now + ms - get_random_u32() % (u32)(ms / 2 + 1);
}

/* When this SA's IKE rekey is due: the conn's time or the default. */
static u64 ikev2_ike_rekey_at(const struct ikev2_sa *sa, u64 now)
{
	u32 secs = sa->conn->ike_rekey_secs;

	return ikev2_jitter(now, secs ? secs * 1000ULL : IKEV2_IKE_REKEY_MS);
}

void ikev2_sa_timers_init(struct ikev2_sa *sa)
{
	sa->rekey_ms = IKEV2_NEVER;
	sa->keepalive_ms = IKEV2_NEVER;
}

void ikev2_sa_timers_established(struct ikev2_sa *sa, u64 now)
{
	lockdep_assert_held(&sa->in->conf_lock);
	sa->last_rx_ms = now;
	sa->rekey_ms = ikev2_ike_rekey_at(sa, now);
}

void ikev2_sa_timers_heard(struct ikev2_sa *sa, u64 now)
{
	lockdep_assert_held(&sa->in->conf_lock);
	sa->last_rx_ms = now;
}

void ikev2_sa_timers_ike_rekeyed(struct ikev2_sa *sa, u64 now)
{
	lockdep_assert_held(&sa->in->conf_lock);
	sa->rekey_ms = ikev2_ike_rekey_at(sa, now);
	sa->rekey_tries = 0;
}

void ikev2_sa_timers_child_up(struct ikev2_child *c, u64 now)
{
	c->installed_ms = now;
	c->rekey_ms = ikev2_jitter(now, IKEV2_CHILD_REKEY_MS);
	c->expire_ms = now + IKEV2_CHILD_EXPIRE_MS;
}

/*
 * Make before break (RFC 7296 2.8): the replaced Child SA takes what the
 * peer sent before it switched until the Delete that follows the rekey
 * removes it. Should that never come, it goes at this deadline.
 */
void ikev2_sa_timers_child_retired(struct ikev2_child *c, u64 now)
{
	c->rekey_ms = IKEV2_NEVER;
	c->expire_ms = now + IKEV2_CHILD_RETIRE_MS;
}

/*
 * Keepalives hold a NAT's mapping open (RFC 3948 4): only for the end
 * behind one, not for IKE that moved to 4500 for MOBIKE alone.
 */
static void ikev2_sa_timer_keepalive(struct ikev2_sa *sa, u64 now)
{
	if (!sa->natt || !ike_sa_nat_local(sa->core))
		return;
	if (sa->keepalive_ms == IKEV2_NEVER)
		sa->keepalive_ms = now + IKEV2_KEEPALIVE_MS;
	if (now >= sa->keepalive_ms) {
		ikev2_sock_send_keepalive(sa->sock, sa->raddr, sa->rport);
		sa->keepalive_ms = now + IKEV2_KEEPALIVE_MS;
	}
}

/* Dead peer detection: the core fails the SA if none answers. */
static void ikev2_sa_timer_dpd(struct ikev2_sa *sa, u64 now)
{
	int err;

	if (now < sa->last_rx_ms + IKEV2_DPD_MS || now < sa->dpd_ms)
		return;
	err = ike_sa_liveness(sa->core, now);
	sa->dpd_ms = now + (err == -EBUSY ? IKEV2_BUSY_RETRY_MS : IKEV2_DPD_MS);
}

/*
 * When a rekey is due, and again after a refusal as busy or a started
 * rekey that did not replace the SA in time: the hooks of its success
 * (ike_rekeyed, child_retired) move the deadline on. Any other refusal
 * (the SA is not established, or unknown to the core) is final.
 */
static u64 ikev2_rekey_next(int err, u64 now, u8 *tries)
{
	u64 at;

	if (!err) {
		at = ikev2_rekey_retry_at(now, *tries);
		if (*tries < U8_MAX)
			(*tries)++;
		return at;
	}
	return err == -EBUSY ? now + IKEV2_BUSY_RETRY_MS : IKEV2_NEVER;
}

static void ikev2_sa_timer_ike_rekey(struct ikev2_sa *sa, u64 now)
{
	if (now >= sa->rekey_ms)
		sa->rekey_ms = ikev2_rekey_next(ike_sa_rekey_ike(sa->core, now),
						now, &sa->rekey_tries);
}

/*
 * Byte limits the data path reported: the soft one rekeys now, the hard
 * one (traffic already stopped) deletes now. Each is acted on once.
 */
static void ikev2_sa_timer_child_limits(struct ikev2_child *c, u64 now)
{
	struct ikev2_esp_sa *esp = c->esp;

	if (!esp)
		return;
	if (test_and_clear_bit(IKEV2_ESP_HARD_HIT, &esp->limit_flags) &&
	    c->expire_ms != IKEV2_NEVER)
		c->expire_ms = now;
	else if (test_and_clear_bit(IKEV2_ESP_SOFT_HIT, &esp->limit_flags) &&
		 c->rekey_ms != IKEV2_NEVER)
		c->rekey_ms = now;
}

/* Expiry: an INFORMATIONAL Delete through the core. May free @c. */
static void ikev2_sa_timer_child_expire(struct ikev2_sa *sa,
					struct ikev2_child *c, u64 now)
{
	int err;

	err = ike_sa_delete_child(sa->core, c->info.spi_in, now);
	if (err && err != -EBUSY) {
		/* Unknown to the core: just forget it. */
		ikev2_sa_child_forget(sa, c);
		return;
	}
	c->expire_ms = err ? now + IKEV2_BUSY_RETRY_MS : IKEV2_NEVER;
}

static void ikev2_sa_timer_child_rekey(struct ikev2_sa *sa,
				       struct ikev2_child *c, u64 now)
{
	c->rekey_ms = ikev2_rekey_next(ike_sa_rekey_child(sa->core,
							  c->info.spi_in, now),
				       now, &c->rekey_tries);
}

static u64 ikev2_min(u64 a, u64 b)
{
	return a < b ? a : b;
}

/* The earliest of the SA's deadlines, the core's included. */
static u64 ikev2_sa_timers_next(const struct ikev2_sa *sa)
{
	const struct ikev2_child *c;
	u64 next;

	next = ikev2_min(ike_sa_next_deadline(sa->core), sa->rekey_ms);
	next = ikev2_min(next, sa->keepalive_ms);
	if (sa->established)
		next = ikev2_min(next, max(sa->last_rx_ms + IKEV2_DPD_MS,
					   sa->dpd_ms));
	list_for_each_entry(c, &sa->children, node)
		next = ikev2_min(next, ikev2_min(c->rekey_ms, c->expire_ms));
	return next;
}

u64 ikev2_sa_timers_run(struct ikev2_sa *sa, u64 now)
{
	struct ikev2_child *c, *tmp;

	lockdep_assert_held(&sa->in->conf_lock);
	if (now >= ike_sa_next_deadline(sa->core))
		ike_sa_timeout(sa->core, now);

	if (sa->established && !sa->dead) {
		ikev2_sa_timer_keepalive(sa, now);
		ikev2_sa_timer_dpd(sa, now);
		ikev2_sa_timer_ike_rekey(sa, now);
		list_for_each_entry_safe(c, tmp, &sa->children, node) {
			ikev2_sa_timer_child_limits(c, now);
			if (now >= c->expire_ms)
				ikev2_sa_timer_child_expire(sa, c, now);
			else if (now >= c->rekey_ms)
				ikev2_sa_timer_child_rekey(sa, c, now);
		}
	}
	ikev2_sa_drain(sa, now);
	if (sa->dead)
		return IKEV2_NEVER;
	return ikev2_sa_timers_next(sa);
}
