#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""TCP transfer with its data checked end to end.

  tcp-check.py server ADDR PORT     accept one connection, read to EOF,
                                    answer with the SHA-256 of what came
  tcp-check.py client ADDR PORT N   send N random bytes, compare the hash

The client exits 0 only when the server saw exactly the bytes it sent.
"""
import hashlib
import os
import socket
import sys


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def server(addr, port):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    s.settimeout(60)
    conn, _ = s.accept()
    conn.settimeout(60)
    h = hashlib.sha256()
    while True:
        b = conn.recv(65536)
        if not b:
            break
        h.update(b)
    conn.sendall(h.hexdigest().encode())
    conn.close()


def client(addr, port, n):
    data = os.urandom(n)
    s = socket.create_connection((addr, port), timeout=60)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    got = b""
    while True:
        b = s.recv(128)
        if not b:
            break
        got += b
    want = hashlib.sha256(data).hexdigest()
    if got.decode() != want:
        print(f"tcp-check: hash mismatch: sent {want}, server saw {got.decode()}")
        return 1
    print(f"tcp-check: {n} bytes transferred intact")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(client(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
