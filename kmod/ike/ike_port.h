/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one portability header of the protocol core.
 *
 * kmod/ike/ compiles unchanged into ikev2.ko and into the userspace test
 * library (selftests/unit). Everything the core needs from its environment
 * that is not passed in through struct ike_ops is named here, once, with the
 * kernel's spelling; the userspace half maps those names onto libc.
 *
 * Rules for the core (enforced by review, checked by the userspace build):
 * no sk_buff, sockets, jiffies, locks, sleeping, kernel crypto calls or
 * global mutable state. Time comes in as an argument, crypto, randomness and
 * allocation through struct ike_ops.
 */
#ifndef _IKE_PORT_H
#define _IKE_PORT_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
/* linux/unaligned.h since 6.12; asm/unaligned.h before. */
#if __has_include(<linux/unaligned.h>)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif
#include <crypto/algapi.h>	/* crypto_memneq() */

#else /* userspace: unit tests, fuzz targets */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <assert.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __maybe_unused __attribute__((__unused__))
#define __always_unused __attribute__((__unused__))
#define __packed __attribute__((__packed__))
#define fallthrough __attribute__((__fallthrough__))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d) __builtin_mul_overflow(a, b, d)
#ifndef static_assert
#define static_assert(expr, ...) _Static_assert(expr, #expr)
#endif
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline u64 get_unaligned_be64(const void *p)
{
	const u8 *b = p;

	return (u64)get_unaligned_be32(b) << 32 | get_unaligned_be32(b + 4);
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = v;
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

static inline void put_unaligned_be64(u64 v, void *p)
{
	put_unaligned_be32(v >> 32, p);
	put_unaligned_be32((u32)v, (u8 *)p + 4);
}

/* Same contract as the kernel's: not optimised away, whatever follows. */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

/* Constant-time inequality, like the kernel's crypto_memneq(). */
static inline unsigned long crypto_memneq(const void *a, const void *b,
					  size_t size)
{
	const volatile u8 *x = a, *y = b;
	unsigned long neq = 0;

	while (size--)
		neq |= *x++ ^ *y++;
	return neq;
}

#endif /* __KERNEL__ */

#endif /* _IKE_PORT_H */
