// SPDX-License-Identifier: GPL-2.0
/*
 * IKE_SA_INIT in both roles (RFC 7296 1.2, 1.3, 2.6): the offer, the
 * INVALID_KE_PAYLOAD retry and the COOKIE echo on the initiator; selection
 * and the error answers on the responder; the stateless COOKIE front.
 */
#include "ike_sa_priv.h"

/* ---------------------------------------------------------------------- */
/* NAT detection (RFC 7296 2.23) */

/* Only with real addresses: a caller that gives none gets no NAT-T. */
static bool ike_sa_natd_enabled(const struct ike_sa *sa)
{
	return sa->cfg.addr_len == 4 || sa->cfg.addr_len == 16;
}

/* SHA-1(SPIi | SPIr | address | port) of our (@local) or the peer's end. */
static int ike_sa_natd_hash(struct ike_sa *sa, u64 spi_r, bool local,
			    u8 out[IKE_NATD_HASH_LEN])
{
	const struct ike_sa_cfg *c = &sa->cfg;
	struct ike_iov iov[3];
	u8 spis[16], port[2];

	static_assert(IKE_NATD_HASH_LEN == 20, "NAT-D is SHA-1");
	put_unaligned_be64(sa->spi_i, spis);
	put_unaligned_be64(spi_r, spis + 8);
	put_unaligned_be16(local ? c->local_port : c->remote_port, port);
	iov[0].base = spis;
	iov[0].len = sizeof(spis);
	iov[1].base = local ? c->local_addr : c->remote_addr;
	iov[1].len = c->addr_len;
	iov[2].base = port;
	iov[2].len = sizeof(port);
	return sa->ops->sha1(iov, 3, out);
}

/*
 * Appends our NAT_DETECTION_SOURCE_IP and _DESTINATION_IP notifies, hashed
 * with @spi_r (0 in the request). force_encap replaces the source hash by
 * random bytes that cannot match anything the peer computes.
 */
static int ike_sa_put_natd(struct ike_sa *sa, struct ike_writer *w, u64 spi_r)
{
	u8 h[IKE_NATD_HASH_LEN];
	int rc;

	if (sa->cfg.force_encap)
		rc = sa->ops->random(h, sizeof(h));
	else
		rc = ike_sa_natd_hash(sa, spi_r, true, h);
	if (rc)
		return rc;
	ike_put_notify(w, IKE_PROTO_NONE, NULL, 0,
		       IKE_N_NAT_DETECTION_SOURCE_IP, h, sizeof(h));
	rc = ike_sa_natd_hash(sa, spi_r, false, h);
	if (rc)
		return rc;
	ike_put_notify(w, IKE_PROTO_NONE, NULL, 0,
		       IKE_N_NAT_DETECTION_DESTINATION_IP, h, sizeof(h));
	return 0;
}

/*
 * The peer's NAT-D notifies in @ch, hashed with @spi_r. Any of several
 * source hashes may match (a multihomed peer sends one per address); a
 * peer that sent no pair gets no NAT-T at all.
 */
static int ike_sa_check_natd(struct ike_sa *sa, const struct ike_chain *ch,
			     u64 spi_r)
{
	const struct ike_payload *pl = NULL;
	u8 want_src[IKE_NATD_HASH_LEN], want_dst[IKE_NATD_HASH_LEN];
	bool have_src = false, have_dst = false;
	bool src_ok = false, dst_ok = false;
	struct ike_notify n;
	int rc;

	sa->peer_natd = false;
	sa->nat_local = false;
	sa->nat_remote = false;
	/* The peer's source is our remote end, its destination our local. */
	rc = ike_sa_natd_hash(sa, spi_r, false, want_src);
	if (!rc)
		rc = ike_sa_natd_hash(sa, spi_r, true, want_dst);
	if (rc)
		return rc;
	while ((pl = ike_chain_next(ch, IKE_PT_NOTIFY, pl))) {
		if (ike_decode_notify(pl, &n, NULL) ||
		    n.len != IKE_NATD_HASH_LEN)
			continue;
		if (n.type == IKE_N_NAT_DETECTION_SOURCE_IP) {
			have_src = true;
			src_ok |= !crypto_memneq(n.data, want_src,
						 IKE_NATD_HASH_LEN);
		} else if (n.type == IKE_N_NAT_DETECTION_DESTINATION_IP) {
			have_dst = true;
			dst_ok |= !crypto_memneq(n.data, want_dst,
						 IKE_NATD_HASH_LEN);
		}
	}
	if (!have_src || !have_dst)
		return 0;
	sa->peer_natd = true;
	sa->nat_remote = !src_ok;
	sa->nat_local = !dst_ok || sa->cfg.force_encap;
	return 0;
}

bool ike_sa_natt(const struct ike_sa *sa)
{
	return sa->natd_done && sa->peer_natd &&
	       (sa->nat_local || sa->nat_remote || sa->cfg.force_encap);
}

bool ike_sa_esp_encap(const struct ike_sa *sa)
{
	return ike_sa_natt(sa);
}

bool ike_sa_nat_local(const struct ike_sa *sa)
{
	return sa->natd_done && sa->nat_local;
}

bool ike_sa_nat_remote(const struct ike_sa *sa)
{
	return sa->natd_done && sa->nat_remote;
}

/* ---------------------------------------------------------------------- */
/* IKE_SA_INIT, initiator */

int ike_sa_new_initiator(const struct ike_sa_cfg *cfg,
			 const struct ike_ops *ops, u64 now,
			 struct ike_sa **out)
{
	struct ike_sa *sa;
	int rc;

	if (!cfg->ike.prop[0].n[IKE_XFT_DH])
		return -EINVAL;
	sa = ike_sa_alloc(cfg, ops);
	if (!sa)
		return -ENOMEM;
	sa->initiator = true;
	sa->state = IKE_SA_S_INIT_DH;
	sa->dh_group = cfg->ike.prop[0].alg[IKE_XFT_DH][0].id;
	sa->ni_len = IKE_SA_NONCE_LEN;
	sa->next_mid = 0;
	rc = ike_sa_random_spi64(sa, &sa->spi_i);
	if (!rc)
		rc = ops->random(sa->ni, sa->ni_len);
	if (!rc)
		rc = ike_sa_dh_request(sa, IKE_DH_KEYGEN, now);
	if (rc) {
		ike_sa_free(sa);
		return rc;
	}
	*out = sa;
	return 0;
}

int ike_sa_send_init(struct ike_sa *sa, u64 now)
{
	struct ike_writer w;
	u8 *buf;
	int len, rc;

	buf = ike_sa_buf(sa, &w);
	if (!buf)
		return -ENOMEM;
	sa->spi_r = 0;
	ike_sa_put_hdr(sa, &w, IKE_EXCH_SA_INIT, 0, false);
	/* RFC 7296 2.6: the cookie is the first payload. */
	if (sa->cookie_len)
		ike_put_notify(&w, IKE_PROTO_NONE, NULL, 0, IKE_N_COOKIE,
			       sa->cookie, sa->cookie_len);
	ike_prop_put_offer(&w, &sa->cfg.ike, NULL, 0, 0);
	ike_put_ke(&w, sa->dh_group, sa->pub, sa->pub_len);
	ike_put_nonce(&w, sa->ni, sa->ni_len);
	/* Fresh hashes on every (re)send: a COOKIE or INVALID_KE retry too. */
	rc = ike_sa_natd_enabled(sa) ? ike_sa_put_natd(sa, &w, 0) : 0;
	len = rc ? rc : ike_writer_finish(&w);
	if (len < 0 || ike_sa_copy(sa, &sa->init_req, &sa->init_req_len, buf,
				   len)) {
		sa->ops->free(buf);
		return len < 0 ? len : -ENOMEM;
	}
	sa->state = IKE_SA_S_INIT_SENT;
	sa->next_mid = 1;
	return ike_sa_send_request(sa, buf, len, IKE_REQ_INIT, 0, now);
}

static bool ike_sa_group_ok(const struct ike_sa *sa, u16 group)
{
	const struct ike_prop_list *l = &sa->cfg.ike;
	int p, i;

	for (p = 0; p < l->count; p++)
		for (i = 0; i < l->prop[p].n[IKE_XFT_DH]; i++)
			if (l->prop[p].alg[IKE_XFT_DH][i].id == group)
				return true;
	return false;
}

void ike_sa_i_init_response(struct ike_sa *sa, int rc, u64 now)
{
	const struct ike_chain *ch = &sa->msg.chain;
	const struct ike_payload *sa_pl, *ke_pl, *n_pl;
	struct ike_notify n;
	struct ike_blob nonce;
	struct ike_ke ke;
	struct ike_err err;
	u16 error;
	int natd;

	/*
	 * Unauthenticated: a malformed or forged response is dropped and we
	 * keep waiting for the real one (RFC 7296 2.4).
	 */
	if (rc < 0)
		return;
	if (ike_sa_chain_notify(ch, IKE_N_COOKIE, &n)) {
		if (++sa->retries > IKE_SA_MAX_RETRIES || !n.len ||
		    n.len > IKE_COOKIE_MAX_LEN)
			return ike_sa_fail(sa, IKE_N_COOKIE, -EPROTO);
		memcpy(sa->cookie, n.data, n.len);
		sa->cookie_len = n.len;
		if (ike_sa_send_init(sa, now))
			ike_sa_fail(sa, 0, -ENOMEM);
		return;
	}
	if (ike_sa_chain_notify(ch, IKE_N_INVALID_KE_PAYLOAD, &n)) {
		u16 group = get_unaligned_be16(n.data);

		if (++sa->retries > IKE_SA_MAX_RETRIES ||
		    group == sa->dh_group || !ike_sa_group_ok(sa, group))
			return ike_sa_fail(sa, IKE_N_INVALID_KE_PAYLOAD,
					   -EPROTO);
		/* RFC 7296 1.3: retry with the group the responder wants. */
		ike_sa_req_clear(sa);
		sa->dh_group = group;
		sa->state = IKE_SA_S_INIT_DH;
		if (ike_sa_dh_request(sa, IKE_DH_KEYGEN, now))
			ike_sa_fail(sa, 0, -ENOBUFS);
		return;
	}
	error = ike_sa_chain_error(ch);
	if (error)
		return ike_sa_fail(sa, error, -EPROTO);

	sa_pl = ike_chain_find(ch, IKE_PT_SA);
	ke_pl = ike_chain_find(ch, IKE_PT_KE);
	n_pl = ike_chain_find(ch, IKE_PT_NONCE);
	if (!sa_pl || !ke_pl || !n_pl || !sa->msg.hdr.spi_r ||
	    ike_decode_ke(ke_pl, &ke, &err) ||
	    ike_decode_nonce(n_pl, &nonce, &err))
		return;
	if (ike_prop_check_answer(&sa->cfg.ike, sa_pl, 0, &sa->chosen, &err))
		return ike_sa_fail(sa, IKE_N_NO_PROPOSAL_CHOSEN, -EPROTO);
	if (ke.group != sa->dh_group ||
	    ike_chosen_id(&sa->chosen, IKE_XFT_DH) != sa->dh_group ||
	    ke.len != ike_dh_ke_len(ke.group) || ke.len > IKE_DH_PUB_MAX)
		return ike_sa_fail(sa, IKE_N_INVALID_KE_PAYLOAD, -EPROTO);

	sa->spi_r = sa->msg.hdr.spi_r;
	sa->have_chosen = true;
	natd = ike_sa_natd_enabled(sa) ?
	       ike_sa_check_natd(sa, ch, sa->spi_r) : 0;
	if (natd)
		return ike_sa_fail(sa, 0, natd);
	sa->natd_done = true;
	memcpy(sa->nr, nonce.data, nonce.len);
	sa->nr_len = nonce.len;
	memcpy(sa->peer_pub, ke.data, ke.len);
	sa->peer_pub_len = ke.len;
	if (ike_sa_copy(sa, &sa->init_resp, &sa->init_resp_len, sa->msg.raw,
			sa->msg.len))
		return ike_sa_fail(sa, 0, -ENOMEM);
	ike_sa_req_clear(sa);
	sa->state = IKE_SA_S_INIT_SHARED;
	if (ike_sa_dh_request(sa, IKE_DH_SHARED, now))
		ike_sa_fail(sa, 0, -ENOBUFS);
}

/* ---------------------------------------------------------------------- */
/* IKE_SA_INIT, responder */

/* Unprotected error response to an IKE_SA_INIT request, SPIr zero. */
static int ike_sa_init_error(struct ike_sa *sa, const struct ike_err *err)
{
	struct ike_writer w;
	u8 data[2];
	u8 *buf;
	u64 spi_r = sa->spi_r;
	int len;

	buf = ike_sa_buf(sa, &w);
	if (!buf)
		return -ENOMEM;
	sa->spi_r = 0;
	ike_sa_put_hdr(sa, &w, IKE_EXCH_SA_INIT, 0, true);
	sa->spi_r = spi_r;
	ike_put_notify(&w, IKE_PROTO_NONE, NULL, 0, err->notify, data,
		       ike_err_notify_data(err, data));
	len = ike_writer_finish(&w);
	if (len < 0) {
		sa->ops->free(buf);
		return len;
	}
	return ike_sa_send_response(sa, buf, len, 0);
}

int ike_sa_new_responder(const struct ike_sa_cfg *cfg,
			 const struct ike_ops *ops, const u8 *buf, u32 len,
			 u64 now, struct ike_sa **out)
{
	const struct ike_payload *sa_pl, *ke_pl, *n_pl;
	struct ike_blob nonce;
	struct ike_ke ke;
	struct ike_err err = { 0 };
	struct ike_sa *sa;
	struct ike_hdr *hdr;
	int rc, drc;

	if (len < IKE_HDR_LEN || len > IKE_MSG_MAX_LEN)
		return -EBADMSG;
	sa = ike_sa_alloc(cfg, ops);
	if (!sa)
		return -ENOMEM;
	sa->state = IKE_SA_S_R_DH;
	rc = ike_sa_copy(sa, &sa->init_req, &sa->init_req_len, buf, len);
	if (rc)
		goto drop;
	drc = ike_decode_msg(sa->init_req, len, &sa->msg, &err);
	hdr = &sa->msg.hdr;
	if (drc == -EMSGSIZE || drc == -EPROTONOSUPPORT ||
	    hdr->exchange != IKE_EXCH_SA_INIT || ike_hdr_is_response(hdr) ||
	    !ike_hdr_from_initiator(hdr) || hdr->msg_id || hdr->spi_r ||
	    !hdr->spi_i) {
		rc = -EBADMSG;
		goto drop;
	}
	sa->spi_i = hdr->spi_i;
	sa->peer_mid = 1;
	sa->next_mid = 0;
	rc = ike_sa_random_spi64(sa, &sa->spi_r);
	if (rc)
		goto drop;
	*out = sa;

	if (drc == 0) {
		sa_pl = ike_chain_find(&sa->msg.chain, IKE_PT_SA);
		ke_pl = ike_chain_find(&sa->msg.chain, IKE_PT_KE);
		n_pl = ike_chain_find(&sa->msg.chain, IKE_PT_NONCE);
		if (!sa_pl || !ke_pl || !n_pl ||
		    ike_decode_ke(ke_pl, &ke, &err) ||
		    ike_decode_nonce(n_pl, &nonce, &err)) {
			err.notify = IKE_N_INVALID_SYNTAX;
		} else if (ike_prop_select(&sa->cfg.ike, sa_pl, 0, ke.group,
					   &sa->chosen, &err) ||
			   ike_chosen_check_ke(&sa->chosen, ke.group, &err)) {
			/* err says NO_PROPOSAL_CHOSEN or INVALID_KE_PAYLOAD */
		} else if (ke.len != ike_dh_ke_len(ke.group) ||
			   ke.len > IKE_DH_PUB_MAX) {
			err.notify = IKE_N_INVALID_SYNTAX;
		}
	}
	if (drc < 0 || err.notify) {
		if (!err.notify)
			err.notify = IKE_N_INVALID_SYNTAX;
		ike_sa_init_error(sa, &err);
		ike_sa_fail(sa, err.notify, -EPROTO);
		return 0;
	}
	sa->dh_group = ke.group;
	sa->have_chosen = true;
	memcpy(sa->peer_pub, ke.data, ke.len);
	sa->peer_pub_len = ke.len;
	memcpy(sa->ni, nonce.data, nonce.len);
	sa->ni_len = nonce.len;
	sa->nr_len = IKE_SA_NONCE_LEN;
	rc = ops->random(sa->nr, sa->nr_len);
	/* Now, while sa->msg still holds the request (SPIr 0 in its hash). */
	if (!rc && ike_sa_natd_enabled(sa))
		rc = ike_sa_check_natd(sa, &sa->msg.chain, 0);
	if (!rc)
		rc = ike_sa_dh_request(sa, IKE_DH_KEYGEN_SHARED, now);
	if (rc)
		ike_sa_fail(sa, 0, rc);
	return 0;
drop:
	ike_sa_free(sa);
	return rc;
}

int ike_sa_r_send_init(struct ike_sa *sa, u64 now)
{
	struct ike_writer w;
	u8 *buf;
	int len, rc;

	buf = ike_sa_buf(sa, &w);
	if (!buf)
		return -ENOMEM;
	ike_sa_put_hdr(sa, &w, IKE_EXCH_SA_INIT, 0, true);
	ike_chosen_put_sa(&w, &sa->chosen, NULL, 0);
	ike_put_ke(&w, sa->dh_group, sa->pub, sa->pub_len);
	ike_put_nonce(&w, sa->nr, sa->nr_len);
	/* Only to an initiator that asked: it may not know the notifies. */
	rc = sa->peer_natd ? ike_sa_put_natd(sa, &w, sa->spi_r) : 0;
	len = rc ? rc : ike_writer_finish(&w);
	if (len < 0 || ike_sa_copy(sa, &sa->init_resp, &sa->init_resp_len,
				   buf, len)) {
		sa->ops->free(buf);
		return len < 0 ? len : -ENOMEM;
	}
	sa->natd_done = true;
	sa->state = IKE_SA_S_R_INIT_DONE;
	sa->half_open_deadline = now + sa->cfg.half_open_ms;
	return ike_sa_send_response(sa, buf, len, 0);
}

/* ---------------------------------------------------------------------- */
/* Stateless front (RFC 7296 2.6) */

#define IKE_FRONT_COOKIE_LEN	(1 + 32)

static int ike_front_cookie(const struct ike_front *f, const u8 *secret,
			    u8 ver, const struct ike_blob *ni, u64 spi_i,
			    u8 *out)
{
	struct ike_prf_ctx prf = { 0 };
	struct ike_iov iov[4];
	u8 spi[8], port[2];
	int rc;

	put_unaligned_be64(spi_i, spi);
	put_unaligned_be16(f->remote_port, port);
	iov[0].base = ni->data;
	iov[0].len = ni->len;
	iov[1].base = f->remote_addr;
	iov[1].len = f->remote_addr_len;
	iov[2].base = port;
	iov[2].len = sizeof(port);
	iov[3].base = spi;
	iov[3].len = sizeof(spi);
	out[0] = ver;
	rc = ike_prf_init(&prf, f->ops, IKE_ALG_PRF_HMAC_SHA2_256);
	if (!rc)
		rc = ike_prf(&prf, secret, 32, iov, 4, out + 1);
	ike_prf_destroy(&prf);
	return rc;
}

static int ike_front_reply(const struct ike_hdr *in, u16 type,
			   const u8 *data, u16 data_len, u8 *out, u32 cap,
			   u32 *out_len)
{
	struct ike_hdr hdr = {
		.spi_i = in->spi_i,
		.exchange = in->exchange,
		.msg_id = in->msg_id,
		.flags = IKE_HDR_F_RESPONSE,
	};
	struct ike_writer w;
	int len;

	ike_writer_init(&w, out, cap);
	ike_put_hdr(&w, &hdr);
	ike_put_notify(&w, IKE_PROTO_NONE, NULL, 0, type, data, data_len);
	len = ike_writer_finish(&w);
	if (len < 0)
		return len;
	*out_len = len;
	return IKE_FRONT_REPLY;
}

int ike_front_check(const struct ike_front *f, const u8 *buf, u32 len,
		    u8 *out, u32 cap, u32 *out_len)
{
	struct ike_msg *msg;
	struct ike_err err = { 0 };
	const struct ike_payload *pl;
	struct ike_notify n;
	struct ike_blob ni;
	u8 want[IKE_FRONT_COOKIE_LEN];
	const u8 *secret;
	bool ok = false;
	int rc;

	if (len < IKE_HDR_LEN || len > IKE_MSG_MAX_LEN)
		return IKE_FRONT_DROP;
	msg = f->ops->zalloc(sizeof(*msg));
	if (!msg)
		return -ENOMEM;
	rc = ike_decode_msg(buf, len, msg, &err);
	if (rc == -EMSGSIZE || ike_hdr_is_response(&msg->hdr)) {
		rc = IKE_FRONT_DROP;
		goto out;
	}
	if (rc == -EPROTONOSUPPORT) {
		u8 v = IKE_MAJOR_VERSION << 4;

		/* RFC 7296 2.5: tell a newer peer what we speak. */
		rc = err.notify ?
			ike_front_reply(&msg->hdr, err.notify, &v, 0, out, cap,
					out_len) : IKE_FRONT_DROP;
		goto out;
	}
	if (msg->hdr.exchange != IKE_EXCH_SA_INIT || msg->hdr.msg_id ||
	    msg->hdr.spi_r || !msg->hdr.spi_i ||
	    !ike_hdr_from_initiator(&msg->hdr)) {
		rc = IKE_FRONT_DROP;
		goto out;
	}
	/* Malformed requests get their answer from the responder SA. */
	if (!f->under_load || rc < 0) {
		rc = IKE_FRONT_ACCEPT;
		goto out;
	}
	pl = ike_chain_find(&msg->chain, IKE_PT_NONCE);
	if (!pl || ike_decode_nonce(pl, &ni, NULL)) {
		rc = IKE_FRONT_ACCEPT;
		goto out;
	}
	pl = &msg->chain.pl[0];
	if (pl->type == IKE_PT_NOTIFY && !ike_decode_notify(pl, &n, NULL) &&
	    n.type == IKE_N_COOKIE && n.len == IKE_FRONT_COOKIE_LEN) {
		secret = n.data[0] == f->secret_ver ? f->secret :
			 f->have_old ? f->old_secret : NULL;
		if (secret && !ike_front_cookie(f, secret, n.data[0], &ni,
						msg->hdr.spi_i, want))
			ok = !crypto_memneq(want, n.data, sizeof(want));
	}
	if (ok) {
		rc = IKE_FRONT_ACCEPT;
		goto out;
	}
	rc = ike_front_cookie(f, f->secret, f->secret_ver, &ni,
			      msg->hdr.spi_i, want);
	if (!rc)
		rc = ike_front_reply(&msg->hdr, IKE_N_COOKIE, want,
				     sizeof(want), out, cap, out_len);
out:
	memzero_explicit(want, sizeof(want));
	f->ops->free(msg);
	return rc;
}
