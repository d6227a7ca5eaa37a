/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output selector table: maps an inner destination address to the Child SA
 * whose remote traffic selector covers it, by longest prefix match.
 *
 * A path-compressed binary trie per address family (the shape of
 * WireGuard's allowedips). Every node holds one prefix; the values stored
 * on a prefix sit in an RCU list in insertion order.
 *
 * Ownership and locking: the table is embedded in the namespace and owns
 * its nodes and value entries, never the values (opaque pointers, usually
 * struct ikev2_esp_sa *: whoever inserts a value removes it before freeing
 * it). Writers (insert, remove, free) are serialized by the namespace mutex
 * they pass in, and sleep (GFP_KERNEL). Readers (lookup) hold
 * rcu_read_lock() or run with BH disabled and take no lock; they may run on
 * another CPU while a writer changes the trie: every node and value entry
 * is published fully initialised and freed only after a grace period
 * (kfree_rcu). A value returned by lookup is valid only inside the reader's
 * RCU section unless the caller takes its own reference to it.
 */
#ifndef _IKEV2_TS_LOOKUP_H
#define _IKEV2_TS_LOOKUP_H

#include <linux/types.h>

struct mutex;
struct ikev2_tsl_node;

/* One per namespace; writers hold the namespace mutex passed in, readers
 * hold rcu_read_lock (BH context: xmit path).
 */
struct ikev2_tsl {
	struct ikev2_tsl_node __rcu *root4;
	struct ikev2_tsl_node __rcu *root6;
	unsigned int entries;	/* (prefix, value) pairs, both families */
};

void ikev2_tsl_init(struct ikev2_tsl *t);
/*
 * Adds (prefix/cidr -> value). Several values may sit on one prefix (two
 * Child SAs with the same remote selector but different local ones, or
 * different links); the same pair added twice is two entries. GFP_KERNEL;
 * 0, -ENOMEM, -EINVAL (cidr > 32/128, addr_len not 4/16). Bits of @prefix
 * beyond @cidr are ignored (masked). On error the table is unchanged.
 */
int ikev2_tsl_insert(struct ikev2_tsl *t, u8 addr_len, const u8 *prefix,
		     u8 cidr, void *value, struct mutex *lock);
/*
 * Removes one (prefix/cidr, value) entry, the oldest if added several
 * times; prunes nodes that become empty (freed after an RCU grace period,
 * kfree_rcu). No-op if absent.
 */
void ikev2_tsl_remove(struct ikev2_tsl *t, u8 addr_len, const u8 *prefix,
		      u8 cidr, void *value, struct mutex *lock);
/* Frees everything (namespace exit; no readers left or they are
 * RCU-protected).
 */
void ikev2_tsl_free(struct ikev2_tsl *t, struct mutex *lock);
/*
 * RCU read side: walks the prefixes covering @addr from the longest to the
 * shortest and, at each, the values in insertion order; returns the first
 * value for which accept(value, arg) is true, or NULL. @accept runs inside
 * the caller's RCU section and must not sleep.
 */
void *ikev2_tsl_lookup(struct ikev2_tsl *t, u8 addr_len, const u8 *addr,
		       bool (*accept)(void *value, const void *arg),
		       const void *arg);

#endif /* _IKEV2_TS_LOOKUP_H */
