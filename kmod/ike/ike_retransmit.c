// SPDX-License-Identifier: GPL-2.0
/*
 * Deadlines on the caller's clock: request retransmission with backoff and
 * give-up (RFC 7296 2.1, 2.4), DH answers that never come, half-open
 * responder SAs.
 */
#include "ike_sa_priv.h"

/* ---------------------------------------------------------------------- */
/* Time */

u64 ike_sa_next_deadline(const struct ike_sa *sa)
{
	u64 d = IKE_SA_NO_DEADLINE;

	if (sa->state == IKE_SA_S_DEAD)
		return d;
	if (sa->req.kind != IKE_REQ_NONE)
		d = min(d, sa->req.deadline);
	if (sa->dh_wait_id)
		d = min(d, sa->dh_deadline);
	if (sa->state == IKE_SA_S_R_INIT_DONE)
		d = min(d, sa->half_open_deadline);
	return d;
}

void ike_sa_timeout(struct ike_sa *sa, u64 now)
{
	struct ike_sa_req *r = &sa->req;

	if (sa->state == IKE_SA_S_DEAD)
		return;
	if (sa->dh_wait_id && now >= sa->dh_deadline) {
		if (sa->cc.stage == IKE_CC_NONE)
			return ike_sa_fail(sa, 0, -ETIMEDOUT);
		/* Only the Child SA in the making is lost. */
		sa->dh_wait_id = 0;
		return ike_sa_cc_dh(sa, -ETIMEDOUT, NULL, 0, NULL, 0, now);
	}
	if (sa->state == IKE_SA_S_R_INIT_DONE && now >= sa->half_open_deadline)
		return ike_sa_fail(sa, 0, -ETIMEDOUT);
	if (r->kind == IKE_REQ_NONE || now < r->deadline)
		return;
	if (r->tries >= sa->cfg.retrans_tries) {
		/* RFC 7296 2.4: the peer is gone; so is the SA. */
		if (r->kind == IKE_REQ_DELETE_IKE &&
		    sa->cc.stage == IKE_CC_IKE_READY)
			return ike_sa_ike_switch(sa);
		if (r->kind == IKE_REQ_DELETE_IKE)
			return ike_sa_dead(sa);
		return ike_sa_fail(sa, 0, -ETIMEDOUT);
	}
	r->tries++;
	r->timeout = (u32)min_t(u64, (u64)r->timeout *
				sa->cfg.retrans_backoff_pct / 100, 0x7fffffff);
	r->deadline = now + r->timeout;
	ike_sa_queue_out(sa, r->buf, r->len);
}
