#!/usr/bin/env python3
"""Generates the SCTP and DCEP vector files: sctp/rfc9260.json (packet and
chunk encodings, CRC32c, negative decodes), sctp/rfc9260-association.json
(scripted exchanges with an association on virtual time) and sctp/rfc8832.json
(DCEP DATA_CHANNEL_OPEN / ACK).

The bytes are built here, in Python, from the RFC layouts (RFC 9260 §3,
RFC 3758 §3.2, RFC 6525 §4, RFC 8260 §2.1, RFC 8832 §5) and the CRC32c is a
plain bitwise implementation of Appendix A, independent of the stack under
test; `self_check()` asserts it reproduces RFC 3720 §B.4 before anything is
written.

    python3 vectors/tools/generate_sctp_vectors.py

`VectorCorpusTest` checks the committed files are what this script writes.
"""
import struct

from vectorfile import vector, suite_file, write

SCRIPT = "generate_sctp_vectors.py"


# ---------------------------------------------------------------- CRC32c (RFC 9260 Appendix A)

def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def crc_wire(data):
    """The CRC as SCTP carries it: least significant byte first."""
    return struct.pack("<I", crc32c(data))


B4 = [
    ("zeros", bytes(32), "aa36918a"),
    ("ones", b"\xff" * 32, "43aba862"),
    ("incrementing", bytes(range(32)), "4e79dd46"),
    ("decrementing", bytes(range(31, -1, -1)), "5cdb3f11"),
    ("iscsi-read", bytes.fromhex(
        "01c00000000000000000000000000000"
        "14000000000004000000001400000018"
        "28000000000000000200000000000000"), "563a96d9"),
]


def self_check():
    for name, data, want in B4:
        assert crc_wire(data).hex() == want, name


# ---------------------------------------------------------------- packet building

def pad(b):
    return b + bytes(-len(b) % 4)


def chunk(ctype, flags, value, padded=True):
    c = struct.pack("!BBH", ctype, flags, 4 + len(value)) + value
    return pad(c) if padded else c


def param(ptype, value):
    return pad(struct.pack("!HH", ptype, 4 + len(value)) + value)


def packet(chunks, tag=0x11223344, src=5000, dst=5000, checksum=True):
    body = struct.pack("!HHI", src, dst, tag) + bytes(4) + b"".join(chunks)
    if not checksum:
        return body
    return body[:8] + crc_wire(body) + body[12:]


def data_chunk(tsn, sid, ssn, ppid, payload, u=False, b=True, e=True, i=False):
    flags = (8 if i else 0) | (4 if u else 0) | (2 if b else 0) | (1 if e else 0)
    return chunk(0, flags, struct.pack("!IHHI", tsn, sid, ssn, ppid) + payload)


def init_chunk(ack, tag, rwnd, os_, mis, itsn, params=b""):
    return chunk(2 if ack else 1, 0, struct.pack("!IIHHI", tag, rwnd, os_, mis, itsn) + params)


def hexs(b):
    return b.hex()


# ---------------------------------------------------------------- rfc9260.json

def decode_vector(vid, title, section, level, pkt, expect_chunks, frm=None, rfc="9260", tag=0x11223344):
    return vector(vid, title, "sctp.decode", rfc, section, level, {"hex": hexs(pkt)},
                  {"verificationTag": tag, "checksum": hexs(pkt[8:12]), "chunks": expect_chunks}, frm=frm)


def negative(vid, title, section, pkt, kind, chunk_name, offset, level="MUST", rfc="9260"):
    return vector(vid, title, "sctp.decode", rfc, section, level, {"hex": hexs(pkt)},
                  {"error": {"kind": kind, "chunk": chunk_name, "offset": offset}})


def rfc9260_file():
    vs = []
    for name, data, want in B4:
        vs.append(vector("crc32c.b4-" + name, "RFC 3720 §B.4 CRC32c example: 32 bytes, " + name
                         if name != "iscsi-read" else "RFC 3720 §B.4 CRC32c example: iSCSI read PDU",
                         "sctp.crc32c", "9260", "A", "MUST", {"hex": hexs(data)},
                         {"crc32c": want}, frm="RFC 3720 §B.4"))

    payload = b"hello"
    p = packet([data_chunk(1000, 1, 7, 51, payload)])
    vs.append(decode_vector("data.single", "DATA: one unfragmented ordered message, padding after 5 bytes",
                            "3.3.1", "MUST", p, [{"type": "DATA", "tsn": 1000, "streamId": 1, "ssn": 7,
                                                   "ppid": 51, "beginning": True, "ending": True,
                                                   "unordered": False, "immediate": False,
                                                   "payload": hexs(payload)}]))
    p = packet([data_chunk(0xFFFFFFFF, 3, 0, 53, b"\x01\x02\x03\x04", u=True, b=True, e=False, i=True)])
    vs.append(decode_vector("data.flags", "DATA with I, U and B set, E clear; TSN 2^32-1", "3.3.1", "MUST", p,
                            [{"type": "DATA", "tsn": 4294967295, "unordered": True, "beginning": True,
                              "ending": False, "immediate": True, "ppid": 53}], frm="RFC 7053 §3 (I bit)"))
    p = packet([chunk(64, 3, struct.pack("!IHHII", 5, 2, 0, 9, 51) + b"xy")])
    vs.append(decode_vector("i-data.first", "I-DATA first fragment: MID and PPID", "2.1", "MAY", p,
                            [{"type": "I-DATA", "tsn": 5, "streamId": 2, "messageId": 9, "ppid": 51,
                              "payload": hexs(b"xy")}], rfc="8260"))
    params = param(0xC000, b"") + param(0x8008, bytes([192, 130]))
    p = packet([init_chunk(False, 0x01020304, 131072, 1024, 2048, 4000, params)], tag=0)
    vs.append(decode_vector("init.webrtc", "INIT with Forward-TSN-Supported and Supported Extensions "
                            "(FORWARD-TSN, RE-CONFIG)", "3.3.2", "MUST", p,
                            [{"type": "INIT", "initiateTag": 16909060, "advertisedReceiverWindow": 131072,
                              "outboundStreams": 1024, "inboundStreams": 2048, "initialTsn": 4000,
                              "parameters": [{"type": "forward-tsn-supported"},
                                             {"type": "supported-extensions", "chunkTypes": [192, 130]}]}],
                            tag=0))
    cookie = bytes(range(20))
    p = packet([init_chunk(True, 0x0A0B0C0D, 65536, 16, 16, 1, param(7, cookie) + param(0xC000, b""))])
    vs.append(decode_vector("init-ack.cookie", "INIT ACK carrying a State Cookie", "3.3.3", "MUST", p,
                            [{"type": "INIT-ACK", "initiateTag": 168496141, "cookie": hexs(cookie),
                              "forwardTsnSupported": True}]))
    sack = struct.pack("!IIHH", 100, 5000, 2, 1) + struct.pack("!HHHH", 2, 3, 5, 5) + struct.pack("!I", 99)
    p = packet([chunk(3, 0, sack)])
    vs.append(decode_vector("sack.gaps-and-dups", "SACK with two gap ack blocks and a duplicate TSN",
                            "3.3.4", "MUST", p,
                            [{"type": "SACK", "cumulativeTsnAck": 100, "advertisedReceiverWindow": 5000,
                              "gapBlocks": [[2, 3], [5, 5]], "duplicateTsns": [99]}]))
    info = bytes.fromhex("0102030405")
    p = packet([chunk(4, 0, param(1, info))])
    vs.append(decode_vector("heartbeat", "HEARTBEAT with a 5-byte Heartbeat Info (parameter padded)",
                            "3.3.5", "MUST", p, [{"type": "HEARTBEAT", "info": hexs(info)}]))
    p = packet([chunk(5, 0, param(1, info))])
    vs.append(decode_vector("heartbeat-ack", "HEARTBEAT ACK echoing the info", "3.3.6", "MUST", p,
                            [{"type": "HEARTBEAT-ACK", "info": hexs(info)}]))
    p = packet([chunk(0x84, 0, b"\xa5" * 8)])
    vs.append(decode_vector("pad", "PAD chunk: its padding data is skipped, only the length is kept",
                            "3", "MUST", p, [{"type": "PAD", "paddingLength": 8}], rfc="4820"))
    probe_info = struct.pack("!II", 1200, 0xCAFE) + bytes(8)
    hb = chunk(4, 0, param(1, probe_info))
    p = packet([hb, chunk(0x84, 0, bytes(1200 - 12 - len(hb) - 4))])
    assert len(p) == 1200
    vs.append(decode_vector("pad.plpmtu-probe", "A 1200-byte path MTU probe: a minimum HEARTBEAT and a PAD "
                            "chunk filling the packet", "6.2", "SHOULD", p,
                            [{"type": "HEARTBEAT", "info": hexs(probe_info)},
                             {"type": "PAD", "paddingLength": 1200 - 12 - len(hb) - 4}], rfc="8899"))
    reason = b"bye"
    p = packet([chunk(6, 1, pad(struct.pack("!HH", 12, 4 + len(reason)) + reason))])
    vs.append(decode_vector("abort.user-initiated", "ABORT with T bit and a User-Initiated Abort cause",
                            "3.3.7", "MUST", p,
                            [{"type": "ABORT", "tagReflected": True,
                              "causes": [{"code": 12, "info": hexs(reason)}]}]))
    p = packet([chunk(7, 0, struct.pack("!I", 77))])
    vs.append(decode_vector("shutdown", "SHUTDOWN with its cumulative TSN ack", "3.3.8", "MUST", p,
                            [{"type": "SHUTDOWN", "cumulativeTsnAck": 77}]))
    p = packet([chunk(8, 0, b""), chunk(14, 1, b"")])
    vs.append(decode_vector("shutdown-ack-and-complete", "SHUTDOWN ACK and SHUTDOWN COMPLETE (T bit) bundled",
                            "3.3.9", "MUST", p,
                            [{"type": "SHUTDOWN-ACK"}, {"type": "SHUTDOWN-COMPLETE", "tagReflected": True}]))
    p = packet([chunk(9, 0, struct.pack("!HHI", 3, 8, 500000))])
    vs.append(decode_vector("error.stale-cookie", "ERROR with a Stale Cookie cause (staleness 500 ms)",
                            "3.3.10", "MUST", p,
                            [{"type": "ERROR", "causes": [{"code": 3, "info": "0007a120"}]}]))
    p = packet([chunk(10, 0, cookie), chunk(11, 0, b"")])
    vs.append(decode_vector("cookie-echo-and-ack", "COOKIE ECHO and COOKIE ACK", "3.3.11", "MUST", p,
                            [{"type": "COOKIE-ECHO", "cookie": hexs(cookie)}, {"type": "COOKIE-ACK"}]))
    p = packet([chunk(192, 0, struct.pack("!IHHHH", 1000, 1, 4, 3, 9))])
    vs.append(decode_vector("forward-tsn", "FORWARD TSN with two stream/SSN entries", "3.2", "MUST", p,
                            [{"type": "FORWARD-TSN", "newCumulativeTsn": 1000,
                              "streams": [{"streamId": 1, "ssn": 4}, {"streamId": 3, "ssn": 9}]}],
                            rfc="3758"))
    req = param(13, struct.pack("!IIIHH", 7, 6, 999, 1, 3))
    p = packet([chunk(130, 0, req)])
    vs.append(decode_vector("re-config.outgoing-reset", "RE-CONFIG with an Outgoing SSN Reset Request for "
                            "streams 1 and 3", "4.1", "MUST", p,
                            [{"type": "RE-CONFIG", "parameters": [
                                {"type": "outgoing-ssn-reset-request", "requestSequence": 7,
                                 "responseSequence": 6, "senderLastTsn": 999, "streams": [1, 3]}]}],
                            rfc="6525"))
    resp = param(16, struct.pack("!II", 7, 1))
    p = packet([chunk(130, 0, resp)])
    vs.append(decode_vector("re-config.response", "RE-CONFIG with a Re-configuration Response "
                            "(Success - Performed)", "4.4", "MUST", p,
                            [{"type": "RE-CONFIG", "parameters": [
                                {"type": "reconfiguration-response", "responseSequence": 7, "result": 1}]}],
                            rfc="6525"))
    p = packet([chunk(0x3F, 5, b"\xaa\xbb")])
    vs.append(decode_vector("unknown-chunk", "An unknown chunk type is kept, not refused (upper bits 00: "
                            "the receiver decides)", "3.2", "MUST", p,
                            [{"type": "chunk-63", "typeCode": 63, "flags": 5, "value": "aabb"}]))
    p_unpadded_last = packet([data_chunk(1, 0, 0, 51, b"abc")[:-1]])
    vs.append(decode_vector("data.last-chunk-unpadded", "The last chunk may omit its padding", "3.2", "SHOULD",
                            p_unpadded_last, [{"type": "DATA", "payload": hexs(b"abc")}]))

    # encodes: JSON in, bytes out (checksum included)
    enc = packet([data_chunk(1000, 1, 7, 51, payload)])
    vs.append(vector("encode.data", "Encode one DATA chunk, padded, with its CRC32c", "sctp.encode", "9260",
                     "3.3.1", "MUST",
                     {"packet": {"sourcePort": 5000, "destinationPort": 5000, "verificationTag": 0x11223344,
                                 "chunks": [{"type": "DATA", "tsn": 1000, "streamId": 1, "ssn": 7, "ppid": 51,
                                             "payload": hexs(payload)}]}},
                     {"hex": hexs(enc), "checksum": hexs(enc[8:12])}))
    enc = packet([chunk(3, 0, sack)])
    vs.append(vector("encode.sack", "Encode a SACK with gap blocks and a duplicate", "sctp.encode", "9260",
                     "3.3.4", "MUST",
                     {"packet": {"verificationTag": 0x11223344, "chunks": [
                         {"type": "SACK", "cumulativeTsnAck": 100, "advertisedReceiverWindow": 5000,
                          "gapBlocks": [[2, 3], [5, 5]], "duplicateTsns": [99]}]}},
                     {"hex": hexs(enc)}))
    enc = packet([chunk(130, 0, req)])
    vs.append(vector("encode.re-config", "Encode an Outgoing SSN Reset Request", "sctp.encode", "6525",
                     "4.1", "MUST",
                     {"packet": {"verificationTag": 0x11223344, "chunks": [
                         {"type": "RE-CONFIG", "parameters": [
                             {"type": "outgoing-ssn-reset-request", "requestSequence": 7,
                              "responseSequence": 6, "senderLastTsn": 999, "streams": [1, 3]}]}]}},
                     {"hex": hexs(enc)}))

    # negatives
    good = packet([chunk(7, 0, struct.pack("!I", 5)), chunk(11, 0, b"")])
    bad = bytearray(good)
    bad[13] ^= 1
    vs.append(negative("negative.bad-checksum", "One bit flipped after the header: CRC32c mismatch", "6.8",
                       bytes(bad), "bad-checksum", "header", 8))
    vs.append(negative("negative.short-header", "Five bytes: no common header", "3.1",
                       bytes(5), "truncated", "header", 0))
    vs.append(negative("negative.chunk-length-below-4", "A chunk length of 2", "3.2",
                       packet([struct.pack("!BBH", 11, 0, 2)]), "bad-length", "COOKIE-ACK", 14))
    vs.append(negative("negative.chunk-past-end", "A DATA chunk whose length runs past the packet", "3.2",
                       packet([struct.pack("!BBHIHHI", 0, 3, 40, 1, 0, 0, 51) + b"abcd"]),
                       "bad-length", "DATA", 14))
    vs.append(negative("negative.data-empty", "A DATA chunk with no user data (length 16)", "3.3.1",
                       packet([struct.pack("!BBHIHHI", 0, 3, 16, 1, 0, 0, 51)]), "bad-length", "DATA", 14))
    vs.append(negative("negative.sack-count-mismatch", "SACK announcing 2 gap blocks but carrying 1", "3.3.4",
                       packet([chunk(3, 0, struct.pack("!IIHHHH", 1, 1, 2, 0, 1, 1))]),
                       "bad-length", "SACK", 14))
    vs.append(negative("negative.init-zero-tag", "INIT with initiate tag 0", "3.3.2",
                       packet([init_chunk(False, 0, 1, 1, 1, 1)], tag=0), "malformed", "INIT", 16))
    vs.append(negative("negative.init-zero-streams", "INIT with 0 outbound streams", "3.3.2",
                       packet([init_chunk(False, 1, 1, 0, 1, 1)], tag=0), "malformed", "INIT", 24))
    vs.append(negative("negative.shutdown-length", "SHUTDOWN of length 12", "3.3.8",
                       packet([chunk(7, 0, bytes(8))]), "bad-length", "SHUTDOWN", 14))
    vs.append(negative("negative.heartbeat-no-info", "HEARTBEAT without the Heartbeat Info parameter", "3.3.5",
                       packet([chunk(4, 0, b"")]), "malformed", "HEARTBEAT", 16))
    vs.append(negative("negative.parameter-overrun", "INIT parameter whose length runs past the chunk",
                       "3.2.1", packet([init_chunk(False, 1, 1, 1, 1, 1, struct.pack("!HH", 0xC000, 40))], tag=0),
                       "bad-length", "INIT", 34))
    vs.append(negative("negative.forward-tsn-length", "FORWARD TSN of length 10", "3.2",
                       packet([chunk(192, 0, bytes(6))]), "bad-length", "FORWARD-TSN", 14, rfc="3758"))
    vs.append(negative("negative.re-config-three-params", "RE-CONFIG with three parameters", "3.1",
                       packet([chunk(130, 0, resp + resp + resp)]), "malformed", "RE-CONFIG", 16,
                       rfc="6525"))
    vs.append(negative("negative.response-length", "Re-configuration Response of length 16", "4.4",
                       packet([chunk(130, 0, param(16, bytes(12)))]), "bad-length", "RE-CONFIG", 18,
                       rfc="6525"))
    return suite_file(SCRIPT, {
        "id": "sctp/rfc9260", "title": "RFC 9260 SCTP packets and chunks (with RFC 3758, RFC 6525, "
        "RFC 8260): encodings, decodings, CRC32c, refusals", "protocol": "SCTP", "rfc": "9260",
        "link": "https://www.rfc-editor.org/rfc/rfc9260"}, vs)


# ---------------------------------------------------------------- rfc9260-association.json

PEER_TAG = 0x01020304
PEER_TSN = 1000
SUBJ_TAG = "${initAck.last.INIT-ACK.initiateTag}"
PPID_STRING = 51


def handshake():
    init = {"type": "INIT", "initiateTag": PEER_TAG, "advertisedReceiverWindow": 131072,
            "outboundStreams": 16, "inboundStreams": 16, "initialTsn": PEER_TSN,
            "parameters": [{"type": "forward-tsn-supported"},
                           {"type": "supported-extensions", "chunkTypes": [192, 130]}]}
    return [
        {"op": "sctp.listen", "args": {"seed": 7}},
        {"op": "sctp.receive", "args": {"at": 0, "packet": {"verificationTag": 0, "chunks": [init]}},
         "expect": {"chunkTypes": ["INIT-ACK"], "packets": [{"verificationTag": PEER_TAG}]}, "as": "initAck"},
        {"op": "sctp.receive",
         "args": {"at": 10, "packet": {"verificationTag": SUBJ_TAG, "chunks": [
             {"type": "COOKIE-ECHO", "cookie": "${initAck.last.INIT-ACK.cookie}"}]}},
         "expect": {"chunkTypes": ["COOKIE-ACK"], "eventTypes": ["connected"], "state": "ESTABLISHED"}},
    ]


def send(at, chunks, expect=None, tag=SUBJ_TAG, save=None, **extra):
    s = {"op": "sctp.receive", "args": dict({"at": at, "packet": {"verificationTag": tag, "chunks": chunks}},
                                            **extra)}
    if expect is not None:
        s["expect"] = expect
    if save:
        s["as"] = save
    return s


def data(tsn, ssn=0, sid=1, text=b"hello", **flags):
    d = {"type": "DATA", "tsn": tsn, "streamId": sid, "ssn": ssn, "ppid": PPID_STRING, "payload": hexs(text)}
    d.update(flags)
    return d


def scripted(vid, title, rfc, section, level, steps):
    v = vector(vid, title, "sctp.receive", rfc, section, level, None, None)
    del v["args"]
    del v["expect"]
    v["steps"] = steps
    return v


def plpmtud_search():
    """RFC 8899 §6.2 with MAX_PLPMTU 1432: probes of 1200 (BASE), 1412 and 1432 bytes, each sent
    once the one before is answered, then nothing more (no confirmation probes, §6.2.3.3)."""
    steps = handshake()
    steps[0] = {"op": "sctp.listen", "args": {"seed": 7, "maxPlpmtu": 1432}}
    steps[2] = dict(steps[2], expect={"chunkTypes": ["COOKIE-ACK", "HEARTBEAT", "PAD"],
                                      "packets": [{}, {"size": 1200}], "state": "ESTABLISHED"}, **{"as": "p1200"})
    for prev, size, at in (("p1200", 1412, 20), ("p1412", 1432, 30)):
        steps.append(send(at, [{"type": "HEARTBEAT-ACK", "info": "${%s.last.HEARTBEAT.info}" % prev}],
                          {"chunkTypes": ["HEARTBEAT", "PAD"], "packets": [{"size": size}]}, save="p%d" % size))
    steps.append(send(40, [{"type": "HEARTBEAT-ACK", "info": "${p1432.last.HEARTBEAT.info}"}],
                      {"chunkTypes": []}))
    steps.append({"op": "sctp.advance", "args": {"to": 20000}, "expect": {"chunkTypes": []}})
    return steps


def association_file():
    vs = []
    vs.append(scripted("handshake", "INIT → INIT ACK with a cookie and our tag; COOKIE ECHO → COOKIE ACK, "
                       "established", "9260", "5.1", "MUST", handshake()))
    vs.append(scripted("init-ack.forward-tsn", "The INIT ACK announces Forward-TSN-Supported "
                       "(WebRTC needs partial reliability)", "8831", "6.1", "MUST", handshake()[:1] + [
                           dict(handshake()[1], expect={"last": {"INIT-ACK": {"forwardTsnSupported": True}}})]))
    vs.append(scripted("cookie.foreign", "A COOKIE ECHO with a cookie the subject did not make is discarded",
                       "9260", "5.1.5", "MUST", handshake()[:2] + [
                           send(10, [{"type": "COOKIE-ECHO", "cookie": "00" * 64}],
                                {"chunkTypes": [], "state": "CLOSED"})]))
    vs.append(scripted("data.delivered-and-sacked", "One DATA chunk is delivered and acknowledged within "
                       "500 ms", "9260", "6.2", "MUST", handshake() + [
                           send(20, [data(PEER_TSN)], {"eventTypes": ["message"], "events": [
                               {"streamId": 1, "ppid": 51, "data": hexs(b"hello")}]}),
                           {"op": "sctp.advance", "args": {"to": 520},
                            "expect": {"last": {"SACK": {"cumulativeTsnAck": PEER_TSN, "gapBlocks": []}}}}]))
    vs.append(scripted("sack.delayed", "A lone DATA packet is not acknowledged at once (delayed SACK)",
                       "9260", "6.2", "SHOULD", handshake() + [send(20, [data(PEER_TSN)], {"chunkTypes": []})]))
    vs.append(scripted("sack.every-second-packet", "The second packet with DATA is acknowledged at once",
                       "9260", "6.2", "SHOULD", handshake() + [
                           send(20, [data(PEER_TSN)]),
                           send(21, [data(PEER_TSN + 1, ssn=1)], {"chunkTypes": ["SACK"], "last": {
                               "SACK": {"cumulativeTsnAck": PEER_TSN + 1}}})]))
    vs.append(scripted("sack.gap", "A gap is reported at once with a gap ack block", "9260", "6.7", "SHOULD",
                       handshake() + [
                           send(20, [data(PEER_TSN)]),
                           send(21, [data(PEER_TSN + 2, ssn=2)], {"chunkTypes": ["SACK"], "last": {
                               "SACK": {"cumulativeTsnAck": PEER_TSN, "gapBlocks": [[2, 2]]}}})]))
    vs.append(scripted("sack.duplicate", "A duplicate DATA chunk is reported in an immediate SACK", "9260",
                       "6.2", "MUST", handshake() + [
                           send(20, [data(PEER_TSN)]),
                           send(21, [data(PEER_TSN)], {"chunkTypes": ["SACK"], "last": {
                               "SACK": {"cumulativeTsnAck": PEER_TSN, "duplicateTsns": [PEER_TSN]}}})]))
    vs.append(scripted("data.reassembly", "Three fragments arriving out of order make one message", "9260",
                       "6.9", "MUST", handshake() + [
                           send(20, [data(PEER_TSN + 2, text=b"ghi", beginning=False, ending=True)]),
                           send(21, [data(PEER_TSN, text=b"abc", beginning=True, ending=False)]),
                           send(22, [data(PEER_TSN + 1, text=b"def", beginning=False, ending=False)],
                                {"eventTypes": ["message"], "events": [{"data": hexs(b"abcdefghi")}]})]))
    vs.append(scripted("data.ordered-waits", "An ordered message waits for the one before it", "9260", "6.6",
                       "MUST", handshake() + [
                           send(20, [data(PEER_TSN + 1, ssn=1, text=b"second")], {"eventTypes": []}),
                           send(21, [data(PEER_TSN, ssn=0, text=b"first")],
                                {"eventTypes": ["message", "message"], "events": [
                                    {"data": hexs(b"first")}, {"data": hexs(b"second")}]})]))
    vs.append(scripted("data.unordered-immediate", "An unordered message is delivered despite a gap before it",
                       "9260", "6.6", "MUST", handshake() + [
                           send(20, [data(PEER_TSN + 1, text=b"now", unordered=True)],
                                {"eventTypes": ["message"], "events": [{"unordered": True}]})]))
    vs.append(scripted("data.wrong-tag", "DATA with a wrong verification tag is discarded", "9260", "8.5",
                       "MUST", handshake() + [
                           send(20, [data(PEER_TSN)], {"chunkTypes": [], "eventTypes": []}, tag=1)]))
    vs.append(scripted("data.bad-checksum", "A packet with a bad CRC32c is discarded", "9260", "6.8", "MUST",
                       handshake() + [
                           send(20, [data(PEER_TSN)], {"chunkTypes": [], "eventTypes": ["packet-rejected"]},
                                corruptChecksum=True)]))
    vs.append(scripted("heartbeat.with-pad", "A HEARTBEAT padded with a PAD chunk (a path MTU probe) is "
                       "answered with a HEARTBEAT ACK of the info alone; PAD raises no ERROR", "4820", "3",
                       "MUST", handshake() + [
                           send(20, [{"type": "HEARTBEAT", "info": "0102030405"},
                                     {"type": "PAD", "paddingLength": 1100}],
                                {"chunkTypes": ["HEARTBEAT-ACK"], "packets": [{"size": 12 + 16}],
                                 "last": {"HEARTBEAT-ACK": {"info": "0102030405"}}})]))
    vs.append(scripted("plpmtud.search", "Path MTU discovery probes BASE_PLPMTU, then larger sizes, each "
                       "after the previous probe's HEARTBEAT ACK, up to MAX_PLPMTU", "8899", "6.2", "SHOULD",
                       plpmtud_search()))
    vs.append(scripted("heartbeat", "HEARTBEAT is answered with HEARTBEAT ACK echoing the info", "9260",
                       "8.3", "MUST", handshake() + [
                           send(20, [{"type": "HEARTBEAT", "info": "0102030405"}],
                                {"chunkTypes": ["HEARTBEAT-ACK"], "last": {"HEARTBEAT-ACK": {
                                    "info": "0102030405"}}})]))
    vs.append(scripted("abort", "ABORT closes the association", "9260", "9.1", "MUST", handshake() + [
        send(20, [{"type": "ABORT", "causes": [{"code": 12, "info": hexs(b"bye")}]}],
             {"chunkTypes": [], "eventTypes": ["aborted"], "state": "CLOSED"})]))
    vs.append(scripted("abort.wrong-tag", "ABORT with a wrong verification tag is ignored", "9260", "8.5.1",
                       "MUST", handshake() + [
                           send(20, [{"type": "ABORT"}], {"eventTypes": [], "state": "ESTABLISHED"}, tag=1)]))
    vs.append(scripted("forward-tsn", "FORWARD TSN skips a lost ordered message; the next one is delivered",
                       "3758", "3.6", "MUST", handshake() + [
                           send(20, [data(PEER_TSN + 1, ssn=1, text=b"after")], {"eventTypes": []}),
                           send(21, [{"type": "FORWARD-TSN", "newCumulativeTsn": PEER_TSN,
                                      "streams": [{"streamId": 1, "ssn": 0}]}],
                                {"chunkTypes": ["SACK"], "last": {"SACK": {"cumulativeTsnAck": PEER_TSN + 1}},
                                 "eventTypes": ["message"], "events": [{"data": hexs(b"after")}]})]))
    reset = {"type": "outgoing-ssn-reset-request", "requestSequence": PEER_TSN, "responseSequence": 0,
             "senderLastTsn": PEER_TSN - 1, "streams": [1]}
    vs.append(scripted("reset.performed", "An Outgoing SSN Reset Request with nothing outstanding is "
                       "performed at once", "6525", "5.2.2", "MUST", handshake() + [
                           send(20, [{"type": "RE-CONFIG", "parameters": [reset]}],
                                {"chunkTypes": ["RE-CONFIG"], "eventTypes": ["incoming-streams-reset"],
                                 "last": {"RE-CONFIG": {"parameters": [
                                     {"type": "reconfiguration-response", "responseSequence": PEER_TSN,
                                      "result": 1}]}}}),
                           send(30, [data(PEER_TSN, ssn=0, text=b"fresh")],
                                {"eventTypes": ["message"], "events": [{"data": hexs(b"fresh")}]})]))
    pending = dict(reset, senderLastTsn=PEER_TSN + 1)
    vs.append(scripted("reset.in-progress", "A reset whose last TSN has not arrived is answered In progress, "
                       "then performed once it has", "6525", "5.2.2", "SHOULD", handshake() + [
                           send(20, [data(PEER_TSN + 1, ssn=1)]),
                           send(21, [{"type": "RE-CONFIG", "parameters": [pending]}],
                                {"last": {"RE-CONFIG": {"parameters": [
                                    {"type": "reconfiguration-response", "result": 6}]}}, "eventTypes": []}),
                           send(22, [data(PEER_TSN, ssn=0)],
                                {"last": {"RE-CONFIG": {"parameters": [
                                    {"type": "reconfiguration-response", "result": 1}]}},
                                 "eventTypes": ["message", "message", "incoming-streams-reset"]})]))
    vs.append(scripted("reset.bad-sequence", "A reset request with an unexpected sequence number is refused",
                       "6525", "5.2.2", "MUST", handshake() + [
                           send(20, [{"type": "RE-CONFIG", "parameters": [dict(reset, requestSequence=5)]}],
                                {"eventTypes": [], "last": {"RE-CONFIG": {"parameters": [
                                    {"type": "reconfiguration-response", "responseSequence": 5,
                                     "result": 5}]}}})]))
    return suite_file(SCRIPT, {
        "id": "sctp/rfc9260-association", "title": "RFC 9260 association behaviour, scripted on virtual "
        "time: handshake, SACK rules, delivery, verification, heartbeat, abort, FORWARD TSN, stream reset",
        "protocol": "SCTP", "rfc": "9260", "link": "https://www.rfc-editor.org/rfc/rfc9260"}, vs)


# ---------------------------------------------------------------- rfc8832.json

CHANNEL_TYPES = [
    ("DATA_CHANNEL_RELIABLE", 0x00, 0),
    ("DATA_CHANNEL_RELIABLE_UNORDERED", 0x80, 0),
    ("DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT", 0x01, 3),
    ("DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT_UNORDERED", 0x81, 0),
    ("DATA_CHANNEL_PARTIAL_RELIABLE_TIMED", 0x02, 1500),
    ("DATA_CHANNEL_PARTIAL_RELIABLE_TIMED_UNORDERED", 0x82, 100),
]


def dcep_open(ctype, priority, reliability, label, protocol):
    lb = label.encode("utf-8")
    pb = protocol.encode("utf-8")
    return struct.pack("!BBHIHH", 3, ctype, priority, reliability, len(lb), len(pb)) + lb + pb


def rfc8832_file():
    vs = []
    for name, code, rel in CHANNEL_TYPES:
        b = dcep_open(code, 256, rel, "chat", "")
        fields = {"type": "DATA_CHANNEL_OPEN", "channelType": name, "priority": 256,
                  "reliabilityParameter": rel, "label": "chat", "protocol": ""}
        short = name[len("DATA_CHANNEL_"):].lower().replace("_", "-")
        vs.append(vector("open.decode." + short, "DATA_CHANNEL_OPEN, channel type %s (0x%02x)" % (name, code),
                         "dcep.decode", "8832", "5.1", "MUST", {"hex": hexs(b)},
                         dict(fields, channelTypeCode=code)))
        vs.append(vector("open.encode." + short, "Encode DATA_CHANNEL_OPEN, channel type " + name,
                         "dcep.encode", "8832", "5.1", "MUST", fields, {"hex": hexs(b)}))
    for prio in (128, 256, 512, 1024):
        b = dcep_open(0, prio, 0, "p", "")
        vs.append(vector("open.priority-%d" % prio, "DATA_CHANNEL_OPEN with priority %d" % prio, "dcep.decode",
                         "8832", "5.1", "MUST", {"hex": hexs(b)}, {"priority": prio}))
    b = dcep_open(0, 256, 0, "", "")
    vs.append(vector("open.empty-label", "Empty label and protocol", "dcep.decode", "8832", "5.1", "MUST",
                     {"hex": hexs(b)}, {"label": "", "protocol": ""}))
    b = dcep_open(0, 256, 0, "canal-ñ-🙂", "x-protocol/1")
    vs.append(vector("open.utf8", "UTF-8 label and a protocol", "dcep.decode", "8832", "5.1", "MUST",
                     {"hex": hexs(b)}, {"label": "canal-ñ-🙂", "protocol": "x-protocol/1"}))
    vs.append(vector("open.encode.utf8", "Encode a UTF-8 label and a protocol (lengths in bytes)",
                     "dcep.encode", "8832", "5.1", "MUST",
                     {"type": "DATA_CHANNEL_OPEN", "channelType": "DATA_CHANNEL_RELIABLE", "priority": 256,
                      "reliabilityParameter": 0, "label": "canal-ñ-🙂", "protocol": "x-protocol/1"},
                     {"hex": hexs(b)}))
    vs.append(vector("ack.decode", "DATA_CHANNEL_ACK is the single byte 0x02", "dcep.decode", "8832", "5.2",
                     "MUST", {"hex": "02"}, {"type": "DATA_CHANNEL_ACK"}))
    vs.append(vector("ack.encode", "Encode DATA_CHANNEL_ACK", "dcep.encode", "8832", "5.2", "MUST",
                     {"type": "DATA_CHANNEL_ACK"}, {"hex": "02"}))

    def neg(vid, title, section, b, kind, offset):
        vs.append(vector("negative." + vid, title, "dcep.decode", "8832", section, "MUST", {"hex": hexs(b)},
                         {"error": {"kind": kind, "offset": offset}}))
    neg("empty", "An empty message", "5", b"", "truncated", 0)
    neg("unknown-type", "Message type 0x04 is not DCEP", "8.2.1", b"\x04", "unknown-message-type", 0)
    neg("open-truncated", "DATA_CHANNEL_OPEN cut after 6 bytes", "5.1", dcep_open(0, 256, 0, "", "")[:6],
        "truncated", 6)
    neg("unknown-channel-type", "Channel type 0x03 is not defined", "8.2.2", dcep_open(3, 256, 0, "a", ""),
        "unknown-channel-type", 1)
    neg("label-overruns", "Label length larger than what follows", "5.1",
        dcep_open(0, 256, 0, "abc", "")[:-1], "bad-length", 8)
    neg("trailing-bytes", "Bytes after the protocol", "5.1", dcep_open(0, 256, 0, "abc", "") + b"zz",
        "bad-length", 8)
    neg("label-not-utf8", "A label that is not UTF-8", "5.1",
        struct.pack("!BBHIHH", 3, 0, 256, 0, 2, 0) + b"\xc3\x28", "bad-utf8", 12)
    return suite_file(SCRIPT, {
        "id": "sctp/rfc8832", "title": "RFC 8832 DCEP: DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK encodings, "
        "channel types, priorities, refusals", "protocol": "SCTP", "rfc": "8832",
        "link": "https://www.rfc-editor.org/rfc/rfc8832"}, vs)


if __name__ == "__main__":
    self_check()
    write("sctp", "rfc9260.json", rfc9260_file())
    write("sctp", "rfc9260-association.json", association_file())
    write("sctp", "rfc8832.json", rfc8832_file())
    print("wrote the sctp vectors")
