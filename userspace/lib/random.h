/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IKE_US_RANDOM_H
#define _IKE_US_RANDOM_H

#include <stddef.h>

/* Fill @buf from getrandom(2), retrying short reads; 0 or -errno. */
int us_random(void *buf, size_t len);

#endif /* _IKE_US_RANDOM_H */
