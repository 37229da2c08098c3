#!/usr/bin/env python3
"""Generates the RTCP vector files (RFC 3550 §6, Appendix A; RFC 5506).

rtcp/rfc3550-packets.json: SR, RR, SDES and BYE bytes built here from the
packet diagrams of RFC 3550 §6.4.1, §6.4.2, §6.5 and §6.6, decoded to their
fields (`rtcp.decode`) and encoded from them (`rtcp.encode`), and compounds
that break one of the validity checks of Appendix A.2, each refused with the
rule it breaks and the byte where it is broken.

rtcp/rfc3550-reception.json: scripts of RTP packets and SRs arriving on
virtual time, and the report block a receiver must send after them
(`rtcp.reception`). The expected blocks come from `Source` below, a
transcription of the C code of Appendix A.1 (update_seq), A.3 (expected and
lost packets, fraction lost) and A.8 (interarrival jitter, integer form),
and of the LSR/DLSR rules of §6.4.1, written independently of the stack under
test: the own stack is not allowed to grade itself.

Two choices the RFC leaves open, taken as most stacks take them:
- jitter is updated by every packet update_seq accepts (duplicates and
  reordered packets included); the first accepted packet only sets the transit
  time (the scenarios keep the probation packet's transit equal to the next
  one's, so a stack that also counts it agrees);
- arrival times are converted to RTP units by floor(atMs * clockRate / 1000).

Run it after changing it:

    python3 vectors/tools/generate_rtcp_vectors.py

and commit the JSON it writes (`VectorCorpusTest` checks they agree).
"""
import struct

from vectorfile import vector, suite_file, write

SCRIPT = "generate_rtcp_vectors.py"
SR, RR, SDES, BYE, APP, RTPFB, PSFB = 200, 201, 202, 203, 204, 205, 206


def hexs(b):
    return b.hex()


# ---------------------------------------------------------------------------------------------
# Packets (RFC 3550 §6.4.1 header: V=2, P, count, PT, length in 32-bit words minus one)

def header(count, ptype, size, padding=False):
    assert size % 4 == 0
    return struct.pack("!BBH", 0x80 | (0x20 if padding else 0) | count, ptype, size // 4 - 1)


def block(ssrc, fraction=0, lost=0, ext_seq=0, jitter=0, lsr=0, dlsr=0):
    """A report block (RFC 3550 §6.4.1); cumulative lost is signed 24 bits, two's complement."""
    return struct.pack("!IB", ssrc, fraction) + (lost & 0xffffff).to_bytes(3, "big") + \
        struct.pack("!IIII", ext_seq, jitter, lsr, dlsr)


def block_json(ssrc, fraction=0, lost=0, ext_seq=0, jitter=0, lsr=0, dlsr=0):
    return {"ssrc": ssrc, "fractionLost": fraction, "cumulativeLost": lost,
            "extendedHighestSequence": ext_seq, "jitter": jitter, "lastSenderReport": lsr,
            "delaySinceLastSenderReport": dlsr}


def sr(ssrc, info, blocks, extension=b""):
    """info: (ntpSeconds, ntpFraction, rtpTimestamp, packetCount, octetCount)."""
    body = struct.pack("!I", ssrc) + struct.pack("!IIIII", *info) + b"".join(block(**b) for b in blocks)
    body += extension
    return header(len(blocks), SR, 4 + len(body)) + body


def sr_json(ssrc, info, blocks):
    return {"type": "SR", "senderSsrc": ssrc,
            "senderInfo": dict(zip(["ntpSeconds", "ntpFraction", "rtpTimestamp", "packetCount",
                                    "octetCount"], info)),
            "reportBlocks": [block_json(**b) for b in blocks]}


def rr(ssrc, blocks):
    body = struct.pack("!I", ssrc) + b"".join(block(**b) for b in blocks)
    return header(len(blocks), RR, 4 + len(body)) + body


def rr_json(ssrc, blocks):
    return {"type": "RR", "senderSsrc": ssrc, "reportBlocks": [block_json(**b) for b in blocks]}


def sdes_chunk(ssrc, cname):
    """RFC 3550 §6.5: SSRC, CNAME item (type 1, length, text), then one to four null octets: the
    END item and padding to the next 32-bit boundary."""
    text = cname.encode("utf-8")
    chunk = struct.pack("!IBB", ssrc, 1, len(text)) + text
    return chunk + b"\x00" * (4 - len(chunk) % 4)


def sdes(chunks):
    body = b"".join(sdes_chunk(s, c) for s, c in chunks)
    return header(len(chunks), SDES, 4 + len(body)) + body


def sdes_json(chunks):
    return {"type": "SDES", "cnames": [{"ssrc": s, "cname": c} for s, c in chunks]}


def bye(sources, reason=None):
    body = b"".join(struct.pack("!I", s) for s in sources)
    if reason is not None:
        text = reason.encode("utf-8")
        body += bytes([len(text)]) + text
        body += b"\x00" * (-len(body) % 4)  # RFC 3550 §6.6: padded to a 32-bit boundary
    return header(len(sources), BYE, 4 + len(body)) + body


def bye_json(sources, reason=None):
    o = {"type": "BYE", "sources": list(sources)}
    if reason is not None:
        o["reason"] = reason
    return o


def pli(sender, media):
    """A Picture Loss Indication (RFC 4585 §6.3.1): PSFB with FMT 1."""
    return header(1, PSFB, 12) + struct.pack("!II", sender, media)


def padded(packet, pad):
    """Sets P and appends `pad` padding octets, the last one counting them (RFC 3550 §6.4.1)."""
    out = bytearray(packet + b"\x00" * (pad - 1) + bytes([pad]))
    out[0] |= 0x20
    struct.pack_into("!H", out, 2, len(out) // 4 - 1)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# rtcp/rfc3550-packets.json

ALICE, BOB, CAROL = 0x11223344, 0x55667788, 0x9abcdef0
INFO = (0xe9a0b1c2, 0x80000000, 0x0012d687, 1234, 98765)
CNAME_A = "4TOk42mSjXCkVIa6"  # 16 characters, the length browsers use (RFC 7022 §4.2)


def packets_file():
    vs = []

    def dec(vid, title, section, level, data, expect_packets, rfc="3550", frm=None, reduced=None):
        args = {"hex": hexs(data)}
        if reduced is not None:
            args["reducedSize"] = reduced
        vs.append(vector("decode." + vid, title, "rtcp.decode", rfc, section, level, args,
                         {"packets": expect_packets}, frm=frm))

    def neg(vid, title, section, level, data, kind, offset, reduced=None):
        args = {"hex": hexs(data)}
        if reduced is not None:
            args["reducedSize"] = reduced
        vs.append(vector("decode.negative." + vid, title, "rtcp.decode", "3550", section, level, args,
                         {"error": {"kind": kind, "offset": offset}}))

    def enc(vid, title, section, level, packets_json, data):
        vs.append(vector("encode." + vid, title, "rtcp.encode", "3550", section, level,
                         {"packets": packets_json}, {"hex": hexs(data)}))

    blocks2 = [dict(ssrc=BOB, fraction=25, lost=17, ext_seq=0x0001_0203, jitter=480, lsr=0xb1c28000,
                    dlsr=0x00018000),
               dict(ssrc=CAROL, fraction=0, lost=-3, ext_seq=70000, jitter=12, lsr=0, dlsr=0)]
    sr2 = sr(ALICE, INFO, blocks2)
    sd1 = sdes([(ALICE, CNAME_A)])
    dec("sr-two-blocks-sdes", "SR with sender information and two report blocks (one with negative "
        "cumulative loss, sign-extended from 24 bits), then SDES CNAME", "6.4.1", "MUST", sr2 + sd1,
        [sr_json(ALICE, INFO, blocks2), sdes_json([(ALICE, CNAME_A)])])
    extremes = [dict(ssrc=BOB, fraction=255, lost=-0x800000, ext_seq=0xffffffff, jitter=0xffffffff,
                     lsr=0xffffffff, dlsr=0xffffffff),
                dict(ssrc=CAROL, fraction=1, lost=0x7fffff, ext_seq=0, jitter=0, lsr=1, dlsr=1)]
    dec("rr-field-extremes", "RR whose blocks hold the extremes of every field: cumulative loss "
        "-8388608 and +8388607, 32-bit fields at 2^32-1 (unsigned)", "6.4.2", "MUST",
        rr(BOB, extremes) + sdes([(BOB, "b")]), [rr_json(BOB, extremes), sdes_json([(BOB, "b")])])
    dec("rr-empty", "Empty RR (RC 0): a receiver that heard no one still starts its compound with a "
        "report (RFC 3550 §6.1)", "6.4.2", "MUST", rr(BOB, []) + sdes([(BOB, "bob@example.org")]),
        [rr_json(BOB, []), sdes_json([(BOB, "bob@example.org")])])
    ext = b"\xde\xad\xbe\xef\x00\x00\x00\x01"
    dec("sr-profile-extension", "SR with 8 bytes of profile-specific extension after its block: "
        "the length covers them, the block count does not (RFC 3550 §6.4.1)", "6.4.1", "MUST",
        sr(ALICE, INFO, blocks2[:1], ext) + sd1, [sr_json(ALICE, INFO, blocks2[:1]),
                                                  sdes_json([(ALICE, CNAME_A)])])
    two_chunks = [(ALICE, "alice@example.org"), (CAROL, "c")]
    dec("sdes-two-chunks-bye-reason", "RR, SDES with two chunks of different CNAMEs, BYE with two "
        "sources and a reason", "6.6", "MUST",
        rr(ALICE, []) + sdes(two_chunks) + bye([ALICE, CAROL], "shutting down"),
        [rr_json(ALICE, []), sdes_json(two_chunks), bye_json([ALICE, CAROL], "shutting down")])
    dec("bye-no-reason", "RR, SDES, BYE of one source without a reason", "6.6", "MUST",
        rr(ALICE, []) + sd1 + bye([ALICE]), [rr_json(ALICE, []), sdes_json([(ALICE, CNAME_A)]),
                                             bye_json([ALICE])])
    dec("padding-last", "Padding (P set, 8 octets, the last one counting them) on the last packet of "
        "the compound", "6.4.1", "MUST", rr(BOB, []) + padded(sdes([(BOB, "bob")]), 8),
        [rr_json(BOB, []), sdes_json([(BOB, "bob")])])
    dec("reduced-size-pli", "A lone PLI where reduced-size RTCP is negotiated (a=rtcp-rsize): no "
        "report first", "3.4.2", "MUST", pli(BOB, ALICE),
        [{"type": "PSFB", "typeCode": PSFB, "count": 1, "senderSsrc": BOB}], rfc="5506", reduced=True)
    dec("feedback-after-sdes", "RR, SDES, then a PLI: other packet types follow the report and SDES "
        "in any order (RFC 3550 §6.1)", "6.1", "MUST", rr(BOB, []) + sdes([(BOB, "b")]) + pli(BOB, ALICE),
        [rr_json(BOB, []), sdes_json([(BOB, "b")]),
         {"type": "PSFB", "typeCode": PSFB, "count": 1, "senderSsrc": BOB}])

    # Appendix A.2 validity checks and the packet bounds of §6.4-§6.6.
    rr0 = rr(BOB, [])
    sdb = sdes([(BOB, "bob")])
    neg("truncated", "Three bytes: shorter than an RTCP header", "6.4.1", "MUST", bytes.fromhex("80c900"),
        "truncated", 0)
    neg("trailing-bytes", "An RR followed by two stray bytes", "A.2", "SHOULD", rr0 + b"\x81\xca",
        "truncated", 8)
    neg("version-1", "Version 1 in the first packet", "A.2", "SHOULD",
        bytes([0x40]) + rr0[1:] + sdb, "bad-version", 0)
    neg("version-3-second", "Version 3 in the second packet", "A.2", "SHOULD",
        rr0 + bytes([0xc1]) + sdb[1:], "bad-version", 8)
    neg("first-not-report", "A compound that starts with SDES", "A.2", "SHOULD", sdb + rr0,
        "first-not-report", 1)
    neg("first-not-report-pli", "A lone PLI where reduced-size RTCP is not negotiated", "A.2", "SHOULD",
        pli(BOB, ALICE), "first-not-report", 1, reduced=False)
    neg("padding-not-last", "Padding on the first packet of a two-packet compound", "A.2", "SHOULD",
        padded(rr0, 4) + sdb, "padding-not-last", 0)
    neg("padding-count-zero", "Padding bit set on the last packet, padding count 0", "6.4.1", "MUST",
        rr0 + bytes([sdb[0] | 0x20]) + sdb[1:-1] + b"\x00",
        "bad-padding", 8 + len(sdb) - 1)
    neg("padding-count-too-big", "Padding count larger than the packet after its header", "6.4.1", "MUST",
        rr0 + bytes([sdb[0] | 0x20]) + sdb[1:-1] + bytes([len(sdb) - 3]), "bad-padding", 8 + len(sdb) - 1)
    long_rr = bytearray(rr0)
    struct.pack_into("!H", long_rr, 2, 3)
    neg("length-past-datagram", "RR whose length says 16 bytes in an 8-byte datagram", "A.2", "SHOULD",
        bytes(long_rr), "length-past-datagram", 2)
    neg("length-past-datagram-second", "A compound cut in its SDES (length field past the end)", "A.2",
        "SHOULD", rr0 + sdb[:-4], "length-past-datagram", 10)
    short_rr = bytearray(rr(BOB, []))
    short_rr[0] |= 1  # RC 1, no room for the block
    neg("rr-shorter-than-count", "RR with RC 1 and no report block", "6.4.2", "MUST", bytes(short_rr) + sdb,
        "report-too-short", 2)
    short_sr = bytearray(sr(ALICE, INFO, blocks2[:1]))
    short_sr[0] = (short_sr[0] & 0xe0) | 2  # RC 2, one block
    neg("sr-shorter-than-count", "SR with RC 2 and one report block", "6.4.1", "MUST", bytes(short_sr) + sd1,
        "report-too-short", 2)
    truncated_sr = header(0, SR, 24) + struct.pack("!IIIII", ALICE, *INFO[:4])
    neg("sr-without-sender-info", "SR of 24 bytes: no room for its 20-byte sender information", "6.4.1",
        "MUST", truncated_sr + sd1, "report-too-short", 2)
    # SDES item whose length runs past the packet: CNAME length 9 with 3 octets of text + END.
    bad_item = header(1, SDES, 16) + struct.pack("!IBB", BOB, 1, 9) + b"bob\x00\x00\x00"
    neg("sdes-item-past-packet", "SDES CNAME item longer than its packet", "6.5", "MUST", rr0 + bad_item,
        "sdes-past-packet", 8 + 8)
    no_end = header(1, SDES, 12) + struct.pack("!IBB", BOB, 1, 2) + b"bo"
    neg("sdes-missing-end", "SDES chunk whose CNAME fills the packet: no null octet (END) follows",
        "6.5", "MUST", rr0 + no_end, "sdes-missing-end", 8 + 12)
    two_counted = header(2, SDES, 12) + struct.pack("!IBB", BOB, 1, 1) + b"b\x00"
    neg("sdes-chunk-past-packet", "SDES with SC 2 and one chunk", "6.5", "MUST", rr0 + two_counted,
        "sdes-past-packet", 8 + 12)
    short_bye = header(2, BYE, 8) + struct.pack("!I", ALICE)
    neg("bye-sources-past-packet", "BYE with SC 2 and room for one SSRC", "6.6", "MUST",
        rr0 + sdb + short_bye, "bye-past-packet", 8 + len(sdb) + 2)
    long_reason = header(1, BYE, 12) + struct.pack("!I", ALICE) + bytes([20]) + b"bye"
    neg("bye-reason-past-packet", "BYE reason length 20 with 3 octets of text", "6.6", "MUST",
        rr0 + sdb + long_reason, "bye-past-packet", 8 + len(sdb) + 8)

    # Encoding: fields in, exact bytes out.
    enc("sr-two-blocks", "SR with sender information and two blocks, one with negative cumulative loss",
        "6.4.1", "MUST", [sr_json(ALICE, INFO, blocks2)], sr2)
    enc("rr-empty", "Empty RR: 8 bytes, RC 0, length 1", "6.4.2", "MUST", [rr_json(BOB, [])], rr(BOB, []))
    enc("rr-field-extremes", "RR with the extremes of every block field", "6.4.2", "MUST",
        [rr_json(BOB, extremes)], rr(BOB, extremes))
    # CNAME lengths 13..16 put the END octet at each of the four positions of a word: 3, 2, 1 and 4
    # null octets (RFC 3550 §6.5: at least one, up to the next 32-bit boundary).
    for cname in ["host13.exampl", "host-14.exampl", "host-15.example", CNAME_A]:
        chunk = 6 + len(cname)
        enc("sdes-cname-%d" % len(cname), "SDES with a %d-octet CNAME: %d null octet(s) after it"
            % (len(cname), 4 - chunk % 4), "6.5", "MUST", [sdes_json([(ALICE, cname)])],
            sdes([(ALICE, cname)]))
    enc("sdes-two-sources", "SDES with a chunk for each of two sources, the same CNAME (RFC 7022 §4.2)",
        "6.5", "MUST", [sdes_json([(ALICE, CNAME_A), (CAROL, CNAME_A)])],
        sdes([(ALICE, CNAME_A), (CAROL, CNAME_A)]))
    enc("bye-one", "BYE of one source, no reason", "6.6", "MUST", [bye_json([ALICE])], bye([ALICE]))
    enc("bye-two", "BYE of two sources, no reason", "6.6", "MUST", [bye_json([ALICE, CAROL])],
        bye([ALICE, CAROL]))
    enc("compound-sr-sdes-bye", "A last compound: SR, SDES CNAME, BYE (RFC 3550 §6.1, §6.6)", "6.1", "MUST",
        [sr_json(ALICE, INFO, blocks2[:1]), sdes_json([(ALICE, CNAME_A)]), bye_json([ALICE])],
        sr(ALICE, INFO, blocks2[:1]) + sd1 + bye([ALICE]))

    vs.extend(captured_vectors())
    return suite_file(SCRIPT, {
        "id": "rtcp/rfc3550-packets", "title": "RFC 3550 RTCP packets: SR, RR, SDES and BYE encodings, "
        "decoded and encoded, and the compound validity checks of Appendix A.2",
        "protocol": "RTCP", "rfc": "3550", "link": "https://www.rfc-editor.org/rfc/rfc3550"}, vs)


# Compounds captured on loopback from real stacks (plain RTCP, so no keys are needed):
# - Chromium 156 (libwebrtc): two RTCPeerConnections in one headless page sending audio both ways,
#   started with --disable-webrtc-encryption (the SDP becomes RTP/AVPF without DTLS), captured with
#   dumpcap -i lo. It negotiates a=rtcp-rsize: SR+SDES, RR+XR and transport-cc feedback go in
#   separate datagrams.
# - GStreamer 1.22 rtpbin sending Opus (gst-launch-1.0 rtpbin … send_rtcp_src_0 ! udpsink): its last
#   compound, SR + SDES (CNAME and TOOL) + BYE.
CHROMIUM = "Chromium 156 (libwebrtc), captured on loopback with --disable-webrtc-encryption"
GSTREAMER = "GStreamer 1.22 rtpbin, captured on loopback"
CHROMIUM_SR_SDES = ("80c80006 a5f99b30 eec0460a 6618bd66 96974d02 00000079 0000260a"
                    " 81ca0006 a5f99b30 0110 356f4154656d41513935585445443754 0000")
CHROMIUM_RR_XR = ("81c90007 a5f99b30 f598b04c 00000000 00006b17 00000091 460a721c 000003d9"
                  " 80cf0008 a5f99b30 04000002 eec0460a 76175d13 05000003 f598b04c 460a7215 000003e2")
CHROMIUM_TRANSPORT_CC = "8fcd0005 f598b04c a5f99b30 001b0002 094adf08 2002b76a"
GSTREAMER_SR_SDES_BYE = ("80c80006 ea8c8cc0 eec045de 043d145d b81e1f30 000001ab 00010d2b"
                         " 81ca000c ea8c8cc0 011b 7573657232353034393236393240686f73742d3863306531653362"
                         " 0609 4753747265616d6572 00000000 81cb0001 ea8c8cc0")


def captured_vectors():
    vs = []

    def h(s):
        return bytes.fromhex("".join(s.split()))

    def info(b, at):
        """The sender information at `at`, read per the SR diagram of RFC 3550 §6.4.1."""
        return struct.unpack("!IIIII", b[at:at + 20])

    b = h(CHROMIUM_SR_SDES)
    vs.append(vector("decode.captured.chromium-sr-sdes", "Chromium's SR (no blocks: its receive "
                     "reports go in their own RR) and SDES CNAME, as one reduced-size datagram", "rtcp.decode",
                     "3550", "6.4.1", "MUST", {"hex": hexs(b), "reducedSize": True},
                     {"packets": [sr_json(0xa5f99b30, info(b, 8), []),
                                  sdes_json([(0xa5f99b30, b[38:54].decode())])]}, frm=CHROMIUM))
    b = h(CHROMIUM_RR_XR)
    rr_block = dict(ssrc=0xf598b04c, fraction=0, lost=0, ext_seq=0x6b17, jitter=0x91, lsr=0x460a721c,
                    dlsr=0x3d9)
    vs.append(vector("decode.captured.chromium-rr-xr", "Chromium's RR with one block (LSR echoing the "
                     "other side's SR) then an XR (RFC 3611, type 207), no SDES", "rtcp.decode", "3550",
                     "6.4.2", "MUST", {"hex": hexs(b), "reducedSize": True},
                     {"packets": [rr_json(0xa5f99b30, [rr_block]),
                                  {"type": "XR", "typeCode": 207, "senderSsrc": 0xa5f99b30, "length": 36}]},
                     frm=CHROMIUM))
    b = h(CHROMIUM_TRANSPORT_CC)
    vs.append(vector("decode.captured.chromium-transport-cc-reduced", "Chromium's transport-wide "
                     "congestion control feedback (RTPFB FMT 15) alone in a datagram, reduced-size RTCP",
                     "rtcp.decode", "5506", "3.4.2", "MUST", {"hex": hexs(b), "reducedSize": True},
                     {"packets": [{"type": "RTPFB", "typeCode": RTPFB, "count": 15, "senderSsrc": 0xf598b04c}]},
                     frm=CHROMIUM))
    vs.append(vector("decode.negative.captured.chromium-transport-cc-full", "The same feedback where "
                     "reduced-size RTCP is not negotiated: not a compound (no report first)", "rtcp.decode",
                     "3550", "A.2", "SHOULD", {"hex": hexs(b), "reducedSize": False},
                     {"error": {"kind": "first-not-report", "offset": 1}}, frm=CHROMIUM))
    b = h(GSTREAMER_SR_SDES_BYE)
    vs.append(vector("decode.captured.gstreamer-sr-sdes-bye", "GStreamer's last compound: SR, SDES with "
                     "CNAME and TOOL items (TOOL read past), BYE", "rtcp.decode", "3550", "6.6", "MUST",
                     {"hex": hexs(b)},
                     {"packets": [sr_json(0xea8c8cc0, info(b, 8), []),
                                  sdes_json([(0xea8c8cc0, b[38:38 + 27].decode())]),
                                  bye_json([0xea8c8cc0])]}, frm=GSTREAMER))
    return vs


# ---------------------------------------------------------------------------------------------
# Reception statistics: RFC 3550 Appendix A.1, A.3, A.8, §6.4.1, transcribed.

RTP_SEQ_MOD = 1 << 16
MAX_DROPOUT = 3000
MAX_MISORDER = 100
MIN_SEQUENTIAL = 2


class Source:
    """The per-source state of Appendix A.1 with the counters of A.3 and the jitter of A.8."""

    def __init__(self, seq, clock_rate):
        self.clock_rate = clock_rate
        self.init_seq(seq)
        self.max_seq = (seq - 1) % RTP_SEQ_MOD  # A.1: "s->max_seq = seq - 1" on a u_int16
        self.probation = MIN_SEQUENTIAL
        self.jitter = 0  # ×16, A.8 integer form
        self.transit = None
        self.lsr = 0
        self.sr_at_ms = None

    def init_seq(self, seq):
        self.base_seq = seq
        self.max_seq = seq
        self.bad_seq = RTP_SEQ_MOD + 1
        self.cycles = 0
        self.received = 0
        self.received_prior = 0
        self.expected_prior = 0

    def update_seq(self, seq):
        udelta = (seq - self.max_seq) % RTP_SEQ_MOD
        if self.probation:
            if seq == (self.max_seq + 1) % RTP_SEQ_MOD:
                self.probation -= 1
                self.max_seq = seq
                if self.probation == 0:
                    self.init_seq(seq)
                    self.received += 1
                    return True
            else:
                self.probation = MIN_SEQUENTIAL - 1
                self.max_seq = seq
            return False
        elif udelta < MAX_DROPOUT:
            if seq < self.max_seq:
                self.cycles += RTP_SEQ_MOD
            self.max_seq = seq
        elif udelta <= RTP_SEQ_MOD - MAX_MISORDER:
            if seq == self.bad_seq:
                self.init_seq(seq)
            else:
                self.bad_seq = (seq + 1) & (RTP_SEQ_MOD - 1)
                return False
        # else: duplicate or reordered packet
        self.received += 1
        return True

    def arrival(self, timestamp, at_ms):
        arrival = at_ms * self.clock_rate // 1000
        transit = (arrival - timestamp) % (1 << 32)
        if self.transit is not None:
            d = (transit - self.transit) % (1 << 32)
            if d >= 1 << 31:
                d -= 1 << 32
            d = abs(d)
            self.jitter += d - ((self.jitter + 8) >> 4)
        self.transit = transit

    def valid(self):
        return self.probation == 0

    def report_block(self, ssrc, at_ms):
        extended_max = self.cycles + self.max_seq
        expected = extended_max - self.base_seq + 1
        lost = expected - self.received
        lost = max(-0x800000, min(0x7fffff, lost))
        expected_interval = expected - self.expected_prior
        self.expected_prior = expected
        received_interval = self.received - self.received_prior
        self.received_prior = self.received
        lost_interval = expected_interval - received_interval
        if expected_interval == 0 or lost_interval <= 0:
            fraction = 0
        else:
            fraction = min(255, (lost_interval << 8) // expected_interval)
        dlsr = 0 if self.sr_at_ms is None else (at_ms - self.sr_at_ms) * 65536 // 1000
        return block_json(ssrc, fraction, lost, extended_max % (1 << 32), (self.jitter >> 4) % (1 << 32),
                          self.lsr, dlsr)


class Receiver:
    """Writes the script steps and computes what each report must say. Blocks go to sources heard
    since the previous report (RFC 3550 §6.4.1) once A.1 has validated them."""

    def __init__(self):
        self.sources = {}
        self.heard = set()
        self.now = 0
        self.last_report = -1
        self.steps = [{"op": "rtcp.reception", "args": {}}]

    def rtp(self, ssrc, seq, timestamp, at_ms, clock_rate=48000):
        assert at_ms >= self.now and at_ms > self.last_report
        self.now = at_ms
        s = self.sources.get(ssrc)
        if s is None:
            s = self.sources[ssrc] = Source(seq, clock_rate)
        self.heard.add(ssrc)
        if s.update_seq(seq):
            s.arrival(timestamp % (1 << 32), at_ms)
        self.steps.append({"op": "rtcp.receive-rtp", "args": {
            "ssrc": ssrc, "seq": seq, "timestamp": timestamp % (1 << 32), "atMs": at_ms,
            "clockRate": clock_rate}})

    def sender_report(self, ssrc, at_ms, ntp_seconds, ntp_fraction, rtp_timestamp=0, packets=0, octets=0):
        assert at_ms >= self.now and at_ms > self.last_report
        self.now = at_ms
        s = self.sources[ssrc]
        s.lsr = ((ntp_seconds & 0xffff) << 16) | (ntp_fraction >> 16)  # §6.4.1: middle 32 bits
        s.sr_at_ms = at_ms
        self.steps.append({"op": "rtcp.receive-sr", "args": {
            "ssrc": ssrc, "atMs": at_ms, "ntpSeconds": ntp_seconds, "ntpFraction": ntp_fraction,
            "rtpTimestamp": rtp_timestamp, "packetCount": packets, "octetCount": octets}})

    def report(self, at_ms):
        assert at_ms > self.now
        self.now = self.last_report = at_ms
        blocks = [self.sources[ssrc].report_block(ssrc, at_ms) for ssrc in self.sources
                  if ssrc in self.heard and self.sources[ssrc].valid()]
        self.heard = set()
        self.steps.append({"op": "rtcp.report", "args": {"atMs": at_ms},
                           "expect": {"reportBlocks": blocks}})
        return blocks


def stream(rx, ssrc, seqs, seq0=None, t0=0, spacing_ms=20, ts_step=960, ts0=1000, delays=None,
           clock_rate=48000):
    """RTP packets sent every spacing_ms from t0 by a sender that started at seq0 (default: the
    first in seqs) with timestamp ts0; seqs are the sequence numbers that arrive, in arrival order,
    each 10 ms (plus its delay) after it was sent, but never before the one before it nor at or
    before the last report (virtual time only goes forward)."""
    seq0 = seqs[0] if seq0 is None else seq0
    for i, seq in enumerate(seqs):
        n = (seq - seq0) % RTP_SEQ_MOD
        sent = t0 + n * spacing_ms
        delay = 0 if delays is None else delays[i]
        at = max(sent + 10 + delay, rx.now, rx.last_report + 1)
        rx.rtp(ssrc, seq, ts0 + n * ts_step, at, clock_rate)


S1 = 0x5eed0001


def reception_file():
    vs = []

    def scripted(vid, title, section, rx, level="MUST"):
        v = vector(vid, title, "rtcp.reception", "3550", section, level, None, None)
        del v["args"]
        del v["expect"]
        v["steps"] = rx.steps
        vs.append(v)

    # A.1 probation: one packet does not validate a source; the second in sequence does, and the
    # count starts there.
    rx = Receiver()
    stream(rx, S1, [100])
    assert rx.report(15) == []
    stream(rx, S1, [101, 102, 103], seq0=100)
    b = rx.report(200)
    assert b[0]["extendedHighestSequence"] == 103 and b[0]["cumulativeLost"] == 0
    scripted("probation.first-packet-not-counted", "A.1: after one packet a source is on probation "
             "(no block); after MIN_SEQUENTIAL = 2 in sequence it is valid and counted from the "
             "second packet: extended highest 103, nothing lost", "A.1", rx)

    rx = Receiver()
    stream(rx, S1, [100, 105, 106, 107], seq0=100)
    rx.report(300)
    scripted("probation.restart-on-gap", "A.1: a gap during probation restarts it at the new number "
             "(100, 105, 106, 107: counted from 106)", "A.1", rx)

    rx = Receiver()
    stream(rx, S1, [65535, 0, 1, 2], seq0=65535)
    b = rx.report(200)
    assert b[0]["extendedHighestSequence"] == 2
    scripted("probation.across-wrap", "A.1: probation passes across the wrap (65535 then 0): the "
             "count starts at 0 with no cycle, extended highest 2", "A.1", rx)

    # Wrap-around: the cycle count enters the extended highest sequence number.
    rx = Receiver()
    stream(rx, S1, [65533, 65534, 65535, 0, 1, 2])
    b = rx.report(200)
    assert b[0]["extendedHighestSequence"] == 65536 + 2
    scripted("wrap.cycle-count", "A.1: sequence numbers wrapping from 65535 to 0 count a cycle: the "
             "extended highest sequence number is 65536 + 2", "A.1", rx)

    rx = Receiver()
    stream(rx, S1, [65534, 65535, 0, 2, 1, 3], seq0=65534)
    rx.report(200)
    scripted("wrap.reordered-across", "A.1: a packet reordered across the wrap (2 before 1) neither "
             "adds a cycle nor moves the highest number back", "A.1", rx)

    # A.3: cumulative and per-interval loss, fraction lost.
    rx = Receiver()
    stream(rx, S1, [s for s in range(1, 21) if s not in (5, 9, 10)], seq0=1)
    b1 = rx.report(395)
    stream(rx, S1, [s for s in range(21, 41) if s != 30], seq0=1)
    b2 = rx.report(1000)
    assert b1[0]["cumulativeLost"] == 3 and b2[0]["cumulativeLost"] == 4
    assert b2[0]["fractionLost"] == (1 << 8) // 20
    scripted("loss.fraction-per-interval", "A.3: 3 of 19 expected lost in the first interval "
             "(fraction 3·256/19), 1 of 20 in the second (fraction 12); cumulative 3 then 4", "A.3", rx)

    rx = Receiver()
    stream(rx, S1, [1, 2, 3, 4, 5, 6], seq0=1)
    rx.report(115)
    stream(rx, S1, [7, 8, 9, 10], seq0=1)
    rx.report(600)
    scripted("loss.none-after-loss-free-interval", "A.3: no loss in either interval: fraction 0, "
             "cumulative 0", "A.3", rx)

    # Duplicates: received can exceed expected, so the cumulative loss goes negative (A.3) and is
    # carried sign-extended in 24 bits; the fraction is 0 when the interval's loss is not positive.
    rx = Receiver()
    stream(rx, S1, [1, 2, 3, 3, 4, 4, 5, 5, 6], seq0=1)
    b = rx.report(300)
    assert b[0]["cumulativeLost"] == -3 and b[0]["fractionLost"] == 0
    scripted("duplicates.negative-loss", "A.3: three duplicates make the cumulative loss -3 and the "
             "fraction lost 0", "A.3", rx)

    # Reordering within MAX_MISORDER: a late packet counts as received, so the loss it caused in an
    # earlier interval is taken back.
    rx = Receiver()
    stream(rx, S1, [1, 2, 3, 5, 6], seq0=1)
    b1 = rx.report(200)
    stream(rx, S1, [4, 7, 8], seq0=1)
    b2 = rx.report(400)
    assert b1[0]["cumulativeLost"] == 1 and b2[0]["cumulativeLost"] == 0 and b2[0]["fractionLost"] == 0
    scripted("reorder.late-packet-within-misorder", "A.1/A.3: packet 4 arrives after 5 and 6 and "
             "after a report that counted it lost: it is received, cumulative loss back to 0, fraction 0",
             "A.3", rx)

    rx = Receiver()
    stream(rx, S1, [1, 2, 3, 4, 5, 6, 3, 7], seq0=1)
    rx.report(300)
    scripted("reorder.old-duplicate", "A.1: an old packet (3 after 6) is within MAX_MISORDER: counted "
             "as received, the highest number stays", "A.1", rx)

    # A.1 bad_seq: a jump of MAX_DROPOUT or more is ignored unless the next packet follows it, which
    # re-synchronizes the source (a restarted sender).
    rx = Receiver()
    stream(rx, S1, [1, 2, 3, 4, 5], seq0=1)
    rx.report(200)
    stream(rx, S1, [20000, 20001, 20002], seq0=20000, t0=300)
    b = rx.report(400)
    assert b[0]["extendedHighestSequence"] == 20002 and b[0]["cumulativeLost"] == 0
    scripted("jump.resync-after-two", "A.1: 20000 after 5 is a jump past MAX_DROPOUT (ignored); "
             "20001 follows it, so the source re-syncs there: highest 20002, nothing lost", "A.1", rx)

    rx = Receiver()
    stream(rx, S1, [1, 2, 3, 4, 5], seq0=1)
    stream(rx, S1, [20000], seq0=20000, t0=100)
    stream(rx, S1, [6, 7, 8], seq0=1)
    b = rx.report(400)
    assert b[0]["extendedHighestSequence"] == 8 and b[0]["cumulativeLost"] == 0
    scripted("jump.single-ignored", "A.1: one stray packet far ahead (20000) is not counted and does "
             "not move the highest number when the sequence goes on (6, 7, 8)", "A.1", rx)

    rx = Receiver()
    stream(rx, S1, [1, 2, 3, 4, 5, 3004, 3005], seq0=1)
    b = rx.report(60200)
    assert b[0]["cumulativeLost"] == 2998 and b[0]["fractionLost"] == 255
    scripted("jump.just-below-max-dropout", "A.1: a jump of MAX_DROPOUT - 1 (5 to 3004) is taken "
             "as loss, not a restart: 2998 lost of 3004 expected, fraction 255", "A.1", rx)

    rx = Receiver()
    stream(rx, S1, list(range(1, 201)), seq0=1)
    stream(rx, S1, [100, 101], seq0=1)
    b = rx.report(4200)
    assert b[0]["cumulativeLost"] == -1
    scripted("reorder.max-misorder-boundary", "A.1: with 200 the highest, 100 is MAX_MISORDER behind "
             "(taken as a jump: not counted) and 101 one less (a late duplicate: counted, loss -1)",
             "A.1", rx)

    # A.8 jitter. The first packets (probation) have the same transit as the next ones, so stacks that
    # update jitter from the first packet on agree.
    rx = Receiver()
    stream(rx, S1, list(range(1, 51)), seq0=1)
    b = rx.report(1100)
    assert b[0]["jitter"] == 0
    scripted("jitter.constant-transit", "A.8: packets every 20 ms, timestamps +960 at 48 kHz, constant "
             "transit: jitter 0", "A.8", rx)

    rx = Receiver()
    stream(rx, S1, list(range(1, 41)), seq0=1, delays=[0, 0] + [10 * (i % 2) for i in range(38)])
    b = rx.report(900)
    assert b[0]["jitter"] > 0
    scripted("jitter.alternating-transit", "A.8: transit alternating by 10 ms (480 units at 48 kHz) "
             "after the first packets: the integer estimator J += |D| - (J + 8)/16",
             "A.8", rx)

    rx = Receiver()
    stream(rx, S1, list(range(1, 31)), seq0=1, spacing_ms=33, ts_step=2970, clock_rate=90000,
           delays=[0, 0, 0] + [(7 * i) % 13 for i in range(27)])
    rx.report(1200)
    scripted("jitter.video-90khz", "A.8: video at 90 kHz, 33 ms apart, delays varying 0..12 ms", "A.8", rx)

    rx = Receiver()
    stream(rx, S1, list(range(1, 21)), seq0=1, ts0=(1 << 32) - 5 * 960)
    b = rx.report(500)
    assert b[0]["jitter"] == 0
    scripted("jitter.timestamp-wrap", "A.8: RTP timestamps wrapping past 2^32 with constant transit: "
             "the difference is taken modulo 2^32, jitter stays 0", "A.8", rx)

    # §6.4.1 LSR/DLSR.
    rx = Receiver()
    stream(rx, S1, list(range(1, 11)), seq0=1)
    rx.sender_report(S1, 200, 0xe9a0b1c2, 0x4000_0000, 1000 + 10 * 960, 10, 1600)
    stream(rx, S1, list(range(11, 21)), seq0=1)
    b = rx.report(750)
    assert b[0]["lastSenderReport"] == 0xb1c24000 and b[0]["delaySinceLastSenderReport"] == 36044
    scripted("lsr-dlsr.after-sender-report", "§6.4.1: LSR is the middle 32 bits of the SR's NTP "
             "timestamp; DLSR the time since it arrived in 1/65536 s (550 ms: 36044.8, carried as "
             "36044)", "6.4.1", rx)

    rx = Receiver()
    stream(rx, S1, list(range(1, 11)), seq0=1)
    b = rx.report(400)
    assert b[0]["lastSenderReport"] == 0 and b[0]["delaySinceLastSenderReport"] == 0
    scripted("lsr-dlsr.none-without-sender-report", "§6.4.1: LSR and DLSR are 0 while no SR has "
             "arrived from the source", "6.4.1", rx)

    # Which sources get a block.
    rx = Receiver()
    stream(rx, S1, [1, 2, 3], seq0=1)
    rx.report(200)
    rx.report(400)
    scripted("blocks.only-sources-heard-since-last-report", "§6.4.1: a report carries blocks only "
             "for sources heard since the previous report: the second has none", "6.4.1", rx)

    # §6.1: every regular report is a compound that starts with a report and carries an SDES CNAME.
    rx = Receiver()
    stream(rx, S1, [1, 2, 3], seq0=1)
    rx.report(200)
    rx.steps[-1]["expect"]["packetTypes"] = ["RR", "SDES"]
    scripted("compound.rr-then-sdes", "§6.1: a receiver that sends nothing reports in a compound of an "
             "RR then an SDES with its CNAME", "6.1", rx)

    return suite_file(SCRIPT, {
        "id": "rtcp/rfc3550-reception", "title": "RFC 3550 reception statistics on virtual time: "
        "sequence validation and probation (A.1), loss and fraction lost (A.3), jitter (A.8), LSR/DLSR",
        "protocol": "RTCP", "rfc": "3550", "link": "https://www.rfc-editor.org/rfc/rfc3550"}, vs)


if __name__ == "__main__":
    write("rtcp", "rfc3550-packets.json", packets_file())
    write("rtcp", "rfc3550-reception.json", reception_file())
    print("wrote the rtcp vectors")
