// SPDX-License-Identifier: GPL-2.0
/*
 * SK payload protection (RFC 7296 3.14, RFC 5282, RFC 7634).
 *
 * ike_sk_unprotect() sees attacker bytes: every length is checked against
 * the buffer before use, the ICV is checked (in constant time) before a
 * CBC decryption, and nothing decrypted is handed out unless it verified.
 */
#include "ike_sk.h"

static enum ike_sk_dir ike_sk_out(const struct ike_sk *sk)
{
	return sk->initiator ? IKE_SK_I2R : IKE_SK_R2I;
}

static enum ike_sk_dir ike_sk_in(const struct ike_sk *sk)
{
	return sk->initiator ? IKE_SK_R2I : IKE_SK_I2R;
}

void ike_sk_destroy(struct ike_sk *sk)
{
	const struct ike_ops *ops = sk->ops;
	int d;

	if (!ops)
		return;
	for (d = 0; d < 2; d++) {
		if (sk->aead_tfm[d])
			ops->aead_free(sk->aead_tfm[d]);
		if (sk->cbc_tfm[d])
			ops->cbc_free(sk->cbc_tfm[d]);
		if (sk->integ_tfm[d])
			ops->prf_free(sk->integ_tfm[d]);
	}
	memset(sk, 0, sizeof(*sk));
}

static int ike_sk_init_dir(struct ike_sk *sk, enum ike_sk_dir d,
			   const u8 *ekey, const u8 *akey,
			   const struct ike_sa_keys *keys)
{
	const struct ike_ops *ops = sk->ops;
	int err;

	if (sk->aead)
		return ops->aead_new(sk->encr, ekey, keys->encr_len,
				     &sk->aead_tfm[d]);
	err = ops->cbc_new(sk->encr, ekey, keys->encr_len, &sk->cbc_tfm[d]);
	if (err)
		return err;
	err = ops->prf_new(ike_integ_prf(sk->integ), &sk->integ_tfm[d]);
	if (err)
		return err;
	return ops->prf_setkey(sk->integ_tfm[d], akey, keys->integ_len);
}

int ike_sk_init(struct ike_sk *sk, const struct ike_ops *ops,
		const struct ike_suite *suite, const struct ike_sa_keys *keys,
		bool initiator)
{
	int err;

	memset(sk, 0, sizeof(*sk));
	err = ike_suite_check(suite, false);
	if (err)
		return err;
	if (keys->encr_len != ike_encr_key_len(suite->encr,
					       suite->encr_keybits) ||
	    keys->integ_len != ike_integ_key_len(suite->integ))
		return -EINVAL;

	sk->ops = ops;
	sk->encr = suite->encr;
	sk->integ = suite->integ;
	sk->aead = ike_encr_is_aead(suite->encr);
	sk->initiator = initiator;
	sk->iv_len = ike_encr_iv_len(suite->encr);
	if (sk->aead) {
		sk->icv_len = IKE_AEAD_ICV_LEN;
		/* No alignment needed; Pad Length is still sent (5282 3). */
		sk->block_len = 1;
	} else {
		sk->icv_len = ike_integ_icv_len(suite->integ);
		sk->block_len = IKE_CBC_BLOCK_LEN;
	}

	err = ike_sk_init_dir(sk, IKE_SK_I2R, keys->sk_ei, keys->sk_ai, keys);
	if (!err)
		err = ike_sk_init_dir(sk, IKE_SK_R2I, keys->sk_er, keys->sk_ar,
				      keys);
	if (err)
		ike_sk_destroy(sk);
	return err;
}

static size_t ike_sk_pad_len(const struct ike_sk *sk, size_t pt_len)
{
	/* Minimal padding so that pt | pad | padlen fills whole blocks. */
	return (sk->block_len - (pt_len + 1) % sk->block_len) % sk->block_len;
}

size_t ike_sk_msg_len(const struct ike_sk *sk, size_t sk_off, size_t pt_len)
{
	return ike_sk_pt_off(sk, sk_off) + pt_len + ike_sk_pad_len(sk, pt_len) +
	       1 + sk->icv_len;
}

/* Untruncated HMAC over msg[0, len) into full; the ICV is its prefix. */
static int ike_sk_integ(struct ike_sk *sk, enum ike_sk_dir d, const u8 *msg,
			size_t len, u8 *full)
{
	struct ike_iov iov = { msg, len };

	return sk->ops->prf_compute(sk->integ_tfm[d], &iov, 1, full);
}

int ike_sk_protect(struct ike_sk *sk, u8 *msg, size_t buf_len, size_t sk_off,
		   size_t pt_len, size_t *msg_len)
{
	enum ike_sk_dir d = ike_sk_out(sk);
	u8 full[IKE_PRF_MAX_LEN];
	size_t iv_off, pt_off, pad, ct_len, total;
	int err;

	if (!sk->ops || sk_off < IKE_SK_IKE_HDR_LEN)
		return -EINVAL;
	/* Bound pt_len first so that the sums below cannot overflow. */
	if (pt_len > 0xffff || sk_off > 0xffff)
		return -EMSGSIZE;
	iv_off = sk_off + IKE_SK_GEN_HDR_LEN;
	pt_off = ike_sk_pt_off(sk, sk_off);
	pad = ike_sk_pad_len(sk, pt_len);
	ct_len = pt_len + pad + 1;
	total = pt_off + ct_len + sk->icv_len;
	/* The SK payload length is 16 bits. */
	if (total - sk_off > 0xffff)
		return -EMSGSIZE;
	if (total > buf_len)
		return -ENOSPC;

	memset(msg + pt_off + pt_len, 0, pad);
	msg[pt_off + pt_len + pad] = (u8)pad;
	put_unaligned_be32((u32)total, msg + IKE_SK_LENGTH_OFF);
	put_unaligned_be16((u16)(total - sk_off), msg + sk_off + 2);

	err = sk->ops->random(msg + iv_off, sk->iv_len);
	if (err)
		goto fail;
	if (sk->aead) {
		/* RFC 5282 5.1: AAD from the IKE header to the SK header. */
		err = sk->ops->aead_encrypt(sk->aead_tfm[d], msg + iv_off, msg,
					    iv_off, msg + pt_off, ct_len);
		if (err)
			goto fail;
	} else {
		err = sk->ops->cbc_encrypt(sk->cbc_tfm[d], msg + iv_off,
					   msg + pt_off, ct_len);
		if (err)
			goto fail;
		err = ike_sk_integ(sk, d, msg, total - sk->icv_len, full);
		if (err)
			goto fail;
		memcpy(msg + total - sk->icv_len, full, sk->icv_len);
		memzero_explicit(full, sizeof(full));
	}
	*msg_len = total;
	return 0;

fail:
	memzero_explicit(msg + pt_off, ct_len);
	return err;
}

int ike_sk_unprotect(struct ike_sk *sk, u8 *msg, size_t msg_len,
		     size_t sk_off, size_t *pt_off_out, size_t *pt_len_out)
{
	enum ike_sk_dir d = ike_sk_in(sk);
	u8 full[IKE_PRF_MAX_LEN];
	size_t iv_off, pt_off, body, ct_len, pad;
	int err;

	if (!sk->ops)
		return -EINVAL;
	if (sk_off < IKE_SK_IKE_HDR_LEN || sk_off > msg_len ||
	    msg_len - sk_off < IKE_SK_GEN_HDR_LEN)
		return -EINVAL;
	/* SK is the last payload and the header Length is the message's. */
	if (get_unaligned_be32(msg + IKE_SK_LENGTH_OFF) != msg_len ||
	    get_unaligned_be16(msg + sk_off + 2) != msg_len - sk_off)
		return -EINVAL;

	iv_off = sk_off + IKE_SK_GEN_HDR_LEN;
	pt_off = iv_off + sk->iv_len;
	body = msg_len - iv_off;
	/* IV, at least one block (CBC) or byte (AEAD) holding Pad Length, ICV. */
	if (body < (size_t)sk->iv_len + sk->block_len + sk->icv_len)
		return -EINVAL;
	ct_len = body - sk->iv_len - sk->icv_len;
	if (ct_len % sk->block_len)
		return -EINVAL;

	if (sk->aead) {
		err = sk->ops->aead_decrypt(sk->aead_tfm[d], msg + iv_off, msg,
					    iv_off, msg + pt_off, ct_len);
		if (err)
			goto fail;
	} else {
		err = ike_sk_integ(sk, d, msg, msg_len - sk->icv_len, full);
		if (err)
			return err;
		if (crypto_memneq(full, msg + msg_len - sk->icv_len,
				  sk->icv_len)) {
			memzero_explicit(full, sizeof(full));
			return -EBADMSG;
		}
		memzero_explicit(full, sizeof(full));
		err = sk->ops->cbc_decrypt(sk->cbc_tfm[d], msg + iv_off,
					   msg + pt_off, ct_len);
		if (err)
			goto fail;
	}

	/* RFC 7296 3.14: any pad length that fits is acceptable. */
	pad = msg[pt_off + ct_len - 1];
	if (pad + 1 > ct_len) {
		err = -EBADMSG;
		goto fail;
	}
	*pt_off_out = pt_off;
	*pt_len_out = ct_len - pad - 1;
	return 0;

fail:
	/* Whatever sits there now was not authenticated: do not leave it. */
	memzero_explicit(msg + pt_off, ct_len);
	return err;
}
