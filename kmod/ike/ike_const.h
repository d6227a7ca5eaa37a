/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv2 protocol numbers (RFC 7296 and the IANA "Internet Key Exchange
 * Version 2 (IKEv2) Parameters" registries it points to).
 *
 * Only numbers live here, no logic: every other part of the core, the
 * kernel glue and the userspace tool name wire values through these enums.
 * Values are the IANA ones, so a number read from a message can be compared
 * with them directly. Names that are not ours to implement yet (fragments,
 * EAP, CP...) are here too so that logs can name what a peer sends.
 *
 * The name lookups at the end are implemented in ike_codec.c.
 */
#ifndef _IKE_CONST_H
#define _IKE_CONST_H

#include "ike_port.h"

#define IKE_MAJOR_VERSION	2
#define IKE_MINOR_VERSION	0
#define IKE_PORT		500
#define IKE_NATT_PORT		4500

/* Exchange types (RFC 7296 3.1, IANA registry "IKEv2 Exchange Types"). */
enum ike_exchange {
	IKE_EXCH_SA_INIT		= 34,
	IKE_EXCH_AUTH			= 35,
	IKE_EXCH_CREATE_CHILD_SA	= 36,
	IKE_EXCH_INFORMATIONAL		= 37,
	IKE_EXCH_SESSION_RESUME		= 38,	/* RFC 5723 */
	IKE_EXCH_INTERMEDIATE		= 43,	/* RFC 9242 */
	IKE_EXCH_FOLLOWUP_KE		= 44,	/* RFC 9370 */
};

/* Header flags (RFC 7296 3.1). Other bits are reserved: ignored on receive. */
enum ike_hdr_flag {
	IKE_HDR_F_INITIATOR	= 0x08,	/* I: sent by the original initiator */
	IKE_HDR_F_VERSION	= 0x10,	/* V: higher major version possible */
	IKE_HDR_F_RESPONSE	= 0x20,	/* R: this is a response */
};

/* Payload types (RFC 7296 3.2, IANA "IKEv2 Payload Types"). */
enum ike_payload_type {
	IKE_PT_NONE	= 0,	/* No Next Payload */
	IKE_PT_SA	= 33,	/* Security Association */
	IKE_PT_KE	= 34,	/* Key Exchange */
	IKE_PT_IDI	= 35,	/* Identification - Initiator */
	IKE_PT_IDR	= 36,	/* Identification - Responder */
	IKE_PT_CERT	= 37,	/* Certificate */
	IKE_PT_CERTREQ	= 38,	/* Certificate Request */
	IKE_PT_AUTH	= 39,	/* Authentication */
	IKE_PT_NONCE	= 40,	/* Nonce (Ni, Nr) */
	IKE_PT_NOTIFY	= 41,	/* Notify */
	IKE_PT_DELETE	= 42,	/* Delete */
	IKE_PT_VENDOR	= 43,	/* Vendor ID */
	IKE_PT_TSI	= 44,	/* Traffic Selector - Initiator */
	IKE_PT_TSR	= 45,	/* Traffic Selector - Responder */
	IKE_PT_SK	= 46,	/* Encrypted and Authenticated */
	IKE_PT_CP	= 47,	/* Configuration */
	IKE_PT_EAP	= 48,	/* Extensible Authentication */
	IKE_PT_GSPM	= 49,	/* Generic Secure Password Methods, RFC 6467 */
	IKE_PT_SKF	= 53,	/* Encrypted Fragment, RFC 7383 */
	IKE_PT_PS	= 54,	/* Puzzle Solution, RFC 8019 */
};

/* The generic payload header's flag octet (RFC 7296 3.2). */
#define IKE_PAYLOAD_F_CRITICAL	0x80

/* Transform types (RFC 7296 3.3.2; 6..12 are RFC 9370's ADDKE1..7). */
enum ike_transform_type {
	IKE_XFT_ENCR	= 1,	/* Encryption Algorithm */
	IKE_XFT_PRF	= 2,	/* Pseudorandom Function */
	IKE_XFT_INTEG	= 3,	/* Integrity Algorithm */
	IKE_XFT_DH	= 4,	/* Key Exchange Method (Diffie-Hellman group) */
	IKE_XFT_ESN	= 5,	/* Extended Sequence Numbers */
};
#define IKE_XFT_MAX	IKE_XFT_ESN	/* highest transform type we understand */

/* Transform Type 1 IDs, Encryption Algorithms (RFC 7296 3.3.2). */
enum ike_encr {
	IKE_ENCR_DES_IV64		= 1,
	IKE_ENCR_DES			= 2,
	IKE_ENCR_3DES			= 3,
	IKE_ENCR_RC5			= 4,
	IKE_ENCR_IDEA			= 5,
	IKE_ENCR_CAST			= 6,
	IKE_ENCR_BLOWFISH		= 7,
	IKE_ENCR_3IDEA			= 8,
	IKE_ENCR_DES_IV32		= 9,
	IKE_ENCR_NULL			= 11,
	IKE_ENCR_AES_CBC		= 12,	/* RFC 3602, Key Length attr */
	IKE_ENCR_AES_CTR		= 13,	/* RFC 5930 */
	IKE_ENCR_AES_CCM_8		= 14,	/* RFC 5282 */
	IKE_ENCR_AES_CCM_12		= 15,
	IKE_ENCR_AES_CCM_16		= 16,
	IKE_ENCR_AES_GCM_8		= 18,	/* RFC 5282 */
	IKE_ENCR_AES_GCM_12		= 19,
	IKE_ENCR_AES_GCM_16		= 20,	/* Key Length attr */
	IKE_ENCR_NULL_AUTH_AES_GMAC	= 21,	/* RFC 4543 */
	IKE_ENCR_CAMELLIA_CBC		= 23,	/* RFC 5529 */
	IKE_ENCR_CHACHA20_POLY1305	= 28,	/* RFC 7634, fixed 256-bit key */
};

/* Transform Type 2 IDs, Pseudorandom Functions. */
enum ike_prf_id {
	IKE_PRF_HMAC_MD5	= 1,
	IKE_PRF_HMAC_SHA1	= 2,
	IKE_PRF_AES128_XCBC	= 4,	/* RFC 4434 */
	IKE_PRF_HMAC_SHA2_256	= 5,	/* RFC 4868 */
	IKE_PRF_HMAC_SHA2_384	= 6,
	IKE_PRF_HMAC_SHA2_512	= 7,
	IKE_PRF_AES128_CMAC	= 8,	/* RFC 4615 */
};

/* Transform Type 3 IDs, Integrity Algorithms. */
enum ike_integ {
	IKE_INTEG_NONE			= 0,	/* with combined-mode ciphers */
	IKE_INTEG_HMAC_MD5_96		= 1,
	IKE_INTEG_HMAC_SHA1_96		= 2,
	IKE_INTEG_AES_XCBC_96		= 5,
	IKE_INTEG_AES_CMAC_96		= 8,
	IKE_INTEG_HMAC_SHA2_256_128	= 12,	/* RFC 4868 */
	IKE_INTEG_HMAC_SHA2_384_192	= 13,
	IKE_INTEG_HMAC_SHA2_512_256	= 14,
};

/* Transform Type 4 IDs, Key Exchange Methods (DH groups). */
enum ike_dh_group {
	IKE_DH_NONE		= 0,
	IKE_DH_MODP768		= 1,
	IKE_DH_MODP1024		= 2,
	IKE_DH_MODP1536		= 5,	/* RFC 3526 */
	IKE_DH_MODP2048		= 14,
	IKE_DH_MODP3072		= 15,
	IKE_DH_MODP4096		= 16,
	IKE_DH_MODP6144		= 17,
	IKE_DH_MODP8192		= 18,
	IKE_DH_ECP256		= 19,	/* RFC 5903 */
	IKE_DH_ECP384		= 20,
	IKE_DH_ECP521		= 21,
	IKE_DH_CURVE25519	= 31,	/* RFC 8031 */
	IKE_DH_CURVE448		= 32,
};

/* Transform Type 5 IDs, Extended Sequence Numbers. */
enum ike_esn {
	IKE_ESN_NO	= 0,
	IKE_ESN_YES	= 1,
};

/* Transform attributes (RFC 7296 3.3.5). */
#define IKE_ATTR_FORMAT_TV	0x8000	/* AF bit: value in the type word */
#define IKE_ATTR_TYPE_MASK	0x7fff
#define IKE_ATTR_KEY_LENGTH	14	/* TV, key length in bits */

/* Protocol IDs (proposals, Notify, Delete; RFC 7296 3.3.1). */
enum ike_protocol {
	IKE_PROTO_NONE	= 0,	/* Notify with no SPI */
	IKE_PROTO_IKE	= 1,
	IKE_PROTO_AH	= 2,
	IKE_PROTO_ESP	= 3,
};

/* SPI sizes on the wire. */
#define IKE_SPI_SIZE_IKE	8
#define IKE_SPI_SIZE_CHILD	4	/* AH, ESP */

/* Identification types (RFC 7296 3.5). */
enum ike_id_type {
	IKE_ID_IPV4_ADDR	= 1,
	IKE_ID_FQDN		= 2,
	IKE_ID_RFC822_ADDR	= 3,
	IKE_ID_IPV6_ADDR	= 5,
	IKE_ID_DER_ASN1_DN	= 9,
	IKE_ID_DER_ASN1_GN	= 10,
	IKE_ID_KEY_ID		= 11,
	IKE_ID_FC_NAME		= 12,	/* RFC 4595 */
	IKE_ID_NULL		= 13,	/* RFC 7619, empty data */
};

/* Certificate encodings (CERT and CERTREQ, RFC 7296 3.6). */
enum ike_cert_encoding {
	IKE_CERT_PKCS7_X509		= 1,
	IKE_CERT_PGP			= 2,
	IKE_CERT_DNS_SIGNED_KEY		= 3,
	IKE_CERT_X509_SIG		= 4,
	IKE_CERT_KERBEROS		= 6,
	IKE_CERT_CRL			= 7,
	IKE_CERT_ARL			= 8,
	IKE_CERT_SPKI			= 9,
	IKE_CERT_X509_ATTR		= 10,
	IKE_CERT_RAW_RSA		= 11,
	IKE_CERT_HASH_URL_X509		= 12,
	IKE_CERT_HASH_URL_X509_BUNDLE	= 13,
	IKE_CERT_OCSP_CONTENT		= 14,	/* RFC 4806 */
	IKE_CERT_RAW_PUBLIC_KEY		= 15,	/* RFC 7670 */
};

/* Authentication methods (RFC 7296 3.8, RFC 7427). */
enum ike_auth_method {
	IKE_AUTHM_RSA_SIG		= 1,
	IKE_AUTHM_PSK			= 2,	/* Shared Key Message Integrity Code */
	IKE_AUTHM_DSS_SIG		= 3,
	IKE_AUTHM_ECDSA_SHA256_P256	= 9,	/* RFC 4754 */
	IKE_AUTHM_ECDSA_SHA384_P384	= 10,
	IKE_AUTHM_ECDSA_SHA512_P521	= 11,
	IKE_AUTHM_GSPAM			= 12,	/* RFC 6467 */
	IKE_AUTHM_NULL			= 13,	/* RFC 7619 */
	IKE_AUTHM_DIGITAL_SIGNATURE	= 14,	/* RFC 7427 */
};

/* Hash algorithms of SIGNATURE_HASH_ALGORITHMS (RFC 7427, RFC 8420). */
enum ike_hash_alg {
	IKE_HASH_SHA1		= 1,
	IKE_HASH_SHA2_256	= 2,
	IKE_HASH_SHA2_384	= 3,
	IKE_HASH_SHA2_512	= 4,
	IKE_HASH_IDENTITY	= 5,
};

/* Traffic selector types (RFC 7296 3.13.1). */
enum ike_ts_type {
	IKE_TS_IPV4_ADDR_RANGE	= 7,	/* selector length 16 */
	IKE_TS_IPV6_ADDR_RANGE	= 8,	/* selector length 40 */
};

/*
 * Notify message types (RFC 7296 3.10.1, IANA "IKEv2 Notify Message Error
 * Types" and "... Status Types"). Errors are below 16384.
 */
enum ike_notify_type {
	/* Errors */
	IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD	= 1,
	IKE_N_INVALID_IKE_SPI			= 4,
	IKE_N_INVALID_MAJOR_VERSION		= 5,
	IKE_N_INVALID_SYNTAX			= 7,
	IKE_N_INVALID_MESSAGE_ID		= 9,
	IKE_N_INVALID_SPI			= 11,
	IKE_N_NO_PROPOSAL_CHOSEN		= 14,
	IKE_N_INVALID_KE_PAYLOAD		= 17,
	IKE_N_AUTHENTICATION_FAILED		= 24,
	IKE_N_SINGLE_PAIR_REQUIRED		= 34,
	IKE_N_NO_ADDITIONAL_SAS			= 35,
	IKE_N_INTERNAL_ADDRESS_FAILURE		= 36,
	IKE_N_FAILED_CP_REQUIRED		= 37,
	IKE_N_TS_UNACCEPTABLE			= 38,
	IKE_N_INVALID_SELECTORS			= 39,
	IKE_N_UNACCEPTABLE_ADDRESSES		= 40,	/* RFC 4555 */
	IKE_N_UNEXPECTED_NAT_DETECTED		= 41,	/* RFC 4555 */
	IKE_N_USE_ASSIGNED_HOA			= 42,	/* RFC 5026 */
	IKE_N_TEMPORARY_FAILURE			= 43,
	IKE_N_CHILD_SA_NOT_FOUND		= 44,
	IKE_N_INVALID_GROUP_ID			= 45,	/* G-IKEv2 */
	IKE_N_AUTHORIZATION_FAILED		= 46,	/* G-IKEv2 */
	IKE_N_STATE_NOT_FOUND			= 47,	/* RFC 9370 */

	IKE_N_ERROR_MAX				= 16383,

	/* Status */
	IKE_N_INITIAL_CONTACT			= 16384,
	IKE_N_SET_WINDOW_SIZE			= 16385,
	IKE_N_ADDITIONAL_TS_POSSIBLE		= 16386,
	IKE_N_IPCOMP_SUPPORTED			= 16387,
	IKE_N_NAT_DETECTION_SOURCE_IP		= 16388,
	IKE_N_NAT_DETECTION_DESTINATION_IP	= 16389,
	IKE_N_COOKIE				= 16390,
	IKE_N_USE_TRANSPORT_MODE		= 16391,
	IKE_N_HTTP_CERT_LOOKUP_SUPPORTED	= 16392,
	IKE_N_REKEY_SA				= 16393,
	IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED	= 16394,
	IKE_N_NON_FIRST_FRAGMENTS_ALSO		= 16395,
	IKE_N_MOBIKE_SUPPORTED			= 16396,	/* RFC 4555 */
	IKE_N_ADDITIONAL_IP4_ADDRESS		= 16397,
	IKE_N_ADDITIONAL_IP6_ADDRESS		= 16398,
	IKE_N_NO_ADDITIONAL_ADDRESSES		= 16399,
	IKE_N_UPDATE_SA_ADDRESSES		= 16400,
	IKE_N_COOKIE2				= 16401,
	IKE_N_NO_NATS_ALLOWED			= 16402,
	IKE_N_AUTH_LIFETIME			= 16403,	/* RFC 4478 */
	IKE_N_MULTIPLE_AUTH_SUPPORTED		= 16404,	/* RFC 4739 */
	IKE_N_ANOTHER_AUTH_FOLLOWS		= 16405,
	IKE_N_REDIRECT_SUPPORTED		= 16406,	/* RFC 5685 */
	IKE_N_REDIRECT				= 16407,
	IKE_N_REDIRECTED_FROM			= 16408,
	IKE_N_TICKET_LT_OPAQUE			= 16409,	/* RFC 5723 */
	IKE_N_TICKET_REQUEST			= 16410,
	IKE_N_TICKET_ACK			= 16411,
	IKE_N_TICKET_NACK			= 16412,
	IKE_N_TICKET_OPAQUE			= 16413,
	IKE_N_LINK_ID				= 16414,
	IKE_N_USE_WESP_MODE			= 16415,
	IKE_N_ROHC_SUPPORTED			= 16416,
	IKE_N_EAP_ONLY_AUTHENTICATION		= 16417,	/* RFC 5998 */
	IKE_N_CHILDLESS_IKEV2_SUPPORTED		= 16418,	/* RFC 6023 */
	IKE_N_QUICK_CRASH_DETECTION		= 16419,	/* RFC 6290 */
	IKE_N_IKEV2_MESSAGE_ID_SYNC_SUPPORTED	= 16420,	/* RFC 6311 */
	IKE_N_IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED = 16421,
	IKE_N_IKEV2_MESSAGE_ID_SYNC		= 16422,
	IKE_N_IPSEC_REPLAY_COUNTER_SYNC		= 16423,
	IKE_N_SECURE_PASSWORD_METHODS		= 16424,	/* RFC 6467 */
	IKE_N_PSK_PERSIST			= 16425,	/* RFC 6631 */
	IKE_N_PSK_CONFIRM			= 16426,
	IKE_N_ERX_SUPPORTED			= 16427,	/* RFC 6867 */
	IKE_N_IFOM_CAPABILITY			= 16428,
	IKE_N_SENDER_REQUEST_ID			= 16429,
	IKE_N_IKEV2_FRAGMENTATION_SUPPORTED	= 16430,	/* RFC 7383 */
	IKE_N_SIGNATURE_HASH_ALGORITHMS		= 16431,	/* RFC 7427 */
	IKE_N_CLONE_IKE_SA_SUPPORTED		= 16432,	/* RFC 7791 */
	IKE_N_CLONE_IKE_SA			= 16433,
	IKE_N_PUZZLE				= 16434,	/* RFC 8019 */
	IKE_N_USE_PPK				= 16435,	/* RFC 8784 */
	IKE_N_PPK_IDENTITY			= 16436,
	IKE_N_NO_PPK_AUTH			= 16437,
	IKE_N_INTERMEDIATE_EXCHANGE_SUPPORTED	= 16438,	/* RFC 9242 */
	IKE_N_IP4_ALLOWED			= 16439,	/* RFC 8983 */
	IKE_N_IP6_ALLOWED			= 16440,
	IKE_N_ADDITIONAL_KEY_EXCHANGE		= 16441,	/* RFC 9370 */
	IKE_N_USE_AGGFRAG			= 16442,	/* RFC 9347 */
};

/* Fixed notification data sizes the codec checks (RFC 7296 2.6, 2.23). */
#define IKE_NATD_HASH_LEN	20	/* SHA-1 of SPIs | address | port */
#define IKE_COOKIE_MIN_LEN	1
#define IKE_COOKIE_MAX_LEN	64

/* Nonce data bounds (RFC 7296 3.9). */
#define IKE_NONCE_MIN_LEN	16
#define IKE_NONCE_MAX_LEN	256

/* Configuration payload (RFC 7296 3.15). */
enum ike_cfg_type {
	IKE_CFG_REQUEST	= 1,
	IKE_CFG_REPLY	= 2,
	IKE_CFG_SET	= 3,
	IKE_CFG_ACK	= 4,
};

enum ike_cfg_attr {
	IKE_CFG_INTERNAL_IP4_ADDRESS	= 1,
	IKE_CFG_INTERNAL_IP4_NETMASK	= 2,
	IKE_CFG_INTERNAL_IP4_DNS	= 3,
	IKE_CFG_INTERNAL_IP4_NBNS	= 4,
	IKE_CFG_INTERNAL_IP4_DHCP	= 6,
	IKE_CFG_APPLICATION_VERSION	= 7,
	IKE_CFG_INTERNAL_IP6_ADDRESS	= 8,
	IKE_CFG_INTERNAL_IP6_DNS	= 10,
	IKE_CFG_INTERNAL_IP6_DHCP	= 12,
	IKE_CFG_INTERNAL_IP4_SUBNET	= 13,
	IKE_CFG_SUPPORTED_ATTRIBUTES	= 14,
	IKE_CFG_INTERNAL_IP6_SUBNET	= 15,
};
#define IKE_CFG_ATTR_TYPE_MASK	0x7fff	/* top bit reserved */

/* EAP codes (RFC 3748 4, RFC 6696 5.3) carried in the EAP payload. */
enum ike_eap_code {
	IKE_EAP_REQUEST		= 1,
	IKE_EAP_RESPONSE	= 2,
	IKE_EAP_SUCCESS		= 3,
	IKE_EAP_FAILURE		= 4,
	IKE_EAP_INITIATE	= 5,
	IKE_EAP_FINISH		= 6,
};

static inline bool ike_notify_is_error(u16 type)
{
	return type != 0 && type <= IKE_N_ERROR_MAX;
}

/*
 * Names for logs and the `ike` tool: the RFC spelling ("INVALID_SYNTAX",
 * "IKE_SA_INIT", "SA"), or NULL for a value this table does not know, so
 * that the caller prints the number instead. Static strings.
 */
const char *ike_exchange_name(u8 exchange);
const char *ike_payload_name(u8 type);
const char *ike_notify_name(u16 type);

#endif /* _IKE_CONST_H */
