// SPDX-License-Identifier: GPL-2.0
#include "json.h"

#include <inttypes.h>

void json_init(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->count[0] = 0;
}

static void json_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_member(struct json *j, const char *key)
{
	if (j->count[j->depth]++)
		fputc(',', j->out);
	if (key) {
		json_quoted(j->out, key);
		fputc(':', j->out);
	}
}

static void json_open(struct json *j, const char *key, char c)
{
	json_member(j, key);
	fputc(c, j->out);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->count[++j->depth] = 0;
}

void json_open_object(struct json *j, const char *key)
{
	json_open(j, key, '{');
}

void json_open_array(struct json *j, const char *key)
{
	json_open(j, key, '[');
}

static void json_close(struct json *j, char c)
{
	fputc(c, j->out);
	if (j->depth > 0)
		j->depth--;
}

void json_close_object(struct json *j)
{
	json_close(j, '}');
}

void json_close_array(struct json *j)
{
	json_close(j, ']');
}

void json_string(struct json *j, const char *key, const char *value)
{
	json_member(j, key);
	json_quoted(j->out, value);
}

void json_u64(struct json *j, const char *key, uint64_t value)
{
	json_member(j, key);
	fprintf(j->out, "%" PRIu64, value);
}

void json_bool(struct json *j, const char *key, int value)
{
	json_member(j, key);
	fputs(value ? "true" : "false", j->out);
}

void json_null(struct json *j, const char *key)
{
	json_member(j, key);
	fputs("null", j->out);
}

void json_finish(struct json *j)
{
	fputc('\n', j->out);
	fflush(j->out);
}
