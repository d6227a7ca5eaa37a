// SPDX-License-Identifier: GPL-2.0
/*
 * Text or JSON output for `ike`; see print.h. The JSON writer is a small
 * stack of open containers, each remembering whether it already holds a
 * member, which is all that separators and pretty-printing need.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"

#define JSON_DEPTH_MAX	16

static struct {
	bool json;
	bool pretty;
	int depth;
	bool nonempty[JSON_DEPTH_MAX];	/* per open container */
	bool wrote;			/* anything at top level yet */
} pr;

void print_init(bool json, bool pretty)
{
	memset(&pr, 0, sizeof(pr));
	pr.json = json;
	pr.pretty = pretty;
}

int print_finish(void)
{
	if (pr.json && pr.wrote)
		putchar('\n');
	return fflush(stdout) ? -1 : 0;
}

static void json_indent(void)
{
	int i;

	if (!pr.pretty)
		return;
	putchar('\n');
	for (i = 0; i < pr.depth; i++)
		fputs("    ", stdout);
}

/* Separator, indentation and "key": before a new member or element. */
static void json_member(const char *key)
{
	if (pr.depth > 0) {
		if (pr.nonempty[pr.depth - 1])
			putchar(',');
		pr.nonempty[pr.depth - 1] = true;
		json_indent();
	}
	pr.wrote = true;
	if (key) {
		fputs("\"", stdout);
		fputs(key, stdout);	/* keys are our own identifiers */
		fputs(pr.pretty ? "\": " : "\":", stdout);
	}
}

static void json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
	}
	putchar('"');
}

static void json_open(const char *key, char c)
{
	/* Our documents are three levels deep: more is a bug here. */
	if (pr.depth >= JSON_DEPTH_MAX)
		abort();
	json_member(key);
	putchar(c);
	pr.nonempty[pr.depth++] = false;
}

static void json_close(char c)
{
	if (pr.depth <= 0)
		abort();
	if (pr.nonempty[--pr.depth])
		json_indent();
	putchar(c);
}

void print_open_object(const char *key)
{
	if (pr.json)
		json_open(key, '{');
}

void print_close_object(void)
{
	if (pr.json)
		json_close('}');
}

void print_open_array(const char *key)
{
	if (pr.json)
		json_open(key, '[');
}

void print_close_array(void)
{
	if (pr.json)
		json_close(']');
}

void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *value)
{
	if (pr.json) {
		if (!(t & PRINT_JSON))
			return;
		json_member(key);
		if (value)
			json_string(value);
		else
			fputs("null", stdout);
	} else if ((t & PRINT_FP) && fmt && value) {
		printf(fmt, value);
	}
}

void print_null(const char *key)
{
	if (pr.json) {
		json_member(key);
		fputs("null", stdout);
	}
}

void print_nl(void)
{
	if (!pr.json)
		putchar('\n');
}
