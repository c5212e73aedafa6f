#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made IPv4 protocol 41 packets (6in4), for filter tests.

  send-6in4.py OUTER_SRC OUTER_DST INNER_SRC INNER_DST [options]
    --tos N        outer IPv4 TOS byte (DSCP and ECN)
    --tclass N     inner IPv6 traffic class
    --inner-v4     carry an IPv4 packet instead of IPv6
    --count N      how many (default 1)

The inner packet is an ICMPv6 echo request. Sent from the current network
namespace through a raw socket, so the outer source may be anything.
Built by hand (no scapy): scapy takes seconds to start in a TCG guest.
"""
import argparse
import socket
import struct


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv6_echo(src, dst, tclass):
    s6 = socket.inet_pton(socket.AF_INET6, src)
    d6 = socket.inet_pton(socket.AF_INET6, dst)
    body = struct.pack("!HH", 0x64, 1) + b"kteredo-stf-test"
    icmp = struct.pack("!BBH", 128, 0, 0) + body
    pseudo = s6 + d6 + struct.pack("!I3xB", len(icmp), 58)
    icmp = struct.pack("!BBH", 128, 0, csum(pseudo + icmp)) + body
    first = (6 << 28) | (tclass << 20)
    return struct.pack("!IHBB", first, len(icmp), 58, 64) + s6 + d6 + icmp


def ipv4(src, dst, proto, tos, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, tos, 20 + len(payload), 0x1234, 0,
                      64, proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


p = argparse.ArgumentParser()
p.add_argument("osrc")
p.add_argument("odst")
p.add_argument("isrc")
p.add_argument("idst")
p.add_argument("--tos", type=lambda x: int(x, 0), default=0)
p.add_argument("--tclass", type=lambda x: int(x, 0), default=0)
p.add_argument("--inner-v4", action="store_true")
p.add_argument("--count", type=int, default=1)
a = p.parse_args()

if a.inner_v4:
    # Long enough to pass the tunnel layer's IPv6-header-sized pull.
    inner = ipv4("192.0.2.1", "192.0.2.2", 1, 0,
                 struct.pack("!BBHHH", 8, 0, 0, 1, 1) + bytes(40))
else:
    inner = ipv6_echo(a.isrc, a.idst, a.tclass)
pkt = ipv4(a.osrc, a.odst, 41, a.tos, inner)
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
for _ in range(a.count):
    s.sendto(pkt, (a.odst, 0))
