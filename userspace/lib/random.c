// SPDX-License-Identifier: GPL-2.0
/* The one source of randomness of our userspace code: the kernel's CSPRNG. */
#include <errno.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/types.h>

#include "random.h"

int us_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
