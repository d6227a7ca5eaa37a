// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side tests of `ike`'s argument parsing and validation (parse.c,
 * proposal.c): no netlink, no module. Run by `make check` (TAP).
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
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "kselftest_harness.h"
#include "parse.h"

/* Fails the test unless @call returns -@errnum with @needle in the message. */
#define EXPECT_PARSE_ERR(call, errnum, needle) do {			\
	struct ike_err *__e = &err;					\
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
	struct ike_err err;

	EXPECT_PARSE_OK(ike_parse_name("home", name, &err));
	EXPECT_STREQ("home", name);
	EXPECT_PARSE_OK(ike_parse_name("site-2.vpn_A", name, &err));
	EXPECT_STREQ("site-2.vpn_A", name);
	memset(max, 'n', sizeof(max) - 1);
	max[sizeof(max) - 1] = '\0';
	EXPECT_PARSE_OK(ike_parse_name(max, name, &err));
	EXPECT_STREQ(max, name);
}

TEST(name_bad)
{
	char name[IKEV2_CONN_NAME_MAX];
	char long_name[IKEV2_CONN_NAME_MAX + 1];
	struct ike_err err;

	EXPECT_PARSE_ERR(ike_parse_name("", name, &err), EINVAL, "empty");
	EXPECT_PARSE_ERR(ike_parse_name("a b", name, &err), EINVAL, "\"a b\"");
	EXPECT_PARSE_ERR(ike_parse_name("a/b", name, &err), EINVAL, "\"a/b\"");
	EXPECT_PARSE_ERR(ike_parse_name("caf\xc3\xa9", name, &err), EINVAL,
			 "only letters");
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	EXPECT_PARSE_ERR(ike_parse_name(long_name, name, &err), ENAMETOOLONG,
			 "longer than 63");
}

/* ---- addresses ---- */

TEST(addr_good)
{
	struct ike_addr a;
	struct ike_err err;
	uint8_t want[16];

	EXPECT_PARSE_OK(ike_parse_endpoint("local", "192.0.2.1", &a, &err));
	EXPECT_EQ(AF_INET, a.family);
	EXPECT_EQ(4, a.len);
	addr_bytes(AF_INET, "192.0.2.1", want);
	EXPECT_EQ(0, memcmp(want, a.bytes, 4));

	EXPECT_PARSE_OK(ike_parse_endpoint("local", "2001:db8::1", &a, &err));
	EXPECT_EQ(AF_INET6, a.family);
	EXPECT_EQ(16, a.len);
	addr_bytes(AF_INET6, "2001:db8::1", want);
	EXPECT_EQ(0, memcmp(want, a.bytes, 16));

	EXPECT_PARSE_OK(ike_parse_endpoint("local", "::ffff:192.0.2.1", &a, &err));
	EXPECT_EQ(AF_INET6, a.family);
	EXPECT_PARSE_OK(ike_parse_endpoint("local", "::1", &a, &err));
	EXPECT_EQ(AF_INET6, a.family);
	EXPECT_PARSE_OK(ike_parse_endpoint("local", "127.0.0.1", &a, &err));
	EXPECT_PARSE_OK(ike_parse_endpoint("local", "223.255.255.255", &a,
					   &err));
	EXPECT_PARSE_OK(ike_parse_endpoint("local", "240.0.0.1", &a, &err));
	EXPECT_PARSE_OK(ike_parse_endpoint("local", "fe80::1", &a, &err));
}

/* An IKE endpoint is one host: no wildcard, multicast or broadcast. */
TEST(addr_not_unicast)
{
	static const char *const bad[] = {
		"0.0.0.0", "224.0.0.1", "239.255.255.255", "255.255.255.255",
		"::", "ff02::1", "ff0e::1",
	};
	struct ike_addr a;
	struct ike_err err;
	char want[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(want, sizeof(want), "local %s is not a unicast",
			 bad[i]);
		EXPECT_PARSE_ERR(ike_parse_endpoint("local", bad[i], &a, &err),
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
	struct ike_addr a;
	struct ike_err err;
	char quoted[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(quoted, sizeof(quoted), "\"%s\"", bad[i]);
		EXPECT_PARSE_ERR(ike_parse_endpoint("remote", bad[i], &a,
						    &err), EINVAL, quoted);
	}
}

/* ---- CIDR and selectors ---- */

static void expect_range(struct __test_metadata *_metadata,
			 const struct ike_ts *ts, int family,
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
	struct ike_err err;
	struct ike_ts ts;

	EXPECT_PARSE_OK(ike_parse_cidr("10.0.0.0/8", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "10.0.0.0", "10.255.255.255");
	EXPECT_PARSE_OK(ike_parse_cidr("10.1.2.128/25", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "10.1.2.128", "10.1.2.255");
	EXPECT_PARSE_OK(ike_parse_cidr("172.16.0.0/12", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "172.16.0.0", "172.31.255.255");
	EXPECT_PARSE_OK(ike_parse_cidr("0.0.0.0/0", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "0.0.0.0", "255.255.255.255");
	EXPECT_PARSE_OK(ike_parse_cidr("192.0.2.7/32", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "192.0.2.7", "192.0.2.7");
	/* A bare address is its host prefix. */
	EXPECT_PARSE_OK(ike_parse_cidr("192.0.2.7", &ts, &err));
	expect_range(_metadata, &ts, AF_INET, "192.0.2.7", "192.0.2.7");
}

TEST(cidr_ipv6)
{
	struct ike_err err;
	struct ike_ts ts;

	EXPECT_PARSE_OK(ike_parse_cidr("2001:db8::/32", &ts, &err));
	expect_range(_metadata, &ts, AF_INET6, "2001:db8::",
		     "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
	EXPECT_PARSE_OK(ike_parse_cidr("2001:db8:0:80::/57", &ts, &err));
	expect_range(_metadata, &ts, AF_INET6, "2001:db8:0:80::",
		     "2001:db8:0:ff:ffff:ffff:ffff:ffff");
	EXPECT_PARSE_OK(ike_parse_cidr("::/0", &ts, &err));
	expect_range(_metadata, &ts, AF_INET6, "::",
		     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	EXPECT_PARSE_OK(ike_parse_cidr("2001:db8::1", &ts, &err));
	expect_range(_metadata, &ts, AF_INET6, "2001:db8::1", "2001:db8::1");
}

TEST(cidr_host_bits)
{
	struct ike_err err;
	struct ike_ts ts;

	EXPECT_PARSE_ERR(ike_parse_cidr("10.0.0.1/24", &ts, &err), EINVAL,
			 "host bits");
	EXPECT_NE(NULL, strstr(err.msg, "10.0.0.0/24")) TH_LOG("%s", err.msg);
	EXPECT_PARSE_ERR(ike_parse_cidr("10.1.2.129/25", &ts, &err), EINVAL,
			 "10.1.2.128/25");
	EXPECT_PARSE_ERR(ike_parse_cidr("0.0.0.1/0", &ts, &err), EINVAL,
			 "0.0.0.0/0");
	EXPECT_PARSE_ERR(ike_parse_cidr("2001:db8::1/64", &ts, &err), EINVAL,
			 "2001:db8::/64");
	EXPECT_PARSE_ERR(ike_parse_cidr("2001:db8:0:c0::/57", &ts, &err),
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
	struct ike_err err;
	struct ike_ts ts;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_prefix); i++)
		EXPECT_PARSE_ERR(ike_parse_cidr(bad_prefix[i], &ts, &err),
				 EINVAL, "prefix length");
	for (i = 0; i < ARRAY_SIZE(bad_addr); i++)
		EXPECT_PARSE_ERR(ike_parse_cidr(bad_addr[i], &ts, &err),
				 EINVAL, "not an address or CIDR");
}

TEST(ts_list)
{
	struct ike_ts_list list;
	struct ike_err err;
	char many[17 * 16];
	int i, o = 0;

	EXPECT_PARSE_OK(ike_parse_ts_list("10.0.0.0/24,2001:db8::/64,192.0.2.1",
					  &list, &err));
	ASSERT_EQ(3, list.n);
	expect_range(_metadata, &list.v[0], AF_INET, "10.0.0.0", "10.0.0.255");
	expect_range(_metadata, &list.v[1], AF_INET6, "2001:db8::",
		     "2001:db8::ffff:ffff:ffff:ffff");
	expect_range(_metadata, &list.v[2], AF_INET, "192.0.2.1", "192.0.2.1");

	EXPECT_PARSE_ERR(ike_parse_ts_list("10.0.0.0/24,", &list, &err),
			 EINVAL, "empty list element");
	EXPECT_PARSE_ERR(ike_parse_ts_list(",10.0.0.0/24", &list, &err),
			 EINVAL, "empty list element");
	EXPECT_PARSE_ERR(ike_parse_ts_list("10.0.0.0/24,10.0.1.1/24", &list,
					   &err), EINVAL, "10.0.1.1/24");

	for (i = 0; i < IKE_CONN_TS_MAX; i++)
		o += sprintf(many + o, "%s10.%d.0.0/16", i ? "," : "", i);
	EXPECT_PARSE_OK(ike_parse_ts_list(many, &list, &err));
	EXPECT_EQ(IKE_CONN_TS_MAX, list.n);
	sprintf(many + o, ",10.99.0.0/16");
	EXPECT_PARSE_ERR(ike_parse_ts_list(many, &list, &err), E2BIG,
			 "more than 16");
}

TEST(format_ts)
{
	static const char *const prefixes[] = {
		"10.0.0.0/24", "0.0.0.0/0", "192.0.2.1/32", "10.1.2.128/25",
		"2001:db8::/32", "::/0", "2001:db8::1/128",
	};
	char buf[IKE_FMT_TS_MAX];
	struct ike_err err;
	struct ike_ts ts;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++) {
		ASSERT_EQ(0, ike_parse_cidr(prefixes[i], &ts, &err));
		ike_format_ts(&ts, buf, sizeof(buf));
		EXPECT_STREQ(prefixes[i], buf);
	}

	/* Ranges that are not one prefix print as start-end. */
	memset(&ts, 0, sizeof(ts));
	ts.len = 4;
	ts.port_end = 65535;
	addr_bytes(AF_INET, "10.0.0.5", ts.start);
	addr_bytes(AF_INET, "10.0.0.9", ts.end);
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.5-10.0.0.9", buf);
	addr_bytes(AF_INET, "10.0.0.0", ts.start);
	addr_bytes(AF_INET, "10.0.0.2", ts.end);
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0-10.0.0.2", buf);
	addr_bytes(AF_INET, "10.0.0.1", ts.start);
	addr_bytes(AF_INET, "10.0.0.2", ts.end);
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.1-10.0.0.2", buf);
	/* Start all zeros and end all ones, but not on the same bits. */
	addr_bytes(AF_INET, "10.0.0.0", ts.start);
	addr_bytes(AF_INET, "10.0.255.127", ts.end);
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0-10.0.255.127", buf);
	ts.len = 16;
	addr_bytes(AF_INET6, "2001:db8::1", ts.start);
	addr_bytes(AF_INET6, "2001:db8::ff", ts.end);
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("2001:db8::1-2001:db8::ff", buf);
}

/* Selectors the module narrowed print with strongSwan's [proto/ports]. */
TEST(format_ts_proto_ports)
{
	char buf[IKE_FMT_TS_MAX];
	struct ike_err err;
	struct ike_ts ts;

	ASSERT_EQ(0, ike_parse_cidr("10.0.0.0/24", &ts, &err));
	EXPECT_EQ(0, ts.protocol);
	EXPECT_EQ(0, ts.port_start);
	EXPECT_EQ(65535, ts.port_end);

	ts.protocol = 6;
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[tcp]", buf);
	ts.port_start = ts.port_end = 443;
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[tcp/443]", buf);
	ts.protocol = 17;
	ts.port_start = 1024;
	ts.port_end = 65535;
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[udp/1024-65535]", buf);
	ts.protocol = 0;
	ts.port_start = 0;
	ts.port_end = 53;
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[any/0-53]", buf);
	ts.protocol = 255;
	ts.port_start = 0;
	ts.port_end = 65535;
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("10.0.0.0/24[255]", buf);

	ASSERT_EQ(0, ike_parse_cidr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
				    &ts, &err));
	addr_bytes(AF_INET6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		   ts.end);
	ts.protocol = 58;
	ts.port_start = 1;
	ts.port_end = 65534;
	ike_format_ts(&ts, buf, sizeof(buf));
	EXPECT_STREQ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127[ipv6-icmp/1-65534]",
		     buf);
}

/* ---- identities ---- */

TEST(id_addresses)
{
	struct ike_err err;
	struct ike_id id;
	uint8_t want[16];

	EXPECT_PARSE_OK(ike_parse_id("192.0.2.1", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_IPV4_ADDR, id.type);
	EXPECT_EQ(4, id.len);
	addr_bytes(AF_INET, "192.0.2.1", want);
	EXPECT_EQ(0, memcmp(want, id.data, 4));

	EXPECT_PARSE_OK(ike_parse_id("2001:db8::2", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_IPV6_ADDR, id.type);
	EXPECT_EQ(16, id.len);
	addr_bytes(AF_INET6, "2001:db8::2", want);
	EXPECT_EQ(0, memcmp(want, id.data, 16));
}

TEST(id_fqdn)
{
	struct ike_err err;
	struct ike_id id;

	EXPECT_PARSE_OK(ike_parse_id("@vpn.example.com", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_FQDN, id.type);
	EXPECT_EQ(15, id.len);
	EXPECT_EQ(0, memcmp("vpn.example.com", id.data, 15));

	EXPECT_PARSE_OK(ike_parse_id("gw-1.example.org", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_FQDN, id.type);
	EXPECT_EQ(16, id.len);
	EXPECT_EQ(0, memcmp("gw-1.example.org", id.data, 16));

	/* '@' forces FQDN for what would otherwise be an address. */
	EXPECT_PARSE_OK(ike_parse_id("@192.0.2.1", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_FQDN, id.type);
	EXPECT_EQ(9, id.len);
	EXPECT_PARSE_OK(ike_parse_id("@not_a!hostname", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_FQDN, id.type);
}

TEST(id_rfc822)
{
	struct ike_err err;
	struct ike_id id;

	EXPECT_PARSE_OK(ike_parse_id("alice@example.com", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_RFC822_ADDR, id.type);
	EXPECT_EQ(17, id.len);
	EXPECT_EQ(0, memcmp("alice@example.com", id.data, 17));
}

TEST(id_keyid)
{
	static const uint8_t want[] = { 0x0a, 0x1b, 0xff, 0x00 };
	struct ike_err err;
	struct ike_id id;
	char hex[6 + 2 * IKEV2_ID_MAX + 3];
	int i;

	EXPECT_PARSE_OK(ike_parse_id("keyid:0a1BfF00", &id, &err));
	EXPECT_EQ(IKEV2_ID_TYPE_KEY_ID, id.type);
	ASSERT_EQ(4, id.len);
	EXPECT_EQ(0, memcmp(want, id.data, 4));

	strcpy(hex, "keyid:");
	for (i = 0; i < IKEV2_ID_MAX; i++)
		strcat(hex, "ab");
	EXPECT_PARSE_OK(ike_parse_id(hex, &id, &err));
	EXPECT_EQ(IKEV2_ID_MAX, id.len);
	strcat(hex, "ab");
	EXPECT_PARSE_ERR(ike_parse_id(hex, &id, &err), EINVAL,
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
	struct ike_err err;
	struct ike_id id;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_PARSE_ERR(ike_parse_id(bad[i].id, &id, &err), EINVAL,
				 bad[i].needle);
}

TEST(id_length)
{
	char fqdn[IKEV2_ID_MAX + 3];
	struct ike_err err;
	struct ike_id id;

	fqdn[0] = '@';
	memset(fqdn + 1, 'a', IKEV2_ID_MAX);
	fqdn[IKEV2_ID_MAX + 1] = '\0';
	EXPECT_PARSE_OK(ike_parse_id(fqdn, &id, &err));
	EXPECT_EQ(IKEV2_ID_MAX, id.len);
	strcat(fqdn, "a");
	EXPECT_PARSE_ERR(ike_parse_id(fqdn, &id, &err), EINVAL,
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
	char text[IKE_FMT_ID_MAX], value[IKE_FMT_ID_MAX];
	struct ike_id id, again;
	struct ike_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		ASSERT_EQ(0, ike_parse_id(ids[i].in, &id, &err));
		ASSERT_EQ(0, ike_format_id(id.type, id.data, id.len, true,
					   text, sizeof(text)));
		ASSERT_EQ(0, ike_format_id(id.type, id.data, id.len, false,
					   value, sizeof(value)));
		EXPECT_STREQ(ids[i].text, text);
		EXPECT_STREQ(ids[i].value, value);
		EXPECT_STREQ(ids[i].type, ike_id_type_name(id.type));
		ASSERT_EQ(0, ike_parse_id(text, &again, &err));
		EXPECT_EQ(id.type, again.type);
		EXPECT_EQ(id.len, again.len);
		EXPECT_EQ(0, memcmp(id.data, again.data, id.len));
	}
}

TEST(id_format_unprintable)
{
	static const uint8_t data[] = { 'a', '\n', '\\', 0, 0xff };
	char text[IKE_FMT_ID_MAX];

	ASSERT_EQ(0, ike_format_id(IKEV2_ID_TYPE_FQDN, data, sizeof(data),
				   true, text, sizeof(text)));
	EXPECT_STREQ("@a\\x0a\\x5c\\x00\\xff", text);
	EXPECT_EQ(-EINVAL, ike_format_id(IKEV2_ID_TYPE_IPV4_ADDR, data, 5,
					 true, text, sizeof(text)));
	EXPECT_EQ(-EINVAL, ike_format_id(9, data, sizeof(data), true, text,
					 sizeof(text)));
	EXPECT_EQ(NULL, ike_id_type_name(9));
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
	struct ike_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ike); i++)
		EXPECT_PARSE_OK(ike_check_proposal(ike[i], false, &err));
	for (i = 0; i < ARRAY_SIZE(esp); i++)
		EXPECT_PARSE_OK(ike_check_proposal(esp[i], true, &err));
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
	struct ike_err err;
	char name[300];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(name, sizeof(name), "ike proposal \"%s\"", bad[i].p);
		EXPECT_PARSE_ERR(ike_check_proposal(bad[i].p, false, &err),
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
	struct ike_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_PARSE_ERR(ike_check_proposal(bad[i].p, true, &err),
				 EINVAL, bad[i].needle);
}

TEST(proposal_list)
{
	struct ike_proposals list;
	struct ike_err err;
	char many[(IKE_CONN_PROPOSALS_MAX + 1) * 16];
	char too_long[IKEV2_PROPOSAL_MAX + 16];
	int i, o = 0;

	EXPECT_PARSE_OK(ike_parse_proposal_list(
		"aes128gcm16-prfsha256-x25519,aes256-sha256-modp2048", false,
		&list, &err));
	ASSERT_EQ(2, list.n);
	EXPECT_STREQ("aes128gcm16-prfsha256-x25519", list.v[0]);
	EXPECT_STREQ("aes256-sha256-modp2048", list.v[1]);

	EXPECT_PARSE_ERR(ike_parse_proposal_list("aes128gcm16,", true, &list,
						 &err), EINVAL,
			 "empty list element");
	EXPECT_PARSE_ERR(ike_parse_proposal_list("aes128gcm16,aes256", true,
						 &list, &err), EINVAL,
			 "esp proposal \"aes256\"");

	for (i = 0; i < IKE_CONN_PROPOSALS_MAX; i++)
		o += sprintf(many + o, "%saes128gcm16", i ? "," : "");
	EXPECT_PARSE_OK(ike_parse_proposal_list(many, true, &list, &err));
	EXPECT_EQ(IKE_CONN_PROPOSALS_MAX, list.n);
	strcat(many, ",aes256gcm16");
	EXPECT_PARSE_ERR(ike_parse_proposal_list(many, true, &list, &err),
			 E2BIG, "more than 16 esp proposals");

	strcpy(too_long, "aes128");
	while (strlen(too_long) < IKEV2_PROPOSAL_MAX)
		strcat(too_long, "-sha256");
	EXPECT_PARSE_ERR(ike_parse_proposal_list(too_long, true, &list, &err),
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
	struct ike_err err;
	bool loose = true;
	size_t len = 0;

	write_file(_metadata, self, "psk", "secret\n", 7, 0600);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(6, len);
	EXPECT_EQ(0, memcmp("secret", psk, 6));
	EXPECT_FALSE(loose);

	/* One newline is stripped, not two; none is fine. */
	write_file(_metadata, self, "psk", "secret\n\n", 8, 0600);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(7, len);
	EXPECT_EQ(0, memcmp("secret\n", psk, 7));
	write_file(_metadata, self, "psk", "secret", 6, 0400);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(6, len);

	write_file(_metadata, self, "psk", binary, sizeof(binary), 0600);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(sizeof(binary), len);
	EXPECT_EQ(0, memcmp(binary, psk, sizeof(binary)));
}

TEST_F(files, psk_size_limits)
{
	uint8_t key[IKEV2_PSK_MAX + 2], psk[IKEV2_PSK_MAX];
	struct ike_err err;
	bool loose;
	size_t len = 0;

	memset(key, 'k', sizeof(key));
	write_file(_metadata, self, "max", key, IKEV2_PSK_MAX, 0600);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(IKEV2_PSK_MAX, len);

	key[IKEV2_PSK_MAX] = '\n';
	write_file(_metadata, self, "max-nl", key, IKEV2_PSK_MAX + 1, 0600);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_EQ(IKEV2_PSK_MAX, len);

	key[IKEV2_PSK_MAX] = 'k';
	write_file(_metadata, self, "over", key, IKEV2_PSK_MAX + 1, 0600);
	EXPECT_PARSE_ERR(ike_read_psk_file(self->path, psk, &len, &loose,
					   &err), EMSGSIZE, "longer than 512");

	key[IKEV2_PSK_MAX + 1] = '\n';
	write_file(_metadata, self, "over-nl", key, IKEV2_PSK_MAX + 2, 0600);
	EXPECT_PARSE_ERR(ike_read_psk_file(self->path, psk, &len, &loose,
					   &err), EMSGSIZE, "longer than 512");
}

TEST_F(files, psk_empty)
{
	uint8_t psk[IKEV2_PSK_MAX];
	struct ike_err err;
	bool loose;
	size_t len;

	write_file(_metadata, self, "empty", "", 0, 0600);
	EXPECT_PARSE_ERR(ike_read_psk_file(self->path, psk, &len, &loose,
					   &err), EINVAL, "is empty");
	write_file(_metadata, self, "newline", "\n", 1, 0600);
	EXPECT_PARSE_ERR(ike_read_psk_file(self->path, psk, &len, &loose,
					   &err), EINVAL, "is empty");
}

/* We run as root: unreadable means missing, a directory, or a device. */
TEST_F(files, psk_unreadable)
{
	uint8_t psk[IKEV2_PSK_MAX];
	char missing[PATH_MAX + 16];
	struct ike_err err;
	bool loose;
	size_t len;

	snprintf(missing, sizeof(missing), "%s/missing", self->dir);
	EXPECT_PARSE_ERR(ike_read_psk_file(missing, psk, &len, &loose, &err),
			 ENOENT, missing);
	EXPECT_NE(NULL, strstr(err.msg, "No such file"));
	EXPECT_PARSE_ERR(ike_read_psk_file(self->dir, psk, &len, &loose, &err),
			 EISDIR, "is a directory");
	EXPECT_PARSE_ERR(ike_read_psk_file("/dev/null", psk, &len, &loose,
					   &err), EINVAL, "not a regular file");
	EXPECT_PARSE_ERR(ike_read_psk_file("", psk, &len, &loose, &err),
			 EINVAL, "empty file name");
}

TEST_F(files, psk_loose_mode)
{
	uint8_t psk[IKEV2_PSK_MAX];
	struct ike_err err;
	bool loose;
	size_t len;

	write_file(_metadata, self, "psk", "secret", 6, 0644);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_TRUE(loose);
	write_file(_metadata, self, "psk", "secret", 6, 0640);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_TRUE(loose);
	write_file(_metadata, self, "psk", "secret", 6, 0604);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_TRUE(loose);
	write_file(_metadata, self, "psk", "secret", 6, 0600);
	EXPECT_PARSE_OK(ike_read_psk_file(self->path, psk, &len, &loose,
					  &err));
	EXPECT_FALSE(loose);
}

TEST_F(files, psk_pipe)
{
	uint8_t psk[IKEV2_PSK_MAX];
	struct ike_err err;
	char path[64];
	int fds[2];
	bool loose = true;
	size_t len;

	ASSERT_EQ(0, pipe(fds));
	ASSERT_EQ(7, write(fds[1], "piped!\n", 7));
	close(fds[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	EXPECT_PARSE_OK(ike_read_psk_file(path, psk, &len, &loose, &err));
	EXPECT_EQ(6, len);
	EXPECT_EQ(0, memcmp("piped!", psk, 6));
	EXPECT_FALSE(loose);
	close(fds[0]);
}

TEST_F(files, check_file)
{
	char abs[IKEV2_PATH_MAX], want[PATH_MAX + 16], real_dir[PATH_MAX];
	char rel[PATH_MAX + 32];
	struct ike_err err;
	bool loose = true;

	write_file(_metadata, self, "cert.pem", "x", 1, 0644);
	ASSERT_NE(NULL, realpath(self->dir, real_dir));
	snprintf(want, sizeof(want), "%s/cert.pem", real_dir);

	/* Relative paths go to the module as absolute ones. */
	ASSERT_EQ(0, chdir(self->dir));
	EXPECT_PARSE_OK(ike_check_file("cert", "cert.pem", abs, sizeof(abs),
				       &loose, &err));
	EXPECT_STREQ(want, abs);
	EXPECT_TRUE(loose);
	snprintf(rel, sizeof(rel), "../%s/./cert.pem",
		 strrchr(self->dir, '/') + 1);
	EXPECT_PARSE_OK(ike_check_file("cert", rel, abs, sizeof(abs), NULL,
				       &err));
	EXPECT_STREQ(want, abs);

	write_file(_metadata, self, "key.pem", "x", 1, 0600);
	EXPECT_PARSE_OK(ike_check_file("key", self->path, abs, sizeof(abs),
				       &loose, &err));
	EXPECT_FALSE(loose);

	EXPECT_PARSE_ERR(ike_check_file("cacert", "missing.pem", abs,
					sizeof(abs), NULL, &err), ENOENT,
			 "cacert missing.pem");
	EXPECT_PARSE_ERR(ike_check_file("cert", self->dir, abs, sizeof(abs),
					NULL, &err), EISDIR, "is a directory");
	EXPECT_PARSE_ERR(ike_check_file("key", "/dev/null", abs, sizeof(abs),
					NULL, &err), EINVAL,
			 "not a regular file");
}

/* ---- dev ---- */

TEST(dev)
{
	char dev[IFNAMSIZ];
	unsigned int idx = 0;
	struct ike_err err;

	EXPECT_PARSE_OK(ike_parse_dev("lo", dev, &idx, &err));
	EXPECT_EQ(if_nametoindex("lo"), idx);
	EXPECT_STREQ("lo", dev);
	EXPECT_PARSE_ERR(ike_parse_dev("ikenosuch0", dev, &idx, &err), ENODEV,
			 "ikenosuch0: no such device");
	EXPECT_PARSE_ERR(ike_parse_dev("a-name-too-long-x", dev, &idx, &err),
			 EINVAL, "not an interface name");
	EXPECT_PARSE_ERR(ike_parse_dev("", dev, &idx, &err), EINVAL,
			 "not an interface name");
}

/* ---- conn add grammar ---- */

FIXTURE(conn) {
	char dir[PATH_MAX];
	char psk[PATH_MAX + 16];
	char cert[PATH_MAX + 16];
	char key[PATH_MAX + 16];
	char cacert[PATH_MAX + 16];
	char missing[PATH_MAX + 16];
	struct ike_conn_cfg *cfg;
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
	self->cfg = ike_conn_cfg_alloc();
	ASSERT_NE(NULL, self->cfg);
}

FIXTURE_TEARDOWN(conn)
{
	ike_conn_cfg_free(self->cfg);
	nftw(self->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

TEST_F(conn, minimal_psk)
{
	char *argv[] = { "home", "local", "192.0.2.1", "remote",
			 "198.51.100.2", "auth", "psk", "psk-file", self->psk };
	struct ike_conn_cfg *c = self->cfg;
	struct ike_err err;
	uint8_t want[4];

	EXPECT_PARSE_OK(ike_conn_parse_add(ARGC(argv), argv, c, &err));
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
}

TEST_F(conn, everything_any_order)
{
	char *argv[] = {
		"site.b", "encap", "udp", "dev", "lo",
		"remote-ts", "10.1.0.0/16,2001:db8:1::/48",
		"local-ts", "10.0.0.0/24",
		"esp", "aes128gcm16,aes256-sha256",
		"ike", "aes128gcm16-prfsha256-x25519",
		"remote-id", "alice@example.com",
		"local-id", "@gw.example.com",
		"psk-file", self->psk, "auth", "psk",
		"remote", "%any", "local", "2001:db8::1",
	};
	struct ike_conn_cfg *c = self->cfg;
	struct ike_err err;

	EXPECT_PARSE_OK(ike_conn_parse_add(ARGC(argv), argv, c, &err));
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
}

TEST_F(conn, pubkey)
{
	char *argv[] = { "pk", "local", "192.0.2.1", "remote", "%any",
			 "auth", "pubkey", "cert", self->cert, "key",
			 self->key, "cacert", self->cacert };
	struct ike_conn_cfg *c = self->cfg;
	char real[PATH_MAX];
	struct ike_err err;

	EXPECT_PARSE_OK(ike_conn_parse_add(ARGC(argv), argv, c, &err));
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
	struct ike_err err;

	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(no_local), no_local,
					    self->cfg, &err), EINVAL,
			 "missing \"local ADDR\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(no_remote), no_remote,
					    self->cfg, &err), EINVAL,
			 "missing \"remote ADDR\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(no_auth), no_auth,
					    self->cfg, &err), EINVAL,
			 "missing \"auth psk\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(no_psk), no_psk,
					    self->cfg, &err), EINVAL,
			 "auth psk needs \"psk-file FILE\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(no_key), no_key,
					    self->cfg, &err), EINVAL,
			 "auth pubkey needs \"key FILE\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(0, no_name, self->cfg, &err),
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
	struct ike_err err;

	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(dup), dup, self->cfg, &err),
			 EINVAL, "\"local\" is given twice");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(unknown), unknown,
					    self->cfg, &err), EINVAL,
			 "unknown keyword \"lcoal-id\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(no_value), no_value,
					    self->cfg, &err), EINVAL,
			 "\"remote\" needs an argument: ADDR or %any");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bad_auth), bad_auth,
					    self->cfg, &err), EINVAL,
			 "auth \"eap\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bad_encap), bad_encap,
					    self->cfg, &err), EINVAL,
			 "encap \"tcp\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bad_name), bad_name,
					    self->cfg, &err), EINVAL,
			 "\"x y\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(unknown_first),
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
	struct ike_err err;

	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bad_local), bad_local,
					    self->cfg, &err), EINVAL,
			 "local \"192.0.2\" is not an IPv4 or IPv6 address");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(any_local), any_local,
					    self->cfg, &err), EINVAL,
			 "local 0.0.0.0 is not a unicast address");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(mcast), mcast, self->cfg,
					    &err), EINVAL,
			 "remote 224.0.0.5 is not a unicast");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(mcast6), mcast6, self->cfg,
					    &err), EINVAL,
			 "local ff02::1 is not a unicast");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bcast), bcast, self->cfg,
					    &err), EINVAL,
			 "remote 255.255.255.255 is not a unicast");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(family), family, self->cfg,
					    &err), EINVAL,
			 "not the same address family");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bad_ts), bad_ts, self->cfg,
					    &err), EINVAL,
			 "local-ts: \"10.0.0.1/8\" has host bits set");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bad_id), bad_id, self->cfg,
					    &err), EINVAL,
			 "remote-id: identity \"keyid:xyz\"");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bad_ike), bad_ike, self->cfg,
					    &err), EINVAL, "without a PRF");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bad_esp), bad_esp, self->cfg,
					    &err), EINVAL,
			 "esp proposal \"aes256\": classic cipher");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(bad_dev), bad_dev, self->cfg,
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
	struct ike_err err;

	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(cert_with_psk),
					    cert_with_psk, self->cfg, &err),
			 EINVAL, "\"cert\" goes with auth pubkey");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(psk_with_pubkey),
					    psk_with_pubkey, self->cfg, &err),
			 EINVAL, "\"psk-file\" goes with auth psk");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(missing_psk), missing_psk,
					    self->cfg, &err), ENOENT,
			 self->missing);
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(dir_psk), dir_psk,
					    self->cfg, &err), EISDIR,
			 "is a directory");
	EXPECT_PARSE_ERR(ike_conn_parse_add(ARGC(missing_ca), missing_ca,
					    self->cfg, &err), ENOENT,
			 "cacert");
}

TEST_HARNESS_MAIN
