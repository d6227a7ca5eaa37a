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

/* An sa-event to the namespace's "sa" group (netlink.c). */
struct ikev2_sa;
struct ike_event;
void ikev2_sa_notify(struct ikev2_sa *sa, const struct ike_event *ev);

#endif /* _IKEV2_NETLINK_H */
