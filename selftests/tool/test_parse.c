// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side tests of `ike` (userspace/ike/): its argument parsing and
 * validation (parse.c, with the core's proposal parser) and its printers
 * (show.c, print.c), which are fed messages built here with libnl: no
 * module. The only sockets are the two netlink sockets that test
 * ikt_nl_read() (nl.c). Run by `make -C selftests/tool check` (TAP).
 *
 * Every rejection is checked for its errno and for the token the message
 * must name, since naming the offending token is the point of the checks.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>

#include "kselftest_harness.h"
#include "nl.h"
#include "parse.h"
#include "print.h"
#include "show.h"

/* Fails the test unless @call returns -@errnum with @needle in the message. */
#define EXPECT_PARSE_ERR(call, errnum, needle) do {			\
	struct ikt_err *__e = &err;					\
	memset(__e, 0, sizeof(*__e));					\
	EXPECT_EQ(-(errnum), (call));					\
	EXPECT_NE(NULL, strstr(__e->msg, (needle)))			\
		TH_LOG("message \"%s\" lacks \"%s\"", __e->msg, (needle)); \
} while (0)

#define EXPECT_PARSE_OK(call) do {					\
	memset(&err, 0, sizeof(err));					\
	EXPECT_EQ(0, (call)) TH_LOG("unexpected error: %s", err.msg);	\
} while (0)

static void addr_bytes(int family, const char *s, uint8_t *out)
{
	if (inet_pton(family, s, out) != 1)
		abort();
}

/* ---- names ---- */

TEST(name_ok)
{
	char name[IKEV2_CONN_NAME_MAX];
	char max[IKEV2_CONN_NAME_MAX];
	struct ikt_err err;

	EXPECT_PARSE_OK(ikt_parse_name("home", name, &err));
	EXPECT_STREQ("home", name);
	EXPECT_PARSE_OK(ikt_parse_name("site-2.vpn_A", name, &err));
	EXPECT_STREQ("site-2.vpn_A", name);
	memset(max, 'n', sizeof(max) - 1);
	max[sizeof(max) - 1] = '\0';
	EXPECT_PARSE_OK(ikt_parse_name(max, name, &err));
	EXPECT_STREQ(max, name);
}

TEST(name_bad)
{
	char name[IKEV2_CONN_NAME_MAX];
	char long_name[IKEV2_CONN_NAME_MAX + 1];
	struct ikt_err err;

	EXPECT_PARSE_ERR(ikt_parse_name("", name, &err), EINVAL, "empty");
	EXPECT_PARSE_ERR(ikt_parse_name("a b", name, &err), EINVAL, "\"a b\"");
	EXPECT_PARSE_ERR(ikt_parse_name("a/b", name, &err), EINVAL, "\"a/b\"");
	EXPECT_PARSE_ERR(ikt_parse_name("caf\xc3\xa9", name, &err), EINVAL,
			 "only letters");
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	EXPECT_PARSE_ERR(ikt_parse_name(long_name, name, &err), ENAMETOOLONG,
			 "longer than 63");
}

/* ---- addresses ---- */

TEST(addr_good)
{
	struct ikt_addr a;
	struct ikt_err err;
	uint8_t want[16];

	EXPECT_PARSE_OK(ikt_parse_endpoint("local", "192.0.2.1", &a, &err));
	EXPECT_EQ(AF_INET, a.family);
	EXPECT_EQ(4, a.len);
	addr_bytes(AF_INET, "192.0.2.1", want);
	EXPECT_EQ(0, memcmp(want, a.bytes, 4));

	EXPECT_PARSE_OK(ikt_parse_endpoint("local", "2001:db8::1", &a, &err));
	EXPECT_EQ(AF_INET6, a.family);
	EXPECT_EQ(16, a.len);
	addr_bytes(AF_INET6, "2001:db8::1", want);
	EXPECT_EQ(0, memcmp(want, a.bytes, 16));

	EXPECT_PARSE_OK(ikt_parse_endpoint("local", "::ffff:192.0.2.1", &a, &err));
	EXPECT_EQ(AF_INET6, a.family);
	EXPECT_PARSE_OK(ikt_parse_endpoint("local", "::1", &a, &err));
	EXPECT_EQ(AF_INET6, a.family);
	EXPECT_PARSE_OK(ikt_parse_endpoint("local", "127.0.0.1", &a, &err));
	EXPECT_PARSE_OK(ikt_parse_endpoint("local", "223.255.255.255", &a,
					   &err));
	EXPECT_PARSE_OK(ikt_parse_endpoint("local", "240.0.0.1", &a, &err));
	EXPECT_PARSE_OK(ikt_parse_endpoint("local", "fe80::1", &a, &err));
}

/* An IKE endpoint is one host: no wildcard, multicast or broadcast. */
TEST(addr_not_unicast)
{
	static const char *const bad[] = {
		"0.0.0.0", "224.0.0.1", "239.255.255.255", "255.255.255.255",
		"::", "ff02::1", "ff0e::1",
	};
	struct ikt_addr a;
	struct ikt_err err;
	char want[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(want, sizeof(want), "local %s is not a unicast",
			 bad[i]);
		EXPECT_PARSE_ERR(ikt_parse_endpoint("local", bad[i], &a, &err),
				 EINVAL, want);
	}
}

TEST(addr_bad)
{
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.256", "256.1.1.1", "1.2.3.4/24",
		"fe80::1%eth0", "example.com", " 1.2.3.4", "1.2.3.4 ",
		"2001:db8:::1", "0x7f.0.0.1", "1.2.3.4.5", "%any", "::g",
	};
	struct ikt_addr a;
	struct ikt_err err;
	char quoted[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(quoted, sizeof(quoted), "\"%s\"", bad[i]);
		EXPECT_PARSE_ERR(ikt_parse_endpoint("remote", bad[i], &a,
						    &err), EINVAL, quoted);
	}
}

/* ---- CIDR and selectors ---- */

static void expect_range(struct __test_metadata *_metadata,
			 const struct ikt_ts *ts, int family,
			 const char *start, const char *end)
{
	uint8_t s[16], e[16];
	int len = family == AF_INET ? 4 : 16;

	addr_bytes(family, start, s);
	addr_bytes(family, end, e);
	EXPECT_EQ(len, ts->len);
	EXPECT_EQ(0, memcmp(s, ts->start, len)) TH_LOG("start != %s", start);
	EXPECT_EQ(0, memcmp(e, ts->end, len)) TH_LOG("end != %s", end);
}

TEST(cidr_ipv4)
{
	struct ikt_err err;
	struct ikt_ts ts;

	EXPECT_PARSE_OK(ikt_parse_cidr("10.0.0.0/8", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "10.0.0.0", "10.255.255.255");
	EXPECT_PARSE_OK(ikt_parse_cidr("10.1.2.128/25", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "10.1.2.128", "10.1.2.255");
	EXPECT_PARSE_OK(ikt_parse_cidr("172.16.0.0/12", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "172.16.0.0", "172.31.255.255");
	EXPECT_PARSE_OK(ikt_parse_cidr("0.0.0.0/0", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "0.0.0.0", "255.255.255.255");
	EXPECT_PARSE_OK(ikt_parse_cidr("192.0.2.7/32", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "192.0.2.7", "192.0.2.7");
	/* A bare address is its host prefix. */
	EXPECT_PARSE_OK(ikt_parse_cidr("192.0.2.7", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "192.0.2.7", "192.0.2.7");
}

TEST(cidr_ipv6)
{
	struct ikt_err err;
	struct ikt_ts ts;

	EXPECT_PARSE_OK(ikt_parse_cidr("2001:db8::/32", &ts, &err));
	expect_range(_metadata, &ts, AF_INET6, "2001:db8::",
		     "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
	EXPECT_PARSE_OK(ikt_parse_cidr("2001:db8:0:80::/57", &ts, &err));
	expect_range(_metadata, &ts, AF_INET6, "2001:db8:0:80::",
		     "2001:db8:0:ff:ffff:ffff:ffff:ffff");
	EXPECT_PARSE_OK(ikt_parse_cidr("::/0", &ts, &err));
	expect_range(_metadata, &ts, AF_INET6, "::",
		     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	EXPECT_PARSE_OK(ikt_parse_cidr("2001:db8::1", &ts, &err));
	expect_range(_metadata, &ts, AF_INET6, "2001:db8::1", "2001:db8::1");
}

TEST(cidr_host_bits)
{
	struct ikt_err err;
	struct ikt_ts ts;

	EXPECT_PARSE_ERR(ikt_parse_cidr("10.0.0.1/24", &ts, &err), EINVAL,
			 "host bits");
	EXPECT_NE(NULL, strstr(err.msg, "10.0.0.0/24")) TH_LOG("%s", err.msg);
	EXPECT_PARSE_ERR(ikt_parse_cidr("10.1.2.129/25", &ts, &err), EINVAL,
			 "10.1.2.128/25");
	EXPECT_PARSE_ERR(ikt_parse_cidr("0.0.0.1/0", &ts, &err), EINVAL,
			 "0.0.0.0/0");
	EXPECT_PARSE_ERR(ikt_parse_cidr("2001:db8::1/64", &ts, &err), EINVAL,
			 "2001:db8::/64");
	EXPECT_PARSE_ERR(ikt_parse_cidr("2001:db8:0:c0::/57", &ts, &err),
			 EINVAL, "2001:db8:0:80::/57");
}

TEST(cidr_bad)
{
	static const char *const bad_prefix[] = {
		"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8",
		"10.0.0.0/ 8", "10.0.0.0/8x", "10.0.0.0/0x8",
		"10.0.0.0/99999999999999999999", "2001:db8::/129",
		"10.0.0.0/8/8", "2001:db8::/64:1/64",
	};
	static const char *const bad_addr[] = {
		"/8", "10.0.0/8", "10.0.0.0.0/8", "net/8", "", "10.0.0.0 /8",
	};
	struct ikt_err err;
	struct ikt_ts ts;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_prefix); i++)
		EXPECT_PARSE_ERR(ikt_parse_cidr(bad_prefix[i], &ts, &err),
				 EINVAL, "prefix length");
	for (i = 0; i < ARRAY_SIZE(bad_addr); i++)
		EXPECT_PARSE_ERR(ikt_parse_cidr(bad_addr[i], &ts, &err),
				 EINVAL, "not an address or CIDR");
}

TEST(ts_list)
{
	struct ikt_ts_list list;
	struct ikt_err err;
	char many[17 * 16];
	int i, o = 0;

	EXPECT_PARSE_OK(ikt_parse_ts_list("10.0.0.0/24,2001:db8::/64,192.0.2.1",
					  &list, &err));
	ASSERT_EQ(3, list.n);
	expect_range(_metadata, &list.v[0], AF_INET, "10.0.0.0", "10.0.0.255");
	expect_range(_metadata, &list.v[1], AF_INET6, "2001:db8::",
		     "2001:db8::ffff:ffff:ffff:ffff");
	expect_range(_metadata, &list.v[2], AF_INET, "192.0.2.1", "192.0.2.1");

	EXPECT_PARSE_ERR(ikt_parse_ts_list("10.0.0.0/24,", &list, &err),
			 EINVAL, "empty list element");
	EXPECT_PARSE_ERR(ikt_parse_ts_list(",10.0.0.0/24", &list, &err),
			 EINVAL, "empty list element");
	EXPECT_PARSE_ERR(ikt_parse_ts_list("10.0.0.0/24,10.0.1.1/24", &list,
					   &err), EINVAL, "10.0.1.1/24");

	for (i = 0; i < IKT_CONN_TS_MAX; i++)
		o += sprintf(many + o, "%s10.%d.0.0/16", i ? "," : "", i);
	EXPECT_PARSE_OK(ikt_parse_ts_list(many, &list, &err));
	EXPECT_EQ(IKT_CONN_TS_MAX, list.n);
	sprintf(many + o, ",10.99.0.0/16");
	EXPECT_PARSE_ERR(ikt_parse_ts_list(many, &list, &err), E2BIG,
			 "more than 16");
}

TEST(format_ts)
{
	static const char *const prefixes[] = {
		"10.0.0.0/24", "0.0.0.0/0", "192.0.2.1/32", "10.1.2.128/25",
		"2001:db8::/32", "::/0", "2001:db8::1/128",
	};
	char buf[IKT_FMT_TS_MAX];
	struct ikt_err err;
	struct ikt_ts ts;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		ASSERT_EQ(0, ikt_parse_cidr(prefixes[i], &ts, &err));
		ikt_format_ts(&ts, buf, sizeof(buf));
		EXPECT_STREQ(prefixes[i], buf);
	}

	/* Ranges that are not one prefix print as start-end. */
	memset(&ts, 0, sizeof(ts));
	ts.len = 4;
	ts.port_end = 65535;
	addr_bytes(AF_INET, "10.0.0.5", ts.start);
	addr_bytes(AF_INET, "10.0.0.9", ts.end);
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.5-10.0.0.9", buf);
	addr_bytes(AF_INET, "10.0.0.0", ts.start);
	addr_bytes(AF_INET, "10.0.0.2", ts.end);
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0-10.0.0.2", buf);
	addr_bytes(AF_INET, "10.0.0.1", ts.start);
	addr_bytes(AF_INET, "10.0.0.2", ts.end);
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.1-10.0.0.2", buf);
	/* Start all zeros and end all ones, but not on the same bits. */
	addr_bytes(AF_INET, "10.0.0.0", ts.start);
	addr_bytes(AF_INET, "10.0.255.127", ts.end);
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0-10.0.255.127", buf);
	ts.len = 16;
	addr_bytes(AF_INET6, "2001:db8::1", ts.start);
	addr_bytes(AF_INET6, "2001:db8::ff", ts.end);
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("2001:db8::1-2001:db8::ff", buf);
}

/* Selectors the module narrowed print with strongSwan's [proto/ports]. */
TEST(format_ts_proto_ports)
{
	char buf[IKT_FMT_TS_MAX];
	struct ikt_err err;
	struct ikt_ts ts;

	ASSERT_EQ(0, ikt_parse_cidr("10.0.0.0/24", &ts, &err));
	EXPECT_EQ(0, ts.protocol);
	EXPECT_EQ(0, ts.port_start);
	EXPECT_EQ(65535, ts.port_end);

	ts.protocol = 6;
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[tcp]", buf);
	ts.port_start = ts.port_end = 443;
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[tcp/443]", buf);
	ts.protocol = 17;
	ts.port_start = 1024;
	ts.port_end = 65535;
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[udp/1024-65535]", buf);
	ts.protocol = 0;
	ts.port_start = 0;
	ts.port_end = 53;
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[any/0-53]", buf);
	ts.protocol = 255;
	ts.port_start = 0;
	ts.port_end = 65535;
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[255]", buf);

	ASSERT_EQ(0, ikt_parse_cidr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
				    &ts, &err));
	addr_bytes(AF_INET6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		   ts.end);
	ts.protocol = 58;
	ts.port_start = 1;
	ts.port_end = 65534;
	ikt_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127[ipv6-icmp/1-65534]",
		     buf);
}

/* ---- identities ---- */

TEST(id_addresses)
{
	struct ikt_err err;
	struct ikt_id id;
	uint8_t want[16];

	EXPECT_PARSE_OK(ikt_parse_id("192.0.2.1", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_IPV4_ADDR, id.type);
	EXPECT_EQ(4, id.len);
	addr_bytes(AF_INET, "192.0.2.1", want);
	EXPECT_EQ(0, memcmp(want, id.data, 4));

	EXPECT_PARSE_OK(ikt_parse_id("2001:db8::2", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_IPV6_ADDR, id.type);
	EXPECT_EQ(16, id.len);
	addr_bytes(AF_INET6, "2001:db8::2", want);
	EXPECT_EQ(0, memcmp(want, id.data, 16));
}

TEST(id_fqdn)
{
	struct ikt_err err;
	struct ikt_id id;

	EXPECT_PARSE_OK(ikt_parse_id("@vpn.example.com", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_FQDN, id.type);
	EXPECT_EQ(15, id.len);
	EXPECT_EQ(0, memcmp("vpn.example.com", id.data, 15));

	EXPECT_PARSE_OK(ikt_parse_id("gw-1.example.org", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_FQDN, id.type);
	EXPECT_EQ(16, id.len);
	EXPECT_EQ(0, memcmp("gw-1.example.org", id.data, 16));

	/* '@' forces FQDN for what would otherwise be an address. */
	EXPECT_PARSE_OK(ikt_parse_id("@192.0.2.1", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_FQDN, id.type);
	EXPECT_EQ(9, id.len);
	EXPECT_PARSE_OK(ikt_parse_id("@not_a!hostname", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_FQDN, id.type);
}

TEST(id_rfc822)
{
	struct ikt_err err;
	struct ikt_id id;

	EXPECT_PARSE_OK(ikt_parse_id("alice@example.com", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_RFC822_ADDR, id.type);
	EXPECT_EQ(17, id.len);
	EXPECT_EQ(0, memcmp("alice@example.com", id.data, 17));
}

TEST(id_keyid)
{
	static const uint8_t want[] = { 0x0a, 0x1b, 0xff, 0x00 };
	struct ikt_err err;
	struct ikt_id id;
	char hex[6 + 2 * IKEV2_ID_MAX + 3];
	int i;

	EXPECT_PARSE_OK(ikt_parse_id("keyid:0a1BfF00", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_KEY_ID, id.type);
	ASSERT_EQ(4, id.len);
	EXPECT_EQ(0, memcmp(want, id.data, 4));

	strcpy(hex, "keyid:");
	for (i = 0; i < IKEV2_ID_MAX; i++)
		strcat(hex, "ab");
	EXPECT_PARSE_OK(ikt_parse_id(hex, &id, &err));
	EXPECT_EQ(IKEV2_ID_MAX, id.len);
	strcat(hex, "ab");
	EXPECT_PARSE_ERR(ikt_parse_id(hex, &id, &err), EINVAL,
			 "longer than 255");
}

TEST(id_bad)
{
	static const struct {
		const char *id;
		const char *needle;
	} bad[] = {
		{ "", "empty identity" },
		{ "@", "\"@\" is empty" },
		{ "@a@b", "cannot contain another '@'" },
		{ "@with space", "blanks" },
		{ "alice@", "user@host" },
		{ "a@b@c", "user@host" },
		{ "al ice@example.com", "blanks" },
		{ "keyid:", "even, non-zero" },
		{ "keyid:abc", "even, non-zero" },
		{ "keyid:0g", "\"0g\" is not a hex byte" },
		{ "1.2.3.256", "not a valid IPv4" },
		{ "10.1", "not a valid IPv4" },
		{ "fe80::zz", "not a valid IPv6" },
		{ "foo bar", "is not an address, host name" },
		{ "host..example", "is not an address, host name" },
		{ ".example", "is not an address, host name" },
		{ "caf\xc3\xa9.example", "is not an address, host name" },
	};
	struct ikt_err err;
	struct ikt_id id;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_PARSE_ERR(ikt_parse_id(bad[i].id, &id, &err), EINVAL,
				 bad[i].needle);
}

TEST(id_length)
{
	char fqdn[IKEV2_ID_MAX + 3];
	struct ikt_err err;
	struct ikt_id id;

	fqdn[0] = '@';
	memset(fqdn + 1, 'a', IKEV2_ID_MAX);
	fqdn[IKEV2_ID_MAX + 1] = '\0';
	EXPECT_PARSE_OK(ikt_parse_id(fqdn, &id, &err));
	EXPECT_EQ(IKEV2_ID_MAX, id.len);
	strcat(fqdn, "a");
	EXPECT_PARSE_ERR(ikt_parse_id(fqdn, &id, &err), EINVAL,
			 "longer than 255 bytes");
}

/* `conn show` prints what `conn add` reads back to the same identity. */
TEST(id_format_round_trip)
{
	static const struct {
		const char *in, *text, *type, *value;
	} ids[] = {
		{ "192.0.2.1", "192.0.2.1", "ipv4", "192.0.2.1" },
		{ "2001:db8::2", "2001:db8::2", "ipv6", "2001:db8::2" },
		{ "@vpn.example.com", "@vpn.example.com", "fqdn",
		  "vpn.example.com" },
		{ "vpn.example.com", "@vpn.example.com", "fqdn",
		  "vpn.example.com" },
		{ "@192.0.2.1", "@192.0.2.1", "fqdn", "192.0.2.1" },
		{ "alice@example.com", "alice@example.com", "rfc822",
		  "alice@example.com" },
		{ "keyid:0A1b", "keyid:0a1b", "keyid", "0a1b" },
	};
	char text[IKT_FMT_ID_MAX], value[IKT_FMT_ID_MAX];
	struct ikt_id id, again;
	struct ikt_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		ASSERT_EQ(0, ikt_parse_id(ids[i].in, &id, &err));
		ASSERT_EQ(0, ikt_format_id(id.type, id.data, id.len, true,
					   text, sizeof(text)));
		ASSERT_EQ(0, ikt_format_id(id.type, id.data, id.len, false,
					   value, sizeof(value)));
		EXPECT_STREQ(ids[i].text, text);
		EXPECT_STREQ(ids[i].value, value);
		EXPECT_STREQ(ids[i].type, ikt_id_type_name(id.type));
		ASSERT_EQ(0, ikt_parse_id(text, &again, &err));
		EXPECT_EQ(id.type, again.type);
		EXPECT_EQ(id.len, again.len);
		EXPECT_EQ(0, memcmp(id.data, again.data, id.len));
	}
}

TEST(id_format_unprintable)
{
	static const uint8_t data[] = { 'a', '\n', '\\', 0, 0xff };
	char text[IKT_FMT_ID_MAX];

	ASSERT_EQ(0, ikt_format_id(IKEV2_ID_TYPE_FQDN, data, sizeof(data),
				   true, text, sizeof(text)));
	EXPECT_STREQ("@a\\x0a\\x5c\\x00\\xff", text);
	EXPECT_EQ(-EINVAL, ikt_format_id(IKEV2_ID_TYPE_IPV4_ADDR, data, 5,
					 true, text, sizeof(text)));
	EXPECT_EQ(-EINVAL, ikt_format_id(9, data, sizeof(data), true, text,
					 sizeof(text)));
	EXPECT_EQ(NULL, ikt_id_type_name(9));
}

/* ---- proposals ---- */

/*
 * The rules are the core's (kmod/ike/ike_proposal.h); these check that the
 * tool reaches them and reports what they say, naming the proposal.
 */
TEST(proposal_good)
{
	static const char *const ike[] = {
		"aes128gcm16-prfsha256-x25519",
		"aes256gcm16-prfsha384-ecp384",
		"aes192gcm16-prfsha512-ecp521-x25519",
		"chacha20poly1305-prfsha256-curve25519",
		"aes256-sha256-modp2048",
		"aes128-aes192-aes256-sha256-sha512-prfsha256-modp3072-ecp256",
		"aes128-sha2_384-prfsha384-modp4096",
		/* strongSwan: integrity with an AEAD is dropped, not refused */
		"aes128gcm16-sha256-x25519",
		/* and repeats are ignored */
		"aes128gcm16-aes128gcm-prfsha256-x25519-curve25519",
	};
	static const char *const esp[] = {
		"aes128gcm16", "aes256gcm16", "aes128gcm", "chacha20poly1305",
		"aes256-sha256", "aes128-sha512-esn",
		"aes128gcm16-x25519-noesn", "aes256-sha384-modp2048-esn-noesn",
		"aes128gcm16-sha256",
	};
	struct ikt_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ike); i++)
		EXPECT_PARSE_OK(ikt_check_proposal(ike[i], false, &err));
	for (i = 0; i < ARRAY_SIZE(esp); i++)
		EXPECT_PARSE_OK(ikt_check_proposal(esp[i], true, &err));
}

TEST(proposal_bad_ike)
{
	static const struct {
		const char *p;
		const char *needle;
	} bad[] = {
		{ "aes128gcm16-x25519", "without a PRF" },
		{ "aes256-sha256", "without a DH group" },
		{ "aes128-prfsha256-x25519", "without an integrity algorithm" },
		{ "aes128-aes128gcm16-sha256-prfsha256-x25519",
		  "AEAD and classic ciphers in one proposal (at \"aes128gcm16\")" },
		{ "aes128gcm16-prfsha256-x25519-esn",
		  "ESP proposals only (at \"esn\")" },
		{ "prfsha256-x25519", "no encryption algorithm" },
		{ "aes129-sha256-modp2048",
		  "unknown algorithm keyword (at \"aes129\")" },
		{ "AES128-sha256-modp2048",
		  "unknown algorithm keyword (at \"AES128\")" },
		{ "aes128-sha256-modp1024",
		  "unknown algorithm keyword (at \"modp1024\")" },
		{ "aes128-sha1-modp2048",
		  "unknown algorithm keyword (at \"sha1\")" },
		{ "aes128--sha256-modp2048", "empty algorithm keyword" },
		{ "aes128-sha256-modp2048-", "empty algorithm keyword" },
		{ "", "empty proposal" },
	};
	struct ikt_err err;
	char name[300];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(name, sizeof(name), "ike proposal \"%s\"", bad[i].p);
		EXPECT_PARSE_ERR(ikt_check_proposal(bad[i].p, false, &err),
				 EINVAL, bad[i].needle);
		EXPECT_NE(NULL, strstr(err.msg, name)) TH_LOG("%s", err.msg);
	}
}

TEST(proposal_bad_esp)
{
	static const struct {
		const char *p;
		const char *needle;
	} bad[] = {
		{ "aes256", "without an integrity algorithm" },
		{ "aes128gcm16-prfsha256",
		  "IKE proposals only (at \"prfsha256\")" },
		{ "sha256", "no encryption algorithm" },
		{ "chacha20poly1305-aes256-sha256",
		  "AEAD and classic ciphers in one proposal (at \"aes256\")" },
		{ "aes128gcm16-esn-blah", "(at \"blah\")" },
	};
	struct ikt_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_PARSE_ERR(ikt_check_proposal(bad[i].p, true, &err),
				 EINVAL, bad[i].needle);
}

TEST(proposal_list)
{
	struct ikt_proposals list;
	struct ikt_err err;
	char many[(IKT_CONN_PROPOSALS_MAX + 1) * 16];
	char too_long[IKEV2_PROPOSAL_MAX + 16];
	int i, o = 0;

	EXPECT_PARSE_OK(ikt_parse_proposal_list(
		"aes128gcm16-prfsha256-x25519,aes256-sha256-modp2048", false,
		&list, &err));
	ASSERT_EQ(2, list.n);
	EXPECT_STREQ("aes128gcm16-prfsha256-x25519", list.v[0]);
	EXPECT_STREQ("aes256-sha256-modp2048", list.v[1]);

	EXPECT_PARSE_ERR(ikt_parse_proposal_list("aes128gcm16,", true, &list,
						 &err), EINVAL,
			 "empty list element");
	EXPECT_PARSE_ERR(ikt_parse_proposal_list("aes128gcm16,aes256", true,
						 &list, &err), EINVAL,
			 "esp proposal \"aes256\"");

	for (i = 0; i < IKT_CONN_PROPOSALS_MAX; i++)
		o += sprintf(many + o, "%saes128gcm16", i ? "," : "");
	EXPECT_PARSE_OK(ikt_parse_proposal_list(many, true, &list, &err));
	EXPECT_EQ(IKT_CONN_PROPOSALS_MAX, list.n);
	strcat(many, ",aes256gcm16");
	EXPECT_PARSE_ERR(ikt_parse_proposal_list(many, true, &list, &err),
			 E2BIG, "more than 16 esp proposals");

	strcpy(too_long, "aes128");
	while (strlen(too_long) < IKEV2_PROPOSAL_MAX)
		strcat(too_long, "-sha256");
	EXPECT_PARSE_ERR(ikt_parse_proposal_list(too_long, true, &list, &err),
			 EINVAL, "longer than 255");
}

/* ---- files ---- */

FIXTURE(files) {
	char dir[PATH_MAX];
	char path[PATH_MAX + 64];
};

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	return remove(path);
}

FIXTURE_SETUP(files)
{
	strcpy(self->dir, "/tmp/ike-test-parse.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(files)
{
	nftw(self->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Writes @name in the fixture's directory; self->path is its path. */
static void write_file(struct __test_metadata *_metadata,
		       FIXTURE_DATA(files) *self, const char *name,
		       const void *data, size_t len, mode_t mode)
{
	int fd;

	snprintf(self->path, sizeof(self->path), "%s/%s", self->dir, name);
	fd = open(self->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)len, write(fd, data, len));
	ASSERT_EQ(0, fchmod(fd, mode));
	close(fd);
}

TEST_F(files, psk_good)
{
	static const uint8_t binary[] = { 's', 0, '\n', 0xff, 'k' };
	uint8_t psk[IKEV2_PSK_MAX];
	struct ikt_err err;
	bool loose = true;
	size_t len = 0;

	write_file(_metadata, self, "psk", "secret\n", 7, 0600);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(6, len);
	EXPECT_EQ(0, memcmp("secret", psk, 6));
	EXPECT_FALSE(loose);

	/* One newline is stripped, not two; none is fine. */
	write_file(_metadata, self, "psk", "secret\n\n", 8, 0600);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(7, len);
	EXPECT_EQ(0, memcmp("secret\n", psk, 7));
	write_file(_metadata, self, "psk", "secret", 6, 0400);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(6, len);

	write_file(_metadata, self, "psk", binary, sizeof(binary), 0600);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(sizeof(binary), len);
	EXPECT_EQ(0, memcmp(binary, psk, sizeof(binary)));
}

TEST_F(files, psk_size_limits)
{
	uint8_t key[IKEV2_PSK_MAX + 2], psk[IKEV2_PSK_MAX];
	struct ikt_err err;
	bool loose;
	size_t len = 0;

	memset(key, 'k', sizeof(key));
	write_file(_metadata, self, "max", key, IKEV2_PSK_MAX, 0600);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(IKEV2_PSK_MAX, len);

	key[IKEV2_PSK_MAX] = '\n';
	write_file(_metadata, self, "max-nl", key, IKEV2_PSK_MAX + 1, 0600);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(IKEV2_PSK_MAX, len);

	key[IKEV2_PSK_MAX] = 'k';
	write_file(_metadata, self, "over", key, IKEV2_PSK_MAX + 1, 0600);
	EXPECT_PARSE_ERR(ikt_read_psk_file(self->path, psk, &len, &loose,
					   &err), EMSGSIZE, "longer than 512");

	key[IKEV2_PSK_MAX + 1] = '\n';
	write_file(_metadata, self, "over-nl", key, IKEV2_PSK_MAX + 2, 0600);
	EXPECT_PARSE_ERR(ikt_read_psk_file(self->path, psk, &len, &loose,
					   &err), EMSGSIZE, "longer than 512");
}

TEST_F(files, psk_empty)
{
	uint8_t psk[IKEV2_PSK_MAX];
	struct ikt_err err;
	bool loose;
	size_t len;

	write_file(_metadata, self, "empty", "", 0, 0600);
	EXPECT_PARSE_ERR(ikt_read_psk_file(self->path, psk, &len, &loose,
					   &err), EINVAL, "is empty");
	write_file(_metadata, self, "newline", "\n", 1, 0600);
	EXPECT_PARSE_ERR(ikt_read_psk_file(self->path, psk, &len, &loose,
					   &err), EINVAL, "is empty");
}

/* We run as root: unreadable means missing, a directory, or a device. */
TEST_F(files, psk_unreadable)
{
	uint8_t psk[IKEV2_PSK_MAX];
	char missing[PATH_MAX + 16];
	struct ikt_err err;
	bool loose;
	size_t len;

	snprintf(missing, sizeof(missing), "%s/missing", self->dir);
	EXPECT_PARSE_ERR(ikt_read_psk_file(missing, psk, &len, &loose, &err),
			 ENOENT, missing);
	EXPECT_NE(NULL, strstr(err.msg, "No such file"));
	EXPECT_PARSE_ERR(ikt_read_psk_file(self->dir, psk, &len, &loose, &err),
			 EISDIR, "is a directory");
	EXPECT_PARSE_ERR(ikt_read_psk_file("/dev/null", psk, &len, &loose,
					   &err), EINVAL, "not a regular file");
	EXPECT_PARSE_ERR(ikt_read_psk_file("", psk, &len, &loose, &err),
			 EINVAL, "empty file name");
}

TEST_F(files, psk_loose_mode)
{
	uint8_t psk[IKEV2_PSK_MAX];
	struct ikt_err err;
	bool loose;
	size_t len;

	write_file(_metadata, self, "psk", "secret", 6, 0644);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_TRUE(loose);
	write_file(_metadata, self, "psk", "secret", 6, 0640);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_TRUE(loose);
	write_file(_metadata, self, "psk", "secret", 6, 0604);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_TRUE(loose);
	write_file(_metadata, self, "psk", "secret", 6, 0600);
	EXPECT_PARSE_OK(ikt_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_FALSE(loose);
}

TEST_F(files, psk_pipe)
{
	uint8_t psk[IKEV2_PSK_MAX];
	struct ikt_err err;
	char path[64];
	int fds[2];
	bool loose = true;
	size_t len;

	ASSERT_EQ(0, pipe(fds));
	ASSERT_EQ(7, write(fds[1], "piped!\n", 7));
	close(fds[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	EXPECT_PARSE_OK(ikt_read_psk_file(path, psk, &len, &loose, &err));
	EXPECT_EQ(6, len);
	EXPECT_EQ(0, memcmp("piped!", psk, 6));
	EXPECT_FALSE(loose);
	close(fds[0]);
}

TEST_F(files, check_file)
{
	char abs[IKEV2_PATH_MAX], want[PATH_MAX + 16], real_dir[PATH_MAX];
	char rel[PATH_MAX + 32];
	struct ikt_err err;
	bool loose = true;

	write_file(_metadata, self, "cert.pem", "x", 1, 0644);
	ASSERT_NE(NULL, realpath(self->dir, real_dir));
	snprintf(want, sizeof(want), "%s/cert.pem", real_dir);

	/* Relative paths go to the module as absolute ones. */
	ASSERT_EQ(0, chdir(self->dir));
	EXPECT_PARSE_OK(ikt_check_file("cert", "cert.pem", abs, sizeof(abs),
				       &loose, &err));
	EXPECT_STREQ(want, abs);
	EXPECT_TRUE(loose);
	snprintf(rel, sizeof(rel), "../%s/./cert.pem",
		 strrchr(self->dir, '/') + 1);
	EXPECT_PARSE_OK(ikt_check_file("cert", rel, abs, sizeof(abs), NULL,
				       &err));
	EXPECT_STREQ(want, abs);

	write_file(_metadata, self, "key.pem", "x", 1, 0600);
	EXPECT_PARSE_OK(ikt_check_file("key", self->path, abs, sizeof(abs),
				       &loose, &err));
	EXPECT_FALSE(loose);

	EXPECT_PARSE_ERR(ikt_check_file("cacert", "missing.pem", abs,
					sizeof(abs), NULL, &err), ENOENT,
			 "cacert missing.pem");
	EXPECT_PARSE_ERR(ikt_check_file("cert", self->dir, abs, sizeof(abs),
					NULL, &err), EISDIR, "is a directory");
	EXPECT_PARSE_ERR(ikt_check_file("key", "/dev/null", abs, sizeof(abs),
					NULL, &err), EINVAL,
			 "not a regular file");
}

/* ---- dev ---- */

TEST(dev)
{
	char dev[IFNAMSIZ];
	unsigned int idx = 0;
	struct ikt_err err;

	EXPECT_PARSE_OK(ikt_parse_dev("lo", dev, &idx, &err));
	EXPECT_EQ(if_nametoindex("lo"), idx);
	EXPECT_STREQ("lo", dev);
	EXPECT_PARSE_ERR(ikt_parse_dev("ikenosuch0", dev, &idx, &err), ENODEV,
			 "ikenosuch0: no such device");
	EXPECT_PARSE_ERR(ikt_parse_dev("a-name-too-long-x", dev, &idx, &err),
			 EINVAL, "not an interface name");
	EXPECT_PARSE_ERR(ikt_parse_dev("", dev, &idx, &err), EINVAL,
			 "not an interface name");
}

/* ---- data path numbers ---- */

TEST(replay_window)
{
	static const struct {
		const char *s;
		uint32_t want;
	} good[] = {
		{ "0", 0 }, { "1", 1 }, { "32", 32 }, { "64", 64 },
		{ "4096", 4096 }, { "0032", 32 },
	};
	static const char *const malformed[] = {
		"", "-1", "+5", " 5", "5 ", "0x10", "32k", "1e3", "many",
	};
	static const char *const too_big[] = {
		"4097", "65536", "4294967296", "99999999999999999999999",
	};
	struct ikt_err err;
	uint32_t w;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		w = 12345;
		EXPECT_PARSE_OK(ikt_parse_replay_window(good[i].s, &w, &err));
		EXPECT_EQ(good[i].want, w) TH_LOG("\"%s\"", good[i].s);
	}
	for (i = 0; i < ARRAY_SIZE(malformed); i++)
		EXPECT_PARSE_ERR(ikt_parse_replay_window(malformed[i], &w,
							 &err), EINVAL,
				 "from 0 to 4096");
	for (i = 0; i < ARRAY_SIZE(too_big); i++)
		EXPECT_PARSE_ERR(ikt_parse_replay_window(too_big[i], &w, &err),
				 ERANGE, too_big[i]);
}

TEST(bytes)
{
	static const struct {
		const char *s;
		uint64_t want;
	} good[] = {
		{ "0", 0 }, { "1", 1 }, { "1000", 1000 },
		{ "1k", 1024 }, { "1K", 1024 }, { "3m", 3ULL << 20 },
		{ "512M", 512ULL << 20 }, { "1g", 1ULL << 30 },
		{ "4G", 4ULL << 30 }, { "0G", 0 },
		{ "17179869183G", 17179869183ULL << 30 },
		{ "18446744073709551615", UINT64_MAX },
	};
	static const char *const malformed[] = {
		"", "-1", "+1", " 1", "1 ", "1 K", "1KB", "1KiB", "1T", "K",
		"0x10", "1.5G", "1k1", "1e9",
	};
	static const char *const too_big[] = {
		"18446744073709551616", "17179869184G", "17592186044416M",
		"18014398509481984K", "99999999999999999999999",
	};
	struct ikt_err err;
	uint64_t b;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		b = 12345;
		EXPECT_PARSE_OK(ikt_parse_bytes("rekey-bytes", good[i].s, &b,
						&err));
		EXPECT_EQ(good[i].want, b) TH_LOG("\"%s\"", good[i].s);
	}
	for (i = 0; i < ARRAY_SIZE(malformed); i++)
		EXPECT_PARSE_ERR(ikt_parse_bytes("life-bytes", malformed[i], &b,
						 &err), EINVAL,
				 "life-bytes \"");
	for (i = 0; i < ARRAY_SIZE(too_big); i++)
		EXPECT_PARSE_ERR(ikt_parse_bytes("rekey-bytes", too_big[i], &b,
						 &err), ERANGE,
				 "does not fit in 64 bits");
}

TEST(format_bytes)
{
	static const struct {
		uint64_t v;
		const char *text;
	} cases[] = {
		{ 0, "0" }, { 1, "1" }, { 1000, "1000" }, { 1023, "1023" },
		{ 1024, "1K" }, { 1536, "1536" }, { 1536ULL << 10, "1536K" },
		{ 512ULL << 20, "512M" }, { 1ULL << 30, "1G" },
		{ 3ULL << 40, "3072G" }, { (1ULL << 30) + 1024, "1048577K" },
		{ UINT64_MAX, "18446744073709551615" },
	};
	char buf[IKT_FMT_BYTES_MAX];
	struct ikt_err err;
	uint64_t back;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ikt_format_bytes(cases[i].v, buf, sizeof(buf));
		EXPECT_STREQ(cases[i].text, buf);
		/* What conn show prints, conn add takes back. */
		EXPECT_PARSE_OK(ikt_parse_bytes("rekey-bytes", buf, &back,
						&err));
		EXPECT_EQ(cases[i].v, back);
	}
}

/* ---- conn add grammar ---- */

FIXTURE(conn) {
	char dir[PATH_MAX];
	char psk[PATH_MAX + 16];
	char cert[PATH_MAX + 16];
	char key[PATH_MAX + 16];
	char cacert[PATH_MAX + 16];
	char missing[PATH_MAX + 16];
	struct ikt_conn_cfg *cfg;
};

static void put_file(const char *path, const char *data, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, data, strlen(data)) != (ssize_t)strlen(data))
		abort();
	close(fd);
}

FIXTURE_SETUP(conn)
{
	strcpy(self->dir, "/tmp/ike-test-conn.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->psk, sizeof(self->psk), "%s/psk", self->dir);
	snprintf(self->cert, sizeof(self->cert), "%s/cert.pem", self->dir);
	snprintf(self->key, sizeof(self->key), "%s/key.pem", self->dir);
	snprintf(self->cacert, sizeof(self->cacert), "%s/ca.pem", self->dir);
	snprintf(self->missing, sizeof(self->missing), "%s/missing",
		 self->dir);
	put_file(self->psk, "s3cret\n", 0600);
	put_file(self->cert, "cert", 0644);
	put_file(self->key, "key", 0600);
	put_file(self->cacert, "ca", 0644);
	self->cfg = ikt_conn_cfg_alloc();
	ASSERT_NE(NULL, self->cfg);
}

FIXTURE_TEARDOWN(conn)
{
	ikt_conn_cfg_free(self->cfg);
	nftw(self->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

TEST_F(conn, minimal_psk)
{
	char *argv[] = { "home", "local", "192.0.2.1", "remote",
			 "198.51.100.2", "auth", "psk", "psk-file", self->psk };
	struct ikt_conn_cfg *c = self->cfg;
	struct ikt_err err;
	uint8_t want[4];

	EXPECT_PARSE_OK(ikt_conn_parse_add(ARGC(argv), argv, c, &err));
	EXPECT_STREQ("home", c->name);
	EXPECT_EQ(4, c->local.len);
	addr_bytes(AF_INET, "192.0.2.1", want);
	EXPECT_EQ(0, memcmp(want, c->local.bytes, 4));
	EXPECT_FALSE(c->remote_any);
	addr_bytes(AF_INET, "198.51.100.2", want);
	EXPECT_EQ(0, memcmp(want, c->remote.bytes, 4));
	EXPECT_EQ(IKEV2_AUTH_METHOD_PSK, c->auth);
	EXPECT_EQ(6, c->psk_len);
	EXPECT_EQ(0, memcmp("s3cret", c->psk, 6));
	EXPECT_FALSE(c->psk_loose_mode);
	EXPECT_FALSE(c->has_local_id);
	EXPECT_FALSE(c->has_remote_id);
	EXPECT_EQ(0, c->ike.n);
	EXPECT_EQ(0, c->esp.n);
	EXPECT_EQ(0, c->local_ts.n);
	EXPECT_EQ(0, c->remote_ts.n);
	EXPECT_EQ(0, c->ifindex);
	EXPECT_FALSE(c->encap_udp);
	/* Left to the module: its default window, no byte limits. */
	EXPECT_FALSE(c->has_replay_window);
	EXPECT_EQ(0, c->rekey_bytes);
	EXPECT_EQ(0, c->life_bytes);
	EXPECT_EQ(0, c->ike_rekey);
}

TEST_F(conn, everything_any_order)
{
	char *argv[] = {
		"site.b", "encap", "udp", "dev", "lo",
		"life-bytes", "2G", "replay-window", "0",
		"rekey-bytes", "1536m", "ike-rekey", "600",
		"remote-ts", "10.1.0.0/16,2001:db8:1::/48",
		"local-ts", "10.0.0.0/24",
		"esp", "aes128gcm16,aes256-sha256",
		"ike", "aes128gcm16-prfsha256-x25519",
		"remote-id", "alice@example.com",
		"local-id", "@gw.example.com",
		"psk-file", self->psk, "auth", "psk",
		"remote", "%any", "local", "2001:db8::1",
	};
	struct ikt_conn_cfg *c = self->cfg;
	struct ikt_err err;

	EXPECT_PARSE_OK(ikt_conn_parse_add(ARGC(argv), argv, c, &err));
	EXPECT_STREQ("site.b", c->name);
	EXPECT_EQ(16, c->local.len);
	EXPECT_TRUE(c->remote_any);
	EXPECT_TRUE(c->has_local_id);
	EXPECT_EQ(IKEV2_ID_TYPE_FQDN, c->local_id.type);
	EXPECT_TRUE(c->has_remote_id);
	EXPECT_EQ(IKEV2_ID_TYPE_RFC822_ADDR, c->remote_id.type);
	ASSERT_EQ(1, c->ike.n);
	EXPECT_STREQ("aes128gcm16-prfsha256-x25519", c->ike.v[0]);
	ASSERT_EQ(2, c->esp.n);
	EXPECT_STREQ("aes256-sha256", c->esp.v[1]);
	EXPECT_EQ(1, c->local_ts.n);
	EXPECT_EQ(2, c->remote_ts.n);
	EXPECT_EQ(16, c->remote_ts.v[1].len);
	EXPECT_EQ(if_nametoindex("lo"), c->ifindex);
	EXPECT_STREQ("lo", c->dev);
	EXPECT_TRUE(c->encap_udp);
	EXPECT_TRUE(c->has_replay_window);
	EXPECT_EQ(0, c->replay_window);
	EXPECT_EQ(1536ULL << 20, c->rekey_bytes);
	EXPECT_EQ(2ULL << 30, c->life_bytes);
	EXPECT_EQ(600, c->ike_rekey);
}

/* ike-rekey: seconds within the module's range, checked before sending. */
TEST_F(conn, ike_rekey)
{
	static const struct {
		const char *v;
		int err;
		unsigned int want;
		const char *msg;
	} cases[] = {
		{ "5", 0, 5, NULL },
		{ "14400", 0, 14400, NULL },
		{ "2592000", 0, 2592000, NULL },
		{ "4", ERANGE, 0, "ike-rekey 4 is below 5 seconds" },
		{ "0", EINVAL, 0, "ike-rekey \"0\" is not a number of seconds" },
		{ "2592001", EINVAL, 0, "from 1 to 2592000" },
		{ "10m", EINVAL, 0, "ike-rekey \"10m\"" },
		{ "-5", EINVAL, 0, "ike-rekey \"-5\"" },
	};
	struct ikt_conn_cfg *c = self->cfg;
	struct ikt_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *argv[] = { "x", "local", "192.0.2.1", "remote", "%any",
				 "auth", "psk", "psk-file", self->psk,
				 "ike-rekey", (char *)cases[i].v };

		if (cases[i].err) {
			EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(argv), argv, c,
							    &err),
					 cases[i].err, cases[i].msg);
			continue;
		}
		EXPECT_PARSE_OK(ikt_conn_parse_add(ARGC(argv), argv, c, &err));
		EXPECT_EQ(cases[i].want, c->ike_rekey) TH_LOG("%s", cases[i].v);
	}
}

/* The byte limits are checked against each other before anything is sent. */
TEST_F(conn, data_path_limits)
{
	static const struct {
		const char *rekey, *life;	/* NULL: not given */
		int err;
		uint64_t want_rekey, want_life;
	} cases[] = {
		{ "1G", "1025M", 0, 1ULL << 30, 1025ULL << 20 },
		{ "1000", "1001", 0, 1000, 1001 },
		{ NULL, "4k", 0, 0, 4096 },
		{ "4k", NULL, 0, 4096, 0 },
		/* 0 is no limit: nothing to compare. */
		{ "0", "1", 0, 0, 1 },
		{ "5G", "0", 0, 5ULL << 30, 0 },
		{ "1G", "1G", EINVAL, 0, 0 },
		{ "1G", "1024M", EINVAL, 0, 0 },
		{ "2G", "1G", EINVAL, 0, 0 },
		{ "1001", "1000", EINVAL, 0, 0 },
	};
	struct ikt_conn_cfg *c = self->cfg;
	struct ikt_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *argv[13] = { "x", "local", "192.0.2.1", "remote", "%any",
				   "auth", "psk", "psk-file", self->psk };
		int argc = 9;

		if (cases[i].rekey) {
			argv[argc++] = "rekey-bytes";
			argv[argc++] = (char *)cases[i].rekey;
		}
		if (cases[i].life) {
			argv[argc++] = "life-bytes";
			argv[argc++] = (char *)cases[i].life;
		}
		if (cases[i].err) {
			EXPECT_PARSE_ERR(ikt_conn_parse_add(argc, argv, c,
							    &err),
					 cases[i].err, "must be above rekey-bytes");
			continue;
		}
		EXPECT_PARSE_OK(ikt_conn_parse_add(argc, argv, c, &err));
		EXPECT_EQ(cases[i].want_rekey, c->rekey_bytes)
			TH_LOG("case %zu", i);
		EXPECT_EQ(cases[i].want_life, c->life_bytes)
			TH_LOG("case %zu", i);
	}
}

TEST_F(conn, data_path_errors)
{
	char *big_window[] = { "x", "replay-window", "4097" };
	char *bad_window[] = { "x", "replay-window", "32k" };
	char *bad_rekey[] = { "x", "rekey-bytes", "1T" };
	char *big_life[] = { "x", "life-bytes", "17179869184G" };
	char *no_value[] = { "x", "local", "192.0.2.1", "life-bytes" };
	char *twice[] = { "x", "rekey-bytes", "1", "rekey-bytes", "2" };
	/* Refused before the psk-file is even opened. */
	char *order[] = { "x", "local", "192.0.2.1", "remote", "%any",
			  "auth", "psk", "psk-file", self->missing,
			  "rekey-bytes", "2M", "life-bytes", "1M" };
	struct ikt_err err;

	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(big_window), big_window,
					    self->cfg, &err), ERANGE,
			 "replay-window 4097 is above 4096");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_window), bad_window,
					    self->cfg, &err), EINVAL,
			 "replay-window \"32k\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_rekey), bad_rekey,
					    self->cfg, &err), EINVAL,
			 "rekey-bytes \"1T\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(big_life), big_life,
					    self->cfg, &err), ERANGE,
			 "life-bytes \"17179869184G\" does not fit");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(no_value), no_value,
					    self->cfg, &err), EINVAL,
			 "\"life-bytes\" needs an argument: BYTES");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(twice), twice, self->cfg,
					    &err), EINVAL,
			 "\"rekey-bytes\" is given twice");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(order), order, self->cfg,
					    &err), EINVAL,
			 "life-bytes 1M must be above rekey-bytes 2M");
}

TEST_F(conn, pubkey)
{
	char *argv[] = { "pk", "local", "192.0.2.1", "remote", "%any",
			 "auth", "pubkey", "cert", self->cert, "key",
			 self->key, "cacert", self->cacert };
	struct ikt_conn_cfg *c = self->cfg;
	char real[PATH_MAX];
	struct ikt_err err;

	EXPECT_PARSE_OK(ikt_conn_parse_add(ARGC(argv), argv, c, &err));
	EXPECT_EQ(IKEV2_AUTH_METHOD_PUBKEY, c->auth);
	EXPECT_EQ(0, c->psk_len);
	ASSERT_NE(NULL, realpath(self->cert, real));
	EXPECT_STREQ(real, c->cert);
	ASSERT_NE(NULL, realpath(self->key, real));
	EXPECT_STREQ(real, c->key);
	ASSERT_NE(NULL, realpath(self->cacert, real));
	EXPECT_STREQ(real, c->cacert);
	EXPECT_FALSE(c->key_loose_mode);
}

TEST_F(conn, missing_required)
{
	char *no_local[] = { "x", "remote", "%any", "auth", "psk",
			     "psk-file", self->psk };
	char *no_remote[] = { "x", "local", "192.0.2.1", "auth", "psk",
			      "psk-file", self->psk };
	char *no_auth[] = { "x", "local", "192.0.2.1", "remote", "%any",
			    "psk-file", self->psk };
	char *no_psk[] = { "x", "local", "192.0.2.1", "remote", "%any",
			   "auth", "psk" };
	char *no_key[] = { "x", "local", "192.0.2.1", "remote", "%any",
			   "auth", "pubkey", "cert", self->cert, "cacert",
			   self->cacert };
	char *no_name[] = { NULL };
	struct ikt_err err;

	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(no_local), no_local,
					    self->cfg, &err), EINVAL,
			 "missing \"local ADDR\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(no_remote), no_remote,
					    self->cfg, &err), EINVAL,
			 "missing \"remote ADDR\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(no_auth), no_auth,
					    self->cfg, &err), EINVAL,
			 "missing \"auth psk\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(no_psk), no_psk,
					    self->cfg, &err), EINVAL,
			 "auth psk needs \"psk-file FILE\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(no_key), no_key,
					    self->cfg, &err), EINVAL,
			 "auth pubkey needs \"key FILE\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(0, no_name, self->cfg, &err),
			 EINVAL, "missing connection NAME");
}

TEST_F(conn, grammar_errors)
{
	char *dup[] = { "x", "local", "192.0.2.1", "local", "192.0.2.2" };
	char *unknown[] = { "x", "local", "192.0.2.1", "lcoal-id", "@a" };
	char *no_value[] = { "x", "local", "192.0.2.1", "remote" };
	char *bad_auth[] = { "x", "auth", "eap" };
	char *bad_encap[] = { "x", "encap", "tcp" };
	char *bad_name[] = { "x y", "local", "192.0.2.1" };
	/* Grammar first: a missing psk-file is not even opened. */
	char *unknown_first[] = { "x", "psk-file", self->missing, "auth",
				  "psk", "frobnicate", "1" };
	struct ikt_err err;

	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(dup), dup, self->cfg, &err),
			 EINVAL, "\"local\" is given twice");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(unknown), unknown,
					    self->cfg, &err), EINVAL,
			 "unknown keyword \"lcoal-id\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(no_value), no_value,
					    self->cfg, &err), EINVAL,
			 "\"remote\" needs an argument: ADDR or %any");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_auth), bad_auth,
					    self->cfg, &err), EINVAL,
			 "auth \"eap\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_encap), bad_encap,
					    self->cfg, &err), EINVAL,
			 "encap \"tcp\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_name), bad_name,
					    self->cfg, &err), EINVAL,
			 "\"x y\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(unknown_first),
					    unknown_first, self->cfg, &err),
			 EINVAL, "unknown keyword \"frobnicate\"");
}

TEST_F(conn, value_errors)
{
	char *bad_local[] = { "x", "local", "192.0.2", "remote", "%any" };
	char *any_local[] = { "x", "local", "0.0.0.0", "remote", "%any" };
	char *mcast[] = { "x", "local", "192.0.2.1", "remote", "224.0.0.5" };
	char *mcast6[] = { "x", "local", "ff02::1", "remote", "%any" };
	char *bcast[] = { "x", "local", "192.0.2.1", "remote",
			  "255.255.255.255" };
	char *family[] = { "x", "local", "192.0.2.1", "remote", "2001:db8::2",
			   "auth", "psk", "psk-file", self->psk };
	char *bad_ts[] = { "x", "local-ts", "10.0.0.1/8" };
	char *bad_id[] = { "x", "remote-id", "keyid:xyz" };
	char *bad_ike[] = { "x", "ike", "aes128gcm16-x25519" };
	char *bad_esp[] = { "x", "esp", "aes128gcm16,aes256" };
	char *bad_dev[] = { "x", "dev", "ikenosuch0" };
	struct ikt_err err;

	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_local), bad_local,
					    self->cfg, &err), EINVAL,
			 "local \"192.0.2\" is not an IPv4 or IPv6 address");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(any_local), any_local,
					    self->cfg, &err), EINVAL,
			 "local 0.0.0.0 is not a unicast address");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(mcast), mcast, self->cfg,
					    &err), EINVAL,
			 "remote 224.0.0.5 is not a unicast");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(mcast6), mcast6, self->cfg,
					    &err), EINVAL,
			 "local ff02::1 is not a unicast");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bcast), bcast, self->cfg,
					    &err), EINVAL,
			 "remote 255.255.255.255 is not a unicast");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(family), family, self->cfg,
					    &err), EINVAL,
			 "not the same address family");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_ts), bad_ts, self->cfg,
					    &err), EINVAL,
			 "local-ts: \"10.0.0.1/8\" has host bits set");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_id), bad_id, self->cfg,
					    &err), EINVAL,
			 "remote-id: identity \"keyid:xyz\"");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_ike), bad_ike, self->cfg,
					    &err), EINVAL, "without a PRF");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_esp), bad_esp, self->cfg,
					    &err), EINVAL,
			 "esp proposal \"aes256\": classic cipher");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(bad_dev), bad_dev, self->cfg,
					    &err), ENODEV, "ikenosuch0");
}

TEST_F(conn, auth_mismatch)
{
	char *cert_with_psk[] = { "x", "local", "192.0.2.1", "remote", "%any",
				  "auth", "psk", "psk-file", self->psk,
				  "cert", self->cert };
	char *psk_with_pubkey[] = { "x", "local", "192.0.2.1", "remote",
				    "%any", "auth", "pubkey", "psk-file",
				    self->psk, "cert", self->cert, "key",
				    self->key, "cacert", self->cacert };
	char *missing_psk[] = { "x", "local", "192.0.2.1", "remote", "%any",
				"auth", "psk", "psk-file", self->missing };
	char *dir_psk[] = { "x", "local", "192.0.2.1", "remote", "%any",
			    "auth", "psk", "psk-file", self->dir };
	char *missing_ca[] = { "x", "local", "192.0.2.1", "remote", "%any",
			       "auth", "pubkey", "cert", self->cert, "key",
			       self->key, "cacert", self->missing };
	struct ikt_err err;

	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(cert_with_psk),
					    cert_with_psk, self->cfg, &err),
			 EINVAL, "\"cert\" goes with auth pubkey");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(psk_with_pubkey),
					    psk_with_pubkey, self->cfg, &err),
			 EINVAL, "\"psk-file\" goes with auth psk");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(missing_psk), missing_psk,
					    self->cfg, &err), ENOENT,
			 self->missing);
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(dir_psk), dir_psk,
					    self->cfg, &err), EISDIR,
			 "is a directory");
	EXPECT_PARSE_ERR(ikt_conn_parse_add(ARGC(missing_ca), missing_ca,
					    self->cfg, &err), ENOENT,
			 "cacert");
}

/* ---- conn up, sa show, monitor, stats: arguments ---- */

TEST(conn_up_args)
{
	char *plain[] = { "home" };
	char *min[] = { "home", "timeout", "1" };
	char *max[] = { "home", "timeout", "3600" };
	char *no_name[] = { NULL };
	char *bad_name[] = { "a/b" };
	char *unknown[] = { "home", "timeot", "5" };
	char *no_value[] = { "home", "timeout" };
	char *twice[] = { "home", "timeout", "5", "timeout", "6" };
	static const char *const bad_secs[] = {
		"0", "3601", "-1", "+5", " 5", "5s", "", "0x10", "1e3",
		"99999999999999999999999",
	};
	char name[IKEV2_CONN_NAME_MAX];
	unsigned int timeout = 0;
	struct ikt_err err;
	char want[64];
	size_t i;

	EXPECT_PARSE_OK(ikt_parse_conn_up(ARGC(plain), plain, name, &timeout,
					  &err));
	EXPECT_STREQ("home", name);
	EXPECT_EQ(30, timeout);
	EXPECT_PARSE_OK(ikt_parse_conn_up(ARGC(min), min, name, &timeout,
					  &err));
	EXPECT_EQ(1, timeout);
	EXPECT_PARSE_OK(ikt_parse_conn_up(ARGC(max), max, name, &timeout,
					  &err));
	EXPECT_EQ(3600, timeout);

	EXPECT_PARSE_ERR(ikt_parse_conn_up(0, no_name, name, &timeout, &err),
			 EINVAL, "missing connection NAME");
	EXPECT_PARSE_ERR(ikt_parse_conn_up(ARGC(bad_name), bad_name, name,
					   &timeout, &err), EINVAL, "\"a/b\"");
	EXPECT_PARSE_ERR(ikt_parse_conn_up(ARGC(unknown), unknown, name,
					   &timeout, &err), EINVAL,
			 "unknown keyword \"timeot\"");
	EXPECT_PARSE_ERR(ikt_parse_conn_up(ARGC(no_value), no_value, name,
					   &timeout, &err), EINVAL,
			 "\"timeout\" needs an argument");
	EXPECT_PARSE_ERR(ikt_parse_conn_up(ARGC(twice), twice, name,
					   &timeout, &err), EINVAL,
			 "given twice");
	for (i = 0; i < ARRAY_SIZE(bad_secs); i++) {
		char *argv[] = { "home", "timeout", (char *)bad_secs[i] };

		snprintf(want, sizeof(want), "timeout \"%s\" is not", bad_secs[i]);
		EXPECT_PARSE_ERR(ikt_parse_conn_up(ARGC(argv), argv, name,
						   &timeout, &err), EINVAL,
				 want);
	}
}

TEST(sa_show_args)
{
	char *conn[] = { "conn", "home" };
	char *no_name[] = { "conn" };
	char *unknown[] = { "id", "3" };
	char *extra[] = { "conn", "home", "now" };
	char *bad_name[] = { "conn", "a b" };
	char *none[] = { NULL };
	char name[IKEV2_CONN_NAME_MAX] = "junk";
	struct ikt_err err;

	EXPECT_PARSE_OK(ikt_parse_sa_show(0, none, name, &err));
	EXPECT_STREQ("", name);
	EXPECT_PARSE_OK(ikt_parse_sa_show(ARGC(conn), conn, name, &err));
	EXPECT_STREQ("home", name);
	EXPECT_PARSE_ERR(ikt_parse_sa_show(ARGC(no_name), no_name, name,
					   &err), EINVAL,
			 "\"conn\" needs an argument: NAME");
	EXPECT_PARSE_ERR(ikt_parse_sa_show(ARGC(unknown), unknown, name,
					   &err), EINVAL,
			 "unknown keyword \"id\"");
	EXPECT_PARSE_ERR(ikt_parse_sa_show(ARGC(extra), extra, name, &err),
			 EINVAL, "unexpected argument \"now\"");
	EXPECT_PARSE_ERR(ikt_parse_sa_show(ARGC(bad_name), bad_name, name,
					   &err), EINVAL, "\"a b\"");
}

TEST(no_args)
{
	char *one[] = { "all" };
	struct ikt_err err;

	EXPECT_PARSE_OK(ikt_parse_no_args(0, one, &err));
	EXPECT_PARSE_ERR(ikt_parse_no_args(1, one, &err), EINVAL,
			 "unexpected argument \"all\"");
}

/* ---- printers, on messages built here ---- */

static struct nl_msg *genl_new(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, 0x20, 0, 0,
				 cmd, IKEV2_FAMILY_VERSION))
		abort();
	return msg;
}

static void put_addr(struct nl_msg *msg, int type, const char *s)
{
	uint8_t b[16];
	int family = strchr(s, ':') ? AF_INET6 : AF_INET;

	addr_bytes(family, s, b);
	if (nla_put(msg, type, family == AF_INET ? 4 : 16, b))
		abort();
}

/* A selector; @proto < 0 leaves protocol and ports out. */
static void put_ts(struct nl_msg *msg, int type, const char *start,
		   const char *end, int proto, uint16_t port_start,
		   uint16_t port_end)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest)
		abort();
	put_addr(msg, IKEV2_A_TS_START, start);
	put_addr(msg, IKEV2_A_TS_END, end);
	if (proto >= 0 &&
	    (nla_put_u8(msg, IKEV2_A_TS_PROTOCOL, proto) ||
	     nla_put_u16(msg, IKEV2_A_TS_PORT_START, port_start) ||
	     nla_put_u16(msg, IKEV2_A_TS_PORT_END, port_end)))
		abort();
	nla_nest_end(msg, nest);
}

/* The IKE SA of the examples in ike.8, with two Child SAs. */
static struct nl_msg *sa_full(void)
{
	struct nl_msg *msg = genl_new(IKEV2_CMD_SA_GET);
	struct nlattr *child;

	if (nla_put_u32(msg, IKEV2_A_SA_ID, 3) ||
	    nla_put_string(msg, IKEV2_A_SA_CONN_NAME, "home") ||
	    nla_put_u8(msg, IKEV2_A_SA_STATE, IKEV2_SA_STATE_ESTABLISHED) ||
	    nla_put_flag(msg, IKEV2_A_SA_INITIATOR) ||
	    nla_put_u64(msg, IKEV2_A_SA_SPI_I, 0x0123456789abcdefULL) ||
	    nla_put_u64(msg, IKEV2_A_SA_SPI_R, 0xfedcba9876543210ULL))
		abort();
	put_addr(msg, IKEV2_A_SA_LOCAL_ADDR, "192.0.2.1");
	put_addr(msg, IKEV2_A_SA_REMOTE_ADDR, "198.51.100.2");
	if (nla_put_u16(msg, IKEV2_A_SA_LOCAL_PORT, 4500) ||
	    nla_put_u16(msg, IKEV2_A_SA_REMOTE_PORT, 4500) ||
	    nla_put_flag(msg, IKEV2_A_SA_NAT_REMOTE) ||
	    nla_put_string(msg, IKEV2_A_SA_PROPOSAL,
			   "aes128gcm16-prfsha256-x25519") ||
	    nla_put_u64(msg, IKEV2_A_SA_AGE, 12) ||
	    nla_put_u32(msg, IKEV2_A_SA_REKEY_IN, 3587))
		abort();

	/* Everything, IPv4 and IPv6 selectors, a range, protocol/port. */
	child = nla_nest_start(msg, IKEV2_A_SA_CHILD);
	if (!child || nla_put_u32(msg, IKEV2_A_CHILD_SPI_IN, 0xc1a2b3c4) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_SPI_OUT, 0x0f0e0d0c) ||
	    nla_put_string(msg, IKEV2_A_CHILD_PROPOSAL, "aes128gcm16-esn"))
		abort();
	put_ts(msg, IKEV2_A_CHILD_LOCAL_TS, "10.0.1.0", "10.0.1.255", -1, 0,
	       0);
	put_ts(msg, IKEV2_A_CHILD_LOCAL_TS, "2001:db8:1::",
	       "2001:db8:1:ffff:ffff:ffff:ffff:ffff", -1, 0, 0);
	put_ts(msg, IKEV2_A_CHILD_REMOTE_TS, "10.0.2.0", "10.0.2.9", 0, 0,
	       65535);
	put_ts(msg, IKEV2_A_CHILD_REMOTE_TS, "2001:db8:2::",
	       "2001:db8:2::ffff:ffff:ffff:ffff", 6, 443, 443);
	if (nla_put_flag(msg, IKEV2_A_CHILD_ENCAP_UDP) ||
	    nla_put_flag(msg, IKEV2_A_CHILD_ESN) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_BYTES_IN, 1234) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_PACKETS_IN, 10) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_BYTES_OUT, 5678) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_PACKETS_OUT, 20) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_AGE, 12) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_REKEY_IN, 3000) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_EXPIRE_IN, 3500) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_IFINDEX, if_nametoindex("lo")) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_REPLAY_WINDOW, 64) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_SEQ_OUT, 20) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_SEQ_IN, 11) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_RX_REPLAY, 3) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_RX_AUTH_FAILED, 0) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_RX_BAD_PADDING, 0) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_RX_SELECTOR, 1) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_RX_MALFORMED, 0) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_TX_ERRORS, 2) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_REKEY_BYTES, 512ULL << 20) ||
	    nla_put_u64(msg, IKEV2_A_CHILD_LIFE_BYTES, 1ULL << 30))
		abort();
	nla_nest_end(msg, child);

	/*
	 * Only what is required, the optional attributes missing, but for
	 * a rekey time of "never".
	 */
	child = nla_nest_start(msg, IKEV2_A_SA_CHILD);
	if (!child || nla_put_u32(msg, IKEV2_A_CHILD_SPI_IN, 1) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_SPI_OUT, 2) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_REKEY_IN, UINT32_MAX))
		abort();
	put_ts(msg, IKEV2_A_CHILD_LOCAL_TS, "10.0.3.0", "10.0.3.255", -1, 0,
	       0);
	nla_nest_end(msg, child);
	return msg;
}

/* A responder's SA over IPv6, half way: SPI_R, proposal, ages missing. */
static struct nl_msg *sa_sparse(void)
{
	struct nl_msg *msg = genl_new(IKEV2_CMD_SA_GET);

	if (nla_put_u32(msg, IKEV2_A_SA_ID, 9) ||
	    nla_put_string(msg, IKEV2_A_SA_CONN_NAME, "road") ||
	    nla_put_u8(msg, IKEV2_A_SA_STATE, IKEV2_SA_STATE_CONNECTING) ||
	    nla_put_u64(msg, IKEV2_A_SA_SPI_I, 0xaULL))
		abort();
	put_addr(msg, IKEV2_A_SA_LOCAL_ADDR, "2001:db8::1");
	put_addr(msg, IKEV2_A_SA_REMOTE_ADDR, "2001:db8::2");
	if (nla_put_u16(msg, IKEV2_A_SA_LOCAL_PORT, 500) ||
	    nla_put_u16(msg, IKEV2_A_SA_REMOTE_PORT, 500) ||
	    nla_put_flag(msg, IKEV2_A_SA_NAT_LOCAL))
		abort();
	return msg;
}

struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static void capture_start(struct capture *c, bool json, bool pretty)
{
	c->buf = NULL;
	c->f = open_memstream(&c->buf, &c->len);
	if (!c->f)
		abort();
	print_init_file(c->f, json, pretty);
}

/* The output so far; free() it. */
static char *capture_end(struct capture *c)
{
	print_finish();
	fclose(c->f);
	return c->buf;
}

static char *render_sa(struct nl_msg *msg, bool json, bool pretty)
{
	struct ikt_sa_attrs sa;
	struct capture c;

	if (ikt_sa_parse_msg(nlmsg_hdr(msg), &sa))
		return NULL;
	capture_start(&c, json, pretty);
	print_open_array(NULL);
	ikt_sa_print(&sa);
	print_close_array();
	return capture_end(&c);
}

TEST(sa_print_text)
{
	struct nl_msg *full = sa_full(), *sparse = sa_sparse();
	char *out;

	out = render_sa(full, false, false);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ(
"sa 3: home ESTABLISHED initiator spi 0123456789abcdef_fedcba9876543210 192.0.2.1:4500 -> 198.51.100.2:4500 nat-remote ike aes128gcm16-prfsha256-x25519 age 12s rekey-in 3587s\n"
"    child c1a2b3c4/0f0e0d0c esp aes128gcm16-esn encap udp esn dev lo\n"
"        10.0.1.0/24,2001:db8:1::/48 === 10.0.2.0-10.0.2.9,2001:db8:2::/64[tcp/443]\n"
"        in 1234 bytes 10 packets out 5678 bytes 20 packets\n"
"        seq-out 20 seq-in 11 replay-window 64 rekey-bytes 512M life-bytes 1G\n"
"        drops rx-replay 3 rx-selector 1 tx-errors 2\n"
"        age 12s rekey-in 3000s expire-in 3500s\n"
"    child 00000001/00000002\n"
"        10.0.3.0/24 === -\n"
"        rekey-in never\n", out);
	free(out);

	out = render_sa(sparse, false, false);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ(
"sa 9: road CONNECTING responder [2001:db8::1]:500 -> [2001:db8::2]:500 nat-local\n",
		     out);
	free(out);
	nlmsg_free(full);
	nlmsg_free(sparse);
}

TEST(sa_print_json)
{
	struct nl_msg *full = sa_full(), *sparse = sa_sparse();
	char *out, want[4096];

	out = render_sa(full, true, false);
	ASSERT_NE(NULL, out);
	snprintf(want, sizeof(want),
		     "[{\"id\":3,\"conn\":\"home\",\"state\":\"ESTABLISHED\","
		     "\"initiator\":true,\"spi_i\":\"0123456789abcdef\","
		     "\"spi_r\":\"fedcba9876543210\","
		     "\"local_addr\":\"192.0.2.1\",\"local_port\":4500,"
		     "\"remote_addr\":\"198.51.100.2\",\"remote_port\":4500,"
		     "\"nat_local\":false,\"nat_remote\":true,"
		     "\"proposal\":\"aes128gcm16-prfsha256-x25519\","
		     "\"age\":12,\"rekey_in\":3587,\"children\":["
		     "{\"spi_in\":\"c1a2b3c4\",\"spi_out\":\"0f0e0d0c\","
		     "\"proposal\":\"aes128gcm16-esn\",\"encap_udp\":true,"
		     "\"esn\":true,\"ifindex\":%u,\"ifname\":\"lo\","
		     "\"local_ts\":[\"10.0.1.0/24\",\"2001:db8:1::/48\"],"
		     "\"remote_ts\":[\"10.0.2.0-10.0.2.9\","
		     "\"2001:db8:2::/64[tcp/443]\"],"
		     "\"bytes_in\":1234,\"packets_in\":10,"
		     "\"bytes_out\":5678,\"packets_out\":20,"
		     "\"seq_out\":20,\"seq_in\":11,\"replay_window\":64,"
		     "\"rekey_bytes\":536870912,\"life_bytes\":1073741824,"
		     "\"rx_replay\":3,\"rx_auth_failed\":0,"
		     "\"rx_bad_padding\":0,\"rx_selector\":1,"
		     "\"rx_malformed\":0,\"tx_errors\":2,"
		     "\"age\":12,\"rekey_in\":3000,\"expire_in\":3500},"
		     "{\"spi_in\":\"00000001\",\"spi_out\":\"00000002\","
		     "\"proposal\":null,\"encap_udp\":false,\"esn\":false,"
		     "\"ifindex\":null,\"ifname\":null,"
		     "\"local_ts\":[\"10.0.3.0/24\"],\"remote_ts\":[],"
		     "\"bytes_in\":null,\"packets_in\":null,"
		     "\"bytes_out\":null,\"packets_out\":null,"
		     "\"seq_out\":null,\"seq_in\":null,"
		     "\"replay_window\":null,\"rekey_bytes\":null,"
		     "\"life_bytes\":null,\"rx_replay\":null,"
		     "\"rx_auth_failed\":null,\"rx_bad_padding\":null,"
		     "\"rx_selector\":null,\"rx_malformed\":null,"
		     "\"tx_errors\":null,"
		     "\"age\":null,\"rekey_in\":null,\"expire_in\":null}]}]\n",
		     if_nametoindex("lo"));
	EXPECT_STREQ(want, out);
	free(out);

	out = render_sa(sparse, true, false);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ("[{\"id\":9,\"conn\":\"road\",\"state\":\"CONNECTING\","
		     "\"initiator\":false,\"spi_i\":\"000000000000000a\","
		     "\"spi_r\":null,\"local_addr\":\"2001:db8::1\","
		     "\"local_port\":500,\"remote_addr\":\"2001:db8::2\","
		     "\"remote_port\":500,\"nat_local\":true,"
		     "\"nat_remote\":false,\"proposal\":null,\"age\":null,"
		     "\"rekey_in\":null,\"children\":[]}]\n", out);
	free(out);

	/* -p: the same document, indented. */
	out = render_sa(sparse, true, true);
	ASSERT_NE(NULL, out);
	EXPECT_EQ(0, strncmp("[\n    {\n        \"id\": 9,\n        \"conn\": \"road\",\n",
			     out, 45)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "\"children\": []\n    }\n]\n"));
	free(out);
	nlmsg_free(full);
	nlmsg_free(sparse);
}

/*
 * A Child SA whose data path saw no drops, on a link this namespace has no
 * name for: no drops line, the link by number, ifname null.
 */
TEST(sa_print_child_counters)
{
	struct nl_msg *msg = genl_new(IKEV2_CMD_SA_GET);
	struct nlattr *child;
	int i;
	char *out;

	if (nla_put_u32(msg, IKEV2_A_SA_ID, 5))
		abort();
	child = nla_nest_start(msg, IKEV2_A_SA_CHILD);
	if (!child || nla_put_u32(msg, IKEV2_A_CHILD_SPI_IN, 0xa) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_SPI_OUT, 0xb) ||
	    /* No link has this index: ifindex is a signed int. */
	    nla_put_u32(msg, IKEV2_A_CHILD_IFINDEX, 0x7ffffff0) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_REPLAY_WINDOW, 0))
		abort();
	for (i = IKEV2_A_CHILD_SEQ_OUT; i <= IKEV2_A_CHILD_TX_ERRORS; i++)
		if (nla_put_u64(msg, i, 0))
			abort();
	nla_nest_end(msg, child);

	out = render_sa(msg, false, false);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ(
"sa 5: responder\n"
"    child 0000000a/0000000b dev if2147483632\n"
"        - === -\n"
"        seq-out 0 seq-in 0 replay-window 0\n", out);
	free(out);

	out = render_sa(msg, true, false);
	ASSERT_NE(NULL, out);
	EXPECT_NE(NULL, strstr(out, "\"ifindex\":2147483632,\"ifname\":null,"))
		TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "\"seq_out\":0,\"seq_in\":0,"
			       "\"replay_window\":0,\"rekey_bytes\":null,"
			       "\"life_bytes\":null,\"rx_replay\":0,"
			       "\"rx_auth_failed\":0,\"rx_bad_padding\":0,"
			       "\"rx_selector\":0,\"rx_malformed\":0,"
			       "\"tx_errors\":0,")) TH_LOG("%s", out);
	free(out);

	/* A drop counter of the wrong size is refused before printing. */
	nlmsg_free(msg);
	msg = genl_new(IKEV2_CMD_SA_GET);
	nla_put_u32(msg, IKEV2_A_SA_ID, 5);
	child = nla_nest_start(msg, IKEV2_A_SA_CHILD);
	nla_put_u32(msg, IKEV2_A_CHILD_SPI_IN, 1);
	nla_put_u32(msg, IKEV2_A_CHILD_SPI_OUT, 2);
	nla_put_u32(msg, IKEV2_A_CHILD_RX_AUTH_FAILED, 7);
	nla_nest_end(msg, child);
	EXPECT_EQ(NULL, render_sa(msg, false, false));
	nlmsg_free(msg);
}

/* What nla_parse() alone would let through must not reach a printer. */
TEST(sa_parse_malformed)
{
	struct ikt_sa_attrs sa;
	struct nlattr *child;
	struct nl_msg *msg;
	uint8_t five[5] = { 0 };

	/* No id. */
	msg = genl_new(IKEV2_CMD_SA_GET);
	nla_put_string(msg, IKEV2_A_SA_CONN_NAME, "home");
	EXPECT_EQ(-EPROTO, ikt_sa_parse_msg(nlmsg_hdr(msg), &sa));
	nlmsg_free(msg);

	/* An address of 5 bytes. */
	msg = genl_new(IKEV2_CMD_SA_GET);
	nla_put_u32(msg, IKEV2_A_SA_ID, 1);
	nla_put(msg, IKEV2_A_SA_LOCAL_ADDR, sizeof(five), five);
	EXPECT_EQ(-EPROTO, ikt_sa_parse_msg(nlmsg_hdr(msg), &sa));
	nlmsg_free(msg);

	/* A name without its NUL. */
	msg = genl_new(IKEV2_CMD_SA_GET);
	nla_put_u32(msg, IKEV2_A_SA_ID, 1);
	nla_put(msg, IKEV2_A_SA_CONN_NAME, 4, "home");
	EXPECT_EQ(-EPROTO, ikt_sa_parse_msg(nlmsg_hdr(msg), &sa));
	nlmsg_free(msg);

	/* The first of two children lacks its outbound SPI. */
	msg = genl_new(IKEV2_CMD_SA_GET);
	nla_put_u32(msg, IKEV2_A_SA_ID, 1);
	child = nla_nest_start(msg, IKEV2_A_SA_CHILD);
	nla_put_u32(msg, IKEV2_A_CHILD_SPI_IN, 1);
	nla_nest_end(msg, child);
	child = nla_nest_start(msg, IKEV2_A_SA_CHILD);
	nla_put_u32(msg, IKEV2_A_CHILD_SPI_IN, 2);
	nla_put_u32(msg, IKEV2_A_CHILD_SPI_OUT, 3);
	nla_nest_end(msg, child);
	EXPECT_EQ(-EPROTO, ikt_sa_parse_msg(nlmsg_hdr(msg), &sa));
	nlmsg_free(msg);

	/* The first of two selectors mixes IPv4 and IPv6. */
	msg = genl_new(IKEV2_CMD_SA_GET);
	nla_put_u32(msg, IKEV2_A_SA_ID, 1);
	child = nla_nest_start(msg, IKEV2_A_SA_CHILD);
	nla_put_u32(msg, IKEV2_A_CHILD_SPI_IN, 1);
	nla_put_u32(msg, IKEV2_A_CHILD_SPI_OUT, 2);
	put_ts(msg, IKEV2_A_CHILD_LOCAL_TS, "10.0.0.0", "2001:db8::1", -1, 0,
	       0);
	put_ts(msg, IKEV2_A_CHILD_LOCAL_TS, "10.0.0.0", "10.0.0.255", -1, 0,
	       0);
	nla_nest_end(msg, child);
	EXPECT_EQ(-EPROTO, ikt_sa_parse_msg(nlmsg_hdr(msg), &sa));
	nlmsg_free(msg);

	/* The two good ones, for contrast. */
	msg = sa_full();
	EXPECT_EQ(0, ikt_sa_parse_msg(nlmsg_hdr(msg), &sa));
	nlmsg_free(msg);
	msg = sa_sparse();
	EXPECT_EQ(0, ikt_sa_parse_msg(nlmsg_hdr(msg), &sa));
	nlmsg_free(msg);
}

/* RFC 7296 3.10.1 numbers, written out here rather than taken from the table. */
TEST(notify_names)
{
	static const struct {
		uint16_t num;
		const char *name;
	} names[] = {
		{ 1, "UNSUPPORTED_CRITICAL_PAYLOAD" },
		{ 4, "INVALID_IKE_SPI" },
		{ 5, "INVALID_MAJOR_VERSION" },
		{ 7, "INVALID_SYNTAX" },
		{ 9, "INVALID_MESSAGE_ID" },
		{ 11, "INVALID_SPI" },
		{ 14, "NO_PROPOSAL_CHOSEN" },
		{ 17, "INVALID_KE_PAYLOAD" },
		{ 24, "AUTHENTICATION_FAILED" },
		{ 34, "SINGLE_PAIR_REQUIRED" },
		{ 35, "NO_ADDITIONAL_SAS" },
		{ 36, "INTERNAL_ADDRESS_FAILURE" },
		{ 37, "FAILED_CP_REQUIRED" },
		{ 38, "TS_UNACCEPTABLE" },
		{ 39, "INVALID_SELECTORS" },
		{ 43, "TEMPORARY_FAILURE" },
		{ 44, "CHILD_SA_NOT_FOUND" },
		{ 16384, "INITIAL_CONTACT" },
		{ 16390, "COOKIE" },
		{ 16393, "REKEY_SA" },
		/* Unassigned: the number itself. */
		{ 2, "2" },
		{ 12345, "12345" },
		{ 65535, "65535" },
	};
	char buf[8];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		EXPECT_STREQ(names[i].name,
			     ikt_notify_str(names[i].num, buf, sizeof(buf)));
}

static struct nl_msg *event_new(uint32_t id, uint8_t event, uint16_t notify,
				uint32_t error)
{
	struct nl_msg *msg = genl_new(IKEV2_CMD_SA_EVENT);

	if (nla_put_u32(msg, IKEV2_A_SA_ID, id) ||
	    nla_put_u8(msg, IKEV2_A_SA_EVENT, event) ||
	    nla_put_string(msg, IKEV2_A_SA_CONN_NAME, "home") ||
	    nla_put_u64(msg, IKEV2_A_SA_SPI_I, 0x0123456789abcdefULL) ||
	    nla_put_u64(msg, IKEV2_A_SA_SPI_R, 0) ||
	    (notify && nla_put_u16(msg, IKEV2_A_SA_NOTIFY, notify)) ||
	    (error && nla_put_u32(msg, IKEV2_A_SA_ERROR, error)))
		abort();
	return msg;
}

static void event_put_child(struct nl_msg *msg, uint32_t in, uint32_t out)
{
	struct nlattr *child = nla_nest_start(msg, IKEV2_A_SA_CHILD);

	if (!child || nla_put_u32(msg, IKEV2_A_CHILD_SPI_IN, in) ||
	    nla_put_u32(msg, IKEV2_A_CHILD_SPI_OUT, out))
		abort();
	put_ts(msg, IKEV2_A_CHILD_LOCAL_TS, "10.0.1.0", "10.0.1.255", -1, 0,
	       0);
	nla_nest_end(msg, child);
}

/* ikt_up_event() on one event for SA @id; @why gets the failure text. */
static enum ikt_up_state up_on(struct nl_msg *msg, uint32_t id,
			       struct ikt_up_result *res)
{
	struct ikt_sa_attrs ev;

	memset(res, 0, sizeof(*res));
	if (ikt_sa_parse_msg(nlmsg_hdr(msg), &ev))
		abort();
	return ikt_up_event(&ev, id, res);
}

TEST(conn_up_outcome)
{
	static const struct {
		uint8_t event;
		uint16_t notify;
		uint32_t error;
		const char *why;
	} fails[] = {
		{ IKEV2_EVENT_FAILED, 24, 0, "AUTHENTICATION_FAILED" },
		{ IKEV2_EVENT_FAILED, 14, 0, "NO_PROPOSAL_CHOSEN" },
		{ IKEV2_EVENT_FAILED, 17, 0, "INVALID_KE_PAYLOAD" },
		/* The notify wins over the local error. */
		{ IKEV2_EVENT_FAILED, 7, ETIMEDOUT, "INVALID_SYNTAX" },
		{ IKEV2_EVENT_FAILED, 0, ENOTCONN, "no ike-helper running" },
		{ IKEV2_EVENT_FAILED, 0, ETIMEDOUT, "peer did not answer" },
		{ IKEV2_EVENT_FAILED, 0, ESRCH, "ike-helper died" },
		{ IKEV2_EVENT_FAILED, 0, EPERM, "Operation not permitted" },
		{ IKEV2_EVENT_FAILED, 40000, 0, "40000" },
		{ IKEV2_EVENT_CHILD_FAILED, 38, 0,
		  "IKE SA 3 established, but the Child SA failed: TS_UNACCEPTABLE" },
		{ IKEV2_EVENT_CHILD_FAILED, 14, 0, "NO_PROPOSAL_CHOSEN" },
		{ IKEV2_EVENT_DELETED, 0, 0,
		  "IKE SA 3 was deleted before its Child SA was up" },
		{ IKEV2_EVENT_DELETED, 24, 0,
		  "was up: AUTHENTICATION_FAILED" },
	};
	struct ikt_up_result res;
	struct nl_msg *msg;
	size_t i;

	/* Another SA's outcome, and our SA's first step: keep waiting. */
	msg = event_new(4, IKEV2_EVENT_FAILED, 24, 0);
	EXPECT_EQ(IKT_UP_WAIT, up_on(msg, 3, &res));
	nlmsg_free(msg);
	msg = event_new(4, IKEV2_EVENT_CHILD_UP, 0, 0);
	event_put_child(msg, 1, 2);
	EXPECT_EQ(IKT_UP_WAIT, up_on(msg, 3, &res));
	nlmsg_free(msg);
	msg = event_new(3, IKEV2_EVENT_ESTABLISHED, 0, 0);
	EXPECT_EQ(IKT_UP_WAIT, up_on(msg, 3, &res));
	nlmsg_free(msg);
	/* A CHILD_UP without its child says nothing. */
	msg = event_new(3, IKEV2_EVENT_CHILD_UP, 0, 0);
	EXPECT_EQ(IKT_UP_WAIT, up_on(msg, 3, &res));
	nlmsg_free(msg);

	msg = event_new(3, IKEV2_EVENT_CHILD_UP, 0, 0);
	event_put_child(msg, 0xc1a2b3c4, 0x0f0e0d0c);
	EXPECT_EQ(IKT_UP_DONE, up_on(msg, 3, &res));
	EXPECT_EQ(0xc1a2b3c4, res.spi_in);
	EXPECT_EQ(0x0f0e0d0c, res.spi_out);
	nlmsg_free(msg);

	for (i = 0; i < ARRAY_SIZE(fails); i++) {
		msg = event_new(3, fails[i].event, fails[i].notify,
				fails[i].error);
		EXPECT_EQ(IKT_UP_FAILED, up_on(msg, 3, &res));
		EXPECT_NE(NULL, strstr(res.why, fails[i].why))
			TH_LOG("\"%s\" lacks \"%s\"", res.why, fails[i].why);
		nlmsg_free(msg);
	}
}

TEST(conn_up_print)
{
	struct ikt_up_result res = { .spi_in = 0xc1a2b3c4,
				     .spi_out = 0x0f0e0d0c };
	struct capture c;
	char *out;

	capture_start(&c, false, false);
	ikt_up_print("home", 3, &res);
	out = capture_end(&c);
	EXPECT_STREQ("conn home: IKE SA 3 established, Child SA c1a2b3c4/0f0e0d0c installed\n",
		     out);
	free(out);

	capture_start(&c, true, false);
	ikt_up_print("home", 3, &res);
	out = capture_end(&c);
	EXPECT_STREQ("{\"conn\":\"home\",\"id\":3,\"spi_in\":\"c1a2b3c4\","
		     "\"spi_out\":\"0f0e0d0c\"}\n", out);
	free(out);
}

TEST(conn_req_errors)
{
	char buf[512];

	ikt_conn_req_error("up", "home", -ENOTCONN, "", buf, sizeof(buf));
	EXPECT_STREQ("conn up home: no ike-helper running in this namespace",
		     buf);
	ikt_conn_req_error("up", "home", -ENOENT, "", buf, sizeof(buf));
	EXPECT_STREQ("conn up home: no such connection", buf);
	ikt_conn_req_error("up", "home", -EALREADY, "", buf, sizeof(buf));
	EXPECT_STREQ("conn up home: already up", buf);
	ikt_conn_req_error("up", "home", -EINVAL,
			   "remote is %any: respond only", buf, sizeof(buf));
	EXPECT_STREQ("conn up home: remote is %any: respond only: Invalid argument",
		     buf);
	ikt_conn_req_error("up", "home", -EINVAL, "", buf, sizeof(buf));
	EXPECT_STREQ("conn up home: Invalid argument", buf);
	ikt_conn_req_error("down", "home", -ESRCH, "", buf, sizeof(buf));
	EXPECT_STREQ("conn home has no SA", buf);
	ikt_conn_req_error("down", "home", -ENOENT, "", buf, sizeof(buf));
	EXPECT_STREQ("conn down home: no such connection", buf);
}

/* `ike monitor`: one line per event, one JSON object per line. */
TEST(event_print)
{
	struct nl_msg *up = event_new(3, IKEV2_EVENT_CHILD_UP, 0, 0);
	struct nl_msg *fail = event_new(7, IKEV2_EVENT_FAILED, 24, 0);
	struct nl_msg *lost = event_new(8, IKEV2_EVENT_FAILED, 0, ETIMEDOUT);
	struct nl_msg *odd = event_new(9, 200, 0, 0);
	struct nl_msg *msgs[] = { up, fail, lost, odd };
	struct ikt_sa_attrs ev;
	struct capture c;
	char *out;
	size_t i;
	int json;

	event_put_child(up, 0xc1a2b3c4, 0x0f0e0d0c);
	for (json = 0; json <= 1; json++) {
		capture_start(&c, json, false);
		for (i = 0; i < ARRAY_SIZE(msgs); i++) {
			ASSERT_EQ(0, ikt_sa_parse_msg(nlmsg_hdr(msgs[i]), &ev));
			ikt_event_print(&ev);
			EXPECT_EQ(0, print_finish());
		}
		out = capture_end(&c);
		if (!json) {
			EXPECT_STREQ(
"CHILD_UP sa 3 conn home spi 0123456789abcdef_0000000000000000 child c1a2b3c4/0f0e0d0c\n"
"FAILED sa 7 conn home spi 0123456789abcdef_0000000000000000 notify AUTHENTICATION_FAILED\n"
"FAILED sa 8 conn home spi 0123456789abcdef_0000000000000000 error peer did not answer\n"
"200 sa 9 conn home spi 0123456789abcdef_0000000000000000\n", out);
		} else {
			EXPECT_STREQ(
"{\"event\":\"CHILD_UP\",\"id\":3,\"conn\":\"home\",\"spi_i\":\"0123456789abcdef\",\"spi_r\":\"0000000000000000\",\"child\":{\"spi_in\":\"c1a2b3c4\",\"spi_out\":\"0f0e0d0c\"},\"notify\":null,\"error\":null}\n"
"{\"event\":\"FAILED\",\"id\":7,\"conn\":\"home\",\"spi_i\":\"0123456789abcdef\",\"spi_r\":\"0000000000000000\",\"child\":null,\"notify\":\"AUTHENTICATION_FAILED\",\"error\":null}\n"
"{\"event\":\"FAILED\",\"id\":8,\"conn\":\"home\",\"spi_i\":\"0123456789abcdef\",\"spi_r\":\"0000000000000000\",\"child\":null,\"notify\":null,\"error\":\"peer did not answer\"}\n"
"{\"event\":\"200\",\"id\":9,\"conn\":\"home\",\"spi_i\":\"0123456789abcdef\",\"spi_r\":\"0000000000000000\",\"child\":null,\"notify\":null,\"error\":null}\n",
				     out);
		}
		free(out);
	}
	for (i = 0; i < ARRAY_SIZE(msgs); i++)
		nlmsg_free(msgs[i]);
}

static char *render_stats(struct nl_msg *msg, bool json)
{
	struct nlattr *tb[IKEV2_A_STATS_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct capture c;

	if (ikt_stats_parse(genlmsg_attrdata(nlmsg_data(nlh), 0),
			    genlmsg_attrlen(nlmsg_data(nlh), 0), tb))
		return NULL;
	capture_start(&c, json, false);
	ikt_stats_print(tb);
	return capture_end(&c);
}

TEST(stats_print)
{
	struct nl_msg *msg = genl_new(IKEV2_CMD_STATS_GET);
	struct nl_msg *bad = genl_new(IKEV2_CMD_STATS_GET);
	char *out;
	int i;

	for (i = IKEV2_A_STATS_RX_PACKETS; i <= IKEV2_A_STATS_COOKIES_SENT;
	     i++)
		if (nla_put_u64(msg, i, 100 + i))
			abort();
	for (i = IKEV2_A_STATS_ESP_RX_PACKETS;
	     i <= IKEV2_A_STATS_ESP_TX_ERRORS; i++)
		if (nla_put_u64(msg, i, 1000 + i))
			abort();
	/* ike_sas left out: JSON null, no text line. */
	if (nla_put_u32(msg, IKEV2_A_STATS_HALF_OPEN, 2) ||
	    nla_put_u32(msg, IKEV2_A_STATS_ESP_CHILD_SAS, 4) ||
	    nla_put_u64(msg, IKEV2_A_STATS_ESP_RX_HELD, 1020))
		abort();
	out = render_stats(msg, false);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ("rx_packets 101\nrx_malformed 102\nrx_no_sa 103\n"
		     "rx_no_conn 104\nrx_queue_full 105\nrx_esp_too_short 106\n"
		     "tx_packets 107\ntx_errors 108\ncookies_sent 109\n"
		     "half_open 2\n"
		     "esp_rx_packets 1013\nesp_rx_no_sa 1014\n"
		     "esp_rx_child_dropped 1015\nesp_tx_packets 1016\n"
		     "esp_tx_no_sa 1017\nesp_tx_errors 1018\n"
		     "esp_child_sas 4\nesp_rx_held 1020\n", out);
	free(out);
	out = render_stats(msg, true);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ("{\"rx_packets\":101,\"rx_malformed\":102,"
		     "\"rx_no_sa\":103,\"rx_no_conn\":104,"
		     "\"rx_queue_full\":105,\"rx_esp_too_short\":106,"
		     "\"tx_packets\":107,\"tx_errors\":108,"
		     "\"cookies_sent\":109,\"half_open\":2,\"ike_sas\":null,"
		     "\"esp_rx_packets\":1013,\"esp_rx_no_sa\":1014,"
		     "\"esp_rx_child_dropped\":1015,\"esp_tx_packets\":1016,"
		     "\"esp_tx_no_sa\":1017,\"esp_tx_errors\":1018,"
		     "\"esp_child_sas\":4,\"esp_rx_held\":1020}\n",
		     out);
	free(out);

	/* A u64 counter in 2 bytes. */
	nla_put_u16(bad, IKEV2_A_STATS_RX_PACKETS, 1);
	EXPECT_EQ(NULL, render_stats(bad, false));
	nlmsg_free(bad);
	/* An ESP counter is a u64 too: 4 bytes are not one. */
	bad = genl_new(IKEV2_CMD_STATS_GET);
	nla_put_u32(bad, IKEV2_A_STATS_ESP_TX_NO_SA, 1);
	EXPECT_EQ(NULL, render_stats(bad, false));
	nlmsg_free(msg);
	nlmsg_free(bad);
}

/* ---- reading notifications (nl.c) ---- */

/*
 * ikt_nl_read() on a real netlink socket, fed by a second one:
 * NETLINK_USERSOCK lets two userspace sockets unicast to each other, so
 * messages with the sequence number of a notification (0) arrive as they
 * do from the module's "sa" group, without the module.
 */
FIXTURE(nlread) {
	struct ikt_nl rx;
	int tx;			/* raw sender */
	uint32_t rx_port;
	int seen;
	uint32_t seqs[8];
	int stop_at;		/* the callback's 1 at this message, or 0 */
	int fail_at;		/* its -EBADE at this one, or 0 */
};

FIXTURE_SETUP(nlread)
{
	memset(&self->rx, 0, sizeof(self->rx));
	self->tx = -1;
	self->rx.sk = nl_socket_alloc();
	ASSERT_NE(NULL, self->rx.sk);
	if (nl_connect(self->rx.sk, NETLINK_USERSOCK) < 0)
		SKIP(return, "no NETLINK_USERSOCK socket here");
	ASSERT_EQ(0, nl_socket_set_nonblocking(self->rx.sk));
	self->rx_port = nl_socket_get_local_port(self->rx.sk);
	self->tx = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
			  NETLINK_USERSOCK);
	ASSERT_LE(0, self->tx);
}

FIXTURE_TEARDOWN(nlread)
{
	ikt_nl_close(&self->rx);
	if (self->tx >= 0)
		close(self->tx);
}

static void nlread_send(int tx, uint32_t port, uint32_t seq)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK, .nl_pid = port };
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
	} m = {
		.nlh = { .nlmsg_len = sizeof(m), .nlmsg_type = 0x20,
			 .nlmsg_seq = seq },
		.g = { .cmd = IKEV2_CMD_SA_EVENT,
		       .version = IKEV2_FAMILY_VERSION },
	};

	if (sendto(tx, &m, sizeof(m), 0, (struct sockaddr *)&dst,
		   sizeof(dst)) != sizeof(m))
		abort();
}

static int nlread_cb(struct nlmsghdr *nlh, void *arg)
{
	FIXTURE_DATA(nlread) *self = arg;

	if (self->seen < 8)
		self->seqs[self->seen] = nlh->nlmsg_seq;
	self->seen++;
	if (self->seen == self->fail_at)
		return -EBADE;
	return self->seen == self->stop_at ? 1 : 0;
}

TEST_F(nlread, empty_queue)
{
	EXPECT_EQ(-EAGAIN, ikt_nl_read(&self->rx, nlread_cb, self));
	EXPECT_EQ(0, self->seen);
}

/* The bug behind conn up's "reading events: Input/output error". */
TEST_F(nlread, any_sequence_number)
{
	nlread_send(self->tx, self->rx_port, 0);
	nlread_send(self->tx, self->rx_port, 0);
	nlread_send(self->tx, self->rx_port, 0x1234567);
	EXPECT_EQ(-EAGAIN, ikt_nl_read(&self->rx, nlread_cb, self));
	ASSERT_EQ(3, self->seen);
	EXPECT_EQ(0, self->seqs[0]);
	EXPECT_EQ(0, self->seqs[1]);
	EXPECT_EQ(0x1234567, self->seqs[2]);
}

TEST_F(nlread, stop_and_resume)
{
	self->stop_at = 2;
	nlread_send(self->tx, self->rx_port, 0);
	nlread_send(self->tx, self->rx_port, 0);
	nlread_send(self->tx, self->rx_port, 0);
	EXPECT_EQ(1, ikt_nl_read(&self->rx, nlread_cb, self));
	EXPECT_EQ(2, self->seen);
	/* What the stop left queued is read next time. */
	EXPECT_EQ(-EAGAIN, ikt_nl_read(&self->rx, nlread_cb, self));
	EXPECT_EQ(3, self->seen);
}

TEST_F(nlread, callback_error)
{
	self->fail_at = 1;
	nlread_send(self->tx, self->rx_port, 0);
	EXPECT_EQ(-EBADE, ikt_nl_read(&self->rx, nlread_cb, self));
	EXPECT_EQ(1, self->seen);
}

/* The monitor's write check: a failed flush names its errno. */
TEST(print_finish_error)
{
	FILE *f = fopen("/dev/full", "w");

	if (!f)
		SKIP(return, "no /dev/full");
	print_init_file(f, false, false);
	print_string(PRINT_FP, NULL, "%s\n", "event");
	errno = 0;
	EXPECT_EQ(-1, print_finish());
	EXPECT_EQ(ENOSPC, errno);
	fclose(f);
	print_init(false, false);
}

TEST_HARNESS_MAIN
