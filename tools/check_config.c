// SPDX-License-Identifier: GPL-2.0
/*
 * teredoctl check-config FILE: read a miredo.conf-style file as the
 * roles would, and say what it describes or, with the line number, why
 * it is wrong. Exit 0 when valid, 1 when not, 2 for a usage error.
 */
#include "conf.h"
#include "teredoctl.h"

#include <arpa/inet.h>
#include <stdio.h>

int cmd_check_config(struct options *opt, int argc, char **argv)
{
	char err[512], a[INET_ADDRSTRLEN];
	struct conf c;
	int i;

	i = parse_common_options(opt, argc, argv);
	if (i <= 0)
		return i ? 2 : 0;
	if (argc - i != 1) {
		fprintf(stderr, "%s: usage: check-config FILE\n", progname);
		return 2;
	}
	conf_init(&c);
	if (conf_read(argv[i], &c, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return 1;
	}
	if (conf_check_role(&c, err, sizeof(err))) {
		fprintf(stderr, "%s: %s: %s\n", progname, argv[i], err);
		return 1;
	}
	printf("%s: valid: %s", argv[i], role_name(c.role));
	if (c.role == ROLE_CLIENT)
		printf(", server %s", c.server);
	if (c.role == ROLE_SERVER)
		printf(", bound to %s", inet_ntop(AF_INET, &c.server_bind, a, sizeof(a)));
	if (c.role != ROLE_SERVER || c.ifname[0])
		printf(", interface %s", c.ifname[0] ? c.ifname : "teredo");
	if (c.discovery > 0)
		printf(", local discovery");
	if (c.discovery_ifaces[0])
		printf(" on links matching '%s'", c.discovery_ifaces);
	if (c.discovery_mask)
		printf(", peers' NATs under netmask %s",
		       inet_ntop(AF_INET, &c.discovery_mask, a, sizeof(a)));
	if (c.socket_netns[0])
		printf(", socket in namespace %s", c.socket_netns);
	if (c.cone_probe > 0)
		printf(", cone test");
	if (c.relay_route == 0)
		printf(", no route of its own");
	if (c.load_reduction == 0)
		printf(", no server load reduction");
	if (c.upnp > 0)
		printf(", UPnP (search %u ms, lease %u s)",
		       conf_upnp_timeout(&c), conf_upnp_lease(&c));
	if (c.auth_id[0])
		printf(", secure qualification as '%s' (secret in %s)", c.auth_id,
		       c.auth_secret);
	if (c.auth_keys[0])
		printf(", secure qualification only (keys in %s)", c.auth_keys);
	printf("\n");
	return 0;
}
