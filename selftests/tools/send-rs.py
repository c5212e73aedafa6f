#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send one Router Solicitation to a Teredo server and say who answered.

  send-rs.py [--cone] SERVER

Prints "ADDR PORT ra" when a Router Advertisement comes back (ADDR and
PORT are where it came from), "ADDR PORT other" for anything else;
exits 1 when nothing comes within 5 s.
"""
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testnet  # noqa: E402

cone = "--cone" in sys.argv[1:]
server = [a for a in sys.argv[1:] if a != "--cone"][0]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(testnet.router_solicitation(os.urandom(8), cone), (server, 3544))
try:
    data, (addr, port) = s.recvfrom(2048)
except socket.timeout:
    sys.exit(1)
# auth header (13) + origin indication (8) + IPv6 header (40): the type.
print(addr, port, "ra" if len(data) > 61 and data[61] == 134 else "other")
