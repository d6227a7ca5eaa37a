/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the module says about IKE SAs, turned into text or JSON: sa-get
 * replies (`ike sa show`), sa-event notifications (`ike monitor`, the
 * outcome of `ike conn up`) and stats-get replies (`ike stats`).
 *
 * No sockets here: every function takes attributes already received (and
 * the parsers check them first: types, lengths, required ones, every nest
 * and every instance of a multi-attr), so that selftests/tool/test_parse.c
 * can feed them messages it builds itself. Output goes through print.c.
 */
#ifndef _IKT_SHOW_H
#define _IKT_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/ikev2.h>

#include "parse.h"

/*
 * One IKE SA's attributes. @tb holds the last instance of each type, as
 * nla_parse() leaves it; Child SAs (IKEV2_A_SA_CHILD) are a multi-attr and
 * are walked in @head/@len, the whole attribute stream.
 */
struct ikt_sa_attrs {
	struct nlattr *tb[IKEV2_A_SA_MAX + 1];
	struct nlattr *head;
	int len;
};

/* One Child SA: @tb as above, selectors walked in the nest @nest. */
struct ikt_child_attrs {
	struct nlattr *tb[IKEV2_A_CHILD_MAX + 1];
	struct nlattr *nest;
};

/*
 * Checks and indexes the attributes of an sa-get reply or an sa-event:
 * IKEV2_A_SA_ID is required, addresses are 4 or 16 bytes, each child nest
 * has both SPIs and well-formed selectors. 0 or -EPROTO.
 */
int ikt_sa_parse(struct nlattr *head, int len, struct ikt_sa_attrs *sa);
/* The same on a whole generic netlink message. */
int ikt_sa_parse_msg(struct nlmsghdr *nlh, struct ikt_sa_attrs *sa);
int ikt_child_parse(struct nlattr *nest, struct ikt_child_attrs *child);
/* One IKEV2_A_TS nest; also used for conn-get replies. 0 or -EPROTO. */
int ikt_ts_parse(struct nlattr *nest, struct ikt_ts *ts);

/*
 * `ike sa show`: a header line per IKE SA, indented lines per Child SA;
 * in JSON one object (the caller opens the array around them).
 */
void ikt_sa_print(const struct ikt_sa_attrs *sa);
/* `ike monitor`: one line, or one JSON object, per event. */
void ikt_event_print(const struct ikt_sa_attrs *ev);

/* Stats: @tb of IKEV2_A_STATS_MAX + 1. 0 or -EPROTO. */
int ikt_stats_parse(struct nlattr *head, int len, struct nlattr **tb);
void ikt_stats_print(struct nlattr **tb);

/* Names for the enums of the UAPI; NULL for a value we do not know. */
const char *ikt_sa_state_name(uint8_t state);
const char *ikt_event_name(uint8_t event);
/* A notify's IANA name, or its number: @buf of at least 8 bytes. */
const char *ikt_notify_str(uint16_t notify, char *buf, size_t size);
/* IKEV2_A_SA_ERROR (a positive errno) in the words of `ike conn up`. */
const char *ikt_event_error_str(uint32_t error);

/* Where `ike conn up` stands after one sa-event. */
enum ikt_up_state {
	IKT_UP_WAIT,		/* not ours, or not final yet */
	IKT_UP_DONE,		/* IKE SA and first Child SA are up */
	IKT_UP_FAILED,		/* @why says why */
};

struct ikt_up_result {
	uint32_t spi_in, spi_out;	/* IKT_UP_DONE */
	char why[256];			/* IKT_UP_FAILED */
};

enum ikt_up_state ikt_up_event(const struct ikt_sa_attrs *ev, uint32_t id,
			       struct ikt_up_result *res);
/*
 * The success line, "conn NAME: IKE SA 3 established, Child SA
 * c1a2b3c4/0f0e0d0c installed", or in JSON an object (conn, id, spi_in,
 * spi_out).
 */
void ikt_up_print(const char *name, uint32_t id,
		  const struct ikt_up_result *res);

/*
 * The reason a conn-up or conn-down request was refused (@err a negative
 * errno, @ext the extended ack message or ""), in the user's words.
 */
void ikt_conn_req_error(const char *verb, const char *name, int err,
			const char *ext, char *buf, size_t size);

#endif /* _IKT_SHOW_H */
