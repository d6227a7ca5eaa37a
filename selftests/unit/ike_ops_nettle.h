/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct ike_ops on Nettle and libc, for the userspace build of the core
 * (unit tests, fuzz targets). Same contract as the kernel table in
 * kmod/crypto.c (see kmod/ike/ike_crypto.h); randomness from getrandom(2).
 */
#ifndef _IKE_OPS_NETTLE_H
#define _IKE_OPS_NETTLE_H

#include "ike_crypto.h"

extern const struct ike_ops ike_ops_nettle;

/*
 * Number of ike_ops_nettle allocations (zalloc) not yet freed, all handles
 * included. Tests check it returns to its starting value.
 */
long ike_ops_nettle_live(void);

/*
 * Fault injection for error-path tests: after @n more successful
 * allocations (handles included), every allocation fails, until called
 * again with -1 (the default: never fail).
 */
void ike_ops_nettle_fail_after(long n);

#endif /* _IKE_OPS_NETTLE_H */
