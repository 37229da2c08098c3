#!/usr/bin/env python3
"""Generates the interop matrix cells: interop/datachannel.json and interop/trickle.json.

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
PEERS = ["own", "chromium", "firefox", "libwebrtc", "libdatachannel", "werift", "gstreamer"]

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


def cell(feature, answerer, title, rfc, section, level, trickle, channel, transfer):
    tags = ["interop", "answerer:" + answerer, "matrix-feature:" + feature]
    return {
        "id": f"{feature.split('.', 1)[-1]}.answerer-{answerer}",
        "title": f"{title}, answered by {answerer}",
        "capability": "pc.create",
        "rfc": rfc,
        "section": section,
        "level": level,
        "tags": tags,
        "steps": cell_steps(answerer, trickle, channel, transfer),
    }


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


if __name__ == "__main__":
    main()
