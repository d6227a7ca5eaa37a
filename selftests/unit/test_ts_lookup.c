// SPDX-License-Identifier: GPL-2.0
/*
 * The output selector table (kmod/ts_lookup.c, compiled unchanged over the
 * kshim.h stand-ins): longest prefix match for IPv4 and IPv6, fallback to
 * shorter prefixes when accept() refuses, several values per prefix,
 * pruning, allocation failures, a randomized comparison with a brute-force
 * reference, readers racing a writer, and a lookup rate print.
 *
 * The harness runs each test in a forked child that leaves with _exit(),
 * where LeakSanitizer never runs on its own: every test ends with
 * tsl_done(), which frees the table, ends the grace period and runs the
 * leak check explicitly.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sanitizer/lsan_interface.h>

#include "kselftest_harness.h"

#include "kshim.h"
#include "../../kmod/ts_lookup.c"

struct tsl_ctx {
	struct ikev2_tsl t;
	struct mutex lock;	/* the namespace mutex of the writers */
};

static void tsl_setup(struct tsl_ctx *c)
{
	ikev2_tsl_init(&c->t);
	mutex_init(&c->lock);
}

static int tsl_ins(struct tsl_ctx *c, const char *cidr_str, void *value)
{
	u8 addr[16];
	char buf[64];
	char *slash;
	int af, ret;

	snprintf(buf, sizeof(buf), "%s", cidr_str);
	slash = strchr(buf, '/');
	assert(slash);
	*slash = 0;
	af = strchr(buf, ':') ? AF_INET6 : AF_INET;
	assert(inet_pton(af, buf, addr) == 1);
	mutex_lock(&c->lock);
	ret = ikev2_tsl_insert(&c->t, af == AF_INET ? 4 : 16, addr,
			       atoi(slash + 1), value, &c->lock);
	mutex_unlock(&c->lock);
	return ret;
}

static void tsl_del(struct tsl_ctx *c, const char *cidr_str, void *value)
{
	u8 addr[16];
	char buf[64];
	char *slash;
	int af;

	snprintf(buf, sizeof(buf), "%s", cidr_str);
	slash = strchr(buf, '/');
	assert(slash);
	*slash = 0;
	af = strchr(buf, ':') ? AF_INET6 : AF_INET;
	assert(inet_pton(af, buf, addr) == 1);
	mutex_lock(&c->lock);
	ikev2_tsl_remove(&c->t, af == AF_INET ? 4 : 16, addr, atoi(slash + 1),
			 value, &c->lock);
	mutex_unlock(&c->lock);
}

static bool tsl_accept_all(void *value, const void *arg)
{
	return true;
}

/* @arg: NULL-terminated array of values to refuse. */
static bool tsl_accept_not(void *value, const void *arg)
{
	void *const *refuse = arg;

	for (; *refuse; refuse++)
		if (*refuse == value)
			return false;
	return true;
}

static void *tsl_find_f(struct tsl_ctx *c, const char *addr_str,
			bool (*accept)(void *value, const void *arg),
			const void *arg)
{
	u8 addr[16];
	int af = strchr(addr_str, ':') ? AF_INET6 : AF_INET;
	void *r;

	assert(inet_pton(af, addr_str, addr) == 1);
	rcu_read_lock();
	r = ikev2_tsl_lookup(&c->t, af == AF_INET ? 4 : 16, addr, accept, arg);
	rcu_read_unlock();
	return r;
}

static void *tsl_find(struct tsl_ctx *c, const char *addr_str)
{
	return tsl_find_f(c, addr_str, tsl_accept_all, NULL);
}

/*
 * White box: checks the trie invariants below @n and counts its nodes and
 * entries. Returns false on the first violation.
 */
static bool tsl_check_tree(struct ikev2_tsl_node *n, unsigned int bits,
			   const struct ikev2_tsl_node *parent, unsigned int dir,
			   unsigned int *nodes, unsigned int *entries)
{
	struct ikev2_tsl_node *c0, *c1;
	struct ikev2_tsl_val *v;
	u64 masked[2];

	if (!n)
		return true;
	(*nodes)++;
	if (n->cidr > bits)
		return false;
	masked[0] = n->key[0];
	masked[1] = n->key[1];
	tsl_mask(masked, n->cidr);
	if (masked[0] != n->key[0] || masked[1] != n->key[1])
		return false;
	if (bits == 32 && (n->key[1] || (n->key[0] & 0xffffffffull)))
		return false;
	if (parent) {
		if (n->cidr <= parent->cidr ||
		    tsl_common(n->key, parent->key) < parent->cidr ||
		    tsl_bit(n->key, parent->cidr) != dir)
			return false;
	}
	for (v = n->vals; v; v = v->next)
		(*entries)++;
	c0 = n->child[0];
	c1 = n->child[1];
	if (!n->vals && !(c0 && c1))
		return false;	/* glue joins exactly two subtrees */
	return tsl_check_tree(c0, bits, n, 0, nodes, entries) &&
	       tsl_check_tree(c1, bits, n, 1, nodes, entries);
}

/* Checks both tries and the entry count; returns the node count or -1. */
static int tsl_check(struct tsl_ctx *c)
{
	unsigned int nodes = 0, entries = 0;

	if (!tsl_check_tree(c->t.root4, 32, NULL, 0, &nodes, &entries) ||
	    !tsl_check_tree(c->t.root6, 128, NULL, 0, &nodes, &entries))
		return -1;
	if (entries != c->t.entries)
		return -1;
	return nodes;
}

/* Frees the table, ends the grace period; nonzero if anything leaked. */
static int tsl_done(struct tsl_ctx *c)
{
	mutex_lock(&c->lock);
	ikev2_tsl_free(&c->t, &c->lock);
	mutex_unlock(&c->lock);
	kshim_synchronize_rcu();
	if (kshim_warnings)
		return -1;
	return __lsan_do_recoverable_leak_check();
}

static int va, vb, vc, vd, ve, vf;

TEST(ipv4_insert_lookup_remove)
{
	struct tsl_ctx c;
	u8 a[16] = { 10 };

	tsl_setup(&c);
	ASSERT_EQ(NULL, tsl_find(&c, "10.1.2.3"));
	ASSERT_EQ(0, tsl_ins(&c, "10.0.0.0/8", &va));
	ASSERT_EQ(0, tsl_ins(&c, "192.168.1.0/24", &vb));
	ASSERT_EQ(2, c.t.entries);
	EXPECT_EQ(&va, tsl_find(&c, "10.1.2.3"));
	EXPECT_EQ(&va, tsl_find(&c, "10.255.255.255"));
	EXPECT_EQ(&vb, tsl_find(&c, "192.168.1.77"));
	EXPECT_EQ(NULL, tsl_find(&c, "192.168.2.1"));
	EXPECT_EQ(NULL, tsl_find(&c, "11.0.0.0"));
	EXPECT_EQ(NULL, tsl_find(&c, "9.255.255.255"));
	/* The families are separate tables. */
	EXPECT_EQ(NULL, tsl_find(&c, "a00::1"));

	/* Wrong value or prefix: no-op. */
	tsl_del(&c, "10.0.0.0/8", &vb);
	tsl_del(&c, "10.0.0.0/9", &va);
	tsl_del(&c, "11.0.0.0/8", &va);
	EXPECT_EQ(2, c.t.entries);
	EXPECT_EQ(&va, tsl_find(&c, "10.1.2.3"));

	tsl_del(&c, "10.0.0.0/8", &va);
	EXPECT_EQ(1, c.t.entries);
	EXPECT_EQ(NULL, tsl_find(&c, "10.1.2.3"));
	EXPECT_EQ(&vb, tsl_find(&c, "192.168.1.1"));
	EXPECT_EQ(1, tsl_check(&c));

	/* Bad arguments. */
	mutex_lock(&c.lock);
	EXPECT_EQ(-EINVAL, ikev2_tsl_insert(&c.t, 4, a, 33, &va, &c.lock));
	EXPECT_EQ(-EINVAL, ikev2_tsl_insert(&c.t, 16, a, 129, &va, &c.lock));
	EXPECT_EQ(-EINVAL, ikev2_tsl_insert(&c.t, 6, a, 8, &va, &c.lock));
	EXPECT_EQ(-EINVAL, ikev2_tsl_insert(&c.t, 0, a, 0, &va, &c.lock));
	ikev2_tsl_remove(&c.t, 5, a, 8, &vb, &c.lock);
	mutex_unlock(&c.lock);
	EXPECT_EQ(NULL, ikev2_tsl_lookup(&c.t, 6, a, tsl_accept_all, NULL));
	EXPECT_EQ(1, c.t.entries);
	EXPECT_EQ(0, tsl_done(&c));
}

TEST(ipv6_insert_lookup_remove)
{
	struct tsl_ctx c;

	tsl_setup(&c);
	ASSERT_EQ(0, tsl_ins(&c, "2001:db8::/32", &va));
	ASSERT_EQ(0, tsl_ins(&c, "2001:db8:1::/48", &vb));
	ASSERT_EQ(0, tsl_ins(&c, "fd00::/8", &vc));
	/* A prefix whose bits live only in the low half of the key. */
	ASSERT_EQ(0, tsl_ins(&c, "2001:db8:1:2:8000::/65", &vd));
	EXPECT_EQ(&va, tsl_find(&c, "2001:db8:ffff::1"));
	EXPECT_EQ(&vb, tsl_find(&c, "2001:db8:1:3::1"));
	EXPECT_EQ(&vb, tsl_find(&c, "2001:db8:1:2:7fff::1"));
	EXPECT_EQ(&vd, tsl_find(&c, "2001:db8:1:2:8000::1"));
	EXPECT_EQ(&vd, tsl_find(&c, "2001:db8:1:2:ffff:ffff:ffff:ffff"));
	EXPECT_EQ(&vc, tsl_find(&c, "fdff::1"));
	EXPECT_EQ(NULL, tsl_find(&c, "fe00::1"));
	EXPECT_EQ(NULL, tsl_find(&c, "2001:db9::"));
	EXPECT_EQ(NULL, tsl_find(&c, "32.1.13.184"));	/* 2001:db8 as IPv4 */
	tsl_del(&c, "2001:db8:1::/48", &vb);
	EXPECT_EQ(&va, tsl_find(&c, "2001:db8:1:3::1"));
	EXPECT_EQ(&vd, tsl_find(&c, "2001:db8:1:2:8000::1"));
	tsl_del(&c, "2001:db8:1:2:8000::/65", &vd);
	EXPECT_EQ(&va, tsl_find(&c, "2001:db8:1:2:8000::1"));
	EXPECT_EQ(2, c.t.entries);
	EXPECT_EQ(3, tsl_check(&c));	/* two prefixes and their glue */
	EXPECT_EQ(0, tsl_done(&c));
}

TEST(longest_match_wins)
{
	struct tsl_ctx c;

	tsl_setup(&c);
	/* Inserted in an order that exercises every insert case. */
	ASSERT_EQ(0, tsl_ins(&c, "10.1.2.0/24", &vc));
	ASSERT_EQ(0, tsl_ins(&c, "10.0.0.0/8", &va));	/* covers the root */
	ASSERT_EQ(0, tsl_ins(&c, "10.1.2.3/32", &vd));	/* below a leaf */
	ASSERT_EQ(0, tsl_ins(&c, "10.1.0.0/16", &vb));	/* in between */
	ASSERT_EQ(0, tsl_ins(&c, "10.1.3.0/24", &ve));	/* needs glue */
	ASSERT_EQ(0, tsl_ins(&c, "0.0.0.0/0", &vf));
	EXPECT_EQ(7, tsl_check(&c));	/* six prefixes, glue 10.1.2.0/23 */
	EXPECT_EQ(&vd, tsl_find(&c, "10.1.2.3"));
	EXPECT_EQ(&vc, tsl_find(&c, "10.1.2.4"));
	EXPECT_EQ(&ve, tsl_find(&c, "10.1.3.4"));
	EXPECT_EQ(&vb, tsl_find(&c, "10.1.4.4"));
	EXPECT_EQ(&va, tsl_find(&c, "10.2.4.4"));
	EXPECT_EQ(&vf, tsl_find(&c, "11.2.4.4"));
	EXPECT_EQ(&vf, tsl_find(&c, "255.255.255.255"));

	ASSERT_EQ(0, tsl_ins(&c, "2001:db8::/32", &va));
	ASSERT_EQ(0, tsl_ins(&c, "2001:db8::/64", &vb));
	ASSERT_EQ(0, tsl_ins(&c, "2001:db8::1/128", &vc));
	EXPECT_EQ(&vc, tsl_find(&c, "2001:db8::1"));
	EXPECT_EQ(&vb, tsl_find(&c, "2001:db8::2"));
	EXPECT_EQ(&va, tsl_find(&c, "2001:db8:0:1::1"));
	EXPECT_EQ(NULL, tsl_find(&c, "::"));
	EXPECT_EQ(0, tsl_done(&c));
}

TEST(fallback_when_refused)
{
	struct tsl_ctx c;
	void *refuse_d[] = { &vd, NULL };
	void *refuse_dc[] = { &vd, &vc, NULL };
	void *refuse_dcb[] = { &vd, &vc, &vb, NULL };
	void *refuse_all[] = { &va, &vb, &vc, &vd, NULL };

	tsl_setup(&c);
	ASSERT_EQ(0, tsl_ins(&c, "0.0.0.0/0", &va));
	ASSERT_EQ(0, tsl_ins(&c, "10.0.0.0/8", &vb));
	ASSERT_EQ(0, tsl_ins(&c, "10.1.0.0/16", &vc));
	ASSERT_EQ(0, tsl_ins(&c, "10.1.0.0/16", &vd));
	ASSERT_EQ(0, tsl_ins(&c, "10.1.2.3/32", &vd));
	EXPECT_EQ(&vd, tsl_find(&c, "10.1.2.3"));
	/* Refused on the /32: the /16's first value that is accepted. */
	EXPECT_EQ(&vc, tsl_find_f(&c, "10.1.2.3", tsl_accept_not, refuse_d));
	EXPECT_EQ(&vb, tsl_find_f(&c, "10.1.2.3", tsl_accept_not, refuse_dc));
	EXPECT_EQ(&va, tsl_find_f(&c, "10.1.2.3", tsl_accept_not, refuse_dcb));
	EXPECT_EQ(NULL, tsl_find_f(&c, "10.1.2.3", tsl_accept_not, refuse_all));
	EXPECT_EQ(&va, tsl_find_f(&c, "10.9.2.3", tsl_accept_not, refuse_dcb));
	EXPECT_EQ(0, tsl_done(&c));
}

static bool tsl_accept_max(void *value, const void *arg)
{
	return (uintptr_t)value <= (uintptr_t)arg;
}

/*
 * One value on every prefix length of one address, value = cidr + 1:
 * refusing the longest k prefixes must yield the next one down, also past
 * the TSL_KEPT prefixes one lookup pass remembers.
 */
TEST(fallback_deep_nesting)
{
	static const char *const addrs[] = {
		"2001:db8:aaaa:5555:ffff:0:1234:5678", "203.0.113.77",
	};
	struct tsl_ctx c;
	unsigned int i, len, bits, max_ok;

	tsl_setup(&c);
	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		char buf[64];

		bits = strchr(addrs[i], ':') ? 128 : 32;
		for (len = 0; len <= bits; len++) {
			snprintf(buf, sizeof(buf), "%s/%u", addrs[i], len);
			ASSERT_EQ(0, tsl_ins(&c, buf,
					     (void *)(uintptr_t)(len + 1)));
		}
	}
	EXPECT_EQ(129 + 33, c.t.entries);
	EXPECT_EQ(129 + 33, tsl_check(&c));
	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		bits = strchr(addrs[i], ':') ? 128 : 32;
		for (max_ok = 0; max_ok <= bits + 1; max_ok++)
			EXPECT_EQ((void *)(uintptr_t)max_ok,
				  tsl_find_f(&c, addrs[i], tsl_accept_max,
					     (void *)(uintptr_t)max_ok));
	}
	EXPECT_EQ(0, tsl_done(&c));
}

TEST(default_route_and_hosts)
{
	struct tsl_ctx c;

	tsl_setup(&c);
	/* Host bits beyond cidr are ignored: this is 0.0.0.0/0. */
	ASSERT_EQ(0, tsl_ins(&c, "1.2.3.4/0", &va));
	ASSERT_EQ(0, tsl_ins(&c, "::/0", &vb));
	EXPECT_EQ(&va, tsl_find(&c, "0.0.0.0"));
	EXPECT_EQ(&va, tsl_find(&c, "255.255.255.255"));
	EXPECT_EQ(&vb, tsl_find(&c, "::"));
	EXPECT_EQ(&vb, tsl_find(&c, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));

	ASSERT_EQ(0, tsl_ins(&c, "198.51.100.7/32", &vc));
	ASSERT_EQ(0, tsl_ins(&c, "198.51.100.6/32", &vd));
	ASSERT_EQ(0, tsl_ins(&c, "2001:db8::7/128", &ve));
	ASSERT_EQ(0, tsl_ins(&c, "2001:db8::6/128", &vf));
	EXPECT_EQ(&vc, tsl_find(&c, "198.51.100.7"));
	EXPECT_EQ(&vd, tsl_find(&c, "198.51.100.6"));
	EXPECT_EQ(&va, tsl_find(&c, "198.51.100.5"));
	EXPECT_EQ(&ve, tsl_find(&c, "2001:db8::7"));
	EXPECT_EQ(&vf, tsl_find(&c, "2001:db8::6"));
	EXPECT_EQ(&vb, tsl_find(&c, "2001:db8::5"));

	/* Removing with other host bits: the same masked prefix. */
	tsl_del(&c, "9.9.9.9/0", &va);
	EXPECT_EQ(NULL, tsl_find(&c, "1.1.1.1"));
	EXPECT_EQ(&vc, tsl_find(&c, "198.51.100.7"));
	tsl_del(&c, "2001:db8::7/128", &ve);
	EXPECT_EQ(&vb, tsl_find(&c, "2001:db8::7"));
	EXPECT_EQ(4, c.t.entries);
	EXPECT_EQ(0, tsl_done(&c));
}

static bool tsl_accept_one(void *value, const void *arg)
{
	return value == arg;
}

TEST(many_values_one_prefix)
{
	enum { N = 200 };
	static int vals[N];
	struct tsl_ctx c;
	unsigned int i;

	tsl_setup(&c);
	for (i = 0; i < N; i++)
		ASSERT_EQ(0, tsl_ins(&c, "172.16.0.0/12", &vals[i]));
	ASSERT_EQ(0, tsl_ins(&c, "172.16.0.0/12", &vals[7]));	/* twice */
	EXPECT_EQ(N + 1, c.t.entries);
	EXPECT_EQ(1, tsl_check(&c));
	/* Insertion order: the first accepted is the oldest. */
	EXPECT_EQ(&vals[0], tsl_find(&c, "172.20.0.1"));
	for (i = 0; i < N; i++)
		EXPECT_EQ(&vals[i], tsl_find_f(&c, "172.31.255.255",
					       tsl_accept_one, &vals[i]));

	tsl_del(&c, "172.16.0.0/12", &vals[0]);
	EXPECT_EQ(&vals[1], tsl_find(&c, "172.20.0.1"));
	tsl_del(&c, "172.16.0.0/12", &vals[N - 1]);
	tsl_del(&c, "172.16.0.0/12", &vals[N / 2]);
	EXPECT_EQ(NULL, tsl_find_f(&c, "172.16.0.1", tsl_accept_one,
				   &vals[N / 2]));
	/* A duplicate goes one entry at a time. */
	tsl_del(&c, "172.16.0.0/12", &vals[7]);
	EXPECT_EQ(&vals[7], tsl_find_f(&c, "172.16.0.1", tsl_accept_one,
				       &vals[7]));
	tsl_del(&c, "172.16.0.0/12", &vals[7]);
	EXPECT_EQ(NULL, tsl_find_f(&c, "172.16.0.1", tsl_accept_one,
				   &vals[7]));
	EXPECT_EQ(N - 4, c.t.entries);
	for (i = 0; i < N; i++)
		tsl_del(&c, "172.16.0.0/12", &vals[i]);
	EXPECT_EQ(0, c.t.entries);
	EXPECT_EQ(NULL, c.t.root4);
	EXPECT_EQ(0, tsl_done(&c));
}

TEST(removal_prunes)
{
	static const char *const pfx[] = {
		"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.3.0/24",
		"10.128.0.0/9", "192.168.0.0/16", "0.0.0.0/0",
		"2001:db8::/32", "2001:db8:8000::/33", "2001:db8::1/128",
		"::/0", "fe80::/10",
	};
	static const unsigned int step[] = { 1, 5, 7, 11 };	/* prime to n */
	const unsigned int n = ARRAY_SIZE(pfx);
	struct tsl_ctx c;
	unsigned int round, i, k;

	tsl_setup(&c);
	/* Remove in several orders; each time the trie must shrink back. */
	for (round = 0; round < 4; round++) {
		for (i = 0; i < n; i++) {
			ASSERT_EQ(0, tsl_ins(&c, pfx[i], &va));
			ASSERT_EQ(0, tsl_ins(&c, pfx[i], &vb));
		}
		ASSERT_EQ(2 * n, c.t.entries);
		ASSERT_LE(tsl_check(&c), (int)(2 * n));
		for (k = 0; k < n; k++) {
			i = (k * step[round] + round) % n;
			tsl_del(&c, pfx[i], &va);
			ASSERT_LE(0, tsl_check(&c));
			tsl_del(&c, pfx[i], &vb);
			ASSERT_LE(0, tsl_check(&c));
			ASSERT_LE(tsl_check(&c), (int)(2 * (n - k - 1)));
		}
		EXPECT_EQ(0, c.t.entries);
		EXPECT_EQ(NULL, c.t.root4);
		EXPECT_EQ(NULL, c.t.root6);
		EXPECT_EQ(0, tsl_check(&c));
		/* Readers are gone: the pruned nodes can go now. */
		kshim_synchronize_rcu();
		EXPECT_EQ(0, __lsan_do_recoverable_leak_check());
	}
	EXPECT_EQ(0, tsl_done(&c));
}

/* Every allocation of an insert may fail; the table is then unchanged. */
TEST(insert_enomem_leaves_table_unchanged)
{
	static const char *const pfx[] = {
		"10.1.2.0/24", "10.1.3.0/24", "10.0.0.0/8", "10.1.2.3/32",
		"10.1.2.0/24", "0.0.0.0/0",
	};
	struct tsl_ctx c;
	unsigned int i, entries;
	int nodes, fail_at, ret;

	tsl_setup(&c);
	for (i = 0; i < ARRAY_SIZE(pfx); i++) {
		for (fail_at = 0;; fail_at++) {
			entries = c.t.entries;
			nodes = tsl_check(&c);
			kshim_alloc_fail_in = fail_at;
			ret = tsl_ins(&c, pfx[i], &vb);
			kshim_alloc_fail_in = -1;
			if (!ret)
				break;
			ASSERT_EQ(-ENOMEM, ret);
			ASSERT_EQ(entries, c.t.entries);
			ASSERT_EQ(nodes, tsl_check(&c));
			ASSERT_LE(fail_at, 2);
		}
	}
	EXPECT_EQ(ARRAY_SIZE(pfx), c.t.entries);
	EXPECT_EQ(&vb, tsl_find(&c, "10.1.2.3"));
	EXPECT_EQ(0, tsl_done(&c));
}

/* Deterministic PRNG for the randomized tests (xorshift64*). */
static u64 tsl_rng = 0x9e3779b97f4a7c15ull;

static u64 tsl_rand(void)
{
	tsl_rng ^= tsl_rng >> 12;
	tsl_rng ^= tsl_rng << 25;
	tsl_rng ^= tsl_rng >> 27;
	return tsl_rng * 0x2545f4914f6cdd1dull;
}

struct ref_entry {
	u8 prefix[16];
	u8 cidr;
	bool live;
	uintptr_t value;
};

static bool ref_covers(const struct ref_entry *e, const u8 *addr)
{
	unsigned int full = e->cidr / 8, rem = e->cidr % 8;

	if (memcmp(e->prefix, addr, full))
		return false;
	return !rem || !((e->prefix[full] ^ addr[full]) & (0xff00 >> rem));
}

/* Brute force: the longest covering prefix, oldest first on a tie. */
static uintptr_t ref_lookup(const struct ref_entry *ref, unsigned int n,
			    const u8 *addr, u64 refuse_mask)
{
	int best = -1;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!ref[i].live || !ref_covers(&ref[i], addr) ||
		    (refuse_mask >> (ref[i].value % 64) & 1))
			continue;
		if (best < 0 || ref[i].cidr > ref[best].cidr)
			best = i;
	}
	return best < 0 ? 0 : ref[best].value;
}

static bool tsl_accept_mask(void *value, const void *arg)
{
	const u64 *refuse_mask = arg;

	return !(*refuse_mask >> ((uintptr_t)value % 64) & 1);
}

/*
 * Addresses drawn around a few bases with random prefix lengths, so that
 * prefixes nest and share paths deeply; lookups near the same bases.
 */
static void tsl_rand_addr(u8 *a, unsigned int len, const u8 bases[][16],
			  unsigned int nbases)
{
	unsigned int i, keep = tsl_rand() % (len * 8 + 1);

	memcpy(a, bases[tsl_rand() % nbases], len);
	for (i = keep; i < len * 8; i++)
		if (tsl_rand() & 1)
			a[i / 8] ^= 0x80 >> (i % 8);
}

static void tsl_random_family(struct __test_metadata *_metadata,
			      unsigned int len)
{
	enum { NPFX = 3000, NLOOK = 3000, NBASES = 8 };
	struct ref_entry *ref = calloc(NPFX, sizeof(*ref));
	u8 bases[NBASES][16], addr[16];
	unsigned int i, j, live = 0;
	struct tsl_ctx c;
	u64 refuse;
	int round;

	ASSERT_NE(NULL, ref);
	tsl_setup(&c);
	for (i = 0; i < NBASES; i++)
		for (j = 0; j < 16; j++)
			bases[i][j] = tsl_rand();
	for (i = 0; i < NPFX; i++) {
		tsl_rand_addr(ref[i].prefix, len, bases, NBASES);
		/* Some exact duplicates of earlier prefixes. */
		if (i && tsl_rand() % 8 == 0) {
			j = tsl_rand() % i;
			memcpy(ref[i].prefix, ref[j].prefix, 16);
			ref[i].cidr = ref[j].cidr;
		} else {
			ref[i].cidr = tsl_rand() % (len * 8 + 1);
		}
		ref[i].value = i + 1;
		/* The reference keeps the masked prefix. */
		for (j = ref[i].cidr; j < len * 8; j++)
			ref[i].prefix[j / 8] &= ~(0x80 >> (j % 8));
	}

	for (round = 0; round < 3; round++) {
		/* Round 0 inserts all, then each round removes ~1/3. */
		for (i = 0; i < NPFX; i++) {
			mutex_lock(&c.lock);
			if (round == 0) {
				ASSERT_EQ(0, ikev2_tsl_insert(&c.t, len,
					ref[i].prefix, ref[i].cidr,
					(void *)ref[i].value, &c.lock));
				ref[i].live = true;
				live++;
			} else if (ref[i].live && tsl_rand() % 3 == 0) {
				ikev2_tsl_remove(&c.t, len, ref[i].prefix,
						 ref[i].cidr,
						 (void *)ref[i].value, &c.lock);
				ref[i].live = false;
				live--;
			}
			mutex_unlock(&c.lock);
		}
		ASSERT_EQ(live, c.t.entries);
		ASSERT_LE(0, tsl_check(&c));
		ASSERT_LE(tsl_check(&c), (int)(2 * live));
		for (i = 0; i < NLOOK; i++) {
			tsl_rand_addr(addr, len, bases, NBASES);
			/* Half the lookups refuse a random set of values. */
			refuse = tsl_rand() & 1 ? tsl_rand() & tsl_rand() : 0;
			ASSERT_EQ(ref_lookup(ref, NPFX, addr, refuse),
				  (uintptr_t)ikev2_tsl_lookup(&c.t, len, addr,
					tsl_accept_mask, &refuse));
		}
	}
	/* Reinsert removed ones: now the oldest on a prefix moved. */
	for (i = 0; i < NPFX; i++) {
		if (ref[i].live)
			continue;
		mutex_lock(&c.lock);
		ASSERT_EQ(0, ikev2_tsl_insert(&c.t, len, ref[i].prefix,
					      ref[i].cidr,
					      (void *)ref[i].value, &c.lock));
		mutex_unlock(&c.lock);
	}
	ASSERT_EQ(NPFX, c.t.entries);
	for (i = 0; i < NLOOK; i++) {
		uintptr_t got;
		unsigned int best = 0;

		tsl_rand_addr(addr, len, bases, NBASES);
		got = (uintptr_t)ikev2_tsl_lookup(&c.t, len, addr,
						  tsl_accept_all, NULL);
		/* Whatever value is returned, it covers @addr and no longer
		 * covering prefix exists.
		 */
		for (j = 0; j < NPFX; j++)
			if (ref_covers(&ref[j], addr) && ref[j].cidr > best)
				best = ref[j].cidr;
		if (!got) {
			ASSERT_EQ(0, ref_lookup(ref, NPFX, addr, 0));
		} else {
			ASSERT_TRUE(ref_covers(&ref[got - 1], addr));
			ASSERT_EQ(best, ref[got - 1].cidr);
		}
	}
	free(ref);
	EXPECT_EQ(0, tsl_done(&c));
}

TEST(random_against_reference_ipv4)
{
	tsl_random_family(_metadata, 4);
}

TEST(random_against_reference_ipv6)
{
	tsl_random_family(_metadata, 16);
}

/*
 * Readers on other threads while the writer churns prefixes under, above
 * and beside a stable one: a reader must always find the stable value for
 * an address only it covers among the accepted values, and any other
 * value it sees must be a live churn value. Frees wait for the grace
 * period at the end (after the readers are joined), so ASan would catch a
 * reader reaching freed memory through a node published too early.
 */
struct race {
	struct tsl_ctx *c;
	int stop;
	unsigned long lookups;
	int bad;
};

static int race_stable;
static int race_churn[64];

static bool race_accept_stable(void *value, const void *arg)
{
	return value == &race_stable;
}

static void *race_reader(void *p)
{
	struct race *r = p;
	u8 addr[4] = { 10 };
	unsigned long n = 0;
	void *v;

	while (!__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		addr[1] = n;
		addr[2] = n >> 8;
		addr[3] = n * 7;
		rcu_read_lock();
		if (ikev2_tsl_lookup(&r->c->t, 4, addr, race_accept_stable,
				     NULL) != &race_stable)
			__atomic_store_n(&r->bad, 1, __ATOMIC_RELAXED);
		v = ikev2_tsl_lookup(&r->c->t, 4, addr, tsl_accept_all, NULL);
		if (v != &race_stable &&
		    ((int *)v < race_churn || (int *)v >= race_churn + 64))
			__atomic_store_n(&r->bad, 1, __ATOMIC_RELAXED);
		rcu_read_unlock();
		n++;
	}
	__atomic_fetch_add(&r->lookups, n, __ATOMIC_RELAXED);
	return NULL;
}

TEST(readers_race_writer)
{
	enum { READERS = 2, OPS = 40000, SLOTS = 64 };
	struct { u8 a[4]; u8 cidr; bool live; } slot[SLOTS];
	pthread_t th[READERS];
	struct tsl_ctx c;
	struct race r = { .c = &c };
	u8 stable[4] = { 10, 0, 0, 0 };
	unsigned int i, k;

	tsl_setup(&c);
	mutex_lock(&c.lock);
	ASSERT_EQ(0, ikev2_tsl_insert(&c.t, 4, stable, 8, &race_stable,
				      &c.lock));
	mutex_unlock(&c.lock);
	for (k = 0; k < SLOTS; k++) {
		slot[k].live = false;
		slot[k].cidr = tsl_rand() % 33;
		for (i = 0; i < 4; i++)
			slot[k].a[i] = tsl_rand();
		if (k % 2)	/* half of them inside 10/8 */
			slot[k].a[0] = 10;
	}
	for (i = 0; i < READERS; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, race_reader, &r));
	for (i = 0; i < OPS; i++) {
		k = tsl_rand() % SLOTS;
		mutex_lock(&c.lock);
		if (slot[k].live)
			ikev2_tsl_remove(&c.t, 4, slot[k].a, slot[k].cidr,
					 &race_churn[k], &c.lock);
		else
			ASSERT_EQ(0, ikev2_tsl_insert(&c.t, 4, slot[k].a,
						      slot[k].cidr,
						      &race_churn[k], &c.lock));
		slot[k].live = !slot[k].live;
		mutex_unlock(&c.lock);
	}
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < READERS; i++)
		pthread_join(th[i], NULL);
	TH_LOG("%lu lookups raced %d writer operations", r.lookups, OPS);
	EXPECT_EQ(0, r.bad);
	EXPECT_LT(0, r.lookups);
	EXPECT_LE(0, tsl_check(&c));
	EXPECT_EQ(0, tsl_done(&c));
}

TEST(free_everything)
{
	struct tsl_ctx c;
	unsigned int i;
	u8 a[16];

	tsl_setup(&c);
	for (i = 0; i < 2000; i++) {
		u64 r = tsl_rand();

		memcpy(a, &r, 8);
		r = tsl_rand();
		memcpy(a + 8, &r, 8);
		mutex_lock(&c.lock);
		ASSERT_EQ(0, ikev2_tsl_insert(&c.t, i % 2 ? 4 : 16, a,
					      tsl_rand() % (i % 2 ? 33 : 129),
					      &va, &c.lock));
		mutex_unlock(&c.lock);
	}
	EXPECT_EQ(2000, c.t.entries);
	mutex_lock(&c.lock);
	ikev2_tsl_free(&c.t, &c.lock);
	mutex_unlock(&c.lock);
	EXPECT_EQ(0, c.t.entries);
	EXPECT_EQ(NULL, c.t.root4);
	EXPECT_EQ(NULL, c.t.root6);
	EXPECT_EQ(0, kshim_warnings);
	/* Usable again after a free. */
	ASSERT_EQ(0, tsl_ins(&c, "10.0.0.0/8", &vb));
	EXPECT_EQ(&vb, tsl_find(&c, "10.0.0.1"));
	EXPECT_EQ(0, tsl_done(&c));
}

static double tsl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Prints the lookup rate with 4000 prefixes per family; not asserted. */
TEST(lookup_rate_4000_prefixes)
{
	enum { NPFX = 4000, NLOOK = 1000000 };
	static u8 pfx[NPFX][16], addrs[1024][16];
	unsigned int i, len, hits;
	struct tsl_ctx c;
	double t0, dt;
	u8 a[16];

	tsl_setup(&c);
	for (len = 4; len <= 16; len += 12) {
		for (i = 0; i < NPFX; i++) {
			u64 r = tsl_rand();

			memcpy(a, &r, 8);
			r = tsl_rand();
			memcpy(a + 8, &r, 8);
			a[0] = 10;	/* all inside one /8: deeper paths */
			memcpy(pfx[i], a, 16);
			mutex_lock(&c.lock);
			ASSERT_EQ(0, ikev2_tsl_insert(&c.t, len, a,
					len == 4 ? 16 + tsl_rand() % 17 :
						   32 + tsl_rand() % 97,
					&va, &c.lock));
			mutex_unlock(&c.lock);
		}
		/* Near inserted prefixes: most lookups hit, some miss. */
		for (i = 0; i < 1024; i++) {
			memcpy(addrs[i], pfx[tsl_rand() % NPFX], 16);
			addrs[i][len - 1 - i % 4] ^= tsl_rand();
		}
		hits = 0;
		t0 = tsl_now();
		for (i = 0; i < NLOOK; i++)
			hits += !!ikev2_tsl_lookup(&c.t, len, addrs[i % 1024],
						   tsl_accept_all, NULL);
		dt = tsl_now() - t0;
		TH_LOG("IPv%u, %d prefixes: %.0f lookups/s (%u/%d hit, ASan+UBSan build)",
		       len == 4 ? 4 : 6, NPFX, NLOOK / dt, hits, NLOOK);
	}
	EXPECT_EQ(2 * NPFX, c.t.entries);
	EXPECT_EQ(0, tsl_done(&c));
}

TEST_HARNESS_MAIN
