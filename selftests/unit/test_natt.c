// SPDX-License-Identifier: GPL-2.0
/*
 * NAT detection in IKE_SA_INIT (RFC 7296 2.23) and the SA getters the
 * kernel glue relies on: the ops table's SHA-1 against FIPS 180-2, NAT-D
 * hashes recomputed here from their definition, each side's conclusions
 * with no NAT, a NAT in front of either peer, force_encap, IPv6, a peer
 * without NAT-D (notifies stripped on the wire), the INVALID_KE retry;
 * ike_sa_input()'s "authenticated" result; the proposal and DH getters.
 * DH answers are fixed bytes (the same "g^ir" on both sides,
 * th_answer_dh()), as in test_sa.c.
 */
#include <stdlib.h>

#include "kselftest_harness.h"

#include "ike_sa_priv.h"
#include "ike_ops_nettle.h"
#include "test_helper.h"

/* Addresses of one side of a test: what its socket sees. */
struct ends {
	u8 len;			/* 4 or 16 */
	u8 local[16], remote[16];
	u16 lport, rport;
};

static void v4(u8 *a, u8 x, u8 y, u8 z, u8 w)
{
	a[0] = x;
	a[1] = y;
	a[2] = z;
	a[3] = w;
}

static void cfg_make(struct ike_sa_cfg *c, bool initiator, const char *ike,
		     const struct ends *e)
{
	th_cfg_psk(c, initiator, "secret", initiator ? "i" : "r", NULL);
	th_cfg_props(c, ike, "aes128gcm16-esn");
	if (e) {
		c->addr_len = e->len;
		memcpy(c->local_addr, e->local, e->len);
		memcpy(c->remote_addr, e->remote, e->len);
		c->local_port = e->lport;
		c->remote_port = e->rport;
	}
}

/*
 * Removes the NAT-D notifies from an unprotected message, as a peer
 * without NAT-T support would never have put them: walks the chain and
 * relinks it. Returns how many were removed.
 */
static int strip_natd(u8 *msg, u32 *len)
{
	u32 off = IKE_HDR_LEN, prev_next = 16, plen;
	u8 type = msg[16];
	int n = 0;

	while (type && off + 4 <= *len) {
		u8 next = msg[off];
		u16 nt = 0;

		plen = get_unaligned_be16(msg + off + 2);
		if (plen < 4 || off + plen > *len)
			abort();
		if (type == IKE_PT_NOTIFY && plen >= 8)
			nt = get_unaligned_be16(msg + off + 6);
		if (nt == IKE_N_NAT_DETECTION_SOURCE_IP ||
		    nt == IKE_N_NAT_DETECTION_DESTINATION_IP) {
			memmove(msg + off, msg + off + plen, *len - off - plen);
			*len -= plen;
			msg[prev_next] = next;
			n++;
		} else {
			prev_next = off;
			off += plen;
		}
		type = next;
	}
	put_unaligned_be32(*len, msg + 24);
	return n;
}

/* The notify data of the @idx-th notify of @type in @msg, or NULL. */
static const u8 *find_notify(const u8 *msg, u32 len, u16 type, int idx,
			     struct ike_msg *m)
{
	const struct ike_payload *pl = NULL;
	struct ike_notify n;
	struct ike_err err;

	if (ike_decode_msg(msg, len, m, &err))
		return NULL;
	while ((pl = ike_chain_next(&m->chain, IKE_PT_NOTIFY, pl)))
		if (!ike_decode_notify(pl, &n, NULL) && n.type == type &&
		    !idx--)
			return n.len == IKE_NATD_HASH_LEN ? n.data : NULL;
	return NULL;
}

/* The RFC 7296 2.23 hash, computed here from its definition. */
static void natd_expect(u64 spi_i, u64 spi_r, const u8 *addr, u8 alen,
			u16 port, u8 out[20])
{
	u8 buf[8 + 8 + 16 + 2];
	struct ike_iov iov = { buf, 16 + alen + 2 };

	put_unaligned_be64(spi_i, buf);
	put_unaligned_be64(spi_r, buf + 8);
	memcpy(buf + 16, addr, alen);
	put_unaligned_be16(port, buf + 16 + alen);
	if (ike_ops_nettle.sha1(&iov, 1, out))
		abort();
}

struct pair {
	struct ike_sa_cfg ci, cr;
	struct ike_sa *i, *r;
	u8 req[IKE_SA_BUF_LEN], resp[IKE_SA_BUF_LEN];
	u32 req_len, resp_len;
	struct ike_msg m;
};

static struct pair *pair_new(const struct ends *ei, const struct ends *er)
{
	struct pair *p = calloc(1, sizeof(*p));

	if (!p)
		abort();
	cfg_make(&p->ci, true, "aes128gcm16-prfsha256-x25519", ei);
	cfg_make(&p->cr, false, "aes128gcm16-prfsha256-x25519", er);
	return p;
}

static void pair_free(struct pair *p)
{
	ike_sa_free(p->i);
	ike_sa_free(p->r);
	free(p);
}

/* IKE_SA_INIT only; @strip_req/@strip_resp remove NAT-D on the wire. */
static int pair_init(struct pair *p, bool strip_req, bool strip_resp)
{
	if (ike_sa_new_initiator(&p->ci, &ike_ops_nettle, 0, &p->i))
		return -1;
	th_answer_dh(p->i, 0);
	if (th_pop_all(p->i, p->req, &p->req_len) != 1)
		return -2;
	if (strip_req && strip_natd(p->req, &p->req_len) != 2)
		return -3;
	if (ike_sa_new_responder(&p->cr, &ike_ops_nettle, p->req, p->req_len,
				 0, &p->r))
		return -4;
	th_answer_dh(p->r, 0);
	if (th_pop_all(p->r, p->resp, &p->resp_len) != 1)
		return -5;
	if (strip_resp && strip_natd(p->resp, &p->resp_len) != 2)
		return -6;
	if (ike_sa_input(p->i, p->resp, p->resp_len, 0) != 0)
		return -7;	/* IKE_SA_INIT is never "authenticated" */
	if (ike_sa_state(p->i) != IKE_SA_S_INIT_SHARED)
		return -8;
	return 0;
}

/* IKE_AUTH on top of pair_init(); the request/response stay in p. */
static int pair_auth(struct pair *p)
{
	th_answer_dh(p->i, 0);
	if (th_pop_all(p->i, p->req, &p->req_len) != 1)
		return -1;
	if (ike_sa_input(p->r, p->req, p->req_len, 0) != 1)
		return -2;
	if (th_pop_all(p->r, p->resp, &p->resp_len) != 1)
		return -3;
	if (ike_sa_input(p->i, p->resp, p->resp_len, 0) != 1)
		return -4;
	if (ike_sa_state(p->i) != IKE_SA_S_ESTABLISHED ||
	    ike_sa_state(p->r) != IKE_SA_S_ESTABLISHED)
		return -5;
	return 0;
}

/* Initiator 10.0.0.1:500 -> responder 192.0.2.2:500, no NAT. */
static void ends_direct(struct ends *i, struct ends *r)
{
	memset(i, 0, sizeof(*i));
	memset(r, 0, sizeof(*r));
	i->len = r->len = 4;
	v4(i->local, 10, 0, 0, 1);
	v4(i->remote, 192, 0, 2, 2);
	v4(r->local, 192, 0, 2, 2);
	v4(r->remote, 10, 0, 0, 1);
	i->lport = i->rport = r->lport = r->rport = IKE_PORT;
}

/* ---------------------------------------------------------------------- */

TEST(sha1_fips180_vectors)
{
	static const u8 abc[20] = {
		0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
		0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d,
	};
	static const u8 two_blocks[20] = {
		0x84, 0x98, 0x3e, 0x44, 0x1c, 0x3b, 0xd2, 0x6e, 0xba, 0xae,
		0x4a, 0xa1, 0xf9, 0x51, 0x29, 0xe5, 0xe5, 0x46, 0x70, 0xf1,
	};
	static const u8 million_a[20] = {
		0x34, 0xaa, 0x97, 0x3c, 0xd4, 0xc4, 0xda, 0xa4, 0xf6, 0x1e,
		0xeb, 0x2b, 0xdb, 0xad, 0x27, 0x31, 0x65, 0x34, 0x01, 0x6f,
	};
	static const u8 empty[20] = {
		0xda, 0x39, 0xa3, 0xee, 0x5e, 0x6b, 0x4b, 0x0d, 0x32, 0x55,
		0xbf, 0xef, 0x95, 0x60, 0x18, 0x90, 0xaf, 0xd8, 0x07, 0x09,
	};
	static const char msg2[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	struct ike_iov iov[3];
	u8 out[20], *a;
	int i;

	iov[0] = (struct ike_iov){ "abc", 3 };
	ASSERT_EQ(0, ike_ops_nettle.sha1(iov, 1, out));
	EXPECT_EQ(0, memcmp(out, abc, 20));
	/* Segments are concatenated, including empty ones. */
	iov[0] = (struct ike_iov){ "a", 1 };
	iov[1] = (struct ike_iov){ "", 0 };
	iov[2] = (struct ike_iov){ "bc", 2 };
	ASSERT_EQ(0, ike_ops_nettle.sha1(iov, 3, out));
	EXPECT_EQ(0, memcmp(out, abc, 20));
	ASSERT_EQ(0, ike_ops_nettle.sha1(iov, 0, out));
	EXPECT_EQ(0, memcmp(out, empty, 20));
	iov[0] = (struct ike_iov){ msg2, 20 };
	iov[1] = (struct ike_iov){ msg2 + 20, strlen(msg2) - 20 };
	ASSERT_EQ(0, ike_ops_nettle.sha1(iov, 2, out));
	EXPECT_EQ(0, memcmp(out, two_blocks, 20));
	a = malloc(1000000);
	ASSERT_NE(NULL, a);
	memset(a, 'a', 1000000);
	for (i = 0; i < 3; i++)
		iov[i] = (struct ike_iov){ a + i * 333333, 333333 };
	iov[2].len = 1000000 - 2 * 333333;
	ASSERT_EQ(0, ike_ops_nettle.sha1(iov, 3, out));
	EXPECT_EQ(0, memcmp(out, million_a, 20));
	free(a);
}

/* No NAT: both pairs of hashes match; natt stays off; hashes per 2.23. */
TEST(natd_no_nat)
{
	struct ends ei, er;
	struct pair *p;
	const u8 *h;
	u8 want[20];

	ends_direct(&ei, &er);
	p = pair_new(&ei, &er);
	ASSERT_EQ(0, pair_init(p, false, false));
	/* The request's hashes, SPIr zero, by the RFC's definition. */
	natd_expect(ike_sa_spi_i(p->i), 0, ei.local, 4, IKE_PORT, want);
	h = find_notify(p->req, p->req_len, IKE_N_NAT_DETECTION_SOURCE_IP, 0,
			&p->m);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(0, memcmp(h, want, 20));
	natd_expect(ike_sa_spi_i(p->i), 0, ei.remote, 4, IKE_PORT, want);
	h = find_notify(p->req, p->req_len,
			IKE_N_NAT_DETECTION_DESTINATION_IP, 0, &p->m);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(0, memcmp(h, want, 20));
	/* The response's, with both SPIs. */
	natd_expect(ike_sa_spi_i(p->r), ike_sa_spi_r(p->r), er.local, 4,
		    IKE_PORT, want);
	h = find_notify(p->resp, p->resp_len, IKE_N_NAT_DETECTION_SOURCE_IP,
			0, &p->m);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(0, memcmp(h, want, 20));
	ASSERT_NE(0, ike_sa_spi_r(p->r));

	ASSERT_EQ(0, pair_auth(p));
	EXPECT_FALSE(ike_sa_natt(p->i));
	EXPECT_FALSE(ike_sa_natt(p->r));
	EXPECT_FALSE(ike_sa_nat_local(p->i));
	EXPECT_FALSE(ike_sa_nat_remote(p->i));
	EXPECT_FALSE(ike_sa_nat_local(p->r));
	EXPECT_FALSE(ike_sa_nat_remote(p->r));
	pair_free(p);
}

/*
 * The initiator sits behind a NAT: it thinks it is 10.0.0.1:500, the
 * responder sees 198.51.100.7:1024.
 */
TEST(natd_initiator_behind_nat)
{
	struct ends ei, er;
	struct pair *p;

	ends_direct(&ei, &er);
	v4(er.remote, 198, 51, 100, 7);
	er.rport = 1024;
	p = pair_new(&ei, &er);
	ASSERT_EQ(0, pair_init(p, false, false));
	/* Both know as soon as IKE_SA_INIT is done: IKE_AUTH goes to 4500. */
	EXPECT_TRUE(ike_sa_natt(p->i));
	EXPECT_TRUE(ike_sa_natt(p->r));
	EXPECT_TRUE(ike_sa_nat_local(p->i));
	EXPECT_FALSE(ike_sa_nat_remote(p->i));
	EXPECT_FALSE(ike_sa_nat_local(p->r));
	EXPECT_TRUE(ike_sa_nat_remote(p->r));
	ASSERT_EQ(0, pair_auth(p));
	EXPECT_TRUE(ike_sa_natt(p->i));
	EXPECT_TRUE(ike_sa_natt(p->r));
	pair_free(p);
}

/* Only the port changes (a NAPT keeping the address): still a NAT. */
TEST(natd_port_only)
{
	struct ends ei, er;
	struct pair *p;

	ends_direct(&ei, &er);
	er.rport = 4501;
	p = pair_new(&ei, &er);
	ASSERT_EQ(0, pair_init(p, false, false));
	EXPECT_TRUE(ike_sa_natt(p->i));
	EXPECT_TRUE(ike_sa_nat_local(p->i));
	EXPECT_TRUE(ike_sa_nat_remote(p->r));
	pair_free(p);
}

/* The responder is behind a port forward: the initiator dials 203.0.113.9. */
TEST(natd_responder_behind_nat)
{
	struct ends ei, er;
	struct pair *p;

	ends_direct(&ei, &er);
	v4(ei.remote, 203, 0, 113, 9);
	p = pair_new(&ei, &er);
	ASSERT_EQ(0, pair_init(p, false, false));
	EXPECT_TRUE(ike_sa_natt(p->i));
	EXPECT_TRUE(ike_sa_natt(p->r));
	EXPECT_FALSE(ike_sa_nat_local(p->i));
	EXPECT_TRUE(ike_sa_nat_remote(p->i));
	EXPECT_TRUE(ike_sa_nat_local(p->r));
	EXPECT_FALSE(ike_sa_nat_remote(p->r));
	ASSERT_EQ(0, pair_auth(p));
	pair_free(p);
}

TEST(natd_ipv6_nat)
{
	struct ends ei, er;
	struct pair *p;

	memset(&ei, 0, sizeof(ei));
	memset(&er, 0, sizeof(er));
	ei.len = er.len = 16;
	ei.local[0] = 0xfd;
	ei.local[15] = 1;
	ei.remote[0] = 0x20;
	ei.remote[1] = 0x01;
	ei.remote[15] = 2;
	memcpy(er.local, ei.remote, 16);
	memcpy(er.remote, ei.local, 16);
	ei.lport = ei.rport = er.lport = er.rport = IKE_PORT;
	p = pair_new(&ei, &er);
	ASSERT_EQ(0, pair_init(p, false, false));
	EXPECT_FALSE(ike_sa_natt(p->i));
	EXPECT_FALSE(ike_sa_natt(p->r));
	ike_sa_free(p->i);
	ike_sa_free(p->r);
	p->i = p->r = NULL;

	/* NPTv6 rewrote the initiator's prefix. */
	p->cr.remote_addr[0] = 0x20;
	p->cr.remote_addr[1] = 0x01;
	p->cr.remote_addr[2] = 0x0d;
	ASSERT_EQ(0, pair_init(p, false, false));
	EXPECT_TRUE(ike_sa_natt(p->i));
	EXPECT_TRUE(ike_sa_nat_local(p->i));
	EXPECT_TRUE(ike_sa_nat_remote(p->r));
	ASSERT_EQ(0, pair_auth(p));
	pair_free(p);
}

/* force_encap: a random source hash makes the peer see a NAT. */
TEST(natd_force_encap_initiator)
{
	struct ends ei, er;
	struct pair *p;
	const u8 *h;
	u8 want[20];

	ends_direct(&ei, &er);
	p = pair_new(&ei, &er);
	p->ci.force_encap = true;
	ASSERT_EQ(0, pair_init(p, false, false));
	natd_expect(ike_sa_spi_i(p->i), 0, ei.local, 4, IKE_PORT, want);
	h = find_notify(p->req, p->req_len, IKE_N_NAT_DETECTION_SOURCE_IP, 0,
			&p->m);
	ASSERT_NE(NULL, h);
	EXPECT_NE(0, memcmp(h, want, 20));
	EXPECT_TRUE(ike_sa_natt(p->i));
	EXPECT_TRUE(ike_sa_natt(p->r));
	EXPECT_TRUE(ike_sa_nat_local(p->i));
	EXPECT_FALSE(ike_sa_nat_remote(p->i));
	EXPECT_FALSE(ike_sa_nat_local(p->r));
	EXPECT_TRUE(ike_sa_nat_remote(p->r));
	ASSERT_EQ(0, pair_auth(p));
	pair_free(p);
}

TEST(natd_force_encap_responder)
{
	struct ends ei, er;
	struct pair *p;

	ends_direct(&ei, &er);
	p = pair_new(&ei, &er);
	p->cr.force_encap = true;
	ASSERT_EQ(0, pair_init(p, false, false));
	EXPECT_TRUE(ike_sa_natt(p->i));
	EXPECT_TRUE(ike_sa_natt(p->r));
	EXPECT_TRUE(ike_sa_nat_remote(p->i));
	EXPECT_TRUE(ike_sa_nat_local(p->r));
	pair_free(p);
}

/*
 * An initiator without NAT-D (stripped on the wire): the responder must
 * not answer with NAT-D, and nobody moves to 4500 even behind a NAT.
 */
TEST(natd_peer_without_natd)
{
	struct ends ei, er;
	struct pair *p;

	ends_direct(&ei, &er);
	v4(er.remote, 198, 51, 100, 7);
	p = pair_new(&ei, &er);
	ASSERT_EQ(0, pair_init(p, true, false));
	EXPECT_EQ(NULL, find_notify(p->resp, p->resp_len,
				    IKE_N_NAT_DETECTION_SOURCE_IP, 0, &p->m));
	EXPECT_EQ(NULL, find_notify(p->resp, p->resp_len,
				    IKE_N_NAT_DETECTION_DESTINATION_IP, 0,
				    &p->m));
	EXPECT_FALSE(ike_sa_natt(p->r));
	EXPECT_FALSE(ike_sa_nat_remote(p->r));
	EXPECT_FALSE(ike_sa_natt(p->i));
	EXPECT_FALSE(ike_sa_nat_local(p->i));
	pair_free(p);
}

/* A responder without NAT-D: the initiator keeps port 500. */
TEST(natd_responder_without_natd)
{
	struct ends ei, er;
	struct pair *p;

	ends_direct(&ei, &er);
	v4(er.remote, 198, 51, 100, 7);
	p = pair_new(&ei, &er);
	p->ci.force_encap = true;
	ASSERT_EQ(0, pair_init(p, false, true));
	EXPECT_FALSE(ike_sa_natt(p->i));
	EXPECT_FALSE(ike_sa_nat_local(p->i));
	EXPECT_FALSE(ike_sa_nat_remote(p->i));
	pair_free(p);
}

/* No addresses configured: no NAT-D sent, none expected. */
TEST(natd_without_addresses)
{
	struct pair *p = pair_new(NULL, NULL);

	ASSERT_EQ(0, pair_init(p, false, false));
	EXPECT_EQ(NULL, find_notify(p->req, p->req_len,
				    IKE_N_NAT_DETECTION_SOURCE_IP, 0, &p->m));
	EXPECT_FALSE(ike_sa_natt(p->i));
	EXPECT_FALSE(ike_sa_natt(p->r));
	ASSERT_EQ(0, pair_auth(p));
	pair_free(p);
}

/*
 * The ESP encapsulation decision, ike_sa_esp_encap(), on both ends after
 * IKE_AUTH: UDP exactly when a NAT was detected or either end forces it.
 * Where IKE talks afterwards is not an input: a MOBIKE initiator moves
 * IKE_AUTH to 4500 with no NAT (RFC 4555 3.3) and its IKE_SA_INIT NAT-D
 * hashes, of port 500, still match -- the "no NAT" row, which must give
 * plain ESP, as strongSwan's XFRM expects then.
 */
TEST(esp_encap_decision)
{
	static const struct {
		const char *what;
		bool nat_i;		/* NAT in front of the initiator */
		bool nat_r;		/* port forward to the responder */
		bool force_i, force_r;
		bool strip;		/* NAT-D stripped from the request */
		bool want;
	} cases[] = {
		{ "no NAT (MOBIKE move to 4500 or not)", 0, 0, 0, 0, 0, false },
		{ "NAT in front of the initiator", 1, 0, 0, 0, 0, true },
		{ "responder behind a port forward", 0, 1, 0, 0, 0, true },
		{ "initiator forces encap", 0, 0, 1, 0, 0, true },
		{ "responder forces encap", 0, 0, 0, 1, 0, true },
		{ "NAT, but no NAT-D from the initiator", 1, 0, 0, 0, 1, false },
	};
	unsigned int k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct ends ei, er;
		struct pair *p;

		ends_direct(&ei, &er);
		if (cases[k].nat_i) {
			v4(er.remote, 198, 51, 100, 7);
			er.rport = 1024;
		}
		if (cases[k].nat_r)
			v4(ei.remote, 203, 0, 113, 9);
		p = pair_new(&ei, &er);
		p->ci.force_encap = cases[k].force_i;
		p->cr.force_encap = cases[k].force_r;
		ASSERT_EQ(0, pair_init(p, cases[k].strip, false))
			TH_LOG("%s", cases[k].what);
		/*
		 * AUTH covers the request as sent: a stripped one fails
		 * it, so that row is judged after IKE_SA_INIT (where the
		 * decision is made).
		 */
		if (!cases[k].strip)
			ASSERT_EQ(0, pair_auth(p)) TH_LOG("%s", cases[k].what);
		EXPECT_EQ(cases[k].want, ike_sa_esp_encap(p->i))
			TH_LOG("initiator: %s", cases[k].what);
		EXPECT_EQ(cases[k].want, ike_sa_esp_encap(p->r))
			TH_LOG("responder: %s", cases[k].what);
		pair_free(p);
	}
}

/* A multihomed peer may send several source hashes: any may match. */
TEST(natd_several_source_hashes)
{
	struct ends ei, er;
	struct pair *p;
	u8 junk[20], *req2;
	u32 len2;
	int len;

	ends_direct(&ei, &er);
	p = pair_new(&ei, &er);
	ASSERT_EQ(0, ike_sa_new_initiator(&p->ci, &ike_ops_nettle, 0, &p->i));
	th_answer_dh(p->i, 0);
	ASSERT_EQ(1, th_pop_all(p->i, p->req, &p->req_len));
	/* Append one more (non-matching) source hash at the end. */
	req2 = calloc(1, IKE_SA_BUF_LEN);
	ASSERT_NE(NULL, req2);
	memcpy(req2, p->req, p->req_len);
	memset(junk, 0x77, sizeof(junk));
	/* Relink: the last payload's Next Payload becomes Notify. */
	{
		u32 off = IKE_HDR_LEN, last = 16;
		u8 type = req2[16];

		while (type) {
			last = off;
			type = req2[off];
			off += get_unaligned_be16(req2 + off + 2);
		}
		ASSERT_EQ(p->req_len, off);
		req2[last] = IKE_PT_NOTIFY;
		memset(req2 + off, 0, 8);
		put_unaligned_be16(8 + 20, req2 + off + 2);
		put_unaligned_be16(IKE_N_NAT_DETECTION_SOURCE_IP,
				   req2 + off + 6);
		memcpy(req2 + off + 8, junk, 20);
	}
	len2 = p->req_len + 8 + 20;
	put_unaligned_be32(len2, req2 + 24);
	len = (int)len2;
	ASSERT_EQ(0, ike_sa_new_responder(&p->cr, &ike_ops_nettle, req2, len,
					  0, &p->r));
	th_answer_dh(p->r, 0);
	EXPECT_EQ(IKE_SA_S_R_INIT_DONE, ike_sa_state(p->r));
	EXPECT_NE(NULL, find_notify(req2, len2,
				    IKE_N_NAT_DETECTION_SOURCE_IP, 1, &p->m));
	EXPECT_FALSE(ike_sa_nat_remote(p->r));
	EXPECT_FALSE(ike_sa_natt(p->r));
	free(req2);
	pair_free(p);
}

/* INVALID_KE_PAYLOAD retry: the new request carries fresh, right hashes. */
TEST(natd_after_invalid_ke_retry)
{
	struct ends ei, er;
	struct pair *p;
	const u8 *h;
	u8 want[20];

	ends_direct(&ei, &er);
	v4(er.remote, 198, 51, 100, 7);
	p = pair_new(&ei, &er);
	cfg_make(&p->ci, true, "aes128gcm16-prfsha256-x25519-ecp256", &ei);
	cfg_make(&p->cr, false, "aes128gcm16-prfsha256-ecp256", &er);
	ASSERT_EQ(0, ike_sa_new_initiator(&p->ci, &ike_ops_nettle, 0, &p->i));
	th_answer_dh(p->i, 0);
	ASSERT_EQ(1, th_pop_all(p->i, p->req, &p->req_len));
	ASSERT_EQ(0, ike_sa_new_responder(&p->cr, &ike_ops_nettle, p->req,
					  p->req_len, 0, &p->r));
	ASSERT_EQ(1, th_pop_all(p->r, p->resp, &p->resp_len));
	EXPECT_FALSE(ike_sa_natt(p->r));	/* it failed: no INIT done */
	ike_sa_free(p->r);
	p->r = NULL;
	EXPECT_EQ(0, ike_sa_input(p->i, p->resp, p->resp_len, 0));
	EXPECT_EQ(1, th_answer_dh(p->i, 0));
	ASSERT_EQ(1, th_pop_all(p->i, p->req, &p->req_len));
	natd_expect(ike_sa_spi_i(p->i), 0, ei.local, 4, IKE_PORT, want);
	h = find_notify(p->req, p->req_len, IKE_N_NAT_DETECTION_SOURCE_IP, 0,
			&p->m);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(0, memcmp(h, want, 20));
	ASSERT_EQ(0, ike_sa_new_responder(&p->cr, &ike_ops_nettle, p->req,
					  p->req_len, 0, &p->r));
	th_answer_dh(p->r, 0);
	ASSERT_EQ(1, th_pop_all(p->r, p->resp, &p->resp_len));
	EXPECT_EQ(0, ike_sa_input(p->i, p->resp, p->resp_len, 0));
	EXPECT_TRUE(ike_sa_natt(p->i));
	EXPECT_TRUE(ike_sa_natt(p->r));
	EXPECT_EQ(IKE_ALG_DH_ECP256, ike_sa_dh_group(p->i));
	EXPECT_EQ(IKE_ALG_DH_ECP256, ike_sa_dh_group(p->r));
	ASSERT_EQ(0, pair_auth(p));
	pair_free(p);
}

/* ---------------------------------------------------------------------- */

/* 1 only for new authenticated messages of the SA. */
TEST(input_returns_authenticated)
{
	struct ends ei, er;
	struct pair *p;
	u8 *bad;

	ends_direct(&ei, &er);
	p = pair_new(&ei, &er);
	ASSERT_EQ(0, pair_init(p, false, false));
	th_answer_dh(p->i, 0);
	ASSERT_EQ(1, th_pop_all(p->i, p->req, &p->req_len));
	bad = malloc(IKE_SA_BUF_LEN);
	ASSERT_NE(NULL, bad);

	/* Garbage, a short datagram, a forged ICV: 0 and no answer. */
	memset(bad, 0xa5, 200);
	EXPECT_EQ(0, ike_sa_input(p->r, bad, 200, 0));
	EXPECT_EQ(0, ike_sa_input(p->r, p->req, 10, 0));
	memcpy(bad, p->req, p->req_len);
	bad[p->req_len - 1] ^= 1;
	EXPECT_EQ(0, ike_sa_input(p->r, bad, p->req_len, 0));
	EXPECT_EQ(0, th_pop_all(p->r, NULL, NULL));
	/* The IKE_SA_INIT request again: answered, but not authenticated. */
	EXPECT_EQ(IKE_SA_S_R_INIT_DONE, ike_sa_state(p->r));

	/* The real IKE_AUTH request: 1, answered. */
	EXPECT_EQ(1, ike_sa_input(p->r, p->req, p->req_len, 0));
	ASSERT_EQ(1, th_pop_all(p->r, p->resp, &p->resp_len));
	/* Replayed: answered from the cache, 0. */
	EXPECT_EQ(0, ike_sa_input(p->r, p->req, p->req_len, 0));
	EXPECT_EQ(1, th_pop_all(p->r, NULL, NULL));
	/* A forged response to the initiator: 0; the real one: 1. */
	memcpy(bad, p->resp, p->resp_len);
	bad[p->resp_len - 1] ^= 0x80;
	EXPECT_EQ(0, ike_sa_input(p->i, bad, p->resp_len, 0));
	EXPECT_EQ(IKE_SA_S_AUTH_SENT, ike_sa_state(p->i));
	EXPECT_EQ(1, ike_sa_input(p->i, p->resp, p->resp_len, 0));
	EXPECT_EQ(IKE_SA_S_ESTABLISHED, ike_sa_state(p->i));
	/* The same response again: no request outstanding, 0. */
	EXPECT_EQ(0, ike_sa_input(p->i, p->resp, p->resp_len, 0));

	/* A liveness check both ways: request 1, response 1. */
	ASSERT_EQ(0, ike_sa_liveness(p->i, 1));
	ASSERT_EQ(1, th_pop_all(p->i, p->req, &p->req_len));
	EXPECT_EQ(1, ike_sa_input(p->r, p->req, p->req_len, 1));
	ASSERT_EQ(1, th_pop_all(p->r, p->resp, &p->resp_len));
	EXPECT_EQ(1, ike_sa_input(p->i, p->resp, p->resp_len, 1));
	EXPECT_EQ(1, th_count_events(p->i, IKE_EV_ALIVE, NULL));
	/* Replay of that request: 0; of its response: 0. */
	EXPECT_EQ(0, ike_sa_input(p->r, p->req, p->req_len, 2));
	EXPECT_EQ(0, ike_sa_input(p->i, p->resp, p->resp_len, 2));
	/* A dead SA takes nothing. */
	ike_sa_fail(p->r, 0, -ECANCELED);
	EXPECT_EQ(0, ike_sa_input(p->r, p->req, p->req_len, 3));
	free(bad);
	pair_free(p);
}

TEST(proposal_and_group_getters)
{
	struct ends ei, er;
	struct ike_event ev;
	struct pair *p;
	char buf[96];
	u32 spi_in;

	ends_direct(&ei, &er);
	p = pair_new(&ei, &er);
	ASSERT_EQ(0, ike_sa_new_initiator(&p->ci, &ike_ops_nettle, 0, &p->i));
	EXPECT_EQ(-ENOENT, ike_sa_format_proposal(p->i, buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	EXPECT_EQ(IKE_ALG_DH_CURVE25519, ike_sa_dh_group(p->i));
	ike_sa_free(p->i);
	p->i = NULL;

	ASSERT_EQ(0, pair_init(p, false, false));
	EXPECT_EQ((int)strlen("aes128gcm16-prfsha256-x25519"),
		  ike_sa_format_proposal(p->i, buf, sizeof(buf)));
	EXPECT_STREQ("aes128gcm16-prfsha256-x25519", buf);
	EXPECT_EQ((int)strlen("aes128gcm16-prfsha256-x25519"),
		  ike_sa_format_proposal(p->r, buf, sizeof(buf)));
	EXPECT_STREQ("aes128gcm16-prfsha256-x25519", buf);
	EXPECT_EQ(-ENOSPC, ike_sa_format_proposal(p->r, buf, 8));
	EXPECT_EQ(7u, strlen(buf));
	EXPECT_EQ(IKE_ALG_DH_CURVE25519, ike_sa_dh_group(p->i));
	EXPECT_EQ(IKE_ALG_DH_CURVE25519, ike_sa_dh_group(p->r));

	ASSERT_EQ(0, pair_auth(p));
	ASSERT_EQ(1, th_count_events(p->r, IKE_EV_CHILD_UP, &ev));
	EXPECT_STREQ("aes128gcm16-esn", ev.child.proposal);
	memzero_explicit(&ev, sizeof(ev));
	ASSERT_EQ(1, th_count_events(p->i, IKE_EV_CHILD_UP, &ev));
	EXPECT_STREQ("aes128gcm16-esn", ev.child.proposal);
	spi_in = ev.child.spi_in;
	memzero_explicit(&ev, sizeof(ev));

	/* A rekeyed child names its transforms too, on both sides. */
	ASSERT_EQ(0, ike_sa_rekey_child(p->i, spi_in, 2));
	EXPECT_EQ(0, th_answer_dh(p->i, 0));		/* no PFS */
	ASSERT_EQ(1, th_pop_all(p->i, p->req, &p->req_len));
	EXPECT_EQ(1, ike_sa_input(p->r, p->req, p->req_len, 2));
	ASSERT_EQ(1, th_pop_all(p->r, p->resp, &p->resp_len));
	EXPECT_EQ(1, ike_sa_input(p->i, p->resp, p->resp_len, 2));
	ASSERT_EQ(1, th_count_events(p->i, IKE_EV_CHILD_REKEYED, &ev));
	EXPECT_STREQ("aes128gcm16-esn", ev.child.proposal);
	EXPECT_EQ(spi_in, ev.child.old_spi_in);
	memzero_explicit(&ev, sizeof(ev));
	ASSERT_EQ(1, th_count_events(p->r, IKE_EV_CHILD_REKEYED, &ev));
	EXPECT_STREQ("aes128gcm16-esn", ev.child.proposal);
	memzero_explicit(&ev, sizeof(ev));
	pair_free(p);
}

TEST_HARNESS_MAIN
