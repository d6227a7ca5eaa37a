// SPDX-License-Identifier: GPL-2.0
/*
 * `ike` argument parsing and validation; see parse.h. No netlink here, so
 * that selftests/tool/test_parse.c can drive every rule without the module.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ike_proposal.h"
#include "parse.h"

int ikt_err_set(struct ikt_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -errnum;
}

static void ikt_err_prefix(struct ikt_err *err, const char *prefix)
{
	char msg[sizeof(err->msg)];

	memcpy(msg, err->msg, sizeof(msg));
	snprintf(err->msg, sizeof(err->msg), "%.64s: %.400s", prefix, msg);
}

/* Same rule as the module's (kmod/netlink.c): letters, digits, '.', '_', '-'. */
int ikt_parse_name(const char *s, char *name, struct ikt_err *err)
{
	size_t len = strlen(s), i;

	if (!len)
		return ikt_err_set(err, EINVAL, "empty connection name");
	if (len >= IKEV2_CONN_NAME_MAX)
		return ikt_err_set(err, ENAMETOOLONG,
				   "connection name \"%.32s...\" is longer than %d characters",
				   s, IKEV2_CONN_NAME_MAX - 1);
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return ikt_err_set(err, EINVAL,
					   "connection name \"%s\": only letters, digits, '.', '_' and '-' are allowed",
					   s);
	memcpy(name, s, len + 1);
	return 0;
}

/* inet_pton() alone: no host names, no scope ids, no short forms. */
static bool ikt_pton(const char *s, struct ikt_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, s, addr->bytes) == 1) {
		addr->family = AF_INET;
		addr->len = 4;
		return true;
	}
	if (inet_pton(AF_INET6, s, addr->bytes) == 1) {
		addr->family = AF_INET6;
		addr->len = 16;
		return true;
	}
	return false;
}

/* An IKE endpoint: not 0.0.0.0/::, not multicast, not 255.255.255.255. */
static bool ikt_addr_is_unicast(const struct ikt_addr *a)
{
	static const uint8_t zero[16];

	if (!memcmp(a->bytes, zero, a->len))
		return false;
	if (a->family == AF_INET)
		return (a->bytes[0] & 0xf0) != 0xe0 &&
		       memcmp(a->bytes, "\xff\xff\xff\xff", 4);
	return a->bytes[0] != 0xff;
}

int ikt_parse_endpoint(const char *kw, const char *s, struct ikt_addr *addr,
		       struct ikt_err *err)
{
	if (!ikt_pton(s, addr))
		return ikt_err_set(err, EINVAL,
				   "%s \"%s\" is not an IPv4 or IPv6 address",
				   kw, s);
	if (!ikt_addr_is_unicast(addr))
		return ikt_err_set(err, EINVAL,
				   "%s %s is not a unicast address", kw, s);
	return 0;
}

/*
 * A plain decimal number up to @max: strtoul() alone would take "+8",
 * " 8" and "0x8". -EINVAL: not a number; -ERANGE: above @max.
 */
static int ikt_parse_decimal(const char *s, unsigned long max,
			     unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int ikt_parse_prefix_len(const char *s, unsigned int max,
				unsigned int *plen)
{
	unsigned long v;

	if (ikt_parse_decimal(s, max, &v))
		return -EINVAL;
	*plen = v;
	return 0;
}

int ikt_parse_cidr(const char *s, struct ikt_ts *ts, struct ikt_err *err)
{
	char buf[INET6_ADDRSTRLEN + 8];
	struct ikt_addr addr;
	unsigned int plen, i;
	char *slash;
	bool host_bits = false;

	if (strlen(s) >= sizeof(buf))
		return ikt_err_set(err, EINVAL,
				   "\"%.64s...\" is not an address or CIDR prefix",
				   s);
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (!ikt_pton(buf, &addr))
		return ikt_err_set(err, EINVAL,
				   "\"%s\" is not an address or CIDR prefix (bad address \"%s\")",
				   s, buf);
	plen = addr.len * 8;
	if (slash && ikt_parse_prefix_len(slash + 1, addr.len * 8, &plen))
		return ikt_err_set(err, EINVAL,
				   "\"%s\": prefix length \"%s\" is not a number from 0 to %u",
				   s, slash + 1, addr.len * 8);

	memset(ts, 0, sizeof(*ts));
	ts->len = addr.len;
	ts->port_end = 65535;
	for (i = 0; i < addr.len; i++) {
		unsigned int bits = plen > i * 8 ? plen - i * 8 : 0;
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);

		if (addr.bytes[i] & ~mask)
			host_bits = true;
		ts->start[i] = addr.bytes[i] & mask;
		ts->end[i] = addr.bytes[i] | (uint8_t)~mask;
	}
	if (host_bits) {
		char net[INET6_ADDRSTRLEN];

		inet_ntop(addr.family, ts->start, net, sizeof(net));
		return ikt_err_set(err, EINVAL,
				   "\"%s\" has host bits set (the prefix is %s/%u)",
				   s, net, plen);
	}
	return 0;
}

/*
 * Calls @fn on each element of the comma-separated @list, copied out
 * NUL-terminated (shorter than @max), so that @list itself stays intact.
 */
static int ikt_for_each_elem(const char *list, const char *what, size_t max,
			     int (*fn)(const char *elem, void *arg,
				       struct ikt_err *err),
			     void *arg, struct ikt_err *err)
{
	char elem[IKEV2_PROPOSAL_MAX + 1];
	const char *p = list, *comma;
	size_t len;
	int ret;

	for (;;) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (!len)
			return ikt_err_set(err, EINVAL,
					   "%s \"%s\": empty list element",
					   what, list);
		if (len >= max || len >= sizeof(elem))
			return ikt_err_set(err, EINVAL,
					   "%s: element \"%.32s...\" is longer than %zu characters",
					   what, p, max - 1);
		memcpy(elem, p, len);
		elem[len] = '\0';
		ret = fn(elem, arg, err);
		if (ret)
			return ret;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

static int ikt_ts_list_add(const char *elem, void *arg, struct ikt_err *err)
{
	struct ikt_ts_list *list = arg;

	if (list->n >= IKT_CONN_TS_MAX)
		return ikt_err_set(err, E2BIG,
				   "more than %d traffic selectors in one list",
				   IKT_CONN_TS_MAX);
	return ikt_parse_cidr(elem, &list->v[list->n++], err);
}

int ikt_parse_ts_list(const char *s, struct ikt_ts_list *list,
		      struct ikt_err *err)
{
	list->n = 0;
	return ikt_for_each_elem(s, "selector list", INET6_ADDRSTRLEN + 5,
				 ikt_ts_list_add, list, err);
}

struct ikt_proposal_arg {
	struct ikt_proposals *list;
	bool esp;
};

/*
 * Proposal strings are checked by the protocol core's own parser,
 * ike_prop_parse(), compiled into the tool: a proposal `ike` accepts is one
 * the module accepts, keyword for keyword (the vocabulary and the rules are
 * documented in kmod/ike/ike_proposal.h).
 */
int ikt_check_proposal(const char *proposal, bool esp, struct ikt_err *err)
{
	struct ike_prop_list list;
	struct ike_err cerr = { 0 };
	size_t len = strlen(proposal);
	char why[256];
	int ret;

	ret = ike_prop_parse(proposal, len, esp ? IKE_PROTO_ESP : IKE_PROTO_IKE,
			     &list, &cerr);
	if (!ret)
		return 0;
	/* Name the token unless the reason is about the whole proposal. */
	if (cerr.arg && cerr.arg < len && cerr.offset <= len - cerr.arg)
		snprintf(why, sizeof(why), "%s (at \"%.*s\")",
			 cerr.reason ? cerr.reason : "invalid", (int)cerr.arg,
			 proposal + cerr.offset);
	else
		snprintf(why, sizeof(why), "%s",
			 cerr.reason ? cerr.reason : "invalid");
	return ikt_err_set(err, -ret, "%s proposal \"%.256s\": %s",
			   esp ? "esp" : "ike", proposal, why);
}

static int ikt_proposals_add(const char *elem, void *arg, struct ikt_err *err)
{
	struct ikt_proposal_arg *pa = arg;
	int ret;

	if (pa->list->n >= IKT_CONN_PROPOSALS_MAX)
		return ikt_err_set(err, E2BIG, "more than %d %s proposals",
				   IKT_CONN_PROPOSALS_MAX,
				   pa->esp ? "esp" : "ike");
	ret = ikt_check_proposal(elem, pa->esp, err);
	if (ret)
		return ret;
	strcpy(pa->list->v[pa->list->n++], elem);
	return 0;
}

int ikt_parse_proposal_list(const char *s, bool esp,
			    struct ikt_proposals *list, struct ikt_err *err)
{
	struct ikt_proposal_arg pa = { .list = list, .esp = esp };

	list->n = 0;
	return ikt_for_each_elem(s, esp ? "esp" : "ike", IKEV2_PROPOSAL_MAX,
				 ikt_proposals_add, &pa, err);
}

static int ikt_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Printable ASCII without blanks: what a typed FQDN or e-mail can hold. */
static bool ikt_id_chars_ok(const char *s)
{
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return false;
	return true;
}

/* A host name as RFC 1123 spells it, '_' tolerated; a trailing dot too. */
static bool ikt_hostname_ok(const char *s)
{
	size_t label = 0;

	for (; *s; s++) {
		if (*s == '.') {
			if (!label)
				return false;
			label = 0;
		} else if (isalnum((unsigned char)*s) || *s == '-' ||
			   *s == '_') {
			label++;
		} else {
			return false;
		}
	}
	return true;
}

static int ikt_id_set_string(struct ikt_id *id, uint8_t type, const char *s,
			     const char *orig, struct ikt_err *err)
{
	size_t len = strlen(s);

	if (!len)
		return ikt_err_set(err, EINVAL, "identity \"%s\" is empty",
				   orig);
	if (len > IKEV2_ID_MAX)
		return ikt_err_set(err, EINVAL,
				   "identity \"%.32s...\" is longer than %d bytes",
				   orig, IKEV2_ID_MAX);
	if (!ikt_id_chars_ok(s))
		return ikt_err_set(err, EINVAL,
				   "identity \"%s\" contains blanks or non-ASCII characters",
				   orig);
	id->type = type;
	id->len = len;
	memcpy(id->data, s, len);
	return 0;
}

int ikt_parse_id(const char *s, struct ikt_id *id, struct ikt_err *err)
{
	struct ikt_addr addr;
	const char *at;
	size_t i, n;

	memset(id, 0, sizeof(*id));
	if (!*s)
		return ikt_err_set(err, EINVAL, "empty identity");

	if (!strncmp(s, "keyid:", 6)) {
		const char *hex = s + 6;

		n = strlen(hex);
		if (!n || n % 2)
			return ikt_err_set(err, EINVAL,
					   "identity \"%s\": keyid: needs an even, non-zero number of hex digits",
					   s);
		if (n / 2 > IKEV2_ID_MAX)
			return ikt_err_set(err, EINVAL,
					   "identity \"%.32s...\": key id is longer than %d bytes",
					   s, IKEV2_ID_MAX);
		for (i = 0; i < n / 2; i++) {
			int hi = ikt_hexval(hex[2 * i]);
			int lo = ikt_hexval(hex[2 * i + 1]);

			if (hi < 0 || lo < 0)
				return ikt_err_set(err, EINVAL,
						   "identity \"%s\": \"%.2s\" is not a hex byte",
						   s, hex + 2 * i);
			id->data[i] = hi << 4 | lo;
		}
		id->type = IKEV2_ID_TYPE_KEY_ID;
		id->len = n / 2;
		return 0;
	}

	if (ikt_pton(s, &addr)) {
		id->type = addr.family == AF_INET ? IKEV2_ID_TYPE_IPV4_ADDR :
						    IKEV2_ID_TYPE_IPV6_ADDR;
		id->len = addr.len;
		memcpy(id->data, addr.bytes, addr.len);
		return 0;
	}

	if (s[0] == '@') {
		if (strchr(s + 1, '@'))
			return ikt_err_set(err, EINVAL,
					   "identity \"%s\": an @FQDN cannot contain another '@'",
					   s);
		return ikt_id_set_string(id, IKEV2_ID_TYPE_FQDN, s + 1, s, err);
	}

	at = strchr(s, '@');
	if (at) {
		if (strchr(at + 1, '@') || !at[1])
			return ikt_err_set(err, EINVAL,
					   "identity \"%s\" is not of the form user@host",
					   s);
		return ikt_id_set_string(id, IKEV2_ID_TYPE_RFC822_ADDR, s, s,
					 err);
	}

	/* No '@': an address gone wrong, or a plain host name. */
	if (strchr(s, ':'))
		return ikt_err_set(err, EINVAL,
				   "identity \"%s\" is not a valid IPv6 address (use @%s for an FQDN)",
				   s, s);
	if (strspn(s, "0123456789.") == strlen(s))
		return ikt_err_set(err, EINVAL,
				   "identity \"%s\" is not a valid IPv4 address",
				   s);
	if (!ikt_hostname_ok(s))
		return ikt_err_set(err, EINVAL,
				   "identity \"%s\" is not an address, host name, @FQDN, user@host or keyid:HEX",
				   s);
	return ikt_id_set_string(id, IKEV2_ID_TYPE_FQDN, s, s, err);
}

/* Other users may read it (the warning is the caller's to print). */
static bool ikt_mode_is_loose(mode_t mode)
{
	return mode & (S_IRGRP | S_IROTH);
}

/*
 * Opens @path for reading and checks it is a file we can use: a regular
 * file, or for the PSK also a pipe (psk-file /dev/stdin, <(...)).
 */
static int ikt_open_file(const char *what, const char *path, bool pipe_ok,
			 struct stat *st, struct ikt_err *err)
{
	int fd, e;

	if (!*path)
		return ikt_err_set(err, EINVAL, "%s: empty file name", what);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		e = errno;
		return ikt_err_set(err, e, "%s %s: %s", what, path,
				   strerror(e));
	}
	if (fstat(fd, st)) {
		e = errno;
		close(fd);
		return ikt_err_set(err, e, "%s %s: %s", what, path,
				   strerror(e));
	}
	if (S_ISDIR(st->st_mode)) {
		close(fd);
		return ikt_err_set(err, EISDIR, "%s %s: is a directory", what,
				   path);
	}
	if (!S_ISREG(st->st_mode) && !(pipe_ok && S_ISFIFO(st->st_mode))) {
		close(fd);
		return ikt_err_set(err, EINVAL, "%s %s: not a regular file",
				   what, path);
	}
	return fd;
}

int ikt_read_psk_file(const char *path, uint8_t *psk, size_t *len,
		      bool *loose_mode, struct ikt_err *err)
{
	/* One byte more than a key plus its newline shows it is too long. */
	uint8_t buf[IKEV2_PSK_MAX + 2];
	size_t n = 0;
	struct stat st;
	ssize_t r;
	int fd, ret = 0, e;

	fd = ikt_open_file("psk-file", path, true, &st, err);
	if (fd < 0)
		return fd;
	*loose_mode = S_ISREG(st.st_mode) && ikt_mode_is_loose(st.st_mode);
	while (n < sizeof(buf)) {
		r = read(fd, buf + n, sizeof(buf) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			ret = ikt_err_set(err, e, "psk-file %s: %s", path,
					  strerror(e));
			goto out;
		}
		if (!r)
			break;
		n += r;
	}
	/* Exactly one trailing newline is the editor's, not the key's. */
	if (n && buf[n - 1] == '\n')
		n--;
	if (!n) {
		ret = ikt_err_set(err, EINVAL, "psk-file %s is empty", path);
		goto out;
	}
	if (n > IKEV2_PSK_MAX) {
		ret = ikt_err_set(err, EMSGSIZE,
				  "psk-file %s: the key is longer than %d bytes",
				  path, IKEV2_PSK_MAX);
		goto out;
	}
	memcpy(psk, buf, n);
	*len = n;
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return ret;
}

int ikt_check_file(const char *what, const char *path, char *abs,
		   size_t abs_size, bool *loose_mode, struct ikt_err *err)
{
	struct stat st;
	char *real;
	int fd, e;

	fd = ikt_open_file(what, path, false, &st, err);
	if (fd < 0)
		return fd;
	close(fd);
	if (loose_mode)
		*loose_mode = ikt_mode_is_loose(st.st_mode);

	/* The helper reads it later, from its own working directory. */
	real = realpath(path, NULL);
	if (!real) {
		e = errno;
		return ikt_err_set(err, e, "%s %s: %s", what, path,
				   strerror(e));
	}
	if (strlen(real) >= abs_size) {
		ikt_err_set(err, ENAMETOOLONG,
			    "%s %s: absolute path longer than %zu bytes", what,
			    path, abs_size - 1);
		free(real);
		return -ENAMETOOLONG;
	}
	strcpy(abs, real);
	free(real);
	return 0;
}

int ikt_parse_dev(const char *s, char *dev, unsigned int *ifindex,
		  struct ikt_err *err)
{
	unsigned int idx;

	if (!*s || strlen(s) >= IFNAMSIZ)
		return ikt_err_set(err, EINVAL,
				   "dev \"%s\": not an interface name", s);
	idx = if_nametoindex(s);
	if (!idx)
		return ikt_err_set(err, ENODEV, "dev %s: no such device", s);
	strcpy(dev, s);
	*ifindex = idx;
	return 0;
}

enum ikt_conn_kw {
	KW_LOCAL,
	KW_REMOTE,
	KW_AUTH,
	KW_PSK_FILE,
	KW_CERT,
	KW_KEY,
	KW_CACERT,
	KW_LOCAL_ID,
	KW_REMOTE_ID,
	KW_IKE,
	KW_ESP,
	KW_LOCAL_TS,
	KW_REMOTE_TS,
	KW_DEV,
	KW_ENCAP,
	KW_REPLAY_WINDOW,
	KW_REKEY_BYTES,
	KW_LIFE_BYTES,
	KW_IKE_REKEY,
	KW_NR
};

/* Every `conn add` keyword takes exactly one argument, named by @arg. */
static const struct {
	const char *name;
	const char *arg;
} ikt_conn_kws[KW_NR] = {
	[KW_LOCAL]	= { "local", "ADDR" },
	[KW_REMOTE]	= { "remote", "ADDR or %any" },
	[KW_AUTH]	= { "auth", "psk or pubkey" },
	[KW_PSK_FILE]	= { "psk-file", "FILE" },
	[KW_CERT]	= { "cert", "FILE" },
	[KW_KEY]	= { "key", "FILE" },
	[KW_CACERT]	= { "cacert", "FILE" },
	[KW_LOCAL_ID]	= { "local-id", "ID" },
	[KW_REMOTE_ID]	= { "remote-id", "ID" },
	[KW_IKE]	= { "ike", "PROPOSAL[,PROPOSAL...]" },
	[KW_ESP]	= { "esp", "PROPOSAL[,PROPOSAL...]" },
	[KW_LOCAL_TS]	= { "local-ts", "CIDR[,CIDR...]" },
	[KW_REMOTE_TS]	= { "remote-ts", "CIDR[,CIDR...]" },
	[KW_DEV]	= { "dev", "IFNAME" },
	[KW_ENCAP]	= { "encap", "udp" },
	[KW_REPLAY_WINDOW] = { "replay-window", "PACKETS" },
	[KW_REKEY_BYTES] = { "rekey-bytes", "BYTES" },
	[KW_LIFE_BYTES]	= { "life-bytes", "BYTES" },
	[KW_IKE_REKEY]	= { "ike-rekey", "SECONDS" },
};

static int ikt_conn_kw_find(const char *s)
{
	int i;

	for (i = 0; i < KW_NR; i++)
		if (!strcmp(s, ikt_conn_kws[i].name))
			return i;
	return -1;
}

static int ikt_conn_check_auth(const char **val, struct ikt_conn_cfg *cfg,
			       struct ikt_err *err)
{
	static const int pubkey_only[] = { KW_CERT, KW_KEY, KW_CACERT };
	unsigned int i;
	int ret;

	if (cfg->auth == IKEV2_AUTH_METHOD_PSK) {
		for (i = 0; i < ARRAY_SIZE(pubkey_only); i++)
			if (val[pubkey_only[i]])
				return ikt_err_set(err, EINVAL,
						   "\"%s\" goes with auth pubkey, not auth psk",
						   ikt_conn_kws[pubkey_only[i]].name);
		if (!val[KW_PSK_FILE])
			return ikt_err_set(err, EINVAL,
					   "auth psk needs \"psk-file FILE\"");
		cfg->psk_file = val[KW_PSK_FILE];
		return ikt_read_psk_file(val[KW_PSK_FILE], cfg->psk,
					 &cfg->psk_len, &cfg->psk_loose_mode,
					 err);
	}

	if (val[KW_PSK_FILE])
		return ikt_err_set(err, EINVAL,
				   "\"psk-file\" goes with auth psk, not auth pubkey");
	for (i = 0; i < ARRAY_SIZE(pubkey_only); i++)
		if (!val[pubkey_only[i]])
			return ikt_err_set(err, EINVAL,
					   "auth pubkey needs \"%s FILE\"",
					   ikt_conn_kws[pubkey_only[i]].name);
	ret = ikt_check_file("cert", val[KW_CERT], cfg->cert,
			     sizeof(cfg->cert), NULL, err);
	if (!ret)
		ret = ikt_check_file("key", val[KW_KEY], cfg->key,
				     sizeof(cfg->key), &cfg->key_loose_mode,
				     err);
	if (!ret)
		ret = ikt_check_file("cacert", val[KW_CACERT], cfg->cacert,
				     sizeof(cfg->cacert), NULL, err);
	return ret;
}

/*
 * Keywords may come in any order. Values are checked as they are read, so
 * that the first bad token is the one reported; files are opened last,
 * once the keywords are known to be consistent.
 */
int ikt_conn_parse_add(int argc, char **argv, struct ikt_conn_cfg *cfg,
		       struct ikt_err *err)
{
	const char *val[KW_NR] = { NULL };
	int i, kw, ret;

	memset(cfg, 0, sizeof(*cfg));
	if (argc < 1)
		return ikt_err_set(err, EINVAL, "missing connection NAME");
	ret = ikt_parse_name(argv[0], cfg->name, err);
	if (ret)
		return ret;

	for (i = 1; i < argc; i += 2) {
		const char *v;

		ret = 0;
		kw = ikt_conn_kw_find(argv[i]);
		if (kw < 0)
			return ikt_err_set(err, EINVAL,
					   "unknown keyword \"%s\" (see \"ike conn help\")",
					   argv[i]);
		if (val[kw])
			return ikt_err_set(err, EINVAL,
					   "\"%s\" is given twice", argv[i]);
		if (i + 1 >= argc)
			return ikt_err_set(err, EINVAL,
					   "\"%s\" needs an argument: %s",
					   argv[i], ikt_conn_kws[kw].arg);
		v = val[kw] = argv[i + 1];

		switch (kw) {
		case KW_LOCAL:
			ret = ikt_parse_endpoint("local", v, &cfg->local, err);
			break;
		case KW_REMOTE:
			cfg->remote_any = !strcmp(v, "%any");
			if (!cfg->remote_any)
				ret = ikt_parse_endpoint("remote", v,
							 &cfg->remote, err);
			break;
		case KW_AUTH:
			if (!strcmp(v, "psk"))
				cfg->auth = IKEV2_AUTH_METHOD_PSK;
			else if (!strcmp(v, "pubkey"))
				cfg->auth = IKEV2_AUTH_METHOD_PUBKEY;
			else
				ret = ikt_err_set(err, EINVAL,
						  "auth \"%s\": expected psk or pubkey",
						  v);
			break;
		case KW_LOCAL_ID:
			ret = ikt_parse_id(v, &cfg->local_id, err);
			cfg->has_local_id = true;
			break;
		case KW_REMOTE_ID:
			ret = ikt_parse_id(v, &cfg->remote_id, err);
			cfg->has_remote_id = true;
			break;
		case KW_IKE:
			ret = ikt_parse_proposal_list(v, false, &cfg->ike, err);
			break;
		case KW_ESP:
			ret = ikt_parse_proposal_list(v, true, &cfg->esp, err);
			break;
		case KW_LOCAL_TS:
			ret = ikt_parse_ts_list(v, &cfg->local_ts, err);
			break;
		case KW_REMOTE_TS:
			ret = ikt_parse_ts_list(v, &cfg->remote_ts, err);
			break;
		case KW_DEV:
			ret = ikt_parse_dev(v, cfg->dev, &cfg->ifindex, err);
			break;
		case KW_ENCAP:
			if (strcmp(v, "udp"))
				ret = ikt_err_set(err, EINVAL,
						  "encap \"%s\": only udp is supported",
						  v);
			cfg->encap_udp = true;
			break;
		case KW_REPLAY_WINDOW:
			ret = ikt_parse_replay_window(v, &cfg->replay_window,
						      err);
			cfg->has_replay_window = true;
			break;
		case KW_REKEY_BYTES:
			ret = ikt_parse_bytes("rekey-bytes", v,
					      &cfg->rekey_bytes, err);
			break;
		case KW_LIFE_BYTES:
			ret = ikt_parse_bytes("life-bytes", v, &cfg->life_bytes,
					      err);
			break;
		case KW_IKE_REKEY:
			ret = ikt_parse_seconds("ike-rekey", v,
						IKEV2_IKE_REKEY_TIME_MAX,
						&cfg->ike_rekey, err);
			/* The module's floor: a rekey storm helps nobody. */
			if (!ret && cfg->ike_rekey < IKEV2_IKE_REKEY_TIME_MIN)
				ret = ikt_err_set(err, ERANGE,
						  "ike-rekey %s is below %u seconds",
						  v, IKEV2_IKE_REKEY_TIME_MIN);
			break;
		default:	/* files: opened once the keywords add up */
			break;
		}
		/* These messages name the value, not where it was given. */
		if (ret && (kw == KW_LOCAL_ID || kw == KW_REMOTE_ID ||
			    kw == KW_LOCAL_TS || kw == KW_REMOTE_TS))
			ikt_err_prefix(err, argv[i]);
		if (ret)
			return ret;
	}

	if (!val[KW_LOCAL])
		return ikt_err_set(err, EINVAL, "missing \"local ADDR\"");
	if (!val[KW_REMOTE])
		return ikt_err_set(err, EINVAL,
				   "missing \"remote ADDR\" (or \"remote %%any\")");
	if (!val[KW_AUTH])
		return ikt_err_set(err, EINVAL,
				   "missing \"auth psk\" or \"auth pubkey\"");
	if (!cfg->remote_any && cfg->remote.family != cfg->local.family)
		return ikt_err_set(err, EINVAL,
				   "remote %s and local %s are not the same address family",
				   val[KW_REMOTE], val[KW_LOCAL]);
	/* The module's rule: the soft limit must come before the hard one. */
	if (cfg->rekey_bytes && cfg->life_bytes &&
	    cfg->life_bytes <= cfg->rekey_bytes)
		return ikt_err_set(err, EINVAL,
				   "life-bytes %s must be above rekey-bytes %s",
				   val[KW_LIFE_BYTES], val[KW_REKEY_BYTES]);
	return ikt_conn_check_auth(val, cfg, err);
}

int ikt_parse_seconds(const char *kw, const char *s, unsigned int max,
		      unsigned int *secs, struct ikt_err *err)
{
	unsigned long v;

	if (ikt_parse_decimal(s, max, &v) || v < 1)
		return ikt_err_set(err, EINVAL,
				   "%s \"%s\" is not a number of seconds from 1 to %u",
				   kw, s, max);
	*secs = v;
	return 0;
}

int ikt_parse_replay_window(const char *s, uint32_t *window,
			    struct ikt_err *err)
{
	unsigned long v;
	int rc;

	rc = ikt_parse_decimal(s, IKEV2_REPLAY_WINDOW_MAX, &v);
	if (rc == -ERANGE)
		return ikt_err_set(err, ERANGE,
				   "replay-window %s is above %d packets", s,
				   IKEV2_REPLAY_WINDOW_MAX);
	if (rc)
		return ikt_err_set(err, EINVAL,
				   "replay-window \"%s\" is not a number of packets from 0 to %d",
				   s, IKEV2_REPLAY_WINDOW_MAX);
	*window = v;
	return 0;
}

int ikt_parse_bytes(const char *kw, const char *s, uint64_t *bytes,
		    struct ikt_err *err)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		goto too_big;
	if (errno)
		goto bad;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	case '\0':
		break;
	default:
		goto bad;
	}
	if (shift && end[1])
		goto bad;
	/* swanctl saturates here; a typo deserves an error instead. */
	if (v > UINT64_MAX >> shift)
		goto too_big;
	*bytes = (uint64_t)v << shift;
	return 0;
bad:
	return ikt_err_set(err, EINVAL,
			   "%s \"%s\" is not a number of bytes (digits, then optionally K, M or G)",
			   kw, s);
too_big:
	return ikt_err_set(err, ERANGE,
			   "%s \"%s\" does not fit in 64 bits", kw, s);
}

void ikt_format_bytes(uint64_t bytes, char *buf, size_t size)
{
	static const char suffix[] = "GMK";
	unsigned int i;

	for (i = 0; bytes && i < 3; i++) {
		unsigned int shift = 30 - 10 * i;

		if (!(bytes & ((1ULL << shift) - 1))) {
			snprintf(buf, size, "%" PRIu64 "%c", bytes >> shift,
				 suffix[i]);
			return;
		}
	}
	snprintf(buf, size, "%" PRIu64, bytes);
}

int ikt_parse_conn_up(int argc, char **argv, char *name,
		      unsigned int *timeout, struct ikt_err *err)
{
	bool have_timeout = false;
	int i, ret;

	*timeout = IKT_UP_TIMEOUT_DEFAULT;
	if (argc < 1)
		return ikt_err_set(err, EINVAL, "missing connection NAME");
	ret = ikt_parse_name(argv[0], name, err);
	if (ret)
		return ret;
	for (i = 1; i < argc; i += 2) {
		if (strcmp(argv[i], "timeout"))
			return ikt_err_set(err, EINVAL,
					   "unknown keyword \"%s\" (see \"ike conn help\")",
					   argv[i]);
		if (have_timeout)
			return ikt_err_set(err, EINVAL,
					   "\"timeout\" is given twice");
		if (i + 1 >= argc)
			return ikt_err_set(err, EINVAL,
					   "\"timeout\" needs an argument: SECONDS");
		ret = ikt_parse_seconds("timeout", argv[i + 1],
					IKT_UP_TIMEOUT_MAX, timeout, err);
		if (ret)
			return ret;
		have_timeout = true;
	}
	return 0;
}

int ikt_parse_sa_show(int argc, char **argv, char *name,
		      struct ikt_err *err)
{
	name[0] = '\0';
	if (!argc)
		return 0;
	if (strcmp(argv[0], "conn"))
		return ikt_err_set(err, EINVAL,
				   "unknown keyword \"%s\" (see \"ike sa help\")",
				   argv[0]);
	if (argc < 2)
		return ikt_err_set(err, EINVAL,
				   "\"conn\" needs an argument: NAME");
	if (argc > 2)
		return ikt_err_set(err, EINVAL, "unexpected argument \"%s\"",
				   argv[2]);
	return ikt_parse_name(argv[1], name, err);
}

int ikt_parse_no_args(int argc, char **argv, struct ikt_err *err)
{
	if (argc)
		return ikt_err_set(err, EINVAL, "unexpected argument \"%s\"",
				   argv[0]);
	return 0;
}

struct ikt_conn_cfg *ikt_conn_cfg_alloc(void)
{
	return calloc(1, sizeof(struct ikt_conn_cfg));
}

void ikt_conn_cfg_free(struct ikt_conn_cfg *cfg)
{
	if (!cfg)
		return;
	explicit_bzero(cfg->psk, sizeof(cfg->psk));
	free(cfg);
}

void ikt_format_addr(const uint8_t *bytes, size_t len, char *buf,
		     size_t size)
{
	if (!inet_ntop(len == 4 ? AF_INET : AF_INET6, bytes, buf, size))
		snprintf(buf, size, "?");
}

/* The prefix length if [start, end] is exactly one CIDR prefix, else -1. */
static int ikt_ts_prefix_len(const struct ikt_ts *ts)
{
	unsigned int i, plen = 0;
	bool in_host = false;

	for (i = 0; i < ts->len; i++) {
		uint8_t diff = ts->start[i] ^ ts->end[i];
		uint8_t mask = ~diff;
		unsigned int b;

		/* Host part: start all zeros, end all ones, mask a prefix. */
		if ((ts->start[i] & diff) || (ts->end[i] & diff) != diff)
			return -1;
		for (b = 0; b < 8; b++) {
			bool net = mask & (0x80 >> b);

			if (net && in_host)
				return -1;
			if (!net)
				in_host = true;
			else
				plen++;
		}
	}
	return plen;
}

/*
 * "10.0.0.0/24" or "10.0.0.5-10.0.0.9", with strongSwan's "[proto/ports]"
 * suffix when the selector is narrower than any protocol, all ports.
 */
void ikt_format_ts(const struct ikt_ts *ts, char *buf, size_t size)
{
	static const struct {
		uint8_t num;
		const char *name;
	} protos[] = {
		{ 1, "icmp" }, { 6, "tcp" }, { 17, "udp" },
		{ 58, "ipv6-icmp" }, { 132, "sctp" },
	};
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	char range[2 * INET6_ADDRSTRLEN], proto[4], ports[16] = "";
	const char *pname = NULL;
	int plen = ikt_ts_prefix_len(ts);
	unsigned int i;

	ikt_format_addr(ts->start, ts->len, a, sizeof(a));
	if (plen >= 0) {
		snprintf(range, sizeof(range), "%s/%d", a, plen);
	} else {
		ikt_format_addr(ts->end, ts->len, b, sizeof(b));
		snprintf(range, sizeof(range), "%s-%s", a, b);
	}
	if (!ts->protocol && !ts->port_start && ts->port_end == 65535) {
		snprintf(buf, size, "%s", range);
		return;
	}

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].num == ts->protocol)
			pname = protos[i].name;
	if (!ts->protocol)
		pname = "any";
	if (!pname) {
		snprintf(proto, sizeof(proto), "%u", ts->protocol);
		pname = proto;
	}
	if (ts->port_start == ts->port_end)
		snprintf(ports, sizeof(ports), "/%u", ts->port_start);
	else if (ts->port_start || ts->port_end != 65535)
		snprintf(ports, sizeof(ports), "/%u-%u", ts->port_start,
			 ts->port_end);
	snprintf(buf, size, "%s[%s%s]", range, pname, ports);
}

const char *ikt_id_type_name(uint8_t type)
{
	switch (type) {
	case IKEV2_ID_TYPE_IPV4_ADDR:
		return "ipv4";
	case IKEV2_ID_TYPE_IPV6_ADDR:
		return "ipv6";
	case IKEV2_ID_TYPE_FQDN:
		return "fqdn";
	case IKEV2_ID_TYPE_RFC822_ADDR:
		return "rfc822";
	case IKEV2_ID_TYPE_KEY_ID:
		return "keyid";
	}
	return NULL;
}

/*
 * The bare value (for JSON), or with @syntax the `conn add` spelling:
 * "@fqdn", "keyid:hex". Bytes a user could not have typed print as \xNN.
 * Returns -EINVAL for a type or length that does not fit.
 */
int ikt_format_id(uint8_t type, const uint8_t *data, size_t len, bool syntax,
		  char *buf, size_t size)
{
	size_t i, o = 0;

	if (size < IKT_FMT_ID_MAX || len > IKEV2_ID_MAX)
		return -EINVAL;
	switch (type) {
	case IKEV2_ID_TYPE_IPV4_ADDR:
	case IKEV2_ID_TYPE_IPV6_ADDR:
		if (len != (type == IKEV2_ID_TYPE_IPV4_ADDR ? 4u : 16u))
			return -EINVAL;
		ikt_format_addr(data, len, buf, size);
		return 0;
	case IKEV2_ID_TYPE_KEY_ID:
		if (syntax)
			o += sprintf(buf, "keyid:");
		for (i = 0; i < len; i++)
			o += sprintf(buf + o, "%02x", data[i]);
		buf[o] = '\0';
		return 0;
	case IKEV2_ID_TYPE_FQDN:
	case IKEV2_ID_TYPE_RFC822_ADDR:
		if (syntax && type == IKEV2_ID_TYPE_FQDN)
			buf[o++] = '@';
		for (i = 0; i < len; i++) {
			if (data[i] > ' ' && data[i] <= '~' && data[i] != '\\')
				buf[o++] = data[i];
			else
				o += sprintf(buf + o, "\\x%02x", data[i]);
		}
		buf[o] = '\0';
		return 0;
	}
	return -EINVAL;
}
