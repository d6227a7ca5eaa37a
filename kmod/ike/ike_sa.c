// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv2 exchange state machine (RFC 7296): IKE_SA_INIT, IKE_AUTH with a
 * pre-shared key and the first Child SA, INFORMATIONAL (delete, liveness),
 * message IDs, retransmission and response caching.
 *
 * State diagram (one IKE SA):
 *
 *  initiator                               responder
 *  INIT_DH --KE answer--> INIT_SENT        (IKE_SA_INIT request)
 *     ^                      |  |            -> R_DH --DH answer--> send
 *     +--INVALID_KE (retry)--+  | COOKIE:       R_INIT_DONE
 *                               | resend        | IKE_AUTH ok: send
 *              response ok      v               v
 *                         INIT_SHARED         ESTABLISHED
 *              g^ir answer -> AUTH_SENT        (AUTH bad: reply
 *              response ok -> ESTABLISHED       AUTHENTICATION_FAILED,
 *              (AUTH bad: INFORMATIONAL         DEAD; also when told so
 *               AUTHENTICATION_FAILED, DEAD)    by the initiator later)
 *  ESTABLISHED --ike_sa_delete()--> DELETING --response/give up--> DEAD
 *  any --error notify, timeout, DH failure, peer Delete--> DEAD
 *
 * CREATE_CHILD_SA (new Child SA, Child SA rekey, PFS, IKE SA rekey) runs inside
 * ESTABLISHED with its own sub-state (struct ike_sa_cc).
 *
 * NAT detection (2.23) is in ike_exchange_init.c; the caller moves ports.
 * Not implemented: windows > 1.
 */
#include "ike_sa_priv.h"

/* ---------------------------------------------------------------------- */
/* Queues */

void ike_sa_event(struct ike_sa *sa, u8 type, u16 notify, int error,
		  const struct ike_child_info *ci)
{
	struct ike_event *ev;

	if (sa->ev_n == IKE_SA_EVQ)
		return;		/* caller does not drain: drop the newest */
	ev = &sa->ev[(sa->ev_head + sa->ev_n++) % IKE_SA_EVQ];
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->notify = notify;
	ev->error = error;
	if (ci)
		ev->child = *ci;
}

bool ike_sa_pop_event(struct ike_sa *sa, struct ike_event *ev)
{
	struct ike_event *e;

	if (!sa->ev_n)
		return false;
	e = &sa->ev[sa->ev_head];
	*ev = *e;
	memzero_explicit(e, sizeof(*e));
	sa->ev_head = (sa->ev_head + 1) % IKE_SA_EVQ;
	sa->ev_n--;
	return true;
}

/* Queues a copy of @buf; the SA keeps its own copies for retransmission. */
int ike_sa_queue_out(struct ike_sa *sa, const u8 *buf, u32 len)
{
	struct ike_sa_out *o;
	u8 *copy;

	if (sa->out_n == IKE_SA_OUTQ)
		return -ENOBUFS;	/* retransmission will cover it */
	copy = sa->ops->zalloc(len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	o = &sa->out[(sa->out_head + sa->out_n++) % IKE_SA_OUTQ];
	o->buf = copy;
	o->len = len;
	return 0;
}

bool ike_sa_pop_output(struct ike_sa *sa, const u8 **buf, u32 *len)
{
	struct ike_sa_out *o;

	sa->ops->free(sa->popped);
	sa->popped = NULL;
	if (!sa->out_n)
		return false;
	o = &sa->out[sa->out_head];
	sa->popped = o->buf;
	*buf = o->buf;
	*len = o->len;
	o->buf = NULL;
	sa->out_head = (sa->out_head + 1) % IKE_SA_OUTQ;
	sa->out_n--;
	return true;
}

bool ike_sa_pop_dh(struct ike_sa *sa, struct ike_dh_req *req)
{
	if (!sa->dh_n)
		return false;
	*req = sa->dh[sa->dh_head];
	memset(&sa->dh[sa->dh_head], 0, sizeof(sa->dh[0]));
	sa->dh_head = (sa->dh_head + 1) % IKE_SA_DHQ;
	sa->dh_n--;
	return true;
}

int ike_sa_dh_request(struct ike_sa *sa, u8 op, u64 now)
{
	struct ike_dh_req *r;

	if (sa->dh_n == IKE_SA_DHQ)
		return -ENOBUFS;
	r = &sa->dh[(sa->dh_head + sa->dh_n++) % IKE_SA_DHQ];
	memset(r, 0, sizeof(*r));
	r->id = ++sa->next_dh_id;
	if (!r->id)
		r->id = ++sa->next_dh_id;
	r->op = op;
	r->group = sa->dh_group;
	if (op == IKE_DH_SHARED)
		r->key_id = sa->dh_key_id;
	if (op != IKE_DH_KEYGEN) {
		memcpy(r->peer, sa->peer_pub, sa->peer_pub_len);
		r->peer_len = sa->peer_pub_len;
	}
	if (op != IKE_DH_SHARED)
		sa->dh_key_id = r->id;
	sa->dh_wait_id = r->id;
	sa->dh_deadline = now + sa->cfg.dh_timeout_ms;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Life cycle */

void ike_sa_req_clear(struct ike_sa *sa)
{
	sa->ops->free(sa->req.buf);
	memset(&sa->req, 0, sizeof(sa->req));
}

/* Ends a CREATE_CHILD_SA in progress, freeing a half-built IKE SA. */
void ike_sa_cc_clear(struct ike_sa *sa)
{
	ike_sk_destroy(&sa->cc.sk);
	ike_prf_destroy(&sa->cc.prf);
	memzero_explicit(&sa->cc, sizeof(sa->cc));
}

void ike_sa_fail(struct ike_sa *sa, u16 notify, int error)
{
	if (sa->state == IKE_SA_S_DEAD)
		return;
	sa->state = IKE_SA_S_DEAD;
	sa->dh_wait_id = 0;
	ike_sa_req_clear(sa);
	ike_sa_event(sa, IKE_EV_FAILED, notify, error, NULL);
}

void ike_sa_dead(struct ike_sa *sa)
{
	sa->state = IKE_SA_S_DEAD;
	sa->dh_wait_id = 0;
	ike_sa_req_clear(sa);
	ike_sa_event(sa, IKE_EV_DELETED, 0, 0, NULL);
}

void ike_sa_cfg_init(struct ike_sa_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->retrans_timeout_ms = IKE_SA_RETRANS_TIMEOUT_MS;
	cfg->retrans_backoff_pct = IKE_SA_RETRANS_BACKOFF_PCT;
	cfg->retrans_tries = IKE_SA_RETRANS_TRIES;
	cfg->dh_timeout_ms = IKE_SA_DH_TIMEOUT_MS;
	cfg->half_open_ms = IKE_SA_HALF_OPEN_MS;
}

struct ike_sa *ike_sa_alloc(const struct ike_sa_cfg *cfg,
			    const struct ike_ops *ops)
{
	struct ike_sa *sa;

	if (cfg->psk_len > IKE_SA_PSK_MAX ||
	    cfg->local_id_len > IKE_SA_ID_MAX ||
	    cfg->remote_id_len > IKE_SA_ID_MAX || !cfg->ike.count ||
	    cfg->local_ts.count > IKE_MAX_TS ||
	    cfg->remote_ts.count > IKE_MAX_TS)
		return NULL;
	sa = ops->zalloc(sizeof(*sa));
	if (!sa)
		return NULL;
	sa->ops = ops;
	sa->cfg = *cfg;
	if (!sa->cfg.retrans_timeout_ms)
		sa->cfg.retrans_timeout_ms = IKE_SA_RETRANS_TIMEOUT_MS;
	if (sa->cfg.retrans_backoff_pct < 100)
		sa->cfg.retrans_backoff_pct = IKE_SA_RETRANS_BACKOFF_PCT;
	if (!sa->cfg.retrans_tries)
		sa->cfg.retrans_tries = IKE_SA_RETRANS_TRIES;
	if (!sa->cfg.dh_timeout_ms)
		sa->cfg.dh_timeout_ms = IKE_SA_DH_TIMEOUT_MS;
	if (!sa->cfg.half_open_ms)
		sa->cfg.half_open_ms = IKE_SA_HALF_OPEN_MS;
	return sa;
}

void ike_sa_free(struct ike_sa *sa)
{
	const struct ike_ops *ops;
	int i;

	if (!sa)
		return;
	ops = sa->ops;
	ike_sa_cc_clear(sa);
	ike_sk_destroy(&sa->sk);
	ike_prf_destroy(&sa->prf);
	ops->free(sa->req.buf);
	ops->free(sa->resp_buf);
	ops->free(sa->old_resp);
	ops->free(sa->init_req);
	ops->free(sa->init_resp);
	ops->free(sa->popped);
	for (i = 0; i < IKE_SA_OUTQ; i++)
		ops->free(sa->out[i].buf);
	/* ops->free() wipes: keys, PSK, nonces and queued child keys. */
	ops->free(sa);
}

enum ike_sa_state ike_sa_state(const struct ike_sa *sa)
{
	return sa->state;
}

u64 ike_sa_spi_i(const struct ike_sa *sa)
{
	return sa->spi_i;
}

u64 ike_sa_spi_r(const struct ike_sa *sa)
{
	return sa->spi_r;
}

bool ike_sa_is_initiator(const struct ike_sa *sa)
{
	return sa->initiator;
}

int ike_sa_format_proposal(const struct ike_sa *sa, char *buf, size_t size)
{
	if (!sa->have_chosen) {
		if (size)
			buf[0] = '\0';
		return -ENOENT;
	}
	return ike_chosen_format(&sa->chosen, buf, size);
}

u16 ike_sa_dh_group(const struct ike_sa *sa)
{
	/* sa->dh_group also serves CREATE_CHILD_SA's PFS group. */
	if (sa->have_chosen)
		return ike_chosen_id(&sa->chosen, IKE_XFT_DH);
	return sa->dh_group;
}

int ike_sa_random_spi64(struct ike_sa *sa, u64 *spi)
{
	int rc;

	do {
		rc = sa->ops->random(spi, sizeof(*spi));
		if (rc)
			return rc;
	} while (!*spi);
	return 0;
}

int ike_sa_random_spi32(struct ike_sa *sa, u32 *spi)
{
	int rc;

	/* SPIs 1..255 are reserved by IANA (RFC 4303 2.1). */
	do {
		rc = sa->ops->random(spi, sizeof(*spi));
		if (rc)
			return rc;
	} while (*spi < 256);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Sending */

void ike_sa_put_hdr(struct ike_sa *sa, struct ike_writer *w, u8 exch,
		    u32 mid, bool response)
{
	struct ike_hdr hdr = {
		.spi_i = sa->spi_i,
		.spi_r = sa->spi_r,
		.exchange = exch,
		.msg_id = mid,
		.flags = (sa->initiator ? IKE_HDR_F_INITIATOR : 0) |
			 (response ? IKE_HDR_F_RESPONSE : 0),
	};

	ike_put_hdr(w, &hdr);
}

u8 *ike_sa_buf(struct ike_sa *sa, struct ike_writer *w)
{
	u8 *buf = sa->ops->zalloc(IKE_SA_BUF_LEN);

	if (buf)
		ike_writer_init(w, buf, IKE_SA_BUF_LEN);
	return buf;
}

/* Opens an encrypted message: header and SK; inner payloads follow. */
u8 *ike_sa_sk_begin(struct ike_sa *sa, struct ike_writer *w, u8 exch,
		    u32 mid, bool response)
{
	u8 *buf = ike_sa_buf(sa, w);

	if (!buf)
		return NULL;
	ike_sa_put_hdr(sa, w, exch, mid, response);
	ike_put_sk_begin(w, sa->sk.iv_len);
	return buf;
}

/* Closes and seals it: returns the length or a negative errno. */
int ike_sa_sk_finish(struct ike_sa *sa, struct ike_writer *w)
{
	struct ike_sk_layout lay;
	size_t len;
	int rc;

	rc = ike_put_sk_end(w, 0, &lay);
	if (rc)
		return rc;
	rc = ike_writer_finish(w);
	if (rc < 0)
		return rc;
	rc = ike_sk_protect(&sa->sk, lay.msg, w->cap, lay.sk_off, lay.pt_len,
			    &len);
	if (rc)
		return rc;
	return (int)len;
}

/* Takes @buf (ownership) as our new outstanding request and sends it. */
int ike_sa_send_request(struct ike_sa *sa, u8 *buf, u32 len, u8 kind,
			u32 mid, u64 now)
{
	ike_sa_req_clear(sa);
	sa->req.kind = kind;
	sa->req.msg_id = mid;
	sa->req.buf = buf;
	sa->req.len = len;
	sa->req.tries = 1;
	sa->req.timeout = sa->cfg.retrans_timeout_ms;
	sa->req.deadline = now + sa->req.timeout;
	return ike_sa_queue_out(sa, buf, len);
}

/* Takes @buf as the cached response to request @mid and sends it. */
int ike_sa_send_response(struct ike_sa *sa, u8 *buf, u32 len, u32 mid)
{
	sa->ops->free(sa->resp_buf);
	sa->resp_buf = buf;
	sa->resp_len = len;
	sa->resp_mid = mid;
	sa->resp_valid = true;
	return ike_sa_queue_out(sa, buf, len);
}

/* An encrypted response carrying one notify (errors after IKE_SA_INIT). */
int ike_sa_respond_notify(struct ike_sa *sa, u8 exch, u32 mid,
			  const struct ike_err *err)
{
	struct ike_writer w;
	u8 data[2];
	u8 *buf;
	int len;

	buf = ike_sa_sk_begin(sa, &w, exch, mid, true);
	if (!buf)
		return -ENOMEM;
	ike_put_notify(&w, IKE_PROTO_NONE, NULL, 0, err->notify, data,
		       ike_err_notify_data(err, data));
	len = ike_sa_sk_finish(sa, &w);
	if (len < 0) {
		sa->ops->free(buf);
		return len;
	}
	return ike_sa_send_response(sa, buf, len, mid);
}

/* ---------------------------------------------------------------------- */
/* Helpers over decoded messages */

/* First error notify of @chain, 0 if none. */
u16 ike_sa_chain_error(const struct ike_chain *chain)
{
	const struct ike_payload *pl = NULL;
	struct ike_notify n;

	while ((pl = ike_chain_next(chain, IKE_PT_NOTIFY, pl)))
		if (!ike_decode_notify(pl, &n, NULL) &&
		    ike_notify_is_error(n.type))
			return n.type;
	return 0;
}

void ike_sa_auth_established(struct ike_sa *sa,
			     const struct ike_payload *id_pl)
{
	struct ike_notify n;
	u16 ic = 0;

	if (id_pl->len <= sizeof(sa->peer_id)) {
		memcpy(sa->peer_id, id_pl->body, id_pl->len);
		sa->peer_id_len = id_pl->len;
	}
	if (ike_sa_chain_notify(&sa->inner, IKE_N_INITIAL_CONTACT, &n))
		ic = IKE_N_INITIAL_CONTACT;
	sa->state = IKE_SA_S_ESTABLISHED;
	ike_sa_event(sa, IKE_EV_ESTABLISHED, ic, 0, NULL);
}

u32 ike_sa_peer_id(const struct ike_sa *sa, const u8 **body)
{
	*body = sa->peer_id;
	return sa->peer_id_len;
}

bool ike_sa_chain_notify(const struct ike_chain *chain, u16 type,
			 struct ike_notify *out)
{
	const struct ike_payload *pl = NULL;

	while ((pl = ike_chain_next(chain, IKE_PT_NOTIFY, pl)))
		if (!ike_decode_notify(pl, out, NULL) && out->type == type)
			return true;
	return false;
}

void ike_sa_suite_from(const struct ike_chosen *c,
		       struct ike_suite *s)
{
	s->encr = ike_chosen_id(c, IKE_XFT_ENCR);
	s->encr_keybits = c->xf[IKE_XFT_ENCR].keylen;
	s->integ = ike_chosen_id(c, IKE_XFT_INTEG);
	s->prf = ike_chosen_id(c, IKE_XFT_PRF);
}

/* ID payload body (type, 3 reserved, data) of our local ID. */
u32 ike_sa_local_id_body(struct ike_sa *sa)
{
	memset(sa->id_body, 0, 4);
	sa->id_body[0] = sa->cfg.local_id_type;
	memcpy(sa->id_body + 4, sa->cfg.local_id, sa->cfg.local_id_len);
	return 4 + sa->cfg.local_id_len;
}

bool ike_sa_peer_id_ok(const struct ike_sa *sa,
		       const struct ike_payload *pl)
{
	const struct ike_sa_cfg *c = &sa->cfg;

	if (!c->remote_id_type)
		return true;
	return pl->len == 4 + c->remote_id_len &&
	       pl->body[0] == c->remote_id_type &&
	       !memcmp(pl->body + 4, c->remote_id, c->remote_id_len);
}

int ike_sa_add_child(struct ike_sa *sa, u32 spi_in, u32 spi_out)
{
	int i;

	for (i = 0; i < IKE_SA_MAX_CHILDREN; i++) {
		if (!sa->children[i].used) {
			sa->children[i].used = true;
			sa->children[i].spi_in = spi_in;
			sa->children[i].spi_out = spi_out;
			return 0;
		}
	}
	return -ENOSPC;
}

struct ike_sa_child *ike_sa_find_child(struct ike_sa *sa, u32 spi,
				       bool inbound)
{
	int i;

	for (i = 0; i < IKE_SA_MAX_CHILDREN; i++) {
		struct ike_sa_child *c = &sa->children[i];

		if (c->used && (inbound ? c->spi_in : c->spi_out) == spi)
			return c;
	}
	return NULL;
}

/*
 * KEYMAT for a Child SA negotiated with @chosen, into sa->ci (with the
 * initiator-to-responder keys first, RFC 7296 2.17).
 */
int ike_sa_child_keys(struct ike_sa *sa, const struct ike_chosen *ch,
		      u32 spi_in, u32 spi_out, const u8 *gir,
		      u32 gir_len, const u8 *ni, u32 ni_len,
		      const u8 *nr, u32 nr_len)
{
	struct ike_child_info *ci = &sa->ci;
	int rc;

	memset(ci, 0, sizeof(*ci));
	ike_sa_suite_from(ch, &ci->esp);
	ci->esp.prf = 0;
	ci->esn = ike_chosen_id(ch, IKE_XFT_ESN) == IKE_ESN_YES;
	ci->spi_in = spi_in;
	ci->spi_out = spi_out;
	ci->initiator = sa->initiator;
	rc = ike_suite_check(&ci->esp, false);
	if (rc)
		return rc;
	/* For display only: a truncated name is still NUL-terminated. */
	ike_chosen_format(ch, ci->proposal, sizeof(ci->proposal));
	return ike_child_keys_derive(&sa->prf, sa->keys.sk_d,
				     sa->keys.prf_len, &ci->esp, gir, gir_len,
				     ni, ni_len, nr, nr_len, &ci->keys);
}

/* SKEYSEED and the seven keys from g^ir; sets up SK protection. */
static int ike_sa_derive(struct ike_sa *sa, const u8 *gir, u32 gir_len)
{
	int rc;

	ike_sa_suite_from(&sa->chosen, &sa->suite);
	rc = ike_suite_check(&sa->suite, true);
	if (rc)
		return rc;
	rc = ike_prf_init(&sa->prf, sa->ops, sa->suite.prf);
	if (rc)
		return rc;
	rc = ike_sa_keys_init(&sa->prf, &sa->suite, sa->ni, sa->ni_len,
			      sa->nr, sa->nr_len, gir, gir_len, sa->spi_i,
			      sa->spi_r, &sa->keys);
	if (rc)
		return rc;
	rc = ike_sk_init(&sa->sk, sa->ops, &sa->suite, &sa->keys,
			 sa->initiator);
	if (rc)
		return rc;
	sa->have_keys = true;
	return 0;
}

int ike_sa_copy(struct ike_sa *sa, u8 **dst, u32 *dst_len,
		const u8 *src, u32 len)
{
	sa->ops->free(*dst);
	*dst = sa->ops->zalloc(len);
	if (!*dst)
		return -ENOMEM;
	memcpy(*dst, src, len);
	*dst_len = len;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Input */

/*
 * Protected messages: authenticate, decrypt, parse, dispatch. 1 once the
 * ICV of a new message verified, whatever its handling; 0 before that.
 */
static int ike_sa_input_sk(struct ike_sa *sa, u8 *rx, u32 len, u64 now)
{
	const struct ike_hdr *hdr = &sa->msg.hdr;
	const struct ike_payload *sk = ike_msg_sk(&sa->msg);
	bool response = ike_hdr_is_response(hdr);
	struct ike_err err = { 0 };
	size_t pt_off, pt_len;
	int rc;

	if (!sa->have_keys || !sk || sk->type != IKE_PT_SK ||
	    hdr->spi_r != sa->spi_r ||
	    ike_hdr_from_initiator(hdr) == sa->initiator)
		return 0;
	if (response) {
		if (sa->req.kind == IKE_REQ_NONE ||
		    sa->req.kind == IKE_REQ_INIT ||
		    hdr->msg_id != sa->req.msg_id)
			return 0;	/* unknown message ID: drop (2.3) */
	} else if (hdr->msg_id != sa->peer_mid) {
		bool dup = sa->resp_valid && hdr->msg_id == sa->resp_mid;

		/* Retransmitted request: resend our answer, once authentic. */
		if (dup && !ike_sk_unprotect(&sa->sk, rx, len, sk->offset,
					     &pt_off, &pt_len))
			ike_sa_queue_out(sa, sa->resp_buf, sa->resp_len);
		return 0;
	}
	/* Unauthenticated garbage ends here, silently (2.21). */
	if (ike_sk_unprotect(&sa->sk, rx, len, sk->offset, &pt_off, &pt_len))
		return 0;
	rc = ike_decode_chain(sk->next, rx, (u32)pt_off, (u32)(pt_off + pt_len),
			      IKE_DEC_INNER | (response ? IKE_DEC_RESPONSE : 0),
			      &sa->inner, &err);
	if (!response)
		sa->peer_mid++;
	if (rc) {
		if (response) {
			ike_sa_fail(sa, IKE_N_INVALID_SYNTAX, rc);
			return 1;
		}
		if (!err.notify)
			err.notify = IKE_N_INVALID_SYNTAX;
		ike_sa_respond_notify(sa, hdr->exchange, hdr->msg_id, &err);
		if (hdr->exchange == IKE_EXCH_AUTH)
			ike_sa_fail(sa, err.notify, rc);
		return 1;
	}

	if (response) {
		if (sa->req.kind == IKE_REQ_AUTH &&
		    hdr->exchange == IKE_EXCH_AUTH)
			ike_sa_i_auth_response(sa);
		else if (sa->req.kind == IKE_REQ_CREATE_CHILD &&
			 hdr->exchange == IKE_EXCH_CREATE_CHILD_SA)
			ike_sa_i_cc_response(sa, now);
		else if (hdr->exchange == IKE_EXCH_INFORMATIONAL)
			ike_sa_i_info_response(sa);
		return 1;
	}
	switch (hdr->exchange) {
	case IKE_EXCH_AUTH:
		if (sa->state == IKE_SA_S_R_INIT_DONE) {
			ike_sa_r_auth(sa, hdr->msg_id);
			return 1;
		}
		break;
	case IKE_EXCH_INFORMATIONAL:
		if (sa->state == IKE_SA_S_ESTABLISHED ||
		    sa->state == IKE_SA_S_DELETING) {
			ike_sa_r_info(sa, hdr->msg_id);
			return 1;
		}
		break;
	case IKE_EXCH_CREATE_CHILD_SA:
		if (sa->state == IKE_SA_S_ESTABLISHED) {
			ike_sa_r_cc(sa, hdr->msg_id, now);
			return 1;
		}
		break;
	}
	/* A request that does not fit the state: INVALID_SYNTAX (2.21.2). */
	err.notify = IKE_N_INVALID_SYNTAX;
	ike_sa_respond_notify(sa, hdr->exchange, hdr->msg_id, &err);
	return 1;
}

int ike_sa_input(struct ike_sa *sa, const u8 *buf, u32 len, u64 now)
{
	const struct ike_hdr *hdr = &sa->msg.hdr;
	struct ike_err err = { 0 };
	int rc, authentic = 0;
	u8 *rx;

	if (sa->state == IKE_SA_S_DEAD || len < IKE_HDR_LEN ||
	    len > IKE_MSG_MAX_LEN)
		return 0;
	/* Decrypted in place: a private copy in ops memory (scatterlists). */
	rx = sa->ops->zalloc(len);
	if (!rx)
		return 0;
	memcpy(rx, buf, len);
	rc = ike_decode_msg(rx, len, &sa->msg, &err);
	if (rc == -EMSGSIZE)
		goto out;
	if (sa->cc.stage == IKE_CC_IKE_READY && !sa->cc.we_init &&
	    hdr->spi_i == sa->cc.peer_new_spi && hdr->spi_r == sa->cc.new_spi &&
	    rc == 0 && ike_msg_sk(&sa->msg)) {
		/* The Delete of the old SA was lost: the peer moved on. */
		ike_sa_ike_switch(sa);
	}
	if (sa->old_resp && hdr->spi_i == sa->old_spi_i &&
	    hdr->spi_r == sa->old_spi_r && !ike_hdr_is_response(hdr) &&
	    hdr->msg_id == sa->old_resp_mid &&
	    hdr->exchange == IKE_EXCH_INFORMATIONAL) {
		/* The old SA's Delete again: its answer was lost. */
		ike_sa_queue_out(sa, sa->old_resp, sa->old_resp_len);
		goto out;
	}
	if (hdr->spi_i != sa->spi_i)
		goto out;
	if (rc == -EPROTONOSUPPORT) {
		/* Higher major version: ike_front_check() answers those. */
		goto out;
	}
	if (hdr->exchange == IKE_EXCH_SA_INIT) {
		if (ike_hdr_is_response(hdr)) {
			if (sa->state == IKE_SA_S_INIT_SENT && !hdr->msg_id &&
			    !ike_hdr_from_initiator(hdr))
				ike_sa_i_init_response(sa, rc, now);
		} else if (!sa->initiator && !hdr->msg_id && sa->resp_valid &&
			   !sa->resp_mid && sa->init_req_len == len &&
			   !memcmp(sa->init_req, rx, len)) {
			/* The same IKE_SA_INIT again: the same answer. */
			ike_sa_queue_out(sa, sa->resp_buf, sa->resp_len);
		}
		goto out;
	}
	if (rc == 0)
		authentic = ike_sa_input_sk(sa, rx, len, now);
out:
	sa->ops->free(rx);
	return authentic;
}

void ike_sa_dh_result(struct ike_sa *sa, u32 id, int status,
		      const u8 *pub, u32 pub_len,
		      const u8 *shared, u32 shared_len, u64 now)
{
	bool want_pub, want_shared;
	int rc;

	if (!id || id != sa->dh_wait_id || sa->state == IKE_SA_S_DEAD)
		return;		/* stale, or for an SA that moved on */
	sa->dh_wait_id = 0;
	if (sa->cc.stage != IKE_CC_NONE)
		return ike_sa_cc_dh(sa, status, pub, pub_len, shared,
				    shared_len, now);
	want_pub = sa->state == IKE_SA_S_INIT_DH || sa->state == IKE_SA_S_R_DH;
	want_shared = sa->state == IKE_SA_S_INIT_SHARED ||
		      sa->state == IKE_SA_S_R_DH;
	if (status)
		return ike_sa_fail(sa, 0, status);
	if (want_pub) {
		if (!pub || pub_len != ike_dh_ke_len(sa->dh_group) ||
		    pub_len > IKE_DH_PUB_MAX)
			return ike_sa_fail(sa, 0, -EINVAL);
		memcpy(sa->pub, pub, pub_len);
		sa->pub_len = pub_len;
	}
	if (want_shared && (!shared || !shared_len))
		return ike_sa_fail(sa, 0, -EINVAL);

	switch (sa->state) {
	case IKE_SA_S_INIT_DH:
		rc = ike_sa_send_init(sa, now);
		break;
	case IKE_SA_S_INIT_SHARED:
		rc = ike_sa_derive(sa, shared, shared_len);
		if (!rc)
			rc = ike_sa_send_auth(sa, now);
		break;
	case IKE_SA_S_R_DH:
		rc = ike_sa_derive(sa, shared, shared_len);
		if (!rc)
			rc = ike_sa_r_send_init(sa, now);
		break;
	default:
		rc = 0;		/* nothing waits for it any more */
	}
	if (rc)
		ike_sa_fail(sa, 0, rc);
}
