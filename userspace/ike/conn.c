// SPDX-License-Identifier: GPL-2.0
/*
 * `ike conn add|del|show`: parsed and validated arguments (parse.c) become
 * IKEV2_CMD_CONN_* requests; IKEV2_CMD_CONN_GET replies become text or JSON
 * through the printer (print.c). The module never returns the PSK, and this
 * file would not print it if it did.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/ikev2.h>

#include "ike.h"
#include "nl/nl-policy-gen.h"
#include "nl.h"
#include "parse.h"
#include "print.h"
#include "show.h"

static int ikt_conn_put_id(struct nl_msg *msg, int type,
			   const struct ikt_id *id)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest || nla_put_u8(msg, IKEV2_A_ID_TYPE, id->type) ||
	    nla_put(msg, IKEV2_A_ID_DATA, id->len, id->data))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int ikt_conn_put_ts(struct nl_msg *msg, int type,
			   const struct ikt_ts_list *list)
{
	struct nlattr *nest;
	unsigned int i;

	/* Protocol and ports stay absent: any protocol, all ports. */
	for (i = 0; i < list->n; i++) {
		nest = nla_nest_start(msg, type);
		if (!nest ||
		    nla_put(msg, IKEV2_A_TS_START, list->v[i].len,
			    list->v[i].start) ||
		    nla_put(msg, IKEV2_A_TS_END, list->v[i].len,
			    list->v[i].end))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

static int ikt_conn_put_proposals(struct nl_msg *msg, int type,
				  const struct ikt_proposals *list)
{
	unsigned int i;

	for (i = 0; i < list->n; i++)
		if (nla_put_string(msg, type, list->v[i]))
			return -EMSGSIZE;
	return 0;
}

static int ikt_conn_put(struct nl_msg *msg, const struct ikt_conn_cfg *cfg)
{
	if (nla_put_string(msg, IKEV2_A_CONN_NAME, cfg->name) ||
	    nla_put(msg, IKEV2_A_CONN_LOCAL_ADDR, cfg->local.len,
		    cfg->local.bytes) ||
	    (!cfg->remote_any &&
	     nla_put(msg, IKEV2_A_CONN_REMOTE_ADDR, cfg->remote.len,
		     cfg->remote.bytes)) ||
	    nla_put_u8(msg, IKEV2_A_CONN_AUTH, cfg->auth))
		return -EMSGSIZE;

	if (cfg->auth == IKEV2_AUTH_METHOD_PSK) {
		if (nla_put(msg, IKEV2_A_CONN_PSK, cfg->psk_len, cfg->psk))
			return -EMSGSIZE;
	} else if (nla_put_string(msg, IKEV2_A_CONN_CERT_FILE, cfg->cert) ||
		   nla_put_string(msg, IKEV2_A_CONN_KEY_FILE, cfg->key) ||
		   nla_put_string(msg, IKEV2_A_CONN_CACERT_FILE, cfg->cacert)) {
		return -EMSGSIZE;
	}

	if ((cfg->has_local_id &&
	     ikt_conn_put_id(msg, IKEV2_A_CONN_LOCAL_ID, &cfg->local_id)) ||
	    (cfg->has_remote_id &&
	     ikt_conn_put_id(msg, IKEV2_A_CONN_REMOTE_ID, &cfg->remote_id)) ||
	    ikt_conn_put_proposals(msg, IKEV2_A_CONN_IKE_PROPOSAL, &cfg->ike) ||
	    ikt_conn_put_proposals(msg, IKEV2_A_CONN_ESP_PROPOSAL, &cfg->esp) ||
	    ikt_conn_put_ts(msg, IKEV2_A_CONN_LOCAL_TS, &cfg->local_ts) ||
	    ikt_conn_put_ts(msg, IKEV2_A_CONN_REMOTE_TS, &cfg->remote_ts) ||
	    (cfg->ifindex &&
	     nla_put_u32(msg, IKEV2_A_CONN_IFINDEX, cfg->ifindex)) ||
	    (cfg->encap_udp && nla_put_flag(msg, IKEV2_A_CONN_ENCAP_UDP)) ||
	    /* Absent: the module's default window; 0 bytes: no limit. */
	    (cfg->has_replay_window &&
	     nla_put_u32(msg, IKEV2_A_CONN_REPLAY_WINDOW,
			 cfg->replay_window)) ||
	    (cfg->rekey_bytes &&
	     nla_put_u64(msg, IKEV2_A_CONN_REKEY_BYTES, cfg->rekey_bytes)) ||
	    (cfg->life_bytes &&
	     nla_put_u64(msg, IKEV2_A_CONN_LIFE_BYTES, cfg->life_bytes)) ||
	    (cfg->ike_rekey &&
	     nla_put_u32(msg, IKEV2_A_CONN_IKE_REKEY_TIME, cfg->ike_rekey)))
		return -EMSGSIZE;
	return 0;
}

int ikt_conn_add(int argc, char **argv)
{
	struct ikt_conn_cfg *cfg;
	struct ikt_nl nl = { 0 };
	struct nl_msg *msg = NULL;
	struct ikt_err err;
	char what[IKEV2_CONN_NAME_MAX + 16];
	int ret;

	cfg = ikt_conn_cfg_alloc();
	if (!cfg) {
		fprintf(stderr, "ike: out of memory\n");
		return -ENOMEM;
	}
	ret = ikt_conn_parse_add(argc, argv, cfg, &err);
	if (ret) {
		fprintf(stderr, "ike: conn add: %s\n", err.msg);
		goto out;
	}
	if (cfg->psk_loose_mode)
		fprintf(stderr,
			"ike: warning: psk-file %s is readable by group or others (chmod 600 it)\n",
			cfg->psk_file);
	if (cfg->key_loose_mode)
		fprintf(stderr,
			"ike: warning: key %s is readable by group or others (chmod 600 it)\n",
			cfg->key);

	ret = ikt_nl_open(&nl);
	if (ret)
		goto out;
	msg = ikt_nl_msg(&nl, IKEV2_CMD_CONN_ADD, 0);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	ret = ikt_conn_put(msg, cfg);
	if (ret) {
		fprintf(stderr, "ike: conn add: request too large\n");
		goto out;
	}
	snprintf(what, sizeof(what), "conn add %s", cfg->name);
	ret = ikt_nl_request(&nl, msg, what, NULL, NULL);
out:
	ikt_nl_msg_free(msg);
	ikt_nl_close(&nl);
	ikt_conn_cfg_free(cfg);
	return ret;
}

/* The NAME of conn del and conn show, and nothing after it. */
int ikt_conn_name_arg(const char *verb, int argc, char **argv, char *name)
{
	struct ikt_err err;
	int ret;

	if (argc < 1) {
		fprintf(stderr, "ike: conn %s: missing connection NAME\n", verb);
		return -EINVAL;
	}
	if (argc > 1) {
		fprintf(stderr, "ike: conn %s: unexpected argument \"%s\"\n",
			verb, argv[1]);
		return -EINVAL;
	}
	ret = ikt_parse_name(argv[0], name, &err);
	if (ret)
		fprintf(stderr, "ike: conn %s: %s\n", verb, err.msg);
	return ret;
}

int ikt_conn_del(int argc, char **argv)
{
	char name[IKEV2_CONN_NAME_MAX], what[IKEV2_CONN_NAME_MAX + 16];
	struct ikt_nl nl = { 0 };
	struct nl_msg *msg = NULL;
	int ret;

	ret = ikt_conn_name_arg("del", argc, argv, name);
	if (ret)
		return ret;
	ret = ikt_nl_open(&nl);
	if (ret)
		return ret;
	msg = ikt_nl_conn_msg(&nl, IKEV2_CMD_CONN_DEL, name);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	snprintf(what, sizeof(what), "conn del %s", name);
	ret = ikt_nl_request(&nl, msg, what, NULL, NULL);
out:
	ikt_nl_msg_free(msg);
	ikt_nl_close(&nl);
	return ret;
}

struct ikt_show_id {
	uint8_t type;
	uint16_t len;
	uint8_t data[IKEV2_ID_MAX];
};

static int ikt_conn_parse_id(struct nlattr *nest, struct ikt_show_id *id)
{
	struct nlattr *tb[IKEV2_A_ID_MAX + 1];

	if (nla_parse_nested(tb, IKEV2_A_ID_MAX, nest, ikev2_id_nl_policy) < 0 ||
	    !tb[IKEV2_A_ID_TYPE] || !tb[IKEV2_A_ID_DATA])
		return -EPROTO;
	/* Not left to the policy: this bounds the copy below. */
	if (nla_len(tb[IKEV2_A_ID_DATA]) < 1 ||
	    nla_len(tb[IKEV2_A_ID_DATA]) > IKEV2_ID_MAX)
		return -EPROTO;
	id->type = nla_get_u8(tb[IKEV2_A_ID_TYPE]);
	id->len = nla_len(tb[IKEV2_A_ID_DATA]);
	memcpy(id->data, nla_data(tb[IKEV2_A_ID_DATA]), id->len);
	return 0;
}

/* Text layout: the items of one indented line, separated by blanks. */
struct ikt_line {
	bool open;
};

static void ikt_line_item(struct ikt_line *l)
{
	print_string(PRINT_FP, NULL, "%s", l->open ? " " : "    ");
	l->open = true;
}

static void ikt_line_end(struct ikt_line *l)
{
	if (l->open)
		print_nl();
	l->open = false;
}

/* "kw value" on the text line; "key": value or null in JSON. */
static void ikt_conn_item(struct ikt_line *l, const char *key, const char *kw,
			  const char *value)
{
	if (value) {
		ikt_line_item(l);
		print_string(PRINT_FP, NULL, "%s ", kw);
	}
	print_string(PRINT_ANY, key, "%s", value);
}

/*
 * "kw N" on the text line, a number or null in JSON. Byte counts are u64
 * and print as conn add takes them ("512M"); the window is a u32.
 */
static void ikt_conn_number(struct ikt_line *l, const char *key,
			    const char *kw, struct nlattr *a, bool bytes)
{
	char text[IKT_FMT_BYTES_MAX];
	uint64_t v;

	if (!a) {
		print_null(key);
		return;
	}
	v = bytes ? nla_get_u64(a) : nla_get_u32(a);
	if (bytes)
		ikt_format_bytes(v, text, sizeof(text));
	else
		snprintf(text, sizeof(text), "%" PRIu64, v);
	ikt_line_item(l);
	print_string(PRINT_FP, NULL, "%s ", kw);
	print_string(PRINT_FP, NULL, "%s", text);
	print_u64(PRINT_JSON, key, NULL, v);
}

static void ikt_conn_print_id(struct ikt_line *l, const char *key,
			      const char *kw, const struct ikt_show_id *id,
			      bool present)
{
	char text[IKT_FMT_ID_MAX + 16], value[IKT_FMT_ID_MAX], type[8];
	const char *tname;
	unsigned int i;

	if (!present) {
		print_null(key);
		return;
	}
	tname = ikt_id_type_name(id->type);
	if (!tname ||
	    ikt_format_id(id->type, id->data, id->len, true, text,
			  sizeof(text)) ||
	    ikt_format_id(id->type, id->data, id->len, false, value,
			  sizeof(value))) {
		/* A type this tool cannot spell: number and hex bytes. */
		snprintf(type, sizeof(type), "%u", id->type);
		tname = type;
		for (i = 0; i < id->len; i++)
			sprintf(value + 2 * i, "%02x", id->data[i]);
		value[2 * id->len] = '\0';
		snprintf(text, sizeof(text), "type:%s:%s", type, value);
	}
	ikt_line_item(l);
	print_string(PRINT_FP, NULL, "%s ", kw);
	print_string(PRINT_FP, NULL, "%s", text);
	print_open_object(key);
	print_string(PRINT_JSON, "type", NULL, tname);
	print_string(PRINT_JSON, "value", NULL, value);
	print_close_object();
}

/* Every instance of a multi-attr, comma-joined as `conn add` takes it. */
static void ikt_conn_print_list(struct ikt_line *l, struct nlmsghdr *nlh,
				int type, const char *key, const char *kw)
{
	struct nlattr *attr;
	int rem, n = 0;
	char text[IKT_FMT_TS_MAX];
	struct ikt_ts ts;
	const char *value;

	print_open_array(key);
	nlmsg_for_each_attr(attr, nlh, GENL_HDRLEN, rem) {
		if (nla_type(attr) != type)
			continue;
		if (type == IKEV2_A_CONN_LOCAL_TS ||
		    type == IKEV2_A_CONN_REMOTE_TS) {
			/* Checked by ikt_conn_check_multi(). */
			ikt_ts_parse(attr, &ts);
			ikt_format_ts(&ts, text, sizeof(text));
			value = text;
		} else {
			value = nla_get_string(attr);
		}
		if (!n++) {
			ikt_line_item(l);
			print_string(PRINT_FP, NULL, "%s ", kw);
		} else {
			print_string(PRINT_FP, NULL, "%s", ",");
		}
		print_string(PRINT_ANY, NULL, "%s", value);
	}
	print_close_array();
}

/*
 * genlmsg_parse() keeps the last instance of a multi-attr only: check the
 * others here, before anything of this connection is printed.
 */
static int ikt_conn_check_multi(struct nlmsghdr *nlh)
{
	const struct nla_policy *pol;
	struct ikt_ts ts;
	struct nlattr *attr;
	int rem, type;

	nlmsg_for_each_attr(attr, nlh, GENL_HDRLEN, rem) {
		type = nla_type(attr);
		switch (type) {
		case IKEV2_A_CONN_IKE_PROPOSAL:
		case IKEV2_A_CONN_ESP_PROPOSAL:
			pol = &ikev2_conn_nl_policy[type];
			if (nla_len(attr) < 1 || nla_len(attr) > pol->maxlen ||
			    ((char *)nla_data(attr))[nla_len(attr) - 1])
				return -EPROTO;
			break;
		case IKEV2_A_CONN_LOCAL_TS:
		case IKEV2_A_CONN_REMOTE_TS:
			if (ikt_ts_parse(attr, &ts))
				return -EPROTO;
			break;
		}
	}
	return 0;
}

static const char *ikt_auth_name(uint8_t auth)
{
	switch (auth) {
	case IKEV2_AUTH_METHOD_PSK:
		return "psk";
	case IKEV2_AUTH_METHOD_PUBKEY:
		return "pubkey";
	}
	return NULL;
}

static int ikt_conn_show_one(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[IKEV2_A_CONN_MAX + 1];
	struct ikt_show_id local_id, remote_id;
	char local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN];
	char auth_num[8], dev[IF_NAMESIZE + 16];
	const char *auth;
	struct ikt_line line = { 0 };
	int len;

	(void)arg;
	if (genlmsg_parse(nlh, 0, tb, IKEV2_A_CONN_MAX, ikev2_conn_nl_policy) < 0 ||
	    !tb[IKEV2_A_CONN_NAME] || !tb[IKEV2_A_CONN_LOCAL_ADDR] ||
	    !tb[IKEV2_A_CONN_AUTH] || ikt_conn_check_multi(nlh))
		goto malformed;
	len = nla_len(tb[IKEV2_A_CONN_LOCAL_ADDR]);
	if ((len != 4 && len != 16) ||
	    (tb[IKEV2_A_CONN_REMOTE_ADDR] &&
	     nla_len(tb[IKEV2_A_CONN_REMOTE_ADDR]) != len))
		goto malformed;
	if ((tb[IKEV2_A_CONN_LOCAL_ID] &&
	     ikt_conn_parse_id(tb[IKEV2_A_CONN_LOCAL_ID], &local_id)) ||
	    (tb[IKEV2_A_CONN_REMOTE_ID] &&
	     ikt_conn_parse_id(tb[IKEV2_A_CONN_REMOTE_ID], &remote_id)))
		goto malformed;

	ikt_format_addr(nla_data(tb[IKEV2_A_CONN_LOCAL_ADDR]), len, local,
			sizeof(local));
	if (tb[IKEV2_A_CONN_REMOTE_ADDR])
		ikt_format_addr(nla_data(tb[IKEV2_A_CONN_REMOTE_ADDR]), len,
				remote, sizeof(remote));
	auth = ikt_auth_name(nla_get_u8(tb[IKEV2_A_CONN_AUTH]));
	if (!auth) {
		snprintf(auth_num, sizeof(auth_num), "%u",
			 nla_get_u8(tb[IKEV2_A_CONN_AUTH]));
		auth = auth_num;
	}

	print_open_object(NULL);
	print_string(PRINT_ANY, "name", "%s:",
		     nla_get_string(tb[IKEV2_A_CONN_NAME]));
	print_string(PRINT_ANY, "local", " local %s", local);
	if (tb[IKEV2_A_CONN_REMOTE_ADDR]) {
		print_string(PRINT_ANY, "remote", " remote %s", remote);
	} else {
		/* JSON says "any" with null, text as conn add spells it. */
		print_null("remote");
		print_string(PRINT_FP, NULL, " remote %s", "%any");
	}
	print_string(PRINT_ANY, "auth", " auth %s", auth);
	print_nl();

	ikt_conn_item(&line, "cert", "cert",
		      tb[IKEV2_A_CONN_CERT_FILE] ?
		      nla_get_string(tb[IKEV2_A_CONN_CERT_FILE]) : NULL);
	ikt_conn_item(&line, "key", "key",
		      tb[IKEV2_A_CONN_KEY_FILE] ?
		      nla_get_string(tb[IKEV2_A_CONN_KEY_FILE]) : NULL);
	ikt_conn_item(&line, "cacert", "cacert",
		      tb[IKEV2_A_CONN_CACERT_FILE] ?
		      nla_get_string(tb[IKEV2_A_CONN_CACERT_FILE]) : NULL);
	ikt_line_end(&line);

	ikt_conn_print_id(&line, "local_id", "local-id", &local_id,
			  !!tb[IKEV2_A_CONN_LOCAL_ID]);
	ikt_conn_print_id(&line, "remote_id", "remote-id", &remote_id,
			  !!tb[IKEV2_A_CONN_REMOTE_ID]);
	ikt_line_end(&line);

	ikt_conn_print_list(&line, nlh, IKEV2_A_CONN_IKE_PROPOSAL, "ike",
			    "ike");
	ikt_line_end(&line);
	ikt_conn_print_list(&line, nlh, IKEV2_A_CONN_ESP_PROPOSAL, "esp",
			    "esp");
	ikt_line_end(&line);
	ikt_conn_print_list(&line, nlh, IKEV2_A_CONN_LOCAL_TS, "local_ts",
			    "local-ts");
	ikt_conn_print_list(&line, nlh, IKEV2_A_CONN_REMOTE_TS, "remote_ts",
			    "remote-ts");
	ikt_line_end(&line);

	if (tb[IKEV2_A_CONN_IFINDEX]) {
		unsigned int idx = nla_get_u32(tb[IKEV2_A_CONN_IFINDEX]);

		/* The link may be gone, or renamed since. */
		if (!if_indextoname(idx, dev))
			snprintf(dev, sizeof(dev), "if%u", idx);
	}
	ikt_conn_item(&line, "dev", "dev",
		      tb[IKEV2_A_CONN_IFINDEX] ? dev : NULL);
	ikt_conn_item(&line, "encap", "encap",
		      nla_get_flag(tb[IKEV2_A_CONN_ENCAP_UDP]) ? "udp" : NULL);
	ikt_line_end(&line);

	ikt_conn_number(&line, "replay_window", "replay-window",
			tb[IKEV2_A_CONN_REPLAY_WINDOW], false);
	ikt_conn_number(&line, "rekey_bytes", "rekey-bytes",
			tb[IKEV2_A_CONN_REKEY_BYTES], true);
	ikt_conn_number(&line, "life_bytes", "life-bytes",
			tb[IKEV2_A_CONN_LIFE_BYTES], true);
	ikt_conn_number(&line, "ike_rekey", "ike-rekey",
			tb[IKEV2_A_CONN_IKE_REKEY_TIME], false);
	ikt_line_end(&line);
	print_close_object();
	return 0;

malformed:
	fprintf(stderr, "ike: conn show: malformed reply from the module\n");
	return -EPROTO;
}

int ikt_conn_show(int argc, char **argv)
{
	char name[IKEV2_CONN_NAME_MAX], what[IKEV2_CONN_NAME_MAX + 16];
	struct ikt_nl nl = { 0 };
	struct nl_msg *msg = NULL;
	int ret;

	if (argc >= 1) {
		ret = ikt_conn_name_arg("show", argc, argv, name);
		if (ret)
			return ret;
		snprintf(what, sizeof(what), "conn show %s", name);
	} else {
		snprintf(what, sizeof(what), "conn show");
	}
	ret = ikt_nl_open(&nl);
	if (ret)
		return ret;
	msg = ikt_nl_msg(&nl, IKEV2_CMD_CONN_GET, argc ? 0 : NLM_F_DUMP);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	if (argc && nla_put_string(msg, IKEV2_A_CONN_NAME, name)) {
		ret = -EMSGSIZE;
		goto out;
	}
	/* What was printed before an error stays a complete document. */
	print_open_array(NULL);
	ret = ikt_nl_request(&nl, msg, what, ikt_conn_show_one, NULL);
	print_close_array();
out:
	ikt_nl_msg_free(msg);
	ikt_nl_close(&nl);
	return ret;
}
