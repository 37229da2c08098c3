#!/usr/bin/env python3
# rtcheck netem: delay forwarded packets without sch_netem. Runs inside a NAT router's namespace,
# bound to an NFQUEUE that an iptables rule fills from the FORWARD chain; every packet stays in the
# kernel (so NAT, conntrack and filtering see it exactly as without delay) and is accepted once its
# delay has passed. Plain netlink (nfnetlink_queue), no library.
#   python3 nfqueue-delay.py QUEUE DELAY_US JITTER_US
# Prints "ready" on stdout once bound; exits when stdin closes or on SIGTERM.
import heapq
import os
import random
import select
import signal
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS, NFQA_CFG_QUEUE_MAXLEN = 1, 2, 3
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NF_ACCEPT = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
QUEUE_MAXLEN = 16384


def attr(kind, payload):
    n = 4 + len(payload)
    return struct.pack('=HH', n, kind) + payload + b'\0' * ((4 - n % 4) % 4)


def message(msg_type, queue, attrs, flags=NLM_F_REQUEST, seq=0):
    body = struct.pack('=BBH', socket.AF_UNSPEC, 0, socket.htons(queue)) + b''.join(attrs)
    return struct.pack('=IHHII', 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | msg_type, flags, seq, 0) + body


def expect_ack(sock, what):
    data = sock.recv(65536)
    length, kind = struct.unpack_from('=IH', data, 0)
    if kind == NLMSG_ERROR:
        err = struct.unpack_from('=i', data, 16)[0]
        if err != 0:
            sys.stderr.write(f'nfqueue-delay: {what} failed: {os.strerror(-err)}\n')
            sys.exit(1)


def main():
    queue, delay_us, jitter_us = (int(a) for a in sys.argv[1:4])
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    sock.bind((0, 0))
    flags = NLM_F_REQUEST | NLM_F_ACK
    sock.send(message(NFQNL_MSG_CONFIG, queue, [attr(NFQA_CFG_CMD, struct.pack('=BxH', NFQNL_CFG_CMD_BIND, socket.htons(socket.AF_INET)))], flags, 1))
    expect_ack(sock, f'binding queue {queue}')
    sock.send(message(NFQNL_MSG_CONFIG, queue, [attr(NFQA_CFG_PARAMS, struct.pack('>IB', 0, NFQNL_COPY_META))], flags, 2))
    expect_ack(sock, 'copy mode')
    sock.send(message(NFQNL_MSG_CONFIG, queue, [attr(NFQA_CFG_QUEUE_MAXLEN, struct.pack('>I', QUEUE_MAXLEN))], flags, 3))
    expect_ack(sock, 'queue length')
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sys.stdout.write('ready\n')
    sys.stdout.flush()

    held = []  # (due, seq, packet id)
    seq = 0
    stdin = sys.stdin.fileno()
    while True:
        now = time.monotonic()
        while held and held[0][0] <= now:
            _, _, pid = heapq.heappop(held)
            sock.send(message(NFQNL_MSG_VERDICT, queue, [attr(NFQA_VERDICT_HDR, struct.pack('>II', NF_ACCEPT, pid))]))
        timeout = max(0.0, held[0][0] - time.monotonic()) if held else 1.0
        ready, _, _ = select.select([sock, stdin], [], [], timeout)
        if stdin in ready and not os.read(stdin, 4096):
            return
        if sock not in ready:
            continue
        data = sock.recv(1 << 20)
        off = 0
        while off + 16 <= len(data):
            length, kind = struct.unpack_from('=IH', data, off)
            if length < 16:
                break
            if kind & 0xff == NFQNL_MSG_PACKET and kind >> 8 == NFNL_SUBSYS_QUEUE:
                a = off + 20  # nlmsghdr + nfgenmsg
                while a + 4 <= off + length:
                    alen, atype = struct.unpack_from('=HH', data, a)
                    if alen < 4:
                        break
                    if atype & 0x7fff == NFQA_PACKET_HDR:
                        pid = struct.unpack_from('>I', data, a + 4)[0]
                        d = delay_us + (random.uniform(-jitter_us, jitter_us) if jitter_us else 0)
                        seq += 1
                        heapq.heappush(held, (time.monotonic() + max(0, d) / 1e6, seq, pid))
                        break
                    a += (alen + 3) & ~3
            off += (length + 3) & ~3


if __name__ == '__main__':
    main()
