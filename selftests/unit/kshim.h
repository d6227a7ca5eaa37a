/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the kernel primitives kmod/ts_lookup.c uses, so
 * that test_ts_lookup.c compiles that file unchanged. The headers under
 * linux/ next to this one resolve its <linux/...> includes here; none of
 * them exists among the system's uapi headers, so nothing else is shadowed.
 *
 * RCU: publication is a release store and reader loads are acquire loads,
 * so real threads may race a writer. kfree_rcu() only queues the object;
 * kshim_synchronize_rcu(), the test's grace period (called when no reader
 * is running), frees the queue. A reader still holding a node freed too
 * early is then an ASan use-after-free; a node never freed is a leak.
 *
 * Mutexes record that they are held so lockdep_assert_held() and
 * rcu_dereference_protected() really check the writer's lock.
 */
#ifndef _KSHIM_H
#define _KSHIM_H

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "ike_port.h"

#define __rcu

struct rcu_head {
	struct rcu_head *next;
	void *obj;
};

static pthread_mutex_t kshim_rcu_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct rcu_head *kshim_rcu_queue;
static unsigned long kshim_rcu_pending;

static inline void kshim_kfree_rcu(struct rcu_head *h, void *obj)
{
	pthread_mutex_lock(&kshim_rcu_mutex);
	h->obj = obj;
	h->next = kshim_rcu_queue;
	kshim_rcu_queue = h;
	kshim_rcu_pending++;
	pthread_mutex_unlock(&kshim_rcu_mutex);
}

/* Ends a grace period: the caller guarantees no reader is running. */
static inline void kshim_synchronize_rcu(void)
{
	struct rcu_head *h, *next;

	pthread_mutex_lock(&kshim_rcu_mutex);
	h = kshim_rcu_queue;
	kshim_rcu_queue = NULL;
	kshim_rcu_pending = 0;
	pthread_mutex_unlock(&kshim_rcu_mutex);
	for (; h; h = next) {
		next = h->next;
		free(h->obj);
	}
}

#define kfree_rcu(p, field)	kshim_kfree_rcu(&(p)->field, (p))
#define synchronize_rcu()	kshim_synchronize_rcu()
#define rcu_barrier()		kshim_synchronize_rcu()
#define rcu_read_lock()		do { } while (0)
#define rcu_read_unlock()	do { } while (0)
#define rcu_read_lock_held()	1
#define rcu_read_lock_bh_held()	1

#define rcu_dereference_check(p, c)	__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference(p)		rcu_dereference_check(p, 1)
#define rcu_dereference_protected(p, c)	(assert(c), (p))
#define rcu_access_pointer(p)		__atomic_load_n(&(p), __ATOMIC_RELAXED)
#define rcu_assign_pointer(p, v)	__atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v)		__atomic_store_n(&(p), (v), __ATOMIC_RELAXED)

struct mutex {
	pthread_mutex_t m;
	bool held;
};

static inline void mutex_init(struct mutex *m)
{
	pthread_mutex_init(&m->m, NULL);
	m->held = false;
}

static inline void mutex_lock(struct mutex *m)
{
	pthread_mutex_lock(&m->m);
	m->held = true;
}

static inline void mutex_unlock(struct mutex *m)
{
	m->held = false;
	pthread_mutex_unlock(&m->m);
}

#define lockdep_is_held(l)	((l)->held)
#define lockdep_assert_held(l)	assert(lockdep_is_held(l))

/*
 * Allocation failure injection: with kshim_alloc_fail_in = n >= 0, n more
 * allocations succeed and the next one fails (then no more failures).
 */
static long kshim_alloc_fail_in = -1;

static inline void *kshim_alloc(size_t n, bool zero)
{
	if (kshim_alloc_fail_in == 0) {
		kshim_alloc_fail_in = -1;
		return NULL;
	}
	if (kshim_alloc_fail_in > 0)
		kshim_alloc_fail_in--;
	return zero ? calloc(1, n) : malloc(n);
}

#define GFP_KERNEL		0
#define kmalloc(n, gfp)		kshim_alloc(n, false)
#define kzalloc(n, gfp)		kshim_alloc(n, true)
#define kfree(p)		free(p)

static inline unsigned long __fls(unsigned long x)
{
	return 63 - __builtin_clzl(x);
}

static unsigned long kshim_warnings;

#define WARN_ON_ONCE(c) ({ bool __c = !!(c); if (__c) kshim_warnings++; __c; })

#endif /* _KSHIM_H */
