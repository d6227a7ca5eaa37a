// SPDX-License-Identifier: GPL-2.0
/*
 * Connection definitions of a namespace: the list ikev2_net.conns and the
 * lifetime of its entries. Parsing them from netlink lives in netlink.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>

#include "conn.h"
#include "sa.h"
#include "socket.h"
#include "ike/ike_proposal.h"

struct ikev2_conn *ikev2_conn_alloc(void)
{
	return kzalloc(sizeof(struct ikev2_conn), GFP_KERNEL);
}

void ikev2_conn_free(struct ikev2_conn *conn)
{
	unsigned int i;

	if (!conn)
		return;
	kfree_sensitive(conn->psk);
	kfree(conn->cert_file);
	kfree(conn->key_file);
	kfree(conn->cacert_file);
	for (i = 0; i < conn->n_ike; i++)
		kfree(conn->ike[i]);
	for (i = 0; i < conn->n_esp; i++)
		kfree(conn->esp[i]);
	kfree(conn);
}

struct ikev2_conn *ikev2_conn_find(struct ikev2_net *in, const char *name)
{
	struct ikev2_conn *conn;

	lockdep_assert_held(&in->conf_lock);
	list_for_each_entry(conn, &in->conns, node)
		if (!strcmp(conn->name, name))
			return conn;
	return NULL;
}

/*
 * On success the namespace owns @conn, which holds the sockets of its local
 * address; on error the caller still owns it.
 */
int ikev2_conn_add(struct ikev2_net *in, struct ikev2_conn *conn)
{
	int err;

	lockdep_assert_held(&in->conf_lock);
	if (ikev2_conn_find(in, conn->name))
		return -EEXIST;
	if (in->conn_count >= IKEV2_NET_CONNS_MAX)
		return -ENOSPC;
	err = ikev2_sock_get(in, conn->local_addr, conn->addr_len, &conn->sock);
	if (err)
		return err;
	list_add_tail(&conn->node, &in->conns);
	in->conn_count++;
	return 0;
}

void ikev2_conn_del(struct ikev2_net *in, struct ikev2_conn *conn)
{
	lockdep_assert_held(&in->conf_lock);
	/* Its SAs first: they point at it and send through its socket. */
	ikev2_sa_flush(in, conn, true);
	list_del(&conn->node);
	in->conn_count--;
	ikev2_sock_put(conn->sock);
	ikev2_conn_free(conn);
}

void ikev2_conn_flush(struct ikev2_net *in)
{
	struct ikev2_conn *conn, *tmp;

	lockdep_assert_held(&in->conf_lock);
	ikev2_sa_flush(in, NULL, false);
	list_for_each_entry_safe(conn, tmp, &in->conns, node) {
		list_del(&conn->node);
		ikev2_sock_put(conn->sock);
		ikev2_conn_free(conn);
	}
	in->conn_count = 0;
}

/*
 * A proposal string is checked with the protocol core's parser, the same
 * one the `ike` tool uses, so both sides agree on what is valid. Returns 0
 * or a negative errno with *@reason set to static text.
 */
int ikev2_conn_check_proposal(const char *proposal, bool esp,
			      const char **reason)
{
	struct ike_prop_list *list;
	struct ike_err err = {};
	int ret;

	list = kzalloc(sizeof(*list), GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	ret = ike_prop_parse(proposal, strlen(proposal),
			     esp ? IKE_PROTO_ESP : IKE_PROTO_IKE, list, &err);
	kfree(list);
	*reason = err.reason ? err.reason : "invalid proposal";
	return ret;
}
