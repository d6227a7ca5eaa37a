// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state: created with the namespace (or at module load
 * for those already there) and torn down with it. ikev2 links in a dying
 * namespace are deleted by the core's default_device_exit_batch through our
 * rtnl_link_ops; connections are freed here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/netns/generic.h>

#include "netns.h"
#include "conn.h"
#include "engine.h"
#include "esp_hold.h"
#include "esp_sa.h"
#include "helper.h"
#include "helper_dh.h"
#include "sa.h"

static unsigned int ikev2_net_id __read_mostly;

struct ikev2_net *ikev2_net(const struct net *net)
{
	return net_generic(net, ikev2_net_id);
}

static int __net_init ikev2_net_init(struct net *net)
{
	struct ikev2_net *in = ikev2_net(net);

	in->net = net;
	mutex_init(&in->conf_lock);
	INIT_LIST_HEAD(&in->conns);
	INIT_LIST_HEAD(&in->socks);
	ikev2_sa_net_init(in);
	ikev2_esp_net_init(in);
	ikev2_esp_hold_net_init(in);
	ikev2_engine_net_init(in);
	ikev2_dh_net_init(in);
	ikev2_helper_net_init(in);
	return 0;
}

static void __net_exit ikev2_net_exit(struct net *net)
{
	struct ikev2_net *in = ikev2_net(net);

	/*
	 * The engine stops first (no kicks after), then outstanding helper
	 * requests fail (their answers are dropped), then SAs, conns and
	 * sockets go, then whatever the sockets queued before they closed.
	 */
	ikev2_engine_net_stop(in);
	ikev2_helper_net_exit(in);
	mutex_lock(&in->conf_lock);
	ikev2_conn_flush(in);
	mutex_unlock(&in->conf_lock);
	ikev2_engine_rx_purge(in);
	ikev2_esp_net_uninit(in);
	ikev2_esp_hold_net_uninit(in);
	mutex_destroy(&in->conf_lock);
}

static struct pernet_operations ikev2_net_ops = {
	.init = ikev2_net_init,
	.exit = ikev2_net_exit,
	.id = &ikev2_net_id,
	.size = sizeof(struct ikev2_net),
};

int ikev2_netns_init(void)
{
	return register_pernet_subsys(&ikev2_net_ops);
}

void ikev2_netns_uninit(void)
{
	unregister_pernet_subsys(&ikev2_net_ops);
}
