// SPDX-License-Identifier: GPL-2.0
/*
 * INFORMATIONAL (RFC 7296 1.4): Delete of the IKE SA or of Child SAs, and
 * the empty liveness check, both roles.
 */
#include "ike_sa_priv.h"

/* ---------------------------------------------------------------------- */
/* INFORMATIONAL */

int ike_sa_start_info(struct ike_sa *sa, u8 kind, u32 child_spi,
		      u64 now)
{
	struct ike_writer w;
	u8 spi[4];
	u8 *buf;
	int len;

	if (sa->state != IKE_SA_S_ESTABLISHED)
		return -EINVAL;
	if (sa->req.kind != IKE_REQ_NONE || sa->cc.stage == IKE_CC_I_KEYGEN ||
	    sa->cc.stage == IKE_CC_I_SHARED)
		return -EBUSY;
	buf = ike_sa_sk_begin(sa, &w, IKE_EXCH_INFORMATIONAL, sa->next_mid,
			      false);
	if (!buf)
		return -ENOMEM;
	if (kind == IKE_REQ_DELETE_IKE) {
		ike_put_delete(&w, IKE_PROTO_IKE, NULL, 0);
	} else if (kind == IKE_REQ_DELETE_CHILD) {
		put_unaligned_be32(child_spi, spi);
		ike_put_delete(&w, IKE_PROTO_ESP, spi, 1);
	}
	len = ike_sa_sk_finish(sa, &w);
	if (len < 0) {
		sa->ops->free(buf);
		return len;
	}
	if (kind == IKE_REQ_DELETE_IKE)
		sa->state = IKE_SA_S_DELETING;
	ike_sa_send_request(sa, buf, len, kind, sa->next_mid, now);
	sa->req.child_spi = child_spi;
	sa->next_mid++;
	return 0;
}

int ike_sa_delete(struct ike_sa *sa, u64 now)
{
	return ike_sa_start_info(sa, IKE_REQ_DELETE_IKE, 0, now);
}

int ike_sa_delete_child(struct ike_sa *sa, u32 spi_in, u64 now)
{
	if (!ike_sa_find_child(sa, spi_in, true))
		return -ENOENT;
	return ike_sa_start_info(sa, IKE_REQ_DELETE_CHILD, spi_in, now);
}

int ike_sa_liveness(struct ike_sa *sa, u64 now)
{
	return ike_sa_start_info(sa, IKE_REQ_LIVENESS, 0, now);
}

static void ike_sa_child_deleted(struct ike_sa *sa, struct ike_sa_child *c)
{
	memset(&sa->ci, 0, sizeof(sa->ci));
	sa->ci.spi_in = c->spi_in;
	sa->ci.spi_out = c->spi_out;
	memset(c, 0, sizeof(*c));
	ike_sa_event(sa, IKE_EV_CHILD_DELETED, 0, 0, &sa->ci);
}

void ike_sa_i_info_response(struct ike_sa *sa)
{
	struct ike_sa_child *c;
	u8 kind = sa->req.kind;
	u32 spi = sa->req.child_spi;

	ike_sa_req_clear(sa);
	switch (kind) {
	case IKE_REQ_DELETE_IKE:
		if (sa->cc.stage == IKE_CC_IKE_READY)
			ike_sa_ike_switch(sa);
		else
			ike_sa_dead(sa);
		break;
	case IKE_REQ_DELETE_CHILD:
		c = ike_sa_find_child(sa, spi, true);
		if (c)
			ike_sa_child_deleted(sa, c);
		break;
	case IKE_REQ_LIVENESS:
		ike_sa_event(sa, IKE_EV_ALIVE, 0, 0, NULL);
		break;
	}
}

void ike_sa_r_info(struct ike_sa *sa, u32 mid)
{
	const struct ike_payload *pl = NULL;
	struct ike_delete del;
	struct ike_notify n;
	struct ike_writer w;
	u8 spis[4 * IKE_SA_MAX_CHILDREN];
	u16 n_out = 0, i;
	bool del_ike = false, auth_failed;
	u8 *buf;
	int len;

	/*
	 * The original initiator rejected our AUTH (2.21.2): it has dropped
	 * its SA already, so ours goes too, after the (empty) answer.
	 */
	auth_failed = !sa->initiator &&
		      ike_sa_chain_notify(&sa->inner,
					  IKE_N_AUTHENTICATION_FAILED, &n);

	while ((pl = ike_chain_next(&sa->inner, IKE_PT_DELETE, pl))) {
		if (ike_decode_delete(pl, &del, NULL))
			continue;
		if (del.protocol == IKE_PROTO_IKE) {
			del_ike = true;
			continue;
		}
		if (del.protocol != IKE_PROTO_ESP)
			continue;
		/* The peer names its inbound SPIs: our outbound (1.4.1). */
		for (i = 0; i < del.n_spi; i++) {
			struct ike_sa_child *c;

			c = ike_sa_find_child(sa, ike_delete_spi(&del, i),
					      false);
			if (!c || n_out == IKE_SA_MAX_CHILDREN)
				continue;
			put_unaligned_be32(c->spi_in, spis + 4 * n_out++);
			ike_sa_child_deleted(sa, c);
		}
	}
	buf = ike_sa_sk_begin(sa, &w, IKE_EXCH_INFORMATIONAL, mid, true);
	if (!buf)
		return;
	if (!del_ike && n_out)
		ike_put_delete(&w, IKE_PROTO_ESP, spis, n_out);
	len = ike_sa_sk_finish(sa, &w);
	if (len < 0) {
		sa->ops->free(buf);
		return;
	}
	ike_sa_send_response(sa, buf, len, mid);
	if (auth_failed)
		ike_sa_fail(sa, IKE_N_AUTHENTICATION_FAILED, -EACCES);
	else if (del_ike && sa->cc.stage == IKE_CC_IKE_READY &&
		 !sa->cc.we_init)
		ike_sa_ike_switch(sa);
	else if (del_ike)
		ike_sa_dead(sa);
}
