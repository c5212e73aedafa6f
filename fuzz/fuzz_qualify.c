// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: tools/qualify_msg.c, what the client makes of any
 * datagram from "its server" and what the server makes of any
 * solicitation. An RS the server accepts must give an RA that a client
 * holding that nonce accepts, with the mapping the server put in; with
 * a key, one that the client holding the key accepts too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tools/qualify_msg.h"

static const uint8_t nonce[TEREDO_NONCE_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const struct teredo_auth key = {
	.id = (const uint8_t *)"client", .id_len = 6,
	.key = (const uint8_t *)"secret", .key_len = 6,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[TEREDO_QMSG_MAX];
	struct teredo_ra ra;
	struct teredo_rs rs;
	size_t len;

	if (teredo_ra_parse(data, size, nonce, 0xc633640a, NULL, &ra) == TEREDO_QMSG_OK &&
	    (ra.server != 0xc633640a || (ra.mtu && ra.mtu < TEREDO_MTU)))
		abort();
	(void)teredo_ra_parse(data, size, nonce, 0xc633640a, &key, &ra);
	if (teredo_rs_parse(data, size, &rs) == TEREDO_QMSG_OK) {
		(void)teredo_qmsg_auth_ok(data, size, &rs, &key);
		for (int keyed = 0; keyed < 2; keyed++) {
			const struct teredo_auth *a = keyed ? &key : NULL;

			len = teredo_ra_build(out, &rs, 0xc6336415, 40000, 0xc633640a, a);
			if (len > sizeof(out))
				abort();
			if (rs.has_auth &&
			    (teredo_ra_parse(out, len, rs.nonce, 0xc633640a, a, &ra) != TEREDO_QMSG_OK ||
			     ra.mapped_addr != 0xc6336415 || ra.mapped_port != 40000))
				abort();
		}
	}
	return 0;
}
