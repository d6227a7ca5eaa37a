/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diffie-Hellman for IKEv2 key exchange (RFC 7296 3.4), on Nettle/hogweed
 * and GMP: used by ike-helper and the unit tests. Public values and shared
 * secrets use the IKEv2 wire encodings:
 *
 *   group 14, 15  MODP 2048/3072 (RFC 3526): g^x mod p, big-endian, left-
 *                 padded to the modulus length; the shared secret likewise
 *                 (RFC 7296 2.14).
 *   group 19-21   NIST P-256/384/521 (RFC 5903): public x | y, each
 *                 coordinate padded to the field length, no 0x04 prefix;
 *                 the shared secret is the x coordinate only.
 *   group 31      Curve25519 (RFC 8031): 32-byte u coordinates.
 *
 * Peer values are validated: MODP 1 < y < p-1; ECP point on the curve;
 * Curve25519 an all-zero shared secret is refused. Wrong lengths are
 * refused. Private values are wiped on dh_free(). Randomness comes from
 * getrandom(2). Functions return 0 or a negative errno: -EINVAL bad
 * argument or peer value, -EOPNOTSUPP unknown group, -ENOMEM, -ENOSPC
 * output buffer too small, or getrandom's error.
 */
#ifndef _IKE_DH_H
#define _IKE_DH_H

#include <stddef.h>
#include <stdint.h>

/* IANA Transform Type 4 (Key Exchange Method) IDs. */
#define DH_GROUP_MODP2048	14
#define DH_GROUP_MODP3072	15
#define DH_GROUP_ECP256		19
#define DH_GROUP_ECP384		20
#define DH_GROUP_ECP521		21
#define DH_GROUP_CURVE25519	31

#define DH_MAX_PUB_LEN		384	/* MODP 3072 */
#define DH_MAX_SHARED_LEN	384

struct dh_priv;		/* one ephemeral private value, with its group */

/* Public value length in bytes for @group; -EOPNOTSUPP if unknown. */
int dh_pub_len(unsigned int group);
/* Shared secret length in bytes for @group; -EOPNOTSUPP if unknown. */
int dh_shared_len(unsigned int group);

/*
 * New random private value for @group in *@priv and its public value in
 * @pub. *@pub_len: in, the size of @pub; out, dh_pub_len(group).
 */
int dh_keygen(unsigned int group, struct dh_priv **priv, uint8_t *pub,
	      size_t *pub_len);

/*
 * As dh_keygen() from a given private value (known-answer tests): a MODP
 * exponent or ECP scalar as big-endian bytes (1 < x, and x < q for ECP),
 * or a Curve25519 32-byte string (clamped when used, RFC 7748 5).
 */
int dh_import(unsigned int group, const uint8_t *x, size_t x_len,
	      struct dh_priv **priv, uint8_t *pub, size_t *pub_len);

/*
 * Shared secret with the peer's public value @peer (exactly dh_pub_len()
 * bytes, validated as above). *@secret_len: in, the size of @secret; out,
 * dh_shared_len(). The caller wipes @secret when done.
 */
int dh_shared(const struct dh_priv *priv, const uint8_t *peer, size_t peer_len,
	      uint8_t *secret, size_t *secret_len);

/* The group of @priv. */
unsigned int dh_group(const struct dh_priv *priv);

/* Wipes and frees; NULL is a no-op. */
void dh_free(struct dh_priv *priv);

#endif /* _IKE_DH_H */
