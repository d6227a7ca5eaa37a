/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The glue's deadlines of an IKE SA and its Child SAs (sa_timers.c):
 * rekey, expiry, dead peer detection, NAT-keepalives. sa.c reports what
 * happened (the ikev2_sa_timers_<event>() hooks), the engine runs what is
 * due (ikev2_sa_timers_run()).
 */
#ifndef _IKEV2_SA_TIMERS_H
#define _IKEV2_SA_TIMERS_H

#include <linux/types.h>

struct ikev2_sa;
struct ikev2_child;

/* Lifetimes, strongSwan's defaults: rekey, minus up to 10 % jitter. */
#define IKEV2_IKE_REKEY_MS	(4 * 3600 * 1000ULL)
#define IKEV2_CHILD_REKEY_MS	(3600 * 1000ULL)
#define IKEV2_CHILD_EXPIRE_MS	(IKEV2_CHILD_REKEY_MS * 11 / 10)
/* A rekeyed Child SA still takes the peer's ESP this long, at most. */
#define IKEV2_CHILD_RETIRE_MS	(30 * 1000)
/* NAT-keepalive interval behind a NAT (RFC 3948 4: 20 s is usual). */
#define IKEV2_KEEPALIVE_MS	(20 * 1000)
/* Liveness check (RFC 7296 1.4) after this long without word from the peer. */
#define IKEV2_DPD_MS		(30 * 1000)
/* Retry of a rekey the core refused because another exchange runs. */
#define IKEV2_BUSY_RETRY_MS	1000
/*
 * A rekey we started that has not replaced its SA by then (the peer
 * refused it, e.g. TEMPORARY_FAILURE during its own rekey, or it was lost
 * with an IKE SA that was replaced meanwhile) is started again, after
 * this minus up to half (RFC 7296 2.25: retry after a random delay),
 * doubled for each further try up to IKEV2_REKEY_RETRY_MAX_SHIFT times: a
 * peer that keeps refusing is asked every 5 minutes, not every 5 s.
 */
#define IKEV2_REKEY_RETRY_MS		(5 * 1000)
#define IKEV2_REKEY_RETRY_MAX_SHIFT	6

/* Hooks, all under conf_lock. A new SA: nothing is due yet. */
void ikev2_sa_timers_init(struct ikev2_sa *sa);
/* The core reported ESTABLISHED. */
void ikev2_sa_timers_established(struct ikev2_sa *sa, u64 now);
/* A new, authenticated message of the SA arrived. */
void ikev2_sa_timers_heard(struct ikev2_sa *sa, u64 now);
/* The IKE SA was rekeyed. */
void ikev2_sa_timers_ike_rekeyed(struct ikev2_sa *sa, u64 now);
/* A Child SA was negotiated. */
void ikev2_sa_timers_child_up(struct ikev2_child *c, u64 now);
/* A Child SA was replaced by a rekey: it goes soon. */
void ikev2_sa_timers_child_retired(struct ikev2_child *c, u64 now);

/*
 * Engine: runs the core's and the glue's deadlines of @sa due at @now.
 * Returns the SA's next deadline (IKEV2_NEVER once it is dead).
 */
u64 ikev2_sa_timers_run(struct ikev2_sa *sa, u64 now);

#endif /* _IKEV2_SA_TIMERS_H */
