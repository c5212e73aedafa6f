#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made IPv4 protocol 41 packets (6in4), for filter tests.

  send-6in4.py OUTER_SRC OUTER_DST INNER_SRC INNER_DST [options]
    --tos N        outer IPv4 TOS byte (DSCP and ECN)
    --tclass N     inner IPv6 traffic class
    --inner-v4     carry an IPv4 packet instead of IPv6
    --count N      how many (default 1)
    --nd TYPE      a Neighbor Discovery message of TYPE (133 RS, 134 RA,
                   135 NS, 136 NA), hop limit 255, instead of the echo
    --pio PREFIX   with --nd 134: a Prefix Information option, /64,
                   on-link and autonomous

The inner packet is an ICMPv6 echo request unless --nd says otherwise. Sent from the current network
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


def ipv6_icmp(src, dst, tclass, icmp_type, body, hop_limit=64):
    s6 = socket.inet_pton(socket.AF_INET6, src)
    d6 = socket.inet_pton(socket.AF_INET6, dst)
    icmp = struct.pack("!BBH", icmp_type, 0, 0) + body
    pseudo = s6 + d6 + struct.pack("!I3xB", len(icmp), 58)
    icmp = struct.pack("!BBH", icmp_type, 0, csum(pseudo + icmp)) + body
    first = (6 << 28) | (tclass << 20)
    return struct.pack("!IHBB", first, len(icmp), 58, hop_limit) + s6 + d6 + icmp


def nd_body(nd_type, dst, pio):
    if nd_type == 134:
        # hop limit 64, no flags, router lifetime 1800 s, no timers
        body = struct.pack("!BBHII", 64, 0, 1800, 0, 0)
        if pio:
            prefix = socket.inet_pton(socket.AF_INET6, pio)
            body += struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 86400, 14400, 0) + prefix
        return body
    if nd_type in (135, 136):
        return struct.pack("!I", 0) + socket.inet_pton(socket.AF_INET6, dst)
    return struct.pack("!I", 0)


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
p.add_argument("--nd", type=int)
p.add_argument("--pio")
a = p.parse_args()

if a.inner_v4:
    # Long enough to pass the tunnel layer's IPv6-header-sized pull.
    inner = ipv4("192.0.2.1", "192.0.2.2", 1, 0,
                 struct.pack("!BBHHH", 8, 0, 0, 1, 1) + bytes(40))
elif a.nd:
    inner = ipv6_icmp(a.isrc, a.idst, a.tclass, a.nd, nd_body(a.nd, a.idst, a.pio), 255)
else:
    inner = ipv6_icmp(a.isrc, a.idst, a.tclass, 128,
                      struct.pack("!HH", 0x64, 1) + b"kteredo-stf-test")
pkt = ipv4(a.osrc, a.odst, 41, a.tos, inner)
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
for _ in range(a.count):
    s.sendto(pkt, (a.odst, 0))
