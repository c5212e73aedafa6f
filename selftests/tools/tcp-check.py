#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""TCP transfer with its data checked end to end.

  tcp-check.py server ADDR PORT     accept one connection, read to EOF,
                                    answer with the SHA-256 of what came
  tcp-check.py client ADDR PORT N [SECONDS]
                                    send N random bytes (spread over
                                    SECONDS, the rest at once on SIGTERM:
                                    a stream that stays open), compare
                                    the hash (a refused connection
                                    is tried again for 20 s: the server
                                    may be starting)

The client exits 0 only when the server saw exactly the bytes it sent.
"""
import hashlib
import os
import signal
import socket
import sys
import time


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


def connect(addr, port):
    # The server is started in the background just before: under a loaded
    # TCG guest it may not listen yet, so a refusal is retried for a while.
    deadline = time.monotonic() + 20
    while True:
        try:
            return socket.create_connection((addr, port), timeout=60)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def client(addr, port, n, seconds=0.0):
    data = os.urandom(n)
    s = connect(addr, port)
    chunks = max(1, int(seconds * 10))
    step = -(-n // chunks)
    start = time.monotonic()
    hurry = []
    signal.signal(signal.SIGTERM, lambda *_: hurry.append(1))
    for i in range(chunks):
        s.sendall(data[i * step:(i + 1) * step])
        if not hurry:
            time.sleep(max(0.0, start + (i + 1) * seconds / chunks - time.monotonic()))
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
        sys.exit(client(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
                        float(sys.argv[5]) if len(sys.argv) > 5 else 0.0))
