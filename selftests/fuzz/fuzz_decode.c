// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the IKEv2 codec and negotiation (kmod/ike/).
 *
 * Each input is tried three ways:
 *
 *  1. as a datagram: ike_decode_msg(); on success every payload body must
 *     decode with its typed decoder (the chain decoder validated them),
 *     the message is re-encoded with the writer, the result must decode
 *     (we never send what we reject), carry the same meaning, and encode
 *     again to the same bytes; SA and TS payloads go through selection,
 *     answer checking and narrowing, whose results are checked too;
 *  2. as a decrypted SK body: byte 0 is the first inner payload type,
 *     byte 1 bit 0 the response flag, the rest the inner chain, with the
 *     same checks;
 *  3. as a proposal string, for both IKE and ESP: what parses must print
 *     and parse back to the same proposal.
 *
 * Any failed invariant aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_codec.h"
#include "ike_proposal.h"
#include "test_helper.h"

static struct ike_prop_list local_ike, local_esp;
static struct ike_ts_list policy;

static void setup(void)
{
	static const u8 net4[4] = { 10, 0, 0, 0 };
	static const u8 net6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	static bool done;

	if (done)
		return;
	CHECK(!ike_prop_parse(IKE_PROP_DEFAULT_IKE,
			      strlen(IKE_PROP_DEFAULT_IKE), IKE_PROTO_IKE,
			      &local_ike, NULL));
	CHECK(!ike_prop_parse(IKE_PROP_DEFAULT_ESP,
			      strlen(IKE_PROP_DEFAULT_ESP), IKE_PROTO_ESP,
			      &local_esp, NULL));
	policy.count = 3;
	CHECK(!ike_ts_from_prefix(&policy.ts[0], IKE_TS_IPV4_ADDR_RANGE,
				  net4, 8));
	CHECK(!ike_ts_from_prefix(&policy.ts[1], IKE_TS_IPV6_ADDR_RANGE,
				  net6, 32));
	policy.ts[2] = policy.ts[0];
	policy.ts[2].ip_proto = 6;
	policy.ts[2].start_port = 443;
	policy.ts[2].end_port = 443;
	policy.ts[2].start[0] = 192;
	policy.ts[2].end[0] = 192;
	done = true;
}

static enum ike_sa_role role_of(unsigned int flags)
{
	return flags & IKE_DEC_RESPONSE ? IKE_SA_ANSWER : IKE_SA_OFFER;
}

/* ---------------------------------------------------------------------- */
/* Re-encoding */

/*
 * Appends @c's payloads. Returns false if the chain cannot be re-encoded
 * as such (a TS payload whose selectors are all of unknown types).
 */
static bool reencode_chain(struct ike_writer *w, const struct ike_chain *c,
			   unsigned int flags)
{
	unsigned int i;

	for (i = 0; i < c->count; i++) {
		const struct ike_payload *pl = &c->pl[i];
		struct ike_sa_iter it;
		struct ike_xform_iter xit;
		struct ike_sa_prop p;
		struct ike_sa_xform xf;
		struct ike_ke ke;
		struct ike_id id;
		struct ike_cert cert;
		struct ike_auth auth;
		struct ike_blob b;
		struct ike_notify n;
		struct ike_delete d;
		struct ike_ts_list ts;
		struct ike_sk_payload sk;
		struct ike_cp cp;
		struct ike_cp_attr attr;
		struct ike_eap eap;
		u32 off;
		u16 pos = 0;

		switch (pl->type) {
		case IKE_PT_SA:
			CHECK(!ike_decode_sa(pl, role_of(flags), NULL, NULL));
			ike_put_sa_begin(w);
			ike_sa_iter_init(&it, pl);
			while (ike_sa_next_prop(&it, &p)) {
				ike_put_proposal(w, p.num, p.protocol, p.spi,
						 p.spi_size);
				ike_xform_iter_init(&xit, &p);
				while (ike_xform_next(&xit, &xf))
					ike_put_transform(w, xf.type, xf.id,
							  xf.keylen);
			}
			ike_put_sa_end(w);
			break;
		case IKE_PT_KE:
			CHECK(!ike_decode_ke(pl, &ke, NULL));
			ike_put_ke(w, ke.group, ke.data, ke.len);
			break;
		case IKE_PT_IDI:
		case IKE_PT_IDR:
			CHECK(!ike_decode_id(pl, &id, NULL));
			ike_put_id(w, pl->type, id.type, id.data, id.len);
			break;
		case IKE_PT_CERT:
		case IKE_PT_CERTREQ:
			CHECK(!ike_decode_cert(pl, &cert, NULL));
			ike_put_cert(w, pl->type, cert.encoding, cert.data,
				     cert.len);
			break;
		case IKE_PT_AUTH:
			CHECK(!ike_decode_auth(pl, &auth, NULL));
			ike_put_auth(w, auth.method, auth.data, auth.len);
			break;
		case IKE_PT_NONCE:
			CHECK(!ike_decode_nonce(pl, &b, NULL));
			ike_put_nonce(w, b.data, b.len);
			break;
		case IKE_PT_NOTIFY:
			CHECK(!ike_decode_notify(pl, &n, NULL));
			ike_put_notify(w, n.protocol, n.spi, n.spi_size, n.type,
				       n.data, n.len);
			break;
		case IKE_PT_DELETE:
			CHECK(!ike_decode_delete(pl, &d, NULL));
			ike_put_delete(w, d.protocol, d.spis, d.n_spi);
			break;
		case IKE_PT_VENDOR:
			CHECK(!ike_decode_vendor(pl, &b, NULL));
			ike_put_vendor(w, b.data, b.len);
			break;
		case IKE_PT_TSI:
		case IKE_PT_TSR:
			CHECK(!ike_decode_ts(pl, &ts, NULL));
			CHECK(ts.count + ts.unknown == pl->body[0]);
			if (!ts.count)
				return false;
			ike_put_ts(w, pl->type, &ts);
			break;
		case IKE_PT_SK:
		case IKE_PT_SKF:
			/* Opaque: rebuilt byte for byte, Next Payload too. */
			CHECK(!ike_decode_sk(pl, &sk, NULL));
			off = w->len;
			ike_put_payload_begin(w, pl->type, 0);
			if (sk.fragment) {
				ike_put_u16(w, sk.frag_num);
				ike_put_u16(w, sk.frag_total);
			}
			ike_put_bytes(w, sk.data, sk.len);
			ike_put_payload_end(w);
			if (!w->error)
				w->buf[off] = sk.first_inner;
			break;
		case IKE_PT_CP:
			CHECK(!ike_decode_cp(pl, &cp, NULL));
			ike_put_cp_begin(w, cp.type);
			while (ike_cp_next_attr(&cp, &pos, &attr))
				ike_put_cp_attr(w, attr.type, attr.value,
						attr.len);
			CHECK(pos == cp.len);
			ike_put_payload_end(w);
			break;
		case IKE_PT_EAP:
			CHECK(!ike_decode_eap(pl, &eap, NULL));
			ike_put_eap(w, eap.pkt, eap.len);
			break;
		default:
			CHECK(0 && "unknown type kept in a chain");
		}
	}
	return true;
}

/* The whole message; -1 if it cannot be re-encoded, else its length. */
static int reencode_msg(const struct ike_msg *m, u8 *out, u32 cap)
{
	struct ike_writer w;
	unsigned int flags = ike_hdr_is_response(&m->hdr) ?
			     IKE_DEC_RESPONSE : 0;
	int len;

	ike_writer_init(&w, out, cap);
	ike_put_hdr(&w, &m->hdr);
	if (!reencode_chain(&w, &m->chain, flags))
		return -1;
	len = ike_writer_finish(&w);
	/* Re-encoding drops only unknown things: it never grows. */
	CHECK(len > 0 && (u32)len <= m->len);
	return len;
}

/* ---------------------------------------------------------------------- */
/* Meaning of two chains: equal, up to what re-encoding drops. */

static bool same(const u8 *a, u32 alen, const u8 *b, u32 blen)
{
	return alen == blen && (!alen || !memcmp(a, b, alen));
}

static void compare_sa(const struct ike_payload *a,
		       const struct ike_payload *b)
{
	struct ike_sa_iter ia, ib;
	struct ike_sa_prop pa, pb;

	ike_sa_iter_init(&ia, a);
	ike_sa_iter_init(&ib, b);
	while (ike_sa_next_prop(&ia, &pa)) {
		struct ike_xform_iter xa, xb;
		struct ike_sa_xform fa, fb;

		CHECK(ike_sa_next_prop(&ib, &pb));
		CHECK(pa.num == pb.num && pa.protocol == pb.protocol);
		CHECK(same(pa.spi, pa.spi_size, pb.spi, pb.spi_size));
		CHECK(pa.n_transforms == pb.n_transforms);
		ike_xform_iter_init(&xa, &pa);
		ike_xform_iter_init(&xb, &pb);
		while (ike_xform_next(&xa, &fa)) {
			CHECK(ike_xform_next(&xb, &fb));
			CHECK(fa.type == fb.type && fa.id == fb.id &&
			      fa.keylen == fb.keylen && !fb.unknown_attr);
		}
		CHECK(!ike_xform_next(&xb, &fb));
	}
	CHECK(!ike_sa_next_prop(&ib, &pb));
}

static void compare_chains(const struct ike_chain *a,
			   const struct ike_chain *b)
{
	unsigned int i;

	CHECK(a->count == b->count);
	CHECK(a->seen == b->seen);
	CHECK(a->n_notify == b->n_notify);
	CHECK(b->skipped == 0);
	for (i = 0; i < a->count; i++) {
		const struct ike_payload *pa = &a->pl[i], *pb = &b->pl[i];
		union {
			struct ike_notify n;
			struct ike_delete d;
			struct ike_ts_list ts;
			struct ike_sk_payload sk;
			struct ike_cp cp;
		} ua, ub;

		CHECK(pa->type == pb->type);
		switch (pa->type) {
		case IKE_PT_SA:
			compare_sa(pa, pb);
			break;
		case IKE_PT_NOTIFY:
			CHECK(!ike_decode_notify(pa, &ua.n, NULL));
			CHECK(!ike_decode_notify(pb, &ub.n, NULL));
			CHECK(ua.n.type == ub.n.type &&
			      ua.n.protocol == ub.n.protocol);
			CHECK(same(ua.n.spi, ua.n.spi_size, ub.n.spi,
				   ub.n.spi_size));
			CHECK(same(ua.n.data, ua.n.len, ub.n.data, ub.n.len));
			break;
		case IKE_PT_DELETE:
			/* An IKE Delete's SPI count is ignored on receive. */
			CHECK(!ike_decode_delete(pa, &ua.d, NULL));
			CHECK(!ike_decode_delete(pb, &ub.d, NULL));
			CHECK(ua.d.protocol == ub.d.protocol &&
			      ua.d.spi_size == ub.d.spi_size &&
			      ua.d.n_spi == ub.d.n_spi);
			CHECK(same(ua.d.spis, (u32)ua.d.n_spi * ua.d.spi_size,
				   ub.d.spis, (u32)ub.d.n_spi * ub.d.spi_size));
			break;
		case IKE_PT_TSI:
		case IKE_PT_TSR:
			CHECK(!ike_decode_ts(pa, &ua.ts, NULL));
			CHECK(!ike_decode_ts(pb, &ub.ts, NULL));
			CHECK(ua.ts.count == ub.ts.count && !ub.ts.unknown);
			CHECK(!memcmp(ua.ts.ts, ub.ts.ts,
				      ua.ts.count * sizeof(ua.ts.ts[0])));
			break;
		case IKE_PT_SK:
		case IKE_PT_SKF:
			CHECK(!ike_decode_sk(pa, &ua.sk, NULL));
			CHECK(!ike_decode_sk(pb, &ub.sk, NULL));
			CHECK(ua.sk.first_inner == ub.sk.first_inner &&
			      ua.sk.fragment == ub.sk.fragment &&
			      ua.sk.frag_num == ub.sk.frag_num &&
			      ua.sk.frag_total == ub.sk.frag_total);
			CHECK(same(ua.sk.data, ua.sk.len, ub.sk.data,
				   ub.sk.len));
			break;
		case IKE_PT_CP:
			CHECK(!ike_decode_cp(pa, &ua.cp, NULL));
			CHECK(!ike_decode_cp(pb, &ub.cp, NULL));
			CHECK(ua.cp.type == ub.cp.type &&
			      ua.cp.n_attrs == ub.cp.n_attrs);
			/* The attributes' reserved bit is not kept. */
			break;
		default:
			/*
			 * Bodies whose bytes all carry meaning, but for the
			 * reserved octets of KE, ID, AUTH, which we zero.
			 */
			CHECK(pa->len == pb->len);
			if (pa->type == IKE_PT_KE)
				CHECK(!memcmp(pa->body, pb->body, 2) &&
				      !memcmp(pa->body + 4, pb->body + 4,
					      pa->len - 4));
			else if (pa->type == IKE_PT_IDI ||
				 pa->type == IKE_PT_IDR ||
				 pa->type == IKE_PT_AUTH)
				CHECK(pa->body[0] == pb->body[0] &&
				      !memcmp(pa->body + 4, pb->body + 4,
					      pa->len - 4));
			else
				CHECK(same(pa->body, pa->len, pb->body,
					   pb->len));
		}
	}
}

/* ---------------------------------------------------------------------- */
/* Negotiation on whatever SA and TS payloads decoded */

static void negotiate(const struct ike_chain *c, unsigned int flags)
{
	const struct ike_payload *sa = ike_chain_find(c, IKE_PT_SA);
	const struct ike_payload *kep = ike_chain_find(c, IKE_PT_KE);
	const struct ike_payload *tsp;
	struct ike_chosen ch;
	struct ike_ke ke = { };
	struct ike_err err;
	char text[256];
	unsigned int i;
	int rc;

	if (kep)
		CHECK(!ike_decode_ke(kep, &ke, NULL));
	if (sa && !(flags & IKE_DEC_RESPONSE)) {
		static const struct {
			const struct ike_prop_list *l;
			unsigned int flags;
		} pols[] = {
			{ &local_ike, 0 },
			{ &local_ike, IKE_PROP_F_REKEY },
			{ &local_esp, 0 },
			{ &local_esp, IKE_PROP_F_NO_DH },
		};

		for (i = 0; i < ARRAY_SIZE(pols); i++) {
			u8 buf[512], spi[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
			struct ike_writer w;
			struct ike_chain ans;
			int len;

			rc = ike_prop_select(pols[i].l, sa, pols[i].flags,
					     ke.group, &ch, &err);
			CHECK(rc == 0 || rc == -ENOPROTOOPT);
			if (rc) {
				CHECK(err.notify == IKE_N_NO_PROPOSAL_CHOSEN);
				continue;
			}
			CHECK(ike_chosen_format(&ch, text, sizeof(text)) > 0);
			rc = ike_chosen_check_ke(&ch, ke.group, &err);
			CHECK(rc == 0 || (rc == -EAGAIN &&
					  err.arg == ike_chosen_id(&ch, IKE_XFT_DH)));
			/* Our answer must parse as an answer. */
			ike_writer_init(&w, buf, sizeof(buf));
			ike_chosen_put_sa(&w, &ch, spi, ch.spi_size);
			len = ike_writer_finish(&w);
			CHECK(len > 0);
			CHECK(!ike_decode_chain(IKE_PT_SA, buf, 0, len,
						IKE_DEC_RESPONSE, &ans, NULL));
		}
	}
	if (sa && (flags & IKE_DEC_RESPONSE)) {
		rc = ike_prop_check_answer(&local_ike, sa, 0, &ch, &err);
		CHECK(rc == 0 || rc == -EPROTO);
		if (!rc)
			CHECK(ike_chosen_format(&ch, text, sizeof(text)) > 0);
		rc = ike_prop_check_answer(&local_esp, sa, IKE_PROP_F_NO_DH,
					   &ch, &err);
		CHECK(rc == 0 || rc == -EPROTO);
	}

	for (i = 0; i < c->count; i++) {
		struct ike_ts_list req, out;

		tsp = &c->pl[i];
		if (tsp->type != IKE_PT_TSI && tsp->type != IKE_PT_TSR)
			continue;
		CHECK(!ike_decode_ts(tsp, &req, NULL));
		rc = ike_ts_narrow(&req, &policy, &out, &err);
		CHECK(rc == 0 || rc == -ENOENT);
		if (rc) {
			CHECK(!out.count &&
			      err.notify == IKE_N_TS_UNACCEPTABLE);
			continue;
		}
		CHECK(out.count <= IKE_MAX_TS);
		CHECK(ike_ts_list_within(&out, &req));
		CHECK(ike_ts_list_within(&out, &policy));
	}
}

/* ---------------------------------------------------------------------- */

static void check_error(int rc, const struct ike_err *err)
{
	switch (rc) {
	case -EMSGSIZE:
		CHECK(err->notify == 0);
		break;
	case -EPROTONOSUPPORT:
		CHECK(err->notify == 0 ||
		      err->notify == IKE_N_INVALID_MAJOR_VERSION);
		break;
	case -EBADMSG:
		CHECK(err->notify == 0 || err->notify == IKE_N_INVALID_SYNTAX);
		break;
	case -E2BIG:
		CHECK(err->notify == IKE_N_INVALID_SYNTAX);
		break;
	case -EOPNOTSUPP:
		CHECK(err->notify == IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
		CHECK(err->arg < 256);
		break;
	default:
		CHECK(0 && "unexpected error code");
	}
	CHECK(err->reason);
}

static void fuzz_msg(const u8 *data, size_t size)
{
	static struct ike_msg m, m2;
	static u8 out1[IKE_MSG_MAX_LEN], out2[IKE_MSG_MAX_LEN];
	struct ike_err err = { };
	int rc, len1, len2;

	rc = ike_decode_msg(data, size, &m, &err);
	if (rc) {
		check_error(rc, &err);
		return;
	}
	CHECK(m.hdr.length == size && m.hdr.major == 2);
	len1 = reencode_msg(&m, out1, sizeof(out1));
	if (len1 > 0) {
		rc = ike_decode_msg(out1, len1, &m2, &err);
		CHECK(rc == 0);
		CHECK(m2.hdr.spi_i == m.hdr.spi_i &&
		      m2.hdr.spi_r == m.hdr.spi_r &&
		      m2.hdr.exchange == m.hdr.exchange &&
		      m2.hdr.flags == m.hdr.flags &&
		      m2.hdr.msg_id == m.hdr.msg_id &&
		      m2.hdr.next_payload == (m.chain.count ?
					      m.chain.pl[0].type : 0));
		compare_chains(&m.chain, &m2.chain);
		len2 = reencode_msg(&m2, out2, sizeof(out2));
		CHECK(len2 == len1 && !memcmp(out1, out2, len1));
	}
	negotiate(&m.chain, ike_hdr_is_response(&m.hdr) ?
		  IKE_DEC_RESPONSE : 0);
}

static void fuzz_inner(const u8 *data, size_t size)
{
	static struct ike_chain c, c2;
	static u8 out1[IKE_MSG_MAX_LEN], out2[IKE_MSG_MAX_LEN];
	unsigned int flags;
	struct ike_writer w;
	struct ike_err err = { };
	int rc, len1, len2;

	if (size < 2 || size > IKE_MSG_MAX_LEN)
		return;
	flags = IKE_DEC_INNER | (data[1] & 1 ? IKE_DEC_RESPONSE : 0);
	rc = ike_decode_chain(data[0], data, 2, size, flags, &c, &err);
	if (rc) {
		check_error(rc, &err);
		CHECK(rc != -EMSGSIZE);
		return;
	}
	CHECK(!ike_chain_has(&c, IKE_PT_SK) && !ike_chain_has(&c, IKE_PT_SKF));
	ike_writer_init(&w, out1, sizeof(out1));
	if (!reencode_chain(&w, &c, flags))
		return;
	len1 = ike_writer_finish(&w);
	CHECK(len1 >= 0 && (size_t)len1 <= size - 2);
	rc = ike_decode_chain(c.count ? ike_writer_first_type(&w) : 0, out1,
			      0, len1, flags, &c2, &err);
	CHECK(rc == 0);
	compare_chains(&c, &c2);
	ike_writer_init(&w, out2, sizeof(out2));
	CHECK(reencode_chain(&w, &c2, flags));
	len2 = ike_writer_finish(&w);
	CHECK(len2 == len1 && !memcmp(out1, out2, len1));
	negotiate(&c, flags);
}

static void fuzz_proposal(const u8 *data, size_t size)
{
	static const u8 protos[] = { IKE_PROTO_IKE, IKE_PROTO_ESP };
	struct ike_prop_list l, l2;
	struct ike_err err;
	unsigned int i, j;
	char text[512];

	if (size > 300)
		return;
	for (i = 0; i < ARRAY_SIZE(protos); i++) {
		int rc = ike_prop_parse((const char *)data, size, protos[i],
					&l, &err);

		CHECK(rc == 0 || rc == -EINVAL || rc == -E2BIG);
		if (rc) {
			CHECK(l.count == 0 && err.reason);
			CHECK(err.offset <= size);
			continue;
		}
		CHECK(l.count >= 1 && l.count <= IKE_PROP_MAX);
		for (j = 0; j < l.count; j++) {
			int len = ike_prop_format(&l.prop[j], text,
						  sizeof(text));

			CHECK(len > 0 && (size_t)len == strlen(text));
			CHECK(!ike_prop_parse(text, len, protos[i], &l2, NULL));
			CHECK(l2.count == 1);
			CHECK(!memcmp(&l.prop[j], &l2.prop[0],
				      sizeof(l2.prop[0])));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	fuzz_msg(data, size);
	fuzz_inner(data, size);
	fuzz_proposal(data, size);
	return 0;
}
