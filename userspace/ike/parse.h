/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line parsing and validation for `ike`, with no netlink in sight:
 * everything here turns argv strings into the values that go into
 * IKEV2_A_* attributes, or fails with a message naming the offending token.
 * Proposals are checked by the protocol core's own parser (kmod/ike/
 * ike_proposal.c, compiled into the tool), so that the tool accepts what
 * the module accepts.
 *
 * Every function returns 0 or a negative errno and, on failure, leaves a
 * complete one-line message in struct ikt_err (no "ike:" prefix, no newline).
 */
#ifndef _IKT_PARSE_H
#define _IKT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/ikev2.h>

/*
 * Bounds the module puts on one connection (kmod/conn.h): checked here too
 * so that the user learns about them before anything is sent.
 */
#define IKT_CONN_PROPOSALS_MAX	16
#define IKT_CONN_TS_MAX		16

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

struct ikt_err {
	char msg[512];
};

struct ikt_addr {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t len;		/* 4 or 16 */
	uint8_t bytes[16];	/* network order */
};

struct ikt_id {
	uint8_t type;		/* enum ikev2_id_type */
	uint16_t len;
	uint8_t data[IKEV2_ID_MAX];
};

/*
 * A traffic selector as IKEV2_A_TS_* carry it: an inclusive address range,
 * an IP protocol and an inclusive port range. The tool only writes address
 * ranges (any protocol, all ports); the rest is for what the module shows.
 */
struct ikt_ts {
	uint8_t len;		/* 4 or 16 */
	uint8_t protocol;	/* 0: any */
	uint16_t port_start;	/* 0 ... */
	uint16_t port_end;	/* ... 65535: all */
	uint8_t start[16];
	uint8_t end[16];
};

struct ikt_proposals {
	unsigned int n;
	char v[IKT_CONN_PROPOSALS_MAX][IKEV2_PROPOSAL_MAX];
};

struct ikt_ts_list {
	unsigned int n;
	struct ikt_ts v[IKT_CONN_TS_MAX];
};

/*
 * One `conn add` request, fully validated. Holds the PSK: release it with
 * ikt_conn_cfg_free(), which wipes it. Large (file paths), so heap only.
 */
struct ikt_conn_cfg {
	char name[IKEV2_CONN_NAME_MAX];
	struct ikt_addr local;
	bool remote_any;
	struct ikt_addr remote;		/* unless remote_any */
	uint8_t auth;			/* enum ikev2_auth_method */

	uint8_t psk[IKEV2_PSK_MAX];	/* key material */
	size_t psk_len;
	const char *psk_file;		/* as given (argv) */
	bool psk_loose_mode;		/* group/world may read the PSK file */

	char cert[IKEV2_PATH_MAX];	/* absolute paths, pubkey only */
	char key[IKEV2_PATH_MAX];
	char cacert[IKEV2_PATH_MAX];
	bool key_loose_mode;		/* group/world may read the key file */

	bool has_local_id, has_remote_id;
	struct ikt_id local_id, remote_id;

	struct ikt_proposals ike, esp;
	struct ikt_ts_list local_ts, remote_ts;

	char dev[IFNAMSIZ];		/* empty: no dev */
	unsigned int ifindex;		/* 0: no dev */
	bool encap_udp;

	/* Data path of its Child SAs. */
	bool has_replay_window;		/* else the module's default */
	uint32_t replay_window;		/* packets, 0: no replay check */
	uint64_t rekey_bytes;		/* 0: none */
	uint64_t life_bytes;		/* 0: none */
	unsigned int ike_rekey;		/* IKE SA rekey seconds, 0: default */
};

int ikt_err_set(struct ikt_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int ikt_parse_name(const char *s, char *name, struct ikt_err *err);
/* The IKE address after @kw (local, remote): a unicast literal. */
int ikt_parse_endpoint(const char *kw, const char *s, struct ikt_addr *addr,
		       struct ikt_err *err);
int ikt_parse_cidr(const char *s, struct ikt_ts *ts, struct ikt_err *err);
int ikt_parse_ts_list(const char *s, struct ikt_ts_list *list,
		      struct ikt_err *err);
int ikt_parse_id(const char *s, struct ikt_id *id, struct ikt_err *err);
int ikt_parse_proposal_list(const char *s, bool esp,
			    struct ikt_proposals *list, struct ikt_err *err);
int ikt_read_psk_file(const char *path, uint8_t *psk, size_t *len,
		      bool *loose_mode, struct ikt_err *err);
int ikt_check_file(const char *what, const char *path, char *abs,
		   size_t abs_size, bool *loose_mode, struct ikt_err *err);
int ikt_parse_dev(const char *s, char *dev, unsigned int *ifindex,
		  struct ikt_err *err);

/* Anti-replay window in packets: 0 to IKEV2_REPLAY_WINDOW_MAX. */
int ikt_parse_replay_window(const char *s, uint32_t *window,
			    struct ikt_err *err);
/*
 * A byte count after @kw: decimal digits with an optional K, M or G
 * suffix (either case, powers of 1024, as swanctl.conf(5) takes them);
 * one that does not fit 64 bits is refused.
 */
int ikt_parse_bytes(const char *kw, const char *s, uint64_t *bytes,
		    struct ikt_err *err);
/*
 * @bytes as ikt_parse_bytes() reads it back: with the largest suffix that
 * divides it exactly ("512M", "1536K", "1000"). @buf of IKT_FMT_BYTES_MAX.
 */
#define IKT_FMT_BYTES_MAX	24
void ikt_format_bytes(uint64_t bytes, char *buf, size_t size);

/* How long `conn up` waits for the outcome by default, and at most. */
#define IKT_UP_TIMEOUT_DEFAULT	30
#define IKT_UP_TIMEOUT_MAX	3600

/* Seconds, 1 to @max: decimal digits only. */
int ikt_parse_seconds(const char *kw, const char *s, unsigned int max,
		      unsigned int *secs, struct ikt_err *err);
/* `conn up NAME [ timeout SECONDS ]`: argv[0] is NAME. */
int ikt_parse_conn_up(int argc, char **argv, char *name,
		      unsigned int *timeout, struct ikt_err *err);
/* `sa show [ conn NAME ]`: @name is "" without a conn. */
int ikt_parse_sa_show(int argc, char **argv, char *name,
		      struct ikt_err *err);
/* Commands that take no arguments (monitor, stats show). */
int ikt_parse_no_args(int argc, char **argv, struct ikt_err *err);

/* argv[0] is NAME; the rest are the keyword/value pairs of `conn add`. */
int ikt_conn_parse_add(int argc, char **argv, struct ikt_conn_cfg *cfg,
		       struct ikt_err *err);
struct ikt_conn_cfg *ikt_conn_cfg_alloc(void);
void ikt_conn_cfg_free(struct ikt_conn_cfg *cfg);

/*
 * Formatting back to the `conn add` syntax, for `conn show`. @buf of at
 * least IKT_FMT_TS_MAX / IKT_FMT_ID_MAX bytes.
 */
#define IKT_FMT_TS_MAX	(2 * 46 + 32)
#define IKT_FMT_ID_MAX	(4 * IKEV2_ID_MAX + 16)
void ikt_format_addr(const uint8_t *bytes, size_t len, char *buf,
		     size_t size);
void ikt_format_ts(const struct ikt_ts *ts, char *buf, size_t size);
int ikt_format_id(uint8_t type, const uint8_t *data, size_t len, bool syntax,
		  char *buf, size_t size);
const char *ikt_id_type_name(uint8_t type);

/*
 * One proposal string (no commas) against the protocol core's parser, the
 * one the module uses: 0, or a negative errno with a message.
 */
int ikt_check_proposal(const char *proposal, bool esp, struct ikt_err *err);

#endif /* _IKT_PARSE_H */
