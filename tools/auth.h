/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Secure qualification's secrets (RFC 4380 5.1.1, 5.2.1): the client's
 * one key, the server's key per client identifier, both read from files
 * only their owner can read, and the server's memory of the nonces it
 * took, so that a recorded Router Solicitation cannot be played again.
 */
#ifndef TEREDOCTL_AUTH_H
#define TEREDOCTL_AUTH_H

#include "qualify_msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUTH_KEY_MAX	256	/* bytes of one secret */
#define AUTH_KEYS_MAX	65536	/* clients in one keys file */

/* A secret file's whole content, one trailing newline dropped. */
struct auth_secret {
	uint8_t key[AUTH_KEY_MAX];
	size_t len;
};

/*
 * Read @path: a regular file that only its owner (root or us) may read
 * or write, holding 1 to AUTH_KEY_MAX bytes. -1 with "PATH: why" in @err.
 */
int auth_secret_read(const char *path, struct auth_secret *s, char *err,
		     size_t errlen);

/* The server's keys: "IDENTIFIER SECRET" lines, sorted for lookup. */
struct auth_keys {
	struct auth_key {
		uint8_t id_len;
		char id[TEREDO_AUTH_ID_MAX + 1];
		uint16_t key_len;
		uint8_t key[AUTH_KEY_MAX];
	} *v;
	size_t n, cap;
};

/*
 * Read a keys file (the same ownership and mode checks; '#' comments,
 * blank lines; an identifier given twice is an error naming its line).
 */
int auth_keys_read(const char *path, struct auth_keys *k, char *err,
		   size_t errlen);
void auth_keys_free(struct auth_keys *k);

/* @id's key as a struct teredo_auth; false when it has none. */
bool auth_keys_find(const struct auth_keys *k, const uint8_t *id,
		    uint8_t id_len, struct teredo_auth *out);

/*
 * The nonces of Router Solicitations taken in the last AUTH_REPLAY_S
 * seconds, AUTH_REPLAY_SLOTS of them at most (the oldest of a full
 * bucket makes room): a nonce of an identifier seen again within that
 * time is a replay.
 */
#define AUTH_REPLAY_S		120
#define AUTH_REPLAY_SLOTS	65536
#define AUTH_REPLAY_WAYS	8

struct auth_replay {
	struct auth_seen {
		uint64_t tag;		/* hash of identifier and nonce, 0: free */
		uint64_t at_ms;
	} *slot;
	uint64_t salt;			/* random: an attacker cannot aim at a bucket */
};

int auth_replay_init(struct auth_replay *r);
void auth_replay_free(struct auth_replay *r);

/* Remember @rs's (identifier, nonce) at @now_ms; false if it was seen. */
bool auth_replay_fresh(struct auth_replay *r, const struct teredo_rs *rs,
		       uint64_t now_ms);

#endif
