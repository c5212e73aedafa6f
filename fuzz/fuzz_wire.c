// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: include/teredo/wire.h, the parser teredo.ko runs on
 * every datagram. Besides "no crash, no over-read" (ASan), what it says
 * must hold: the IPv6 packet it finds lies inside the datagram, starts
 * with version 6 and its length matches, trailers fill the rest; a
 * Teredo address read back builds the same address. The server's
 * forwarding rules (include/teredo/server.h), run on every packet the
 * parser takes, only send to a usable mapping of a client of its own.
 * The trailer readers stay inside the trailers and give only what they
 * may: a known discovery type, usable alternate addresses.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <teredo/server.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct teredo_addr_info info;
	struct teredo_hdrs h;
	uint8_t a[16];

	if (teredo_parse_datagram(data, size, &h) == TEREDO_PARSE_OK) {
		if ((size_t)h.ipv6_off + h.ipv6_len + h.trailer_len != size ||
		    h.ipv6_len < TEREDO_IPV6_HLEN ||
		    data[h.ipv6_off] >> 4 != 6 ||
		    TEREDO_IPV6_HLEN + (size_t)(data[h.ipv6_off + 4] << 8 |
						data[h.ipv6_off + 5]) != h.ipv6_len ||
		    (h.has_auth && h.auth_off != 0))
			abort();
		const uint8_t *t = data + h.ipv6_off + h.ipv6_len;
		struct teredo_alt alt[TEREDO_ALT_MAX];
		enum teredo_nd_type nd = teredo_trailer_nd(t, h.trailer_len);
		unsigned int n = teredo_trailer_alts(t, h.trailer_len, alt,
						     TEREDO_ALT_MAX);

		if (nd < TEREDO_ND_NONE || nd > TEREDO_ND_ADVERT ||
		    n > TEREDO_ALT_MAX)
			abort();
		while (n--)
			if (!alt[n].port || !teredo_ipv4_unicast(alt[n].addr))
				abort();
		/* Whoever sent it: the server 192.0.2.1 at 198.51.100.1:4000. */
		if (teredo_server_classify(data + h.ipv6_off, &h, 0xc6336401,
					   4000, 0xc0000201, &info) ==
		    TEREDO_SERVER_TO_CLIENT &&
		    (info.server != 0xc0000201 || !teredo_mapping_usable(&info)))
			abort();
	}
	if (size >= 16 && teredo_addr_parse(data, &info)) {
		teredo_addr_build(&info, a);
		if (memcmp(a, data, 16))
			abort();
	}
	return 0;
}
