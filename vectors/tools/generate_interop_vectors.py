#!/usr/bin/env python3
"""Generates the interop matrix cells: interop/datachannel.json, interop/trickle.json, interop/media.json,
interop/ice-restart.json and interop/renegotiation.json.

A cell is one ordered pair of peers and one feature. The subject under test is
the offerer (the engine runs every vector against every subject that speaks
the pc.* ops); the answerer is named by the vector, so a vector is "this
feature, answered by that peer" and the engine's suite → vector → subject
hierarchy gives every ordered pair, self-pairs included, with stable UniqueIds:

    [suite:interop/datachannel]/[vector:reliable.answerer-firefox]/[subject:chromium]

The harness does the signaling (interop/shims/README.md, "Peer-connection
ops"). Each cell checks what it observes: the channel opens on both sides,
the answerer learns the channel's reliability from the DCEP open message
(RFC 8832 §5.1), and the bytes arrive intact (SHA-256 computed here from the
payload rule the shims implement). The steps after a failure that collect
stats and close the peer connections are marked "always".

Run it after changing it:

    python3 vectors/tools/generate_interop_vectors.py

and commit the JSON it writes; `VectorCorpusTest` checks the files are what
this script writes.
"""
import hashlib

from vectorfile import suite_file, write

SCRIPT = "generate_interop_vectors.py"

# Every peer this machine can run (/work/shared/PEERS.md), by subject id.
PEERS = ["own", "chromium", "firefox", "libwebrtc", "libdatachannel", "werift", "gstreamer", "webrtc-java"]

# Peers whose API does not tell a channel's reliability once the other side opened it
# (node-datachannel's W3C polyfill reports its defaults): their answers are not checked for it.
NO_REMOTE_RELIABILITY = {"libdatachannel"}

STEP_TIMEOUT_MS = 15000  # each waiting step; under the engine's 30 s per call
TRANSFER_TIMEOUT_MS = 20000


def message(i, size, seed):
    """Message i of a transfer (interop/shims/README.md, dc.send)."""
    head = i.to_bytes(4, "big")
    return head + bytes((seed + i * 131 + j * 7) & 0xFF for j in range(4, size))


def sha256_of(count, size, seed):
    h = hashlib.sha256()
    for i in range(count):
        h.update(message(i, size, seed))
    return h.hexdigest()


def step(op, args, subject=None, save=None, expect=None, always=False):
    s = {}
    if subject:
        s["subject"] = subject
    s["op"] = op
    s["args"] = args
    if save:
        s["as"] = save
    if expect is not None:
        s["expect"] = expect
    if always:
        s["always"] = True
    return s


def cell_steps(answerer, trickle, channel, transfer):
    """The signaling and checks of one cell; the offerer is the subject under test."""
    b = answerer
    count, size, seed = transfer
    total = count * size
    digest = sha256_of(count, size, seed)
    opened = {"label": "rtcheck"}
    if answerer not in NO_REMOTE_RELIABILITY:
        opened["ordered"] = channel.get("ordered", True)
        if "maxRetransmits" in channel:
            opened["maxRetransmits"] = channel["maxRetransmits"]
    steps = [
        step("pc.create", {"trickle": trickle, "iceServers": []}, save="o"),
        step("pc.create", {"trickle": trickle, "iceServers": []}, subject=b, save="a"),
        step("dc.create", dict({"pc": "${o.pc}", "label": "rtcheck"}, **channel)),
        step("pc.offer", {"pc": "${o.pc}"}, save="offer", expect={"type": "offer"}),
        step("pc.answer", {"pc": "${a.pc}", "sdp": "${offer.sdp}"}, subject=b, save="answer",
             expect={"type": "answer"}),
        step("pc.accept-answer", {"pc": "${o.pc}", "sdp": "${answer.sdp}"}, expect={}),
    ]
    if trickle:
        steps += [
            step("pc.candidates", {"pc": "${o.pc}", "timeoutMs": STEP_TIMEOUT_MS}, save="oc"),
            step("pc.add-candidate", {"pc": "${a.pc}", "candidates": "${oc.candidates}",
                                      "endOfCandidates": "${oc.endOfCandidates}"}, subject=b),
            step("pc.candidates", {"pc": "${a.pc}", "timeoutMs": STEP_TIMEOUT_MS}, subject=b,
                 save="ac"),
            step("pc.add-candidate", {"pc": "${o.pc}", "candidates": "${ac.candidates}",
                                      "endOfCandidates": "${ac.endOfCandidates}"}),
        ]
    steps += [
        step("pc.wait", {"pc": "${o.pc}", "state": "connected", "timeoutMs": STEP_TIMEOUT_MS},
             expect={"state": "connected"}),
        step("pc.wait", {"pc": "${a.pc}", "state": "connected", "timeoutMs": STEP_TIMEOUT_MS},
             subject=b, expect={"state": "connected"}),
        step("dc.wait-open", {"pc": "${o.pc}", "label": "rtcheck", "timeoutMs": STEP_TIMEOUT_MS},
             expect={"label": "rtcheck"}),
        step("dc.wait-open", {"pc": "${a.pc}", "label": "rtcheck", "timeoutMs": STEP_TIMEOUT_MS},
             subject=b, expect=opened),
        step("dc.send", {"pc": "${o.pc}", "label": "rtcheck", "count": count, "messageSize": size,
                         "seed": seed, "timeoutMs": TRANSFER_TIMEOUT_MS},
             expect={"bytes": total, "sha256": digest}),
        step("dc.receive-check", {"pc": "${a.pc}", "label": "rtcheck", "bytes": total,
                                  "timeoutMs": TRANSFER_TIMEOUT_MS}, subject=b,
             expect=dict({"bytes": total, "duplicates": 0, "sha256": digest},
                         **({"inOrder": True} if channel.get("ordered", True) else {}))),
        step("pc.stats", {"pc": "${o.pc}"}, always=True),
        step("pc.stats", {"pc": "${a.pc}"}, subject=b, always=True),
        step("pc.close", {"pc": "${o.pc}"}, always=True),
        step("pc.close", {"pc": "${a.pc}"}, subject=b, always=True),
    ]
    return steps


def cell(feature, answerer, title, rfc, section, level, trickle, channel, transfer, steps=None):
    tags = ["interop", "answerer:" + answerer, "matrix-feature:" + feature]
    return {
        "id": f"{feature.split('.', 1)[-1]}.answerer-{answerer}",
        "title": f"{title}, answered by {answerer}",
        "capability": "pc.create",
        "rfc": rfc,
        "section": section,
        "level": level,
        "tags": tags,
        "steps": steps if steps is not None else cell_steps(answerer, trickle, channel, transfer),
    }


# --- media, ICE restart, renegotiation (interop/shims/README.md, media and restart ops) ----------

MEDIA_TIMEOUT_MS = 10000
MIN_PACKETS = {"audio": 50, "video": 30}  # 1 s of 20 ms Opus; a second of video at any frame rate


def connect_steps(b, media_o=None, media_a=None, channel=True):
    """Both peer connections, their media and/or data channel, one non-trickle offer/answer and
    both connected (and the channel open on both sides)."""
    steps = [
        step("pc.create", {"trickle": False, "iceServers": []}, save="o"),
        step("pc.create", {"trickle": False, "iceServers": []}, subject=b, save="a"),
    ]
    if media_o:
        steps.append(step("pc.add-media", dict({"pc": "${o.pc}"}, **media_o), expect=media_o))
    if media_a:
        steps.append(step("pc.add-media", dict({"pc": "${a.pc}"}, **media_a), subject=b,
                          expect=media_a))
    if channel:
        steps.append(step("dc.create", {"pc": "${o.pc}", "label": "rtcheck"}))
    steps += negotiate_steps(b)
    steps += [
        step("pc.wait", {"pc": "${o.pc}", "state": "connected", "timeoutMs": STEP_TIMEOUT_MS},
             expect={"state": "connected"}),
        step("pc.wait", {"pc": "${a.pc}", "state": "connected", "timeoutMs": STEP_TIMEOUT_MS},
             subject=b, expect={"state": "connected"}),
    ]
    if channel:
        steps += [
            step("dc.wait-open", {"pc": "${o.pc}", "label": "rtcheck", "timeoutMs": STEP_TIMEOUT_MS},
                 expect={"label": "rtcheck"}),
            step("dc.wait-open", {"pc": "${a.pc}", "label": "rtcheck", "timeoutMs": STEP_TIMEOUT_MS},
                 subject=b, expect={"label": "rtcheck"}),
        ]
    return steps


def negotiate_steps(b, suffix=""):
    return [
        step("pc.offer", {"pc": "${o.pc}"}, save="offer" + suffix, expect={"type": "offer"}),
        step("pc.answer", {"pc": "${a.pc}", "sdp": "${offer%s.sdp}" % suffix}, subject=b,
             save="answer" + suffix, expect={"type": "answer"}),
        step("pc.accept-answer", {"pc": "${o.pc}", "sdp": "${answer%s.sdp}" % suffix}, expect={}),
    ]


def transfer_steps(b, sender_is_offerer, transfer):
    """One reliable transfer on the existing channel; each direction is used once per cell, so
    the receiver's byte count starts at zero."""
    count, size, seed = transfer
    total = count * size
    digest = sha256_of(count, size, seed)
    tx, rx = ("${o.pc}", "${a.pc}") if sender_is_offerer else ("${a.pc}", "${o.pc}")
    tx_subject, rx_subject = (None, b) if sender_is_offerer else (b, None)
    return [
        step("dc.send", {"pc": tx, "label": "rtcheck", "count": count, "messageSize": size,
                         "seed": seed, "timeoutMs": TRANSFER_TIMEOUT_MS}, subject=tx_subject,
             expect={"bytes": total, "sha256": digest}),
        step("dc.receive-check", {"pc": rx, "label": "rtcheck", "bytes": total,
                                  "timeoutMs": TRANSFER_TIMEOUT_MS}, subject=rx_subject,
             expect={"bytes": total, "duplicates": 0, "inOrder": True, "sha256": digest}),
    ]


def media_check(pc, kind, subject=None):
    return step("media.check", {"pc": pc, "kind": kind, "minPackets": MIN_PACKETS[kind],
                                "timeoutMs": MEDIA_TIMEOUT_MS}, subject=subject,
                expect={"kind": kind})


RTCP_TIMEOUT_MS = 15000  # libwebrtc reports audio every 5 s on average (2.5..7.5 s, RFC 3550 §6.3.1)


def rtcp_check(pc, subject=None):
    return step("media.rtcp-check", {"pc": pc, "kind": "audio", "senderReports": True,
                                     "timeoutMs": RTCP_TIMEOUT_MS}, subject=subject,
                expect={"kind": "audio"})


def closing_steps(b):
    return [
        step("pc.stats", {"pc": "${o.pc}"}, always=True),
        step("pc.stats", {"pc": "${a.pc}"}, subject=b, always=True),
        step("pc.close", {"pc": "${o.pc}"}, always=True),
        step("pc.close", {"pc": "${a.pc}"}, subject=b, always=True),
    ]


def media_suite():
    vectors = []
    for b in PEERS:
        steps = connect_steps(b, {"audio": True}, {"audio": True}, channel=False)
        steps += [media_check("${a.pc}", "audio", b), media_check("${o.pc}", "audio")]
        vectors.append(cell(
            "media.audio", b,
            "Opus audio both ways: each side receives the other's RTP (and decodes it where the"
            " stack tells)", "7874", "3", "MUST", False, None, None, steps + closing_steps(b)))
    for b in PEERS:
        steps = connect_steps(b, {"video": True}, None, channel=False)
        steps += [media_check("${a.pc}", "video", b)]
        vectors.append(cell(
            "media.video", b,
            "video from the offerer reaches the answerer (and is decoded where the stack tells)",
            "7742", "5", "MUST", False, None, None, steps + closing_steps(b)))
    for b in PEERS:
        steps = connect_steps(b, {"audio": True}, {"audio": True}, channel=False)
        steps += [media_check("${a.pc}", "audio", b), media_check("${o.pc}", "audio")]
        steps += [rtcp_check("${o.pc}"), rtcp_check("${a.pc}", b)]
        vectors.append(cell(
            "media.rtcp", b,
            "RTCP reports both ways with audio: each side's getStats shows the other's receiver"
            " report with a round-trip time (its SR echoed in LSR/DLSR, RFC 3550 §6.4.1) and the"
            " other's sender report", "8834", "4.1", "MUST", False, None, None,
            steps + closing_steps(b)))
    return suite_file(SCRIPT, {
        "id": "interop/media",
        "title": "Interop matrix: audio and video between every pair of peers",
        "protocol": "Interop",
        "rfc": "7874",
        "link": "https://www.rfc-editor.org/rfc/rfc7874#section-3",
    }, vectors)


def ice_restart_suite():
    vectors = []
    for b in PEERS:
        steps = connect_steps(b)
        steps += transfer_steps(b, True, (16, 16384, 4))
        steps += [
            step("pc.stats", {"pc": "${o.pc}"}, save="before"),
            step("pc.restart-ice", {"pc": "${o.pc}"}, expect={}),
        ]
        steps += negotiate_steps(b, "2")
        # connectionState may read "connected" from the previous ICE session all along (RFC 8445
        # §9 lets it carry data during the restart): both sides also wait for the ICE session of
        # the new ufrag to connect, where their stats tell (interop/shims/README.md, pc.wait).
        steps += [
            step("pc.wait", {"pc": "${o.pc}", "state": "connected", "currentIceSession": True,
                             "timeoutMs": STEP_TIMEOUT_MS},
                 expect={"state": "connected"}),
            step("pc.wait", {"pc": "${a.pc}", "state": "connected", "currentIceSession": True,
                             "timeoutMs": STEP_TIMEOUT_MS},
                 subject=b, expect={"state": "connected"}),
        ]
        steps += transfer_steps(b, False, (16, 16384, 5))
        # RFC 8445 §2.4 / RFC 8839 §4.4.1.1.1: a restart brings a new ufrag.
        steps.append(step("pc.stats", {"pc": "${o.pc}"},
                          expect={"localUfrag": {"$notIn": ["${before.localUfrag}", None]}}))
        vectors.append(cell(
            "ice-restart.restart", b,
            "ICE restart by the offerer (new ufrag and password) keeps the data channel carrying"
            " data", "8445", "2.4", "MUST", False, None, None, steps + closing_steps(b)))
    return suite_file(SCRIPT, {
        "id": "interop/ice-restart",
        "title": "Interop matrix: ICE restart between every pair of peers",
        "protocol": "Interop",
        "rfc": "8445",
        "link": "https://www.rfc-editor.org/rfc/rfc8445#section-2.4",
    }, vectors)


def renegotiation_suite():
    vectors = []
    for b in PEERS:
        steps = connect_steps(b)
        steps += transfer_steps(b, True, (16, 16384, 6))
        steps.append(step("pc.add-media", {"pc": "${o.pc}", "audio": True},
                          expect={"audio": True}))
        steps += negotiate_steps(b, "2")
        steps += [media_check("${a.pc}", "audio", b)]
        steps += transfer_steps(b, False, (16, 16384, 7))
        vectors.append(cell(
            "renegotiation.add-audio", b,
            "audio added by the offerer after the data channel connected (a second offer/answer)"
            " arrives, and the channel still carries data", "8829", "5.2.2", "MUST", False, None,
            None, steps + closing_steps(b)))
    return suite_file(SCRIPT, {
        "id": "interop/renegotiation",
        "title": "Interop matrix: renegotiation between every pair of peers",
        "protocol": "Interop",
        "rfc": "8829",
        "link": "https://www.rfc-editor.org/rfc/rfc8829#section-5.2.2",
    }, vectors)


def datachannel_suite():
    vectors = []
    for b in PEERS:
        vectors.append(cell(
            "datachannel.reliable", b,
            "1 MiB over a reliable ordered data channel arrives intact (non-trickle)",
            "8831", "6.6", "MUST", False, {}, (64, 16384, 1)))
    for b in PEERS:
        vectors.append(cell(
            "datachannel.unordered-unreliable", b,
            "an unordered channel without retransmissions is announced as such and carries 64 KiB"
            " (non-trickle)",
            "8832", "5.1", "MUST", False, {"ordered": False, "maxRetransmits": 0},
            (64, 1024, 2)))
    return suite_file(SCRIPT, {
        "id": "interop/datachannel",
        "title": "Interop matrix: data channels between every pair of peers",
        "protocol": "Interop",
        "rfc": "8831",
        "link": "https://www.rfc-editor.org/rfc/rfc8831#section-6.6",
    }, vectors)


def trickle_suite():
    vectors = [cell(
        "trickle.reliable", b,
        "trickle ICE signaled by the harness: candidates sent apart from the SDP, then 256 KiB"
        " over a reliable channel",
        "8838", "", "MUST", True, {}, (16, 16384, 3)) for b in PEERS]
    return suite_file(SCRIPT, {
        "id": "interop/trickle",
        "title": "Interop matrix: trickle ICE between every pair of peers",
        "protocol": "Interop",
        "rfc": "8838",
        "link": "https://www.rfc-editor.org/rfc/rfc8838",
    }, vectors)


def main():
    write("interop", "datachannel.json", datachannel_suite())
    write("interop", "trickle.json", trickle_suite())
    write("interop", "media.json", media_suite())
    write("interop", "ice-restart.json", ice_restart_suite())
    write("interop", "renegotiation.json", renegotiation_suite())


if __name__ == "__main__":
    main()
