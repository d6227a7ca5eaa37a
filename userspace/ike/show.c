// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing and printing of IKE SA state, events and counters; see show.h.
 *
 * Every value the module sends is checked before it is used: the policies
 * bound types and lengths, and the parsers look at each instance of a
 * multi-attr, which nla_parse() alone would skip. The printers then trust
 * what the parsers accepted. Nothing here ever prints key material: the
 * UAPI carries none, and no attribute is printed by type alone.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <netlink/genl/genl.h>

#include "ike_const.h"
#include "nl/nl-policy-gen.h"
#include "print.h"
#include "show.h"

int ikt_ts_parse(struct nlattr *nest, struct ikt_ts *ts)
{
	struct nlattr *tb[IKEV2_A_TS_MAX + 1];
	int len;

	if (nla_parse_nested(tb, IKEV2_A_TS_MAX, nest, ikev2_ts_nl_policy) < 0 ||
	    !tb[IKEV2_A_TS_START] || !tb[IKEV2_A_TS_END])
		return -EPROTO;
	len = nla_len(tb[IKEV2_A_TS_START]);
	if ((len != 4 && len != 16) || nla_len(tb[IKEV2_A_TS_END]) != len)
		return -EPROTO;
	memset(ts, 0, sizeof(*ts));
	ts->len = len;
	memcpy(ts->start, nla_data(tb[IKEV2_A_TS_START]), len);
	memcpy(ts->end, nla_data(tb[IKEV2_A_TS_END]), len);
	ts->protocol = tb[IKEV2_A_TS_PROTOCOL] ?
		       nla_get_u8(tb[IKEV2_A_TS_PROTOCOL]) : 0;
	ts->port_start = tb[IKEV2_A_TS_PORT_START] ?
			 nla_get_u16(tb[IKEV2_A_TS_PORT_START]) : 0;
	ts->port_end = tb[IKEV2_A_TS_PORT_END] ?
		       nla_get_u16(tb[IKEV2_A_TS_PORT_END]) : 65535;
	return 0;
}

static bool ikt_addr_attr_ok(const struct nlattr *a)
{
	return !a || nla_len(a) == 4 || nla_len(a) == 16;
}

int ikt_child_parse(struct nlattr *nest, struct ikt_child_attrs *child)
{
	struct nlattr *attr;
	struct ikt_ts ts;
	int rem;

	if (nla_parse_nested(child->tb, IKEV2_A_CHILD_MAX, nest,
			     ikev2_child_nl_policy) < 0 ||
	    !child->tb[IKEV2_A_CHILD_SPI_IN] ||
	    !child->tb[IKEV2_A_CHILD_SPI_OUT])
		return -EPROTO;
	/* nla_parse_nested() checked only the last selector of each side. */
	nla_for_each_nested(attr, nest, rem) {
		if ((nla_type(attr) == IKEV2_A_CHILD_LOCAL_TS ||
		     nla_type(attr) == IKEV2_A_CHILD_REMOTE_TS) &&
		    ikt_ts_parse(attr, &ts))
			return -EPROTO;
	}
	child->nest = nest;
	return 0;
}

int ikt_sa_parse(struct nlattr *head, int len, struct ikt_sa_attrs *sa)
{
	struct ikt_child_attrs child;
	struct nlattr *attr;
	int rem;

	if (nla_parse(sa->tb, IKEV2_A_SA_MAX, head, len, ikev2_sa_nl_policy) < 0 ||
	    !sa->tb[IKEV2_A_SA_ID] ||
	    !ikt_addr_attr_ok(sa->tb[IKEV2_A_SA_LOCAL_ADDR]) ||
	    !ikt_addr_attr_ok(sa->tb[IKEV2_A_SA_REMOTE_ADDR]))
		return -EPROTO;
	nla_for_each_attr(attr, head, len, rem) {
		if (nla_type(attr) == IKEV2_A_SA_CHILD &&
		    ikt_child_parse(attr, &child))
			return -EPROTO;
	}
	sa->head = head;
	sa->len = len;
	return 0;
}

int ikt_sa_parse_msg(struct nlmsghdr *nlh, struct ikt_sa_attrs *sa)
{
	if (!genlmsg_valid_hdr(nlh, 0))
		return -EPROTO;
	return ikt_sa_parse(genlmsg_attrdata(nlmsg_data(nlh), 0),
			    genlmsg_attrlen(nlmsg_data(nlh), 0), sa);
}

const char *ikt_sa_state_name(uint8_t state)
{
	switch (state) {
	case IKEV2_SA_STATE_CONNECTING:
		return "CONNECTING";
	case IKEV2_SA_STATE_ESTABLISHED:
		return "ESTABLISHED";
	case IKEV2_SA_STATE_DELETING:
		return "DELETING";
	}
	return NULL;
}

const char *ikt_event_name(uint8_t event)
{
	switch (event) {
	case IKEV2_EVENT_ESTABLISHED:
		return "ESTABLISHED";
	case IKEV2_EVENT_CHILD_UP:
		return "CHILD_UP";
	case IKEV2_EVENT_CHILD_FAILED:
		return "CHILD_FAILED";
	case IKEV2_EVENT_CHILD_REKEYED:
		return "CHILD_REKEYED";
	case IKEV2_EVENT_CHILD_DELETED:
		return "CHILD_DELETED";
	case IKEV2_EVENT_IKE_REKEYED:
		return "IKE_REKEYED";
	case IKEV2_EVENT_DELETED:
		return "DELETED";
	case IKEV2_EVENT_FAILED:
		return "FAILED";
	}
	return NULL;
}

const char *ikt_notify_str(uint16_t notify, char *buf, size_t size)
{
	const char *name = ike_notify_name(notify);

	if (name)
		return name;
	snprintf(buf, size, "%u", notify);
	return buf;
}

/* The local reasons the UAPI names (enum ikev2_event, FAILED). */
const char *ikt_event_error_str(uint32_t error)
{
	switch (error) {
	case ENOTCONN:
		return "no ike-helper running";
	case ETIMEDOUT:
		return "peer did not answer";
	case ESRCH:
		return "ike-helper died";
	case EBADMSG:
		return "malformed answer";
	}
	/* Any other errno is the kernel's; strerror() knows them all. */
	return strerror(error);
}

/* ---- text helpers ---- */

/* An indented text line assembled from optional items. */
struct ikt_line {
	const char *indent;
	bool open;
};

static void ikt_line_item(struct ikt_line *l)
{
	print_string(PRINT_FP, NULL, "%s", l->open ? " " : l->indent);
	l->open = true;
}

static void ikt_line_end(struct ikt_line *l)
{
	if (l->open)
		print_nl();
	l->open = false;
}

static void ikt_hex32(char *buf, size_t size, const struct nlattr *a)
{
	snprintf(buf, size, "%08" PRIx32, nla_get_u32(a));
}

static void ikt_hex64(char *buf, size_t size, const struct nlattr *a)
{
	snprintf(buf, size, "%016" PRIx64, nla_get_u64(a));
}

/* JSON: a string, or null without the attribute. Text: nothing. */
static void ikt_json_hex64(const char *key, const struct nlattr *a)
{
	char hex[17];

	if (!a) {
		print_null(key);
		return;
	}
	ikt_hex64(hex, sizeof(hex), a);
	print_string(PRINT_JSON, key, NULL, hex);
}

/*
 * " kw VALUE" as text, a number or null in JSON; @bits is the attribute's
 * type in the policy (16, 32 or 64), which bounds what may be read.
 */
static void ikt_opt_u64(struct ikt_line *l, const char *key, const char *fmt,
			const struct nlattr *a, int bits)
{
	uint64_t v;

	if (!a) {
		print_null(key);
		return;
	}
	if (bits == 16)
		v = nla_get_u16(a);
	else if (bits == 32)
		v = nla_get_u32(a);
	else
		v = nla_get_u64(a);
	if (l)
		ikt_line_item(l);
	print_u64(PRINT_ANY, key, fmt, v);
}

/*
 * Seconds until a rekey or expiry: "rekey-in 3000s". The module sends
 * UINT32_MAX for "never" (no lifetime): text "never", JSON null, as if
 * absent, since no deadline exists.
 */
static void ikt_opt_until(struct ikt_line *l, const char *key,
			  const char *kw, const struct nlattr *a)
{
	char fmt[32];

	if (!a || nla_get_u32(a) == UINT32_MAX) {
		print_null(key);
		if (a) {
			ikt_line_item(l);
			print_string(PRINT_FP, NULL, "%s never", kw);
		}
		return;
	}
	snprintf(fmt, sizeof(fmt), "%s %%" PRIu64 "s", kw);
	ikt_opt_u64(l, key, fmt, a, 32);
}

/* A string attribute, or null. */
static void ikt_opt_string(struct ikt_line *l, const char *key,
			   const char *fmt, struct nlattr *a)
{
	if (!a) {
		print_null(key);
		return;
	}
	if (l)
		ikt_line_item(l);
	print_string(PRINT_ANY, key, fmt, nla_get_string(a));
}

/* "192.0.2.1:500", "[2001:db8::1]:4500", or the address alone. */
static void ikt_format_endpoint(const struct nlattr *addr,
				const struct nlattr *port, char *buf,
				size_t size)
{
	char a[INET6_ADDRSTRLEN];
	int len = nla_len(addr);

	ikt_format_addr(nla_data(addr), len, a, sizeof(a));
	if (!port)
		snprintf(buf, size, "%s", a);
	else if (len == 4)
		snprintf(buf, size, "%s:%u", a,
			 nla_get_u16(port));
	else
		snprintf(buf, size, "[%s]:%u", a,
			 nla_get_u16(port));
}

static void ikt_json_addr(const char *key, const struct nlattr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (!a) {
		print_null(key);
		return;
	}
	ikt_format_addr(nla_data(a), nla_len(a), buf, sizeof(buf));
	print_string(PRINT_JSON, key, NULL, buf);
}

/* ---- sa show ---- */

/* One side's selectors: comma-joined text, an array of strings in JSON. */
static void ikt_child_print_ts(const struct ikt_child_attrs *c, int type,
			       const char *key)
{
	char text[IKT_FMT_TS_MAX];
	struct nlattr *attr;
	struct ikt_ts ts;
	int rem, n = 0;

	print_open_array(key);
	nla_for_each_nested(attr, c->nest, rem) {
		if (nla_type(attr) != type)
			continue;
		ikt_ts_parse(attr, &ts);	/* checked by ikt_child_parse() */
		ikt_format_ts(&ts, text, sizeof(text));
		if (n++)
			print_string(PRINT_FP, NULL, "%s", ",");
		print_string(PRINT_ANY, NULL, "%s", text);
	}
	if (!n)
		print_string(PRINT_FP, NULL, "%s", "-");
	print_close_array();
}

/*
 * The ikev2 link a Child SA carries: "dev ike0" on the text line ("dev
 * if7" when the index has no name here, the link gone or in another
 * namespace), ifindex and ifname (or null) in JSON.
 */
static void ikt_child_print_dev(const struct nlattr *a)
{
	char name[IF_NAMESIZE], text[IF_NAMESIZE + 16];
	bool named;

	if (!a) {
		print_null("ifindex");
		print_null("ifname");
		return;
	}
	named = if_indextoname(nla_get_u32(a), name);
	if (named)
		snprintf(text, sizeof(text), "%s", name);
	else
		snprintf(text, sizeof(text), "if%" PRIu32, nla_get_u32(a));
	print_string(PRINT_FP, NULL, " dev %s", text);
	print_u64(PRINT_JSON, "ifindex", NULL, nla_get_u32(a));
	print_string(PRINT_JSON, "ifname", NULL, named ? name : NULL);
}

/* A byte limit: "rekey-bytes 512M" as conn add takes it, a number in JSON. */
static void ikt_child_print_limit(struct ikt_line *l, const char *key,
				  const char *kw, const struct nlattr *a)
{
	char text[IKT_FMT_BYTES_MAX];

	if (!a) {
		print_null(key);
		return;
	}
	ikt_format_bytes(nla_get_u64(a), text, sizeof(text));
	ikt_line_item(l);
	print_string(PRINT_FP, NULL, "%s ", kw);
	print_string(PRINT_FP, NULL, "%s", text);
	print_u64(PRINT_JSON, key, NULL, nla_get_u64(a));
}

/* Why the data path dropped packets of a Child SA, as the UAPI counts. */
static const struct {
	int attr;
	const char *key;	/* JSON */
	const char *kw;		/* text */
} ikt_child_drops[] = {
	{ IKEV2_A_CHILD_RX_REPLAY, "rx_replay", "rx-replay" },
	{ IKEV2_A_CHILD_RX_AUTH_FAILED, "rx_auth_failed", "rx-auth-failed" },
	{ IKEV2_A_CHILD_RX_BAD_PADDING, "rx_bad_padding", "rx-bad-padding" },
	{ IKEV2_A_CHILD_RX_SELECTOR, "rx_selector", "rx-selector" },
	{ IKEV2_A_CHILD_RX_MALFORMED, "rx_malformed", "rx-malformed" },
	{ IKEV2_A_CHILD_TX_ERRORS, "tx_errors", "tx-errors" },
};

/*
 * Text: "drops rx-replay 3 tx-errors 1", the reasons that happened only,
 * no line when none did. JSON: every counter, null when not reported.
 */
static void ikt_child_print_drops(const struct ikt_child_attrs *c,
				  struct ikt_line *l)
{
	char fmt[40];
	uint64_t v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ikt_child_drops); i++) {
		const struct nlattr *a = c->tb[ikt_child_drops[i].attr];

		if (!a) {
			print_null(ikt_child_drops[i].key);
			continue;
		}
		v = nla_get_u64(a);
		print_u64(PRINT_JSON, ikt_child_drops[i].key, NULL, v);
		if (!v)
			continue;
		if (!l->open) {
			ikt_line_item(l);
			print_string(PRINT_FP, NULL, "%s", "drops");
		}
		snprintf(fmt, sizeof(fmt), " %s %%" PRIu64,
			 ikt_child_drops[i].kw);
		print_u64(PRINT_FP, NULL, fmt, v);
	}
	ikt_line_end(l);
}

static void ikt_child_print(const struct ikt_child_attrs *c)
{
	struct nlattr *const *tb = c->tb;
	struct ikt_line line = { .indent = "        " };
	char in[9], out[9];

	ikt_hex32(in, sizeof(in), tb[IKEV2_A_CHILD_SPI_IN]);
	ikt_hex32(out, sizeof(out), tb[IKEV2_A_CHILD_SPI_OUT]);

	print_open_object(NULL);
	print_string(PRINT_FP, NULL, "    child %s", in);
	print_string(PRINT_FP, NULL, "/%s", out);
	print_string(PRINT_JSON, "spi_in", NULL, in);
	print_string(PRINT_JSON, "spi_out", NULL, out);
	ikt_opt_string(NULL, "proposal", " esp %s", tb[IKEV2_A_CHILD_PROPOSAL]);
	print_bool(PRINT_ANY, "encap_udp", " encap udp",
		   nla_get_flag(tb[IKEV2_A_CHILD_ENCAP_UDP]));
	print_bool(PRINT_ANY, "esn", " esn",
		   nla_get_flag(tb[IKEV2_A_CHILD_ESN]));
	ikt_child_print_dev(tb[IKEV2_A_CHILD_IFINDEX]);
	print_nl();

	print_string(PRINT_FP, NULL, "%s", line.indent);
	ikt_child_print_ts(c, IKEV2_A_CHILD_LOCAL_TS, "local_ts");
	print_string(PRINT_FP, NULL, "%s", " === ");
	ikt_child_print_ts(c, IKEV2_A_CHILD_REMOTE_TS, "remote_ts");
	print_nl();

	ikt_opt_u64(&line, "bytes_in", "in %" PRIu64 " bytes",
		    tb[IKEV2_A_CHILD_BYTES_IN], 64);
	ikt_opt_u64(&line, "packets_in", "%" PRIu64 " packets",
		    tb[IKEV2_A_CHILD_PACKETS_IN], 64);
	ikt_opt_u64(&line, "bytes_out", "out %" PRIu64 " bytes",
		    tb[IKEV2_A_CHILD_BYTES_OUT], 64);
	ikt_opt_u64(&line, "packets_out", "%" PRIu64 " packets",
		    tb[IKEV2_A_CHILD_PACKETS_OUT], 64);
	ikt_line_end(&line);

	ikt_opt_u64(&line, "seq_out", "seq-out %" PRIu64,
		    tb[IKEV2_A_CHILD_SEQ_OUT], 64);
	ikt_opt_u64(&line, "seq_in", "seq-in %" PRIu64,
		    tb[IKEV2_A_CHILD_SEQ_IN], 64);
	ikt_opt_u64(&line, "replay_window", "replay-window %" PRIu64,
		    tb[IKEV2_A_CHILD_REPLAY_WINDOW], 32);
	ikt_child_print_limit(&line, "rekey_bytes", "rekey-bytes",
			      tb[IKEV2_A_CHILD_REKEY_BYTES]);
	ikt_child_print_limit(&line, "life_bytes", "life-bytes",
			      tb[IKEV2_A_CHILD_LIFE_BYTES]);
	ikt_line_end(&line);

	ikt_child_print_drops(c, &line);

	ikt_opt_u64(&line, "age", "age %" PRIu64 "s", tb[IKEV2_A_CHILD_AGE],
		    64);
	ikt_opt_until(&line, "rekey_in", "rekey-in",
		      tb[IKEV2_A_CHILD_REKEY_IN]);
	ikt_opt_until(&line, "expire_in", "expire-in",
		      tb[IKEV2_A_CHILD_EXPIRE_IN]);
	ikt_line_end(&line);
	print_close_object();
}

void ikt_sa_print(const struct ikt_sa_attrs *sa)
{
	struct nlattr *const *tb = sa->tb;
	struct ikt_line line = { .indent = "", .open = true };
	struct ikt_child_attrs child;
	char buf[INET6_ADDRSTRLEN + 16], spi_i[17], spi_r[17];
	char local[INET6_ADDRSTRLEN + 16];
	const char *state = NULL;
	struct nlattr *attr;
	int rem;

	print_open_object(NULL);
	print_u64(PRINT_ANY, "id", "sa %" PRIu64 ":",
		  nla_get_u32(tb[IKEV2_A_SA_ID]));
	ikt_opt_string(&line, "conn", "%s", tb[IKEV2_A_SA_CONN_NAME]);
	if (tb[IKEV2_A_SA_STATE]) {
		state = ikt_sa_state_name(nla_get_u8(tb[IKEV2_A_SA_STATE]));
		if (!state) {
			snprintf(buf, sizeof(buf), "%u",
				 nla_get_u8(tb[IKEV2_A_SA_STATE]));
			state = buf;
		}
	}
	print_string(PRINT_ANY, "state", " %s", state);
	print_bool(PRINT_JSON, "initiator", NULL,
		   nla_get_flag(tb[IKEV2_A_SA_INITIATOR]));
	print_string(PRINT_FP, NULL, " %s",
		     nla_get_flag(tb[IKEV2_A_SA_INITIATOR]) ? "initiator" :
							      "responder");

	/* The pair as strongSwan writes it: initiator's SPI first. */
	if (tb[IKEV2_A_SA_SPI_I] && tb[IKEV2_A_SA_SPI_R]) {
		ikt_hex64(spi_i, sizeof(spi_i), tb[IKEV2_A_SA_SPI_I]);
		ikt_hex64(spi_r, sizeof(spi_r), tb[IKEV2_A_SA_SPI_R]);
		print_string(PRINT_FP, NULL, " spi %s", spi_i);
		print_string(PRINT_FP, NULL, "_%s", spi_r);
	}
	ikt_json_hex64("spi_i", tb[IKEV2_A_SA_SPI_I]);
	ikt_json_hex64("spi_r", tb[IKEV2_A_SA_SPI_R]);

	if (tb[IKEV2_A_SA_LOCAL_ADDR] && tb[IKEV2_A_SA_REMOTE_ADDR]) {
		ikt_format_endpoint(tb[IKEV2_A_SA_LOCAL_ADDR],
				    tb[IKEV2_A_SA_LOCAL_PORT], local,
				    sizeof(local));
		ikt_format_endpoint(tb[IKEV2_A_SA_REMOTE_ADDR],
				    tb[IKEV2_A_SA_REMOTE_PORT], buf,
				    sizeof(buf));
		print_string(PRINT_FP, NULL, " %s", local);
		print_string(PRINT_FP, NULL, " -> %s", buf);
	}
	ikt_json_addr("local_addr", tb[IKEV2_A_SA_LOCAL_ADDR]);
	ikt_opt_u64(NULL, "local_port", NULL, tb[IKEV2_A_SA_LOCAL_PORT], 16);
	ikt_json_addr("remote_addr", tb[IKEV2_A_SA_REMOTE_ADDR]);
	ikt_opt_u64(NULL, "remote_port", NULL, tb[IKEV2_A_SA_REMOTE_PORT],
		    16);
	print_bool(PRINT_ANY, "nat_local", " nat-local",
		   nla_get_flag(tb[IKEV2_A_SA_NAT_LOCAL]));
	print_bool(PRINT_ANY, "nat_remote", " nat-remote",
		   nla_get_flag(tb[IKEV2_A_SA_NAT_REMOTE]));
	ikt_opt_string(&line, "proposal", "ike %s", tb[IKEV2_A_SA_PROPOSAL]);
	ikt_opt_u64(&line, "age", "age %" PRIu64 "s", tb[IKEV2_A_SA_AGE],
		    64);
	ikt_opt_until(&line, "rekey_in", "rekey-in",
		      tb[IKEV2_A_SA_REKEY_IN]);
	print_nl();

	print_open_array("children");
	nla_for_each_attr(attr, sa->head, sa->len, rem) {
		if (nla_type(attr) != IKEV2_A_SA_CHILD)
			continue;
		ikt_child_parse(attr, &child);	/* checked by ikt_sa_parse() */
		ikt_child_print(&child);
	}
	print_close_array();
	print_close_object();
}

/* ---- monitor ---- */

void ikt_event_print(const struct ikt_sa_attrs *ev)
{
	struct nlattr *const *tb = ev->tb;
	struct ikt_line line = { .indent = "", .open = true };
	struct ikt_child_attrs child;
	char num[8], spi_i[17], spi_r[17], in[9], out[9];
	const char *name = NULL;
	bool have_child = false;

	if (tb[IKEV2_A_SA_EVENT]) {
		name = ikt_event_name(nla_get_u8(tb[IKEV2_A_SA_EVENT]));
		if (!name) {
			snprintf(num, sizeof(num), "%u",
				 nla_get_u8(tb[IKEV2_A_SA_EVENT]));
			name = num;
		}
	}
	print_open_object(NULL);
	print_string(PRINT_ANY, "event", "%s", name ? name : "?");
	print_u64(PRINT_ANY, "id", " sa %" PRIu64,
		  nla_get_u32(tb[IKEV2_A_SA_ID]));
	ikt_opt_string(&line, "conn", "conn %s", tb[IKEV2_A_SA_CONN_NAME]);
	if (tb[IKEV2_A_SA_SPI_I] && tb[IKEV2_A_SA_SPI_R]) {
		ikt_hex64(spi_i, sizeof(spi_i), tb[IKEV2_A_SA_SPI_I]);
		ikt_hex64(spi_r, sizeof(spi_r), tb[IKEV2_A_SA_SPI_R]);
		print_string(PRINT_FP, NULL, " spi %s", spi_i);
		print_string(PRINT_FP, NULL, "_%s", spi_r);
	}
	ikt_json_hex64("spi_i", tb[IKEV2_A_SA_SPI_I]);
	ikt_json_hex64("spi_r", tb[IKEV2_A_SA_SPI_R]);

	/* Checked by ikt_sa_parse(). */
	if (tb[IKEV2_A_SA_CHILD])
		have_child = !ikt_child_parse(tb[IKEV2_A_SA_CHILD], &child);
	if (have_child) {
		ikt_hex32(in, sizeof(in), child.tb[IKEV2_A_CHILD_SPI_IN]);
		ikt_hex32(out, sizeof(out), child.tb[IKEV2_A_CHILD_SPI_OUT]);
		print_string(PRINT_FP, NULL, " child %s", in);
		print_string(PRINT_FP, NULL, "/%s", out);
		print_open_object("child");
		print_string(PRINT_JSON, "spi_in", NULL, in);
		print_string(PRINT_JSON, "spi_out", NULL, out);
		print_close_object();
	} else {
		print_null("child");
	}

	if (tb[IKEV2_A_SA_NOTIFY] && nla_get_u16(tb[IKEV2_A_SA_NOTIFY]))
		print_string(PRINT_ANY, "notify", " notify %s",
			     ikt_notify_str(nla_get_u16(tb[IKEV2_A_SA_NOTIFY]),
					    num, sizeof(num)));
	else
		print_null("notify");
	/* Free text: last on the line. */
	if (tb[IKEV2_A_SA_ERROR] && nla_get_u32(tb[IKEV2_A_SA_ERROR]))
		print_string(PRINT_ANY, "error", " error %s",
			     ikt_event_error_str(nla_get_u32(tb[IKEV2_A_SA_ERROR])));
	else
		print_null("error");
	print_close_object();
	print_nl();
}

/* ---- stats ---- */

static const char *const ikt_stats_names[IKEV2_A_STATS_MAX + 1] = {
	[IKEV2_A_STATS_RX_PACKETS]	= "rx_packets",
	[IKEV2_A_STATS_RX_MALFORMED]	= "rx_malformed",
	[IKEV2_A_STATS_RX_NO_SA]	= "rx_no_sa",
	[IKEV2_A_STATS_RX_NO_CONN]	= "rx_no_conn",
	[IKEV2_A_STATS_RX_QUEUE_FULL]	= "rx_queue_full",
	[IKEV2_A_STATS_RX_ESP_TOO_SHORT]	= "rx_esp_too_short",
	[IKEV2_A_STATS_TX_PACKETS]	= "tx_packets",
	[IKEV2_A_STATS_TX_ERRORS]	= "tx_errors",
	[IKEV2_A_STATS_COOKIES_SENT]	= "cookies_sent",
	[IKEV2_A_STATS_HALF_OPEN]	= "half_open",
	[IKEV2_A_STATS_IKE_SAS]		= "ike_sas",
	[IKEV2_A_STATS_ESP_RX_PACKETS]	= "esp_rx_packets",
	[IKEV2_A_STATS_ESP_RX_NO_SA]	= "esp_rx_no_sa",
	[IKEV2_A_STATS_ESP_RX_CHILD_DROPPED]	= "esp_rx_child_dropped",
	[IKEV2_A_STATS_ESP_RX_HELD]	= "esp_rx_held",
	[IKEV2_A_STATS_ESP_TX_PACKETS]	= "esp_tx_packets",
	[IKEV2_A_STATS_ESP_TX_NO_SA]	= "esp_tx_no_sa",
	[IKEV2_A_STATS_ESP_TX_ERRORS]	= "esp_tx_errors",
	[IKEV2_A_STATS_ESP_CHILD_SAS]	= "esp_child_sas",
};

int ikt_stats_parse(struct nlattr *head, int len, struct nlattr **tb)
{
	if (nla_parse(tb, IKEV2_A_STATS_MAX, head, len, ikev2_stats_nl_policy) < 0)
		return -EPROTO;
	return 0;
}

void ikt_stats_print(struct nlattr **tb)
{
	char fmt[40];
	int i;

	print_open_object(NULL);
	for (i = 1; i <= IKEV2_A_STATS_MAX; i++) {
		if (!ikt_stats_names[i])	/* pad */
			continue;
		if (!tb[i]) {
			print_null(ikt_stats_names[i]);
			continue;
		}
		snprintf(fmt, sizeof(fmt), "%s %%" PRIu64 "\n",
			 ikt_stats_names[i]);
		print_u64(PRINT_ANY, ikt_stats_names[i], fmt,
			  ikev2_stats_nl_policy[i].type == NLA_U32 ?
			  nla_get_u32(tb[i]) : nla_get_u64(tb[i]));
	}
	print_close_object();
}

/* ---- conn up ---- */

/* The notify if there is one, else the local error, else @none. */
static const char *ikt_event_reason(struct nlattr *const *tb, char *buf,
				    size_t size, const char *none)
{
	if (tb[IKEV2_A_SA_NOTIFY] && nla_get_u16(tb[IKEV2_A_SA_NOTIFY]))
		return ikt_notify_str(nla_get_u16(tb[IKEV2_A_SA_NOTIFY]), buf,
				      size);
	if (tb[IKEV2_A_SA_ERROR] && nla_get_u32(tb[IKEV2_A_SA_ERROR]))
		return ikt_event_error_str(nla_get_u32(tb[IKEV2_A_SA_ERROR]));
	return none;
}

enum ikt_up_state ikt_up_event(const struct ikt_sa_attrs *ev, uint32_t id,
			       struct ikt_up_result *res)
{
	struct nlattr *const *tb = ev->tb;
	struct ikt_child_attrs child;
	const char *reason;
	char num[8];

	if (nla_get_u32(tb[IKEV2_A_SA_ID]) != id || !tb[IKEV2_A_SA_EVENT])
		return IKT_UP_WAIT;

	switch (nla_get_u8(tb[IKEV2_A_SA_EVENT])) {
	case IKEV2_EVENT_CHILD_UP:
		if (!tb[IKEV2_A_SA_CHILD] ||
		    ikt_child_parse(tb[IKEV2_A_SA_CHILD], &child))
			return IKT_UP_WAIT;
		res->spi_in = nla_get_u32(child.tb[IKEV2_A_CHILD_SPI_IN]);
		res->spi_out = nla_get_u32(child.tb[IKEV2_A_CHILD_SPI_OUT]);
		return IKT_UP_DONE;
	case IKEV2_EVENT_CHILD_FAILED:
		snprintf(res->why, sizeof(res->why),
			 "IKE SA %u established, but the Child SA failed: %s",
			 id, ikt_event_reason(tb, num, sizeof(num),
					      "no reason given"));
		return IKT_UP_FAILED;
	case IKEV2_EVENT_FAILED:
		snprintf(res->why, sizeof(res->why), "%s",
			 ikt_event_reason(tb, num, sizeof(num),
					  "IKE SA failed, no reason given"));
		return IKT_UP_FAILED;
	case IKEV2_EVENT_DELETED:
		reason = ikt_event_reason(tb, num, sizeof(num), NULL);
		snprintf(res->why, sizeof(res->why),
			 "IKE SA %u was deleted before its Child SA was up%s%s",
			 id, reason ? ": " : "", reason ? reason : "");
		return IKT_UP_FAILED;
	}
	/* ESTABLISHED comes first; the rest cannot matter yet. */
	return IKT_UP_WAIT;
}

void ikt_up_print(const char *name, uint32_t id,
		  const struct ikt_up_result *res)
{
	char in[9], out[9];

	snprintf(in, sizeof(in), "%08" PRIx32, res->spi_in);
	snprintf(out, sizeof(out), "%08" PRIx32, res->spi_out);
	print_open_object(NULL);
	print_string(PRINT_ANY, "conn", "conn %s:", name);
	print_u64(PRINT_ANY, "id", " IKE SA %" PRIu64 " established,", id);
	print_string(PRINT_ANY, "spi_in", " Child SA %s", in);
	print_string(PRINT_ANY, "spi_out", "/%s installed", out);
	print_close_object();
	print_nl();
}

void ikt_conn_req_error(const char *verb, const char *name, int err,
			const char *ext, char *buf, size_t size)
{
	const char *e = strerror(-err);

	switch (-err) {
	case ENOTCONN:
		snprintf(buf, size, "conn %s %s: no ike-helper running in this namespace",
			 verb, name);
		return;
	case ENOENT:
		snprintf(buf, size, "conn %s %s: no such connection", verb,
			 name);
		return;
	case EALREADY:
		snprintf(buf, size, "conn %s %s: already up", verb, name);
		return;
	case ESRCH:
		snprintf(buf, size, "conn %s has no SA", name);
		return;
	}
	if (ext && *ext)
		snprintf(buf, size, "conn %s %s: %s: %s", verb, name, ext, e);
	else
		snprintf(buf, size, "conn %s %s: %s", verb, name, e);
}
