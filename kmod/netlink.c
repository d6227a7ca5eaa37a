// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "ikev2" (include/uapi/linux/ikev2.h, specified
 * in Documentation/netlink/specs/ikev2.yaml). Requests act on the namespace
 * of the requesting socket; every operation needs CAP_NET_ADMIN there.
 *
 * Handlers run in process context without genl_mutex (parallel_ops) and
 * take the namespace's conf_lock themselves. A conn-add is parsed and
 * validated completely into a private ikev2_conn before the lock is taken:
 * either the whole connection is added or nothing is.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "conn.h"
#include "device.h"
#include "helper.h"
#include "netlink.h"
#include "netns.h"

static const struct nla_policy ikev2_id_policy[IKEV2_A_ID_MAX + 1] = {
	[IKEV2_A_ID_TYPE] = { .type = NLA_U8 },
	[IKEV2_A_ID_DATA] = { .type = NLA_BINARY, .len = IKEV2_ID_MAX },
};

static const struct nla_policy ikev2_ts_policy[IKEV2_A_TS_MAX + 1] = {
	[IKEV2_A_TS_START] = { .type = NLA_BINARY, .len = 16 },
	[IKEV2_A_TS_END] = { .type = NLA_BINARY, .len = 16 },
	[IKEV2_A_TS_PROTOCOL] = { .type = NLA_U8 },
	[IKEV2_A_TS_PORT_START] = { .type = NLA_U16 },
	[IKEV2_A_TS_PORT_END] = { .type = NLA_U16 },
};

static const struct nla_policy ikev2_conn_policy[IKEV2_A_CONN_MAX + 1] = {
	[IKEV2_A_CONN_NAME] = { .type = NLA_NUL_STRING,
				.len = IKEV2_CONN_NAME_MAX - 1 },
	[IKEV2_A_CONN_LOCAL_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[IKEV2_A_CONN_REMOTE_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[IKEV2_A_CONN_AUTH] = NLA_POLICY_RANGE(NLA_U8, IKEV2_AUTH_METHOD_PSK,
					       IKEV2_AUTH_METHOD_PUBKEY),
	[IKEV2_A_CONN_PSK] = { .type = NLA_BINARY, .len = IKEV2_PSK_MAX },
	[IKEV2_A_CONN_CERT_FILE] = { .type = NLA_NUL_STRING,
				     .len = IKEV2_PATH_MAX - 1 },
	[IKEV2_A_CONN_KEY_FILE] = { .type = NLA_NUL_STRING,
				    .len = IKEV2_PATH_MAX - 1 },
	[IKEV2_A_CONN_CACERT_FILE] = { .type = NLA_NUL_STRING,
				       .len = IKEV2_PATH_MAX - 1 },
	[IKEV2_A_CONN_LOCAL_ID] = NLA_POLICY_NESTED(ikev2_id_policy),
	[IKEV2_A_CONN_REMOTE_ID] = NLA_POLICY_NESTED(ikev2_id_policy),
	[IKEV2_A_CONN_IKE_PROPOSAL] = { .type = NLA_NUL_STRING,
					.len = IKEV2_PROPOSAL_MAX - 1 },
	[IKEV2_A_CONN_ESP_PROPOSAL] = { .type = NLA_NUL_STRING,
					.len = IKEV2_PROPOSAL_MAX - 1 },
	[IKEV2_A_CONN_LOCAL_TS] = NLA_POLICY_NESTED(ikev2_ts_policy),
	[IKEV2_A_CONN_REMOTE_TS] = NLA_POLICY_NESTED(ikev2_ts_policy),
	[IKEV2_A_CONN_IFINDEX] = { .type = NLA_U32 },
	[IKEV2_A_CONN_ENCAP_UDP] = { .type = NLA_FLAG },
	/* Range checked in ikev2_nl_parse_limits(), for a message naming it. */
	[IKEV2_A_CONN_REPLAY_WINDOW] = { .type = NLA_U32 },
	[IKEV2_A_CONN_REKEY_BYTES] = { .type = NLA_U64 },
	[IKEV2_A_CONN_LIFE_BYTES] = { .type = NLA_U64 },
	[IKEV2_A_CONN_IKE_REKEY_TIME] = { .type = NLA_U32 },
};

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

	err = nla_parse_nested(tb, IKEV2_A_ID_MAX, nest, ikev2_id_policy,
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

	err = nla_parse_nested(tb, IKEV2_A_TS_MAX, nest, ikev2_ts_policy,
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
				info->extack->_msg = reason;
				info->extack->bad_attr = attr;
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

static int ikev2_nl_conn_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));
	struct ikev2_conn *conn;
	int err;

	conn = ikev2_conn_alloc();
	if (!conn)
		return -ENOMEM;
	err = ikev2_nl_parse_conn(info, conn);
	if (err)
		goto err_free_conn;

	mutex_lock(&in->conf_lock);
	err = ikev2_conn_add(in, conn);
	mutex_unlock(&in->conf_lock);
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

static int ikev2_nl_conn_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_NAME))
		return -EINVAL;
	mutex_lock(&in->conf_lock);
	err = ikev2_conn_del(in, nla_data(info->attrs[IKEV2_A_CONN_NAME]));
	mutex_unlock(&in->conf_lock);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IKEV2_A_CONN_NAME],
				    "no connection with this name");
	return err;
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

/* One traffic selector nest; conns and Child SAs alike (sa_netlink.c). */
int ikev2_nl_put_ts_nest(struct sk_buff *skb, int type, unsigned int alen,
			 const u8 *start, const u8 *end, u8 protocol,
			 u16 port_start, u16 port_end)
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

static int ikev2_nl_conn_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ikev2_net *in = ikev2_net(genl_info_net(info));
	struct ikev2_conn *conn;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, IKEV2_A_CONN_NAME))
		return -EINVAL;
	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&in->conf_lock);
	conn = ikev2_conn_find(in, nla_data(info->attrs[IKEV2_A_CONN_NAME]));
	err = conn ? ikev2_nl_conn_fill(msg, conn, info->snd_portid,
					info->snd_seq, 0) : -ENOENT;
	mutex_unlock(&in->conf_lock);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IKEV2_A_CONN_NAME],
				    "no connection with this name");
	if (err)
		goto err_free_msg;
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return err;
}

/* cb->args[0]: how many conns earlier parts of this dump returned. */
static int ikev2_nl_conn_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
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

static const struct genl_small_ops ikev2_genl_ops[] = {
	{
		.cmd = IKEV2_CMD_CONN_ADD,
		.flags = GENL_ADMIN_PERM,
		.doit = ikev2_nl_conn_add_doit,
	},
	{
		.cmd = IKEV2_CMD_CONN_DEL,
		.flags = GENL_ADMIN_PERM,
		.doit = ikev2_nl_conn_del_doit,
	},
	{
		.cmd = IKEV2_CMD_CONN_GET,
		.flags = GENL_ADMIN_PERM,
		.doit = ikev2_nl_conn_get_doit,
		.dumpit = ikev2_nl_conn_get_dumpit,
	},
	{
		.cmd = IKEV2_CMD_CONN_UP,
		.flags = GENL_ADMIN_PERM,
		.doit = ikev2_nl_conn_up_doit,
	},
	{
		.cmd = IKEV2_CMD_CONN_DOWN,
		.flags = GENL_ADMIN_PERM,
		.doit = ikev2_nl_conn_down_doit,
	},
	{
		.cmd = IKEV2_CMD_SA_GET,
		.flags = GENL_ADMIN_PERM,
		.dumpit = ikev2_nl_sa_get_dumpit,
	},
	{
		.cmd = IKEV2_CMD_STATS_GET,
		.flags = GENL_ADMIN_PERM,
		.doit = ikev2_nl_stats_get_doit,
	},
};

/* Listening needs CAP_NET_ADMIN too: events name peers and SPIs. */
static const struct genl_multicast_group ikev2_genl_mcgrps[] = {
	[IKEV2_MCGRP_SA_IDX] = { .name = IKEV2_MCGRP_SA, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family ikev2_genl_family __ro_after_init = {
	.name = IKEV2_FAMILY_NAME,
	.version = IKEV2_FAMILY_VERSION,
	.maxattr = IKEV2_A_CONN_MAX,
	.policy = ikev2_conn_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = ikev2_genl_ops,
	.n_small_ops = ARRAY_SIZE(ikev2_genl_ops),
	/* With their own attribute set (dh), hence full ops; helper.c. */
	.ops = ikev2_helper_genl_ops,
	.n_ops = IKEV2_HELPER_N_GENL_OPS,
	.mcgrps = ikev2_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ikev2_genl_mcgrps),
	.resv_start_op = IKEV2_CMD_CONN_ADD,
};

int ikev2_genl_init(void)
{
	return genl_register_family(&ikev2_genl_family);
}

void ikev2_genl_uninit(void)
{
	genl_unregister_family(&ikev2_genl_family);
}
