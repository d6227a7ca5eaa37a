// SPDX-License-Identifier: GPL-2.0
/*
 * Text or JSON output for `ike`; see print.h. The JSON writer is a small
 * stack of open containers, each remembering whether it already holds a
 * member, which is all that separators and pretty-printing need.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"

#define JSON_DEPTH_MAX	16


static struct {
	FILE *f;
	bool json;
	bool pretty;
	int depth;
	bool nonempty[JSON_DEPTH_MAX];	/* per open container */
	bool wrote;			/* anything at top level yet */
} pr;

void print_init_file(FILE *f, bool json, bool pretty)
{
	memset(&pr, 0, sizeof(pr));
	pr.f = f;
	pr.json = json;
	pr.pretty = pretty;
}

void print_init(bool json, bool pretty)
{
	print_init_file(stdout, json, pretty);
}

bool print_is_json(void)
{
	return pr.json;
}

int print_finish(void)
{
	if (pr.json && pr.wrote)
		fputc('\n', pr.f);
	pr.wrote = false;
	return fflush(pr.f) || ferror(pr.f) ? -1 : 0;
}

static void pr_putc(int c)
{
	fputc(c, pr.f);
}

static void json_indent(void)
{
	int i;

	if (!pr.pretty)
		return;
	pr_putc('\n');
	for (i = 0; i < pr.depth; i++)
		fputs("    ", pr.f);
}

/* Separator, indentation and "key": before a new member or element. */
static void json_member(const char *key)
{
	if (pr.depth > 0) {
		if (pr.nonempty[pr.depth - 1])
			pr_putc(',');
		pr.nonempty[pr.depth - 1] = true;
		json_indent();
	}
	pr.wrote = true;
	if (key) {
		fputs("\"", pr.f);
		fputs(key, pr.f);	/* keys are our own identifiers */
		fputs(pr.pretty ? "\": " : "\":", pr.f);
	}
}

static void json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	pr_putc('"');
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", pr.f);
			break;
		case '\\':
			fputs("\\\\", pr.f);
			break;
		case '\n':
			fputs("\\n", pr.f);
			break;
		case '\t':
			fputs("\\t", pr.f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(pr.f, "\\u%04x", *p);
			else
				pr_putc(*p);
		}
	}
	pr_putc('"');
}

static void json_open(const char *key, char c)
{
	/* Our documents are three levels deep: more is a bug here. */
	if (pr.depth >= JSON_DEPTH_MAX)
		abort();
	json_member(key);
	pr_putc(c);
	pr.nonempty[pr.depth++] = false;
}

static void json_close(char c)
{
	if (pr.depth <= 0)
		abort();
	if (pr.nonempty[--pr.depth])
		json_indent();
	pr_putc(c);
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
			fputs("null", pr.f);
	} else if ((t & PRINT_FP) && fmt && value) {
		fprintf(pr.f, fmt, value);
	}
}

void print_null(const char *key)
{
	if (pr.json) {
		json_member(key);
		fputs("null", pr.f);
	}
}

void print_nl(void)
{
	if (!pr.json)
		pr_putc('\n');
}

void print_u64(enum print_type t, const char *key, const char *fmt,
	       uint64_t value)
{
	if (pr.json) {
		if (!(t & PRINT_JSON))
			return;
		json_member(key);
		fprintf(pr.f, "%" PRIu64, value);
	} else if ((t & PRINT_FP) && fmt) {
		fprintf(pr.f, fmt, value);
	}
}

void print_bool(enum print_type t, const char *key, const char *fmt,
		bool value)
{
	if (pr.json) {
		if (!(t & PRINT_JSON))
			return;
		json_member(key);
		fputs(value ? "true" : "false", pr.f);
	} else if ((t & PRINT_FP) && fmt && value) {
		fputs(fmt, pr.f);
	}
}
