// SPDX-License-Identifier: GPL-2.0
/*
 * IKE_AUTH with a pre-shared key (RFC 7296 1.2, 2.15) and the first Child
 * SA with traffic selector narrowing (2.9), both roles.
 */
#include "ike_sa_priv.h"

/* ---------------------------------------------------------------------- */
/* IKE_AUTH, initiator */

int ike_sa_send_auth(struct ike_sa *sa, u64 now)
{
	struct ike_writer w;
	u32 id_len;
	u8 spi[4];
	u8 *buf;
	int rc, len;

	rc = ike_sa_random_spi32(sa, &sa->first_child_spi);
	if (rc)
		return rc;
	id_len = ike_sa_local_id_body(sa);
	rc = ike_auth_psk(&sa->prf, sa->cfg.psk, sa->cfg.psk_len,
			  sa->init_req, sa->init_req_len, sa->nr, sa->nr_len,
			  sa->keys.sk_pi, sa->keys.prf_len, sa->id_body, id_len,
			  sa->auth);
	if (rc)
		return rc;
	buf = ike_sa_sk_begin(sa, &w, IKE_EXCH_AUTH, 1, false);
	if (!buf)
		return -ENOMEM;
	ike_put_id(&w, IKE_PT_IDI, sa->cfg.local_id_type, sa->cfg.local_id,
		   sa->cfg.local_id_len);
	/*
	 * RFC 7296 2.5/3.5: IDr tells a responder with several identities
	 * which one we expect; peers such as strongSwan also pick the PSK by
	 * it. Only a configured remote ID is sent, never a guess.
	 */
	if (sa->cfg.remote_id_type)
		ike_put_id(&w, IKE_PT_IDR, sa->cfg.remote_id_type,
			   sa->cfg.remote_id, sa->cfg.remote_id_len);
	ike_put_auth(&w, IKE_AUTHM_PSK, sa->auth, sa->prf.len);
	if (sa->cfg.initial_contact)
		ike_put_notify(&w, IKE_PROTO_NONE, NULL, 0,
			       IKE_N_INITIAL_CONTACT, NULL, 0);
	put_unaligned_be32(sa->first_child_spi, spi);
	ike_prop_put_offer(&w, &sa->cfg.esp, spi, 4, IKE_PROP_F_NO_DH);
	ike_put_ts(&w, IKE_PT_TSI, &sa->cfg.local_ts);
	ike_put_ts(&w, IKE_PT_TSR, &sa->cfg.remote_ts);
	len = ike_sa_sk_finish(sa, &w);
	memzero_explicit(sa->auth, sizeof(sa->auth));
	if (len < 0) {
		sa->ops->free(buf);
		return len;
	}
	sa->state = IKE_SA_S_AUTH_SENT;
	sa->next_mid = 2;
	return ike_sa_send_request(sa, buf, len, IKE_REQ_AUTH, 1, now);
}

/*
 * The responder did not prove the identity we want. RFC 7296 2.21.2 lets
 * the initiator say so in an INFORMATIONAL of its own (the one exception
 * to "never start an exchange because of a response"); we then drop the SA
 * without waiting, so the request is sent once and never retransmitted:
 * if it is lost the responder's SA dies by liveness or lifetime instead.
 */
static void ike_sa_i_auth_failed(struct ike_sa *sa)
{
	struct ike_writer w;
	u8 *buf;
	int len;

	buf = ike_sa_sk_begin(sa, &w, IKE_EXCH_INFORMATIONAL, sa->next_mid,
			      false);
	if (buf) {
		ike_put_notify(&w, IKE_PROTO_NONE, NULL, 0,
			       IKE_N_AUTHENTICATION_FAILED, NULL, 0);
		len = ike_sa_sk_finish(sa, &w);
		if (len > 0)
			ike_sa_queue_out(sa, buf, len);
		sa->ops->free(buf);
	}
	ike_sa_fail(sa, IKE_N_AUTHENTICATION_FAILED, -EACCES);
}

void ike_sa_i_auth_response(struct ike_sa *sa)
{
	const struct ike_chain *ch = &sa->inner;
	const struct ike_payload *id_pl, *auth_pl, *sa_pl, *tsi, *tsr;
	struct ike_chosen chosen;
	struct ike_auth auth;
	struct ike_err err;
	u16 error;
	u32 spi_out;

	error = ike_sa_chain_error(ch);
	id_pl = ike_chain_find(ch, IKE_PT_IDR);
	auth_pl = ike_chain_find(ch, IKE_PT_AUTH);
	if (error == IKE_N_AUTHENTICATION_FAILED || !id_pl || !auth_pl)
		return ike_sa_fail(sa, error ? error : IKE_N_INVALID_SYNTAX,
				   -EPROTO);
	if (ike_decode_auth(auth_pl, &auth, &err) ||
	    auth.method != IKE_AUTHM_PSK || !ike_sa_peer_id_ok(sa, id_pl) ||
	    ike_auth_psk_verify(&sa->prf, sa->cfg.psk, sa->cfg.psk_len,
				sa->init_resp, sa->init_resp_len, sa->ni,
				sa->ni_len, sa->keys.sk_pr, sa->keys.prf_len,
				id_pl->body, id_pl->len, auth.data, auth.len))
		return ike_sa_i_auth_failed(sa);

	ike_sa_req_clear(sa);
	ike_sa_auth_established(sa, id_pl);

	sa_pl = ike_chain_find(ch, IKE_PT_SA);
	tsi = ike_chain_find(ch, IKE_PT_TSI);
	tsr = ike_chain_find(ch, IKE_PT_TSR);
	if (!sa_pl || !tsi || !tsr) {
		/* RFC 7296 2.21.3: the IKE SA stays up without the child. */
		ike_sa_event(sa, IKE_EV_CHILD_FAILED,
			     error ? error : IKE_N_NO_PROPOSAL_CHOSEN,
			     -ENOPROTOOPT, NULL);
		return;
	}
	if (ike_prop_check_answer(&sa->cfg.esp, sa_pl, IKE_PROP_F_NO_DH,
				  &chosen, &err) ||
	    chosen.spi_size != 4 ||
	    ike_decode_ts(tsi, &sa->ts_i, &err) ||
	    ike_decode_ts(tsr, &sa->ts_r, &err) ||
	    !ike_ts_list_within(&sa->ts_i, &sa->cfg.local_ts) ||
	    !ike_ts_list_within(&sa->ts_r, &sa->cfg.remote_ts)) {
		ike_sa_event(sa, IKE_EV_CHILD_FAILED, IKE_N_TS_UNACCEPTABLE,
			     -EPROTO, NULL);
		return;
	}
	spi_out = get_unaligned_be32(chosen.spi);
	if (ike_sa_child_keys(sa, &chosen, sa->first_child_spi, spi_out,
			      NULL, 0, sa->ni, sa->ni_len, sa->nr,
			      sa->nr_len) ||
	    ike_sa_add_child(sa, sa->first_child_spi, spi_out)) {
		ike_sa_event(sa, IKE_EV_CHILD_FAILED, 0, -EINVAL, NULL);
		memzero_explicit(&sa->ci, sizeof(sa->ci));
		return;
	}
	sa->ci.ts_local = sa->ts_i;
	sa->ci.ts_remote = sa->ts_r;
	ike_sa_event(sa, IKE_EV_CHILD_UP, 0, 0, &sa->ci);
	memzero_explicit(&sa->ci, sizeof(sa->ci));
}

/* ---------------------------------------------------------------------- */
/* IKE_AUTH, responder */

void ike_sa_r_auth(struct ike_sa *sa, u32 mid)
{
	const struct ike_chain *ch = &sa->inner;
	const struct ike_payload *id_pl, *auth_pl, *sa_pl, *tsi, *tsr;
	struct ike_chosen chosen;
	struct ike_auth auth;
	struct ike_err err = { .notify = IKE_N_AUTHENTICATION_FAILED };
	struct ike_writer w;
	u16 child_err = 0;
	u32 id_len;
	u8 spi[4];
	u8 *buf;
	int len;

	id_pl = ike_chain_find(ch, IKE_PT_IDI);
	auth_pl = ike_chain_find(ch, IKE_PT_AUTH);
	if (!id_pl || !auth_pl) {
		err.notify = IKE_N_INVALID_SYNTAX;
		ike_sa_respond_notify(sa, IKE_EXCH_AUTH, mid, &err);
		return ike_sa_fail(sa, IKE_N_INVALID_SYNTAX, -EPROTO);
	}
	if (ike_decode_auth(auth_pl, &auth, NULL) ||
	    auth.method != IKE_AUTHM_PSK || !ike_sa_peer_id_ok(sa, id_pl) ||
	    ike_auth_psk_verify(&sa->prf, sa->cfg.psk, sa->cfg.psk_len,
				sa->init_req, sa->init_req_len, sa->nr,
				sa->nr_len, sa->keys.sk_pi, sa->keys.prf_len,
				id_pl->body, id_pl->len, auth.data, auth.len)) {
		/* RFC 7296 2.21.2: answer, then the SA is gone. */
		ike_sa_respond_notify(sa, IKE_EXCH_AUTH, mid, &err);
		return ike_sa_fail(sa, IKE_N_AUTHENTICATION_FAILED, -EACCES);
	}

	/* The first Child SA: proposal, then selectors (2.9). */
	sa_pl = ike_chain_find(ch, IKE_PT_SA);
	tsi = ike_chain_find(ch, IKE_PT_TSI);
	tsr = ike_chain_find(ch, IKE_PT_TSR);
	if (!sa_pl || !tsi || !tsr) {
		child_err = IKE_N_INVALID_SYNTAX;
	} else if (ike_prop_select(&sa->cfg.esp, sa_pl, IKE_PROP_F_NO_DH, 0,
				   &chosen, &err) || chosen.spi_size != 4) {
		child_err = IKE_N_NO_PROPOSAL_CHOSEN;
	} else if (ike_decode_ts(tsi, &sa->ci.ts_remote, &err) ||
		   ike_decode_ts(tsr, &sa->ci.ts_local, &err)) {
		child_err = IKE_N_INVALID_SYNTAX;
	} else if (ike_ts_narrow(&sa->ci.ts_remote, &sa->cfg.remote_ts,
				 &sa->ts_i, &err) ||
		   ike_ts_narrow(&sa->ci.ts_local, &sa->cfg.local_ts,
				 &sa->ts_r, &err)) {
		child_err = IKE_N_TS_UNACCEPTABLE;
	} else if (ike_sa_random_spi32(sa, &sa->first_child_spi) ||
		   ike_sa_child_keys(sa, &chosen, sa->first_child_spi,
				     get_unaligned_be32(chosen.spi), NULL, 0,
				     sa->ni, sa->ni_len, sa->nr,
				     sa->nr_len) ||
		   ike_sa_add_child(sa, sa->first_child_spi,
				    get_unaligned_be32(chosen.spi))) {
		child_err = IKE_N_NO_PROPOSAL_CHOSEN;
	}

	id_len = ike_sa_local_id_body(sa);
	if (ike_auth_psk(&sa->prf, sa->cfg.psk, sa->cfg.psk_len,
			 sa->init_resp, sa->init_resp_len, sa->ni, sa->ni_len,
			 sa->keys.sk_pr, sa->keys.prf_len, sa->id_body, id_len,
			 sa->auth))
		goto fail;
	buf = ike_sa_sk_begin(sa, &w, IKE_EXCH_AUTH, mid, true);
	if (!buf)
		goto fail;
	ike_put_id(&w, IKE_PT_IDR, sa->cfg.local_id_type, sa->cfg.local_id,
		   sa->cfg.local_id_len);
	ike_put_auth(&w, IKE_AUTHM_PSK, sa->auth, sa->prf.len);
	memzero_explicit(sa->auth, sizeof(sa->auth));
	if (child_err) {
		ike_put_notify(&w, IKE_PROTO_NONE, NULL, 0, child_err, NULL,
			       0);
	} else {
		put_unaligned_be32(sa->first_child_spi, spi);
		ike_chosen_put_sa(&w, &chosen, spi, 4);
		ike_put_ts(&w, IKE_PT_TSI, &sa->ts_i);
		ike_put_ts(&w, IKE_PT_TSR, &sa->ts_r);
	}
	len = ike_sa_sk_finish(sa, &w);
	if (len < 0) {
		sa->ops->free(buf);
		goto fail;
	}
	ike_sa_send_response(sa, buf, len, mid);
	ike_sa_auth_established(sa, id_pl);
	if (child_err) {
		ike_sa_event(sa, IKE_EV_CHILD_FAILED, child_err, -ENOPROTOOPT,
			     NULL);
	} else {
		sa->ci.ts_local = sa->ts_r;
		sa->ci.ts_remote = sa->ts_i;
		ike_sa_event(sa, IKE_EV_CHILD_UP, 0, 0, &sa->ci);
	}
	memzero_explicit(&sa->ci, sizeof(sa->ci));
	return;
fail:
	memzero_explicit(sa->auth, sizeof(sa->auth));
	memzero_explicit(&sa->ci, sizeof(sa->ci));
	ike_sa_fail(sa, 0, -ENOMEM);
}
