/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IKEV2_NETNS_H
#define _IKEV2_NETNS_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "helper.h"
#include "ts_lookup.h"
#include "ike/ike_sa.h"

/* Counters of the namespace's IKE traffic (stats-get); see the UAPI. */
struct ikev2_stats {
	atomic64_t rx_packets;
	atomic64_t rx_malformed;
	atomic64_t rx_no_sa;
	atomic64_t rx_no_conn;
	atomic64_t rx_queue_full;
	atomic64_t rx_esp_too_short;
	atomic64_t tx_packets;
	atomic64_t tx_errors;
	atomic64_t cookies_sent;
	/* ESP data path (esp_*.c); per Child SA counters are in ikev2_esp_sa. */
	atomic64_t esp_rx_packets;
	atomic64_t esp_rx_no_sa;
	atomic64_t esp_rx_held;		/* esp_hold.c */
	atomic64_t esp_rx_child_dropped;
	atomic64_t esp_tx_packets;
	atomic64_t esp_tx_no_sa;
	atomic64_t esp_tx_errors;
};

#define IKEV2_SA_HASH_BITS	8
#define IKEV2_ESP_HASH_BITS	10

/*
 * Everything ikev2 keeps for one network namespace. Nothing is global:
 * two namespaces never see each other's connections, sockets or SAs.
 *
 * @conf_lock is the namespace's one mutex: it owns the connections
 * (conn.c), the sockets list (socket.c), the IKE SA table (sa.c), the
 * writers of the ESP tables (esp_sa.c) and the scratch buffers, and it
 * serialises every call into the protocol core (which may sleep: crypto,
 * allocation). The generic netlink handlers and the engine (engine.c)
 * take it; softirq never does.
 *
 * @rx_lock (a BH spinlock) owns the two queues the engine drains:
 * datagrams from the sockets' encap_rcv (socket.c) and answers from the
 * helper (helper_dh.c), and @dying. Order: conf_lock, then rx_lock; it is
 * never held while taking anything else.
 */
struct ikev2_net {
	struct net *net;
	struct mutex conf_lock;
	struct list_head conns;	/* struct ikev2_conn, under conf_lock */
	unsigned int conn_count;	/* under conf_lock */
	struct list_head socks;	/* struct ikev2_sock, under conf_lock */

	/* IKE SA table (sa.c), under conf_lock. */
	struct list_head sas;	/* struct ikev2_sa */
	DECLARE_HASHTABLE(sa_hash, IKEV2_SA_HASH_BITS);	/* by our SPI */
	u32 next_sa_id;
	unsigned int n_sas;
	unsigned int n_half_open;
	struct ike_front front;	/* cookie secrets for the stateless front */
	u64 front_rotate_ms;
	/* Too big for kernel stacks; under conf_lock like the table. */
	struct ike_event ev_scratch;
	struct ike_dh_req dh_scratch;
	u8 reply_scratch[256];

	spinlock_t rx_lock;
	struct list_head rx;	/* struct ikev2_rx (socket.c, engine.c) */
	unsigned int rx_len;
	struct list_head dh_done;	/* struct ikev2_dh_answer (helper_dh.c) */
	bool dying;		/* namespace exit: no kicks, no answers */

	/* engine.c */
	struct work_struct engine;
	struct delayed_work timer;	/* kicks @engine at the next deadline */

	/*
	 * ESP data path (esp_sa.c): Child SAs by our SPI for input and by
	 * remote selector for output. Written under conf_lock, read under
	 * RCU from softirq.
	 */
	struct hlist_head esp_spi_hash[1 << IKEV2_ESP_HASH_BITS];
	struct ikev2_tsl esp_tsl;
	unsigned int n_esp;	/* under conf_lock */
	/* Offered SPIs' early ESP (esp_hold.c), under esp_hold_lock. */
	spinlock_t esp_hold_lock;
	struct list_head esp_holds;	/* struct ikev2_esp_hold */
	unsigned int n_esp_holds;	/* also read without the lock */

	struct ikev2_stats stats;
	struct ikev2_helper_net helper;	/* own lock, see helper.h */
};

struct ikev2_net *ikev2_net(const struct net *net);
int ikev2_netns_init(void);
void ikev2_netns_uninit(void);

#endif /* _IKEV2_NETNS_H */
