/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the long-running roles (client, relay, server) share: options,
 * logging to stderr or syslog, signals as a file descriptor, systemd
 * readiness, the monotonic clock and the generic netlink calls on the
 * device.
 */
#ifndef TEREDOCTL_DAEMON_H
#define TEREDOCTL_DAEMON_H

#include "conf.h"
#include "nl.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

struct role_opts {
	struct conf conf;	/* the config file, then the command line */
	bool daemonize;		/* --daemon: fork, log to syslog */
	bool syslog;		/* --syslog */
	const char *pidfile;	/* --pidfile */
};

/*
 * Parse a role's command line: the config file (-c FILE) first, then the
 * options, which override it, and DEV (client and relay). Returns 0, -1
 * after --help (exit 0), or the exit status after an error.
 */
int role_parse(struct role_opts *ro, enum role role, int argc, char **argv,
	       const char *usage);

/* Fork if asked, write the pid file, open syslog; 0 or -1. */
int daemon_start(struct role_opts *ro);
void daemon_stop(struct role_opts *ro);

/* 2001:0::/32, the Teredo prefix (TEREDO_PREFIX as an address). */
extern const struct in6_addr teredo_prefix;

void logmsg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A signalfd for TERM, INT, HUP and USR1 (blocked from now on). */
int signals_open(void);

/*
 * Poll @pfd, whose first entry is that signalfd, for up to @timeout ms
 * (-1: no limit). Returns the signal that arrived, 0 for none, -1 when
 * poll itself failed. SIGTERM and SIGINT mean stop.
 */
struct pollfd;
int role_poll(struct pollfd *pfd, unsigned int n, int timeout);
#define SIGNAL_STOPS(sig) ((sig) == SIGTERM || (sig) == SIGINT)

/* Tell systemd (NOTIFY_SOCKET), if it asked: "READY=1", "STATUS=...". */
void sd_notifyf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

uint64_t now_ms(void);

/* The device's genl request with IFINDEX; send with tnl_request. */
struct nl_msg *dev_msg(struct tnl *t, int ifindex);

/* Give the device's socket back (the roles' last genl call). */
void dev_detach(struct tnl *t, int ifindex);

/*
 * Datagrams a role reads from one socket per wakeup, at most: poll wakes
 * it again for the rest, after the signals and the other sockets had
 * their turn, so a flood cannot keep it from its timers or SIGTERM.
 */
#define READ_BUDGET	256

/* Drop what is queued on @fd (datagrams passed up), READ_BUDGET at most. */
unsigned int drain(int fd);

/* An IPv4 UDP socket bound to addr:port (network order); -1 on error. */
int udp_socket(uint32_t addr, uint16_t port);

/*
 * A client's or relay's tunnel socket: bound as the config says, in the
 * namespace SocketNetns names (the device's when unset), so that a
 * device in a container can talk through its host's network. Logs why
 * not and returns -1.
 */
int role_socket(const struct conf *cf);

#endif
