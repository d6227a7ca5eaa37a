/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _IKEV2_NETNS_H
#define _IKEV2_NETNS_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <net/net_namespace.h>

#include "helper.h"

/*
 * Everything ikev2 keeps for one network namespace. Nothing is global:
 * two namespaces never see each other's connections or links.
 *
 * @conf_lock serialises configuration changes and dumps of @conns; the
 * generic netlink handlers are the only writers (parallel_ops, so they
 * take it themselves).
 */
struct ikev2_net {
	struct net *net;
	struct mutex conf_lock;
	struct list_head conns;	/* struct ikev2_conn, under conf_lock */
	unsigned int conn_count;	/* under conf_lock */
	struct ikev2_helper_net helper;	/* own lock, see helper.h */
};

struct ikev2_net *ikev2_net(const struct net *net);
int ikev2_netns_init(void);
void ikev2_netns_uninit(void);

#endif /* _IKEV2_NETNS_H */
