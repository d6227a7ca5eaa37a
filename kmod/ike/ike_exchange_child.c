// SPDX-License-Identifier: GPL-2.0
/*
 * CREATE_CHILD_SA (RFC 7296 1.3): new Child SA, Child SA rekey, optional
 * PFS, and the IKE SA rekey (2.18), both roles. One exchange at a time
 * per SA, in struct ike_sa_cc.
 */
#include "ike_sa_priv.h"

/* ---------------------------------------------------------------------- */
/* CREATE_CHILD_SA: new Child SA, Child SA rekey, PFS (RFC 7296 1.3) */

static u16 ike_sa_esp_group(const struct ike_sa *sa)
{
	const struct ike_prop *p = &sa->cfg.esp.prop[0];

	return sa->cfg.esp.count && p->n[IKE_XFT_DH] ?
		p->alg[IKE_XFT_DH][0].id : 0;
}

/* What we offer in our CREATE_CHILD_SA for a Child SA, and check it against. */
static const struct ike_prop_list *ike_sa_cc_offer(const struct ike_sa *sa)
{
	return sa->cc.pfs_retry ? &sa->cc.pfs_offer : &sa->cfg.esp;
}

static void ike_sa_cc_fail(struct ike_sa *sa, u16 notify, int error)
{
	ike_sa_cc_clear(sa);
	if (sa->dh_wait_id)
		sa->dh_wait_id = 0;
	ike_sa_event(sa, IKE_EV_CHILD_FAILED, notify, error, NULL);
}

static int ike_sa_cc_send(struct ike_sa *sa, u64 now)
{
	struct ike_sa_cc *cc = &sa->cc;
	struct ike_writer w;
	u8 spi[4];
	u8 *buf;
	int len;

	buf = ike_sa_sk_begin(sa, &w, IKE_EXCH_CREATE_CHILD_SA, sa->next_mid,
			      false);
	if (!buf)
		return -ENOMEM;
	if (cc->ike) {
		u8 spi8[8];

		put_unaligned_be64(cc->new_spi, spi8);
		ike_prop_put_offer(&w, &sa->cfg.ike, spi8, 8,
				   IKE_PROP_F_REKEY);
		ike_put_nonce(&w, cc->ni, cc->ni_len);
		ike_put_ke(&w, sa->dh_group, sa->pub, sa->pub_len);
		goto seal;
	}
	if (cc->old_spi_in) {
		/* Our inbound SPI names the SA being rekeyed (1.3.3). */
		put_unaligned_be32(cc->old_spi_in, spi);
		ike_put_notify(&w, IKE_PROTO_ESP, spi, 4, IKE_N_REKEY_SA,
			       NULL, 0);
	}
	put_unaligned_be32(cc->spi_in, spi);
	ike_prop_put_offer(&w, ike_sa_cc_offer(sa), spi, 4, 0);
	ike_put_nonce(&w, cc->ni, cc->ni_len);
	if (cc->pfs)
		ike_put_ke(&w, sa->dh_group, sa->pub, sa->pub_len);
	ike_put_ts(&w, IKE_PT_TSI, &sa->cfg.local_ts);
	ike_put_ts(&w, IKE_PT_TSR, &sa->cfg.remote_ts);
seal:
	len = ike_sa_sk_finish(sa, &w);
	if (len < 0) {
		sa->ops->free(buf);
		return len;
	}
	cc->stage = IKE_CC_I_SENT;
	ike_sa_send_request(sa, buf, len, IKE_REQ_CREATE_CHILD, sa->next_mid,
			    now);
	sa->next_mid++;
	return 0;
}

static int ike_sa_start_child(struct ike_sa *sa, u32 old_spi_in, u64 now)
{
	struct ike_sa_cc *cc = &sa->cc;
	u16 group;
	int rc;

	if (sa->state != IKE_SA_S_ESTABLISHED)
		return -EINVAL;
	if (sa->req.kind != IKE_REQ_NONE || cc->stage != IKE_CC_NONE)
		return -EBUSY;
	if (old_spi_in && !ike_sa_find_child(sa, old_spi_in, true))
		return -ENOENT;
	memset(cc, 0, sizeof(*cc));
	cc->old_spi_in = old_spi_in;
	cc->ni_len = IKE_SA_NONCE_LEN;
	rc = ike_sa_random_spi32(sa, &cc->spi_in);
	if (!rc)
		rc = sa->ops->random(cc->ni, cc->ni_len);
	if (rc)
		goto err;
	group = ike_sa_esp_group(sa);
	if (group) {
		cc->pfs = true;
		sa->dh_group = group;
		cc->stage = IKE_CC_I_KEYGEN;
		rc = ike_sa_dh_request(sa, IKE_DH_KEYGEN, now);
	} else {
		rc = ike_sa_cc_send(sa, now);
	}
	if (!rc)
		return 0;
err:
	ike_sa_cc_clear(sa);
	return rc;
}

int ike_sa_create_child(struct ike_sa *sa, u64 now)
{
	return ike_sa_start_child(sa, 0, now);
}

int ike_sa_rekey_child(struct ike_sa *sa, u32 spi_in, u64 now)
{
	if (!spi_in)
		return -ENOENT;
	return ike_sa_start_child(sa, spi_in, now);
}

u32 ike_sa_child_offered_spi(const struct ike_sa *sa)
{
	const struct ike_sa_cc *cc = &sa->cc;

	if (cc->ike || (cc->stage != IKE_CC_I_SENT &&
			cc->stage != IKE_CC_I_SHARED))
		return 0;
	return cc->spi_in;
}

/*
 * Keys, bookkeeping and the event of a finished CREATE_CHILD_SA, in
 * either role. @we_init: we initiated this exchange (KEYMAT order, 2.17).
 */
static int ike_sa_cc_install(struct ike_sa *sa, bool we_init,
			     const u8 *gir, u32 gir_len)
{
	struct ike_sa_cc *cc = &sa->cc;
	int rc;

	rc = ike_sa_child_keys(sa, &cc->chosen, cc->spi_in, cc->spi_out, gir,
			       gir_len, cc->ni, cc->ni_len, cc->nr,
			       cc->nr_len);
	if (!rc)
		rc = ike_sa_add_child(sa, cc->spi_in, cc->spi_out);
	if (rc) {
		memzero_explicit(&sa->ci, sizeof(sa->ci));
		return rc;
	}
	sa->ci.initiator = we_init;
	sa->ci.ts_local = we_init ? cc->ts_i : cc->ts_r;
	sa->ci.ts_remote = we_init ? cc->ts_r : cc->ts_i;
	sa->ci.old_spi_in = cc->old_spi_in;
	ike_sa_event(sa, cc->old_spi_in ? IKE_EV_CHILD_REKEYED :
		     IKE_EV_CHILD_UP, 0, 0, &sa->ci);
	memzero_explicit(&sa->ci, sizeof(sa->ci));
	return 0;
}

static void ike_sa_i_cc_finish(struct ike_sa *sa, const u8 *gir,
			       u32 gir_len, u64 now)
{
	u32 old = sa->cc.old_spi_in;
	int rc;

	rc = ike_sa_cc_install(sa, true, gir, gir_len);
	ike_sa_cc_clear(sa);
	if (rc)
		return ike_sa_cc_fail(sa, 0, rc);
	/* The rekey initiator deletes the replaced Child SA (2.8). */
	if (old)
		ike_sa_start_info(sa, IKE_REQ_DELETE_CHILD, old, now);
}

/*
 * IKE SA rekey (RFC 7296 1.3.2, 2.18): the new SA is built in sa->cc with
 * SKEYSEED from the old SK_d, and replaces the old one in this object when
 * the old SA's Delete is answered (or has given up: the peer has then
 * most likely switched already), or, on the rekey responder, when that
 * Delete arrives or the peer already speaks on the new SPIs. The Child SAs
 * stay; the caller re-indexes the SA under its new SPIs at IKE_REKEYED.
 */
int ike_sa_rekey_ike(struct ike_sa *sa, u64 now)
{
	struct ike_sa_cc *cc = &sa->cc;
	int rc;

	if (sa->state != IKE_SA_S_ESTABLISHED)
		return -EINVAL;
	if (sa->req.kind != IKE_REQ_NONE || cc->stage != IKE_CC_NONE)
		return -EBUSY;
	memset(cc, 0, sizeof(*cc));
	cc->ike = true;
	cc->pfs = true;		/* a KE is mandatory here */
	cc->ni_len = IKE_SA_NONCE_LEN;
	rc = ike_sa_random_spi64(sa, &cc->new_spi);
	if (!rc)
		rc = sa->ops->random(cc->ni, cc->ni_len);
	if (!rc) {
		/* The group the SA was made with: the peer took it once. */
		sa->dh_group = ike_chosen_id(&sa->chosen, IKE_XFT_DH);
		cc->stage = IKE_CC_I_KEYGEN;
		rc = ike_sa_dh_request(sa, IKE_DH_KEYGEN, now);
	}
	if (rc)
		ike_sa_cc_clear(sa);
	return rc;
}

static int ike_sa_ike_rekey_derive(struct ike_sa *sa, bool we_init,
				   const u8 *gir, u32 gir_len)
{
	struct ike_sa_cc *cc = &sa->cc;
	u64 spi_i = we_init ? cc->new_spi : cc->peer_new_spi;
	u64 spi_r = we_init ? cc->peer_new_spi : cc->new_spi;
	int rc;

	ike_sa_suite_from(&cc->chosen, &cc->suite);
	rc = ike_suite_check(&cc->suite, true);
	if (!rc)
		rc = ike_prf_init(&cc->prf, sa->ops, cc->suite.prf);
	if (!rc)
		rc = ike_sa_keys_rekey(&sa->prf, &sa->keys, &cc->prf,
				       &cc->suite, gir, gir_len, cc->ni,
				       cc->ni_len, cc->nr, cc->nr_len, spi_i,
				       spi_r, &cc->keys);
	if (!rc)
		rc = ike_sk_init(&cc->sk, sa->ops, &cc->suite, &cc->keys,
				 we_init);
	if (rc)
		return rc;
	cc->we_init = we_init;
	cc->stage = IKE_CC_IKE_READY;
	return 0;
}

/* The new IKE SA takes over this object. */
void ike_sa_ike_switch(struct ike_sa *sa)
{
	struct ike_sa_cc *cc = &sa->cc;

	ike_sk_destroy(&sa->sk);
	ike_prf_destroy(&sa->prf);
	sa->sk = cc->sk;
	sa->prf = cc->prf;
	sa->keys = cc->keys;
	sa->suite = cc->suite;
	sa->chosen = cc->chosen;
	/* Ownership moved: the clear below must not free them. */
	memset(&cc->sk, 0, sizeof(cc->sk));
	memset(&cc->prf, 0, sizeof(cc->prf));
	sa->ops->free(sa->old_resp);
	sa->old_resp = NULL;
	if (!cc->we_init && sa->resp_valid) {
		sa->old_resp = sa->resp_buf;
		sa->old_resp_len = sa->resp_len;
		sa->old_resp_mid = sa->resp_mid;
		sa->old_spi_i = sa->spi_i;
		sa->old_spi_r = sa->spi_r;
		sa->resp_buf = NULL;
	}
	sa->initiator = cc->we_init;
	sa->spi_i = cc->we_init ? cc->new_spi : cc->peer_new_spi;
	sa->spi_r = cc->we_init ? cc->peer_new_spi : cc->new_spi;
	sa->next_mid = 0;
	sa->peer_mid = 0;
	sa->ops->free(sa->resp_buf);
	sa->resp_buf = NULL;
	sa->resp_valid = false;
	ike_sa_req_clear(sa);
	ike_sa_cc_clear(sa);
	sa->state = IKE_SA_S_ESTABLISHED;
	ike_sa_event(sa, IKE_EV_IKE_REKEYED, 0, 0, NULL);
}

static void ike_sa_i_ike_rekey_response(struct ike_sa *sa, u64 now)
{
	const struct ike_chain *ch = &sa->inner;
	const struct ike_payload *sa_pl, *n_pl, *ke_pl;
	struct ike_sa_cc *cc = &sa->cc;
	struct ike_blob nonce;
	struct ike_err err;
	struct ike_ke ke;

	sa_pl = ike_chain_find(ch, IKE_PT_SA);
	n_pl = ike_chain_find(ch, IKE_PT_NONCE);
	ke_pl = ike_chain_find(ch, IKE_PT_KE);
	if (!sa_pl || !n_pl || !ke_pl ||
	    ike_decode_nonce(n_pl, &nonce, &err) ||
	    ike_decode_ke(ke_pl, &ke, &err))
		return ike_sa_cc_fail(sa, IKE_N_INVALID_SYNTAX, -EPROTO);
	if (ike_prop_check_answer(&sa->cfg.ike, sa_pl, IKE_PROP_F_REKEY,
				  &cc->chosen, &err) ||
	    cc->chosen.spi_size != 8)
		return ike_sa_cc_fail(sa, IKE_N_NO_PROPOSAL_CHOSEN, -EPROTO);
	if (ike_chosen_id(&cc->chosen, IKE_XFT_DH) != sa->dh_group ||
	    ke.group != sa->dh_group || ke.len != ike_dh_ke_len(ke.group) ||
	    ke.len > IKE_DH_PUB_MAX)
		return ike_sa_cc_fail(sa, IKE_N_INVALID_KE_PAYLOAD, -EPROTO);
	cc->peer_new_spi = get_unaligned_be64(cc->chosen.spi);
	if (!cc->peer_new_spi || cc->peer_new_spi == cc->new_spi)
		return ike_sa_cc_fail(sa, IKE_N_INVALID_SYNTAX, -EPROTO);
	memcpy(cc->nr, nonce.data, nonce.len);
	cc->nr_len = nonce.len;
	memcpy(sa->peer_pub, ke.data, ke.len);
	sa->peer_pub_len = ke.len;
	cc->stage = IKE_CC_I_SHARED;
	if (ike_sa_dh_request(sa, IKE_DH_SHARED, now))
		ike_sa_cc_fail(sa, 0, -ENOBUFS);
}

/*
 * Responder: is this CREATE_CHILD_SA an IKE SA rekey we accept? Returns
 * true when it took the request over (answered or waiting for DH).
 */
static bool ike_sa_r_ike_rekey(struct ike_sa *sa, u32 mid,
			       const struct ike_payload *sa_pl,
			       const struct ike_blob *nonce,
			       const struct ike_ke *ke, u64 now)
{
	struct ike_sa_cc *cc = &sa->cc;
	struct ike_err err = { 0 };

	if (ike_prop_select(&sa->cfg.ike, sa_pl, IKE_PROP_F_REKEY, ke->group,
			    &cc->chosen, &err) || cc->chosen.spi_size != 8)
		return false;
	if (ike_chosen_check_ke(&cc->chosen, ke->group, &err))
		goto answer;
	if (ke->len != ike_dh_ke_len(ke->group) || ke->len > IKE_DH_PUB_MAX ||
	    !get_unaligned_be64(cc->chosen.spi)) {
		err.notify = IKE_N_INVALID_SYNTAX;
		goto answer;
	}
	cc->ike = true;
	cc->pfs = true;
	cc->mid = mid;
	cc->peer_new_spi = get_unaligned_be64(cc->chosen.spi);
	memcpy(cc->ni, nonce->data, nonce->len);
	cc->ni_len = nonce->len;
	cc->nr_len = IKE_SA_NONCE_LEN;
	sa->dh_group = ke->group;
	memcpy(sa->peer_pub, ke->data, ke->len);
	sa->peer_pub_len = ke->len;
	if (!ike_sa_random_spi64(sa, &cc->new_spi) &&
	    !sa->ops->random(cc->nr, cc->nr_len)) {
		cc->stage = IKE_CC_R_DH;
		if (!ike_sa_dh_request(sa, IKE_DH_KEYGEN_SHARED, now))
			return true;
	}
	err.notify = IKE_N_NO_PROPOSAL_CHOSEN;
answer:
	ike_sa_cc_clear(sa);
	ike_sa_respond_notify(sa, IKE_EXCH_CREATE_CHILD_SA, mid, &err);
	return true;
}

static void ike_sa_r_ike_rekey_finish(struct ike_sa *sa, const u8 *gir,
				      u32 gir_len)
{
	struct ike_sa_cc *cc = &sa->cc;
	struct ike_err err = { .notify = IKE_N_NO_PROPOSAL_CHOSEN };
	struct ike_writer w;
	u32 mid = cc->mid;
	u8 spi8[8];
	u8 *buf;
	int len;

	if (ike_sa_ike_rekey_derive(sa, false, gir, gir_len))
		goto fail;
	buf = ike_sa_sk_begin(sa, &w, IKE_EXCH_CREATE_CHILD_SA, mid, true);
	if (!buf)
		goto fail;
	put_unaligned_be64(cc->new_spi, spi8);
	ike_chosen_put_sa(&w, &cc->chosen, spi8, 8);
	ike_put_nonce(&w, cc->nr, cc->nr_len);
	ike_put_ke(&w, sa->dh_group, sa->pub, sa->pub_len);
	len = ike_sa_sk_finish(sa, &w);
	if (len < 0) {
		sa->ops->free(buf);
		goto fail;
	}
	ike_sa_send_response(sa, buf, len, mid);
	return;
fail:
	ike_sa_respond_notify(sa, IKE_EXCH_CREATE_CHILD_SA, mid, &err);
	ike_sa_cc_fail(sa, err.notify, -ENOMEM);
}

/*
 * Our Child SA without PFS came back NO_PROPOSAL_CHOSEN. A conn whose esp
 * names no DH group leaves PFS to the peer, and some peers insist on it:
 * Libreswan's default pfs=yes answers a rekey without a KE payload so,
 * and the Child SA would die at its lifetime. Offer it once more with the
 * IKE SA's group, as Libreswan itself does, with a fresh nonce. Returns
 * true when the retry is under way.
 */
static bool ike_sa_cc_retry_pfs(struct ike_sa *sa, u64 now)
{
	struct ike_sa_cc *cc = &sa->cc;
	u16 group = ike_chosen_id(&sa->chosen, IKE_XFT_DH);

	if (cc->ike || cc->pfs || cc->pfs_retry || !ike_dh_supported(group) ||
	    ike_prop_list_has_dh(&sa->cfg.esp))
		return false;
	cc->pfs_offer = sa->cfg.esp;
	ike_prop_list_set_dh(&cc->pfs_offer, group);
	cc->pfs_retry = true;
	cc->pfs = true;
	if (sa->ops->random(cc->ni, cc->ni_len))
		return false;
	sa->dh_group = group;
	cc->stage = IKE_CC_I_KEYGEN;
	return !ike_sa_dh_request(sa, IKE_DH_KEYGEN, now);
}

void ike_sa_i_cc_response(struct ike_sa *sa, u64 now)
{
	const struct ike_chain *ch = &sa->inner;
	const struct ike_payload *sa_pl, *n_pl, *tsi, *tsr, *ke_pl;
	struct ike_sa_cc *cc = &sa->cc;
	struct ike_blob nonce;
	struct ike_err err;
	struct ike_ke ke;
	u16 error;

	ike_sa_req_clear(sa);
	error = ike_sa_chain_error(ch);
	if (error == IKE_N_NO_PROPOSAL_CHOSEN && ike_sa_cc_retry_pfs(sa, now))
		return;
	if (error)
		return ike_sa_cc_fail(sa, error, -EPROTO);
	if (cc->ike)
		return ike_sa_i_ike_rekey_response(sa, now);
	sa_pl = ike_chain_find(ch, IKE_PT_SA);
	n_pl = ike_chain_find(ch, IKE_PT_NONCE);
	tsi = ike_chain_find(ch, IKE_PT_TSI);
	tsr = ike_chain_find(ch, IKE_PT_TSR);
	ke_pl = ike_chain_find(ch, IKE_PT_KE);
	if (!sa_pl || !n_pl || !tsi || !tsr || (cc->pfs && !ke_pl) ||
	    ike_decode_nonce(n_pl, &nonce, &err))
		return ike_sa_cc_fail(sa, IKE_N_INVALID_SYNTAX, -EPROTO);
	if (ike_prop_check_answer(ike_sa_cc_offer(sa), sa_pl, 0, &cc->chosen,
				  &err) ||
	    cc->chosen.spi_size != 4)
		return ike_sa_cc_fail(sa, IKE_N_NO_PROPOSAL_CHOSEN, -EPROTO);
	if (ike_decode_ts(tsi, &cc->ts_i, &err) ||
	    ike_decode_ts(tsr, &cc->ts_r, &err) ||
	    !ike_ts_list_within(&cc->ts_i, &sa->cfg.local_ts) ||
	    !ike_ts_list_within(&cc->ts_r, &sa->cfg.remote_ts))
		return ike_sa_cc_fail(sa, IKE_N_TS_UNACCEPTABLE, -EPROTO);
	memcpy(cc->nr, nonce.data, nonce.len);
	cc->nr_len = nonce.len;
	cc->spi_out = get_unaligned_be32(cc->chosen.spi);
	if (!cc->pfs)
		return ike_sa_i_cc_finish(sa, NULL, 0, now);
	if (ike_chosen_id(&cc->chosen, IKE_XFT_DH) != sa->dh_group ||
	    ike_decode_ke(ke_pl, &ke, &err) || ke.group != sa->dh_group ||
	    ke.len != ike_dh_ke_len(ke.group) || ke.len > IKE_DH_PUB_MAX)
		return ike_sa_cc_fail(sa, IKE_N_INVALID_KE_PAYLOAD, -EPROTO);
	memcpy(sa->peer_pub, ke.data, ke.len);
	sa->peer_pub_len = ke.len;
	cc->stage = IKE_CC_I_SHARED;
	if (ike_sa_dh_request(sa, IKE_DH_SHARED, now))
		ike_sa_cc_fail(sa, 0, -ENOBUFS);
}

static void ike_sa_r_cc_finish(struct ike_sa *sa, const u8 *gir,
			       u32 gir_len)
{
	struct ike_sa_cc *cc = &sa->cc;
	struct ike_err err = { .notify = IKE_N_NO_PROPOSAL_CHOSEN };
	struct ike_writer w;
	u32 mid = cc->mid;
	u8 spi[4];
	u8 *buf;
	int len;

	buf = ike_sa_sk_begin(sa, &w, IKE_EXCH_CREATE_CHILD_SA, mid, true);
	if (!buf)
		goto fail;
	put_unaligned_be32(cc->spi_in, spi);
	ike_chosen_put_sa(&w, &cc->chosen, spi, 4);
	ike_put_nonce(&w, cc->nr, cc->nr_len);
	if (cc->pfs)
		ike_put_ke(&w, sa->dh_group, sa->pub, sa->pub_len);
	ike_put_ts(&w, IKE_PT_TSI, &cc->ts_i);
	ike_put_ts(&w, IKE_PT_TSR, &cc->ts_r);
	len = ike_sa_sk_finish(sa, &w);
	if (len < 0) {
		sa->ops->free(buf);
		goto fail;
	}
	if (ike_sa_cc_install(sa, false, gir, gir_len)) {
		sa->ops->free(buf);
		goto fail;
	}
	ike_sa_send_response(sa, buf, len, mid);
	ike_sa_cc_clear(sa);
	return;
fail:
	ike_sa_respond_notify(sa, IKE_EXCH_CREATE_CHILD_SA, mid, &err);
	ike_sa_cc_fail(sa, err.notify, -ENOMEM);
}

void ike_sa_r_cc(struct ike_sa *sa, u32 mid, u64 now)
{
	const struct ike_chain *ch = &sa->inner;
	const struct ike_payload *sa_pl, *n_pl, *tsi, *tsr, *ke_pl;
	struct ike_sa_cc *cc = &sa->cc;
	struct ike_err err = { 0 };
	struct ike_notify n;
	struct ike_blob nonce;
	struct ike_ke ke = { 0 };
	bool fresh = cc->stage == IKE_CC_NONE;
	u16 group;

	if (!fresh) {
		/* Ours is in flight: the peer retries later (2.25). */
		err.notify = IKE_N_TEMPORARY_FAILURE;
		goto answer;
	}
	memset(cc, 0, sizeof(*cc));
	if (ike_sa_chain_notify(ch, IKE_N_REKEY_SA, &n)) {
		struct ike_sa_child *c = NULL;

		if (n.protocol == IKE_PROTO_ESP && n.spi_size == 4)
			c = ike_sa_find_child(sa, get_unaligned_be32(n.spi),
					      false);
		if (!c) {
			err.notify = IKE_N_CHILD_SA_NOT_FOUND;
			goto answer;
		}
		cc->old_spi_in = c->spi_in;
	}
	sa_pl = ike_chain_find(ch, IKE_PT_SA);
	n_pl = ike_chain_find(ch, IKE_PT_NONCE);
	tsi = ike_chain_find(ch, IKE_PT_TSI);
	tsr = ike_chain_find(ch, IKE_PT_TSR);
	ke_pl = ike_chain_find(ch, IKE_PT_KE);
	if (!sa_pl || !n_pl || ike_decode_nonce(n_pl, &nonce, &err) ||
	    (ke_pl && ike_decode_ke(ke_pl, &ke, &err))) {
		err.notify = IKE_N_INVALID_SYNTAX;
		goto answer;
	}
	/* No REKEY_SA, no selectors, a KE: an IKE SA rekey (1.3.2)? */
	if (!cc->old_spi_in && !tsi && !tsr && ke_pl &&
	    ike_sa_r_ike_rekey(sa, mid, sa_pl, &nonce, &ke, now))
		return;
	/*
	 * Any other IKE offer matches nothing in the ESP list. A conn whose
	 * esp names no DH group leaves PFS to the initiator: Libreswan's
	 * default (pfs=yes) rekeys with a KE of its IKE group, and refusing
	 * that would end the Child SA at its first rekey. One that names
	 * groups gets exactly those.
	 */
	if (ike_prop_select(&sa->cfg.esp, sa_pl,
			    ike_prop_list_has_dh(&sa->cfg.esp) ? 0 :
			    IKE_PROP_F_PEER_PFS, ke.group, &cc->chosen,
			    &err) || cc->chosen.spi_size != 4) {
		if (!err.notify)
			err.notify = IKE_N_NO_PROPOSAL_CHOSEN;
		goto answer;
	}
	if (ike_chosen_check_ke(&cc->chosen, ke.group, &err))
		goto answer;
	if (!tsi || !tsr || ike_decode_ts(tsi, &sa->ts_i, &err) ||
	    ike_decode_ts(tsr, &sa->ts_r, &err)) {
		err.notify = IKE_N_INVALID_SYNTAX;
		goto answer;
	}
	if (ike_ts_narrow(&sa->ts_i, &sa->cfg.remote_ts, &cc->ts_i, &err) ||
	    ike_ts_narrow(&sa->ts_r, &sa->cfg.local_ts, &cc->ts_r, &err)) {
		err.notify = IKE_N_TS_UNACCEPTABLE;
		goto answer;
	}
	memcpy(cc->ni, nonce.data, nonce.len);
	cc->ni_len = nonce.len;
	cc->nr_len = IKE_SA_NONCE_LEN;
	cc->spi_out = get_unaligned_be32(cc->chosen.spi);
	cc->mid = mid;
	if (sa->ops->random(cc->nr, cc->nr_len) ||
	    ike_sa_random_spi32(sa, &cc->spi_in)) {
		err.notify = IKE_N_NO_PROPOSAL_CHOSEN;
		goto answer;
	}
	group = ike_chosen_id(&cc->chosen, IKE_XFT_DH);
	if (!group)
		return ike_sa_r_cc_finish(sa, NULL, 0);
	if (ke.len != ike_dh_ke_len(group) || ke.len > IKE_DH_PUB_MAX) {
		err.notify = IKE_N_INVALID_SYNTAX;
		goto answer;
	}
	cc->pfs = true;
	sa->dh_group = group;
	memcpy(sa->peer_pub, ke.data, ke.len);
	sa->peer_pub_len = ke.len;
	cc->stage = IKE_CC_R_DH;
	if (!ike_sa_dh_request(sa, IKE_DH_KEYGEN_SHARED, now))
		return;
	err.notify = IKE_N_NO_PROPOSAL_CHOSEN;
answer:
	if (fresh)
		ike_sa_cc_clear(sa);
	ike_sa_respond_notify(sa, IKE_EXCH_CREATE_CHILD_SA, mid, &err);
}

/* DH answers for a CREATE_CHILD_SA; the result is checked by the caller. */
void ike_sa_cc_dh(struct ike_sa *sa, int status, const u8 *pub,
		  u32 pub_len, const u8 *shared, u32 shared_len,
		  u64 now)
{
	struct ike_sa_cc *cc = &sa->cc;
	struct ike_err err = { .notify = IKE_N_NO_PROPOSAL_CHOSEN };
	bool want_pub = cc->stage == IKE_CC_I_KEYGEN ||
			cc->stage == IKE_CC_R_DH;
	bool want_shared = cc->stage == IKE_CC_I_SHARED ||
			   cc->stage == IKE_CC_R_DH;

	if (!status && want_pub &&
	    (!pub || pub_len != ike_dh_ke_len(sa->dh_group) ||
	     pub_len > IKE_DH_PUB_MAX))
		status = -EINVAL;
	if (!status && want_shared && (!shared || !shared_len))
		status = -EINVAL;
	if (status) {
		/* The responder still owes the peer an answer. */
		if (cc->stage == IKE_CC_R_DH)
			ike_sa_respond_notify(sa, IKE_EXCH_CREATE_CHILD_SA,
					      cc->mid, &err);
		return ike_sa_cc_fail(sa, 0, status);
	}
	if (want_pub) {
		memcpy(sa->pub, pub, pub_len);
		sa->pub_len = pub_len;
	}
	switch (cc->stage) {
	case IKE_CC_I_KEYGEN:
		if (ike_sa_cc_send(sa, now))
			ike_sa_cc_fail(sa, 0, -ENOMEM);
		break;
	case IKE_CC_I_SHARED:
		if (!cc->ike) {
			ike_sa_i_cc_finish(sa, shared, shared_len, now);
		} else if (ike_sa_ike_rekey_derive(sa, true, shared,
						   shared_len)) {
			ike_sa_cc_fail(sa, 0, -ENOMEM);
		} else if (ike_sa_start_info(sa, IKE_REQ_DELETE_IKE, 0, now)) {
			/* Cannot retire the old SA: keep it, drop the new. */
			ike_sa_cc_fail(sa, 0, -ENOMEM);
		}
		break;
	case IKE_CC_R_DH:
		if (cc->ike)
			ike_sa_r_ike_rekey_finish(sa, shared, shared_len);
		else
			ike_sa_r_cc_finish(sa, shared, shared_len);
		break;
	}
}
