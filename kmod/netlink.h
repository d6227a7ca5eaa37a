/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IKEV2_NETLINK_H
#define _IKEV2_NETLINK_H

#include <net/genetlink.h>

/*
 * The generic netlink family (netlink.c); its handlers and policies are
 * declared by the generated netlink-gen.h. For messages the module
 * originates: helper.c's DH requests, sa-event notifications.
 */
extern struct genl_family ikev2_genl_family;

int ikev2_genl_init(void);
void ikev2_genl_uninit(void);

#endif /* _IKEV2_NETLINK_H */
