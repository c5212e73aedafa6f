#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send one Router Solicitation to a Teredo server and say who answered.

  send-rs.py [--cone | --src LINK-LOCAL] SERVER

Prints "ADDR PORT ra" when a Router Advertisement comes back (ADDR and
PORT are where it came from), "ADDR PORT other" for anything else;
exits 1 when nothing comes within 5 s. --cone sends it from Miredo's
cone address, --src from any other.
"""
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testnet  # noqa: E402

args = sys.argv[1:]
src = None
if "--cone" in args:
    args.remove("--cone")
    src = "fe80::8000:5445:5245:444f"
if "--src" in args:
    i = args.index("--src")
    src = args[i + 1]
    del args[i:i + 2]
server = args[0]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(testnet.router_solicitation(os.urandom(8), src=src), (server, 3544))
try:
    data, (addr, port) = s.recvfrom(2048)
except socket.timeout:
    sys.exit(1)
# auth header (13) + origin indication (8) + IPv6 header (40): the type.
print(addr, port, "ra" if len(data) > 61 and data[61] == 134 else "other")
