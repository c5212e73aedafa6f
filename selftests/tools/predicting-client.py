#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A Teredo client behind a port-preserving or sequential port-symmetric
NAT, as RFC 6081 5.4 and 5.5 describe one, for the tests: it reaches a
peer through the port it predicts its NAT gives it, named in a random
port trailer.

  predicting-client.py --server A --server2 A --peer IPV6
                       (--port-preserving | --sequential) [--no-trailer]

Qualifies on a primary socket (RS to both server addresses: a symmetric
NAT maps them apart), then opens a random-port socket for the peer.
Port-preserving: the prediction is that socket's own port. Sequential:
the echo test from it (an RS to the server, a direct bubble to the peer,
an RS to the secondary address); the prediction is midway between the
two mappings the RAs name. Then an indirect bubble through the server
carries a nonce trailer and the prediction in a random port trailer
(type 5; not with --no-trailer). Once the peer's direct bubble reaches
the random port, a direct bubble and an ICMPv6 echo go to the peer from
there.

Prints "symmetric" or "not symmetric", "address IPV6" (its own),
"prediction PORT", then "bubble from ADDR:PORT nonce echoed" (or "no
nonce": the indirect bubble's nonce trailer, RFC 6081 5.2.4) when the
peer's bubble arrives, and "echo reply" when the peer answers the echo;
or "no bubble" / "no reply" after 8 s.
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
p.add_argument("--server", required=True)
p.add_argument("--server2", required=True)
p.add_argument("--peer", required=True)
kind = p.add_mutually_exclusive_group(required=True)
kind.add_argument("--port-preserving", action="store_true")
kind.add_argument("--sequential", action="store_true")
p.add_argument("--no-trailer", action="store_true")
a = p.parse_args()


def say(*what):
    print(*what, flush=True)


def ask(sock, server):
    """RS to server:3544 from sock; the mapping its RA names, or None."""
    nonce = os.urandom(8)
    sock.sendto(testnet.router_solicitation(nonce), (server, 3544))
    sock.settimeout(3)
    try:
        while True:
            data, src = sock.recvfrom(2048)
            if src == (server, 3544):
                m = testnet.ra_mapping(data, nonce)
                if m:
                    return m
    except socket.timeout:
        return None


def teredo(src, dst, nh=59, payload=b"", trailer=b""):
    """A Teredo datagram: an IPv6 packet, then trailers."""
    return testnet.ipv6_packet(src.packed, dst.packed, nh, payload) + trailer


def echo_request(src, dst):
    return teredo(src, dst, 58, testnet.echo_request(
        src.packed, dst.packed, 0x6081, b"predict"))


primary = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
primary.bind(("0.0.0.0", 0))
m1, m2 = ask(primary, a.server), ask(primary, a.server2)
if not m1 or not m2:
    say("no qualification")
    sys.exit(1)
say("symmetric" if m1 != m2 else "not symmetric")
me = testnet.teredo_address(a.server, *m1)
say("address", me)
peer = ipaddress.IPv6Address(a.peer)
_, peer_addr, peer_port = testnet.teredo_mapping(peer)
bubble = teredo(me, peer)

rand = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rand.bind(("0.0.0.0", 0))
if a.port_preserving:
    prediction = rand.getsockname()[1]
    rand.sendto(bubble, (peer_addr, peer_port))
else:
    lower = ask(rand, a.server)
    rand.sendto(bubble, (peer_addr, peer_port))
    upper = ask(rand, a.server2)
    if not lower or not upper:
        say("no echo test")
        sys.exit(1)
    prediction = (lower[1] + upper[1]) // 2
say("prediction", prediction)

# RFC 6081 5.2.4.1: an indirect bubble carries a nonce, which the
# peer's direct bubble echoes.
nonce = os.urandom(4)
trailer = struct.pack("!BB", 1, 4) + nonce
if not a.no_trailer:
    trailer += struct.pack("!BBH", 5, 2, prediction)
primary.sendto(teredo(me, peer, trailer=trailer), (a.server, 3544))
rand.settimeout(8)
try:
    while True:
        data, src = rand.recvfrom(2048)
        if src == (peer_addr, peer_port) and len(data) >= 40 and data[6] == 59:
            break
except socket.timeout:
    say("no bubble")
    sys.exit(1)
say("bubble from %s:%d" % src,
    "nonce echoed" if struct.pack("!BB", 1, 4) + nonce in data[40:] else "no nonce")
rand.sendto(bubble, (peer_addr, peer_port))
rand.sendto(echo_request(me, peer), (peer_addr, peer_port))
try:
    while True:
        data, src = rand.recvfrom(2048)
        if len(data) >= 48 and data[6] == 58 and data[40] == 129:
            say("echo reply")
            break
        if len(data) >= 40 and data[6] == 59:
            rand.sendto(echo_request(me, peer), (peer_addr, peer_port))
except socket.timeout:
    say("no reply")
    sys.exit(1)
