#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send a Router Solicitation to a Teredo server and say who answered.

  send-rs.py [--cone | --src LINK-LOCAL] [--auth ID SECRET] [--repeat N]
             [--nonce HEX] [--sport PORT] [--bad-checksum] [--dump] SERVER

Prints "ADDR PORT ra" when a Router Advertisement comes back (ADDR and
PORT are where it came from), "ADDR PORT other" for anything else;
exits 1 when nothing comes within 5 s. --cone sends it from Miredo's
cone address, --src from any other. --auth makes it an authenticated RS
(secure qualification) and adds " auth-ok" or " auth-bad" to the line:
whether the RA carries ID and a value that SECRET gives. --repeat sends
the very same datagram N times (a replay), a line for each, "none" for
an RS that got no answer within 3 s; the exit status is the first one's.
--nonce and --sport fix what is otherwise random, --bad-checksum spoils
the RS's ICMPv6 checksum, and --dump adds the answer in hex to its line.
"""
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testnet  # noqa: E402


def option(args, name, n):
    if name not in args:
        return None
    i = args.index(name)
    values = args[i + 1:i + 1 + n]
    del args[i:i + 1 + n]
    return values


args = sys.argv[1:]
src = None
if "--cone" in args:
    args.remove("--cone")
    src = "fe80::8000:5445:5245:444f"
src = (option(args, "--src", 1) or [src])[0]
auth = option(args, "--auth", 2)
if auth:
    auth = (auth[0].encode(), auth[1].encode())
repeat = int((option(args, "--repeat", 1) or ["1"])[0])
nonce = option(args, "--nonce", 1)
nonce = bytes.fromhex(nonce[0]) if nonce else os.urandom(8)
sport = int((option(args, "--sport", 1) or ["0"])[0])
bad_checksum = "--bad-checksum" in args
if bad_checksum:
    args.remove("--bad-checksum")
dump = "--dump" in args
if dump:
    args.remove("--dump")
server = args[0]
rs = bytearray(testnet.router_solicitation(nonce, src=src, auth=auth))
if bad_checksum:
    rs[-5] ^= 0xff	# the checksum's second byte: the RS ends 4 bytes after it
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", sport))
s.settimeout(5 if repeat == 1 else 3)
first = None
for _ in range(repeat):
    s.sendto(rs, (server, 3544))
    try:
        data, (addr, port) = s.recvfrom(2048)
    except socket.timeout:
        print("none")
        first = 1 if first is None else first
        continue
    first = 0 if first is None else first
    idl = data[2] if data[:2] == b"\x00\x01" else 0
    aul = data[3] if data[:2] == b"\x00\x01" else 0
    # auth header (13 + ID + value) + origin indication (8) + IPv6 header
    # (40): the type.
    off = 13 + idl + aul + 8 + 40
    line = "%s %d %s" % (addr, port, "ra" if len(data) > off and data[off] == 134 else "other")
    if auth:
        value = data[4 + idl:4 + idl + aul]
        want = testnet.auth_value(auth[0], auth[1], data[4 + idl + aul:12 + idl + aul],
                                  data[13 + idl + aul:])
        ok = data[4:4 + idl] == auth[0] and value == want
        line += " auth-ok" if ok else " auth-bad"
    if dump:
        line += " " + data.hex()
    print(line, flush=True)
sys.exit(first)
