/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * Generic netlink family "ikev2": configuration and state of the in-kernel
 * IKEv2 (RFC 7296) daemon, ikev2.ko.
 *
 * The specification is Documentation/netlink/specs/ikev2.yaml; this header
 * follows it name for name (the layout ynl-gen-c.py produces). Keep the two
 * in step.
 *
 * The family is per network namespace: every request acts on the namespace
 * of the socket it arrives on. All operations need CAP_NET_ADMIN in that
 * namespace's user namespace. Attribute policies are strict: unknown
 * attributes and wrong lengths are rejected with an extended ack message.
 */
#ifndef _UAPI_LINUX_IKEV2_H
#define _UAPI_LINUX_IKEV2_H

#define IKEV2_FAMILY_NAME	"ikev2"
#define IKEV2_FAMILY_VERSION	1

/* Longest connection name, including the terminating NUL. */
#define IKEV2_CONN_NAME_MAX	64
/* Longest pre-shared key accepted, in bytes. */
#define IKEV2_PSK_MAX		512
/* Longest identity (IDi/IDr payload data) accepted, in bytes. */
#define IKEV2_ID_MAX		255
/* Longest proposal string, including the terminating NUL. */
#define IKEV2_PROPOSAL_MAX	256
/* Longest file path, including the terminating NUL. */
#define IKEV2_PATH_MAX		4096
/* Longest DH public value and shared secret carried, in bytes. */
#define IKEV2_DH_PUB_MAX	512
#define IKEV2_DH_SHARED_MAX	512
/*
 * Anti-replay window of Child SAs, in packets: 32 is what the kernel's XFRM
 * states get from strongSwan and iproute2's legacy bitmap; more absorbs the
 * reordering of parallel crypto.
 */
#define IKEV2_REPLAY_WINDOW_DEFAULT	32
#define IKEV2_REPLAY_WINDOW_MAX		4096
/* IKE SA rekey time a connection may set, in seconds (default 4 hours). */
#define IKEV2_IKE_REKEY_TIME_MIN	5
#define IKEV2_IKE_REKEY_TIME_MAX	(30 * 24 * 3600)

/**
 * enum ikev2_auth_method - how this end authenticates itself and expects
 *   the peer to
 * @IKEV2_AUTH_METHOD_PSK: shared key message integrity code (RFC 7296 2.15)
 * @IKEV2_AUTH_METHOD_PUBKEY: certificates and digital signatures (RFC 7427);
 *   the private key stays in ike-helper, the kernel only holds file paths
 */
enum ikev2_auth_method {
	IKEV2_AUTH_METHOD_PSK = 1,
	IKEV2_AUTH_METHOD_PUBKEY,
};

/**
 * enum ikev2_id_type - identification payload types, RFC 7296 3.5 values
 */
enum ikev2_id_type {
	IKEV2_ID_TYPE_IPV4_ADDR = 1,
	IKEV2_ID_TYPE_FQDN = 2,
	IKEV2_ID_TYPE_RFC822_ADDR = 3,
	IKEV2_ID_TYPE_IPV6_ADDR = 5,
	IKEV2_ID_TYPE_KEY_ID = 11,
};

/**
 * enum ikev2_a_id - an IKE identity (nested)
 * @IKEV2_A_ID_TYPE: u8, enum ikev2_id_type; checked against the data's shape
 * @IKEV2_A_ID_DATA: binary, the identification data as sent on the wire:
 *   4 or 16 address bytes, or 1 to IKEV2_ID_MAX bytes of FQDN, RFC 822 name
 *   or key id
 */
enum {
	IKEV2_A_ID_TYPE = 1,
	IKEV2_A_ID_DATA,

	__IKEV2_A_ID_MAX,
	IKEV2_A_ID_MAX = (__IKEV2_A_ID_MAX - 1)
};

/**
 * enum ikev2_a_ts - one traffic selector (nested): an inclusive address range
 *   with an IP protocol and an inclusive port range (RFC 7296 3.13.1)
 * @IKEV2_A_TS_START: binary, first address, 4 (IPv4) or 16 (IPv6) bytes,
 *   network order
 * @IKEV2_A_TS_END: binary, last address, same family as start, not below it
 * @IKEV2_A_TS_PROTOCOL: u8, IP protocol number, 0 for any
 * @IKEV2_A_TS_PORT_START: u16, first port (0 when absent)
 * @IKEV2_A_TS_PORT_END: u16, last port (65535 when absent), not below
 *   port-start
 */
enum {
	IKEV2_A_TS_START = 1,
	IKEV2_A_TS_END,
	IKEV2_A_TS_PROTOCOL,
	IKEV2_A_TS_PORT_START,
	IKEV2_A_TS_PORT_END,

	__IKEV2_A_TS_MAX,
	IKEV2_A_TS_MAX = (__IKEV2_A_TS_MAX - 1)
};

/**
 * enum ikev2_a_conn - a connection: what this end may negotiate with one peer
 *   (or with any peer, when remote-addr is absent). Without conn-up it only
 *   responds.
 * @IKEV2_A_CONN_NAME: string, unique name of the connection in its namespace
 *   (at most IKEV2_CONN_NAME_MAX with the NUL)
 * @IKEV2_A_CONN_LOCAL_ADDR: binary, local IKE address, 4 or 16 bytes, network
 *   order
 * @IKEV2_A_CONN_REMOTE_ADDR: binary, peer IKE address, same family as
 *   local-addr; absent means %any: respond to any peer that authenticates
 * @IKEV2_A_CONN_AUTH: u8, enum ikev2_auth_method, for both directions
 * @IKEV2_A_CONN_PSK: binary, the pre-shared key (auth psk), 1 to
 *   IKEV2_PSK_MAX bytes; write-only, never returned by conn-get
 * @IKEV2_A_CONN_CERT_FILE: string, path of our certificate (auth pubkey),
 *   read by ike-helper
 * @IKEV2_A_CONN_KEY_FILE: string, path of our private key (auth pubkey),
 *   read by ike-helper only
 * @IKEV2_A_CONN_CACERT_FILE: string, path of the CA certificate peers must
 *   chain to (auth pubkey)
 * @IKEV2_A_CONN_LOCAL_ID: nest (enum ikev2_a_id), our identity; defaults to
 *   local-addr
 * @IKEV2_A_CONN_REMOTE_ID: nest (enum ikev2_a_id), the identity the peer must
 *   prove; absent accepts any identity the peer authenticates
 * @IKEV2_A_CONN_IKE_PROPOSAL: string, multi-attr: one IKE SA proposal in
 *   strongSwan keyword syntax (aes128gcm16-prfsha256-x25519), in order of
 *   preference; absent means the module's default list
 * @IKEV2_A_CONN_ESP_PROPOSAL: string, multi-attr: one Child SA (ESP)
 *   proposal (aes128gcm16, chacha20poly1305, aes256-sha256), as above
 * @IKEV2_A_CONN_LOCAL_TS: nest (enum ikev2_a_ts), multi-attr: our traffic
 *   selectors; absent means local-addr/32 (or /128)
 * @IKEV2_A_CONN_REMOTE_TS: nest (enum ikev2_a_ts), multi-attr: the peer's
 *   traffic selectors; absent means the peer's address
 * @IKEV2_A_CONN_IFINDEX: u32, the ikev2 link whose Child SAs carry this
 *   connection's traffic
 * @IKEV2_A_CONN_ENCAP_UDP: flag, always encapsulate ESP in UDP 4500
 *   (RFC 3948), NAT or not
 * @IKEV2_A_CONN_REPLAY_WINDOW: u32, anti-replay window of its Child SAs in
 *   packets, 0 (no replay check) to IKEV2_REPLAY_WINDOW_MAX; absent means
 *   IKEV2_REPLAY_WINDOW_DEFAULT
 * @IKEV2_A_CONN_REKEY_BYTES: u64, soft byte limit of each Child SA (either
 *   direction): reaching it rekeys the Child SA; absent or 0: none
 * @IKEV2_A_CONN_LIFE_BYTES: u64, hard byte limit: the Child SA stops
 *   carrying traffic and is deleted; absent or 0: none. Must exceed
 *   rekey-bytes when both are set.
 * @IKEV2_A_CONN_PAD: pad
 * @IKEV2_A_CONN_IKE_REKEY_TIME: u32, seconds after which we rekey the IKE
 *   SA (less up to a tenth, at random), IKEV2_IKE_REKEY_TIME_MIN to
 *   IKEV2_IKE_REKEY_TIME_MAX; absent: 4 hours
 */
enum {
	IKEV2_A_CONN_NAME = 1,
	IKEV2_A_CONN_LOCAL_ADDR,
	IKEV2_A_CONN_REMOTE_ADDR,
	IKEV2_A_CONN_AUTH,
	IKEV2_A_CONN_PSK,
	IKEV2_A_CONN_CERT_FILE,
	IKEV2_A_CONN_KEY_FILE,
	IKEV2_A_CONN_CACERT_FILE,
	IKEV2_A_CONN_LOCAL_ID,
	IKEV2_A_CONN_REMOTE_ID,
	IKEV2_A_CONN_IKE_PROPOSAL,
	IKEV2_A_CONN_ESP_PROPOSAL,
	IKEV2_A_CONN_LOCAL_TS,
	IKEV2_A_CONN_REMOTE_TS,
	IKEV2_A_CONN_IFINDEX,
	IKEV2_A_CONN_ENCAP_UDP,
	IKEV2_A_CONN_REPLAY_WINDOW,
	IKEV2_A_CONN_REKEY_BYTES,
	IKEV2_A_CONN_LIFE_BYTES,
	IKEV2_A_CONN_PAD,
	IKEV2_A_CONN_IKE_REKEY_TIME,

	__IKEV2_A_CONN_MAX,
	IKEV2_A_CONN_MAX = (__IKEV2_A_CONN_MAX - 1)
};

/**
 * enum ikev2_dh_op - what a DH request asks of ike-helper
 * @IKEV2_DH_OP_KEYGEN: new key pair; answer: public value and a handle for
 *   the private value, which stays in the helper
 * @IKEV2_DH_OP_SHARED: shared secret of the private value behind a handle
 *   with the peer's public value; the helper forgets the handle afterwards
 * @IKEV2_DH_OP_KEYGEN_SHARED: new key pair and the shared secret with the
 *   peer's public value at once (responder); answer: public value and secret
 */
enum ikev2_dh_op {
	IKEV2_DH_OP_KEYGEN = 1,
	IKEV2_DH_OP_SHARED,
	IKEV2_DH_OP_KEYGEN_SHARED,
};

/**
 * enum ikev2_a_dh - Diffie-Hellman upcalls between the module and ike-helper
 * @IKEV2_A_DH_REQUEST_ID: u32, the module's id of a request, echoed in the
 *   result
 * @IKEV2_A_DH_GROUP: u16, IANA key exchange method (14, 15, 19, 20, 21, 31)
 * @IKEV2_A_DH_OP: u8, enum ikev2_dh_op
 * @IKEV2_A_DH_PEER_PUB: binary, the peer's public value (shared ops), at
 *   most IKEV2_DH_PUB_MAX bytes
 * @IKEV2_A_DH_HANDLE: u32, opaque non-zero handle of a private value inside
 *   ike-helper: returned by keygen, passed back with shared
 * @IKEV2_A_DH_STATUS: u32, 0 or a positive errno: why the helper failed
 * @IKEV2_A_DH_PUB: binary, our new public value (keygen ops)
 * @IKEV2_A_DH_SHARED: binary, the shared secret (shared ops), at most
 *   IKEV2_DH_SHARED_MAX bytes
 * @IKEV2_A_DH_ELAPSED_NS: u64, dh-test reply: time the three helper round
 *   trips took, in nanoseconds
 * @IKEV2_A_DH_PAD: pad
 */
enum {
	IKEV2_A_DH_REQUEST_ID = 1,
	IKEV2_A_DH_GROUP,
	IKEV2_A_DH_OP,
	IKEV2_A_DH_PEER_PUB,
	IKEV2_A_DH_HANDLE,
	IKEV2_A_DH_STATUS,
	IKEV2_A_DH_PUB,
	IKEV2_A_DH_SHARED,
	IKEV2_A_DH_ELAPSED_NS,
	IKEV2_A_DH_PAD,

	__IKEV2_A_DH_MAX,
	IKEV2_A_DH_MAX = (__IKEV2_A_DH_MAX - 1)
};

/**
 * enum ikev2_sa_state - where an IKE SA is in its life
 * @IKEV2_SA_STATE_CONNECTING: IKE_SA_INIT / IKE_AUTH in progress
 * @IKEV2_SA_STATE_ESTABLISHED: authenticated, Child SAs may exist
 * @IKEV2_SA_STATE_DELETING: our Delete is outstanding
 */
enum ikev2_sa_state {
	IKEV2_SA_STATE_CONNECTING = 1,
	IKEV2_SA_STATE_ESTABLISHED,
	IKEV2_SA_STATE_DELETING,
};

/**
 * enum ikev2_event - what an IKEV2_CMD_SA_EVENT notification reports
 * @IKEV2_EVENT_ESTABLISHED: the IKE SA is authenticated
 * @IKEV2_EVENT_CHILD_UP: a Child SA was negotiated (child nest: the new one)
 * @IKEV2_EVENT_CHILD_FAILED: a Child SA was refused or failed; notify says
 *   why (TS_UNACCEPTABLE, NO_PROPOSAL_CHOSEN, ...); the IKE SA stays up
 * @IKEV2_EVENT_CHILD_REKEYED: a Child SA replaced another (child nest: the
 *   new one)
 * @IKEV2_EVENT_CHILD_DELETED: a Child SA is gone (child nest: which)
 * @IKEV2_EVENT_IKE_REKEYED: the IKE SA continues under new SPIs
 * @IKEV2_EVENT_DELETED: the IKE SA was deleted (by either side, conn-down,
 *   conn-del or namespace teardown)
 * @IKEV2_EVENT_FAILED: negotiation or the SA failed: notify is the error
 *   notify the peer sent or we sent (0 if none), error the local reason
 *   (ETIMEDOUT: the peer did not answer, ENOTCONN: no ike-helper running,
 *   ESRCH: the helper died, EBADMSG: a malformed answer)
 */
enum ikev2_event {
	IKEV2_EVENT_ESTABLISHED = 1,
	IKEV2_EVENT_CHILD_UP,
	IKEV2_EVENT_CHILD_FAILED,
	IKEV2_EVENT_CHILD_REKEYED,
	IKEV2_EVENT_CHILD_DELETED,
	IKEV2_EVENT_IKE_REKEYED,
	IKEV2_EVENT_DELETED,
	IKEV2_EVENT_FAILED,
};

/**
 * enum ikev2_a_child - one Child SA (ESP), nested in an IKE SA; never carries
 *   keys
 * @IKEV2_A_CHILD_SPI_IN: u32, our SPI: the peer sends ESP with it
 * @IKEV2_A_CHILD_SPI_OUT: u32, the peer's SPI: we send ESP with it
 * @IKEV2_A_CHILD_PROPOSAL: string, the negotiated transforms in proposal
 *   syntax (aes128gcm16-esn)
 * @IKEV2_A_CHILD_LOCAL_TS: nest (enum ikev2_a_ts), multi-attr: our selectors
 *   as narrowed
 * @IKEV2_A_CHILD_REMOTE_TS: nest (enum ikev2_a_ts), multi-attr: the peer's
 * @IKEV2_A_CHILD_ENCAP_UDP: flag, ESP goes in UDP 4500 (NAT or encap udp)
 * @IKEV2_A_CHILD_AGE: u64, seconds since it was installed
 * @IKEV2_A_CHILD_REKEY_IN: u32, seconds until we rekey it; 0xffffffff: never
 *   (a rekey is under way or was refused)
 * @IKEV2_A_CHILD_EXPIRE_IN: u32, seconds until it expires if not rekeyed;
 *   0xffffffff: never
 * @IKEV2_A_CHILD_BYTES_IN: u64, bytes decrypted and delivered
 * @IKEV2_A_CHILD_PACKETS_IN: u64
 * @IKEV2_A_CHILD_BYTES_OUT: u64, bytes encrypted and sent
 * @IKEV2_A_CHILD_PACKETS_OUT: u64
 * @IKEV2_A_CHILD_ESN: flag, 64-bit extended sequence numbers
 * @IKEV2_A_CHILD_PAD: pad
 * @IKEV2_A_CHILD_IFINDEX: u32, the ikev2 link it carries traffic of
 * @IKEV2_A_CHILD_REPLAY_WINDOW: u32, anti-replay window in packets (0: off)
 * @IKEV2_A_CHILD_SEQ_OUT: u64, the last ESP sequence number sent
 * @IKEV2_A_CHILD_SEQ_IN: u64, the highest ESP sequence number accepted
 * @IKEV2_A_CHILD_RX_REPLAY: u64, ESP dropped: duplicate or left of the window
 * @IKEV2_A_CHILD_RX_AUTH_FAILED: u64, ESP dropped: ICV did not verify
 * @IKEV2_A_CHILD_RX_BAD_PADDING: u64, ESP dropped after decryption: pad
 *   length beyond the payload, padding not 1, 2, 3, ... (RFC 4303 2.4) or a
 *   next header other than IPv4, IPv6 or 59 (dummy packets, discarded
 *   without being counted here)
 * @IKEV2_A_CHILD_RX_SELECTOR: u64, decrypted packets whose inner addresses,
 *   protocol or ports are outside the Child SA's selectors (dropped)
 * @IKEV2_A_CHILD_RX_MALFORMED: u64, ESP dropped: too short for header, IV
 *   and ICV, ciphertext not a whole number of blocks, or an inner packet
 *   whose IP header does not parse
 * @IKEV2_A_CHILD_TX_ERRORS: u64, packets this Child SA could not send (no
 *   route to the peer, memory, crypto error, sequence numbers exhausted,
 *   hard byte limit reached)
 * @IKEV2_A_CHILD_REKEY_BYTES: u64, soft byte limit; absent: none
 * @IKEV2_A_CHILD_LIFE_BYTES: u64, hard byte limit; absent: none
 */
enum {
	IKEV2_A_CHILD_SPI_IN = 1,
	IKEV2_A_CHILD_SPI_OUT,
	IKEV2_A_CHILD_PROPOSAL,
	IKEV2_A_CHILD_LOCAL_TS,
	IKEV2_A_CHILD_REMOTE_TS,
	IKEV2_A_CHILD_ENCAP_UDP,
	IKEV2_A_CHILD_AGE,
	IKEV2_A_CHILD_REKEY_IN,
	IKEV2_A_CHILD_EXPIRE_IN,
	IKEV2_A_CHILD_BYTES_IN,
	IKEV2_A_CHILD_PACKETS_IN,
	IKEV2_A_CHILD_BYTES_OUT,
	IKEV2_A_CHILD_PACKETS_OUT,
	IKEV2_A_CHILD_ESN,
	IKEV2_A_CHILD_PAD,
	IKEV2_A_CHILD_IFINDEX,
	IKEV2_A_CHILD_REPLAY_WINDOW,
	IKEV2_A_CHILD_SEQ_OUT,
	IKEV2_A_CHILD_SEQ_IN,
	IKEV2_A_CHILD_RX_REPLAY,
	IKEV2_A_CHILD_RX_AUTH_FAILED,
	IKEV2_A_CHILD_RX_BAD_PADDING,
	IKEV2_A_CHILD_RX_SELECTOR,
	IKEV2_A_CHILD_RX_MALFORMED,
	IKEV2_A_CHILD_TX_ERRORS,
	IKEV2_A_CHILD_REKEY_BYTES,
	IKEV2_A_CHILD_LIFE_BYTES,

	__IKEV2_A_CHILD_MAX,
	IKEV2_A_CHILD_MAX = (__IKEV2_A_CHILD_MAX - 1)
};

/**
 * enum ikev2_a_sa - an IKE SA (sa-get replies, conn-up replies and
 *   sa-event notifications)
 * @IKEV2_A_SA_ID: u32, the SA's number in its namespace, never reused while
 *   the module is loaded; conn-up returns it, events carry it
 * @IKEV2_A_SA_CONN_NAME: string, the connection it belongs to
 * @IKEV2_A_SA_STATE: u8, enum ikev2_sa_state
 * @IKEV2_A_SA_INITIATOR: flag, we are the (current) initiator
 * @IKEV2_A_SA_SPI_I: u64, initiator's IKE SPI (host order)
 * @IKEV2_A_SA_SPI_R: u64, responder's IKE SPI, 0 until known
 * @IKEV2_A_SA_LOCAL_ADDR: binary, 4 or 16 bytes
 * @IKEV2_A_SA_LOCAL_PORT: u16 (host order, as all ports here), 500, or 4500
 *   after the NAT-T switch
 * @IKEV2_A_SA_REMOTE_ADDR: binary, as seen by us (after NAT)
 * @IKEV2_A_SA_REMOTE_PORT: u16
 * @IKEV2_A_SA_NAT_LOCAL: flag, we are behind a NAT
 * @IKEV2_A_SA_NAT_REMOTE: flag, the peer is behind a NAT (or fakes it to
 *   force UDP encapsulation)
 * @IKEV2_A_SA_PROPOSAL: string, negotiated IKE transforms in proposal syntax
 * @IKEV2_A_SA_AGE: u64, seconds since it was established (or started)
 * @IKEV2_A_SA_REKEY_IN: u32, seconds until we rekey it; 0xffffffff: never
 * @IKEV2_A_SA_CHILD: nest (enum ikev2_a_child), multi-attr: its Child SAs
 * @IKEV2_A_SA_EVENT: u8, enum ikev2_event (sa-event only)
 * @IKEV2_A_SA_NOTIFY: u16, IANA notify message type (sa-event only)
 * @IKEV2_A_SA_ERROR: u32, positive errno (sa-event only)
 */
enum {
	IKEV2_A_SA_ID = 1,
	IKEV2_A_SA_CONN_NAME,
	IKEV2_A_SA_STATE,
	IKEV2_A_SA_INITIATOR,
	IKEV2_A_SA_SPI_I,
	IKEV2_A_SA_SPI_R,
	IKEV2_A_SA_LOCAL_ADDR,
	IKEV2_A_SA_LOCAL_PORT,
	IKEV2_A_SA_REMOTE_ADDR,
	IKEV2_A_SA_REMOTE_PORT,
	IKEV2_A_SA_NAT_LOCAL,
	IKEV2_A_SA_NAT_REMOTE,
	IKEV2_A_SA_PROPOSAL,
	IKEV2_A_SA_AGE,
	IKEV2_A_SA_REKEY_IN,
	IKEV2_A_SA_CHILD,
	IKEV2_A_SA_EVENT,
	IKEV2_A_SA_NOTIFY,
	IKEV2_A_SA_ERROR,
	IKEV2_A_SA_PAD,

	__IKEV2_A_SA_MAX,
	IKEV2_A_SA_MAX = (__IKEV2_A_SA_MAX - 1)
};

/**
 * enum ikev2_a_stats - IKE counters of one namespace (stats-get)
 * @IKEV2_A_STATS_RX_PACKETS: u64, IKE datagrams received on 500/4500
 * @IKEV2_A_STATS_RX_MALFORMED: u64, dropped: too short, bad header, wrong
 *   version or marker
 * @IKEV2_A_STATS_RX_NO_SA: u64, dropped: no IKE SA for the SPIs (answered
 *   with INVALID_IKE_SPI where RFC 7296 2.21.4 allows, rate limited)
 * @IKEV2_A_STATS_RX_NO_CONN: u64, IKE_SA_INIT from a peer no connection
 *   accepts (dropped)
 * @IKEV2_A_STATS_RX_QUEUE_FULL: u64, dropped: receive backlog full, or an
 *   IKE_SA_INIT request beyond the half-open limit (1024)
 * @IKEV2_A_STATS_RX_ESP_DROPPED: u64, ESP-in-UDP datagrams on 4500 too
 *   short to hold an ESP header (NAT-keepalives are consumed silently; a
 *   1-byte datagram that is not 0xff counts as malformed)
 * @IKEV2_A_STATS_TX_PACKETS: u64, IKE datagrams sent
 * @IKEV2_A_STATS_TX_ERRORS: u64, sends that failed
 * @IKEV2_A_STATS_COOKIES_SENT: u64, COOKIE answers (RFC 7296 2.6)
 * @IKEV2_A_STATS_HALF_OPEN: u32, responder SAs waiting for IKE_AUTH now
 * @IKEV2_A_STATS_IKE_SAS: u32, IKE SAs now
 * @IKEV2_A_STATS_PAD: pad
 * @IKEV2_A_STATS_ESP_RX_PACKETS: u64, ESP packets decrypted and delivered
 * @IKEV2_A_STATS_ESP_RX_NO_SA: u64, ESP dropped: SPI not one of ours (raw
 *   ESP only when no XFRM state of the namespace has it either)
 * @IKEV2_A_STATS_ESP_RX_DROPPED: u64, ESP dropped for a reason a Child SA
 *   counts (replay, auth, padding, selector, malformed), summed over Child
 *   SAs past and present
 * @IKEV2_A_STATS_ESP_TX_PACKETS: u64, ESP packets sent
 * @IKEV2_A_STATS_ESP_TX_NO_SA: u64, packets routed into an ikev2 link that
 *   no Child SA's selectors cover (dropped, ICMP unreachable sent)
 * @IKEV2_A_STATS_ESP_TX_ERRORS: u64, packets a Child SA could not send
 * @IKEV2_A_STATS_ESP_CHILD_SAS: u32, Child SAs installed in the data path
 */
enum {
	IKEV2_A_STATS_RX_PACKETS = 1,
	IKEV2_A_STATS_RX_MALFORMED,
	IKEV2_A_STATS_RX_NO_SA,
	IKEV2_A_STATS_RX_NO_CONN,
	IKEV2_A_STATS_RX_QUEUE_FULL,
	IKEV2_A_STATS_RX_ESP_DROPPED,
	IKEV2_A_STATS_TX_PACKETS,
	IKEV2_A_STATS_TX_ERRORS,
	IKEV2_A_STATS_COOKIES_SENT,
	IKEV2_A_STATS_HALF_OPEN,
	IKEV2_A_STATS_IKE_SAS,
	IKEV2_A_STATS_PAD,
	IKEV2_A_STATS_ESP_RX_PACKETS,
	IKEV2_A_STATS_ESP_RX_NO_SA,
	IKEV2_A_STATS_ESP_RX_DROPPED,
	IKEV2_A_STATS_ESP_TX_PACKETS,
	IKEV2_A_STATS_ESP_TX_NO_SA,
	IKEV2_A_STATS_ESP_TX_ERRORS,
	IKEV2_A_STATS_ESP_CHILD_SAS,

	__IKEV2_A_STATS_MAX,
	IKEV2_A_STATS_MAX = (__IKEV2_A_STATS_MAX - 1)
};

/* Multicast group of IKEV2_CMD_SA_EVENT notifications. */
#define IKEV2_MCGRP_SA		"sa"

/**
 * enum ikev2_cmd - operations of the family
 * @IKEV2_CMD_CONN_ADD: do; add a connection (attribute set conn). Fails with
 *   EEXIST if the name is taken, EINVAL (with an extended ack naming the
 *   attribute) on any inconsistent or unknown value; nothing is added then.
 * @IKEV2_CMD_CONN_DEL: do; delete a connection by IKEV2_A_CONN_NAME (ENOENT
 *   if there is none).
 * @IKEV2_CMD_CONN_GET: do with IKEV2_A_CONN_NAME: one connection; dump: all
 *   of the namespace's. Replies carry every conn attribute that is set,
 *   never IKEV2_A_CONN_PSK.
 * @IKEV2_CMD_HELPER_REGISTER: do (attribute set dh, no attributes); the
 *   sending socket becomes the namespace's ike-helper: DH requests are
 *   unicast to its port until it closes. EBUSY if a helper is registered.
 * @IKEV2_CMD_DH_REQUEST: kernel to helper only, unicast: request-id, group,
 *   op, and peer-pub (shared ops) and handle (shared).
 * @IKEV2_CMD_DH_RESULT: do, helper to kernel, only from the registered
 *   helper's socket: request-id and status; on success pub and handle
 *   (keygen), shared (shared), pub and shared (keygen-shared).
 * @IKEV2_CMD_DH_TEST: do, diagnostic: the module runs keygen, keygen-shared
 *   and shared through the helper for group (two key pairs) and checks
 *   that both sides' secrets agree. Reply: group, elapsed-ns. ENOTCONN
 *   without a helper, EBADMSG if the secrets differ.
 * @IKEV2_CMD_CONN_UP: do, conn-name (attribute set conn): start an IKE SA
 *   as initiator. Replies at once with sa-id (attribute set sa); the outcome
 *   comes as sa-event notifications with that id. ENOENT: no such conn;
 *   EINVAL: its remote is %any; ENOTCONN: no ike-helper registered;
 *   EALREADY: the conn already has an IKE SA.
 * @IKEV2_CMD_CONN_DOWN: do, conn-name: delete the conn's IKE SAs (a Delete
 *   is sent to the peer, best effort). ESRCH if it has none.
 * @IKEV2_CMD_SA_GET: dump: the namespace's IKE SAs with their Child SAs
 *   (attribute set sa).
 * @IKEV2_CMD_SA_EVENT: notification on multicast group "sa": an enum
 *   ikev2_event with sa-id, conn-name, spi-i/spi-r, notify, error and the
 *   child nest for Child SA events.
 * @IKEV2_CMD_STATS_GET: do: the namespace's IKE counters (attribute set
 *   stats).
 */
enum {
	IKEV2_CMD_CONN_ADD = 1,
	IKEV2_CMD_CONN_DEL,
	IKEV2_CMD_CONN_GET,
	IKEV2_CMD_HELPER_REGISTER,
	IKEV2_CMD_DH_REQUEST,
	IKEV2_CMD_DH_RESULT,
	IKEV2_CMD_DH_TEST,
	IKEV2_CMD_CONN_UP,
	IKEV2_CMD_CONN_DOWN,
	IKEV2_CMD_SA_GET,
	IKEV2_CMD_SA_EVENT,
	IKEV2_CMD_STATS_GET,

	__IKEV2_CMD_MAX,
	IKEV2_CMD_MAX = (__IKEV2_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_IKEV2_H */
