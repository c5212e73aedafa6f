#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Qualify a teredo device against a real Teredo server, for the tests.

  teredo-qualify.py [--inbound-open] [--relay] [--bind ADDR] DEV SERVER DIR

Client (default): binds a UDP socket, sends a Router Solicitation with an
authentication nonce to SERVER:3544 (RFC 4380 5.2.1), checks the Router
Advertisement echoes the nonce and carries an origin indication, builds
the Teredo address from the mapping it names (random flag bits, RFC 5991)
and pushes socket, server, mapping and address to DEV with teredoctl.
--relay: attaches the socket to DEV in relay mode, no qualification.
--bind: the socket's local address (default any).

Writes DIR/address and DIR/mapping ("ADDR PORT"), then holds the socket,
counting what reaches it in DIR/received, until SIGTERM. DIR/error says
why it gave up. The daemon (teredoctl client) will do this in C.
"""
import argparse
import os
import random
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testnet  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--inbound-open", action="store_true")
p.add_argument("--relay", action="store_true")
p.add_argument("--bind", default="0.0.0.0")
p.add_argument("dev")
p.add_argument("server")
p.add_argument("dir")
a = p.parse_args()


def fail(why):
    with open(os.path.join(a.dir, "error"), "w") as f:
        f.write(why + "\n")
    sys.exit(1)


def teredoctl(*args):
    r = subprocess.run(["teredoctl"] + list(args), pass_fds=[s.fileno()],
                       capture_output=True, text=True)
    if r.returncode:
        fail("teredoctl %s: %s" % (" ".join(args), r.stdout + r.stderr))


s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((a.bind, 0))
if a.relay:
    teredoctl("dev", a.dev, "attach", str(s.fileno()))
    teredoctl("dev", a.dev, "set", "mode", "relay")
else:
    s.settimeout(2)
    mapping = None
    for _ in range(3):
        nonce = os.urandom(8)
        s.sendto(testnet.router_solicitation(nonce), (a.server, 3544))
        try:
            while mapping is None:
                data, src = s.recvfrom(2048)
                if src == (a.server, 3544):
                    mapping = testnet.ra_mapping(data, nonce)
        except socket.timeout:
            continue
        break
    if mapping is None:
        fail("no valid Router Advertisement from %s" % a.server)
    s.settimeout(None)
    addr = testnet.teredo_address(a.server, *mapping,
                                  flags=random.getrandbits(16) & 0x3CFF)
    teredoctl("dev", a.dev, "attach", str(s.fileno()))
    teredoctl("dev", a.dev, "set", "server", a.server,
              "mapping", "%s:%d" % mapping, "address", str(addr),
              "qualified", "on", "inbound",
              "on" if a.inbound_open else "off")
    with open(os.path.join(a.dir, "mapping"), "w") as f:
        f.write("%s %d\n" % mapping)
    with open(os.path.join(a.dir, "address"), "w") as f:
        f.write(str(addr) + "\n")


testnet.hold(s, a.dir)
