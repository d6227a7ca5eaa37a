/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data path's Child SAs (esp_sa.c): installed from a plain parameter
 * struct, found by SPI (input) and by remote selector (output), removed
 * when IKE deletes or replaces them. Knows nothing of IKE SAs or
 * connections.
 */
#ifndef _IKEV2_ESP_SA_H
#define _IKEV2_ESP_SA_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <crypto/aead.h>
#include <net/dst_cache.h>

#include "ike/ike_crypto.h"
#include "ike/ike_esp.h"

struct ikev2_net;

/*
 * Counters of one Child SA's data path. Written with atomic64 ops from any
 * CPU; read without a lock (each value alone is exact, the set is not a
 * snapshot).
 */
struct ikev2_esp_stats {
	atomic64_t rx_bytes;		/* inner bytes delivered */
	atomic64_t rx_packets;
	atomic64_t tx_bytes;		/* inner bytes sent */
	atomic64_t tx_packets;
	atomic64_t rx_replay;
	atomic64_t rx_auth_failed;
	atomic64_t rx_bad_padding;
	atomic64_t rx_selector;
	atomic64_t rx_malformed;
	atomic64_t tx_errors;
};

/* What sa-get reports of a Child SA's data path (ikev2_esp_sa_read()). */
struct ikev2_esp_counters {
	u64 rx_bytes, rx_packets, tx_bytes, tx_packets;
	u64 rx_replay, rx_auth_failed, rx_bad_padding, rx_selector;
	u64 rx_malformed, tx_errors;
	u64 seq_out;			/* last sequence number sent */
	u64 seq_in;			/* highest accepted */
	u32 replay_window;
	int ifindex;
	u64 rekey_bytes;		/* 0: none */
	u64 life_bytes;			/* 0: none */
};

/*
 * Where ESP goes: outer addresses and, with UDP encapsulation (RFC 3948),
 * ports. The IKE side decides (sa.c, ikev2_sa_peer_update()).
 */
struct ikev2_esp_outer {
	u8 laddr[16];			/* unused octets 0 */
	u8 raddr[16];
	bool encap;
	__be16 sport, dport;
};

/*
 * The published copy of it: immutable; a new one replaces it when the
 * peer moves (RFC 7296 2.23), the old is freed after a grace period.
 */
struct ikev2_esp_peer {
	struct ikev2_esp_outer outer;
	struct rcu_head rcu;
};

/* One direction's keys, KEYMAT slices (RFC 7296 2.17). */
struct ikev2_esp_key {
	u8 encr[IKE_ENCR_KEY_MAX_LEN];	/* an AEAD's ends with its salt */
	u8 integ[IKE_INTEG_KEY_MAX_LEN];
};

/*
 * Everything the data path needs to install one Child SA, as plain values.
 * It carries keys: whoever fills it wipes it after ikev2_esp_sa_install(),
 * whatever that returned.
 */
struct ikev2_esp_sa_params {
	u32 spi_in;			/* ours */
	u32 spi_out;			/* the peer's */
	u8 addr_len;			/* outer: 4 or 16 */
	struct ikev2_esp_outer outer;
	int ifindex;			/* the link; 0: the namespace's first */
	u32 replay_window;		/* packets */
	u64 rekey_bytes, life_bytes;	/* per direction; 0: none */
	struct ike_suite suite;		/* encr, integ */
	bool esn;
	u8 encr_len;
	u8 integ_len;			/* 0 with an AEAD */
	struct ikev2_esp_key key_out;	/* we send with */
	struct ikev2_esp_key key_in;	/* the peer sends with */
	struct ike_ts_list ts_local;
	struct ike_ts_list ts_remote;
};

/* One direction's AEAD and the ESP framing it implies. */
struct ikev2_esp_dir {
	struct crypto_aead *aead;	/* geniv template: IV in the packet */
	u8 iv_len;			/* 8 (GCM, ChaCha20) or 16 (CBC) */
	u8 icv_len;
	u8 block;			/* padding boundary, at least 4 */
};

/*
 * The data path's half of a Child SA: one SPI pair, the keys in two AEAD
 * transforms, the sequence counter, the replay window and counters.
 *
 * Lifetime: created and published by the IKE side under conf_lock
 * (ikev2_esp_sa_install(), from sa.c on CHILD_UP/REKEYED); readers find
 * it under RCU through the namespace's SPI hash (input) and selector table
 * (output), and take a reference for as long as asynchronous crypto holds
 * a packet of it. ikev2_esp_sa_remove() unpublishes it and drops the
 * table's reference; the last put frees it after an RCU grace period.
 */
struct ikev2_esp_sa {
	struct hlist_node spi_node;	/* in ikev2_net.esp_spi_hash */
	struct kref ref;
	struct rcu_work free_work;
	struct ikev2_net *in;
	int ifindex;			/* the ikev2 link it carries */
	u32 spi_in;			/* ours, network order in packets */
	u32 spi_out;
	u8 addr_len;			/* outer: 4 or 16 */
	bool esn;
	bool dead;			/* removed or replaced: send nothing */
	/*
	 * Rekeyed as responder: send nothing until the peer uses it or the
	 * SA it @replaces is deleted (RFC 7296 2.8: the initiator installs
	 * it only on our response). Holds a reference on @replaces.
	 */
	bool tx_wait;
	struct ikev2_esp_sa *replaces;
	struct ikev2_esp_peer __rcu *peer;	/* replaced under conf_lock */
	struct dst_cache dst_cache;	/* route to @peer, reset on change */

	struct ikev2_esp_dir out;
	struct ikev2_esp_dir in_dir;
	atomic64_t seq_out;		/* last sequence number used */
	/*
	 * Packets in output crypto, in sequence order; its lock also makes
	 * taking a sequence number and queueing one step (esp_output.c).
	 */
	struct sk_buff_head tx_queue;

	spinlock_t replay_lock;		/* owns @replay */
	struct ike_esp_replay *replay;

	u64 rekey_bytes, life_bytes;	/* 0: none */
	/* Set once by the data path, consumed by the engine (sa_timers.c). */
	unsigned long limit_flags;	/* IKEV2_ESP_SOFT_HIT, IKEV2_ESP_HARD_HIT */

	struct ike_ts_list ts_local;
	struct ike_ts_list ts_remote;
	struct ikev2_esp_stats stats;
};

#define IKEV2_ESP_SOFT_HIT	0
#define IKEV2_ESP_HARD_HIT	1

/* Module load and unload: the free workqueue; unload waits for the last SA. */
int ikev2_esp_init(void);
void ikev2_esp_uninit(void);
int ikev2_esp_net_init(struct ikev2_net *in);
unsigned int ikev2_esp_net_count(struct ikev2_net *in);
void ikev2_esp_net_uninit(struct ikev2_net *in);

/* Install and remove under conf_lock. */
int ikev2_esp_sa_install(struct ikev2_net *in,
			 const struct ikev2_esp_sa_params *p,
			 struct ikev2_esp_sa *replaces,
			 struct ikev2_esp_sa **out);
void ikev2_esp_sa_remove(struct ikev2_esp_sa *esp);
/* The peer moved or NAT was detected: new outer addresses/ports. */
void ikev2_esp_sa_set_peer(struct ikev2_esp_sa *esp,
			   const struct ikev2_esp_outer *outer);
/* A responder's rekeyed SA may send now; the one it replaces stops. */
void ikev2_esp_sa_tx_ready(struct ikev2_esp_sa *esp);
void ikev2_esp_sa_read(struct ikev2_esp_sa *esp, struct ikev2_esp_counters *c);

/* Readers: under RCU, a reference to keep it beyond. */
struct ikev2_esp_sa *ikev2_esp_sa_lookup_spi(struct ikev2_net *in, u32 spi);
static inline bool ikev2_esp_sa_get(struct ikev2_esp_sa *esp)
{
	return kref_get_unless_zero(&esp->ref);
}
void ikev2_esp_sa_put(struct ikev2_esp_sa *esp);
/* Checks a direction's byte total against the limits; false: hard limit hit. */
bool ikev2_esp_sa_account(struct ikev2_esp_sa *esp, u64 total);

#endif /* _IKEV2_ESP_SA_H */
