// SPDX-License-Identifier: GPL-2.0
/*
 * The handlers of the generic netlink family "ikev2"; its policies, split
 * ops and UAPI are generated from Documentation/netlink/specs/ikev2.yaml
 * (netlink-gen.c, include/uapi/linux/ikev2.h: `make regen`). Requests act
 * on the namespace of the requesting socket; every operation needs
 * CAP_NET_ADMIN there. The helper operations are in helper.c.
 *
 * Handlers run in process context without genl_mutex (parallel_ops). The
 * ops that change or read the configuration take the namespace's conf_lock
 * in their pre_doit hook and drop it in post_doit; those that name a
 * connection get it resolved there too (info->user_ptr[1]), once. Dumps
 * take the lock per part. A conn-add is parsed and validated completely
 * into a private ikev2_conn before it is added: either the whole
 * connection is added or nothing is. One fill function per object turns
 * it into attributes for replies, dumps and events alike; none puts key
 * material (there is no attribute for it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "compat.h"
#include "conn.h"
#include "device.h"
#include "esp_sa.h"
#include "helper.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "netns.h"
#include "sa.h"
#include "socket.h"
#include "ike/ike_const.h"

/* --- pre_doit/post_doit ------------------------------------------------- */

/* info->user_ptr[0]: the namespace, whose conf_lock the handler holds. */
static struct ikev2_net *ikev2_nl_net(struct genl_info *info)
{
	return info->user_ptr[0];
}

/* info->user_ptr[1]: the connection IKEV2_A_CONN_NAME names. */
static struct ikev2_conn *ikev2_nl_conn(struct genl_info *info)
{
	return info->user_ptr[1];
}

int ikev2_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		      struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));

	mutex_lock(&in->conf_lock);
	info->user_ptr[0] = in;
	return 0;
}

int ikev2_nl_pre_doit_conn(const struct genl_split_ops *ops,
			   struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));
	struct ikev2_conn *conn;

	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_NAME))
		return -EINVAL;
	mutex_lock(&in->conf_lock);
	conn = ikev2_conn_find(in, nla_data(info->attrs[IKEV2_A_CONN_NAME]));
	if (!conn) {
		mutex_unlock(&in->conf_lock);
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IKEV2_A_CONN_NAME],
				    "no connection with this name");
		return -ENOENT;
	}
	info->user_ptr[0] = in;
	info->user_ptr[1] = conn;
	return 0;
}

/* Not called when pre_doit failed: that one left the lock unheld. */
void ikev2_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info)
{
	mutex_unlock(&ikev2_nl_net(info)->conf_lock);
}

/* --- connections --------------------------------------------------------- */

static bool ikev2_nl_name_valid(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (!isalnum(*name) && !strchr("._-", *name))
			return false;
	return true;
}

static bool ikev2_nl_addr_len_valid(const struct nlattr *attr)
{
	return nla_len(attr) == 4 || nla_len(attr) == 16;
}

static int ikev2_nl_parse_id(const struct nlattr *nest, struct ikev2_id *id,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IKEV2_A_ID_MAX + 1];
	unsigned int len;
	int err;

	err = nla_parse_nested(tb, IKEV2_A_ID_MAX, nest, ikev2_id_nl_policy,
			       extack);
	if (err)
		return err;
	if (!tb[IKEV2_A_ID_TYPE] || !tb[IKEV2_A_ID_DATA]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "identity needs type and data");
		return -EINVAL;
	}
	id->type = nla_get_u8(tb[IKEV2_A_ID_TYPE]);
	len = nla_len(tb[IKEV2_A_ID_DATA]);
	switch (id->type) {
	case IKEV2_ID_TYPE_IPV4_ADDR:
		if (len != 4)
			goto bad_len;
		break;
	case IKEV2_ID_TYPE_IPV6_ADDR:
		if (len != 16)
			goto bad_len;
		break;
	case IKEV2_ID_TYPE_FQDN:
	case IKEV2_ID_TYPE_RFC822_ADDR:
	case IKEV2_ID_TYPE_KEY_ID:
		if (!len)
			goto bad_len;
		break;
	default:
		NL_SET_ERR_MSG_ATTR(extack, tb[IKEV2_A_ID_TYPE],
				    "unknown identity type");
		return -EINVAL;
	}
	id->len = len;
	nla_memcpy(id->data, tb[IKEV2_A_ID_DATA], sizeof(id->data));
	return 0;

bad_len:
	NL_SET_ERR_MSG_ATTR(extack, tb[IKEV2_A_ID_DATA],
			    "identity data length does not fit its type");
	return -EINVAL;
}

static int ikev2_nl_parse_ts(const struct nlattr *nest, struct ikev2_ts *ts,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IKEV2_A_TS_MAX + 1];
	int err;

	err = nla_parse_nested(tb, IKEV2_A_TS_MAX, nest, ikev2_ts_nl_policy,
			       extack);
	if (err)
		return err;
	if (!tb[IKEV2_A_TS_START] || !tb[IKEV2_A_TS_END]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "traffic selector needs start and end");
		return -EINVAL;
	}
	if (!ikev2_nl_addr_len_valid(tb[IKEV2_A_TS_START]) ||
	    nla_len(tb[IKEV2_A_TS_START]) != nla_len(tb[IKEV2_A_TS_END])) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "traffic selector addresses must both be IPv4 or both IPv6");
		return -EINVAL;
	}
	ts->addr_len = nla_len(tb[IKEV2_A_TS_START]);
	nla_memcpy(ts->start, tb[IKEV2_A_TS_START], sizeof(ts->start));
	nla_memcpy(ts->end, tb[IKEV2_A_TS_END], sizeof(ts->end));
	if (memcmp(ts->start, ts->end, ts->addr_len) > 0) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "traffic selector start is above its end");
		return -EINVAL;
	}
	ts->protocol = tb[IKEV2_A_TS_PROTOCOL] ?
		       nla_get_u8(tb[IKEV2_A_TS_PROTOCOL]) : 0;
	ts->port_start = tb[IKEV2_A_TS_PORT_START] ?
			 nla_get_u16(tb[IKEV2_A_TS_PORT_START]) : 0;
	ts->port_end = tb[IKEV2_A_TS_PORT_END] ?
		       nla_get_u16(tb[IKEV2_A_TS_PORT_END]) : 65535;
	if (ts->port_start > ts->port_end) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "traffic selector start port is above its end port");
		return -EINVAL;
	}
	return 0;
}

static int ikev2_nl_dup_string(const struct nlattr *attr, char **out)
{
	*out = nla_strdup(attr, GFP_KERNEL);
	return *out ? 0 : -ENOMEM;
}

/* Walks every instance of the multi-attr @type in the request. */
static int ikev2_nl_parse_multi(struct genl_info *info, int type,
				struct ikev2_conn *conn)
{
	const struct nlattr *attr;
	const char *reason;
	int rem, err;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != type)
			continue;
		switch (type) {
		case IKEV2_A_CONN_IKE_PROPOSAL:
		case IKEV2_A_CONN_ESP_PROPOSAL: {
			bool esp = type == IKEV2_A_CONN_ESP_PROPOSAL;
			u8 *n = esp ? &conn->n_esp : &conn->n_ike;
			char **list = esp ? conn->esp : conn->ike;

			if (*n >= IKEV2_CONN_PROPOSALS_MAX)
				goto too_many;
			err = ikev2_nl_dup_string(attr, &list[*n]);
			if (err)
				return err;
			(*n)++;
			err = ikev2_conn_check_proposal(list[*n - 1], esp,
							&reason);
			if (err) {
				/* @reason is static text from the core. */
				ikev2_compat_set_err_msg_attr(info->extack,
							      attr, reason);
				return err;
			}
			break;
		}
		case IKEV2_A_CONN_LOCAL_TS:
		case IKEV2_A_CONN_REMOTE_TS: {
			bool local = type == IKEV2_A_CONN_LOCAL_TS;
			u8 *n = local ? &conn->n_local_ts : &conn->n_remote_ts;
			struct ikev2_ts *list = local ? conn->local_ts :
							conn->remote_ts;

			if (*n >= IKEV2_CONN_TS_MAX)
				goto too_many;
			err = ikev2_nl_parse_ts(attr, &list[*n], info->extack);
			if (err)
				return err;
			(*n)++;
			break;
		}
		}
	}
	return 0;

too_many:
	NL_SET_ERR_MSG_ATTR(info->extack, attr, "too many of this attribute");
	return -E2BIG;
}

static int ikev2_nl_parse_auth(struct genl_info *info, struct ikev2_conn *conn)
{
	struct nlattr **attrs = info->attrs;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_AUTH))
		return -EINVAL;
	conn->auth = nla_get_u8(attrs[IKEV2_A_CONN_AUTH]);
	if (conn->auth == IKEV2_AUTH_METHOD_PSK) {
		if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_PSK))
			return -EINVAL;
		conn->psk_len = nla_len(attrs[IKEV2_A_CONN_PSK]);
		if (!conn->psk_len) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[IKEV2_A_CONN_PSK],
					    "pre-shared key is empty");
			return -EINVAL;
		}
		conn->psk = nla_memdup(attrs[IKEV2_A_CONN_PSK], GFP_KERNEL);
		if (!conn->psk)
			return -ENOMEM;
		if (attrs[IKEV2_A_CONN_CERT_FILE] ||
		    attrs[IKEV2_A_CONN_KEY_FILE] ||
		    attrs[IKEV2_A_CONN_CACERT_FILE]) {
			GENL_SET_ERR_MSG(info,
					 "certificate files given with auth psk");
			return -EINVAL;
		}
		return 0;
	}

	if (attrs[IKEV2_A_CONN_PSK]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[IKEV2_A_CONN_PSK],
				    "pre-shared key given with auth pubkey");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_CERT_FILE) ||
	    GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_KEY_FILE) ||
	    GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_CACERT_FILE))
		return -EINVAL;
	err = ikev2_nl_dup_string(attrs[IKEV2_A_CONN_CERT_FILE],
				  &conn->cert_file);
	if (!err)
		err = ikev2_nl_dup_string(attrs[IKEV2_A_CONN_KEY_FILE],
					  &conn->key_file);
	if (!err)
		err = ikev2_nl_dup_string(attrs[IKEV2_A_CONN_CACERT_FILE],
					  &conn->cacert_file);
	return err;
}

/* What the data path applies to each of the conn's Child SAs (esp_sa.c). */
static int ikev2_nl_parse_limits(struct genl_info *info,
				 struct ikev2_conn *conn)
{
	struct nlattr **attrs = info->attrs;

	conn->replay_window = IKEV2_REPLAY_WINDOW_DEFAULT;
	if (attrs[IKEV2_A_CONN_REPLAY_WINDOW]) {
		conn->replay_window =
			nla_get_u32(attrs[IKEV2_A_CONN_REPLAY_WINDOW]);
		if (conn->replay_window > IKEV2_REPLAY_WINDOW_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[IKEV2_A_CONN_REPLAY_WINDOW],
					    "replay window above "
					    __stringify(IKEV2_REPLAY_WINDOW_MAX)
					    " packets");
			return -ERANGE;
		}
	}
	if (attrs[IKEV2_A_CONN_REKEY_BYTES])
		conn->rekey_bytes = nla_get_u64(attrs[IKEV2_A_CONN_REKEY_BYTES]);
	if (attrs[IKEV2_A_CONN_LIFE_BYTES])
		conn->life_bytes = nla_get_u64(attrs[IKEV2_A_CONN_LIFE_BYTES]);
	if (attrs[IKEV2_A_CONN_IKE_REKEY_TIME]) {
		/* A policy range cannot hold the maximum on 6.1 (s16). */
		conn->ike_rekey_secs =
			nla_get_u32(attrs[IKEV2_A_CONN_IKE_REKEY_TIME]);
		if (conn->ike_rekey_secs < IKEV2_IKE_REKEY_TIME_MIN ||
		    conn->ike_rekey_secs > IKEV2_IKE_REKEY_TIME_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[IKEV2_A_CONN_IKE_REKEY_TIME],
					    "IKE rekey time out of range");
			return -ERANGE;
		}
	}
	/* The soft limit must come first, or the rekey never gets a chance. */
	if (conn->rekey_bytes && conn->life_bytes &&
	    conn->life_bytes <= conn->rekey_bytes) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    attrs[IKEV2_A_CONN_LIFE_BYTES],
				    "life bytes must exceed rekey bytes");
		return -EINVAL;
	}
	return 0;
}

static int ikev2_nl_parse_conn(struct genl_info *info, struct ikev2_conn *conn)
{
	struct nlattr **attrs = info->attrs;
	struct net_device *dev;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_LOCAL_ADDR))
		return -EINVAL;
	nla_strscpy(conn->name, attrs[IKEV2_A_CONN_NAME], sizeof(conn->name));
	if (!ikev2_nl_name_valid(conn->name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[IKEV2_A_CONN_NAME],
				    "name must be letters, digits, '.', '_' or '-'");
		return -EINVAL;
	}

	if (!ikev2_nl_addr_len_valid(attrs[IKEV2_A_CONN_LOCAL_ADDR])) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    attrs[IKEV2_A_CONN_LOCAL_ADDR],
				    "address must be 4 or 16 bytes");
		return -EINVAL;
	}
	conn->addr_len = nla_len(attrs[IKEV2_A_CONN_LOCAL_ADDR]);
	nla_memcpy(conn->local_addr, attrs[IKEV2_A_CONN_LOCAL_ADDR],
		   sizeof(conn->local_addr));
	conn->remote_any = !attrs[IKEV2_A_CONN_REMOTE_ADDR];
	if (!conn->remote_any) {
		if (nla_len(attrs[IKEV2_A_CONN_REMOTE_ADDR]) != conn->addr_len) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[IKEV2_A_CONN_REMOTE_ADDR],
					    "remote address family differs from local");
			return -EINVAL;
		}
		nla_memcpy(conn->remote_addr, attrs[IKEV2_A_CONN_REMOTE_ADDR],
			   sizeof(conn->remote_addr));
	}

	err = ikev2_nl_parse_auth(info, conn);
	if (err)
		return err;

	if (attrs[IKEV2_A_CONN_LOCAL_ID]) {
		err = ikev2_nl_parse_id(attrs[IKEV2_A_CONN_LOCAL_ID],
					&conn->local_id, info->extack);
		if (err)
			return err;
		conn->has_local_id = true;
	}
	if (attrs[IKEV2_A_CONN_REMOTE_ID]) {
		err = ikev2_nl_parse_id(attrs[IKEV2_A_CONN_REMOTE_ID],
					&conn->remote_id, info->extack);
		if (err)
			return err;
		conn->has_remote_id = true;
	}

	err = ikev2_nl_parse_multi(info, IKEV2_A_CONN_IKE_PROPOSAL, conn);
	if (!err)
		err = ikev2_nl_parse_multi(info, IKEV2_A_CONN_ESP_PROPOSAL,
					   conn);
	if (!err)
		err = ikev2_nl_parse_multi(info, IKEV2_A_CONN_LOCAL_TS, conn);
	if (!err)
		err = ikev2_nl_parse_multi(info, IKEV2_A_CONN_REMOTE_TS, conn);
	if (err)
		return err;

	if (attrs[IKEV2_A_CONN_IFINDEX]) {
		conn->ifindex = nla_get_u32(attrs[IKEV2_A_CONN_IFINDEX]);
		rcu_read_lock();
		dev = dev_get_by_index_rcu(genl_info_net(info), conn->ifindex);
		err = dev && ikev2_device_is_ours(dev) ? 0 : -ENODEV;
		rcu_read_unlock();
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[IKEV2_A_CONN_IFINDEX],
					    "no ikev2 link with this index");
			return err;
		}
	}
	conn->encap_udp = nla_get_flag(attrs[IKEV2_A_CONN_ENCAP_UDP]);
	return ikev2_nl_parse_limits(info, conn);
}

/* Parsed before it is added, under conf_lock (pre_doit) all the same. */
int ikev2_nl_conn_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_conn *conn;
	int err;

	conn = ikev2_conn_alloc();
	if (!conn)
		return -ENOMEM;
	err = ikev2_nl_parse_conn(info, conn);
	if (err)
		goto err_free_conn;

	err = ikev2_conn_add(ikev2_nl_net(info), conn);
	if (err == -EADDRINUSE)
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[IKEV2_A_CONN_LOCAL_ADDR],
				    "UDP port 500 or 4500 on this address is taken");
	if (err == -EEXIST)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IKEV2_A_CONN_NAME],
				    "a connection with this name exists");
	else if (err == -ENOSPC)
		GENL_SET_ERR_MSG(info, "too many connections in this namespace");
	if (err)
		goto err_free_conn;
	return 0;

err_free_conn:
	ikev2_conn_free(conn);
	return err;
}

int ikev2_nl_conn_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	ikev2_conn_del(ikev2_nl_net(info), ikev2_nl_conn(info));
	return 0;
}

static int ikev2_nl_put_id(struct sk_buff *skb, int type,
			   const struct ikev2_id *id)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, IKEV2_A_ID_TYPE, id->type) ||
	    nla_put(skb, IKEV2_A_ID_DATA, id->len, id->data)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* One traffic selector nest; conns and Child SAs alike. */
static int ikev2_nl_put_ts_nest(struct sk_buff *skb, int type,
				unsigned int alen, const u8 *start,
				const u8 *end, u8 protocol, u16 port_start,
				u16 port_end)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, IKEV2_A_TS_START, alen, start) ||
	    nla_put(skb, IKEV2_A_TS_END, alen, end) ||
	    nla_put_u8(skb, IKEV2_A_TS_PROTOCOL, protocol) ||
	    nla_put_u16(skb, IKEV2_A_TS_PORT_START, port_start) ||
	    nla_put_u16(skb, IKEV2_A_TS_PORT_END, port_end)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ikev2_nl_put_ts(struct sk_buff *skb, int type,
			   const struct ikev2_ts *ts)
{
	return ikev2_nl_put_ts_nest(skb, type, ts->addr_len, ts->start,
				    ts->end, ts->protocol, ts->port_start,
				    ts->port_end);
}

/* The one place a conn becomes attributes; never puts the PSK. */
static int ikev2_nl_conn_fill(struct sk_buff *skb, const struct ikev2_conn *c,
			      u32 portid, u32 seq, int flags)
{
	unsigned int i;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ikev2_genl_family, flags,
			  IKEV2_CMD_CONN_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, IKEV2_A_CONN_NAME, c->name) ||
	    nla_put(skb, IKEV2_A_CONN_LOCAL_ADDR, c->addr_len, c->local_addr) ||
	    (!c->remote_any &&
	     nla_put(skb, IKEV2_A_CONN_REMOTE_ADDR, c->addr_len,
		     c->remote_addr)) ||
	    nla_put_u8(skb, IKEV2_A_CONN_AUTH, c->auth) ||
	    (c->cert_file &&
	     nla_put_string(skb, IKEV2_A_CONN_CERT_FILE, c->cert_file)) ||
	    (c->key_file &&
	     nla_put_string(skb, IKEV2_A_CONN_KEY_FILE, c->key_file)) ||
	    (c->cacert_file &&
	     nla_put_string(skb, IKEV2_A_CONN_CACERT_FILE, c->cacert_file)) ||
	    (c->has_local_id &&
	     ikev2_nl_put_id(skb, IKEV2_A_CONN_LOCAL_ID, &c->local_id)) ||
	    (c->has_remote_id &&
	     ikev2_nl_put_id(skb, IKEV2_A_CONN_REMOTE_ID, &c->remote_id)) ||
	    (c->ifindex && nla_put_u32(skb, IKEV2_A_CONN_IFINDEX, c->ifindex)) ||
	    (c->encap_udp && nla_put_flag(skb, IKEV2_A_CONN_ENCAP_UDP)) ||
	    nla_put_u32(skb, IKEV2_A_CONN_REPLAY_WINDOW, c->replay_window) ||
	    (c->rekey_bytes &&
	     nla_put_u64_64bit(skb, IKEV2_A_CONN_REKEY_BYTES, c->rekey_bytes,
			       IKEV2_A_CONN_PAD)) ||
	    (c->life_bytes &&
	     nla_put_u64_64bit(skb, IKEV2_A_CONN_LIFE_BYTES, c->life_bytes,
			       IKEV2_A_CONN_PAD)) ||
	    (c->ike_rekey_secs &&
	     nla_put_u32(skb, IKEV2_A_CONN_IKE_REKEY_TIME, c->ike_rekey_secs)))
		goto err_cancel;
	for (i = 0; i < c->n_ike; i++)
		if (nla_put_string(skb, IKEV2_A_CONN_IKE_PROPOSAL, c->ike[i]))
			goto err_cancel;
	for (i = 0; i < c->n_esp; i++)
		if (nla_put_string(skb, IKEV2_A_CONN_ESP_PROPOSAL, c->esp[i]))
			goto err_cancel;
	for (i = 0; i < c->n_local_ts; i++)
		if (ikev2_nl_put_ts(skb, IKEV2_A_CONN_LOCAL_TS, &c->local_ts[i]))
			goto err_cancel;
	for (i = 0; i < c->n_remote_ts; i++)
		if (ikev2_nl_put_ts(skb, IKEV2_A_CONN_REMOTE_TS,
				    &c->remote_ts[i]))
			goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int ikev2_nl_conn_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	int err;

	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = ikev2_nl_conn_fill(msg, ikev2_nl_conn(info), info->snd_portid,
				 info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: how many conns earlier parts of this dump returned. */
int ikev2_nl_conn_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ikev2_net *in = ikev2_net(sock_net(skb->sk));
	struct ikev2_conn *conn;
	long idx = 0;

	mutex_lock(&in->conf_lock);
	list_for_each_entry(conn, &in->conns, node) {
		if (idx++ < cb->args[0])
			continue;
		if (ikev2_nl_conn_fill(skb, conn, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
			idx--;
			break;
		}
	}
	mutex_unlock(&in->conf_lock);
	cb->args[0] = idx;
	return skb->len;
}

/* --- IKE SAs and their Child SAs --------------------------------------- */

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
				IKEV2_NLGRP_SA))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (ikev2_nl_sa_fill(skb, sa, 0, 0, 0, IKEV2_CMD_SA_EVENT, ev)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&ikev2_genl_family, in->net, skb, 0,
				IKEV2_NLGRP_SA, GFP_KERNEL);
}

int ikev2_nl_conn_up_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	u32 id = 0;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = ikev2_sa_conn_up(ikev2_nl_net(info), ikev2_nl_conn(info), &id,
			       info->extack);
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
	int err;

	err = ikev2_sa_conn_down(ikev2_nl_net(info), ikev2_nl_conn(info));
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

/* --- counters ----------------------------------------------------------- */

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
	{ IKEV2_A_STATS_RX_ESP_TOO_SHORT,
	  offsetof(struct ikev2_stats, rx_esp_too_short) },
	{ IKEV2_A_STATS_TX_PACKETS, offsetof(struct ikev2_stats, tx_packets) },
	{ IKEV2_A_STATS_TX_ERRORS, offsetof(struct ikev2_stats, tx_errors) },
	{ IKEV2_A_STATS_COOKIES_SENT,
	  offsetof(struct ikev2_stats, cookies_sent) },
	{ IKEV2_A_STATS_ESP_RX_PACKETS,
	  offsetof(struct ikev2_stats, esp_rx_packets) },
	{ IKEV2_A_STATS_ESP_RX_NO_SA,
	  offsetof(struct ikev2_stats, esp_rx_no_sa) },
	{ IKEV2_A_STATS_ESP_RX_CHILD_DROPPED,
	  offsetof(struct ikev2_stats, esp_rx_child_dropped) },
	{ IKEV2_A_STATS_ESP_TX_PACKETS,
	  offsetof(struct ikev2_stats, esp_tx_packets) },
	{ IKEV2_A_STATS_ESP_TX_NO_SA,
	  offsetof(struct ikev2_stats, esp_tx_no_sa) },
	{ IKEV2_A_STATS_ESP_TX_ERRORS,
	  offsetof(struct ikev2_stats, esp_tx_errors) },
	{ IKEV2_A_STATS_ESP_RX_HELD,
	  offsetof(struct ikev2_stats, esp_rx_held) },
};

int ikev2_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_nl_net(info);
	struct sk_buff *msg;
	atomic64_t *ctr;
	unsigned int i;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
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
	if (nla_put_u32(msg, IKEV2_A_STATS_HALF_OPEN, in->n_half_open) ||
	    nla_put_u32(msg, IKEV2_A_STATS_IKE_SAS, in->n_sas) ||
	    nla_put_u32(msg, IKEV2_A_STATS_ESP_CHILD_SAS,
			ikev2_esp_net_count(in)))
		goto err_free_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* --- the family ------------------------------------------------------------ */

/* Listening needs CAP_NET_ADMIN too: events name peers and SPIs. */
static const struct genl_multicast_group ikev2_genl_mcgrps[] = {
	[IKEV2_NLGRP_SA] = {
		.name = IKEV2_MCGRP_SA,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

#ifdef IKEV2_COMPAT_NO_SPLIT_OPS
/*
 * 6.1 has one genl_ops per command, with one policy, and family-wide
 * pre/post hooks: built from the generated split ops at registration.
 */
static struct genl_ops ikev2_genl_compat_ops[ARRAY_SIZE(ikev2_nl_ops)];

static const struct genl_split_ops *ikev2_nl_compat_do_op(u8 cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ikev2_nl_ops); i++)
		if (ikev2_nl_ops[i].cmd == cmd &&
		    (ikev2_nl_ops[i].flags & GENL_CMD_CAP_DO))
			return &ikev2_nl_ops[i];
	return NULL;
}

static int ikev2_nl_compat_pre_doit(const struct genl_ops *ops,
				    struct sk_buff *skb,
				    struct genl_info *info)
{
	const struct genl_split_ops *op = ikev2_nl_compat_do_op(ops->cmd);

	return op && op->pre_doit ? op->pre_doit(op, skb, info) : 0;
}

static void ikev2_nl_compat_post_doit(const struct genl_ops *ops,
				      struct sk_buff *skb,
				      struct genl_info *info)
{
	const struct genl_split_ops *op = ikev2_nl_compat_do_op(ops->cmd);

	if (op && op->post_doit)
		op->post_doit(op, skb, info);
}

static unsigned int ikev2_nl_compat_ops_init(void)
{
	const struct genl_split_ops *s;
	struct genl_ops *o;
	unsigned int i, j, n = 0;

	for (i = 0; i < ARRAY_SIZE(ikev2_nl_ops); i++) {
		s = &ikev2_nl_ops[i];
		for (j = 0; j < n; j++)
			if (ikev2_genl_compat_ops[j].cmd == s->cmd)
				break;
		o = &ikev2_genl_compat_ops[j];
		if (j == n) {
			n++;
			o->cmd = s->cmd;
			o->flags = s->flags & ~(GENL_CMD_CAP_DO |
						GENL_CMD_CAP_DUMP |
						GENL_CMD_CAP_HASPOL);
			o->validate = s->validate;
		}
		if (s->flags & GENL_CMD_CAP_DO) {
			o->doit = s->doit;
			o->policy = s->policy;
			o->maxattr = s->maxattr;
		} else {
			o->start = s->start;
			o->dumpit = s->dumpit;
			o->done = s->done;
			if (!o->policy) {
				o->policy = s->policy;
				o->maxattr = s->maxattr;
			}
		}
	}
	return n;
}
#endif

struct genl_family ikev2_genl_family __ro_after_init = {
	.name = IKEV2_FAMILY_NAME,
	.version = IKEV2_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
#ifdef IKEV2_COMPAT_NO_SPLIT_OPS
	.ops = ikev2_genl_compat_ops,	/* .n_ops: ikev2_genl_init() */
	.pre_doit = ikev2_nl_compat_pre_doit,
	.post_doit = ikev2_nl_compat_post_doit,
#else
	.split_ops = ikev2_nl_ops,
	.n_split_ops = ARRAY_SIZE(ikev2_nl_ops),
#endif
	.mcgrps = ikev2_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ikev2_genl_mcgrps),
	.resv_start_op = IKEV2_CMD_CONN_ADD,
};

int ikev2_genl_init(void)
{
#ifdef IKEV2_COMPAT_NO_SPLIT_OPS
	ikev2_genl_family.n_ops = ikev2_nl_compat_ops_init();
#endif
	return genl_register_family(&ikev2_genl_family);
}

void ikev2_genl_uninit(void)
{
	genl_unregister_family(&ikev2_genl_family);
}
