#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hold a socket open, as the teredoctl daemon will, and report on it.

  udp-holder.py [--kind udp|udp6|tcp] [--no-bind] [--uid UID] [--encap-off]
                ADDR PORT DIR CMD...

Creates the socket (bound to ADDR:PORT unless --no-bind; owned by UID,
which the kernel keeps as the socket's owner, with --uid), runs CMD with
the socket's descriptor inherited ("{fd}" in CMD is replaced by its
number) and writes CMD's output and status to DIR/out and DIR/rc. Then
counts the datagrams that reach the socket in DIR/received, until
SIGTERM closes the socket and ends it. DIR/mc_loop has the socket's
IP_MULTICAST_LOOP once CMD is done. --encap-off then sets UDP_ENCAP to 0,
as a careless or hostile holder of a tunnel's descriptor may.
"""
import argparse
import os
import signal
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testnet  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--kind", default="udp")
p.add_argument("--no-bind", action="store_true")
p.add_argument("--uid", type=int)
p.add_argument("--encap-off", action="store_true")
p.add_argument("addr")
p.add_argument("port", type=int)
p.add_argument("dir")
p.add_argument("cmd", nargs=argparse.REMAINDER)
a = p.parse_args()

fam = socket.AF_INET6 if a.kind == "udp6" else socket.AF_INET
typ = socket.SOCK_STREAM if a.kind == "tcp" else socket.SOCK_DGRAM
if a.uid is not None:
    os.seteuid(a.uid)  # a socket's owner is who created it
s = socket.socket(fam, typ)
if a.uid is not None:
    os.seteuid(0)
if not a.no_bind:
    s.bind((a.addr, a.port))
cmd = [c.replace("{fd}", str(s.fileno())) for c in a.cmd]
r = subprocess.run(cmd, pass_fds=[s.fileno()], capture_output=True, text=True)
with open(os.path.join(a.dir, "out"), "w") as f:
    f.write(r.stdout + r.stderr)
if fam == socket.AF_INET and typ == socket.SOCK_DGRAM:
    with open(os.path.join(a.dir, "mc_loop"), "w") as f:
        f.write(str(s.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP)))
if a.encap_off:
    s.setsockopt(socket.IPPROTO_UDP, 100, 0)  # UDP_ENCAP
with open(os.path.join(a.dir, "rc"), "w") as f:
    f.write(str(r.returncode))


if typ != socket.SOCK_DGRAM:
    with open(os.path.join(a.dir, "received"), "w") as f:
        f.write("0")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.pause()
testnet.hold(s, a.dir)
