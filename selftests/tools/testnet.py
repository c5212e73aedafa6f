# SPDX-License-Identifier: GPL-2.0
"""What the Python test helpers share: the Internet checksum, and holding
a socket open while counting what reaches it."""
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
