// SPDX-License-Identifier: GPL-2.0
/*
 * Output selector table: longest prefix match from an inner destination to
 * the Child SAs whose remote selectors cover it. See ts_lookup.h for the
 * ownership and locking rules.
 *
 * Shape: a path-compressed binary trie per family. A node carries a prefix
 * (the key, masked to its cidr) and two children, indexed by the bit just
 * after the prefix; cidrs strictly increase from a node to its children.
 * A node either carries values or is a "glue" node that only joins two
 * diverging subtrees, so a glue node always has exactly two children and
 * the trie holds at most two nodes per inserted prefix. A lookup visits at
 * most one node per prefix length: O(address bits), whatever the number of
 * prefixes.
 *
 * Keys are held as two host-order u64 (bits 0..63, 64..127), an IPv4
 * address in the top half of the first: common-prefix length is then one
 * or two XORs and a find-last-set.
 */
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "ts_lookup.h"

/* One value on a prefix. The list is appended at the tail and unlinked in
 * place; readers walk it under RCU.
 */
struct ikev2_tsl_val {
	struct ikev2_tsl_val __rcu *next;
	void *value;
	struct rcu_head rcu;
};

struct ikev2_tsl_node {
	struct ikev2_tsl_node __rcu *child[2];
	struct ikev2_tsl_val __rcu *vals;	/* NULL: glue node */
	struct rcu_head rcu;
	u64 key[2];
	u8 cidr;
};

/*
 * How many matching prefixes one lookup pass remembers. 33 covers every
 * IPv4 prefix length, so an IPv4 lookup is always one pass; an IPv6 one
 * needs another pass only when accept() refused the values of more than 33
 * nested prefixes (at most four passes). 264 bytes of stack, in BH.
 */
#define TSL_KEPT	33

/* Readers: rcu_read_lock() or BH disabled (the xmit path). */
#define tsl_deref(p)	rcu_dereference_check(p, rcu_read_lock_bh_held())
#define tsl_deref_w(p, lock) rcu_dereference_protected(p, lockdep_is_held(lock))

static struct ikev2_tsl_node __rcu **tsl_root(struct ikev2_tsl *t,
					      u8 addr_len)
{
	if (addr_len == 4)
		return &t->root4;
	if (addr_len == 16)
		return &t->root6;
	return NULL;
}

static void tsl_key(u64 key[2], const u8 *addr, u8 addr_len)
{
	u64 hi = 0, lo = 0;
	unsigned int i;

	/* Byte loads: addresses inside packets need not be aligned. */
	for (i = 0; i < 8; i++)
		hi = hi << 8 | (i < addr_len ? addr[i] : 0);
	for (i = 8; i < 16; i++)
		lo = lo << 8 | (i < addr_len ? addr[i] : 0);
	key[0] = hi;
	key[1] = lo;
}

static void tsl_mask(u64 key[2], unsigned int cidr)
{
	if (cidr < 64) {
		key[0] &= cidr ? ~0ULL << (64 - cidr) : 0;
		key[1] = 0;
	} else {
		key[1] &= cidr > 64 ? ~0ULL << (128 - cidr) : 0;
	}
}

/* Length of the common prefix of two keys, 0..128. */
static unsigned int tsl_common(const u64 a[2], const u64 b[2])
{
	u64 x = a[0] ^ b[0];

	if (x)
		return 63 - __fls(x);
	x = a[1] ^ b[1];
	if (x)
		return 127 - __fls(x);
	return 128;
}

/* Bit @i of the key, 0 being the most significant bit of the address. */
static unsigned int tsl_bit(const u64 key[2], unsigned int i)
{
	if (i < 64)
		return (key[0] >> (63 - i)) & 1;
	return (key[1] >> (127 - i)) & 1;
}

void ikev2_tsl_init(struct ikev2_tsl *t)
{
	RCU_INIT_POINTER(t->root4, NULL);
	RCU_INIT_POINTER(t->root6, NULL);
	t->entries = 0;
}

/* A node not yet visible to readers: plain initialisation is enough. */
static struct ikev2_tsl_node *tsl_node_new(const u64 key[2], unsigned int cidr,
					   struct ikev2_tsl_val *v)
{
	struct ikev2_tsl_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return NULL;
	n->key[0] = key[0];
	n->key[1] = key[1];
	tsl_mask(n->key, cidr);
	n->cidr = cidr;
	RCU_INIT_POINTER(n->vals, v);
	return n;
}

int ikev2_tsl_insert(struct ikev2_tsl *t, u8 addr_len, const u8 *prefix,
		     u8 cidr, void *value, struct mutex *lock)
{
	struct ikev2_tsl_node __rcu **slot = tsl_root(t, addr_len);
	struct ikev2_tsl_node *node, *n, *glue;
	struct ikev2_tsl_val __rcu **vp;
	struct ikev2_tsl_val *v, *cur;
	unsigned int c = 0;
	u64 key[2];

	lockdep_assert_held(lock);
	if (!slot || cidr > addr_len * 8)
		return -EINVAL;
	/*
	 * @key keeps the bits beyond @cidr: the walk reads only bits below
	 * it, and tsl_node_new() masks what it stores.
	 */
	tsl_key(key, prefix, addr_len);

	/* Everything is allocated before anything is published: an error
	 * leaves the trie as it was.
	 */
	v = kmalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->value = value;
	RCU_INIT_POINTER(v->next, NULL);

	while ((node = tsl_deref_w(*slot, lock))) {
		c = tsl_common(key, node->key);
		if (c > cidr)
			c = cidr;
		if (c > node->cidr)
			c = node->cidr;
		if (c == cidr && c == node->cidr) {
			/* Same prefix: append, keeping insertion order. */
			vp = &node->vals;
			while ((cur = tsl_deref_w(*vp, lock)))
				vp = &cur->next;
			rcu_assign_pointer(*vp, v);
			goto done;
		}
		if (c < node->cidr)
			break;
		/* @node covers the new prefix and is shorter: go down. */
		slot = &node->child[tsl_bit(key, node->cidr)];
	}

	n = tsl_node_new(key, cidr, v);
	if (!n)
		goto nomem;
	if (!node) {
		rcu_assign_pointer(*slot, n);
	} else if (c == cidr) {
		/* The new prefix covers @node: it takes @node's place. */
		RCU_INIT_POINTER(n->child[tsl_bit(node->key, cidr)], node);
		rcu_assign_pointer(*slot, n);
	} else {
		/* They diverge at bit c: join them under a glue node. */
		glue = tsl_node_new(key, c, NULL);
		if (!glue) {
			kfree(n);
			goto nomem;
		}
		RCU_INIT_POINTER(glue->child[tsl_bit(key, c)], n);
		RCU_INIT_POINTER(glue->child[tsl_bit(node->key, c)], node);
		rcu_assign_pointer(*slot, glue);
	}
done:
	t->entries++;
	return 0;
nomem:
	kfree(v);
	return -ENOMEM;
}

void ikev2_tsl_remove(struct ikev2_tsl *t, u8 addr_len, const u8 *prefix,
		      u8 cidr, void *value, struct mutex *lock)
{
	struct ikev2_tsl_node __rcu **slot = tsl_root(t, addr_len);
	struct ikev2_tsl_node __rcu **pslot = NULL;
	struct ikev2_tsl_node *node, *parent, *c0, *c1;
	struct ikev2_tsl_val __rcu **vp;
	struct ikev2_tsl_val *v;
	u64 key[2];

	lockdep_assert_held(lock);
	if (!slot || cidr > addr_len * 8)
		return;
	tsl_key(key, prefix, addr_len);	/* bits beyond @cidr never read */

	for (;;) {
		node = tsl_deref_w(*slot, lock);
		if (!node || node->cidr > cidr ||
		    tsl_common(key, node->key) < node->cidr)
			return;
		if (node->cidr == cidr)
			break;	/* same cidr, equal on its bits */
		pslot = slot;
		slot = &node->child[tsl_bit(key, node->cidr)];
	}

	vp = &node->vals;
	while ((v = tsl_deref_w(*vp, lock)) && v->value != value)
		vp = &v->next;
	if (!v)
		return;
	/* A reader on @v still follows v->next to the rest of the list. */
	rcu_assign_pointer(*vp, tsl_deref_w(v->next, lock));
	kfree_rcu(v, rcu);
	t->entries--;
	if (rcu_access_pointer(node->vals))
		return;

	/* @node is now empty: keep it as glue only if it joins two subtrees. */
	c0 = tsl_deref_w(node->child[0], lock);
	c1 = tsl_deref_w(node->child[1], lock);
	if (c0 && c1)
		return;
	rcu_assign_pointer(*slot, c0 ? c0 : c1);
	kfree_rcu(node, rcu);
	if (c0 || c1 || !pslot)
		return;

	/* A leaf went away: a glue parent is left with one child. */
	parent = tsl_deref_w(*pslot, lock);
	if (rcu_access_pointer(parent->vals))
		return;
	c0 = tsl_deref_w(parent->child[0], lock);
	c1 = tsl_deref_w(parent->child[1], lock);
	rcu_assign_pointer(*pslot, c0 ? c0 : c1);
	kfree_rcu(parent, rcu);
}

/*
 * Frees a detached subtree without recursion or a stack: rotate left
 * children up until a node has none, then free it and go right. Readers
 * still inside the subtree may meet a rotated link; the strictly
 * increasing cidr check in the lookup stops them there, and every node
 * and entry stays readable until their grace period ends.
 */
static unsigned int tsl_free_tree(struct ikev2_tsl_node *node,
				  struct mutex *lock)
{
	struct ikev2_tsl_node *left, *right;
	struct ikev2_tsl_val *v, *next;
	unsigned int freed = 0;

	while (node) {
		left = tsl_deref_w(node->child[0], lock);
		if (left) {
			RCU_INIT_POINTER(node->child[0],
					 tsl_deref_w(left->child[1], lock));
			RCU_INIT_POINTER(left->child[1], node);
			node = left;
			continue;
		}
		right = tsl_deref_w(node->child[1], lock);
		for (v = tsl_deref_w(node->vals, lock); v; v = next) {
			next = tsl_deref_w(v->next, lock);
			kfree_rcu(v, rcu);
			freed++;
		}
		kfree_rcu(node, rcu);
		node = right;
	}
	return freed;
}

void ikev2_tsl_free(struct ikev2_tsl *t, struct mutex *lock)
{
	struct ikev2_tsl_node *root4, *root6;
	unsigned int freed;

	lockdep_assert_held(lock);
	root4 = tsl_deref_w(t->root4, lock);
	root6 = tsl_deref_w(t->root6, lock);
	RCU_INIT_POINTER(t->root4, NULL);
	RCU_INIT_POINTER(t->root6, NULL);
	freed = tsl_free_tree(root4, lock);
	freed += tsl_free_tree(root6, lock);
	WARN_ON_ONCE(freed != t->entries);
	t->entries = 0;
}

void *ikev2_tsl_lookup(struct ikev2_tsl *t, u8 addr_len, const u8 *addr,
		       bool (*accept)(void *value, const void *arg),
		       const void *arg)
{
	struct ikev2_tsl_node *kept[TSL_KEPT];
	struct ikev2_tsl_node __rcu **root = tsl_root(t, addr_len);
	struct ikev2_tsl_node *node, *next;
	unsigned int bits = addr_len * 8, limit = bits + 1;
	unsigned int seen, lo, i;
	struct ikev2_tsl_val *v;
	u64 key[2];

	if (!root)
		return NULL;
	tsl_key(key, addr, addr_len);

	/*
	 * Each pass walks down the covering prefixes shorter than @limit,
	 * remembering the last TSL_KEPT that carry values, then offers their
	 * values from the longest. Only if all are refused and older ones
	 * were dropped does the next pass go below the shortest one tried.
	 */
	for (;;) {
		seen = 0;
		node = tsl_deref(*root);
		while (node && node->cidr < limit &&
		       tsl_common(key, node->key) >= node->cidr) {
			if (rcu_access_pointer(node->vals))
				kept[seen++ % TSL_KEPT] = node;
			if (node->cidr >= bits)
				break;
			next = tsl_deref(node->child[tsl_bit(key, node->cidr)]);
			if (next && next->cidr <= node->cidr)
				break;	/* ikev2_tsl_free() rotating */
			node = next;
		}

		lo = seen > TSL_KEPT ? seen - TSL_KEPT : 0;
		for (i = seen; i-- > lo;) {
			node = kept[i % TSL_KEPT];
			for (v = tsl_deref(node->vals); v;
			     v = tsl_deref(v->next))
				if (accept(v->value, arg))
					return v->value;
		}
		if (!lo)
			return NULL;
		limit = kept[lo % TSL_KEPT]->cidr;
	}
}
