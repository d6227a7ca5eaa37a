// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the unit tests and the fuzz targets; see test_helper.h.
 */
#include <ctype.h>

#include "ike_proposal.h"
#include "ike_sa_priv.h"
#include "ike_ops_nettle.h"
#include "test_helper.h"

static int th_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

size_t th_unhex(const char *hex, u8 *out, size_t max)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *hex; hex++) {
		if (isspace((unsigned char)*hex))
			continue;
		v = th_hexval((unsigned char)*hex);
		if (v < 0 || (hi < 0 && n >= max)) {
			fprintf(stderr, "%s: bad or long input\n", __func__);
			abort();
		}
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (u8)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		fprintf(stderr, "%s: odd digit count\n", __func__);
		abort();
	}
	return n;
}

void th_cfg_psk(struct ike_sa_cfg *cfg, bool initiator, const char *psk,
		const char *local_id, const char *remote_id)
{
	ike_sa_cfg_init(cfg);
	cfg->initiator = initiator;
	cfg->psk_len = strlen(psk);
	memcpy(cfg->psk, psk, cfg->psk_len);
	cfg->local_id_type = IKE_ID_FQDN;
	cfg->local_id_len = strlen(local_id);
	memcpy(cfg->local_id, local_id, cfg->local_id_len);
	if (remote_id) {
		cfg->remote_id_type = IKE_ID_FQDN;
		cfg->remote_id_len = strlen(remote_id);
		memcpy(cfg->remote_id, remote_id, cfg->remote_id_len);
	}
	th_ts_prefix(&cfg->local_ts, "0.0.0.0/0");
	th_ts_prefix(&cfg->remote_ts, "0.0.0.0/0");
}

void th_cfg_props(struct ike_sa_cfg *cfg, const char *ike, const char *esp)
{
	struct ike_err err;

	if (ike_prop_parse(ike, strlen(ike), IKE_PROTO_IKE, &cfg->ike, &err) ||
	    ike_prop_parse(esp, strlen(esp), IKE_PROTO_ESP, &cfg->esp, &err)) {
		fprintf(stderr, "%s: bad proposal %s / %s\n", __func__, ike,
			esp);
		abort();
	}
}

void th_ts_prefix(struct ike_ts_list *l, const char *cidr)
{
	unsigned int a, b, c, d, plen;
	u8 addr[4];

	if (sscanf(cidr, "%u.%u.%u.%u/%u", &a, &b, &c, &d, &plen) != 5)
		abort();
	addr[0] = a;
	addr[1] = b;
	addr[2] = c;
	addr[3] = d;
	memset(l, 0, sizeof(*l));
	if (ike_ts_from_prefix(&l->ts[0], IKE_TS_IPV4_ADDR_RANGE, addr, plen))
		abort();
	l->count = 1;
}

int th_answer_dh(struct ike_sa *sa, u64 now)
{
	static const u8 shared[32] = "fixed shared secret";
	struct ike_dh_req r;
	u8 pub[IKE_DH_PUB_MAX];
	int n = 0;

	memset(pub, 0x42, sizeof(pub));
	while (ike_sa_pop_dh(sa, &r)) {
		ike_sa_dh_result(sa, r.id, 0, pub, ike_dh_ke_len(r.group),
				 shared, sizeof(shared), now);
		n++;
	}
	return n;
}

int th_pop_all(struct ike_sa *sa, u8 *out, u32 *out_len)
{
	const u8 *buf;
	u32 len;
	int n = 0;

	while (ike_sa_pop_output(sa, &buf, &len)) {
		if (out) {
			memcpy(out, buf, len);
			*out_len = len;
		}
		n++;
	}
	return n;
}

int th_count_events(struct ike_sa *sa, u8 type, struct ike_event *last)
{
	struct ike_event ev;
	int n = 0;

	while (ike_sa_pop_event(sa, &ev)) {
		if (ev.type == type) {
			n++;
			if (last)
				*last = ev;
		}
		memzero_explicit(&ev, sizeof(ev));
	}
	return n;
}

u8 *th_seal(struct ike_sa *tx, u8 exch, u32 mid, bool response, u8 first,
	    const u8 *pt, u32 pt_len, size_t *len)
{
	size_t need = ike_sk_msg_len(&tx->sk, IKE_HDR_LEN, pt_len);
	u8 *msg = ike_ops_nettle.zalloc(need);

	if (!msg)
		return NULL;
	put_unaligned_be64(tx->spi_i, msg);
	put_unaligned_be64(tx->spi_r, msg + 8);
	msg[16] = IKE_PT_SK;
	msg[17] = 0x20;
	msg[18] = exch;
	msg[19] = (tx->initiator ? IKE_HDR_F_INITIATOR : 0) |
		  (response ? IKE_HDR_F_RESPONSE : 0);
	put_unaligned_be32(mid, msg + 20);
	msg[IKE_HDR_LEN] = first;
	if (pt_len)
		memcpy(msg + ike_sk_pt_off(&tx->sk, IKE_HDR_LEN), pt, pt_len);
	if (ike_sk_protect(&tx->sk, msg, need, IKE_HDR_LEN, pt_len, len)) {
		ike_ops_nettle.free(msg);
		return NULL;
	}
	return msg;
}
