#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write the fuzzers' seed corpora: valid Teredo datagrams, a Router
Solicitation and Advertisement, configuration files.

  seeds.py OUT_DIR      (makes OUT_DIR/wire, /qualify, /conf)
"""
import glob
import hashlib
import hmac
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv6(src, dst, nh, payload, hlim=64):
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, hlim) + src + dst + payload


def icmp6(src, dst, body):
    c = csum(src + dst + struct.pack("!I3xB", len(body), 58) + body)
    return ipv6(src, dst, 58, body[:2] + struct.pack("!H", c) + body[4:], 255)


def auth(nonce):
    return b"\x00\x01\x00\x00" + nonce + b"\x00"


def origin(addr, port):
    return b"\x00\x00" + struct.pack("!HI", port ^ 0xFFFF, addr ^ 0xFFFFFFFF)


LL = bytes.fromhex("fe80000000000000800054455245444f")
RS_SRC = bytes.fromhex("fe80000000000000000000000000ffff")
ROUTERS = bytes.fromhex("ff020000000000000000000000000002")
CLIENT = bytes.fromhex("20010000c633640a0000f227cbd96bfe")
PEER = bytes.fromhex("20010000c633640a00003039399c9b74")
NONCE = bytes(range(1, 9))

rs = auth(NONCE) + icmp6(RS_SRC, ROUTERS, bytes([133, 0, 0, 0, 0, 0, 0, 0]))
prefix = bytes([3, 4, 64, 0x40]) + b"\xff" * 8 + b"\0" * 4 + bytes.fromhex("20010000c633640a") + b"\0" * 8
mtu = bytes([5, 1, 0, 0]) + struct.pack("!I", 1280)
ra = auth(NONCE) + origin(0xC6336415, 40000) + icmp6(
    LL, RS_SRC, bytes([134, 0, 0, 0, 0, 0, 0, 0]) + b"\0" * 8 + prefix + mtu)
# Secure qualification: the fuzz target's client "client" under "secret".
rs_body = icmp6(RS_SRC, ROUTERS, bytes([133, 0, 0, 0, 0, 0, 0, 0]))
rs_value = hmac.new(b"secret", b"client" + NONCE + b"\x00" + rs_body, hashlib.sha1).digest()
rs_auth = bytes([0, 1, 6, 20]) + b"client" + rs_value + NONCE + b"\x00" + rs_body
bubble = ipv6(CLIENT, PEER, 59, b"")
data = ipv6(CLIENT, PEER, 17, struct.pack("!HHHH", 9, 9, 12, 0) + b"ping")
seeds = {
    "wire": {"bubble": bubble, "indirect-bubble": origin(0xC6336415, 40000) + bubble,
             "data": data, "rs": rs, "ra": ra,
             # RFC 6081: a nonce trailer and one of a type nobody knows.
             "bubble-trailers": bubble + bytes.fromhex("0104deadbeef7f00"),
             # ... a discovery solicitation (load reduction), alternates.
             "bubble-discovery": bubble + bytes.fromhex("040400000000"),
             "bubble-alternates": bubble + bytes.fromhex("03080000c0a801020dd9")},
    "qualify": {"rs": rs, "ra": ra, "rs-noauth": rs[13:], "rs-auth": rs_auth},
}
out = sys.argv[1]
for target, files in seeds.items():
    os.makedirs(os.path.join(out, target), exist_ok=True)
    for name, blob in files.items():
        with open(os.path.join(out, target, name), "wb") as f:
            f.write(blob)
os.makedirs(os.path.join(out, "conf"), exist_ok=True)
for path in glob.glob(os.path.join(HERE, "..", "tools", "examples", "*.conf")):
    shutil.copy(path, os.path.join(out, "conf"))
