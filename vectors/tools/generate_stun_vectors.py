#!/usr/bin/env python3
"""Generates the STUN vector files from the RFC test messages.

The expected outcomes are computed here, with Python's standard library (hmac,
hashlib, zlib), independently of any STUN implementation under test: the own
stack is not allowed to grade itself. Run it after changing it:

    python3 vectors/tools/generate_stun_vectors.py

and commit the JSON it writes. `VectorCorpusTest` checks the committed files
are what this script writes.
"""
import hashlib
import hmac
import os

from vectorfile import SCHEMA, vector, write
import struct
import zlib


SHORT_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt"
TXID_5769 = "b7e7a701bc34d686fa87dfae"
TXID_LT = "78ad3433c6ad72c029da412e"
USER_LT = "\u30de\u30c8\u30ea\u30c3\u30af\u30b9"  # マトリックス
# RFC 5769 §2.4 gives the password before SASLprep; "TheMatrIX" after it.
PASSWORD_LT_RAW = "The\u00adM\u00aatr\u2168"
REALM = "example.org"
NONCE_5769 = "f//499k954d6OL34oL9FSTvy64sA"
NONCE_8489 = "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"

MAGIC = 0x2112A442
FINGERPRINT_XOR = 0x5354554E

NAMES = {
    0x0001: "MAPPED-ADDRESS", 0x0006: "USERNAME", 0x0008: "MESSAGE-INTEGRITY",
    0x0009: "ERROR-CODE", 0x000A: "UNKNOWN-ATTRIBUTES", 0x0014: "REALM", 0x0015: "NONCE",
    0x001C: "MESSAGE-INTEGRITY-SHA256", 0x001D: "PASSWORD-ALGORITHM", 0x001E: "USERHASH",
    0x0020: "XOR-MAPPED-ADDRESS", 0x0024: "PRIORITY", 0x0025: "USE-CANDIDATE",
    0x8002: "PASSWORD-ALGORITHMS", 0x8003: "ALTERNATE-DOMAIN", 0x8022: "SOFTWARE",
    0x8023: "ALTERNATE-SERVER", 0x8028: "FINGERPRINT", 0x8029: "ICE-CONTROLLED",
    0x802A: "ICE-CONTROLLING",
}


def h(s):
    return bytes.fromhex("".join(s.split()))


# The four RFC 5769 messages, as printed in RFC 5769 §2.1-2.4.
RFC5769 = {
    "sample-request": h("""
        00010058 2112a442 b7e7a701 bc34d686 fa87dfae
        80220010 5354554e 20746573 7420636c 69656e74
        00240004 6e0001ff
        80290008 932ff9b1 51263b36
        00060009 6576746a 3a683676 59202020
        00080014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
        80280004 e57a3bcf"""),
    "sample-ipv4-response": h("""
        0101003c 2112a442 b7e7a701 bc34d686 fa87dfae
        8022000b 74657374 20766563 746f7220
        00200008 0001a147 e112a643
        00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
        80280004 c07d4c96"""),
    "sample-ipv6-response": h("""
        01010048 2112a442 b7e7a701 bc34d686 fa87dfae
        8022000b 74657374 20766563 746f7220
        00200014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9
        00080014 a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41
        80280004 c8fb0b4c"""),
    "sample-request-long-term": h("""
        00010060 2112a442 78ad3433 c6ad72c0 29da412e
        00060012 e3839ee3 8388e383 aae38383 e382afe3 82b90000
        0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341
        0014000b 6578616d 706c652e 6f726700
        00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666"""),
}

# RFC 8489 Appendix B.1 as printed. Its header says 0x009c although the
# attributes take 0x0088 bytes, and its MESSAGE-INTEGRITY-SHA256 was computed
# over that wrong length (RFC 8489 erratum 6268).
RFC8489_B1_PRINTED = h("""
    0001009c 2112a442 78ad3433 c6ad72c0 29da412e
    001e0020 4a3cf38f ef6992bd a952c678 0417da0f 24819415 569e60b2 05c46e41 407f1704
    00150029 6f624d61 744a6f73 32414141 43662f2f 3439396b 39353464 364f4c33 346f4c39 46535476 79363473 41000000
    0014000b 6578616d 706c652e 6f726700
    001c0020 e4686c8f 0edeb590 13e07090 010a93ef ccbccc54 4c0a45d9 f830aa6d 6f735a01""")


def attributes(msg):
    """(type, length, offset of header) for every attribute."""
    out, off = [], 20
    while off < len(msg):
        t, n = struct.unpack_from(">HH", msg, off)
        out.append((t, n, off))
        off += 4 + (n + 3) // 4 * 4
    return out


def short_key(password):
    return password.encode()


def long_key_md5(user, realm, password):
    return hashlib.md5(f"{user}:{realm}:{password}".encode()).digest()


def long_key_sha256(user, realm, password):
    return hashlib.sha256(f"{user}:{realm}:{password}".encode()).digest()


def integrity_ok(msg, key, attr_type=0x0008, algo=hashlib.sha1):
    for t, n, off in attributes(msg):
        if t == attr_type:
            head = bytearray(msg[:off])
            struct.pack_into(">H", head, 2, off + 4 + n - 20)
            return hmac.new(key, bytes(head), algo).digest()[:n] == msg[off + 4: off + 4 + n]
    return None


def fingerprint_ok(msg):
    for t, n, off in attributes(msg):
        if t == 0x8028:
            crc = (zlib.crc32(msg[:off]) ^ FINGERPRINT_XOR) & 0xFFFFFFFF
            return struct.pack(">I", crc) == msg[off + 4: off + 8]
    return None


def check_word(ok):
    return "absent" if ok is None else ("pass" if ok else "fail")


def xor_address(family, port, address_hex, txid):
    port ^= MAGIC >> 16
    mask = struct.pack(">I", MAGIC) + bytes.fromhex(txid)
    raw = bytes.fromhex(address_hex)
    return family, port, bytes(a ^ b for a, b in zip(raw, mask))




def hexs(b):
    return b.hex()


SHORT = {"password": SHORT_PASSWORD}
LONG_5769 = {"username": USER_LT, "realm": REALM, "password": PASSWORD_LT_RAW, "profile": "saslprep"}

DESCRIBED = {
    "sample-request": {
        "section": "2.1", "class": "request", "txid": TXID_5769, "credentials": SHORT,
        "attributes": [
            {"type": "SOFTWARE", "value": "STUN test client"},
            {"type": "PRIORITY", "value": 0x6E0001FF},
            {"type": "ICE-CONTROLLED", "tiebreaker": "932ff9b151263b36"},
            {"type": "USERNAME", "value": "evtj:h6vY"},
            {"type": "MESSAGE-INTEGRITY", "value": "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"},
            {"type": "FINGERPRINT", "value": "e57a3bcf"},
        ],
        "checks": {"messageIntegrity": "pass", "fingerprint": "pass"},
    },
    "sample-ipv4-response": {
        "section": "2.2", "class": "success-response", "txid": TXID_5769, "credentials": SHORT,
        "attributes": [
            {"type": "SOFTWARE", "value": "test vector"},
            {"type": "XOR-MAPPED-ADDRESS", "family": "IPv4", "address": "192.0.2.1", "port": 32853},
            {"type": "MESSAGE-INTEGRITY", "value": "2b91f599fd9e90c38c7489f92af9ba53f06be7d7"},
            {"type": "FINGERPRINT", "value": "c07d4c96"},
        ],
        "checks": {"messageIntegrity": "pass", "fingerprint": "pass"},
    },
    "sample-ipv6-response": {
        "section": "2.3", "class": "success-response", "txid": TXID_5769, "credentials": SHORT,
        "attributes": [
            {"type": "SOFTWARE", "value": "test vector"},
            {"type": "XOR-MAPPED-ADDRESS", "family": "IPv6",
             "address": "2001:db8:1234:5678:11:2233:4455:6677", "port": 32853},
            {"type": "MESSAGE-INTEGRITY", "value": "a382954e4be67bf11784c97c8292c275bfe3ed41"},
            {"type": "FINGERPRINT", "value": "c8fb0b4c"},
        ],
        "checks": {"messageIntegrity": "pass", "fingerprint": "pass"},
    },
    "sample-request-long-term": {
        "section": "2.4", "class": "request", "txid": TXID_LT, "credentials": LONG_5769,
        "attributes": [
            {"type": "USERNAME", "value": USER_LT},
            {"type": "NONCE", "value": NONCE_5769},
            {"type": "REALM", "value": REALM},
            {"type": "MESSAGE-INTEGRITY", "value": "f67024656dd64a3e02b8e0712e85c9a28ca89666"},
        ],
        "checks": {"messageIntegrity": "pass", "fingerprint": "absent"},
    },
}

KEYS = {
    "sample-request": short_key(SHORT_PASSWORD),
    "sample-ipv4-response": short_key(SHORT_PASSWORD),
    "sample-ipv6-response": short_key(SHORT_PASSWORD),
    "sample-request-long-term": long_key_md5(USER_LT, REALM, "TheMatrIX"),
}


def self_check():
    for name, msg in RFC5769.items():
        assert struct.unpack_from(">H", msg, 2)[0] == len(msg) - 20, name
        assert integrity_ok(msg, KEYS[name]), name
        assert fingerprint_ok(msg) in (True, None), name
    f, p, a = xor_address(1, 0xA147, "e112a643", TXID_5769)
    assert p == 32853 and a == bytes([192, 0, 2, 1])


def rfc5769_file():
    vectors = []
    for name, msg in RFC5769.items():
        d = DESCRIBED[name]
        sec = d["section"]
        vectors.append(vector(
            f"{name}.decode", f"{name} (RFC 5769 §{sec}): decode every attribute",
            "stun.decode", "8489", "14", "MUST", {"hex": hexs(msg)},
            {"class": d["class"], "method": "binding", "transactionId": d["txid"],
             "attributes": d["attributes"]}, frm=f"RFC 5769 §{sec}"))
        vectors.append(vector(
            f"{name}.integrity", f"{name} (RFC 5769 §{sec}): MESSAGE-INTEGRITY verifies",
            "stun.decode", "8489", "14.5", "MUST",
            {"hex": hexs(msg), "credentials": d["credentials"]},
            {"checks": {"messageIntegrity": "pass"}}, frm=f"RFC 5769 §{sec}"))
        if d["checks"]["fingerprint"] == "pass":
            vectors.append(vector(
                f"{name}.fingerprint", f"{name} (RFC 5769 §{sec}): FINGERPRINT verifies",
                "stun.decode", "8489", "14.7", "MUST", {"hex": hexs(msg)},
                {"checks": {"fingerprint": "pass"}}, frm=f"RFC 5769 §{sec}"))
        encode_attrs = []
        for a in d["attributes"]:
            if a["type"] in ("MESSAGE-INTEGRITY", "FINGERPRINT"):
                encode_attrs.append({"type": a["type"]})
            else:
                encode_attrs.append(a)
        # RFC 5769 pads with spaces (0x20) except §2.4, which pads with zeros.
        padding = "00" if name == "sample-request-long-term" else "20"
        vectors.append(vector(
            f"{name}.encode", f"{name} (RFC 5769 §{sec}): encoding reproduces the RFC bytes",
            "stun.encode", "8489", "14", "MUST",
            {"class": d["class"], "method": "binding", "transactionId": d["txid"],
             "attributes": encode_attrs, "credentials": d["credentials"], "padding": padding},
            {"hex": hexs(msg)}, frm=f"RFC 5769 §{sec}"))
    return {
        "$schema": SCHEMA,
        "description": "Generated by vectors/tools/generate_stun_vectors.py; do not edit by hand.",
        "suite": {"id": "stun/rfc5769", "title": "RFC 5769: STUN test vectors", "protocol": "STUN",
                  "rfc": "5769", "link": "https://www.rfc-editor.org/rfc/rfc5769"},
        "vectors": vectors,
    }


def flip(msg, index):
    b = bytearray(msg)
    b[index] ^= 0x01
    return bytes(b)


def negative_file():
    vectors = []
    for name, msg in RFC5769.items():
        d = DESCRIBED[name]
        sec = d["section"]
        frm = f"RFC 5769 §{sec}, altered"
        creds = d["credentials"]
        attrs = attributes(msg)
        mi_off = next(off for t, n, off in attrs if t == 0x0008)

        # One bit flipped in each region the checks cover: the transaction id, the
        # value of each attribute, the MESSAGE-INTEGRITY and FINGERPRINT values.
        regions = [("transaction-id", 19)]
        for t, n, off in attrs:
            regions.append((NAMES[t].lower(), off + 4 + n - 1))
        for region, index in regions:
            bad = flip(msg, index)
            mi = check_word(integrity_ok(bad, KEYS[name]))
            fp = check_word(fingerprint_ok(bad))
            checks = {"messageIntegrity": mi}
            if fp != "absent":
                checks["fingerprint"] = fp
            covered = index < mi_off + 24
            rule = ("14.5", "MESSAGE-INTEGRITY") if covered else ("14.7", "FINGERPRINT")
            vectors.append(vector(
                f"{name}.flip-{region}",
                f"{name}: one bit flipped in {region} at byte {index} → {rule[1]} fails",
                "stun.decode", "8489", rule[0], "MUST",
                {"hex": hexs(bad), "credentials": creds}, {"checks": checks}, frm=frm))

        wrong = dict(creds)
        wrong["password"] = creds["password"] + "x"
        vectors.append(vector(
            f"{name}.wrong-password", f"{name}: wrong password → MESSAGE-INTEGRITY fails",
            "stun.decode", "8489", "14.5", "MUST", {"hex": hexs(msg), "credentials": wrong},
            {"checks": {"messageIntegrity": "fail"}}, frm=frm))

        # Cut at every attribute boundary, header left as it was: the message is
        # shorter than its header says. RFC 8489 §5, §6.3.
        for t, n, off in attrs:
            vectors.append(vector(
                f"{name}.truncated-before-{NAMES[t].lower()}",
                f"{name}: datagram cut before {NAMES[t]} (byte {off}) → malformed",
                "stun.decode", "8489", "6.3", "MUST", {"hex": hexs(msg[:off])},
                {"error": {"kind": "malformed"}}, frm=frm))
        vectors.append(vector(
            f"{name}.truncated-header", f"{name}: only 19 bytes → malformed",
            "stun.decode", "8489", "5", "MUST", {"hex": hexs(msg[:19])},
            {"error": {"kind": "malformed", "offset": 0}}, frm=frm))

        # Cut inside the last attribute, header length patched to match: the
        # attribute claims more bytes than the message has.
        last_t, last_n, last_off = attrs[-1]
        cut = bytearray(msg[:last_off + 4 + last_n - 4])
        struct.pack_into(">H", cut, 2, len(cut) - 20)
        vectors.append(vector(
            f"{name}.attribute-overruns-message",
            f"{name}: {NAMES[last_t]} runs past the end of the message → malformed",
            "stun.decode", "8489", "14", "MUST", {"hex": hexs(bytes(cut))},
            {"error": {"kind": "malformed", "offset": last_off}}, frm=frm))

        # Padding missing: an attribute whose value is not a multiple of 4 and
        # whose padding bytes were removed (header length patched).
        padded = [(t, n, off) for t, n, off in attrs if n % 4 != 0]
        if padded:
            t, n, off = padded[0]
            pad = 4 - n % 4
            nopad = bytearray(msg[:off + 4 + n] + msg[off + 4 + n + pad:])
            struct.pack_into(">H", nopad, 2, len(nopad) - 20)
            vectors.append(vector(
                f"{name}.missing-padding",
                f"{name}: {NAMES[t]} without its {pad} padding bytes → malformed",
                "stun.decode", "8489", "14", "MUST", {"hex": hexs(bytes(nopad))},
                {"error": {"kind": "malformed"}}, frm=frm))

        for extra in (1, 2, 3):
            odd = bytearray(msg + bytes(extra))
            struct.pack_into(">H", odd, 2, len(msg) - 20 + extra)
            vectors.append(vector(
                f"{name}.length-not-multiple-of-4-plus{extra}",
                f"{name}: header length {len(msg) - 20 + extra} is not a multiple of 4 → malformed",
                "stun.decode", "8489", "5", "MUST", {"hex": hexs(bytes(odd))},
                {"error": {"kind": "malformed", "offset": 2}}, frm=frm))

        cookie = bytearray(msg)
        cookie[7] ^= 0x01
        vectors.append(vector(
            f"{name}.wrong-magic-cookie", f"{name}: magic cookie 0x2112a443 → not STUN",
            "stun.decode", "8489", "5", "MUST", {"hex": hexs(bytes(cookie))},
            {"error": {"kind": "malformed", "offset": 4}}, frm=frm))

        first = bytearray(msg)
        first[0] |= 0x80
        vectors.append(vector(
            f"{name}.first-bits-not-zero", f"{name}: first two bits 10 → not STUN",
            "stun.decode", "8489", "5", "MUST", {"hex": hexs(bytes(first))},
            {"error": {"kind": "malformed", "offset": 0}}, frm=frm))
    return {
        "$schema": SCHEMA,
        "description": "Generated by vectors/tools/generate_stun_vectors.py; do not edit by hand.",
        "suite": {"id": "stun/rfc5769-negative",
                  "title": "RFC 5769 vectors, altered: every check must catch the change",
                  "protocol": "STUN", "rfc": "8489",
                  "link": "https://www.rfc-editor.org/rfc/rfc8489#section-14"},
        "vectors": vectors,
    }


def b1_file():
    printed = RFC8489_B1_PRINTED
    key = long_key_sha256(USER_LT, REALM, "TheMatrIX")
    # Erratum 6268's corrected message: PASSWORD-ALGORITHM (SHA-256) after REALM, header
    # length 0x0090, MESSAGE-INTEGRITY-SHA256 computed over that length.
    mi = len(printed) - 36
    body = printed[20:mi] + bytes.fromhex("001d000400020000")
    head = struct.pack(">HHI", 0x0001, len(body) + 36, MAGIC) + printed[8:20]
    mac = hmac.new(key, head + body, hashlib.sha256).digest()
    corrected = head + body + struct.pack(">HH", 0x001C, 32) + mac
    assert mac.hex().startswith("b5c7bf00"), mac.hex()  # as erratum 6268 prints it
    mi = len(corrected) - 36
    assert hashlib.sha256(f"{USER_LT}:{REALM}".encode()).digest() == printed[24:56]
    assert integrity_ok(corrected, key, 0x001C, hashlib.sha256)
    creds = {"username": USER_LT, "realm": REALM, "password": "TheMatrIX",
             "algorithm": "SHA-256"}
    attrs = [
        {"type": "USERHASH", "value": hashlib.sha256(f"{USER_LT}:{REALM}".encode()).hexdigest()},
        {"type": "NONCE", "value": NONCE_8489},
        {"type": "REALM", "value": REALM},
        {"type": "PASSWORD-ALGORITHM", "algorithm": "SHA-256", "parameters": ""},
    ]
    vectors = [
        vector("printed.rejected",
               "B.1 as printed: header length 0x009c exceeds the 136 bytes that follow → malformed",
               "stun.decode", "8489", "5", "MUST", {"hex": hexs(printed)},
               {"error": {"kind": "malformed", "offset": 2}},
               frm="RFC 8489 Appendix B.1 as printed (erratum 6268)"),
        vector("corrected.decode", "B.1 corrected: USERHASH, NONCE, REALM, PASSWORD-ALGORITHM decode",
               "stun.decode", "8489", "14", "MUST", {"hex": hexs(corrected)},
               {"class": "request", "method": "binding", "transactionId": TXID_LT,
                "attributes": attrs + [{"type": "MESSAGE-INTEGRITY-SHA256",
                                        "value": corrected[mi + 4:].hex()}]},
               frm="RFC 8489 Appendix B.1 as corrected by erratum 6268"),
        vector("corrected.integrity-sha256",
               "B.1 corrected: MESSAGE-INTEGRITY-SHA256 verifies with the SHA-256 long-term key",
               "stun.decode", "8489", "14.6", "MUST",
               {"hex": hexs(corrected), "credentials": creds},
               {"checks": {"messageIntegritySha256": "pass", "messageIntegrity": "absent",
                           "fingerprint": "absent"}},
               frm="RFC 8489 Appendix B.1 as corrected by erratum 6268"),
        vector("corrected.encode",
               "B.1 corrected: encoding with OpaqueString credentials reproduces the bytes",
               "stun.encode", "8489", "14.6", "MUST",
               {"class": "request", "method": "binding", "transactionId": TXID_LT,
                "attributes": attrs + [{"type": "MESSAGE-INTEGRITY-SHA256"}],
                "credentials": creds, "padding": "00"},
               {"hex": hexs(corrected)},
               frm="RFC 8489 Appendix B.1 as corrected by erratum 6268"),
        vector("corrected.integrity-sha256-saslprep",
               "B.1 corrected: the password as printed, prepared with SASLprep, gives the key",
               "stun.decode", "8489", "9.2.2", "SHOULD",
               {"hex": hexs(corrected),
                "credentials": dict(creds, password=PASSWORD_LT_RAW, profile="saslprep")},
               {"checks": {"messageIntegritySha256": "pass"}},
               frm="RFC 8489 Appendix B.1 as corrected by erratum 6268"),
        vector("corrected.wrong-password",
               "B.1 corrected: a wrong password fails MESSAGE-INTEGRITY-SHA256",
               "stun.decode", "8489", "14.6", "MUST",
               {"hex": hexs(corrected), "credentials": dict(creds, password="TheMatrIx")},
               {"checks": {"messageIntegritySha256": "fail"}},
               frm="RFC 8489 Appendix B.1 as corrected by erratum 6268"),
    ]
    return {
        "$schema": SCHEMA,
        "description": "Generated by vectors/tools/generate_stun_vectors.py; do not edit by hand.",
        "suite": {"id": "stun/rfc8489-b1",
                  "title": "RFC 8489 Appendix B.1: long-term credentials with SHA-256 and USERHASH",
                  "protocol": "STUN", "rfc": "8489",
                  "link": "https://www.rfc-editor.org/rfc/rfc8489#appendix-B.1"},
        "vectors": vectors,
    }


def message(cls_method, txid, attrs):
    """Encodes a message from (type, value bytes) pairs, zero padding."""
    body = b""
    for t, v in attrs:
        body += struct.pack(">HH", t, len(v)) + v + bytes((4 - len(v) % 4) % 4)
    return struct.pack(">HHI", cls_method, len(body), MAGIC) + bytes.fromhex(txid) + body


def attributes_file():
    tx = "0102030405060708090a0b0c"
    v = []

    def decode(vid, title, section, attrs, expect_attrs, level="MUST", extra=None, cls=0x0101):
        expect = {"attributes": expect_attrs}
        if extra:
            expect.update(extra)
        v.append(vector(vid, title, "stun.decode", "8489", section, level,
                        {"hex": hexs(message(cls, tx, attrs))}, expect))

    decode("mapped-address.ipv4", "MAPPED-ADDRESS, IPv4", "14.1",
           [(0x0001, bytes([0, 1, 0x0d, 0x96, 198, 51, 100, 7]))],
           [{"type": "MAPPED-ADDRESS", "family": "IPv4", "address": "198.51.100.7", "port": 3478}])
    decode("mapped-address.ipv6", "MAPPED-ADDRESS, IPv6", "14.1",
           [(0x0001, bytes([0, 2, 0x13, 0x88]) + bytes.fromhex("20010db8000000000000000000000001"))],
           [{"type": "MAPPED-ADDRESS", "family": "IPv6", "address": "2001:db8::1",
             "port": 5000}])
    fam, port, addr = xor_address(1, 50000, "cb007101", tx)
    decode("xor-mapped-address.ipv4", "XOR-MAPPED-ADDRESS, IPv4 (XOR with the magic cookie)",
           "14.2", [(0x0020, bytes([0, 1]) + struct.pack(">H", port) + addr)],
           [{"type": "XOR-MAPPED-ADDRESS", "family": "IPv4", "address": "203.0.113.1",
             "port": 50000}])
    fam, port, addr = xor_address(2, 443, "20010db80000000000000000000000ff", tx)
    decode("xor-mapped-address.ipv6",
           "XOR-MAPPED-ADDRESS, IPv6 (XOR with the cookie and the transaction id)", "14.2",
           [(0x0020, bytes([0, 2]) + struct.pack(">H", port) + addr)],
           [{"type": "XOR-MAPPED-ADDRESS", "family": "IPv6", "address": "2001:db8::ff",
             "port": 443}])
    decode("error-code.401", "ERROR-CODE 401 Unauthorized: class 4, number 1", "14.8",
           [(0x0009, bytes([0, 0, 4, 1]) + b"Unauthorized")],
           [{"type": "ERROR-CODE", "code": 401, "reason": "Unauthorized"}], cls=0x0111,
           extra={"class": "error-response"})
    decode("error-code.438", "ERROR-CODE 438 Stale Nonce", "14.8",
           [(0x0009, bytes([0, 0, 4, 38]) + b"Stale Nonce")],
           [{"type": "ERROR-CODE", "code": 438, "reason": "Stale Nonce"}], cls=0x0111)
    decode("unknown-attributes", "UNKNOWN-ATTRIBUTES lists 16-bit types", "14.13",
           [(0x0009, bytes([0, 0, 4, 20]) + b"Unknown Attribute"),
            (0x000A, bytes.fromhex("7f008050"))],
           [{"type": "ERROR-CODE", "code": 420, "reason": "Unknown Attribute"},
            {"type": "UNKNOWN-ATTRIBUTES", "types": ["0x7F00", "0x8050"]}], cls=0x0111)
    decode("realm-nonce", "REALM and NONCE are UTF-8 text", "14.9",
           [(0x0014, "example.org".encode()), (0x0015, NONCE_8489.encode())],
           [{"type": "REALM", "value": "example.org"}, {"type": "NONCE", "value": NONCE_8489}],
           cls=0x0111)
    decode("password-algorithms", "PASSWORD-ALGORITHMS: MD5 and SHA-256", "14.11",
           [(0x8002, bytes.fromhex("0002000000010000"))],
           [{"type": "PASSWORD-ALGORITHMS",
             "algorithms": [{"algorithm": "SHA-256", "parameters": ""},
                            {"algorithm": "MD5", "parameters": ""}]}], cls=0x0111)
    decode("password-algorithm", "PASSWORD-ALGORITHM: SHA-256", "14.12",
           [(0x001D, bytes.fromhex("00020000"))],
           [{"type": "PASSWORD-ALGORITHM", "algorithm": "SHA-256", "parameters": ""}], cls=0x0001)
    decode("userhash", "USERHASH is 32 bytes", "14.4",
           [(0x001E, hashlib.sha256(f"{USER_LT}:{REALM}".encode()).digest())],
           [{"type": "USERHASH",
             "value": hashlib.sha256(f"{USER_LT}:{REALM}".encode()).hexdigest()}], cls=0x0001)
    decode("software", "SOFTWARE is UTF-8 text, padding not part of the value", "14.14",
           [(0x8022, "rtcheck é".encode())], [{"type": "SOFTWARE", "value": "rtcheck é"}],
           level="SHOULD")
    decode("alternate-server", "ALTERNATE-SERVER is an address like MAPPED-ADDRESS", "14.15",
           [(0x8023, bytes([0, 1, 0x0d, 0x96, 192, 0, 2, 10]))],
           [{"type": "ALTERNATE-SERVER", "family": "IPv4", "address": "192.0.2.10",
             "port": 3478}], cls=0x0111)
    decode("alternate-domain", "ALTERNATE-DOMAIN is a domain name", "14.16",
           [(0x8003, b"stun.example.org")],
           [{"type": "ALTERNATE-DOMAIN", "value": "stun.example.org"}], cls=0x0111)
    v.append(vector("ice-attributes", "PRIORITY, USE-CANDIDATE, ICE-CONTROLLING (RFC 8445 §16.1)",
                    "stun.decode", "8445", "16.1", "MUST",
                    {"hex": hexs(message(0x0001, tx, [
                        (0x0024, struct.pack(">I", 0x6E7F1EFF)), (0x0025, b""),
                        (0x802A, bytes.fromhex("0011223344556677"))]))},
                    {"class": "request", "attributes": [
                        {"type": "PRIORITY", "value": 0x6E7F1EFF},
                        {"type": "USE-CANDIDATE"},
                        {"type": "ICE-CONTROLLING", "tiebreaker": "0011223344556677"}]}))
    decode("unknown-optional-kept",
           "an unknown comprehension-optional attribute (0x8050) is kept, not an error", "14",
           [(0x8050, b"\x01\x02\x03"), (0x8022, b"x")],
           [{"type": "0x8050", "value": "010203"}, {"type": "SOFTWARE", "value": "x"}],
           extra={"unknownComprehensionRequired": []}, cls=0x0001)
    decode("unknown-required-reported",
           "an unknown comprehension-required attribute (0x7F00) is reported for a 420", "14",
           [(0x7F00, b"\xaa\xbb\xcc\xdd")], [{"type": "0x7F00", "value": "aabbccdd"}],
           extra={"unknownComprehensionRequired": ["0x7F00"]}, cls=0x0001)
    v.append(vector("indication", "class bits: Binding indication is 0x0011", "stun.decode", "8489",
                    "5", "MUST", {"hex": hexs(message(0x0011, tx, []))},
                    {"class": "indication", "method": "binding", "transactionId": tx,
                     "attributes": []}))
    v.append(vector("method-bits", "method bits are spread around the class bits (0x0003 = Allocate)",
                    "stun.decode", "8489", "5", "MUST", {"hex": hexs(message(0x0113, tx, []))},
                    {"class": "error-response", "method": "allocate"}))
    short_mi = message(0x0001, tx, [(0x001C, bytes(12))])
    v.append(vector("integrity-sha256-too-short",
                    "MESSAGE-INTEGRITY-SHA256 shorter than 16 bytes is malformed", "stun.decode",
                    "8489", "14.6", "MUST", {"hex": hexs(short_mi)},
                    {"error": {"kind": "malformed", "offset": 20}}))
    odd_mi = message(0x0001, tx, [(0x0008, bytes(19))])
    v.append(vector("integrity-wrong-length", "MESSAGE-INTEGRITY must be 20 bytes", "stun.decode",
                    "8489", "14.5", "MUST", {"hex": hexs(odd_mi)},
                    {"error": {"kind": "malformed", "offset": 20}}))
    key = short_key(SHORT_PASSWORD)
    # RFC 8489 §14.6: the HMAC is computed with the length field covering the
    # (truncated) attribute, then cut to 16 bytes.
    base = message(0x0001, tx, [(0x0006, b"user:peer")])
    head = bytearray(base)
    struct.pack_into(">H", head, 2, len(base) - 20 + 4 + 16)
    mac = hmac.new(key, bytes(head), hashlib.sha256).digest()[:16]
    trunc = bytes(head) + struct.pack(">HH", 0x001C, 16) + mac
    v.append(vector("integrity-sha256-truncated-16",
                    "MESSAGE-INTEGRITY-SHA256 truncated to 16 bytes verifies", "stun.decode",
                    "8489", "14.6", "MUST",
                    {"hex": hexs(trunc), "credentials": {"password": SHORT_PASSWORD}},
                    {"checks": {"messageIntegritySha256": "pass"}}))
    return {
        "$schema": SCHEMA,
        "description": "Generated by vectors/tools/generate_stun_vectors.py; do not edit by hand.",
        "suite": {"id": "stun/rfc8489-attributes",
                  "title": "RFC 8489 §14: every attribute, and the ICE ones of RFC 8445",
                  "protocol": "STUN", "rfc": "8489",
                  "link": "https://www.rfc-editor.org/rfc/rfc8489#section-14"},
        "vectors": v,
    }




if __name__ == "__main__":
    self_check()
    write("stun", "rfc5769.json", rfc5769_file())
    write("stun", "rfc5769-negative.json", negative_file())
    write("stun", "rfc8489-b1.json", b1_file())
    write("stun", "rfc8489-attributes.json", attributes_file())
    print("wrote the stun vectors")
