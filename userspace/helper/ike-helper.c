// SPDX-License-Identifier: GPL-2.0
/*
 * ike-helper: the public-key half of ikev2. It serves the module's
 * Diffie-Hellman requests over the "ikev2" generic netlink family of its
 * namespace (include/uapi/linux/ikev2.h): private values never leave it.
 *
 *   ike-helper -f          register as the namespace's helper and serve
 *                          (without -f: the same, as a daemon, syslog)
 *
 * and, in the debug build only (IKE_HELPER_DEBUG: make builds it as
 * build/helper/ike-helper-debug for the selftests, and never installs it):
 *
 *   ike-helper --self-test the DH engine alone, TAP
 *   ike-helper --dh-test G ask the module for a keygen+shared round trip
 *                          through the running helper (diagnostic)
 *
 * Requests are answered one at a time, in the order they arrive; the
 * module may have many outstanding. A keygen's private value stays in the
 * handle table until the matching shared request uses it, or until it has
 * waited IKE_HELPER_HANDLE_TTL seconds (the module gave up long before).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <linux/ikev2.h>

#include "dh.h"
#include "nl/nl.h"
#include "nl/nl-policy-gen.h"

/* Private values kept at once, and how long an unused one lives. */
#define IKE_HELPER_HANDLES_MAX	4096
#define IKE_HELPER_HANDLE_TTL	120

#ifdef IKE_HELPER_DEBUG
static const unsigned int ike_helper_groups[] = {
	DH_GROUP_MODP2048, DH_GROUP_MODP3072, DH_GROUP_ECP256,
	DH_GROUP_ECP384, DH_GROUP_ECP521, DH_GROUP_CURVE25519,
};
#endif

static bool ike_helper_fg = true;
static volatile sig_atomic_t ike_helper_stop;

static void ike_helper_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ike_helper_log(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (ike_helper_fg) {
		fputs("ike-helper: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else {
		vsyslog(prio, fmt, ap);
	}
	va_end(ap);
}

#ifdef IKE_HELPER_DEBUG
static double ike_helper_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Two key pairs per group must agree; prints TAP, returns failures. */
static int ike_helper_self_test(void)
{
	unsigned int i, failed = 0;

	printf("TAP version 13\n1..%zu\n",
	       sizeof(ike_helper_groups) / sizeof(ike_helper_groups[0]));
	for (i = 0; i < sizeof(ike_helper_groups) / sizeof(ike_helper_groups[0]); i++) {
		unsigned int group = ike_helper_groups[i];
		uint8_t pa[DH_MAX_PUB_LEN], pb[DH_MAX_PUB_LEN];
		uint8_t sa[DH_MAX_SHARED_LEN], sb[DH_MAX_SHARED_LEN];
		size_t la = sizeof(pa), lb = sizeof(pb);
		size_t lsa = sizeof(sa), lsb = sizeof(sb);
		struct dh_priv *a = NULL, *b = NULL;
		double t0 = ike_helper_now(), dt;
		int err;

		err = dh_keygen(group, &a, pa, &la);
		if (!err)
			err = dh_keygen(group, &b, pb, &lb);
		if (!err)
			err = dh_shared(a, pb, lb, sa, &lsa);
		if (!err)
			err = dh_shared(b, pa, la, sb, &lsb);
		if (!err && (lsa != lsb || memcmp(sa, sb, lsa)))
			err = -EBADMSG;
		dt = (ike_helper_now() - t0) / 2;
		explicit_bzero(sa, sizeof(sa));
		explicit_bzero(sb, sizeof(sb));
		dh_free(a);
		dh_free(b);
		if (err) {
			failed++;
			printf("not ok %u dh group %u: %s\n", i + 1, group,
			       strerror(-err));
		} else {
			printf("ok %u dh group %u (%.2f ms per side)\n", i + 1,
			       group, dt * 1e3);
		}
	}
	return failed;
}
#endif /* IKE_HELPER_DEBUG */

/* --- netlink ------------------------------------------------------------ */

struct ike_helper {
	struct ikev2_nl nl;
	/* Handle table: slot i holds handle with (handle % MAX) == i. */
	struct {
		uint32_t handle;
		struct dh_priv *priv;
		time_t born;
	} h[IKE_HELPER_HANDLES_MAX];
	uint32_t next_handle;
	unsigned int n_handles;
	/* Outcome of the last synchronous request (register, dh-test). */
	int err;
	char ext_msg[256];
	uint16_t test_group;
	uint64_t test_ns;
	bool test_reply;
};

static time_t ike_helper_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* New handle for @priv (taken over); 0 if the table is full. */
static uint32_t ike_helper_handle_put(struct ike_helper *hp,
				      struct dh_priv *priv)
{
	unsigned int tries;

	for (tries = 0; tries < IKE_HELPER_HANDLES_MAX; tries++) {
		uint32_t handle = ++hp->next_handle;
		unsigned int slot;

		if (!handle)
			handle = ++hp->next_handle;
		slot = handle % IKE_HELPER_HANDLES_MAX;
		if (hp->h[slot].priv)
			continue;
		hp->h[slot].handle = handle;
		hp->h[slot].priv = priv;
		hp->h[slot].born = ike_helper_secs();
		hp->n_handles++;
		return handle;
	}
	return 0;
}

/* Takes the private value behind @handle out of the table, or NULL. */
static struct dh_priv *ike_helper_handle_take(struct ike_helper *hp,
					      uint32_t handle)
{
	unsigned int slot = handle % IKE_HELPER_HANDLES_MAX;
	struct dh_priv *priv;

	if (!handle || !hp->h[slot].priv || hp->h[slot].handle != handle)
		return NULL;
	priv = hp->h[slot].priv;
	hp->h[slot].priv = NULL;
	hp->h[slot].handle = 0;
	hp->n_handles--;
	return priv;
}

static void ike_helper_handle_expire(struct ike_helper *hp, bool all)
{
	time_t now = ike_helper_secs();
	unsigned int i, n = 0;

	if (!hp->n_handles)
		return;
	for (i = 0; i < IKE_HELPER_HANDLES_MAX; i++) {
		if (!hp->h[i].priv ||
		    (!all && now - hp->h[i].born < IKE_HELPER_HANDLE_TTL))
			continue;
		dh_free(hp->h[i].priv);
		hp->h[i].priv = NULL;
		hp->h[i].handle = 0;
		hp->n_handles--;
		n++;
	}
	if (n && !all)
		ike_helper_log(LOG_INFO,
			       "dropped %u private value(s) never used by a shared request",
			       n);
}

/* Kernel errors between requests: a refused result (no ack asked). */
static int ike_helper_error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e,
			       void *arg)
{
	struct ike_helper *hp = arg;
	struct ikev2_nl_ext_ack ext;

	(void)nla;
	hp->err = e->error;
	ikev2_nl_parse_ext_ack(e, &ext);
	snprintf(hp->ext_msg, sizeof(hp->ext_msg), "%s", ext.msg);
	return NL_STOP;
}

static int ike_helper_open(struct ike_helper *hp, const char *who)
{
	enum ikev2_nl_open_step step;
	int ret;

	ret = ikev2_nl_open(&hp->nl, &step);
	if (ret) {
		switch (step) {
		case IKEV2_NL_OPEN_ALLOC:
			return -ENOMEM;
		case IKEV2_NL_OPEN_CONNECT:
			fprintf(stderr,
				"%s: cannot open a generic netlink socket: %s\n",
				who, nl_geterror(ret));
			return -EIO;
		case IKEV2_NL_OPEN_RESOLVE:
			break;
		}
		fprintf(stderr, "%s: %s\n", who, ret == -NLE_OBJ_NOTFOUND ?
			"ikev2 module not loaded" : nl_geterror(ret));
		return -ENOENT;
	}
	/* Requests from the kernel come with sequence number 0. */
	nl_socket_disable_seq_check(hp->nl.sk);
	nl_cb_err(nl_socket_get_cb(hp->nl.sk), NL_CB_CUSTOM,
		  ike_helper_error_cb, hp);
	return 0;
}

static struct nl_msg *ike_helper_msg(struct ike_helper *hp, uint8_t cmd,
				     int flags)
{
	return ikev2_nl_msg(&hp->nl, cmd, flags, 4096);
}

static int ike_helper_handle_msg(struct nlmsghdr *nlh, void *arg);

/*
 * Sends @msg (wiped and freed) and receives until its ack or error,
 * serving what else arrives meanwhile (sequence number 0: DH requests).
 * Returns 0, the kernel's negative errno (message in ext_msg) or -EIO.
 */
static int ike_helper_transact(struct ike_helper *hp, struct nl_msg *msg)
{
	struct ikev2_nl_req req = {
		.cb = ike_helper_handle_msg,
		.arg = hp,
		.any_seq = true,
	};
	int ret;

	hp->ext_msg[0] = '\0';
	ret = ikev2_nl_request(&hp->nl, msg, &req);
	ikev2_nl_msg_free(msg);
	if (req.end == IKEV2_NL_KERNEL) {
		snprintf(hp->ext_msg, sizeof(hp->ext_msg), "%s", req.ext.msg);
		return ret;
	}
	return ret ? -EIO : 0;
}

/* Answers one DH request; the private value stays here. */
static void ike_helper_serve_dh(struct ike_helper *hp, struct nlattr **tb)
{
	uint8_t pub[DH_MAX_PUB_LEN], secret[DH_MAX_SHARED_LEN];
	size_t pub_len = sizeof(pub), secret_len = sizeof(secret);
	struct dh_priv *priv = NULL;
	uint32_t id, handle = 0;
	const uint8_t *peer = NULL;
	size_t peer_len = 0;
	struct nl_msg *msg;
	unsigned int group;
	uint8_t op;
	int err = 0, ret;

	if (!tb[IKEV2_A_DH_REQUEST_ID] || !tb[IKEV2_A_DH_GROUP] ||
	    !tb[IKEV2_A_DH_OP]) {
		ike_helper_log(LOG_ERR, "DH request without id, group or op");
		return;
	}
	id = nla_get_u32(tb[IKEV2_A_DH_REQUEST_ID]);
	group = nla_get_u16(tb[IKEV2_A_DH_GROUP]);
	op = nla_get_u8(tb[IKEV2_A_DH_OP]);
	if (tb[IKEV2_A_DH_PEER_PUB]) {
		peer = nla_data(tb[IKEV2_A_DH_PEER_PUB]);
		peer_len = nla_len(tb[IKEV2_A_DH_PEER_PUB]);
	}

	switch (op) {
	case IKEV2_DH_OP_KEYGEN:
		err = dh_keygen(group, &priv, pub, &pub_len);
		if (!err) {
			handle = ike_helper_handle_put(hp, priv);
			if (!handle) {
				dh_free(priv);
				err = -ENOSPC;
			}
		}
		break;
	case IKEV2_DH_OP_SHARED:
		if (!peer || !tb[IKEV2_A_DH_HANDLE]) {
			err = -EINVAL;
			break;
		}
		priv = ike_helper_handle_take(hp,
				nla_get_u32(tb[IKEV2_A_DH_HANDLE]));
		if (!priv) {
			err = -ENOENT;
			break;
		}
		err = dh_group(priv) == group ?
		      dh_shared(priv, peer, peer_len, secret, &secret_len) :
		      -EINVAL;
		dh_free(priv);
		break;
	case IKEV2_DH_OP_KEYGEN_SHARED:
		if (!peer) {
			err = -EINVAL;
			break;
		}
		err = dh_keygen(group, &priv, pub, &pub_len);
		if (!err)
			err = dh_shared(priv, peer, peer_len, secret,
					&secret_len);
		dh_free(priv);
		break;
	default:
		err = -EOPNOTSUPP;
	}
	if (err)
		ike_helper_log(LOG_WARNING, "DH request %u (group %u, op %u): %s",
			       id, group, op, strerror(-err));

	msg = ike_helper_msg(hp, IKEV2_CMD_DH_RESULT, 0);
	if (!msg) {
		ike_helper_log(LOG_ERR, "out of memory answering request %u",
			       id);
		goto out;
	}
	ret = nla_put_u32(msg, IKEV2_A_DH_REQUEST_ID, id) ||
	      nla_put_u32(msg, IKEV2_A_DH_STATUS, -err);
	if (!err && op != IKEV2_DH_OP_SHARED)
		ret = ret || nla_put(msg, IKEV2_A_DH_PUB, pub_len, pub);
	if (!err && op != IKEV2_DH_OP_KEYGEN)
		ret = ret || nla_put(msg, IKEV2_A_DH_SHARED, secret_len,
				     secret);
	if (!err && op == IKEV2_DH_OP_KEYGEN)
		ret = ret || nla_put_u32(msg, IKEV2_A_DH_HANDLE, handle);
	if (ret) {
		ike_helper_log(LOG_ERR, "result %u does not fit a message", id);
		ikev2_nl_msg_free(msg);
		goto out;
	}
	/*
	 * No ack asked: the kernel reports a refused result (a request that
	 * timed out meanwhile) as an error message, logged by the receive
	 * loop.
	 */
	ret = nl_send_auto(hp->nl.sk, msg);
	ikev2_nl_msg_free(msg);
	if (ret < 0)
		ike_helper_log(LOG_ERR, "cannot send result %u: %s", id,
			       nl_geterror(ret));
out:
	explicit_bzero(secret, sizeof(secret));
}

static int ike_helper_valid_cb(struct nl_msg *msg, void *arg)
{
	ike_helper_handle_msg(nlmsg_hdr(msg), arg);
	return NL_SKIP;
}

/* One message from the module: a DH request, or the dh-test reply. */
static int ike_helper_handle_msg(struct nlmsghdr *nlh, void *arg)
{
	struct ike_helper *hp = arg;
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	struct nlattr *tb[IKEV2_A_DH_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, IKEV2_A_DH_MAX,
			  ikev2_dh_nl_policy) < 0) {
		ike_helper_log(LOG_ERR, "unparsable message from the module");
		return 0;
	}
	switch (gnlh->cmd) {
	case IKEV2_CMD_DH_REQUEST:
		ike_helper_serve_dh(hp, tb);
		break;
	case IKEV2_CMD_DH_TEST:
		hp->test_reply = true;
		if (tb[IKEV2_A_DH_GROUP])
			hp->test_group = nla_get_u16(tb[IKEV2_A_DH_GROUP]);
		if (tb[IKEV2_A_DH_ELAPSED_NS])
			hp->test_ns = nla_get_u64(tb[IKEV2_A_DH_ELAPSED_NS]);
		break;
	default:
		break;
	}
	return 0;
}

static void ike_helper_on_signal(int sig)
{
	(void)sig;
	ike_helper_stop = 1;
}

static int ike_helper_serve(struct ike_helper *hp)
{
	struct sigaction sa = { .sa_handler = ike_helper_on_signal };
	struct pollfd pfd;
	struct nl_msg *msg;
	int ret;

	nl_socket_modify_cb(hp->nl.sk, NL_CB_VALID, NL_CB_CUSTOM,
			    ike_helper_valid_cb, hp);
	msg = ike_helper_msg(hp, IKEV2_CMD_HELPER_REGISTER, 0);
	if (!msg)
		return -ENOMEM;
	ret = ike_helper_transact(hp, msg);
	if (ret) {
		fprintf(stderr, "ike-helper: cannot register: %s%s%s\n",
			ret < 0 ? strerror(-ret) : "no answer",
			hp->ext_msg[0] ? ": " : "", hp->ext_msg);
		return ret < 0 ? ret : -EIO;
	}
	if (!ike_helper_fg) {
		openlog("ike-helper", LOG_PID, LOG_DAEMON);
		if (daemon(0, 0) < 0) {
			fprintf(stderr, "ike-helper: daemon: %s\n",
				strerror(errno));
			return -errno;
		}
	}
	ike_helper_log(LOG_INFO, "registered (port %u), serving DH requests",
		       nl_socket_get_local_port(hp->nl.sk));

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	pfd.fd = nl_socket_get_fd(hp->nl.sk);
	pfd.events = POLLIN;
	while (!ike_helper_stop) {
		ret = poll(&pfd, 1, 1000);
		if (ret < 0 && errno != EINTR) {
			ike_helper_log(LOG_ERR, "poll: %s", strerror(errno));
			break;
		}
		if (ret > 0) {
			hp->err = 1;
			ret = nl_recvmsgs_default(hp->nl.sk);
			/* A kernel error stops the receive; reported below. */
			if (ret < 0 && ret != -NLE_INTR && hp->err >= 0)
				ike_helper_log(LOG_WARNING, "receive: %s",
					       nl_geterror(ret));
			if (hp->err < 0)
				ike_helper_log(LOG_WARNING,
					       "module refused a result: %s%s%s",
					       strerror(-hp->err),
					       hp->ext_msg[0] ? ": " : "",
					       hp->ext_msg);
		}
		ike_helper_handle_expire(hp, false);
	}
	ike_helper_log(LOG_INFO, "exiting");
	return 0;
}

#ifdef IKE_HELPER_DEBUG
/* --dh-test: the module's own round trip through the running helper. */
static int ike_helper_dh_test(struct ike_helper *hp, const char *arg)
{
	struct nl_msg *msg;
	char *end;
	unsigned long group = strtoul(arg, &end, 10);
	int ret;

	if (!*arg || *end || !group || group > 65535) {
		fprintf(stderr, "ike-helper: bad DH group \"%s\"\n", arg);
		return 2;
	}
	nl_socket_modify_cb(hp->nl.sk, NL_CB_VALID, NL_CB_CUSTOM,
			    ike_helper_valid_cb, hp);
	msg = ike_helper_msg(hp, IKEV2_CMD_DH_TEST, 0);
	if (!msg || nla_put_u16(msg, IKEV2_A_DH_GROUP, group)) {
		fprintf(stderr, "ike-helper: out of memory\n");
		return 1;
	}
	ret = ike_helper_transact(hp, msg);
	if (ret || !hp->test_reply) {
		fprintf(stderr, "ike-helper: dh test group %lu failed: %s%s%s\n",
			group, ret < 0 ? strerror(-ret) : "no reply",
			hp->ext_msg[0] ? ": " : "", hp->ext_msg);
		return 1;
	}
	printf("dh group %u ok: %.3f ms for keygen, keygen-shared and shared\n",
	       hp->test_group, hp->test_ns / 1e6);
	return 0;
}
#endif /* IKE_HELPER_DEBUG */

static void ike_helper_usage(FILE *f)
{
	fprintf(f,
		"usage: ike-helper [-f] [-h] [-V]"
#ifdef IKE_HELPER_DEBUG
		" [--self-test] [--dh-test GROUP]"
#endif
		"\n"
		"  -f, --foreground  run in the foreground, logs on stderr\n"
#ifdef IKE_HELPER_DEBUG
		"  --self-test       check the DH engine on every group (TAP)\n"
		"  --dh-test GROUP   diagnostic: make the module run a DH round\n"
		"                    trip through the namespace's helper\n"
#endif
		"  -V, --version     print the version\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
#ifdef IKE_HELPER_DEBUG
		{ "self-test", no_argument, NULL, 's' },
		{ "dh-test", required_argument, NULL, 't' },
#endif
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
#ifdef IKE_HELPER_DEBUG
	const char *test_group = NULL;
#endif
	struct ike_helper *hp;
	bool fg = false;
	int c, ret;

	while ((c = getopt_long(argc, argv, "fhV", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fg = true;
			break;
#ifdef IKE_HELPER_DEBUG
		case 's':
			return ike_helper_self_test() ? 1 : 0;
		case 't':
			test_group = optarg;
			break;
#endif
		case 'h':
			ike_helper_usage(stdout);
			return 0;
		case 'V':
			puts("ike-helper 0.1");
			return 0;
		default:
			ike_helper_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		ike_helper_usage(stderr);
		return 2;
	}
	hp = calloc(1, sizeof(*hp));
	if (!hp) {
		fprintf(stderr, "ike-helper: out of memory\n");
		return 1;
	}
	ret = ike_helper_open(hp, "ike-helper");
	if (!ret) {
#ifdef IKE_HELPER_DEBUG
		if (test_group) {
			ret = ike_helper_dh_test(hp, test_group);
		} else
#endif
		{
			ike_helper_fg = fg;
			ret = ike_helper_serve(hp) ? 1 : 0;
		}
	} else {
		ret = 1;
	}
	ike_helper_handle_expire(hp, true);
	ikev2_nl_close(&hp->nl);
	free(hp);
	return ret;
}
