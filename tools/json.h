/* SPDX-License-Identifier: GPL-2.0 */
/* A small streaming JSON writer for -j output. */
#ifndef TEREDOCTL_JSON_H
#define TEREDOCTL_JSON_H

#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;
	int count[JSON_MAX_DEPTH];	/* members written at each level */
};

void json_init(struct json *j, FILE *out);
/* A NULL key means an array element or the top-level value. */
void json_open_object(struct json *j, const char *key);
void json_close_object(struct json *j);
void json_open_array(struct json *j, const char *key);
void json_close_array(struct json *j);
void json_string(struct json *j, const char *key, const char *value);
void json_u64(struct json *j, const char *key, uint64_t value);
void json_bool(struct json *j, const char *key, int value);
void json_null(struct json *j, const char *key);
/* Ends the document with a newline. */
void json_finish(struct json *j);

#endif
