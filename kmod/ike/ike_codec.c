// SPDX-License-Identifier: GPL-2.0
/*
 * IKEv2 message codec: see ike_codec.h for the contract.
 *
 * Every read from a received buffer is preceded by a check of the bytes
 * left, done in u32 arithmetic on values that are at most IKE_MSG_MAX_LEN,
 * so no sum below can wrap.
 */
#include "ike_codec.h"

/* ---------------------------------------------------------------------- */
/* Names */

struct ike_name {
	u16 value;
	const char *name;
};

static const char *ike_name_lookup(const struct ike_name *t, size_t n,
				   u16 value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].name;
	return NULL;
}

#define IKE_NAME(prefix, x) { prefix##x, #x }

static const struct ike_name ike_exchange_names[] = {
	{ IKE_EXCH_SA_INIT, "IKE_SA_INIT" },
	{ IKE_EXCH_AUTH, "IKE_AUTH" },
	{ IKE_EXCH_CREATE_CHILD_SA, "CREATE_CHILD_SA" },
	{ IKE_EXCH_INFORMATIONAL, "INFORMATIONAL" },
	{ IKE_EXCH_SESSION_RESUME, "IKE_SESSION_RESUME" },
	{ IKE_EXCH_INTERMEDIATE, "IKE_INTERMEDIATE" },
	{ IKE_EXCH_FOLLOWUP_KE, "IKE_FOLLOWUP_KE" },
};

const char *ike_exchange_name(u8 exchange)
{
	return ike_name_lookup(ike_exchange_names,
			       ARRAY_SIZE(ike_exchange_names), exchange);
}

static const struct ike_name ike_payload_names[] = {
	{ IKE_PT_NONE, "NONE" },
	{ IKE_PT_SA, "SA" },
	{ IKE_PT_KE, "KE" },
	{ IKE_PT_IDI, "IDi" },
	{ IKE_PT_IDR, "IDr" },
	{ IKE_PT_CERT, "CERT" },
	{ IKE_PT_CERTREQ, "CERTREQ" },
	{ IKE_PT_AUTH, "AUTH" },
	{ IKE_PT_NONCE, "Nonce" },
	{ IKE_PT_NOTIFY, "N" },
	{ IKE_PT_DELETE, "D" },
	{ IKE_PT_VENDOR, "V" },
	{ IKE_PT_TSI, "TSi" },
	{ IKE_PT_TSR, "TSr" },
	{ IKE_PT_SK, "SK" },
	{ IKE_PT_CP, "CP" },
	{ IKE_PT_EAP, "EAP" },
	{ IKE_PT_GSPM, "GSPM" },
	{ IKE_PT_SKF, "SKF" },
	{ IKE_PT_PS, "PS" },
};

const char *ike_payload_name(u8 type)
{
	return ike_name_lookup(ike_payload_names,
			       ARRAY_SIZE(ike_payload_names), type);
}

static const struct ike_name ike_notify_names[] = {
	IKE_NAME(IKE_N_, UNSUPPORTED_CRITICAL_PAYLOAD),
	IKE_NAME(IKE_N_, INVALID_IKE_SPI),
	IKE_NAME(IKE_N_, INVALID_MAJOR_VERSION),
	IKE_NAME(IKE_N_, INVALID_SYNTAX),
	IKE_NAME(IKE_N_, INVALID_MESSAGE_ID),
	IKE_NAME(IKE_N_, INVALID_SPI),
	IKE_NAME(IKE_N_, NO_PROPOSAL_CHOSEN),
	IKE_NAME(IKE_N_, INVALID_KE_PAYLOAD),
	IKE_NAME(IKE_N_, AUTHENTICATION_FAILED),
	IKE_NAME(IKE_N_, SINGLE_PAIR_REQUIRED),
	IKE_NAME(IKE_N_, NO_ADDITIONAL_SAS),
	IKE_NAME(IKE_N_, INTERNAL_ADDRESS_FAILURE),
	IKE_NAME(IKE_N_, FAILED_CP_REQUIRED),
	IKE_NAME(IKE_N_, TS_UNACCEPTABLE),
	IKE_NAME(IKE_N_, INVALID_SELECTORS),
	IKE_NAME(IKE_N_, UNACCEPTABLE_ADDRESSES),
	IKE_NAME(IKE_N_, UNEXPECTED_NAT_DETECTED),
	{ IKE_N_USE_ASSIGNED_HOA, "USE_ASSIGNED_HoA" },
	IKE_NAME(IKE_N_, TEMPORARY_FAILURE),
	IKE_NAME(IKE_N_, CHILD_SA_NOT_FOUND),
	IKE_NAME(IKE_N_, INVALID_GROUP_ID),
	IKE_NAME(IKE_N_, AUTHORIZATION_FAILED),
	IKE_NAME(IKE_N_, STATE_NOT_FOUND),
	IKE_NAME(IKE_N_, INITIAL_CONTACT),
	IKE_NAME(IKE_N_, SET_WINDOW_SIZE),
	IKE_NAME(IKE_N_, ADDITIONAL_TS_POSSIBLE),
	IKE_NAME(IKE_N_, IPCOMP_SUPPORTED),
	IKE_NAME(IKE_N_, NAT_DETECTION_SOURCE_IP),
	IKE_NAME(IKE_N_, NAT_DETECTION_DESTINATION_IP),
	IKE_NAME(IKE_N_, COOKIE),
	IKE_NAME(IKE_N_, USE_TRANSPORT_MODE),
	IKE_NAME(IKE_N_, HTTP_CERT_LOOKUP_SUPPORTED),
	IKE_NAME(IKE_N_, REKEY_SA),
	IKE_NAME(IKE_N_, ESP_TFC_PADDING_NOT_SUPPORTED),
	IKE_NAME(IKE_N_, NON_FIRST_FRAGMENTS_ALSO),
	IKE_NAME(IKE_N_, MOBIKE_SUPPORTED),
	IKE_NAME(IKE_N_, ADDITIONAL_IP4_ADDRESS),
	IKE_NAME(IKE_N_, ADDITIONAL_IP6_ADDRESS),
	IKE_NAME(IKE_N_, NO_ADDITIONAL_ADDRESSES),
	IKE_NAME(IKE_N_, UPDATE_SA_ADDRESSES),
	IKE_NAME(IKE_N_, COOKIE2),
	IKE_NAME(IKE_N_, NO_NATS_ALLOWED),
	IKE_NAME(IKE_N_, AUTH_LIFETIME),
	IKE_NAME(IKE_N_, MULTIPLE_AUTH_SUPPORTED),
	IKE_NAME(IKE_N_, ANOTHER_AUTH_FOLLOWS),
	IKE_NAME(IKE_N_, REDIRECT_SUPPORTED),
	IKE_NAME(IKE_N_, REDIRECT),
	IKE_NAME(IKE_N_, REDIRECTED_FROM),
	IKE_NAME(IKE_N_, TICKET_LT_OPAQUE),
	IKE_NAME(IKE_N_, TICKET_REQUEST),
	IKE_NAME(IKE_N_, TICKET_ACK),
	IKE_NAME(IKE_N_, TICKET_NACK),
	IKE_NAME(IKE_N_, TICKET_OPAQUE),
	IKE_NAME(IKE_N_, LINK_ID),
	IKE_NAME(IKE_N_, USE_WESP_MODE),
	IKE_NAME(IKE_N_, ROHC_SUPPORTED),
	IKE_NAME(IKE_N_, EAP_ONLY_AUTHENTICATION),
	IKE_NAME(IKE_N_, CHILDLESS_IKEV2_SUPPORTED),
	IKE_NAME(IKE_N_, QUICK_CRASH_DETECTION),
	IKE_NAME(IKE_N_, IKEV2_MESSAGE_ID_SYNC_SUPPORTED),
	IKE_NAME(IKE_N_, IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED),
	IKE_NAME(IKE_N_, IKEV2_MESSAGE_ID_SYNC),
	IKE_NAME(IKE_N_, IPSEC_REPLAY_COUNTER_SYNC),
	IKE_NAME(IKE_N_, SECURE_PASSWORD_METHODS),
	IKE_NAME(IKE_N_, PSK_PERSIST),
	IKE_NAME(IKE_N_, PSK_CONFIRM),
	IKE_NAME(IKE_N_, ERX_SUPPORTED),
	IKE_NAME(IKE_N_, IFOM_CAPABILITY),
	IKE_NAME(IKE_N_, SENDER_REQUEST_ID),
	IKE_NAME(IKE_N_, IKEV2_FRAGMENTATION_SUPPORTED),
	IKE_NAME(IKE_N_, SIGNATURE_HASH_ALGORITHMS),
	IKE_NAME(IKE_N_, CLONE_IKE_SA_SUPPORTED),
	IKE_NAME(IKE_N_, CLONE_IKE_SA),
	IKE_NAME(IKE_N_, PUZZLE),
	IKE_NAME(IKE_N_, USE_PPK),
	IKE_NAME(IKE_N_, PPK_IDENTITY),
	IKE_NAME(IKE_N_, NO_PPK_AUTH),
	IKE_NAME(IKE_N_, INTERMEDIATE_EXCHANGE_SUPPORTED),
	IKE_NAME(IKE_N_, IP4_ALLOWED),
	IKE_NAME(IKE_N_, IP6_ALLOWED),
	IKE_NAME(IKE_N_, ADDITIONAL_KEY_EXCHANGE),
	IKE_NAME(IKE_N_, USE_AGGFRAG),
};

const char *ike_notify_name(u16 type)
{
	return ike_name_lookup(ike_notify_names,
			       ARRAY_SIZE(ike_notify_names), type);
}

/* ---------------------------------------------------------------------- */
/* Errors */

static int ike_fail(struct ike_err *err, int rc, u16 notify, u16 arg,
		    u32 offset, const char *reason)
{
	if (err) {
		err->notify = notify;
		err->arg = arg;
		err->offset = offset;
		err->reason = reason;
	}
	return rc;
}

static int ike_syntax(struct ike_err *err, u32 offset, const char *reason)
{
	return ike_fail(err, -EBADMSG, IKE_N_INVALID_SYNTAX, 0, offset, reason);
}

static int ike_limit(struct ike_err *err, u32 offset, const char *reason)
{
	return ike_fail(err, -E2BIG, IKE_N_INVALID_SYNTAX, 0, offset, reason);
}

unsigned int ike_err_notify_data(const struct ike_err *err, u8 *buf)
{
	switch (err->notify) {
	case IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD:
		buf[0] = (u8)err->arg;
		return 1;
	case IKE_N_INVALID_KE_PAYLOAD:
		put_unaligned_be16(err->arg, buf);
		return 2;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Header and chain */

int ike_decode_hdr(const u8 *buf, u32 len, struct ike_hdr *hdr,
		   struct ike_err *err)
{
	const struct ike_wire_hdr *w = (const struct ike_wire_hdr *)buf;

	if (len < sizeof(*w))
		return ike_fail(err, -EMSGSIZE, 0, 0, 0,
				"shorter than the IKE header");
	hdr->spi_i = get_unaligned_be64(w->spi_i);
	hdr->spi_r = get_unaligned_be64(w->spi_r);
	hdr->next_payload = w->next_payload;
	hdr->major = w->version >> 4;
	hdr->minor = w->version & 0x0f;
	hdr->exchange = w->exchange;
	hdr->flags = w->flags;
	hdr->msg_id = get_unaligned_be32(w->msg_id);
	hdr->length = get_unaligned_be32(w->length);

	if (hdr->major != IKE_MAJOR_VERSION)
		return ike_fail(err, -EPROTONOSUPPORT,
				hdr->major > IKE_MAJOR_VERSION ?
				IKE_N_INVALID_MAJOR_VERSION : 0, 0,
				offsetof(struct ike_wire_hdr, version),
				"unsupported major version");
	if (hdr->length != len || len > IKE_MSG_MAX_LEN)
		return ike_fail(err, -EMSGSIZE, 0, 0,
				offsetof(struct ike_wire_hdr, length),
				"header Length is not the datagram length");
	if (!hdr->spi_i)
		return ike_fail(err, -EBADMSG, 0, 0, 0,
				"initiator SPI is zero");
	return 0;
}

static bool ike_pt_known(u8 type)
{
	return (type >= IKE_PT_SA && type <= IKE_PT_EAP) ||
		type == IKE_PT_SKF;
}

/* Payloads a message carries at most once. */
static bool ike_pt_single(u8 type)
{
	switch (type) {
	case IKE_PT_SA:
	case IKE_PT_KE:
	case IKE_PT_IDI:
	case IKE_PT_IDR:
	case IKE_PT_AUTH:
	case IKE_PT_NONCE:
	case IKE_PT_TSI:
	case IKE_PT_TSR:
	case IKE_PT_SK:
	case IKE_PT_SKF:
	case IKE_PT_CP:
	case IKE_PT_EAP:
		return true;
	}
	return false;
}

/* Body validation, so that a decoded chain only holds well-formed bodies. */
static int ike_validate_payload(const struct ike_payload *pl,
				unsigned int flags, struct ike_err *err)
{
	union {
		struct ike_ke ke;
		struct ike_id id;
		struct ike_cert cert;
		struct ike_auth auth;
		struct ike_blob blob;
		struct ike_notify notify;
		struct ike_delete del;
		struct ike_sk_payload sk;
		struct ike_cp cp;
		struct ike_eap eap;
	} u;

	switch (pl->type) {
	case IKE_PT_SA:
		return ike_decode_sa(pl, flags & IKE_DEC_RESPONSE ?
				     IKE_SA_ANSWER : IKE_SA_OFFER, NULL, err);
	case IKE_PT_KE:
		return ike_decode_ke(pl, &u.ke, err);
	case IKE_PT_IDI:
	case IKE_PT_IDR:
		return ike_decode_id(pl, &u.id, err);
	case IKE_PT_CERT:
	case IKE_PT_CERTREQ:
		return ike_decode_cert(pl, &u.cert, err);
	case IKE_PT_AUTH:
		return ike_decode_auth(pl, &u.auth, err);
	case IKE_PT_NONCE:
		return ike_decode_nonce(pl, &u.blob, err);
	case IKE_PT_NOTIFY:
		return ike_decode_notify(pl, &u.notify, err);
	case IKE_PT_DELETE:
		return ike_decode_delete(pl, &u.del, err);
	case IKE_PT_VENDOR:
		return ike_decode_vendor(pl, &u.blob, err);
	case IKE_PT_TSI:
	case IKE_PT_TSR:
		return ike_decode_ts(pl, NULL, err);
	case IKE_PT_SK:
	case IKE_PT_SKF:
		return ike_decode_sk(pl, &u.sk, err);
	case IKE_PT_CP:
		return ike_decode_cp(pl, &u.cp, err);
	case IKE_PT_EAP:
		return ike_decode_eap(pl, &u.eap, err);
	}
	return 0;
}

int ike_decode_chain(u8 first, const u8 *buf, u32 start, u32 end,
		     unsigned int flags, struct ike_chain *chain,
		     struct ike_err *err)
{
	unsigned int visited = 0;
	u32 off = start;
	u8 type = first;
	int rc;

	chain->count = 0;
	chain->skipped = 0;
	chain->n_notify = 0;
	chain->seen = 0;
	if (start > end || end > IKE_MSG_MAX_LEN)
		return ike_fail(err, -EMSGSIZE, 0, 0, start,
				"chain bounds out of range");

	while (type != IKE_PT_NONE) {
		const struct ike_wire_gen *g;
		struct ike_payload *pl;
		u16 plen;
		u32 bit;

		if (++visited > IKE_MAX_PAYLOADS)
			return ike_limit(err, off, "too many payloads");
		if (end - off < sizeof(*g))
			return ike_syntax(err, off, "payload header truncated");
		g = (const struct ike_wire_gen *)(buf + off);
		plen = get_unaligned_be16(g->length);
		if (plen < sizeof(*g))
			return ike_syntax(err, off, "payload length below 4");
		if (plen > end - off)
			return ike_syntax(err, off, "payload past the end");

		if (!ike_pt_known(type)) {
			/* RFC 7296 3.2: skip unless critical. */
			if (g->flags & IKE_PAYLOAD_F_CRITICAL)
				return ike_fail(err, -EOPNOTSUPP,
						IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD,
						type, off,
						"unsupported critical payload");
			chain->skipped++;
			off += plen;
			type = g->next_payload;
			continue;
		}

		if ((flags & IKE_DEC_INNER) &&
		    (type == IKE_PT_SK || type == IKE_PT_SKF))
			return ike_syntax(err, off, "SK inside SK");
		bit = 1u << (type - 32);
		if (ike_pt_single(type) && (chain->seen & bit))
			return ike_syntax(err, off, "duplicate payload");
		if (type == IKE_PT_NOTIFY &&
		    ++chain->n_notify > IKE_MAX_NOTIFIES)
			return ike_limit(err, off, "too many notifies");
		chain->seen |= bit;

		pl = &chain->pl[chain->count++];
		pl->body = buf + off + sizeof(*g);
		pl->len = plen - sizeof(*g);
		pl->offset = off;
		pl->type = type;
		pl->next = g->next_payload;
		pl->flags = g->flags;
		rc = ike_validate_payload(pl, flags, err);
		if (rc)
			return rc;

		off += plen;
		if (type == IKE_PT_SK || type == IKE_PT_SKF) {
			/* Its Next Payload names the inner chain. */
			if (off != end)
				return ike_syntax(err, off,
						  "SK is not the last payload");
			return 0;
		}
		type = g->next_payload;
	}
	if (off != end)
		return ike_syntax(err, off, "data after the last payload");
	return 0;
}

int ike_decode_msg(const u8 *buf, u32 len, struct ike_msg *msg,
		   struct ike_err *err)
{
	unsigned int flags = 0;
	int rc;

	msg->raw = buf;
	msg->len = len;
	msg->chain.count = 0;
	msg->chain.seen = 0;
	rc = ike_decode_hdr(buf, len, &msg->hdr, err);
	if (rc)
		return rc;
	if (ike_hdr_is_response(&msg->hdr))
		flags |= IKE_DEC_RESPONSE;
	return ike_decode_chain(msg->hdr.next_payload, buf, IKE_HDR_LEN, len,
				flags, &msg->chain, err);
}

const struct ike_payload *ike_chain_next(const struct ike_chain *chain,
					 u8 type,
					 const struct ike_payload *prev)
{
	unsigned int i = prev ? (unsigned int)(prev - chain->pl) + 1 : 0;

	for (; i < chain->count; i++)
		if (chain->pl[i].type == type)
			return &chain->pl[i];
	return NULL;
}

const struct ike_payload *ike_chain_find(const struct ike_chain *chain,
					 u8 type)
{
	return ike_chain_next(chain, type, NULL);
}

/* ---------------------------------------------------------------------- */
/* Payload bodies */

/* Offset of body byte @i, for error reports. */
static u32 ike_body_off(const struct ike_payload *pl, u32 i)
{
	return pl->offset + IKE_GEN_HDR_LEN + i;
}

int ike_decode_ke(const struct ike_payload *pl, struct ike_ke *ke,
		  struct ike_err *err)
{
	const struct ike_wire_ke *w = (const struct ike_wire_ke *)pl->body;

	if (pl->len < sizeof(*w) + 1)
		return ike_syntax(err, pl->offset, "KE payload too short");
	ke->group = get_unaligned_be16(w->group);
	ke->data = pl->body + sizeof(*w);
	ke->len = pl->len - sizeof(*w);
	return 0;
}

int ike_decode_id(const struct ike_payload *pl, struct ike_id *id,
		  struct ike_err *err)
{
	const struct ike_wire_id *w = (const struct ike_wire_id *)pl->body;
	u16 dlen;

	if (pl->len < sizeof(*w))
		return ike_syntax(err, pl->offset, "ID payload too short");
	dlen = pl->len - sizeof(*w);
	switch (w->type) {
	case IKE_ID_IPV4_ADDR:
		if (dlen != 4)
			return ike_syntax(err, pl->offset, "bad ID_IPV4_ADDR");
		break;
	case IKE_ID_IPV6_ADDR:
		if (dlen != 16)
			return ike_syntax(err, pl->offset, "bad ID_IPV6_ADDR");
		break;
	case IKE_ID_NULL:
		if (dlen != 0)
			return ike_syntax(err, pl->offset, "ID_NULL with data");
		break;
	default:
		if (dlen == 0)
			return ike_syntax(err, pl->offset, "empty ID");
	}
	id->type = w->type;
	id->data = pl->body + sizeof(*w);
	id->len = dlen;
	return 0;
}

int ike_decode_cert(const struct ike_payload *pl, struct ike_cert *cert,
		    struct ike_err *err)
{
	/* A CERTREQ may carry no CA hashes; a CERT always has data. */
	u16 min = pl->type == IKE_PT_CERT ? 2 : 1;

	if (pl->len < min)
		return ike_syntax(err, pl->offset, "CERT/CERTREQ too short");
	cert->encoding = pl->body[0];
	cert->data = pl->body + 1;
	cert->len = pl->len - 1;
	return 0;
}

int ike_decode_auth(const struct ike_payload *pl, struct ike_auth *auth,
		    struct ike_err *err)
{
	const struct ike_wire_id *w = (const struct ike_wire_id *)pl->body;

	if (pl->len < sizeof(*w) + 1)
		return ike_syntax(err, pl->offset, "AUTH payload too short");
	auth->method = w->type;
	auth->data = pl->body + sizeof(*w);
	auth->len = pl->len - sizeof(*w);
	return 0;
}

int ike_decode_nonce(const struct ike_payload *pl, struct ike_blob *nonce,
		     struct ike_err *err)
{
	if (pl->len < IKE_NONCE_MIN_LEN || pl->len > IKE_NONCE_MAX_LEN)
		return ike_syntax(err, pl->offset, "nonce not 16..256 bytes");
	nonce->data = pl->body;
	nonce->len = pl->len;
	return 0;
}

/*
 * The notifies whose data RFC 7296 fixes and that we act on; shared by the
 * decoder and the encoder so that we never send what we would reject.
 */
static bool ike_notify_format_ok(u16 type, u8 protocol, u8 spi_size,
				 u16 len)
{
	switch (type) {
	case IKE_N_INVALID_KE_PAYLOAD:
		return len == 2;
	case IKE_N_NAT_DETECTION_SOURCE_IP:
	case IKE_N_NAT_DETECTION_DESTINATION_IP:
		return len == IKE_NATD_HASH_LEN;
	case IKE_N_COOKIE:
		return len >= IKE_COOKIE_MIN_LEN && len <= IKE_COOKIE_MAX_LEN;
	case IKE_N_SET_WINDOW_SIZE:
		return len == 4;
	case IKE_N_REKEY_SA:
		return spi_size == IKE_SPI_SIZE_CHILD &&
		       (protocol == IKE_PROTO_AH || protocol == IKE_PROTO_ESP);
	case IKE_N_IPCOMP_SUPPORTED:
		return len >= 3;	/* CPI (2) + transform ID (1) */
	case IKE_N_SIGNATURE_HASH_ALGORITHMS:
		return !(len & 1);
	}
	return true;
}

int ike_decode_notify(const struct ike_payload *pl, struct ike_notify *n,
		      struct ike_err *err)
{
	const struct ike_wire_notify *w =
		(const struct ike_wire_notify *)pl->body;

	if (pl->len < sizeof(*w))
		return ike_syntax(err, pl->offset, "Notify too short");
	if (pl->len - sizeof(*w) < w->spi_size)
		return ike_syntax(err, ike_body_off(pl, 1),
				  "Notify SPI past the payload");
	n->protocol = w->protocol;
	n->spi_size = w->spi_size;
	n->type = get_unaligned_be16(w->type);
	n->spi = pl->body + sizeof(*w);
	n->data = n->spi + n->spi_size;
	n->len = pl->len - sizeof(*w) - n->spi_size;

	if (!ike_notify_format_ok(n->type, n->protocol, n->spi_size, n->len))
		return ike_syntax(err, pl->offset,
				  "bad data for this notify type");
	return 0;
}

int ike_decode_delete(const struct ike_payload *pl, struct ike_delete *del,
		      struct ike_err *err)
{
	const struct ike_wire_delete *w =
		(const struct ike_wire_delete *)pl->body;

	if (pl->len < sizeof(*w))
		return ike_syntax(err, pl->offset, "Delete too short");
	del->protocol = w->protocol;
	del->spi_size = w->spi_size;
	del->n_spi = get_unaligned_be16(w->n_spi);
	del->spis = pl->body + sizeof(*w);
	switch (w->protocol) {
	case IKE_PROTO_IKE:
		/* The SA is the one of the header (RFC 7296 3.11). */
		if (w->spi_size != 0 || pl->len != sizeof(*w))
			return ike_syntax(err, pl->offset, "bad IKE Delete");
		del->n_spi = 0;
		break;
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		if (w->spi_size != IKE_SPI_SIZE_CHILD ||
		    pl->len - sizeof(*w) != (u32)del->n_spi * IKE_SPI_SIZE_CHILD)
			return ike_syntax(err, pl->offset,
					  "Delete SPI count/size mismatch");
		break;
	default:
		return ike_syntax(err, pl->offset, "Delete of unknown protocol");
	}
	return 0;
}

int ike_decode_vendor(const struct ike_payload *pl, struct ike_blob *vid,
		      struct ike_err *err)
{
	vid->data = pl->body;
	vid->len = pl->len;
	return 0;
}

int ike_decode_ts(const struct ike_payload *pl, struct ike_ts_list *out,
		  struct ike_err *err)
{
	const struct ike_wire_ts_hdr *h =
		(const struct ike_wire_ts_hdr *)pl->body;
	u32 off = sizeof(*h);
	unsigned int i;

	if (out) {
		out->count = 0;
		out->unknown = 0;
		out->truncated = false;
	}
	if (pl->len < sizeof(*h))
		return ike_syntax(err, pl->offset, "TS payload too short");
	if (h->n_ts == 0)
		return ike_syntax(err, pl->offset, "TS payload without selectors");
	if (h->n_ts > IKE_MAX_TS)
		return ike_limit(err, pl->offset, "too many traffic selectors");

	for (i = 0; i < h->n_ts; i++) {
		const struct ike_wire_ts *w;
		u32 alen, slen;
		u16 sport, eport;
		const u8 *start, *end;

		if (pl->len - off < 4)
			return ike_syntax(err, ike_body_off(pl, off),
					  "selector truncated");
		w = (const struct ike_wire_ts *)(pl->body + off);
		slen = get_unaligned_be16(w->length);
		if (slen > pl->len - off)
			return ike_syntax(err, ike_body_off(pl, off),
					  "selector past the payload");
		switch (w->type) {
		case IKE_TS_IPV4_ADDR_RANGE:
			alen = 4;
			break;
		case IKE_TS_IPV6_ADDR_RANGE:
			alen = 16;
			break;
		default:
			/* Unknown type: skip it (RFC 7296 2.9). */
			if (slen < 4)
				return ike_syntax(err, ike_body_off(pl, off),
						  "selector length below 4");
			if (out)
				out->unknown++;
			off += slen;
			continue;
		}
		if (slen != sizeof(*w) + 2 * alen)
			return ike_syntax(err, ike_body_off(pl, off),
					  "bad selector length for its type");
		sport = get_unaligned_be16(w->start_port);
		eport = get_unaligned_be16(w->end_port);
		if (sport > eport && !(sport == 65535 && eport == 0))
			return ike_syntax(err, ike_body_off(pl, off),
					  "start port above end port");
		start = pl->body + off + sizeof(*w);
		end = start + alen;
		if (memcmp(start, end, alen) > 0)
			return ike_syntax(err, ike_body_off(pl, off),
					  "start address above end address");
		if (out) {
			struct ike_ts *ts = &out->ts[out->count++];

			memset(ts, 0, sizeof(*ts));
			ts->type = w->type;
			ts->ip_proto = w->ip_proto;
			ts->start_port = sport;
			ts->end_port = eport;
			memcpy(ts->start, start, alen);
			memcpy(ts->end, end, alen);
		}
		off += slen;
	}
	if (off != pl->len)
		return ike_syntax(err, ike_body_off(pl, off),
				  "data after the last selector");
	return 0;
}

int ike_decode_sk(const struct ike_payload *pl, struct ike_sk_payload *sk,
		  struct ike_err *err)
{
	u32 hlen = 0;

	sk->first_inner = pl->next;
	sk->hdr_offset = pl->offset;
	sk->fragment = pl->type == IKE_PT_SKF;
	sk->frag_num = 0;
	sk->frag_total = 0;
	if (sk->fragment) {
		const struct ike_wire_skf *w =
			(const struct ike_wire_skf *)pl->body;

		if (pl->len < sizeof(*w))
			return ike_syntax(err, pl->offset, "SKF too short");
		sk->frag_num = get_unaligned_be16(w->frag_num);
		sk->frag_total = get_unaligned_be16(w->total);
		if (!sk->frag_num || sk->frag_num > sk->frag_total)
			return ike_syntax(err, pl->offset,
					  "bad fragment number");
		hlen = sizeof(*w);
	}
	sk->data = pl->body + hlen;
	sk->len = pl->len - hlen;
	return 0;
}

/* One CP attribute at @pos of @p[0, @len); false if malformed. */
static bool ike_cp_attr_at(const u8 *p, u32 len, u32 pos,
			   struct ike_cp_attr *attr)
{
	const struct ike_wire_cp_attr *w;

	if (len - pos < sizeof(*w))
		return false;
	w = (const struct ike_wire_cp_attr *)(p + pos);
	attr->type = get_unaligned_be16(w->type) & IKE_CFG_ATTR_TYPE_MASK;
	attr->len = get_unaligned_be16(w->length);
	if (attr->len > len - pos - sizeof(*w))
		return false;
	attr->value = p + pos + sizeof(*w);
	return true;
}

int ike_decode_cp(const struct ike_payload *pl, struct ike_cp *cp,
		  struct ike_err *err)
{
	const struct ike_wire_cp *w = (const struct ike_wire_cp *)pl->body;
	struct ike_cp_attr attr;
	unsigned int n = 0;
	u32 pos = 0;

	if (pl->len < sizeof(*w))
		return ike_syntax(err, pl->offset, "CP payload too short");
	cp->type = w->type;
	cp->attrs = pl->body + sizeof(*w);
	cp->len = pl->len - sizeof(*w);
	while (pos < cp->len) {
		if (++n > IKE_MAX_CP_ATTRS)
			return ike_limit(err, ike_body_off(pl, 4 + pos),
					 "too many CP attributes");
		if (!ike_cp_attr_at(cp->attrs, cp->len, pos, &attr))
			return ike_syntax(err, ike_body_off(pl, 4 + pos),
					  "CP attribute past the payload");
		pos += sizeof(struct ike_wire_cp_attr) + attr.len;
	}
	cp->n_attrs = n;
	return 0;
}

bool ike_cp_next_attr(const struct ike_cp *cp, u16 *pos,
		      struct ike_cp_attr *attr)
{
	if (*pos >= cp->len || !ike_cp_attr_at(cp->attrs, cp->len, *pos, attr))
		return false;
	*pos += sizeof(struct ike_wire_cp_attr) + attr->len;
	return true;
}

int ike_decode_eap(const struct ike_payload *pl, struct ike_eap *eap,
		   struct ike_err *err)
{
	const struct ike_wire_eap *w = (const struct ike_wire_eap *)pl->body;
	u16 elen;

	if (pl->len < sizeof(*w))
		return ike_syntax(err, pl->offset, "EAP payload too short");
	elen = get_unaligned_be16(w->length);
	if (elen != pl->len)
		return ike_syntax(err, pl->offset,
				  "EAP Length is not the payload length");
	switch (w->code) {
	case IKE_EAP_REQUEST:
	case IKE_EAP_RESPONSE:
	case IKE_EAP_INITIATE:
	case IKE_EAP_FINISH:
		if (elen < sizeof(*w) + 1)
			return ike_syntax(err, pl->offset, "EAP without Type");
		eap->type = pl->body[sizeof(*w)];
		break;
	case IKE_EAP_SUCCESS:
	case IKE_EAP_FAILURE:
		if (elen != sizeof(*w))
			return ike_syntax(err, pl->offset,
					  "EAP Success/Failure with data");
		eap->type = 0;
		break;
	default:
		return ike_syntax(err, pl->offset, "unknown EAP code");
	}
	eap->code = w->code;
	eap->id = w->id;
	eap->pkt = pl->body;
	eap->len = elen;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* SA payload */

/*
 * Attributes of one transform in @p[0, @len), @off its message offset.
 * With @err NULL (iteration of checked data) it only reports failure.
 */
static int ike_parse_attrs(const u8 *p, u32 len, u32 off,
			   struct ike_sa_xform *xf, struct ike_err *err)
{
	unsigned int n = 0;
	bool have_keylen = false;
	u32 pos = 0;

	xf->keylen = 0;
	xf->unknown_attr = false;
	while (pos < len) {
		const struct ike_wire_attr *a;
		u16 type, val;

		if (++n > IKE_MAX_ATTRS)
			return ike_limit(err, off + pos, "too many attributes");
		if (len - pos < sizeof(*a))
			return ike_syntax(err, off + pos, "attribute truncated");
		a = (const struct ike_wire_attr *)(p + pos);
		type = get_unaligned_be16(a->type);
		val = get_unaligned_be16(a->value);
		if (type & IKE_ATTR_FORMAT_TV) {
			if ((type & IKE_ATTR_TYPE_MASK) == IKE_ATTR_KEY_LENGTH) {
				if (have_keylen)
					return ike_syntax(err, off + pos,
							  "Key Length twice");
				if (!val)
					return ike_syntax(err, off + pos,
							  "Key Length 0");
				have_keylen = true;
				xf->keylen = val;
			} else {
				xf->unknown_attr = true;
			}
			pos += sizeof(*a);
			continue;
		}
		/* TLV: @val is the length of the value that follows. */
		if ((type & IKE_ATTR_TYPE_MASK) == IKE_ATTR_KEY_LENGTH)
			return ike_syntax(err, off + pos,
					  "Key Length is TV, not TLV");
		if (val > len - pos - sizeof(*a))
			return ike_syntax(err, off + pos,
					  "TLV attribute past the transform");
		xf->unknown_attr = true;
		pos += sizeof(*a) + val;
	}
	return 0;
}

/*
 * One transform at @p[0, @left): fills @xf and its length. Checks lengths
 * and the last-substructure value; attributes via ike_parse_attrs().
 */
static int ike_parse_xform(const u8 *p, u32 left, u32 off,
			   struct ike_sa_xform *xf, u16 *xlen, bool *last,
			   struct ike_err *err)
{
	const struct ike_wire_xform *w = (const struct ike_wire_xform *)p;

	if (left < sizeof(*w))
		return ike_syntax(err, off, "transform truncated");
	*xlen = get_unaligned_be16(w->length);
	if (*xlen < sizeof(*w) || *xlen > left)
		return ike_syntax(err, off, "bad transform length");
	if (w->last != 0 && w->last != 3)
		return ike_syntax(err, off, "bad transform last-substructure");
	*last = w->last == 0;
	xf->type = w->type;
	xf->id = get_unaligned_be16(w->id);
	return ike_parse_attrs(p + sizeof(*w), *xlen - sizeof(*w),
			       off + sizeof(*w), xf, err);
}

/* One proposal header at @p[0, @left): fills @prop and its length. */
static int ike_parse_prop(const u8 *p, u32 left, u32 off,
			  struct ike_sa_prop *prop, u16 *plen, bool *last,
			  struct ike_err *err)
{
	const struct ike_wire_prop *w = (const struct ike_wire_prop *)p;
	u32 hlen;

	if (left < sizeof(*w))
		return ike_syntax(err, off, "proposal truncated");
	*plen = get_unaligned_be16(w->length);
	hlen = sizeof(*w) + w->spi_size;
	if (*plen < hlen || *plen > left)
		return ike_syntax(err, off, "bad proposal length");
	if (w->last != 0 && w->last != 2)
		return ike_syntax(err, off, "bad proposal last-substructure");
	*last = w->last == 0;
	prop->num = w->num;
	prop->protocol = w->protocol;
	prop->spi_size = w->spi_size;
	prop->n_transforms = w->n_transforms;
	prop->spi = p + sizeof(*w);
	prop->xforms = p + hlen;
	prop->xforms_len = *plen - hlen;
	return 0;
}

static int ike_check_prop(const struct ike_sa_prop *prop, u32 off,
			  struct ike_err *err)
{
	struct ike_sa_xform xf;
	const u8 *p = prop->xforms;
	u32 left = prop->xforms_len;
	u32 xoff = off + sizeof(struct ike_wire_prop) + prop->spi_size;
	unsigned int n = 0;
	bool last = false;
	int rc;

	switch (prop->protocol) {
	case IKE_PROTO_NONE:
		return ike_syntax(err, off, "proposal protocol 0");
	case IKE_PROTO_IKE:
		/* 0 in IKE_SA_INIT, 8 when rekeying (RFC 7296 3.3.1). */
		if (prop->spi_size != 0 && prop->spi_size != IKE_SPI_SIZE_IKE)
			return ike_syntax(err, off, "bad IKE SPI size");
		break;
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		if (prop->spi_size != IKE_SPI_SIZE_CHILD)
			return ike_syntax(err, off, "bad AH/ESP SPI size");
		break;
	}
	if (prop->n_transforms == 0)
		return ike_syntax(err, off, "proposal without transforms");
	if (prop->n_transforms > IKE_MAX_TRANSFORMS)
		return ike_limit(err, off, "too many transforms");

	while (left) {
		u16 xlen;

		if (last)
			return ike_syntax(err, xoff, "transform after the last");
		if (++n > prop->n_transforms)
			return ike_syntax(err, xoff,
					  "more transforms than announced");
		rc = ike_parse_xform(p, left, xoff, &xf, &xlen, &last, err);
		if (rc)
			return rc;
		p += xlen;
		left -= xlen;
		xoff += xlen;
	}
	if (n != prop->n_transforms)
		return ike_syntax(err, xoff, "fewer transforms than announced");
	if (!last)
		return ike_syntax(err, xoff, "last transform not marked last");
	return 0;
}

int ike_decode_sa(const struct ike_payload *pl, enum ike_sa_role role,
		  u8 *n_props, struct ike_err *err)
{
	struct ike_sa_prop prop;
	const u8 *p = pl->body;
	u32 left = pl->len;
	u32 off = ike_body_off(pl, 0);
	unsigned int n = 0;
	bool last = false;
	int rc;

	if (!left)
		return ike_syntax(err, pl->offset, "SA payload without proposals");
	while (left) {
		u16 plen;

		if (last)
			return ike_syntax(err, off, "proposal after the last");
		if (++n > IKE_MAX_PROPOSALS)
			return ike_limit(err, off, "too many proposals");
		rc = ike_parse_prop(p, left, off, &prop, &plen, &last, err);
		if (rc)
			return rc;
		if (!prop.num)
			return ike_syntax(err, off, "proposal number 0");
		/* RFC 7296 3.3.1 */
		if (role == IKE_SA_OFFER && prop.num != n)
			return ike_syntax(err, off,
					  "proposals not numbered 1, 2, ...");
		if (role == IKE_SA_ANSWER && n > 1)
			return ike_syntax(err, off,
					  "more than one proposal in an answer");
		rc = ike_check_prop(&prop, off, err);
		if (rc)
			return rc;
		p += plen;
		left -= plen;
		off += plen;
	}
	if (!last)
		return ike_syntax(err, off, "last proposal not marked last");
	if (n_props)
		*n_props = n;
	return 0;
}

void ike_sa_iter_init(struct ike_sa_iter *it, const struct ike_payload *pl)
{
	it->p = pl->body;
	it->left = pl->len;
}

bool ike_sa_next_prop(struct ike_sa_iter *it, struct ike_sa_prop *prop)
{
	u16 plen;
	bool last;

	if (!it->left || ike_parse_prop(it->p, it->left, 0, prop, &plen,
					&last, NULL)) {
		it->left = 0;
		return false;
	}
	it->p += plen;
	it->left -= plen;
	return true;
}

void ike_xform_iter_init(struct ike_xform_iter *it,
			 const struct ike_sa_prop *prop)
{
	it->p = prop->xforms;
	it->left = prop->xforms_len;
}

bool ike_xform_next(struct ike_xform_iter *it, struct ike_sa_xform *xf)
{
	u16 xlen;
	bool last;

	if (!it->left || ike_parse_xform(it->p, it->left, 0, xf, &xlen, &last,
					 NULL)) {
		it->left = 0;
		return false;
	}
	it->p += xlen;
	it->left -= xlen;
	return true;
}

/* ---------------------------------------------------------------------- */
/* Encoding */

#define IKE_W_NONE	0xffffffffu

void ike_writer_init(struct ike_writer *w, u8 *buf, u32 cap)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	/* Lengths and offsets are u16 on the wire and in ike_payload. */
	w->cap = min_t(u32, cap, IKE_MSG_MAX_LEN);
	w->np_off = IKE_W_NONE;
	w->pl_off = IKE_W_NONE;
	w->sk_off = IKE_W_NONE;
	w->prop_off = IKE_W_NONE;
	w->xf_off = IKE_W_NONE;
}

int ike_writer_fail(struct ike_writer *w, int rc)
{
	if (!w->error)
		w->error = rc;
	return w->error;
}

/* @n bytes at the end, or NULL (and the sticky error) if they do not fit. */
static u8 *ike_w_reserve(struct ike_writer *w, u32 n)
{
	u8 *p;

	if (w->error)
		return NULL;
	if (n > w->cap - w->len) {
		ike_writer_fail(w, -EMSGSIZE);
		return NULL;
	}
	p = w->buf + w->len;
	w->len += n;
	return p;
}

int ike_put_bytes(struct ike_writer *w, const void *data, u32 len)
{
	u8 *p;

	if (w->pl_off == IKE_W_NONE)
		return ike_writer_fail(w, -EINVAL);
	p = ike_w_reserve(w, len);
	if (!p)
		return w->error;
	if (len)
		memcpy(p, data, len);
	return 0;
}

static int ike_put_zero(struct ike_writer *w, u32 len)
{
	u8 *p = ike_w_reserve(w, len);

	if (!p)
		return w->error;
	memset(p, 0, len);
	return 0;
}

int ike_put_u8(struct ike_writer *w, u8 v)
{
	return ike_put_bytes(w, &v, 1);
}

int ike_put_u16(struct ike_writer *w, u16 v)
{
	u8 b[2];

	put_unaligned_be16(v, b);
	return ike_put_bytes(w, b, sizeof(b));
}

int ike_put_u32(struct ike_writer *w, u32 v)
{
	u8 b[4];

	put_unaligned_be32(v, b);
	return ike_put_bytes(w, b, sizeof(b));
}

int ike_put_hdr(struct ike_writer *w, const struct ike_hdr *hdr)
{
	struct ike_wire_hdr *h;

	if (w->len || w->has_hdr)
		return ike_writer_fail(w, -EINVAL);
	h = (struct ike_wire_hdr *)ike_w_reserve(w, sizeof(*h));
	if (!h)
		return w->error;
	put_unaligned_be64(hdr->spi_i, h->spi_i);
	put_unaligned_be64(hdr->spi_r, h->spi_r);
	h->next_payload = IKE_PT_NONE;
	h->version = IKE_MAJOR_VERSION << 4 | IKE_MINOR_VERSION;
	h->exchange = hdr->exchange;
	h->flags = hdr->flags;
	put_unaligned_be32(hdr->msg_id, h->msg_id);
	put_unaligned_be32(sizeof(*h), h->length);
	w->has_hdr = true;
	w->np_off = offsetof(struct ike_wire_hdr, next_payload);
	return 0;
}

int ike_put_payload_begin(struct ike_writer *w, u8 type, u8 flags)
{
	struct ike_wire_gen *g;
	u32 off = w->len;

	if (w->error)
		return w->error;
	if (w->pl_off != IKE_W_NONE || w->closed || type == IKE_PT_NONE)
		return ike_writer_fail(w, -EINVAL);
	g = (struct ike_wire_gen *)ike_w_reserve(w, sizeof(*g));
	if (!g)
		return w->error;
	if (w->np_off != IKE_W_NONE)
		w->buf[w->np_off] = type;
	else
		w->first_type = type;
	g->next_payload = IKE_PT_NONE;
	g->flags = flags;
	put_unaligned_be16(sizeof(*g), g->length);
	w->np_off = off;
	w->pl_off = off;
	w->open_type = type;
	return 0;
}

/* Patches the proposal being closed: its length and transform count. */
static void ike_w_close_prop(struct ike_writer *w)
{
	u8 *p;

	if (w->prop_off == IKE_W_NONE)
		return;
	p = w->buf + w->prop_off;
	put_unaligned_be16(w->len - w->prop_off, p + 2);
	p[offsetof(struct ike_wire_prop, n_transforms)] = w->n_xf;
	if (w->len - w->prop_off > 0xffff)
		ike_writer_fail(w, -EMSGSIZE);
}

int ike_put_payload_end(struct ike_writer *w)
{
	u32 len;

	if (w->pl_off == IKE_W_NONE)
		return ike_writer_fail(w, -EINVAL);
	if (w->open_type == IKE_PT_SA) {
		if (w->prop_off == IKE_W_NONE)
			return ike_writer_fail(w, -EINVAL);	/* no proposal */
		ike_w_close_prop(w);
		if (w->n_xf == 0)
			ike_writer_fail(w, -EINVAL);
		w->prop_off = IKE_W_NONE;
		w->xf_off = IKE_W_NONE;
	}
	len = w->len - w->pl_off;
	if (len > 0xffff)
		ike_writer_fail(w, -EMSGSIZE);
	put_unaligned_be16((u16)len, w->buf + w->pl_off + 2);
	w->pl_off = IKE_W_NONE;
	w->open_type = IKE_PT_NONE;
	return w->error;
}

int ike_put_sa_begin(struct ike_writer *w)
{
	w->prop_off = IKE_W_NONE;
	w->xf_off = IKE_W_NONE;
	w->n_xf = 0;
	return ike_put_payload_begin(w, IKE_PT_SA, 0);
}

int ike_put_proposal(struct ike_writer *w, u8 num, u8 protocol,
		     const u8 *spi, u8 spi_size)
{
	struct ike_wire_prop *p;
	u32 off = w->len;

	if (w->error)
		return w->error;
	if (w->open_type != IKE_PT_SA || !num || protocol == IKE_PROTO_NONE)
		return ike_writer_fail(w, -EINVAL);
	switch (protocol) {
	case IKE_PROTO_IKE:
		if (spi_size != 0 && spi_size != IKE_SPI_SIZE_IKE)
			return ike_writer_fail(w, -EINVAL);
		break;
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		if (spi_size != IKE_SPI_SIZE_CHILD)
			return ike_writer_fail(w, -EINVAL);
		break;
	}
	if (w->prop_off != IKE_W_NONE) {
		if (!w->n_xf)
			return ike_writer_fail(w, -EINVAL);
		ike_w_close_prop(w);
		w->buf[w->prop_off] = 2;	/* more proposals follow */
	}
	p = (struct ike_wire_prop *)ike_w_reserve(w, sizeof(*p) + spi_size);
	if (!p)
		return w->error;
	p->last = 0;
	p->reserved = 0;
	put_unaligned_be16(sizeof(*p) + spi_size, p->length);
	p->num = num;
	p->protocol = protocol;
	p->spi_size = spi_size;
	p->n_transforms = 0;
	if (spi_size)
		memcpy(p + 1, spi, spi_size);
	w->prop_off = off;
	w->xf_off = IKE_W_NONE;
	w->n_xf = 0;
	return 0;
}

int ike_put_transform(struct ike_writer *w, u8 type, u16 id, u16 keylen)
{
	struct ike_wire_xform *x;
	u32 off = w->len;
	u32 len = sizeof(*x) + (keylen ? sizeof(struct ike_wire_attr) : 0);

	if (w->error)
		return w->error;
	if (w->prop_off == IKE_W_NONE || w->n_xf >= IKE_MAX_TRANSFORMS)
		return ike_writer_fail(w, -EINVAL);
	x = (struct ike_wire_xform *)ike_w_reserve(w, len);
	if (!x)
		return w->error;
	if (w->xf_off != IKE_W_NONE)
		w->buf[w->xf_off] = 3;		/* more transforms follow */
	x->last = 0;
	x->reserved = 0;
	put_unaligned_be16(len, x->length);
	x->type = type;
	x->reserved2 = 0;
	put_unaligned_be16(id, x->id);
	if (keylen) {
		struct ike_wire_attr *a = (struct ike_wire_attr *)(x + 1);

		put_unaligned_be16(IKE_ATTR_FORMAT_TV | IKE_ATTR_KEY_LENGTH,
				   a->type);
		put_unaligned_be16(keylen, a->value);
	}
	w->xf_off = off;
	w->n_xf++;
	return 0;
}

int ike_put_sa_end(struct ike_writer *w)
{
	if (w->open_type != IKE_PT_SA)
		return ike_writer_fail(w, -EINVAL);
	return ike_put_payload_end(w);
}

/* A payload whose body is a 4-byte fixed part then opaque data. */
static int ike_put_simple(struct ike_writer *w, u8 type, const void *fixed,
			  u32 fixed_len, const u8 *data, u32 len)
{
	ike_put_payload_begin(w, type, 0);
	ike_put_bytes(w, fixed, fixed_len);
	ike_put_bytes(w, data, len);
	return ike_put_payload_end(w);
}

int ike_put_ke(struct ike_writer *w, u16 group, const u8 *data, u16 len)
{
	struct ike_wire_ke ke = { };

	if (!len)
		return ike_writer_fail(w, -EINVAL);
	put_unaligned_be16(group, ke.group);
	return ike_put_simple(w, IKE_PT_KE, &ke, sizeof(ke), data, len);
}

int ike_put_id(struct ike_writer *w, u8 pt, u8 id_type, const u8 *data,
	       u16 len)
{
	struct ike_wire_id id = { .type = id_type };
	bool ok;

	switch (id_type) {
	case IKE_ID_IPV4_ADDR:
		ok = len == 4;
		break;
	case IKE_ID_IPV6_ADDR:
		ok = len == 16;
		break;
	case IKE_ID_NULL:
		ok = len == 0;
		break;
	default:
		ok = len != 0;
	}
	if (!ok || (pt != IKE_PT_IDI && pt != IKE_PT_IDR))
		return ike_writer_fail(w, -EINVAL);
	return ike_put_simple(w, pt, &id, sizeof(id), data, len);
}

int ike_put_cert(struct ike_writer *w, u8 pt, u8 encoding, const u8 *data,
		 u16 len)
{
	if ((pt != IKE_PT_CERT && pt != IKE_PT_CERTREQ) ||
	    (pt == IKE_PT_CERT && !len))
		return ike_writer_fail(w, -EINVAL);
	return ike_put_simple(w, pt, &encoding, 1, data, len);
}

int ike_put_auth(struct ike_writer *w, u8 method, const u8 *data, u16 len)
{
	struct ike_wire_id a = { .type = method };

	if (!len)
		return ike_writer_fail(w, -EINVAL);
	return ike_put_simple(w, IKE_PT_AUTH, &a, sizeof(a), data, len);
}

int ike_put_nonce(struct ike_writer *w, const u8 *data, u16 len)
{
	if (len < IKE_NONCE_MIN_LEN || len > IKE_NONCE_MAX_LEN)
		return ike_writer_fail(w, -EINVAL);
	return ike_put_simple(w, IKE_PT_NONCE, NULL, 0, data, len);
}

int ike_put_notify(struct ike_writer *w, u8 protocol, const u8 *spi,
		   u8 spi_size, u16 type, const u8 *data, u16 len)
{
	struct ike_wire_notify n = {
		.protocol = protocol,
		.spi_size = spi_size,
	};

	if (!ike_notify_format_ok(type, protocol, spi_size, len))
		return ike_writer_fail(w, -EINVAL);
	put_unaligned_be16(type, n.type);
	ike_put_payload_begin(w, IKE_PT_NOTIFY, 0);
	ike_put_bytes(w, &n, sizeof(n));
	ike_put_bytes(w, spi, spi_size);
	ike_put_bytes(w, data, len);
	return ike_put_payload_end(w);
}

int ike_put_delete(struct ike_writer *w, u8 protocol, const u8 *spis,
		   u16 n)
{
	struct ike_wire_delete d = { .protocol = protocol };

	switch (protocol) {
	case IKE_PROTO_IKE:
		if (n)
			return ike_writer_fail(w, -EINVAL);
		break;
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		d.spi_size = IKE_SPI_SIZE_CHILD;
		break;
	default:
		return ike_writer_fail(w, -EINVAL);
	}
	put_unaligned_be16(n, d.n_spi);
	return ike_put_simple(w, IKE_PT_DELETE, &d, sizeof(d), spis,
			      (u32)n * d.spi_size);
}

int ike_put_vendor(struct ike_writer *w, const u8 *data, u16 len)
{
	return ike_put_simple(w, IKE_PT_VENDOR, NULL, 0, data, len);
}

int ike_put_ts(struct ike_writer *w, u8 pt, const struct ike_ts_list *ts)
{
	struct ike_wire_ts_hdr h = { .n_ts = ts->count };
	unsigned int i;

	if ((pt != IKE_PT_TSI && pt != IKE_PT_TSR) || !ts->count ||
	    ts->count > IKE_MAX_TS)
		return ike_writer_fail(w, -EINVAL);
	for (i = 0; i < ts->count; i++) {
		const struct ike_ts *t = &ts->ts[i];
		u32 alen = t->type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16;

		if ((t->type != IKE_TS_IPV4_ADDR_RANGE &&
		     t->type != IKE_TS_IPV6_ADDR_RANGE) ||
		    (t->start_port > t->end_port &&
		     !(t->start_port == 65535 && t->end_port == 0)) ||
		    memcmp(t->start, t->end, alen) > 0)
			return ike_writer_fail(w, -EINVAL);
	}
	ike_put_payload_begin(w, pt, 0);
	ike_put_bytes(w, &h, sizeof(h));
	for (i = 0; i < ts->count; i++) {
		const struct ike_ts *t = &ts->ts[i];
		u32 alen = t->type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16;
		struct ike_wire_ts s = {
			.type = t->type,
			.ip_proto = t->ip_proto,
		};

		put_unaligned_be16(sizeof(s) + 2 * alen, s.length);
		put_unaligned_be16(t->start_port, s.start_port);
		put_unaligned_be16(t->end_port, s.end_port);
		ike_put_bytes(w, &s, sizeof(s));
		ike_put_bytes(w, t->start, alen);
		ike_put_bytes(w, t->end, alen);
	}
	return ike_put_payload_end(w);
}

int ike_put_eap(struct ike_writer *w, const u8 *pkt, u16 len)
{
	struct ike_payload pl = {
		.body = pkt,
		.len = len,
		.type = IKE_PT_EAP,
	};
	struct ike_eap eap;

	/* Same checks as on receive, on the caller's packet. */
	if (ike_decode_eap(&pl, &eap, NULL))
		return ike_writer_fail(w, -EINVAL);
	return ike_put_simple(w, IKE_PT_EAP, NULL, 0, pkt, len);
}

int ike_put_cp_begin(struct ike_writer *w, u8 cfg_type)
{
	struct ike_wire_cp cp = { .type = cfg_type };

	ike_put_payload_begin(w, IKE_PT_CP, 0);
	return ike_put_bytes(w, &cp, sizeof(cp));
}

int ike_put_cp_attr(struct ike_writer *w, u16 type, const u8 *value,
		    u16 len)
{
	if (w->open_type != IKE_PT_CP || (type & ~IKE_CFG_ATTR_TYPE_MASK))
		return ike_writer_fail(w, -EINVAL);
	ike_put_u16(w, type);
	ike_put_u16(w, len);
	return ike_put_bytes(w, value, len);
}

int ike_put_sk_begin(struct ike_writer *w, u8 iv_len)
{
	int rc;

	if (w->sk_off != IKE_W_NONE)
		return ike_writer_fail(w, -EINVAL);
	rc = ike_put_payload_begin(w, IKE_PT_SK, 0);
	if (rc)
		return rc;
	/*
	 * The SK payload stays open as a container: inner payloads are
	 * appended as ordinary payloads, the first one patching the SK
	 * header's Next Payload (np_off points there now).
	 */
	w->sk_off = w->pl_off;
	w->pl_off = IKE_W_NONE;
	w->open_type = IKE_PT_NONE;
	w->iv_len = iv_len;
	return ike_put_zero(w, iv_len);
}

int ike_put_sk_end(struct ike_writer *w, u32 tail_len,
		   struct ike_sk_layout *lay)
{
	u32 pt_off, sk_len;

	if (w->sk_off == IKE_W_NONE || w->pl_off != IKE_W_NONE)
		return ike_writer_fail(w, -EINVAL);
	pt_off = w->sk_off + IKE_GEN_HDR_LEN + w->iv_len;
	lay->msg = w->buf;
	lay->sk_off = w->sk_off;
	lay->iv_off = w->sk_off + IKE_GEN_HDR_LEN;
	lay->iv_len = w->iv_len;
	lay->pt_off = pt_off;
	lay->pt_len = w->len - pt_off;
	lay->tail_off = w->len;
	lay->tail_len = tail_len;
	ike_put_zero(w, tail_len);
	if (w->error)
		return w->error;
	sk_len = w->len - w->sk_off;
	if (sk_len > 0xffff)
		return ike_writer_fail(w, -EMSGSIZE);
	put_unaligned_be16((u16)sk_len, w->buf + w->sk_off + 2);
	if (w->has_hdr)
		put_unaligned_be32(w->len, w->buf +
				   offsetof(struct ike_wire_hdr, length));
	lay->msg_len = w->len;
	w->closed = true;
	w->np_off = IKE_W_NONE;
	return 0;
}

int ike_writer_finish(struct ike_writer *w)
{
	if (w->error)
		return w->error;
	if (w->pl_off != IKE_W_NONE || (w->sk_off != IKE_W_NONE && !w->closed))
		return ike_writer_fail(w, -EINVAL);
	if (w->has_hdr)
		put_unaligned_be32(w->len, w->buf +
				   offsetof(struct ike_wire_hdr, length));
	return (int)w->len;
}
