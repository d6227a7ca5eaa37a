// SPDX-License-Identifier: GPL-2.0
/*
 * IKE SAs from the command line: `ike conn up|down`, `ike sa show`,
 * `ike monitor` and `ike stats`. Requests go through nl.c; what comes back
 * is checked and printed by show.c.
 *
 * `conn up` needs two sockets: the outcome of a negotiation comes only as
 * sa-event notifications, and the first of them may be sent before the
 * conn-up reply is read. So the event socket joins the "sa" group before
 * the request is sent, and is read only once the reply has named our SA;
 * what arrived in between waits in its receive queue.
 */
#define _GNU_SOURCE		/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/ikev2.h>

#include "ike.h"
#include "nl.h"
#include "parse.h"
#include "print.h"
#include "show.h"

/* A notification of our family: an sa-event, its attributes checked. */
static int ikt_sa_event_parse(struct ikt_nl *nl, struct nlmsghdr *nlh,
			      struct ikt_sa_attrs *ev)
{
	struct genlmsghdr *ghdr = nlmsg_data(nlh);

	if (nlh->nlmsg_type != nl->family || !genlmsg_valid_hdr(nlh, 0) ||
	    ghdr->cmd != IKEV2_CMD_SA_EVENT)
		return -ENOENT;
	if (ikt_sa_parse_msg(nlh, ev) || !ev->tb[IKEV2_A_SA_EVENT]) {
		fprintf(stderr,
			"ike: ignoring a malformed event from the module\n");
		return -EPROTO;
	}
	return 0;
}

static int64_t ikt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- conn up ---- */

struct ikt_up {
	struct ikt_nl *ev;
	uint32_t id;
	bool have_id;
	bool seen;		/* in the sa-get dump */
	enum ikt_up_state state;
	struct ikt_up_result res;
};

static int ikt_up_reply_cb(struct nlmsghdr *nlh, void *arg)
{
	struct ikt_up *up = arg;
	struct nlattr *id;

	if (!genlmsg_valid_hdr(nlh, 0))
		return 0;
	id = nlmsg_find_attr(nlh, GENL_HDRLEN, IKEV2_A_SA_ID);
	if (id && nla_len(id) == sizeof(uint32_t)) {
		up->id = nla_get_u32(id);
		up->have_id = true;
	}
	return 0;
}

static int ikt_up_event_cb(struct nlmsghdr *nlh, void *arg)
{
	struct ikt_up *up = arg;
	struct ikt_sa_attrs ev;

	if (ikt_sa_event_parse(up->ev, nlh, &ev))
		return 0;
	up->state = ikt_up_event(&ev, up->id, &up->res);
	return up->state == IKT_UP_WAIT ? 0 : 1;
}

/*
 * When events were lost: is our SA up, or gone? sa-get has no do
 * operation, so this is a dump, filtered here.
 */
static int ikt_up_get_cb(struct nlmsghdr *nlh, void *arg)
{
	struct ikt_up *up = arg;
	struct ikt_child_attrs child;
	struct ikt_sa_attrs sa;

	if (ikt_sa_parse_msg(nlh, &sa) ||
	    nla_get_u32(sa.tb[IKEV2_A_SA_ID]) != up->id)
		return 0;
	up->seen = true;
	if (!sa.tb[IKEV2_A_SA_STATE] ||
	    nla_get_u8(sa.tb[IKEV2_A_SA_STATE]) !=
	    IKEV2_SA_STATE_ESTABLISHED || !sa.tb[IKEV2_A_SA_CHILD])
		return 0;
	/* Checked by ikt_sa_parse(). */
	ikt_child_parse(sa.tb[IKEV2_A_SA_CHILD], &child);
	up->res.spi_in = nla_get_u32(child.tb[IKEV2_A_CHILD_SPI_IN]);
	up->res.spi_out = nla_get_u32(child.tb[IKEV2_A_CHILD_SPI_OUT]);
	up->state = IKT_UP_DONE;
	return 0;
}

static int ikt_up_get(struct ikt_nl *nl, struct ikt_up *up)
{
	struct nl_msg *msg;
	int ret;

	msg = ikt_nl_msg(nl, IKEV2_CMD_SA_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	up->seen = false;
	ret = ikt_nl_request(nl, msg, "sa show", ikt_up_get_cb, up);
	ikt_nl_msg_free(msg);
	if (!ret && !up->seen) {
		up->state = IKT_UP_FAILED;
		snprintf(up->res.why, sizeof(up->res.why),
			 "IKE SA %u is gone (its events were lost, the reason with them)",
			 up->id);
	}
	return ret;
}

/* Reads events until one settles our SA or @timeout seconds pass. */
static int ikt_up_wait(struct ikt_nl *nl, struct ikt_up *up,
		       unsigned int timeout)
{
	int64_t deadline = ikt_now_ms() + (int64_t)timeout * 1000, left;
	struct pollfd pfd = { .fd = nl_socket_get_fd(up->ev->sk),
			      .events = POLLIN };
	int ret;

	for (;;) {
		ret = ikt_nl_read(up->ev, ikt_up_event_cb, up);
		if (ret == 1)
			return 0;
		if (ret == -ENOBUFS) {
			/* The queue overflowed: ask for the SA itself. */
			ret = ikt_up_get(nl, up);
			if (ret)
				return ret;
			if (up->state != IKT_UP_WAIT)
				return 0;
			continue;
		}
		if (ret != -EAGAIN) {
			fprintf(stderr, "ike: conn up: reading events: %s\n",
				strerror(-ret));
			return ret;
		}
		left = deadline - ikt_now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		ret = poll(&pfd, 1, left > 1000000 ? 1000000 : (int)left);
		if (ret < 0 && errno != EINTR) {
			ret = -errno;
			fprintf(stderr, "ike: conn up: poll: %s\n",
				strerror(-ret));
			return ret;
		}
	}
}

int ikt_conn_up(int argc, char **argv)
{
	char name[IKEV2_CONN_NAME_MAX], what[IKEV2_CONN_NAME_MAX + 16];
	char why[512];
	struct ikt_nl nl = { 0 }, ev = { 0 };
	struct ikt_up up = { .ev = &ev };
	struct nl_msg *msg = NULL;
	struct ikt_nl_ack ack;
	unsigned int timeout;
	struct ikt_err err;
	int ret;

	ret = ikt_parse_conn_up(argc, argv, name, &timeout, &err);
	if (ret) {
		fprintf(stderr, "ike: conn up: %s\n", err.msg);
		return ret;
	}
	/* Joined before the request: see the top of this file. */
	ret = ikt_nl_open_group(&ev, IKEV2_MCGRP_SA);
	if (ret)
		return ret;
	ret = ikt_nl_open(&nl);
	if (ret)
		goto out;
	msg = ikt_nl_conn_msg(&nl, IKEV2_CMD_CONN_UP, name);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	snprintf(what, sizeof(what), "conn up %s", name);
	ret = ikt_nl_request_ack(&nl, msg, what, ikt_up_reply_cb, &up, &ack);
	if (ack.err) {
		ikt_conn_req_error("up", name, ack.err, ack.msg, why,
				   sizeof(why));
		fprintf(stderr, "ike: %s\n", why);
		goto out;
	}
	if (ret)
		goto out;
	if (!up.have_id) {
		fprintf(stderr,
			"ike: conn up %s: the module's reply has no SA id\n",
			name);
		ret = -EPROTO;
		goto out;
	}

	ret = ikt_up_wait(&nl, &up, timeout);
	if (ret == -ETIMEDOUT) {
		fprintf(stderr,
			"ike: conn up %s: timed out waiting for the peer (IKE SA %u, %u s)\n",
			name, up.id, timeout);
	} else if (!ret && up.state == IKT_UP_FAILED) {
		fprintf(stderr, "ike: conn up %s: %s\n", name, up.res.why);
		ret = -ECONNREFUSED;
	} else if (!ret) {
		ikt_up_print(name, up.id, &up.res);
	}
out:
	ikt_nl_msg_free(msg);
	ikt_nl_close(&nl);
	ikt_nl_close(&ev);
	return ret;
}

/* ---- conn down ---- */

int ikt_conn_down(int argc, char **argv)
{
	char name[IKEV2_CONN_NAME_MAX], what[IKEV2_CONN_NAME_MAX + 16];
	char why[512];
	struct ikt_nl nl = { 0 };
	struct nl_msg *msg = NULL;
	struct ikt_nl_ack ack;
	int ret;

	ret = ikt_conn_name_arg("down", argc, argv, name);
	if (ret)
		return ret;
	ret = ikt_nl_open(&nl);
	if (ret)
		return ret;
	msg = ikt_nl_conn_msg(&nl, IKEV2_CMD_CONN_DOWN, name);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	snprintf(what, sizeof(what), "conn down %s", name);
	ret = ikt_nl_request_ack(&nl, msg, what, NULL, NULL, &ack);
	if (ack.err) {
		ikt_conn_req_error("down", name, ack.err, ack.msg, why,
				   sizeof(why));
		fprintf(stderr, "ike: %s\n", why);
	}
out:
	ikt_nl_msg_free(msg);
	ikt_nl_close(&nl);
	return ret;
}

/* ---- sa show ---- */

static int ikt_sa_show_one(struct nlmsghdr *nlh, void *arg)
{
	const char *conn = arg;
	struct ikt_sa_attrs sa;

	if (ikt_sa_parse_msg(nlh, &sa)) {
		fprintf(stderr, "ike: sa show: malformed reply from the module\n");
		return -EPROTO;
	}
	/* The dump is the namespace's; the filter is ours. */
	if (*conn && (!sa.tb[IKEV2_A_SA_CONN_NAME] ||
		      strcmp(conn, nla_get_string(sa.tb[IKEV2_A_SA_CONN_NAME]))))
		return 0;
	ikt_sa_print(&sa);
	return 0;
}

int ikt_sa_show(int argc, char **argv)
{
	char conn[IKEV2_CONN_NAME_MAX];
	struct ikt_nl nl = { 0 };
	struct nl_msg *msg = NULL;
	struct ikt_err err;
	int ret;

	ret = ikt_parse_sa_show(argc, argv, conn, &err);
	if (ret) {
		fprintf(stderr, "ike: sa show: %s\n", err.msg);
		return ret;
	}
	ret = ikt_nl_open(&nl);
	if (ret)
		return ret;
	msg = ikt_nl_msg(&nl, IKEV2_CMD_SA_GET, NLM_F_DUMP);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	/* What was printed before an error stays a complete document. */
	print_open_array(NULL);
	ret = ikt_nl_request(&nl, msg, "sa show", ikt_sa_show_one, conn);
	print_close_array();
out:
	ikt_nl_msg_free(msg);
	ikt_nl_close(&nl);
	return ret;
}

/* ---- monitor ---- */

static volatile sig_atomic_t ikt_monitor_stop;

static void ikt_monitor_signal(int sig)
{
	(void)sig;
	ikt_monitor_stop = 1;
}

struct ikt_mon {
	struct ikt_nl *ev;
	int write_err;		/* errno of a failed write, 0: none */
};

/*
 * A failed write is told apart from a failed read by @write_err, not by
 * the return value: both halves can end in EIO, and errno is stale (the
 * socket's EAGAIN) by the time the loop sees either.
 */
static int ikt_monitor_cb(struct nlmsghdr *nlh, void *arg)
{
	struct ikt_mon *mon = arg;
	struct ikt_sa_attrs ev;

	if (ikt_sa_event_parse(mon->ev, nlh, &ev))
		return 0;
	ikt_event_print(&ev);
	/* One line at a time, for whoever reads the pipe. */
	errno = 0;
	if (print_finish()) {
		/* ferror() from an earlier fputc() leaves no errno. */
		mon->write_err = errno ? errno : EIO;
		return -mon->write_err;
	}
	return 0;
}

int ikt_monitor(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = ikt_monitor_signal };
	struct ikt_nl ev = { 0 };
	struct ikt_mon mon = { .ev = &ev };
	struct pollfd pfd;
	sigset_t block, orig;
	struct ikt_err err;
	int ret;

	ret = ikt_parse_no_args(argc, argv, &err);
	if (ret) {
		fprintf(stderr, "ike: monitor: %s\n", err.msg);
		return ret;
	}
	ret = ikt_nl_open_group(&ev, IKEV2_MCGRP_SA);
	if (ret)
		return ret;

	/*
	 * The signals stay blocked except inside ppoll(), so that one
	 * arriving between the check of the flag and the wait still ends it.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	pfd.fd = nl_socket_get_fd(ev.sk);
	pfd.events = POLLIN;
	while (!ikt_monitor_stop) {
		ret = ikt_nl_read(&ev, ikt_monitor_cb, &mon);
		if (mon.write_err) {
			fprintf(stderr, "ike: monitor: writing output: %s\n",
				strerror(mon.write_err));
			ret = -mon.write_err;
			break;
		}
		if (ret == -ENOBUFS) {
			fprintf(stderr,
				"ike: monitor: events were lost (receive queue full)\n");
			ret = 0;	/* a warning: the monitor goes on */
			continue;
		}
		if (ret != -EAGAIN) {
			fprintf(stderr, "ike: monitor: reading events: %s\n",
				strerror(-ret));
			break;
		}
		if (ppoll(&pfd, 1, NULL, &orig) < 0 && errno != EINTR) {
			ret = -errno;
			perror("ike: monitor: ppoll");
			break;
		}
		/* Leaving by the loop's condition is success. */
		ret = 0;
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	ikt_nl_close(&ev);
	return ret;
}

/* ---- stats ---- */

static int ikt_stats_one(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[IKEV2_A_STATS_MAX + 1];

	(void)arg;
	if (!genlmsg_valid_hdr(nlh, 0) ||
	    ikt_stats_parse(genlmsg_attrdata(nlmsg_data(nlh), 0),
			    genlmsg_attrlen(nlmsg_data(nlh), 0), tb)) {
		fprintf(stderr, "ike: stats: malformed reply from the module\n");
		return -EPROTO;
	}
	ikt_stats_print(tb);
	return 0;
}

int ikt_stats_show(int argc, char **argv)
{
	struct ikt_nl nl = { 0 };
	struct nl_msg *msg = NULL;
	struct ikt_err err;
	int ret;

	ret = ikt_parse_no_args(argc, argv, &err);
	if (ret) {
		fprintf(stderr, "ike: stats show: %s\n", err.msg);
		return ret;
	}
	ret = ikt_nl_open(&nl);
	if (ret)
		return ret;
	msg = ikt_nl_msg(&nl, IKEV2_CMD_STATS_GET, 0);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	ret = ikt_nl_request(&nl, msg, "stats", ikt_stats_one, NULL);
out:
	ikt_nl_msg_free(msg);
	ikt_nl_close(&nl);
	return ret;
}
