# SPDX-License-Identifier: GPL-2.0
"""What the Python test helpers share: the Internet checksum, an IPv6
packet and an ICMPv6 Echo Request, a Teredo Router Solicitation and the
mapping its answer names, Teredo addresses, and holding a socket open
while counting what reaches it."""
import hashlib
import hmac
import ipaddress
import os
import signal
import struct
import sys


def checksum(data):
    """RFC 1071 one's complement sum, as the IPv4/UDP/ICMPv6 headers use."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv6_packet(src, dst, nh, payload=b""):
    """An IPv6 packet (hop limit 64) from src to dst (16 bytes each)."""
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, 64) + src + dst + payload


def echo_request(src, dst, ident, data):
    """An ICMPv6 Echo Request (sequence 1) from src to dst (16 bytes
    each), its checksum right."""
    icmp = bytearray(struct.pack("!BBHHH", 128, 0, 0, ident, 1) + data)
    pseudo = src + dst + struct.pack("!I3xB", len(icmp), 58)
    struct.pack_into("!H", icmp, 2, checksum(pseudo + bytes(icmp)))
    return bytes(icmp)


def auth_value(ident, key, nonce, rest):
    """Secure qualification's value (RFC 4380 5.1.1), computed here apart
    from teredoctl's: HMAC-SHA1 over identifier, nonce, confirmation byte
    0 and everything after the authentication header."""
    return hmac.new(key, ident + nonce + b"\x00" + rest, hashlib.sha1).digest()


def router_solicitation(nonce, cone=False, src=None, auth=None):
    """A client's RS (RFC 4380 5.2.1) with an auth header carrying nonce,
    from fe80::ffff:ffff:ffff, the cone address when cone is set, or src;
    auth=(IDENTIFIER, KEY) (bytes) authenticates it."""
    if src is None:
        src = "fe80::8000:5445:5245:444f" if cone else "fe80::ffff:ffff:ffff"
    src = ipaddress.IPv6Address(src).packed
    dst = ipaddress.IPv6Address("ff02::2").packed
    icmp = bytearray(struct.pack("!BBHI", 133, 0, 0, 0))
    pseudo = src + dst + struct.pack("!I3xB", len(icmp), 58)
    struct.pack_into("!H", icmp, 2, checksum(pseudo + bytes(icmp)))
    ip6 = struct.pack("!IHBB", 6 << 28, len(icmp), 58, 255) + src + dst
    rest = ip6 + bytes(icmp)
    if auth is None:
        return b"\x00\x01\x00\x00" + nonce + b"\x00" + rest
    ident, key = auth
    value = auth_value(ident, key, nonce, rest)
    return bytes([0, 1, len(ident), len(value)]) + ident + value + nonce + b"\x00" + rest


def ra_mapping(data, nonce):
    """The mapping (addr, port) a Router Advertisement's origin indication
    names, if it echoes nonce and carries an RA; else None."""
    if data[:2] != b"\x00\x01":
        return None
    off = 4 + data[2] + data[3]
    if data[off:off + 8] != nonce:
        return None
    off += 9
    if data[off:off + 2] != b"\x00\x00":
        return None
    port = struct.unpack("!H", data[off + 2:off + 4])[0] ^ 0xFFFF
    addr = struct.unpack("!I", data[off + 4:off + 8])[0] ^ 0xFFFFFFFF
    ip6 = data[off + 8:]
    if len(ip6) < 48 or ip6[0] >> 4 != 6 or ip6[6] != 58 or ip6[40] != 134:
        return None
    return str(ipaddress.IPv4Address(addr)), port


def teredo_address(server, addr, port, flags=0):
    """The Teredo address of a client of server mapped at addr:port."""
    return ipaddress.IPv6Address(
        (0x20010000 << 96) | (int(ipaddress.IPv4Address(server)) << 64) |
        (flags << 48) | ((port ^ 0xFFFF) << 32) |
        (int(ipaddress.IPv4Address(addr)) ^ 0xFFFFFFFF))


def teredo_mapping(addr6):
    """(server, mapped address, mapped port) of a Teredo address."""
    v = int(ipaddress.IPv6Address(addr6))
    return (str(ipaddress.IPv4Address(v >> 64 & 0xFFFFFFFF)),
            str(ipaddress.IPv4Address(v & 0xFFFFFFFF ^ 0xFFFFFFFF)),
            (v >> 32 & 0xFFFF) ^ 0xFFFF)


def hold(sock, directory):
    """Count the datagrams reaching sock in DIR/received until SIGTERM."""
    def stop(*_):
        sock.close()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    n = 0
    received = os.path.join(directory, "received")
    with open(received, "w") as f:
        f.write("0")
    while True:
        sock.recvfrom(2048)
        n += 1
        with open(received + ".tmp", "w") as f:
            f.write(str(n))
        os.replace(received + ".tmp", received)
