// SPDX-License-Identifier: GPL-2.0
/*
 * Proposal parsing, offer encoding, selection and answer checking, and
 * traffic selector narrowing: see ike_proposal.h.
 */
#include "ike_proposal.h"

#define IKE_KW_AEAD	0x1	/* combined-mode cipher */
#define IKE_KW_ALIAS	0x2	/* accepted, never printed */

struct ike_keyword {
	const char *name;
	u8 type;
	u8 flags;
	u16 id;
	u16 keylen;
};

/*
 * strongSwan's keywords for the algorithms this implementation runs. The
 * first non-alias entry for an algorithm is the name it is printed with.
 */
static const struct ike_keyword ike_keywords[] = {
	{ "aes128", IKE_XFT_ENCR, 0, IKE_ENCR_AES_CBC, 128 },
	{ "aes192", IKE_XFT_ENCR, 0, IKE_ENCR_AES_CBC, 192 },
	{ "aes256", IKE_XFT_ENCR, 0, IKE_ENCR_AES_CBC, 256 },
	{ "aes128gcm16", IKE_XFT_ENCR, IKE_KW_AEAD, IKE_ENCR_AES_GCM_16, 128 },
	{ "aes192gcm16", IKE_XFT_ENCR, IKE_KW_AEAD, IKE_ENCR_AES_GCM_16, 192 },
	{ "aes256gcm16", IKE_XFT_ENCR, IKE_KW_AEAD, IKE_ENCR_AES_GCM_16, 256 },
	{ "aes128gcm", IKE_XFT_ENCR, IKE_KW_AEAD | IKE_KW_ALIAS,
	  IKE_ENCR_AES_GCM_16, 128 },
	{ "aes192gcm", IKE_XFT_ENCR, IKE_KW_AEAD | IKE_KW_ALIAS,
	  IKE_ENCR_AES_GCM_16, 192 },
	{ "aes256gcm", IKE_XFT_ENCR, IKE_KW_AEAD | IKE_KW_ALIAS,
	  IKE_ENCR_AES_GCM_16, 256 },
	{ "chacha20poly1305", IKE_XFT_ENCR, IKE_KW_AEAD,
	  IKE_ENCR_CHACHA20_POLY1305, 0 },
	{ "sha256", IKE_XFT_INTEG, 0, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ "sha384", IKE_XFT_INTEG, 0, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ "sha512", IKE_XFT_INTEG, 0, IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ "sha2_256", IKE_XFT_INTEG, IKE_KW_ALIAS,
	  IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ "sha2_384", IKE_XFT_INTEG, IKE_KW_ALIAS,
	  IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ "sha2_512", IKE_XFT_INTEG, IKE_KW_ALIAS,
	  IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ "prfsha256", IKE_XFT_PRF, 0, IKE_PRF_HMAC_SHA2_256, 0 },
	{ "prfsha384", IKE_XFT_PRF, 0, IKE_PRF_HMAC_SHA2_384, 0 },
	{ "prfsha512", IKE_XFT_PRF, 0, IKE_PRF_HMAC_SHA2_512, 0 },
	{ "modp2048", IKE_XFT_DH, 0, IKE_DH_MODP2048, 0 },
	{ "modp3072", IKE_XFT_DH, 0, IKE_DH_MODP3072, 0 },
	{ "modp4096", IKE_XFT_DH, 0, IKE_DH_MODP4096, 0 },
	{ "ecp256", IKE_XFT_DH, 0, IKE_DH_ECP256, 0 },
	{ "ecp384", IKE_XFT_DH, 0, IKE_DH_ECP384, 0 },
	{ "ecp521", IKE_XFT_DH, 0, IKE_DH_ECP521, 0 },
	{ "x25519", IKE_XFT_DH, 0, IKE_DH_CURVE25519, 0 },
	{ "curve25519", IKE_XFT_DH, IKE_KW_ALIAS, IKE_DH_CURVE25519, 0 },
	{ "esn", IKE_XFT_ESN, 0, IKE_ESN_YES, 0 },
	{ "noesn", IKE_XFT_ESN, 0, IKE_ESN_NO, 0 },
};

/* Longest accepted proposal string: keeps positions in struct ike_err. */
#define IKE_PROP_STR_MAX	4096

static int ike_perr(struct ike_err *err, int rc, u16 notify, size_t pos,
		    size_t len, const char *reason)
{
	if (err) {
		err->notify = notify;
		err->arg = (u16)min_t(size_t, len, 0xffff);
		err->offset = (u32)pos;
		err->reason = reason;
	}
	return rc;
}

static const struct ike_keyword *ike_keyword_find(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ike_keywords); i++)
		if (strlen(ike_keywords[i].name) == len &&
		    !memcmp(ike_keywords[i].name, s, len))
			return &ike_keywords[i];
	return NULL;
}

static bool ike_prop_has(const struct ike_prop *p, u8 type, u16 id,
			 u16 keylen)
{
	unsigned int i;

	for (i = 0; i < p->n[type]; i++)
		if (p->alg[type][i].id == id && p->alg[type][i].keylen == keylen)
			return true;
	return false;
}

/* Appends unless present; -E2BIG when the type's list is full. */
static int ike_prop_add(struct ike_prop *p, u8 type, u16 id, u16 keylen)
{
	if (ike_prop_has(p, type, id, keylen))
		return 0;
	if (p->n[type] >= IKE_PROP_MAX_ALGS)
		return -E2BIG;
	p->alg[type][p->n[type]].id = id;
	p->alg[type][p->n[type]].keylen = keylen;
	p->n[type]++;
	return 0;
}

static u16 ike_integ_to_prf(u16 integ)
{
	switch (integ) {
	case IKE_INTEG_HMAC_SHA2_256_128:
		return IKE_PRF_HMAC_SHA2_256;
	case IKE_INTEG_HMAC_SHA2_384_192:
		return IKE_PRF_HMAC_SHA2_384;
	case IKE_INTEG_HMAC_SHA2_512_256:
		return IKE_PRF_HMAC_SHA2_512;
	}
	return 0;
}

bool ike_encr_is_combined(u16 encr)
{
	switch (encr) {
	case IKE_ENCR_AES_CCM_8:
	case IKE_ENCR_AES_CCM_12:
	case IKE_ENCR_AES_CCM_16:
	case IKE_ENCR_AES_GCM_8:
	case IKE_ENCR_AES_GCM_12:
	case IKE_ENCR_AES_GCM_16:
	case IKE_ENCR_NULL_AUTH_AES_GMAC:
	case IKE_ENCR_CHACHA20_POLY1305:
		return true;
	}
	return false;
}

unsigned int ike_dh_ke_len(u16 group)
{
	switch (group) {
	case IKE_DH_MODP768:
		return 96;
	case IKE_DH_MODP1024:
		return 128;
	case IKE_DH_MODP1536:
		return 192;
	case IKE_DH_MODP2048:
		return 256;
	case IKE_DH_MODP3072:
		return 384;
	case IKE_DH_MODP4096:
		return 512;
	case IKE_DH_MODP6144:
		return 768;
	case IKE_DH_MODP8192:
		return 1024;
	case IKE_DH_ECP256:		/* x | y, RFC 5903 7 */
		return 64;
	case IKE_DH_ECP384:
		return 96;
	case IKE_DH_ECP521:
		return 132;
	case IKE_DH_CURVE25519:		/* RFC 8031 */
		return 32;
	case IKE_DH_CURVE448:
		return 56;
	}
	return 0;
}

/*
 * The groups ike-helper computes, in the order we ask for one with
 * INVALID_KE_PAYLOAD when the peer's KE is of another.
 */
static const u16 ike_pfs_groups[] = {
	IKE_DH_CURVE25519, IKE_DH_ECP256, IKE_DH_ECP384, IKE_DH_ECP521,
	IKE_DH_MODP3072, IKE_DH_MODP2048,
};

bool ike_dh_supported(u16 group)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ike_pfs_groups); i++)
		if (ike_pfs_groups[i] == group)
			return true;
	return false;
}

bool ike_prop_list_has_dh(const struct ike_prop_list *l)
{
	unsigned int i;

	for (i = 0; i < l->count; i++)
		if (l->prop[i].n[IKE_XFT_DH])
			return true;
	return false;
}

void ike_prop_list_set_dh(struct ike_prop_list *l, u16 group)
{
	unsigned int i;

	for (i = 0; i < l->count; i++) {
		if (l->prop[i].n[IKE_XFT_DH])
			continue;
		l->prop[i].alg[IKE_XFT_DH][0].id = group;
		l->prop[i].alg[IKE_XFT_DH][0].keylen = 0;
		l->prop[i].n[IKE_XFT_DH] = 1;
	}
}

/* One proposal, @str[@start, @end). */
static int ike_prop_parse_one(const char *str, size_t start, size_t end,
			      u8 protocol, struct ike_prop *p,
			      struct ike_err *err)
{
	size_t pos = start;
	bool have_encr = false, aead = false;
	unsigned int i;

	memset(p, 0, sizeof(*p));
	p->protocol = protocol;
	if (start == end)
		return ike_perr(err, -EINVAL, 0, start, 0, "empty proposal");

	for (;;) {
		const struct ike_keyword *kw;
		size_t tok_end = pos;

		while (tok_end < end && str[tok_end] != '-')
			tok_end++;
		if (tok_end == pos)
			return ike_perr(err, -EINVAL, 0, pos, 0,
					"empty algorithm keyword");
		kw = ike_keyword_find(str + pos, tok_end - pos);
		if (!kw)
			return ike_perr(err, -EINVAL, 0, pos, tok_end - pos,
					"unknown algorithm keyword");
		if (kw->type == IKE_XFT_PRF && protocol != IKE_PROTO_IKE)
			return ike_perr(err, -EINVAL, 0, pos, tok_end - pos,
					"a PRF belongs in IKE proposals only");
		if (kw->type == IKE_XFT_ESN && protocol != IKE_PROTO_ESP)
			return ike_perr(err, -EINVAL, 0, pos, tok_end - pos,
					"esn/noesn belong in ESP proposals only");
		if (kw->type == IKE_XFT_ENCR) {
			bool kw_aead = kw->flags & IKE_KW_AEAD;

			if (have_encr && kw_aead != aead)
				return ike_perr(err, -EINVAL, 0, pos,
						tok_end - pos,
						"AEAD and classic ciphers in one proposal");
			have_encr = true;
			aead = kw_aead;
		}
		if (ike_prop_add(p, kw->type, kw->id, kw->keylen))
			return ike_perr(err, -E2BIG, 0, pos, tok_end - pos,
					"too many algorithms of one type");
		if (tok_end == end)
			break;
		pos = tok_end + 1;
	}

	if (!have_encr)
		return ike_perr(err, -EINVAL, 0, start, end - start,
				"no encryption algorithm");
	if (protocol == IKE_PROTO_IKE) {
		/* strongSwan: no prf keyword, the integrity hashes give it. */
		if (!p->n[IKE_XFT_PRF])
			for (i = 0; i < p->n[IKE_XFT_INTEG]; i++)
				ike_prop_add(p, IKE_XFT_PRF,
					     ike_integ_to_prf(p->alg[IKE_XFT_INTEG][i].id),
					     0);
		if (!p->n[IKE_XFT_PRF])
			return ike_perr(err, -EINVAL, 0, start, end - start,
					"IKE proposal without a PRF (add prfsha256...)");
		if (!p->n[IKE_XFT_DH])
			return ike_perr(err, -EINVAL, 0, start, end - start,
					"IKE proposal without a DH group");
	}
	if (aead) {
		/* Combined mode: no integrity transform (RFC 5282 8). */
		p->n[IKE_XFT_INTEG] = 0;
		memset(p->alg[IKE_XFT_INTEG], 0, sizeof(p->alg[IKE_XFT_INTEG]));
	} else if (!p->n[IKE_XFT_INTEG]) {
		return ike_perr(err, -EINVAL, 0, start, end - start,
				"classic cipher without an integrity algorithm");
	}
	if (protocol == IKE_PROTO_ESP && !p->n[IKE_XFT_ESN])
		ike_prop_add(p, IKE_XFT_ESN, IKE_ESN_NO, 0);
	return 0;
}

int ike_prop_parse(const char *str, size_t len, u8 protocol,
		   struct ike_prop_list *out, struct ike_err *err)
{
	size_t pos = 0;
	int rc;

	out->count = 0;
	if (protocol != IKE_PROTO_IKE && protocol != IKE_PROTO_ESP)
		return ike_perr(err, -EINVAL, 0, 0, 0,
				"proposals are for IKE or ESP");
	if (len > IKE_PROP_STR_MAX)
		return ike_perr(err, -EINVAL, 0, 0, 0,
				"proposal string too long");
	for (;;) {
		size_t end = pos;

		while (end < len && str[end] != ',')
			end++;
		if (out->count >= IKE_PROP_MAX) {
			out->count = 0;
			return ike_perr(err, -E2BIG, 0, pos, end - pos,
					"too many proposals");
		}
		rc = ike_prop_parse_one(str, pos, end, protocol,
					&out->prop[out->count], err);
		if (rc) {
			out->count = 0;
			return rc;
		}
		out->count++;
		if (end == len)
			return 0;
		pos = end + 1;
	}
}

/* ---------------------------------------------------------------------- */
/* Formatting */

struct ike_sbuf {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
};

static void ike_sb_puts(struct ike_sbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (sb->len + 1 >= sb->size) {
			sb->overflow = true;
			return;
		}
		sb->buf[sb->len++] = *s;
		sb->buf[sb->len] = '\0';
	}
}

static void ike_sb_putu(struct ike_sbuf *sb, u32 v)
{
	char tmp[11];
	int i = sizeof(tmp) - 1;

	tmp[i] = '\0';
	do {
		tmp[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	ike_sb_puts(sb, tmp + i);
}

static void ike_sb_alg(struct ike_sbuf *sb, u8 type, u16 id, u16 keylen)
{
	static const char * const prefix[IKE_XFT_MAX + 1] = {
		"", "encr", "prf", "integ", "dh", "esn",
	};
	size_t i;

	if (sb->len)
		ike_sb_puts(sb, "-");
	for (i = 0; i < ARRAY_SIZE(ike_keywords); i++) {
		const struct ike_keyword *kw = &ike_keywords[i];

		if (kw->type == type && kw->id == id && kw->keylen == keylen &&
		    !(kw->flags & IKE_KW_ALIAS)) {
			ike_sb_puts(sb, kw->name);
			return;
		}
	}
	/* Not one of ours: IANA number, then the key length. */
	ike_sb_puts(sb, prefix[type]);
	ike_sb_putu(sb, id);
	if (keylen) {
		ike_sb_puts(sb, "_");
		ike_sb_putu(sb, keylen);
	}
}

/* strongSwan's order: encryption, integrity, prf, dh, esn. */
static const u8 ike_fmt_order[] = {
	IKE_XFT_ENCR, IKE_XFT_INTEG, IKE_XFT_PRF, IKE_XFT_DH, IKE_XFT_ESN,
};

static int ike_sb_end(struct ike_sbuf *sb)
{
	return sb->overflow ? -ENOSPC : (int)sb->len;
}

int ike_prop_format(const struct ike_prop *prop, char *buf, size_t size)
{
	struct ike_sbuf sb = { .buf = buf, .size = size };
	unsigned int i, j;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(ike_fmt_order); i++) {
		u8 t = ike_fmt_order[i];

		for (j = 0; j < prop->n[t]; j++)
			ike_sb_alg(&sb, t, prop->alg[t][j].id,
				   prop->alg[t][j].keylen);
	}
	return ike_sb_end(&sb);
}

int ike_chosen_format(const struct ike_chosen *c, char *buf, size_t size)
{
	struct ike_sbuf sb = { .buf = buf, .size = size };
	unsigned int i;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(ike_fmt_order); i++) {
		u8 t = ike_fmt_order[i];

		if (!(c->present & (1u << t)))
			continue;
		if ((t == IKE_XFT_INTEG || t == IKE_XFT_DH) && !c->xf[t].id)
			continue;
		ike_sb_alg(&sb, t, c->xf[t].id, c->xf[t].keylen);
	}
	return ike_sb_end(&sb);
}

/* ---------------------------------------------------------------------- */
/* Offer, selection, answer */

static u8 ike_expected_spi_size(u8 protocol, unsigned int flags)
{
	if (protocol == IKE_PROTO_IKE)
		return flags & IKE_PROP_F_REKEY ? IKE_SPI_SIZE_IKE : 0;
	return IKE_SPI_SIZE_CHILD;
}

int ike_prop_put_offer(struct ike_writer *w, const struct ike_prop_list *l,
		       const u8 *spi, u8 spi_size, unsigned int flags)
{
	unsigned int i, j;
	u8 t;

	if (!l->count || l->count > IKE_PROP_MAX)
		return ike_writer_fail(w, -EINVAL);
	ike_put_sa_begin(w);
	for (i = 0; i < l->count; i++) {
		const struct ike_prop *p = &l->prop[i];

		ike_put_proposal(w, i + 1, p->protocol, spi, spi_size);
		for (t = IKE_XFT_ENCR; t <= IKE_XFT_MAX; t++) {
			if (t == IKE_XFT_DH && (flags & IKE_PROP_F_NO_DH))
				continue;
			for (j = 0; j < p->n[t]; j++)
				ike_put_transform(w, t, p->alg[t][j].id,
						  p->alg[t][j].keylen);
		}
	}
	return ike_put_sa_end(w);
}

/* The peer proposal offers a usable transform (@type, @id, @keylen). */
static bool ike_peer_has(const struct ike_sa_prop *pp, u8 type, u16 id,
			 u16 keylen)
{
	struct ike_xform_iter it;
	struct ike_sa_xform xf;

	ike_xform_iter_init(&it, pp);
	while (ike_xform_next(&it, &xf))
		if (xf.type == type && xf.id == id && xf.keylen == keylen &&
		    !xf.unknown_attr)
			return true;
	return false;
}

/*
 * BIT(type) of every transform type in the peer proposal; false if one
 * is a type we do not know (the whole proposal is then unacceptable).
 */
static bool ike_peer_types(const struct ike_sa_prop *pp, u8 *types)
{
	struct ike_xform_iter it;
	struct ike_sa_xform xf;

	*types = 0;
	ike_xform_iter_init(&it, pp);
	while (ike_xform_next(&it, &xf)) {
		if (xf.type < IKE_XFT_ENCR || xf.type > IKE_XFT_MAX)
			return false;
		*types |= 1u << xf.type;
	}
	return true;
}

/* The mandatory transform types of RFC 7296 3.3.3 are all there. */
static bool ike_chosen_complete(const struct ike_chosen *c)
{
	u16 encr = ike_chosen_id(c, IKE_XFT_ENCR);
	u16 integ = ike_chosen_id(c, IKE_XFT_INTEG);

	if (!encr)
		return false;
	if (ike_encr_is_combined(encr) ? integ != 0 : integ == 0)
		return false;
	if (c->protocol == IKE_PROTO_IKE)
		return ike_chosen_id(c, IKE_XFT_PRF) &&
		       ike_chosen_id(c, IKE_XFT_DH);
	return !(c->present & (1u << IKE_XFT_PRF));
}

static void ike_chosen_pick(struct ike_chosen *c, u8 type,
			    const struct ike_alg *alg)
{
	c->xf[type] = *alg;
	c->present |= 1u << type;
}

static bool ike_prop_match(const struct ike_prop *lp,
			   const struct ike_sa_prop *pp, unsigned int flags,
			   u16 ke_group, struct ike_chosen *c)
{
	u8 types, t;
	unsigned int i;

	if (pp->protocol != lp->protocol ||
	    pp->spi_size != ike_expected_spi_size(lp->protocol, flags) ||
	    !ike_peer_types(pp, &types))
		return false;

	memset(c, 0, sizeof(*c));
	c->num = pp->num;
	c->protocol = pp->protocol;
	c->spi_size = pp->spi_size;
	memcpy(c->spi, pp->spi, pp->spi_size);

	for (t = IKE_XFT_ENCR; t <= IKE_XFT_MAX; t++) {
		const struct ike_alg *pick = NULL;
		struct ike_alg hint = { .id = ke_group };

		if (t == IKE_XFT_DH && (flags & IKE_PROP_F_NO_DH))
			continue;
		if (!(types & (1u << t))) {
			/* Peer sends none: fine if we allow NONE. */
			if (!lp->n[t] || ike_prop_has(lp, t, 0, 0))
				continue;
			return false;
		}
		if (!lp->n[t] && t == IKE_XFT_DH &&
		    (flags & IKE_PROP_F_PEER_PFS) && ke_group) {
			/*
			 * We name no group, the peer asks for PFS: its KE
			 * group if we can compute it, else NONE if it
			 * allows that, else a group of ours it offers
			 * (INVALID_KE_PAYLOAD asks for it).
			 */
			if (ike_dh_supported(ke_group) &&
			    ike_peer_has(pp, t, ke_group, 0)) {
				pick = &hint;
			} else if (ike_peer_has(pp, t, 0, 0)) {
				continue;
			} else {
				for (i = 0; i < ARRAY_SIZE(ike_pfs_groups);
				     i++) {
					if (!ike_peer_has(pp, t,
							  ike_pfs_groups[i],
							  0))
						continue;
					hint.id = ike_pfs_groups[i];
					pick = &hint;
					break;
				}
			}
			if (!pick)
				return false;
			ike_chosen_pick(c, t, pick);
			continue;
		}
		if (!lp->n[t]) {
			/* We want none: fine if the peer allows NONE. */
			if (ike_peer_has(pp, t, 0, 0))
				continue;
			return false;
		}
		if (t == IKE_XFT_DH && ke_group &&
		    ike_prop_has(lp, t, ke_group, 0) &&
		    ike_peer_has(pp, t, ke_group, 0))
			pick = &hint;
		for (i = 0; !pick && i < lp->n[t]; i++)
			if (ike_peer_has(pp, t, lp->alg[t][i].id,
					 lp->alg[t][i].keylen))
				pick = &lp->alg[t][i];
		if (!pick)
			return false;
		ike_chosen_pick(c, t, pick);
	}
	return ike_chosen_complete(c);
}

int ike_prop_select(const struct ike_prop_list *local,
		    const struct ike_payload *sa, unsigned int flags,
		    u16 ke_group, struct ike_chosen *out,
		    struct ike_err *err)
{
	struct ike_sa_iter it;
	struct ike_sa_prop pp;
	unsigned int i;
	int rc;

	if (sa->type != IKE_PT_SA)
		return ike_perr(err, -EINVAL, 0, sa->offset, 0, "not an SA");
	rc = ike_decode_sa(sa, IKE_SA_OFFER, NULL, err);
	if (rc)
		return rc;
	for (i = 0; i < local->count; i++) {
		ike_sa_iter_init(&it, sa);
		while (ike_sa_next_prop(&it, &pp))
			if (ike_prop_match(&local->prop[i], &pp, flags,
					   ke_group, out))
				return 0;
	}
	return ike_perr(err, -ENOPROTOOPT, IKE_N_NO_PROPOSAL_CHOSEN,
			sa->offset, 0, "no acceptable proposal");
}

int ike_chosen_check_ke(const struct ike_chosen *c, u16 ke_group,
			struct ike_err *err)
{
	u16 dh = ike_chosen_id(c, IKE_XFT_DH);

	if (!dh || dh == ke_group)
		return 0;
	if (err) {
		err->notify = IKE_N_INVALID_KE_PAYLOAD;
		err->arg = dh;
		err->offset = 0;
		err->reason = "KE group is not the selected one";
	}
	return -EAGAIN;
}

int ike_chosen_put_sa(struct ike_writer *w, const struct ike_chosen *c,
		      const u8 *spi, u8 spi_size)
{
	u8 t;

	ike_put_sa_begin(w);
	ike_put_proposal(w, c->num, c->protocol, spi, spi_size);
	for (t = IKE_XFT_ENCR; t <= IKE_XFT_MAX; t++) {
		if (!(c->present & (1u << t)))
			continue;
		/* RFC 7296 1.2, 3.3.3: omit NONE rather than send it. */
		if ((t == IKE_XFT_DH || t == IKE_XFT_INTEG) && !c->xf[t].id)
			continue;
		ike_put_transform(w, t, c->xf[t].id, c->xf[t].keylen);
	}
	return ike_put_sa_end(w);
}

static int ike_answer_bad(struct ike_err *err, const struct ike_payload *sa,
			  const char *reason)
{
	return ike_perr(err, -EPROTO, IKE_N_NO_PROPOSAL_CHOSEN, sa->offset, 0,
			reason);
}

int ike_prop_check_answer(const struct ike_prop_list *offered,
			  const struct ike_payload *sa, unsigned int flags,
			  struct ike_chosen *out, struct ike_err *err)
{
	const struct ike_prop *lp;
	struct ike_xform_iter xit;
	struct ike_sa_iter it;
	struct ike_sa_prop pp;
	struct ike_sa_xform xf;
	u8 t;
	int rc;

	if (sa->type != IKE_PT_SA)
		return ike_perr(err, -EINVAL, 0, sa->offset, 0, "not an SA");
	rc = ike_decode_sa(sa, IKE_SA_ANSWER, NULL, err);
	if (rc)
		return rc;
	ike_sa_iter_init(&it, sa);
	if (!ike_sa_next_prop(&it, &pp))
		return ike_answer_bad(err, sa, "no proposal");
	if (pp.num > offered->count)
		return ike_answer_bad(err, sa, "answer names a proposal we did not send");
	lp = &offered->prop[pp.num - 1];
	if (pp.protocol != lp->protocol)
		return ike_answer_bad(err, sa, "answer has another protocol");
	if (pp.spi_size != ike_expected_spi_size(lp->protocol, flags))
		return ike_answer_bad(err, sa, "answer has a wrong SPI size");

	memset(out, 0, sizeof(*out));
	out->num = pp.num;
	out->protocol = pp.protocol;
	out->spi_size = pp.spi_size;
	memcpy(out->spi, pp.spi, pp.spi_size);

	ike_xform_iter_init(&xit, &pp);
	while (ike_xform_next(&xit, &xf)) {
		struct ike_alg alg = { .id = xf.id, .keylen = xf.keylen };

		if (xf.type < IKE_XFT_ENCR || xf.type > IKE_XFT_MAX)
			return ike_answer_bad(err, sa, "answer has a transform type we did not send");
		if (xf.unknown_attr)
			return ike_answer_bad(err, sa, "answer has an attribute we did not send");
		if (out->present & (1u << xf.type))
			return ike_answer_bad(err, sa, "answer has two transforms of one type");
		if (xf.type == IKE_XFT_DH && (flags & IKE_PROP_F_NO_DH)) {
			if (xf.id)
				return ike_answer_bad(err, sa, "answer has a DH group in IKE_AUTH");
			continue;
		}
		/* NONE for a type we left out is an explicit "absent". */
		if (!ike_prop_has(lp, xf.type, xf.id, xf.keylen) &&
		    !(xf.id == 0 && !xf.keylen && !lp->n[xf.type] &&
		      (xf.type == IKE_XFT_DH || xf.type == IKE_XFT_INTEG)))
			return ike_answer_bad(err, sa, "answer has a transform we did not offer");
		ike_chosen_pick(out, xf.type, &alg);
	}
	for (t = IKE_XFT_ENCR; t <= IKE_XFT_MAX; t++) {
		if (t == IKE_XFT_DH && (flags & IKE_PROP_F_NO_DH))
			continue;
		if (lp->n[t] && !(out->present & (1u << t)) &&
		    !ike_prop_has(lp, t, 0, 0))
			return ike_answer_bad(err, sa, "answer lacks a transform type we offered");
	}
	if (!ike_chosen_complete(out))
		return ike_answer_bad(err, sa, "answer lacks a mandatory transform");
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Traffic selectors */

static u32 ike_ts_alen(u8 type)
{
	switch (type) {
	case IKE_TS_IPV4_ADDR_RANGE:
		return 4;
	case IKE_TS_IPV6_ADDR_RANGE:
		return 16;
	}
	return 0;
}

static bool ike_ts_opaque(const struct ike_ts *ts)
{
	return ts->start_port == 65535 && ts->end_port == 0;
}

static bool ike_ts_any_port(const struct ike_ts *ts)
{
	return ts->start_port == 0 && ts->end_port == 65535;
}

int ike_ts_from_prefix(struct ike_ts *ts, u8 type, const u8 *addr, u8 plen)
{
	u32 alen = ike_ts_alen(type);
	u32 i;

	if (!alen || plen > alen * 8)
		return -EINVAL;
	memset(ts, 0, sizeof(*ts));
	ts->type = type;
	ts->start_port = 0;
	ts->end_port = 65535;
	for (i = 0; i < alen; i++) {
		u32 bits = plen > i * 8 ? min_t(u32, plen - i * 8, 8) : 0;
		u8 mask = (u8)(0xff00u >> bits);

		ts->start[i] = addr[i] & mask;
		ts->end[i] = addr[i] | (u8)~mask;
	}
	return 0;
}

bool ike_ts_intersect(const struct ike_ts *a, const struct ike_ts *b,
		      struct ike_ts *out)
{
	u32 alen = ike_ts_alen(a->type);
	const u8 *start, *end;
	struct ike_ts r;

	if (!alen || a->type != b->type)
		return false;
	if (a->ip_proto && b->ip_proto && a->ip_proto != b->ip_proto)
		return false;
	memset(&r, 0, sizeof(r));
	r.type = a->type;
	r.ip_proto = a->ip_proto ? a->ip_proto : b->ip_proto;

	if (ike_ts_opaque(a) || ike_ts_opaque(b)) {
		/* OPAQUE is within "any port", disjoint from real ranges. */
		const struct ike_ts *o = ike_ts_opaque(a) ? b : a;

		if (!ike_ts_opaque(o) && !ike_ts_any_port(o))
			return false;
		r.start_port = 65535;
		r.end_port = 0;
	} else {
		r.start_port = max(a->start_port, b->start_port);
		r.end_port = min(a->end_port, b->end_port);
		if (r.start_port > r.end_port)
			return false;
	}

	start = memcmp(a->start, b->start, alen) >= 0 ? a->start : b->start;
	end = memcmp(a->end, b->end, alen) <= 0 ? a->end : b->end;
	if (memcmp(start, end, alen) > 0)
		return false;
	memcpy(r.start, start, alen);
	memcpy(r.end, end, alen);
	*out = r;
	return true;
}

static bool ike_ts_equal(const struct ike_ts *a, const struct ike_ts *b)
{
	u32 alen = ike_ts_alen(a->type);

	return a->type == b->type && a->ip_proto == b->ip_proto &&
	       a->start_port == b->start_port && a->end_port == b->end_port &&
	       !memcmp(a->start, b->start, alen) &&
	       !memcmp(a->end, b->end, alen);
}

bool ike_ts_within(const struct ike_ts *inner, const struct ike_ts *outer)
{
	struct ike_ts r;

	return ike_ts_intersect(inner, outer, &r) && ike_ts_equal(&r, inner);
}

bool ike_ts_list_within(const struct ike_ts_list *list,
			const struct ike_ts_list *outer)
{
	unsigned int i, j;

	if (!list->count)
		return false;
	for (i = 0; i < list->count; i++) {
		for (j = 0; j < outer->count; j++)
			if (ike_ts_within(&list->ts[i], &outer->ts[j]))
				break;
		if (j == outer->count)
			return false;
	}
	return true;
}

/*
 * Adds @ts unless an entry already covers it; entries @ts covers give way,
 * @ts taking the place of the first of them so that order is kept.
 */
static void ike_ts_add(struct ike_ts_list *out, const struct ike_ts *ts)
{
	unsigned int i, n;

	for (i = 0; i < out->count; i++)
		if (ike_ts_within(ts, &out->ts[i]))
			return;
	for (i = 0; i < out->count; i++)
		if (ike_ts_within(&out->ts[i], ts))
			break;
	if (i < out->count) {
		out->ts[i] = *ts;
		for (n = ++i; i < out->count; i++)
			if (!ike_ts_within(&out->ts[i], ts))
				out->ts[n++] = out->ts[i];
		out->count = n;
		return;
	}
	if (out->count >= IKE_MAX_TS) {
		out->truncated = true;
		return;
	}
	out->ts[out->count++] = *ts;
}

int ike_ts_narrow(const struct ike_ts_list *req,
		  const struct ike_ts_list *policy, struct ike_ts_list *out,
		  struct ike_err *err)
{
	struct ike_ts ts;
	unsigned int i, j;

	out->count = 0;
	out->unknown = 0;
	out->truncated = false;
	for (i = 0; i < req->count; i++)
		for (j = 0; j < policy->count; j++)
			if (ike_ts_intersect(&req->ts[i], &policy->ts[j], &ts))
				ike_ts_add(out, &ts);
	if (!out->count)
		return ike_perr(err, -ENOENT, IKE_N_TS_UNACCEPTABLE, 0, 0,
				"no traffic selector acceptable");
	return 0;
}
