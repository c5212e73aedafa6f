// SPDX-License-Identifier: GPL-2.0
#include "nl.h"
#include "nl_policy.h"
#include "teredoctl.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/teredo.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* What a reply may carry; anything else fails parsing, loudly. */
int tnl_open(struct tnl *t)
{
	int one = 1;
	int err;

	memset(t, 0, sizeof(*t));
	t->sk = nl_socket_alloc();
	if (!t->sk) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return -1;
	}
	err = genl_connect(t->sk);
	if (err < 0) {
		fprintf(stderr, "%s: cannot open generic netlink socket: %s\n",
			progname, nl_geterror(err));
		goto fail;
	}
	/* Ask for the kernel's error messages; older kernels ignore this. */
	setsockopt(nl_socket_get_fd(t->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	t->family = genl_ctrl_resolve(t->sk, TEREDO_GENL_NAME);
	if (t->family < 0) {
		if (t->family == -NLE_OBJ_NOTFOUND)
			fprintf(stderr,
				"%s: the teredo kernel module is not loaded and could not be loaded (try: modprobe teredo)\n",
				progname);
		else
			fprintf(stderr, "%s: cannot resolve the %s netlink family: %s\n",
				progname, TEREDO_GENL_NAME, nl_geterror(t->family));
		goto fail;
	}
	return 0;
fail:
	nl_socket_free(t->sk);
	t->sk = NULL;
	return -1;
}

void tnl_close(struct tnl *t)
{
	nl_socket_free(t->sk);
	t->sk = NULL;
}

struct nl_msg *tnl_msg(struct tnl *t, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, t->family, 0,
			 flags, cmd, TEREDO_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct exchange {
	struct tnl *t;
	tnl_reply_fn fn;
	void *arg;
	int err;
	int done;
};

static int on_valid(struct nl_msg *msg, void *data)
{
	struct exchange *x = data;
	struct nlattr *tb[TEREDO_A_MAX + 1];
	int err;

	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, TEREDO_A_MAX, teredo_dev_policy);
	if (err < 0) {
		snprintf(x->t->extack, sizeof(x->t->extack),
			 "malformed reply from the kernel: %s", nl_geterror(err));
		x->err = -EPROTO;
		return NL_STOP;
	}
	if (x->fn) {
		err = x->fn(tb, x->arg);
		if (err < 0) {
			x->err = err;
			return NL_STOP;
		}
		if (err > 0) {		/* the callback has seen enough */
			x->done = 1;
			return NL_STOP;
		}
	}
	return NL_OK;
}

/*
 * Pull the kernel's extack message, if any, out of an error or out of a
 * dump's end: the attributes follow the first @off bytes of the payload.
 */
static void keep_extack(struct tnl *t, struct nlmsghdr *nlh, size_t off)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	int len = (int)nlmsg_datalen(nlh) - (int)off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlmsg_data(nlh) + off), len, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(t->extack, sizeof(t->extack), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *data)
{
	struct exchange *x = data;
	struct nlmsghdr *outer = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);

	size_t off = sizeof(*e);

	(void)nla;
	/* The request comes back in full unless the kernel capped it. */
	if (!(outer->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	keep_extack(x->t, outer, off);
	x->err = e->error;
	x->done = 1;
	return NL_STOP;
}

/*
 * The end of a dump carries its status: an error the kernel met in the
 * dump (no such device, say) comes here, with its message after it.
 */
static int on_done(struct nl_msg *msg, void *data)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct exchange *x = data;
	int status;

	x->done = 1;
	if (nlh->nlmsg_type != NLMSG_DONE || nlmsg_datalen(nlh) < (int)sizeof(status))
		return NL_STOP;
	memcpy(&status, nlmsg_data(nlh), sizeof(status));
	if (status >= 0)
		return NL_STOP;
	x->err = status;
	keep_extack(x->t, nlh, sizeof(status));
	return NL_STOP;
}

/*
 * Receive until the exchange ends or fails, then free @cb. A listener
 * (@overrun_ok) that falls behind loses notifications, not its place:
 * it says so and goes on.
 */
static int receive(struct tnl *t, struct nl_cb *cb, struct exchange *x,
		   bool overrun_ok)
{
	int err;

	while (!x->done && !x->err) {
		err = nl_recvmsgs(t->sk, cb);
		if (err == -NLE_NOMEM && overrun_ok) {
			fprintf(stderr, "%s: events lost: receive buffer overrun\n",
				progname);
			continue;
		}
		if (err < 0 && !x->err) {
			snprintf(t->extack, sizeof(t->extack), "%s",
				 nl_geterror(err));
			x->err = -EIO;
		}
	}
	nl_cb_put(cb);
	return x->err;
}

int tnl_request(struct tnl *t, struct nl_msg *msg, tnl_reply_fn fn, void *arg)
{
	struct exchange x = { .t = t, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int err;

	t->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, &x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &x);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &x);

	/* Always ask for an ACK so that a "do" has a clear end too. */
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK;
	err = nl_send_auto(t->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		nl_cb_put(cb);
		return -EIO;
	}
	return receive(t, cb, &x, false);
}

static int no_seq_check(struct nl_msg *msg, void *data)
{
	(void)msg;
	(void)data;
	return NL_OK;
}

int tnl_listen(struct tnl *t, const char *group, tnl_reply_fn fn, void *arg)
{
	struct exchange x = { .t = t, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int grp, err;

	t->extack[0] = '\0';
	grp = genl_ctrl_resolve_grp(t->sk, TEREDO_GENL_NAME, group);
	if (grp < 0) {
		snprintf(t->extack, sizeof(t->extack),
			 "no multicast group %s: %s", group, nl_geterror(grp));
		return -ENOENT;
	}
	err = nl_socket_add_membership(t->sk, grp);
	if (err < 0) {
		snprintf(t->extack, sizeof(t->extack), "%s", nl_geterror(err));
		return -EIO;
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	/* Notifications carry no sequence number of ours. */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &x);
	/* Room for bursts (a flood evicts thousands of peers a second). */
	nl_socket_set_buffer_size(t->sk, 4 << 20, 0);
	return receive(t, cb, &x, true);
}

void tnl_perror(const struct tnl *t, const char *what, int err)
{
	const char *reason = strerror(-err);

	if (err == -EPERM)
		reason = "permission denied (CAP_NET_ADMIN is required)";
	if (t->extack[0])
		fprintf(stderr, "%s: %s: %s\n", progname, what, t->extack);
	else
		fprintf(stderr, "%s: %s: %s\n", progname, what, reason);
}
