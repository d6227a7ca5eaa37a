// SPDX-License-Identifier: GPL-2.0
/*
 * The IKE SA side of the generic netlink family: conn-up, conn-down,
 * sa-get, stats-get and the "sa" multicast group's sa-event notifications.
 * One fill function turns an SA into attributes for replies, dumps and
 * events alike; it never puts key material (there is no attribute for it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "conn.h"
#include "esp_sa.h"
#include "netlink.h"
#include "netns.h"
#include "sa.h"
#include "socket.h"
#include "ike/ike_const.h"

static int ikev2_nl_put_core_ts(struct sk_buff *skb, int type,
				const struct ike_ts *ts)
{
	return ikev2_nl_put_ts_nest(skb, type,
				    ts->type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16,
				    ts->start, ts->end, ts->ip_proto,
				    ts->start_port, ts->end_port);
}

static u64 ikev2_secs_since(u64 now, u64 then)
{
	return now > then ? (now - then) / 1000 : 0;
}

static u32 ikev2_secs_until(u64 now, u64 when)
{
	if (when == IKEV2_NEVER)
		return U32_MAX;
	return when > now ? min_t(u64, (when - now) / 1000, U32_MAX) : 0;
}

/* A Child SA's data path numbers; all 0 (and no link) when it has none. */
static int ikev2_nl_put_child_esp(struct sk_buff *skb,
				  const struct ikev2_child *c)
{
	static const struct {
		int attr;
		size_t offset;
	} ctrs[] = {
		{ IKEV2_A_CHILD_BYTES_IN,
		  offsetof(struct ikev2_esp_counters, rx_bytes) },
		{ IKEV2_A_CHILD_PACKETS_IN,
		  offsetof(struct ikev2_esp_counters, rx_packets) },
		{ IKEV2_A_CHILD_BYTES_OUT,
		  offsetof(struct ikev2_esp_counters, tx_bytes) },
		{ IKEV2_A_CHILD_PACKETS_OUT,
		  offsetof(struct ikev2_esp_counters, tx_packets) },
		{ IKEV2_A_CHILD_SEQ_OUT,
		  offsetof(struct ikev2_esp_counters, seq_out) },
		{ IKEV2_A_CHILD_SEQ_IN,
		  offsetof(struct ikev2_esp_counters, seq_in) },
		{ IKEV2_A_CHILD_RX_REPLAY,
		  offsetof(struct ikev2_esp_counters, rx_replay) },
		{ IKEV2_A_CHILD_RX_AUTH_FAILED,
		  offsetof(struct ikev2_esp_counters, rx_auth_failed) },
		{ IKEV2_A_CHILD_RX_BAD_PADDING,
		  offsetof(struct ikev2_esp_counters, rx_bad_padding) },
		{ IKEV2_A_CHILD_RX_SELECTOR,
		  offsetof(struct ikev2_esp_counters, rx_selector) },
		{ IKEV2_A_CHILD_RX_MALFORMED,
		  offsetof(struct ikev2_esp_counters, rx_malformed) },
		{ IKEV2_A_CHILD_TX_ERRORS,
		  offsetof(struct ikev2_esp_counters, tx_errors) },
	};
	struct ikev2_esp_counters cnt = {};
	unsigned int i;

	if (c->esp)
		ikev2_esp_sa_read(c->esp, &cnt);
	for (i = 0; i < ARRAY_SIZE(ctrs); i++)
		if (nla_put_u64_64bit(skb, ctrs[i].attr,
				      *(u64 *)((u8 *)&cnt + ctrs[i].offset),
				      IKEV2_A_CHILD_PAD))
			return -EMSGSIZE;
	/* Without a data path there is no window and no link to name. */
	if (c->esp &&
	    (nla_put_u32(skb, IKEV2_A_CHILD_REPLAY_WINDOW, cnt.replay_window) ||
	     (cnt.ifindex &&
	      nla_put_u32(skb, IKEV2_A_CHILD_IFINDEX, cnt.ifindex))))
		return -EMSGSIZE;
	if ((cnt.rekey_bytes &&
	     nla_put_u64_64bit(skb, IKEV2_A_CHILD_REKEY_BYTES, cnt.rekey_bytes,
			       IKEV2_A_CHILD_PAD)) ||
	    (cnt.life_bytes &&
	     nla_put_u64_64bit(skb, IKEV2_A_CHILD_LIFE_BYTES, cnt.life_bytes,
			       IKEV2_A_CHILD_PAD)))
		return -EMSGSIZE;
	return 0;
}

/* @c: the held Child SA, if any (times and counters); @ci: what to show. */
static int ikev2_nl_put_child(struct sk_buff *skb,
			      const struct ike_child_info *ci,
			      const struct ikev2_child *c, bool encap, u64 now)
{
	struct nlattr *nest = nla_nest_start(skb, IKEV2_A_SA_CHILD);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, IKEV2_A_CHILD_SPI_IN, ci->spi_in) ||
	    nla_put_u32(skb, IKEV2_A_CHILD_SPI_OUT, ci->spi_out) ||
	    (ci->proposal[0] &&
	     nla_put_string(skb, IKEV2_A_CHILD_PROPOSAL, ci->proposal)) ||
	    (encap && nla_put_flag(skb, IKEV2_A_CHILD_ENCAP_UDP)) ||
	    (ci->esn && nla_put_flag(skb, IKEV2_A_CHILD_ESN)))
		goto err_cancel;
	for (i = 0; i < ci->ts_local.count; i++)
		if (ikev2_nl_put_core_ts(skb, IKEV2_A_CHILD_LOCAL_TS,
					 &ci->ts_local.ts[i]))
			goto err_cancel;
	for (i = 0; i < ci->ts_remote.count; i++)
		if (ikev2_nl_put_core_ts(skb, IKEV2_A_CHILD_REMOTE_TS,
					 &ci->ts_remote.ts[i]))
			goto err_cancel;
	if (c &&
	    (nla_put_u64_64bit(skb, IKEV2_A_CHILD_AGE,
			       ikev2_secs_since(now, c->installed_ms),
			       IKEV2_A_CHILD_PAD) ||
	     nla_put_u32(skb, IKEV2_A_CHILD_REKEY_IN,
			 ikev2_secs_until(now, c->rekey_ms)) ||
	     nla_put_u32(skb, IKEV2_A_CHILD_EXPIRE_IN,
			 ikev2_secs_until(now, c->expire_ms)) ||
	     ikev2_nl_put_child_esp(skb, c)))
		goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* The core's event numbers are its own; the UAPI's are stable. */
static u8 ikev2_nl_event(u8 core_type)
{
	switch (core_type) {
	case IKE_EV_ESTABLISHED:
		return IKEV2_EVENT_ESTABLISHED;
	case IKE_EV_CHILD_UP:
		return IKEV2_EVENT_CHILD_UP;
	case IKE_EV_CHILD_FAILED:
		return IKEV2_EVENT_CHILD_FAILED;
	case IKE_EV_CHILD_REKEYED:
		return IKEV2_EVENT_CHILD_REKEYED;
	case IKE_EV_CHILD_DELETED:
		return IKEV2_EVENT_CHILD_DELETED;
	case IKE_EV_IKE_REKEYED:
		return IKEV2_EVENT_IKE_REKEYED;
	case IKE_EV_DELETED:
		return IKEV2_EVENT_DELETED;
	case IKE_EV_FAILED:
		return IKEV2_EVENT_FAILED;
	}
	return 0;
}

static u8 ikev2_nl_sa_state(const struct ikev2_sa *sa)
{
	if (ike_sa_state(sa->core) == IKE_SA_S_DELETING)
		return IKEV2_SA_STATE_DELETING;
	return sa->established ? IKEV2_SA_STATE_ESTABLISHED :
				 IKEV2_SA_STATE_CONNECTING;
}

/* The one place an SA becomes attributes, with @ev for notifications. */
static int ikev2_nl_sa_fill(struct sk_buff *skb, struct ikev2_sa *sa,
			    u32 portid, u32 seq, int flags, u8 cmd,
			    const struct ike_event *ev)
{
	const struct ikev2_conn *conn = sa->conn;
	u64 now = ikev2_now_ms();
	struct ikev2_child *c;
	char prop[128];
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ikev2_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, IKEV2_A_SA_ID, sa->id) ||
	    nla_put_string(skb, IKEV2_A_SA_CONN_NAME, conn->name) ||
	    nla_put_u8(skb, IKEV2_A_SA_STATE, ikev2_nl_sa_state(sa)) ||
	    (ike_sa_is_initiator(sa->core) &&
	     nla_put_flag(skb, IKEV2_A_SA_INITIATOR)) ||
	    nla_put_u64_64bit(skb, IKEV2_A_SA_SPI_I, ike_sa_spi_i(sa->core),
			      IKEV2_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, IKEV2_A_SA_SPI_R, ike_sa_spi_r(sa->core),
			      IKEV2_A_SA_PAD) ||
	    nla_put(skb, IKEV2_A_SA_LOCAL_ADDR, conn->addr_len,
		    conn->local_addr) ||
	    nla_put_u16(skb, IKEV2_A_SA_LOCAL_PORT,
			sa->natt ? IKEV2_PORT_NATT : IKEV2_PORT_IKE) ||
	    nla_put(skb, IKEV2_A_SA_REMOTE_ADDR, conn->addr_len, sa->raddr) ||
	    nla_put_u16(skb, IKEV2_A_SA_REMOTE_PORT, sa->rport) ||
	    (ike_sa_nat_local(sa->core) &&
	     nla_put_flag(skb, IKEV2_A_SA_NAT_LOCAL)) ||
	    (ike_sa_nat_remote(sa->core) &&
	     nla_put_flag(skb, IKEV2_A_SA_NAT_REMOTE)) ||
	    (ike_sa_format_proposal(sa->core, prop, sizeof(prop)) >= 0 &&
	     nla_put_string(skb, IKEV2_A_SA_PROPOSAL, prop)) ||
	    nla_put_u64_64bit(skb, IKEV2_A_SA_AGE,
			      ikev2_secs_since(now, sa->established ?
					       sa->established_ms :
					       sa->started_ms),
			      IKEV2_A_SA_PAD) ||
	    (sa->established &&
	     nla_put_u32(skb, IKEV2_A_SA_REKEY_IN,
			 ikev2_secs_until(now, sa->rekey_ms))))
		goto err_cancel;
	if (ev) {
		if (!ikev2_nl_event(ev->type) ||
		    nla_put_u8(skb, IKEV2_A_SA_EVENT, ikev2_nl_event(ev->type)) ||
		    (ev->notify &&
		     nla_put_u16(skb, IKEV2_A_SA_NOTIFY, ev->notify)) ||
		    (ev->error &&
		     nla_put_u32(skb, IKEV2_A_SA_ERROR, -ev->error)))
			goto err_cancel;
		switch (ev->type) {
		case IKE_EV_CHILD_UP:
		case IKE_EV_CHILD_REKEYED:
		case IKE_EV_CHILD_DELETED:
			if (ikev2_nl_put_child(skb, &ev->child, NULL,
					       ike_sa_esp_encap(sa->core),
					       now))
				goto err_cancel;
		}
	} else {
		list_for_each_entry(c, &sa->children, node)
			if (ikev2_nl_put_child(skb, &c->info, c,
					       ike_sa_esp_encap(sa->core),
					       now))
				goto err_cancel;
	}
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

void ikev2_sa_notify(struct ikev2_sa *sa, const struct ike_event *ev)
{
	struct ikev2_net *in = sa->in;
	struct sk_buff *skb;

	lockdep_assert_held(&in->conf_lock);
	if (!genl_has_listeners(&ikev2_genl_family, in->net,
				IKEV2_MCGRP_SA_IDX))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (ikev2_nl_sa_fill(skb, sa, 0, 0, 0, IKEV2_CMD_SA_EVENT, ev)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&ikev2_genl_family, in->net, skb, 0,
				IKEV2_MCGRP_SA_IDX, GFP_KERNEL);
}

static struct ikev2_conn *ikev2_nl_conn_lookup(struct ikev2_net *in,
					       struct genl_info *info)
{
	struct ikev2_conn *conn;

	conn = ikev2_conn_find(in, nla_data(info->attrs[IKEV2_A_CONN_NAME]));
	if (!conn)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IKEV2_A_CONN_NAME],
				    "no connection with this name");
	return conn;
}

int ikev2_nl_conn_up_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));
	struct ikev2_conn *conn;
	struct sk_buff *msg;
	void *hdr;
	u32 id = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_NAME))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&in->conf_lock);
	conn = ikev2_nl_conn_lookup(in, info);
	err = conn ? ikev2_sa_conn_up(in, conn, &id, info->extack) : -ENOENT;
	mutex_unlock(&in->conf_lock);
	if (err)
		goto err_free_msg;
	hdr = genlmsg_put_reply(msg, info, &ikev2_genl_family, 0,
				IKEV2_CMD_CONN_UP);
	if (!hdr || nla_put_u32(msg, IKEV2_A_SA_ID, id)) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return err;
}

int ikev2_nl_conn_down_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));
	struct ikev2_conn *conn;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_NAME))
		return -EINVAL;
	mutex_lock(&in->conf_lock);
	conn = ikev2_nl_conn_lookup(in, info);
	err = conn ? ikev2_sa_conn_down(in, conn) : -ENOENT;
	mutex_unlock(&in->conf_lock);
	if (err == -ESRCH)
		GENL_SET_ERR_MSG(info, "connection has no IKE SA");
	return err;
}

/* cb->args[0]: the id after which this dump part continues. */
int ikev2_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ikev2_net *in = ikev2_net(sock_net(skb->sk));
	struct ikev2_sa *sa;
	int err = 0;

	mutex_lock(&in->conf_lock);
	list_for_each_entry(sa, &in->sas, node) {
		/* Ids only grow along the list: new SAs are added at its tail. */
		if (sa->id <= cb->args[0] || sa->dead)
			continue;
		err = ikev2_nl_sa_fill(skb, sa, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI,
				       IKEV2_CMD_SA_GET, NULL);
		if (err)
			break;
		cb->args[0] = sa->id;
	}
	mutex_unlock(&in->conf_lock);
	/*
	 * An SA too big for an empty dump buffer (very many Child SAs) would
	 * otherwise end the dump silently, as if it were the last.
	 */
	return err && !skb->len ? err : skb->len;
}

/* The namespace's counters in attribute order (stats-get). */
static const struct {
	int attr;
	size_t offset;
} ikev2_nl_stats[] = {
	{ IKEV2_A_STATS_RX_PACKETS, offsetof(struct ikev2_stats, rx_packets) },
	{ IKEV2_A_STATS_RX_MALFORMED, offsetof(struct ikev2_stats, rx_malformed) },
	{ IKEV2_A_STATS_RX_NO_SA, offsetof(struct ikev2_stats, rx_no_sa) },
	{ IKEV2_A_STATS_RX_NO_CONN, offsetof(struct ikev2_stats, rx_no_conn) },
	{ IKEV2_A_STATS_RX_QUEUE_FULL,
	  offsetof(struct ikev2_stats, rx_queue_full) },
	{ IKEV2_A_STATS_RX_ESP_DROPPED,
	  offsetof(struct ikev2_stats, rx_esp_dropped) },
	{ IKEV2_A_STATS_TX_PACKETS, offsetof(struct ikev2_stats, tx_packets) },
	{ IKEV2_A_STATS_TX_ERRORS, offsetof(struct ikev2_stats, tx_errors) },
	{ IKEV2_A_STATS_COOKIES_SENT,
	  offsetof(struct ikev2_stats, cookies_sent) },
	{ IKEV2_A_STATS_ESP_RX_PACKETS,
	  offsetof(struct ikev2_stats, esp_rx_packets) },
	{ IKEV2_A_STATS_ESP_RX_NO_SA,
	  offsetof(struct ikev2_stats, esp_rx_no_sa) },
	{ IKEV2_A_STATS_ESP_RX_DROPPED,
	  offsetof(struct ikev2_stats, esp_rx_dropped) },
	{ IKEV2_A_STATS_ESP_TX_PACKETS,
	  offsetof(struct ikev2_stats, esp_tx_packets) },
	{ IKEV2_A_STATS_ESP_TX_NO_SA,
	  offsetof(struct ikev2_stats, esp_tx_no_sa) },
	{ IKEV2_A_STATS_ESP_TX_ERRORS,
	  offsetof(struct ikev2_stats, esp_tx_errors) },
};

int ikev2_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));
	unsigned int half_open, sas, esp_sas, i;
	struct sk_buff *msg;
	atomic64_t *ctr;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&in->conf_lock);
	half_open = in->n_half_open;
	sas = in->n_sas;
	mutex_unlock(&in->conf_lock);
	esp_sas = ikev2_esp_net_count(in);
	hdr = genlmsg_put_reply(msg, info, &ikev2_genl_family, 0,
				IKEV2_CMD_STATS_GET);
	if (!hdr)
		goto err_free_msg;
	for (i = 0; i < ARRAY_SIZE(ikev2_nl_stats); i++) {
		ctr = (atomic64_t *)((u8 *)&in->stats +
				     ikev2_nl_stats[i].offset);
		if (nla_put_u64_64bit(msg, ikev2_nl_stats[i].attr,
				      atomic64_read(ctr), IKEV2_A_STATS_PAD))
			goto err_free_msg;
	}
	if (nla_put_u32(msg, IKEV2_A_STATS_HALF_OPEN, half_open) ||
	    nla_put_u32(msg, IKEV2_A_STATS_IKE_SAS, sas) ||
	    nla_put_u32(msg, IKEV2_A_STATS_ESP_CHILD_SAS, esp_sas))
		goto err_free_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}
