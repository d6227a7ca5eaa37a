/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel header: see ../kshim.h. */
#include "../kshim.h"
