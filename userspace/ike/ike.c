// SPDX-License-Identifier: GPL-2.0
/*
 * ike - configure the in-kernel IKEv2 daemon (ikev2.ko)
 *
 *   ike [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * Everything the user can type is in the tables below: `ike help`,
 * `ike OBJECT help` and the usage errors are generated from them, so a verb
 * appears in the help exactly when it has a handler.
 */
#define _GNU_SOURCE		/* setns() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ike.h"
#include "print.h"

/* Where ip-netns(8) keeps its named network namespaces. */
#define IKT_NETNS_RUN_DIR "/run/netns"

#ifndef IKT_VERSION
#define IKT_VERSION "unknown"
#endif

static const struct ikt_cmd ikt_conn_cmds[] = {
	{
		.verb = "add",
		.handler = ikt_conn_add,
		.usage =
"add NAME local ADDR remote { ADDR | %any } AUTH\n"
"                    [ local-id ID ] [ remote-id ID ]\n"
"                    [ ike PROPOSAL[,PROPOSAL...] ] [ esp PROPOSAL[,PROPOSAL...] ]\n"
"                    [ local-ts CIDR[,CIDR...] ] [ remote-ts CIDR[,CIDR...] ]\n"
"                    [ dev IFNAME ] [ encap udp ] [ replay-window PACKETS ]\n"
"                    [ rekey-bytes BYTES ] [ life-bytes BYTES ]\n"
"                    [ ike-rekey SECONDS ]",
	},
	{
		.verb = "del",
		.handler = ikt_conn_del,
		.usage = "del NAME",
	},
	{
		.verb = "show",
		.handler = ikt_conn_show,
		.usage = "show [ NAME ]",
	},
	{
		.verb = "up",
		.handler = ikt_conn_up,
		.usage = "up NAME [ timeout SECONDS ]",
	},
	{
		.verb = "down",
		.handler = ikt_conn_down,
		.usage = "down NAME",
	},
	{ }
};

static const struct ikt_cmd ikt_sa_cmds[] = {
	{
		.verb = "show",
		.handler = ikt_sa_show,
		.usage = "show [ conn NAME ]",
	},
	{ }
};

static const struct ikt_cmd ikt_stats_cmds[] = {
	{
		.verb = "show",
		.handler = ikt_stats_show,
		.usage = "show",
	},
	{ }
};

static const struct ikt_object ikt_objects[] = {
	{
		.name = "conn",
		.cmds = ikt_conn_cmds,
		.default_verb = "show",
		.where =
"where  NAME := letters, digits, '.', '_', '-' (at most 63)\n"
"       AUTH := { auth psk psk-file FILE |\n"
"                 auth pubkey cert FILE key FILE cacert FILE }\n"
"       ADDR := an IPv4 or IPv6 address\n"
"       ID := { ADDR | @FQDN | FQDN | USER@FQDN | keyid:HEX }\n"
"       PROPOSAL := ALG[-ALG...], strongSwan keywords, e.g.\n"
"                   aes128gcm16-prfsha256-x25519 (ike), aes256-sha256 (esp)\n"
"       CIDR := ADDR[/PREFIXLEN]\n"
"       PACKETS := anti-replay window of the Child SAs, 0 (off) to 4096\n"
"                  (default 32)\n"
"       BYTES := N[K|M|G] (1024-based, as in swanctl.conf): once a Child\n"
"                SA has carried that many in either direction, rekey-bytes\n"
"                rekeys it, life-bytes stops and deletes it; 0 or absent:\n"
"                no limit; life-bytes must exceed rekey-bytes\n"
"       SECONDS := for ike-rekey, when the IKE SA is rekeyed (less up to a\n"
"                  tenth), 5 to 2592000 (default 14400); for up, how long\n"
"                  it waits for the IKE SA and its first Child SA, 1 to\n"
"                  3600 (default 30)\n",
	},
	{
		.name = "sa",
		.cmds = ikt_sa_cmds,
		.default_verb = "show",
		.where =
"where  NAME := a connection's name\n",
	},
	{
		.name = "monitor",
		.handler = ikt_monitor,
		.usage = "",
		.where =
"Prints IKE SA events, one per line, until interrupted.\n",
	},
	{
		.name = "stats",
		.cmds = ikt_stats_cmds,
		.default_verb = "show",
		.where =
"Prints the IKE counters of this network namespace.\n",
	},
	{ }
};

static void ikt_usage(FILE *f)
{
	const struct ikt_object *o;

	fprintf(f,
		"Usage: ike [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       ike help\n"
		"       ike OBJECT help\n"
		"where  OBJECT := {");
	for (o = ikt_objects; o->name; o++)
		fprintf(f, " %s", o->name);
	fprintf(f,
		" }\n"
		"       OPTIONS := { -j | --json | -p | --pretty (with -j) |\n"
		"                    -n | --netns NETNS | -V | --version |\n"
		"                    -h | --help }\n");
}

static void ikt_object_usage(const struct ikt_object *o, FILE *f)
{
	const struct ikt_cmd *c;

	if (!o->cmds) {
		fprintf(f, "Usage: ike %s%s%s\n", o->name,
			*o->usage ? " " : "", o->usage);
		fprintf(f, "       ike %s help\n", o->name);
		fputs(o->where, f);
		return;
	}
	for (c = o->cmds; c->verb; c++)
		fprintf(f, "%s ike %s %s\n", c == o->cmds ? "Usage:" : "      ",
			o->name, c->usage);
	fprintf(f, "       ike %s help\n", o->name);
	fputs(o->where, f);
}

static int ikt_run_object(const struct ikt_object *o, int argc, char **argv)
{
	const char *verb = o->default_verb;
	const struct ikt_cmd *c;

	if (!o->cmds) {
		if (argc && !strcmp(argv[0], "help")) {
			ikt_object_usage(o, stdout);
			return 0;
		}
		return o->handler(argc, argv) ? 1 : 0;
	}
	if (argc) {
		verb = argv[0];
		argc--;
		argv++;
	}
	if (!strcmp(verb, "help")) {
		ikt_object_usage(o, stdout);
		return 0;
	}
	for (c = o->cmds; c->verb; c++) {
		if (strcmp(verb, c->verb))
			continue;
		/* `ike conn add help`: the usage, not a conn named help. */
		if (argc && !strcmp(argv[0], "help")) {
			ikt_object_usage(o, stdout);
			return 0;
		}
		return c->handler(argc, argv) ? 1 : 0;
	}
	fprintf(stderr,
		"ike: %s: unknown command \"%s\", try \"ike %s help\"\n",
		o->name, verb, o->name);
	return 1;
}

/*
 * -n NETNS, as ip(8) has it: join the named network namespace before
 * talking to the module, which keeps its state per namespace. Only the
 * network namespace changes; files named on the command line are read
 * from where the caller stands. Saves scripts an "ip netns exec" process.
 */
static int ikt_netns_enter(const char *name)
{
	char path[PATH_MAX];
	int fd, err = 0;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..")) {
		fprintf(stderr, "ike: invalid network namespace name \"%s\"\n",
			name);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%s", IKT_NETNS_RUN_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		fprintf(stderr, "ike: network namespace \"%s\": %s\n", name,
			strerror(errno));
		return err;
	}
	if (setns(fd, CLONE_NEWNET)) {
		err = -errno;
		fprintf(stderr, "ike: cannot join network namespace \"%s\": %s\n",
			name, strerror(errno));
	}
	close(fd);
	return err;
}

int main(int argc, char **argv)
{
	bool json = false, pretty = false;
	const struct ikt_object *o;
	int ret;

	for (argc--, argv++; argc && argv[0][0] == '-'; argc--, argv++) {
		const char *opt = argv[0];

		if (!strcmp(opt, "-j") || !strcmp(opt, "--json")) {
			json = true;
		} else if (!strcmp(opt, "-p") || !strcmp(opt, "--pretty")) {
			pretty = true;
		} else if (!strcmp(opt, "-n") || !strcmp(opt, "--netns")) {
			if (argc < 2) {
				fprintf(stderr,
					"ike: %s needs a network namespace name\n",
					opt);
				return 1;
			}
			if (ikt_netns_enter(argv[1]))
				return 1;
			argc--, argv++;
		} else if (!strcmp(opt, "-V") || !strcmp(opt, "--version")) {
			printf("ike %s\n", IKT_VERSION);
			return 0;
		} else if (!strcmp(opt, "-h") || !strcmp(opt, "--help")) {
			ikt_usage(stdout);
			return 0;
		} else if (!strcmp(opt, "--")) {
			argc--, argv++;
			break;
		} else {
			fprintf(stderr,
				"ike: unknown option \"%s\", try \"ike help\"\n",
				opt);
			return 1;
		}
	}
	if (!argc) {
		ikt_usage(stderr);
		return 1;
	}
	if (!strcmp(argv[0], "help")) {
		ikt_usage(stdout);
		return 0;
	}
	print_init(json, pretty);
	for (o = ikt_objects; o->name; o++) {
		if (strcmp(argv[0], o->name))
			continue;
		ret = ikt_run_object(o, argc - 1, argv + 1);
		if (print_finish() && !ret) {
			perror("ike: writing output");
			ret = 1;
		}
		return ret;
	}
	fprintf(stderr, "ike: unknown object \"%s\", try \"ike help\"\n",
		argv[0]);
	return 1;
}
