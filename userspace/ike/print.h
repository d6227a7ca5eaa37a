/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one output path of `ike` (modelled on iproute2's json_print): each
 * value is printed once, with a JSON key and a text format; the printer
 * emits whichever of the two the user asked for (-j or not). Objects and
 * arrays exist in JSON only; text layout (newlines, indentation) comes from
 * PRINT_FP calls, which JSON ignores.
 *
 * State is process-global: the tool prints one document per run, to stdout
 * (or to the file print_init_file() names: the tests' memory streams), or,
 * for `ike monitor`, one document per line, each ended by print_finish().
 */
#ifndef _IKT_PRINT_H
#define _IKT_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum print_type {
	PRINT_FP = 1,		/* text output only */
	PRINT_JSON = 2,		/* JSON output only */
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

void print_init(bool json, bool pretty);
void print_init_file(FILE *f, bool json, bool pretty);
bool print_is_json(void);
/*
 * Ends the document: closes nothing, but ends the JSON line and flushes,
 * so that the next top-level value starts a new document on a new line.
 * Returns -1 if the output could not be written.
 */
int print_finish(void);

/* @key is NULL inside an array and for the top-level value. */
void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);

/*
 * Text: printf(@fmt, @value) unless @fmt is NULL. JSON: "key": value.
 * A NULL @value is JSON null (and prints nothing as text).
 */
void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *value);
void print_null(const char *key);
/* Text: printf(@fmt, @value) (@fmt takes a PRIu64). JSON: a number. */
void print_u64(enum print_type t, const char *key, const char *fmt,
	       uint64_t value);
/* Text: @fmt as it is, only when @value is true. JSON: true or false. */
void print_bool(enum print_type t, const char *key, const char *fmt,
		bool value);
/* Text only: newline. */
void print_nl(void);

#endif /* _IKT_PRINT_H */
