// SPDX-License-Identifier: GPL-2.0
/*
 * Secure qualification's secrets: files checked the way ssh checks its
 * keys (a secret anyone else can read is no secret: refuse to start),
 * the server's per-client keys, and its memory of nonces.
 */
#include "auth.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* Open @path for reading if it is a file only its owner can use. */
static FILE *open_private(const char *path, char *err, size_t errlen)
{
	struct stat st;
	FILE *f;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto fail;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen,
			 "%s: mode %04o lets others read or change the secret: chmod 600 it",
			 path, (unsigned int)(st.st_mode & 07777));
		goto fail;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(err, errlen, "%s: owned by uid %u, neither root nor us",
			 path, (unsigned int)st.st_uid);
		goto fail;
	}
	f = fdopen(fd, "r");
	if (f)
		return f;
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
fail:
	close(fd);
	return NULL;
}

int auth_secret_read(const char *path, struct auth_secret *s, char *err,
		     size_t errlen)
{
	FILE *f = open_private(path, err, errlen);
	size_t n;

	if (!f)
		return -1;
	n = fread(s->key, 1, sizeof(s->key), f);
	if (ferror(f) || fgetc(f) != EOF) {
		snprintf(err, errlen, "%s: %s", path, ferror(f) ? "read error" :
			 "longer than 256 bytes");
		fclose(f);
		return -1;
	}
	fclose(f);
	if (n && s->key[n - 1] == '\n')
		n--;
	if (!n) {
		snprintf(err, errlen, "%s: empty", path);
		return -1;
	}
	s->len = n;
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	const struct auth_key *x = a, *y = b;

	if (x->id_len != y->id_len)
		return x->id_len - y->id_len;
	return memcmp(x->id, y->id, x->id_len);
}

/* One "IDENTIFIER SECRET" line into @k; NULL or why it is wrong. */
static const char *keys_line(struct auth_keys *k, char *line)
{
	char *id = strtok(line, " \t\r\n"), *secret, *more;
	struct auth_key *e;
	size_t idl, sl;

	if (!id)
		return NULL;
	secret = strtok(NULL, " \t\r\n");
	more = strtok(NULL, " \t\r\n");
	if (!secret || more)
		return "is not \"IDENTIFIER SECRET\"";
	idl = strlen(id);
	sl = strlen(secret);
	if (idl > TEREDO_AUTH_ID_MAX || sl > AUTH_KEY_MAX)
		return "has an identifier over 255 or a secret over 256 bytes";
	if (k->n == AUTH_KEYS_MAX)
		return "is one client too many (65536 at most)";
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 16;
		void *v = realloc(k->v, cap * sizeof(*k->v));

		if (!v)
			return "is one too many: out of memory";
		k->v = v;
		k->cap = cap;
	}
	e = &k->v[k->n++];
	memset(e, 0, sizeof(*e));
	e->id_len = (uint8_t)idl;
	memcpy(e->id, id, idl);
	e->key_len = (uint16_t)sl;
	memcpy(e->key, secret, sl);
	return NULL;
}

int auth_keys_read(const char *path, struct auth_keys *k, char *err,
		   size_t errlen)
{
	FILE *f = open_private(path, err, errlen);
	unsigned int lineno = 0;
	char line[1024];

	memset(k, 0, sizeof(*k));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#');
		const char *why;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", path, lineno);
			goto fail;
		}
		if (hash)
			*hash = '\0';
		why = keys_line(k, line);
		if (why) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			goto fail;
		}
	}
	if (ferror(f) || !k->n) {
		snprintf(err, errlen, "%s: %s", path, ferror(f) ? "read error" :
			 "no \"IDENTIFIER SECRET\" line");
		goto fail;
	}
	fclose(f);
	qsort(k->v, k->n, sizeof(*k->v), key_cmp);
	for (size_t i = 1; i < k->n; i++)
		if (!key_cmp(&k->v[i - 1], &k->v[i])) {
			snprintf(err, errlen, "%s: client '%s' is listed twice",
				 path, k->v[i].id);
			auth_keys_free(k);
			return -1;
		}
	return 0;
fail:
	fclose(f);
	auth_keys_free(k);
	return -1;
}

void auth_keys_free(struct auth_keys *k)
{
	if (k->v)
		memset(k->v, 0, k->n * sizeof(*k->v));	/* no secrets left in freed memory */
	free(k->v);
	k->v = NULL;
	k->n = k->cap = 0;
}

bool auth_keys_find(const struct auth_keys *k, const uint8_t *id,
		    uint8_t id_len, struct teredo_auth *out)
{
	struct auth_key want = { .id_len = id_len };
	const struct auth_key *e;

	memcpy(want.id, id, id_len);
	e = bsearch(&want, k->v, k->n, sizeof(*k->v), key_cmp);
	if (!e)
		return false;
	*out = (struct teredo_auth){
		.id = (const uint8_t *)e->id, .id_len = e->id_len,
		.key = e->key, .key_len = e->key_len,
	};
	return true;
}

int auth_replay_init(struct auth_replay *r)
{
	r->slot = calloc(AUTH_REPLAY_SLOTS, sizeof(*r->slot));
	if (!r->slot)
		return -1;
	if (getrandom(&r->salt, sizeof(r->salt), 0) != sizeof(r->salt))
		r->salt = (uint64_t)random() << 32 | (uint64_t)random();
	return 0;
}

void auth_replay_free(struct auth_replay *r)
{
	free(r->slot);
	r->slot = NULL;
}

/* FNV-1a over the salt, identifier and nonce; never 0 (a free slot). */
static uint64_t replay_tag(const struct auth_replay *r, const struct teredo_rs *rs)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ r->salt;

	for (unsigned int i = 0; i < rs->id_len; i++)
		h = (h ^ rs->id[i]) * 0x100000001b3ULL;
	for (unsigned int i = 0; i < TEREDO_NONCE_LEN; i++)
		h = (h ^ rs->nonce[i]) * 0x100000001b3ULL;
	return h ?: 1;
}

bool auth_replay_fresh(struct auth_replay *r, const struct teredo_rs *rs,
		       uint64_t now_ms)
{
	uint64_t tag = replay_tag(r, rs);
	struct auth_seen *bucket, *free_slot = NULL, *oldest = NULL, *s;

	bucket = &r->slot[(tag >> 32) % (AUTH_REPLAY_SLOTS / AUTH_REPLAY_WAYS) *
			  AUTH_REPLAY_WAYS];
	for (s = bucket; s < bucket + AUTH_REPLAY_WAYS; s++) {
		bool live = s->tag && now_ms - s->at_ms < AUTH_REPLAY_S * 1000ULL;

		if (live && s->tag == tag)
			return false;
		if (!live && !free_slot)
			free_slot = s;
		else if (live && (!oldest || s->at_ms < oldest->at_ms))
			oldest = s;
	}
	s = free_slot ?: oldest;
	s->tag = tag;
	s->at_ms = now_ms;
	return true;
}
