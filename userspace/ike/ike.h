/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command table of `ike` (ike.c) and the handlers it dispatches to.
 * Usage text lives in the table, next to the handler it describes, so that
 * `ike help`, `ike OBJECT help` and usage errors all print the same lines.
 */
#ifndef _IKT_H
#define _IKT_H

struct ikt_cmd {
	const char *verb;
	/* argv[0] is the first argument after the verb. */
	int (*handler)(int argc, char **argv);
	/* After "ike OBJECT ": the verb and its arguments, BNF. */
	const char *usage;
};

/*
 * An object has verbs (@cmds), or is a command of its own (@handler with
 * @usage, after "ike OBJECT ", for `ike monitor`).
 */
struct ikt_object {
	const char *name;
	const struct ikt_cmd *cmds;	/* NULL-verb terminated */
	const char *default_verb;	/* `ike OBJECT` alone runs this */
	int (*handler)(int argc, char **argv);	/* without verbs */
	const char *usage;			/* without verbs */
	const char *where;		/* definitions of the usage's terms */
};

/*
 * The NAME of `ike conn VERB NAME` and nothing after it; prints why on
 * stderr and returns a negative errno otherwise.
 */
int ikt_conn_name_arg(const char *verb, int argc, char **argv, char *name);

int ikt_conn_add(int argc, char **argv);
int ikt_conn_del(int argc, char **argv);
int ikt_conn_show(int argc, char **argv);
int ikt_conn_up(int argc, char **argv);
int ikt_conn_down(int argc, char **argv);
int ikt_sa_show(int argc, char **argv);
int ikt_monitor(int argc, char **argv);
int ikt_stats_show(int argc, char **argv);

#endif /* _IKT_H */
