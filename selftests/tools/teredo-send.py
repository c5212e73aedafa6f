#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send one hand-made Teredo datagram, with any outer source, for the tests.

  teredo-send.py --to A --dport P --sport P --src IPV6 --dst IPV6
                 (--echo | --bubble) [--origin A:P] [--from-server]
                 [--auth] [--truncate N] [--trailer HEX] [--server A]
                 [--count N] [--senders N]

Outer IPv4/UDP built by hand on a raw socket (so the source can be
anything: --from-server makes it the server's address and port 3544);
the outer source is otherwise the local --to address. --origin adds an
origin indication, --auth an authentication header, --truncate cuts N
bytes off the end (the IPv6 length then lies), --trailer puts bytes
after the IPv6 packet (RFC 6081 trailers, or anything). --senders N
sends it as N peers: the Kth copy's Teredo source (and origin) names a
port K higher.
"""
import argparse
import ipaddress
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import testnet  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--to", required=True)
p.add_argument("--dport", type=int, required=True)
p.add_argument("--sport", type=int, required=True)
p.add_argument("--src", required=True)
p.add_argument("--dst", required=True)
p.add_argument("--echo", action="store_true")
p.add_argument("--bubble", action="store_true")
p.add_argument("--origin")
p.add_argument("--from-server", action="store_true")
p.add_argument("--server", default="198.51.100.10")
p.add_argument("--auth", action="store_true")
p.add_argument("--truncate", type=int, default=0)
p.add_argument("--trailer", type=bytes.fromhex, default=b"")
p.add_argument("--count", type=int, default=1, help="copies, sent at once")
p.add_argument("--senders", type=int, default=1, help="as this many peers")
a = p.parse_args()


def datagram(k):
    """The datagram as the Kth sender sends it: its port K higher."""
    src = bytearray(ipaddress.IPv6Address(a.src).packed)
    port = (struct.unpack_from("!H", src, 10)[0] ^ 0xFFFF) + k
    struct.pack_into("!H", src, 10, (port & 0xFFFF) ^ 0xFFFF)
    src6, dst6 = bytes(src), ipaddress.IPv6Address(a.dst).packed
    if a.bubble:
        payload, nh = b"", 59
    else:
        payload, nh = testnet.echo_request(src6, dst6, 0x1234, os.urandom(16)), 58
    teredo = testnet.ipv6_packet(src6, dst6, nh, payload) + a.trailer
    if a.origin:
        oa, op = a.origin.rsplit(":", 1)
        teredo = struct.pack("!HHI", 0, ((int(op) + k) & 0xFFFF) ^ 0xFFFF,
                             int(ipaddress.IPv4Address(oa)) ^ 0xFFFFFFFF) + teredo
    if a.auth:
        teredo = b"\x00\x01\x00\x00" + os.urandom(8) + b"\x00" + teredo
    if a.truncate:
        teredo = teredo[:-a.truncate]

    saddr = a.server if a.from_server else a.to
    sport = 3544 if a.from_server else a.sport
    s4 = ipaddress.IPv4Address(saddr).packed
    d4 = ipaddress.IPv4Address(a.to).packed
    udp = bytearray(struct.pack("!HHHH", sport, a.dport, 8 + len(teredo), 0) + teredo)
    c = testnet.checksum(s4 + d4 + struct.pack("!BBH", 0, 17, len(udp)) + bytes(udp)) or 0xFFFF
    struct.pack_into("!H", udp, 6, c)
    ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64,
                               17, 0, s4, d4))
    struct.pack_into("!H", ip, 10, testnet.checksum(bytes(ip)))
    return bytes(ip) + bytes(udp)


s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
for k in range(a.senders):
    d = datagram(k)
    for _ in range(a.count):
        s.sendto(d, (a.to, 0))
