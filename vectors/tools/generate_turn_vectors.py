#!/usr/bin/env python3
"""Writes vectors/src/main/resources/rtcheck/vectors/turn/coturn.json: the TURN client of the
subject under test against a real coturn that the own subject starts (op turn.server), with a plain
UDP socket of the own subject as the far peer (udp.*). Nothing here is computed; the file is
generated so that the three transports get exactly the same scripts.

    python3 vectors/tools/generate_turn_vectors.py
"""
import vectorfile

SCRIPT = "generate_turn_vectors.py"
TRANSPORTS = ("udp", "tcp", "tls")
HELLO = "68656c6c6f"      # "hello"
ODD = "6f6464"            # "odd": 3 bytes, so ChannelData over TCP/TLS needs padding (§12.5)
BACK = "6261636b"         # "back"


def step(op, args, subject=None, expect=None, save=None):
    s = {}
    if subject:
        s["subject"] = subject
    s["op"] = op
    s["args"] = args
    if expect is not None:
        s["expect"] = expect
    if save:
        s["as"] = save
    return s


def steps_vector(vid, title, rfc, section, steps, level="MUST"):
    return {"id": vid, "title": title, "capability": "turn.allocate", "rfc": rfc,
            "section": section, "level": level, "steps": steps}


def server(**args):
    return step("turn.server", args, subject="own", save="srv")


def allocate(transport, expect=None, **extra):
    args = {"host": "${srv.host}",
            "port": "${srv.tlsPort}" if transport == "tls" else "${srv.port}",
            "transport": transport, "username": "${srv.username}",
            "password": "${srv.password}", "certificate": "${srv.certificate}"}
    args.update(extra)
    return step("turn.allocate", args, expect=expect, save="alloc")


def peer():
    # Where the server reaches this host: 127.0.0.1 for a host coturn, the run network's gateway
    # for a container (rtcheck.env=docker).
    return step("udp.open", {"host": "${srv.peerHost}"}, subject="own", save="peer")


def to_peer(data, **extra):
    args = {"id": "${alloc.id}", "peerHost": "${peer.host}", "peerPort": "${peer.port}",
            "data": data}
    args.update(extra)
    return step("turn.send", args)


def peer_gets(data, timeout_ms=3000):
    expect = {"received": [{"host": "${alloc.relayedHost}", "port": "${alloc.relayedPort}",
                            "data": data}]} if data else {"received": []}
    return step("udp.receive", {"id": "${peer.id}", "timeoutMs": timeout_ms}, subject="own",
                expect=expect)


def from_peer(data):
    return step("udp.send", {"id": "${peer.id}", "host": "${alloc.relayedHost}",
                             "port": "${alloc.relayedPort}", "data": data}, subject="own")


def client_gets(data, timeout_ms=3000):
    expect = {"received": [{"peerHost": "${peer.host}", "peerPort": "${peer.port}",
                            "data": data}]} if data else {"received": []}
    return step("turn.receive", {"id": "${alloc.id}", "timeoutMs": timeout_ms}, expect=expect)


def delete():
    return step("turn.delete", {"id": "${alloc.id}"}, expect={"deleted": True})


def per_transport(t):
    return [
        steps_vector(
            f"allocate.{t}",
            f"Allocate over {t.upper()} with long-term credentials (401, then realm and nonce): "
            "relayed and server-reflexive addresses and a lifetime; Refresh 0 deletes",
            "8656", "7.3",
            [server(),
             allocate(t, expect={"relayedHost": "${srv.relayHost}", "mappedIsLocal": True,
                                 "lifetime": 600}),
             delete()]),
        steps_vector(
            f"send-data.{t}",
            f"Over {t.upper()}: a permission, then a Send indication reaches a UDP peer from the "
            "relayed address and the peer's answer comes back in a Data indication",
            "8656", "11",
            [server(), allocate(t), peer(),
             step("turn.permission", {"id": "${alloc.id}", "peerHost": "${peer.host}"}),
             to_peer(HELLO), peer_gets(HELLO),
             from_peer(BACK), client_gets(BACK),
             delete()]),
        steps_vector(
            f"channel.{t}",
            f"Over {t.upper()}: ChannelBind (0x4000-0x4FFF), then ChannelData both ways with a "
            "3-byte payload (padded to 4 on streams, RFC 8656 §12.5)",
            "8656", "12",
            [server(), allocate(t), peer(),
             step("turn.channel-bind", {"id": "${alloc.id}", "peerHost": "${peer.host}",
                                        "peerPort": "${peer.port}"}, expect={"inRange": True}),
             to_peer(ODD), peer_gets(ODD),
             from_peer(BACK), client_gets(BACK),
             delete()]),
    ]


def udp_only():
    return [
        steps_vector(
            "wrong-password.udp",
            "A wrong password: the request with credentials is answered 401 again, reported as "
            "unauthenticated",
            "8489", "9.2.4",
            [server(),
             allocate("udp", expect={"error": {"kind": "unauthenticated", "code": 401}},
                      password="not-the-password")]),
        steps_vector(
            "stale-nonce.udp",
            "coturn --stale-nonce=1: a Refresh 2 s later is answered 438 and the client retries "
            "with the new nonce",
            "8489", "9.2.5",
            [server(staleNonce=1), allocate("udp"),
             step("turn.refresh", {"id": "${alloc.id}", "lifetime": 600, "afterMs": 2000},
                  expect={"lifetime": 600}),
             delete()]),
        steps_vector(
            "no-permission.udp",
            "Without a permission the server relays nothing, in either direction",
            "8656", "9",
            [server(), allocate("udp"), peer(),
             from_peer(HELLO), client_gets(None, timeout_ms=1000),
             to_peer(HELLO), peer_gets(None, timeout_ms=1000),
             delete()]),
        steps_vector(
            "refresh-zero-deletes.udp",
            "After a Refresh with lifetime 0 nothing is relayed any more and a new Refresh is "
            "answered 437 (allocation mismatch)",
            "8656", "8",
            [server(), allocate("udp"), peer(),
             step("turn.permission", {"id": "${alloc.id}", "peerHost": "${peer.host}"}),
             to_peer(HELLO), peer_gets(HELLO),
             delete(),
             # coturn may finish deleting about a second after it answered.
             to_peer(HELLO, afterMs=1500), peer_gets(None, timeout_ms=1000),
             step("turn.refresh", {"id": "${alloc.id}", "lifetime": 600},
                  expect={"error": {"kind": "allocation-mismatch", "code": 437}})]),
    ]


def main():
    vectors = [v for t in TRANSPORTS for v in per_transport(t)] + udp_only()
    vectorfile.write("turn", "coturn.json", vectorfile.suite_file(SCRIPT, {
        "id": "turn/coturn",
        "title": "TURN client against coturn: allocation lifecycle, credentials, permissions, "
                 "Send/Data, channels, over UDP, TCP and TLS",
        "protocol": "TURN",
        "rfc": "8656",
        "link": "https://www.rfc-editor.org/rfc/rfc8656",
    }, vectors))


if __name__ == "__main__":
    main()
