#!/usr/bin/env python3
"""Generates the SRTP vector files (RFC 3711, RFC 6188, RFC 7714).

The expected outcomes are computed here, in Python, from the RFC text: AES
comes from the `cryptography` package (Debian: python3-cryptography), HMAC-SHA1
from the standard library; the SRTP constructions on top of them (key
derivation §4.3, AES-CM §4.1.1, authentication §4.2, packet index and
rollover counter §3.3.1, replay window §3.3.2, SRTCP §3.4, AES-GCM RFC 7714
§8-§9) are written out below, independently of any SRTP implementation under
test: the own stack is not allowed to grade itself. Where an RFC prints test
vectors, `self_check()` asserts this code reproduces them before anything is
written.

Run it after changing it:

    python3 vectors/tools/generate_srtp_vectors.py

and commit the JSON it writes. `VectorCorpusTest` checks the committed files
are what this script writes, so the build machine needs python3-cryptography
(build/prerequisites installs it).
"""
import hmac
import hashlib
import struct
import sys

from vectorfile import vector, suite_file, write

try:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("generate_srtp_vectors.py needs the Python 'cryptography' package for AES "
             "(Debian/Ubuntu: apt-get install python3-cryptography; elsewhere: "
             "pip install cryptography). build/prerequisites installs it.")

SCRIPT = "generate_srtp_vectors.py"


def h(s):
    return bytes.fromhex("".join(s.split()))


def hx(b):
    return b.hex()


# ---------------------------------------------------------------------------------------------
# Primitives

def aes_ctr(key, iv, data):
    """AES in counter mode, the 128-bit counter block incremented as one big-endian integer
    (RFC 3711 §4.1.1: the IV is the initial counter block; it never wraps within a packet)."""
    enc = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def hmac_sha1(key, data):
    return hmac.new(key, data, hashlib.sha1).digest()


# ---------------------------------------------------------------------------------------------
# Profiles (RFC 3711 §8.2 / RFC 4568 §6.2, RFC 6188 §4, RFC 7714 §12)

PROFILES = {
    # name: (cipher, encryption key length, session salt length, SRTP tag, SRTCP tag)
    "AES_CM_128_HMAC_SHA1_80": ("CM", 16, 14, 10, 10),
    # RFC 4568 §6.2.1 / RFC 5764 §4.1.2: the 32-bit tag is for SRTP only; SRTCP keeps 80 bits.
    "AES_CM_128_HMAC_SHA1_32": ("CM", 16, 14, 4, 10),
    "AES_256_CM_HMAC_SHA1_80": ("CM", 32, 14, 10, 10),
    "AEAD_AES_128_GCM": ("GCM", 16, 12, 16, 16),
    "AEAD_AES_256_GCM": ("GCM", 32, 12, 16, 16),
}
AUTH_KEY_LENGTH = 20  # n_a = 160 bits (RFC 3711 §8.2)


def prf(master_key, master_salt, label, index, kdr, n):
    """RFC 3711 §4.3.1/§4.3.3: key_id = label || r, r = index DIV kdr (0 when kdr is 0);
    x = key_id XOR master_salt; the key is the AES-CM keystream under the master key with
    IV = x * 2^16. A 96-bit master salt (AES-GCM, RFC 7714 §11) is padded on the right with
    zeros to the 112 bits the PRF takes, as libsrtp and the published GCM examples do."""
    salt = master_salt + bytes(14 - len(master_salt))
    r = index // kdr if kdr else 0
    key_id = (label << 48) | r
    x = key_id ^ int.from_bytes(salt, "big")
    iv = (x << 16).to_bytes(16, "big")
    return aes_ctr(master_key, iv, bytes(n))


def derive(profile, master_key, master_salt, kdr=0, index=0, srtcp_index=None):
    """The six session keys of RFC 3711 §4.3.2 (labels 0-5). For AES-GCM there is no
    authentication key (RFC 7714 §11), and its session salt is 96 bits."""
    _, n_e, n_s, _, _ = PROFILES[profile]
    cindex = index if srtcp_index is None else srtcp_index
    keys = {
        "srtpEncryptionKey": prf(master_key, master_salt, 0x00, index, kdr, n_e),
        "srtpAuthenticationKey": prf(master_key, master_salt, 0x01, index, kdr, AUTH_KEY_LENGTH),
        "srtpSalt": prf(master_key, master_salt, 0x02, index, kdr, n_s),
        "srtcpEncryptionKey": prf(master_key, master_salt, 0x03, cindex, kdr, n_e),
        "srtcpAuthenticationKey": prf(master_key, master_salt, 0x04, cindex, kdr,
                                      AUTH_KEY_LENGTH),
        "srtcpSalt": prf(master_key, master_salt, 0x05, cindex, kdr, n_s),
    }
    return keys


def rtp_header_length(packet):
    """RFC 3550 §5.1/§5.3.1: 12 octets, the CSRC list, and the header extension."""
    cc = packet[0] & 0x0F
    n = 12 + 4 * cc
    if packet[0] & 0x10:
        n += 4 + 4 * struct.unpack("!H", packet[n + 2:n + 4])[0]
    return n


def srtp_protect_cm(packet, index, enc_key, auth_key, salt, tag_len):
    """RFC 3711 §3.3, §4.1.1 (IV = k_s*2^16 XOR SSRC*2^64 XOR i*2^16) and §4.2 (the tag is
    HMAC-SHA1 over the authenticated portion || ROC, truncated)."""
    hl = rtp_header_length(packet)
    ssrc = struct.unpack("!I", packet[8:12])[0]
    iv = ((int.from_bytes(salt, "big") << 16) ^ (ssrc << 64) ^ (index << 16)).to_bytes(16, "big")
    body = packet[:hl] + aes_ctr(enc_key, iv, packet[hl:])
    roc = index >> 16
    tag = hmac_sha1(auth_key, body + struct.pack("!I", roc))[:tag_len]
    return body + tag


def srtcp_protect_cm(packet, srtcp_index, enc_key, auth_key, salt, tag_len):
    """RFC 3711 §3.4: everything after the first 8 octets is encrypted (E = 1) with the SRTCP
    index in the IV; E || index (32 bits) is appended and authenticated; tag after it."""
    ssrc = struct.unpack("!I", packet[4:8])[0]
    iv = ((int.from_bytes(salt, "big") << 16) ^ (ssrc << 64) ^ (srtcp_index << 16)) \
        .to_bytes(16, "big")
    body = packet[:8] + aes_ctr(enc_key, iv, packet[8:]) \
        + struct.pack("!I", 0x80000000 | srtcp_index)
    return body + hmac_sha1(auth_key, body)[:tag_len]


def gcm_rtp_iv(salt, ssrc, index):
    """RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt."""
    roc, seq = index >> 16, index & 0xFFFF
    raw = b"\x00\x00" + struct.pack("!IIH", ssrc, roc, seq)
    return bytes(a ^ b for a, b in zip(raw, salt))


def srtp_protect_gcm(packet, index, key, salt):
    """RFC 7714 §8: AAD = the RTP header (with CSRCs and extension), the payload encrypted,
    the 16-octet tag appended to the ciphertext."""
    hl = rtp_header_length(packet)
    ssrc = struct.unpack("!I", packet[8:12])[0]
    iv = gcm_rtp_iv(salt, ssrc, index)
    return packet[:hl] + AESGCM(key).encrypt(iv, packet[hl:], packet[:hl])


def gcm_rtcp_iv(salt, ssrc, srtcp_index):
    """RFC 7714 §9.1: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt."""
    raw = b"\x00\x00" + struct.pack("!IHI", ssrc, 0, srtcp_index & 0x7FFFFFFF)
    return bytes(a ^ b for a, b in zip(raw, salt))


def srtcp_protect_gcm(packet, srtcp_index, key, salt, encrypt=True):
    """RFC 7714 §9: with E = 1, AAD = first 8 octets || E || index, the rest encrypted; with
    E = 0 the whole packet is AAD. The ESRTCP word follows the tag."""
    ssrc = struct.unpack("!I", packet[4:8])[0]
    iv = gcm_rtcp_iv(salt, ssrc, srtcp_index)
    word = struct.pack("!I", (0x80000000 if encrypt else 0) | srtcp_index)
    if encrypt:
        return packet[:8] + AESGCM(key).encrypt(iv, packet[8:], packet[:8] + word) + word
    return packet + AESGCM(key).encrypt(iv, b"", packet + word) + word


class Sender:
    """An SRTP/SRTCP sender with one master key: per-SSRC rollover counter (§3.3.1: ROC is
    incremented when SEQ wraps) and SRTCP index (§3.4: starts at 0, +1 per packet)."""

    def __init__(self, profile, master_key, master_salt, roc=0):
        self.profile = profile
        self.keys = derive(profile, master_key, master_salt)
        self.roc = {}
        self.last_seq = {}
        self.initial_roc = roc
        self.srtcp_index = {}

    def index_of(self, packet):
        ssrc = struct.unpack("!I", packet[8:12])[0]
        seq = struct.unpack("!H", packet[2:4])[0]
        roc = self.roc.get(ssrc, self.initial_roc)
        last = self.last_seq.get(ssrc)
        if last is not None and seq < last and last - seq > 0x8000:
            roc += 1
        self.roc[ssrc] = roc
        self.last_seq[ssrc] = seq
        return (roc << 16) | seq

    def protect(self, packet, index=None):
        cipher, _, _, tag_len, _ = PROFILES[self.profile]
        i = self.index_of(packet) if index is None else index
        k = self.keys
        if cipher == "CM":
            return srtp_protect_cm(packet, i, k["srtpEncryptionKey"],
                                   k["srtpAuthenticationKey"], k["srtpSalt"], tag_len)
        return srtp_protect_gcm(packet, i, k["srtpEncryptionKey"], k["srtpSalt"])

    def protect_rtcp(self, packet):
        cipher, _, _, _, tag_len = PROFILES[self.profile]
        ssrc = struct.unpack("!I", packet[4:8])[0]
        i = self.srtcp_index.get(ssrc, 0)
        self.srtcp_index[ssrc] = i + 1
        k = self.keys
        if cipher == "CM":
            return srtcp_protect_cm(packet, i, k["srtcpEncryptionKey"],
                                    k["srtcpAuthenticationKey"], k["srtcpSalt"], tag_len)
        return srtcp_protect_gcm(packet, i, k["srtcpEncryptionKey"], k["srtcpSalt"])


def flip_last_bit(packet):
    """One bit flipped in the last octet: inside the tag for SRTP and for AES-CM SRTCP."""
    return packet[:-1] + bytes([packet[-1] ^ 0x01])


def flip_gcm_rtcp_tag(packet):
    """For AES-GCM SRTCP the ESRTCP word is last; flip a bit of the tag before it."""
    return packet[:-5] + bytes([packet[-5] ^ 0x01]) + packet[-4:]


# ---------------------------------------------------------------------------------------------
# Packets

SSRC = 0xCAFEBABE
PAYLOAD = bytes(range(0x10, 0x10 + 20))  # 20 octets, a G.711 frame is 160 but this is enough


def rtp(seq, ssrc=SSRC, pt=0, ts=None, payload=PAYLOAD, marker=False):
    ts = seq * 160 if ts is None else ts
    return struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | pt, seq, ts & 0xFFFFFFFF,
                       ssrc) + payload


def rtp_with_csrc_and_extension(seq):
    """V=2, X=1, CC=1; one CSRC; a one-byte-header extension (RFC 8285, profile 0xBEDE) of one
    word. Only the payload after all of it is encrypted (RFC 3711 §3.1)."""
    header = struct.pack("!BBHII", 0x91, 0x60 | 0x80, seq, 0x00012345, SSRC)
    header += struct.pack("!I", 0x01020304)            # CSRC
    header += struct.pack("!HH", 0xBEDE, 1) + h("10 ab 00 00")  # id 1, len 0 -> 1 octet
    return header + b"rtcheck payload!"


def rtcp_sr(ssrc=SSRC):
    """An RTCP sender report without report blocks (RFC 3550 §6.4.1), 28 octets."""
    return struct.pack("!BBHI", 0x80, 200, 6, ssrc) + h(
        "e7a8c2ae 3b645a1c 00012345 00000010 00000a00")


def rtcp_rr(ssrc=SSRC):
    """An RTCP receiver report with one report block (RFC 3550 §6.4.2), 32 octets."""
    return struct.pack("!BBHI", 0x81, 201, 7, ssrc) + h(
        "11223344 00000000 0000ffff 00000010 00000000 00000000")


# ---------------------------------------------------------------------------------------------
# The RFCs' own test vectors, which self_check() reproduces

B3_KEY = h("E1F97A0D3E018BE0D64FA32C06DE4139")
B3_SALT = h("0EC675AD498AFEEBB6960B3AABE6")
# RFC 3711 Appendix B.3
B3_CIPHER_KEY = h("C61E7A93744F39EE10734AFE3FF7A087")
B3_CIPHER_SALT = h("30CBBC08863D8C85D49DB34A9AE1")
B3_AUTH_KEY = h("""CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE
                   E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25
                   6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2""")
# RFC 3711 Appendix B.2: AES-CM keystream
B2_KEY = h("2B7E151628AED2A6ABF7158809CF4F3C")
B2_SALT = h("F0F1F2F3F4F5F6F7F8F9FAFBFCFD")
B2_BLOCK_0 = h("E03EAD0935C95E80E166B16DD92B4EB4")

# RFC 6188 §7.2 (AES_256_CM_PRF)
R6188_KEY = h("f0f04914b513f2763a1b1fa130f10e29 98f6f6e43e4309d1e622a0e332b9f1b6")
R6188_SALT = h("3b04803de51ee7c96423ab5b78d2")
R6188_CIPHER_KEY = h("5ba1064e30ec51613cad926c5a28ef73 1ec7fb397f70a960653caf06554cd8c4")
R6188_CIPHER_SALT = h("fa31791685ca444a9e07c6c64e93")
R6188_AUTH_KEY = h("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05")

# RFC 7714 §16-§17. The examples key AES-GCM directly with these (session) values.
R7714_KEY_128 = bytes(range(16))
R7714_KEY_256 = bytes(range(32))
R7714_SALT = b"Quid pro quo"  # 51756964 2070726f 2071756f
R7714_RTP = h("8040f17b 8041f8d3 5501a0b2") + b"Gallia est omnis divisa in partes tres"
R7714_RTP_IV = h("51753c6580c2726f20718414")
R7714_SRTP_128 = h("""8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca
                      be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1
                      6a9152cf 765ee439 0cce""")
R7714_SRTP_256 = h("""8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa
                      b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff
                      d6b0f9bb 7878d7a7 6c13""")
# §17: an RTCP packet different from §16's RTP one (SSRC 0x4d617273 "Mars", SRTCP index
# 0x5d4). Its length field says 13 (56 octets) although 52 octets are printed; the AEAD does
# not look at the field, so the example is used exactly as printed.
R7714_RTCP = h("""81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930
                  4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef""")
R7714_RTCP_INDEX = 0x5D4
R7714_SRTCP_128 = h("""81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7
                       6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458
                       96cf4d2f c5abf872 45d9eade 800005d4""")
R7714_SRTCP_256 = h("""81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d
                       bffe0a50 a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c
                       4446839f 57ff6f6c b26ac3be 800005d4""")
R7714_SRTCP_128_TAG_ONLY = h("""81c8000d 4d617273 4e545031 4e545032 52545020 0000042a
                                0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef
                                deadbeef 841dd968 3dd78ec9 2ae58790 125f62b3 000005d4""")
R7714_SRTCP_256_TAG_ONLY = h("""81c8000d 4d617273 4e545031 4e545032 52545020 0000042a
                                0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef
                                deadbeef 91db4afb feee5a97 8fab4393 ed2615fe 000005d4""")


def self_check():
    # RFC 3711 B.2: the AES-CM keystream with IV = salt * 2^16.
    iv = (int.from_bytes(B2_SALT, "big") << 16).to_bytes(16, "big")
    assert aes_ctr(B2_KEY, iv, bytes(16)) == B2_BLOCK_0, "RFC 3711 B.2"
    # RFC 3711 B.3
    assert prf(B3_KEY, B3_SALT, 0, 0, 0, 16) == B3_CIPHER_KEY, "RFC 3711 B.3 cipher key"
    assert prf(B3_KEY, B3_SALT, 2, 0, 0, 14) == B3_CIPHER_SALT, "RFC 3711 B.3 cipher salt"
    assert prf(B3_KEY, B3_SALT, 1, 0, 0, len(B3_AUTH_KEY)) == B3_AUTH_KEY, "RFC 3711 B.3 auth"
    # RFC 6188 §7.2
    k = derive("AES_256_CM_HMAC_SHA1_80", R6188_KEY, R6188_SALT)
    assert k["srtpEncryptionKey"] == R6188_CIPHER_KEY, "RFC 6188 cipher key"
    assert k["srtpSalt"] == R6188_CIPHER_SALT, "RFC 6188 cipher salt"
    assert k["srtpAuthenticationKey"] == R6188_AUTH_KEY, "RFC 6188 auth key"
    # RFC 7714 §16.1.1, §16.2.1 (IV per §8.1, AAD = the header)
    assert gcm_rtp_iv(R7714_SALT, 0x5501A0B2, 0xF17B) == R7714_RTP_IV, "RFC 7714 §16 IV"
    assert srtp_protect_gcm(R7714_RTP, 0xF17B, R7714_KEY_128, R7714_SALT) == R7714_SRTP_128, \
        "RFC 7714 §16.1.1"
    assert srtp_protect_gcm(R7714_RTP, 0xF17B, R7714_KEY_256, R7714_SALT) == R7714_SRTP_256, \
        "RFC 7714 §16.2.1"
    # RFC 7714 §17.1, §17.2 (E = 1) and §17.3, §17.4 (E = 0)
    assert srtcp_protect_gcm(R7714_RTCP, R7714_RTCP_INDEX, R7714_KEY_128, R7714_SALT) \
        == R7714_SRTCP_128, "RFC 7714 §17.1"
    assert srtcp_protect_gcm(R7714_RTCP, R7714_RTCP_INDEX, R7714_KEY_256, R7714_SALT) \
        == R7714_SRTCP_256, "RFC 7714 §17.2"
    assert srtcp_protect_gcm(R7714_RTCP, R7714_RTCP_INDEX, R7714_KEY_128, R7714_SALT, False) \
        == R7714_SRTCP_128_TAG_ONLY, "RFC 7714 §17.3"
    assert srtcp_protect_gcm(R7714_RTCP, R7714_RTCP_INDEX, R7714_KEY_256, R7714_SALT, False) \
        == R7714_SRTCP_256_TAG_ONLY, "RFC 7714 §17.4"


# ---------------------------------------------------------------------------------------------
# Vector builders

def keys_json(keys):
    return {name: hx(value) for name, value in keys.items()}


def args(profile, key, salt, packets, rtcp=False, kdr=None, roc=None):
    a = {"profile": profile, "masterKey": hx(key), "masterSalt": hx(salt)}
    if kdr is not None:
        a["kdr"] = kdr
    if rtcp:
        a["rtcp"] = True
    if roc is not None:
        a["roc"] = roc
    a["packets"] = [hx(p) for p in packets]
    return a


def out(packets):
    return {"packets": [p if isinstance(p, dict) else hx(p) for p in packets]}


AUTH_FAILED = {"error": "auth-failed"}
REPLAY = {"error": "replay"}
MALFORMED = {"error": "malformed"}


def round_trip_vectors(prefix, profile, key, salt, rfc, gcm=False):
    """protect and unprotect of two packets, a tag flip that must leave the context unchanged,
    and a replay: common to every profile."""
    s = Sender(profile, key, salt)
    p1, p2 = rtp(0x1234), rtp(0x1235)
    c1, c2 = s.protect(p1), s.protect(p2)
    sec_auth = "8.2" if gcm else "3.3"
    return [
        vector(prefix + ".protect", "%s: protect two RTP packets" % profile, "srtp.protect",
               rfc, "3.3" if not gcm else "8.1", "MUST", args(profile, key, salt, [p1, p2]),
               out([c1, c2])),
        vector(prefix + ".unprotect", "%s: unprotect two SRTP packets" % profile,
               "srtp.unprotect", rfc, "3.3" if not gcm else "8.1", "MUST",
               args(profile, key, salt, [c1, c2]), out([p1, p2])),
        vector(prefix + ".tag-flip", "%s: one bit flipped in the tag is refused, and the "
               "context is unchanged: the genuine packet then decodes" % profile,
               "srtp.unprotect", rfc, sec_auth, "MUST",
               args(profile, key, salt, [flip_last_bit(c1), c1, c2]),
               out([AUTH_FAILED, p1, p2])),
        vector(prefix + ".replay", "%s: the same packet twice: the second is a replay"
               % profile, "srtp.unprotect", "3711", "3.3.2", "MUST",
               args(profile, key, salt, [c1, c1, c2]), out([p1, REPLAY, p2])),
    ]


def rfc3711_file():
    p = "AES_CM_128_HMAC_SHA1_80"
    vs = []
    b3 = derive(p, B3_KEY, B3_SALT)
    vs.append(vector(
        "derive.b3", "Appendix B.3: session keys from the example master key (kdr 0)",
        "srtp.derive", "3711", "4.3", "MUST",
        {"profile": p, "masterKey": hx(B3_KEY), "masterSalt": hx(B3_SALT), "kdr": 0,
         "index": 0}, keys_json(b3),
        frm="RFC 3711 Appendix B.3 (SRTP keys); SRTCP keys (labels 3-5) computed per §4.3.2"))

    # §4.3.1: with kdr = 2^16, r = index DIV kdr enters key_id; at index 0x1234567, r = 0x123.
    index = 0x1234567
    kdr16 = derive(p, B3_KEY, B3_SALT, kdr=1 << 16, index=index)
    for name in kdr16:
        assert kdr16[name] != b3[name], name
    vs.append(vector(
        "derive.kdr-2-16", "Key derivation rate 2^16 at index 0x1234567: r = 0x123 enters "
        "key_id, so every session key differs from the kdr 0 ones", "srtp.derive", "3711",
        "4.3.1", "MUST",
        {"profile": p, "masterKey": hx(B3_KEY), "masterSalt": hx(B3_SALT), "kdr": 1 << 16,
         "index": index}, keys_json(kdr16)))
    vs.append(vector(
        "derive.kdr-0-ignores-index", "Key derivation rate 0: the index does not matter "
        "(r = 0), the keys are those at index 0", "srtp.derive", "3711", "4.3.1", "MUST",
        {"profile": p, "masterKey": hx(B3_KEY), "masterSalt": hx(B3_SALT), "kdr": 0,
         "index": index}, keys_json(b3)))

    # Protect: a plain header, and one with a CSRC and a header extension (not encrypted).
    for prof, tag in (("AES_CM_128_HMAC_SHA1_80", "cm80"), ("AES_CM_128_HMAC_SHA1_32", "cm32")):
        vs += round_trip_vectors(tag, prof, B3_KEY, B3_SALT, "3711")
        s = Sender(prof, B3_KEY, B3_SALT)
        pkt = rtp_with_csrc_and_extension(7)
        vs.append(vector(
            tag + ".protect-csrc-extension", "%s: header with a CSRC and an extension: "
            "only the payload after them is encrypted" % prof, "srtp.protect", "3711", "3.1",
            "MUST", args(prof, B3_KEY, B3_SALT, [pkt]), out([s.protect(pkt)])))

    # Replay window (§3.3.2): SRTP-WS is at least 64, the window ends at the highest index.
    s = Sender(p, B3_KEY, B3_SALT)
    c = {seq: s.protect(rtp(seq), index=seq) for seq in (1000, 1001, 1064, 1065)}
    vs.append(vector(
        "window.63-behind-accepted", "Replay window: a new packet 63 behind the highest "
        "(the oldest slot of a 64-packet window) is accepted", "srtp.unprotect", "3711",
        "3.3.2", "MUST", args(p, B3_KEY, B3_SALT, [c[1000], c[1064], c[1001]]),
        out([rtp(1000), rtp(1064), rtp(1001)])))
    vs.append(vector(
        "window.64-behind-rejected", "Replay window: a new packet 64 behind the highest is "
        "left of a 64-packet window and refused (a receiver with a larger window may accept it)",
        "srtp.unprotect", "3711", "3.3.2", "SHOULD",
        args(p, B3_KEY, B3_SALT, [c[1000], c[1065], c[1001]]),
        out([rtp(1000), rtp(1065), REPLAY])))
    vs.append(vector(
        "window.replay-65-behind", "Replay window: a packet received before, replayed 65 "
        "behind the highest, is refused whatever the window size", "srtp.unprotect", "3711",
        "3.3.2", "MUST", args(p, B3_KEY, B3_SALT, [c[1000], c[1065], c[1000]]),
        out([rtp(1000), rtp(1065), REPLAY])))

    # Rollover counter (§3.3.1): 65534, 65535, 0, 1 are indices 65534 .. 65537.
    seqs = (65534, 65535, 0, 1)
    s = Sender(p, B3_KEY, B3_SALT)
    plain = [rtp(q) for q in seqs]
    prot = [s.protect(x) for x in plain]
    vs.append(vector(
        "roc.protect-wrap", "Rollover: the sender increments ROC when SEQ wraps 65535 -> 0 "
        "(indices 65534 .. 65537)", "srtp.protect", "3711", "3.3.1", "MUST",
        args(p, B3_KEY, B3_SALT, plain), out(prot)))
    vs.append(vector(
        "roc.unprotect-wrap", "Rollover: the receiver's index estimate crosses 2^16",
        "srtp.unprotect", "3711", "3.3.1", "MUST", args(p, B3_KEY, B3_SALT, prot), out(plain)))
    vs.append(vector(
        "roc.unprotect-reordered", "Rollover: 65535 arriving after 0 is estimated with ROC - 1 "
        "(index 65535) and accepted", "srtp.unprotect", "3711", "3.3.1", "MUST",
        args(p, B3_KEY, B3_SALT, [prot[0], prot[2], prot[1], prot[3]]),
        out([plain[0], plain[2], plain[1], plain[3]])))
    s = Sender(p, B3_KEY, B3_SALT, roc=5)
    q = [rtp(100), rtp(101)]
    qp = [s.protect(x) for x in q]
    vs.append(vector(
        "roc.initial", "A context created with ROC 5 protects SEQ 100 as index 5*2^16 + 100",
        "srtp.protect", "3711", "3.3.1", "MUST", args(p, B3_KEY, B3_SALT, q, roc=5), out(qp)))
    vs.append(vector(
        "roc.initial-unprotect", "A context created with ROC 5 unprotects SEQ 100 of ROC 5",
        "srtp.unprotect", "3711", "3.3.1", "MUST", args(p, B3_KEY, B3_SALT, qp, roc=5),
        out(q)))

    # Malformed input (§3.3: a packet must at least hold the header and the tag).
    s = Sender(p, B3_KEY, B3_SALT)
    good = s.protect(rtp(200))
    vs.append(vector(
        "malformed.shorter-than-header", "Ten octets, less than an RTP header: refused as "
        "malformed, and the next packet still decodes", "srtp.unprotect", "3711", "3.3",
        "MUST", args(p, B3_KEY, B3_SALT, [good[:10], good]), out([MALFORMED, rtp(200)])))
    vs.append(vector(
        "malformed.shorter-than-tag", "An RTP header and four octets, less than the 80-bit "
        "tag: refused as malformed", "srtp.unprotect", "3711", "3.3", "MUST",
        args(p, B3_KEY, B3_SALT, [good[:16], good]), out([MALFORMED, rtp(200)])))

    # SRTCP (§3.4), AES_CM_128_HMAC_SHA1_80: E = 1, index 0 then 1.
    s = Sender(p, B3_KEY, B3_SALT)
    r1, r2 = rtcp_sr(), rtcp_rr()
    c1, c2 = s.protect_rtcp(r1), s.protect_rtcp(r2)
    assert c1[-14:-10] == h("80000000") and c2[-14:-10] == h("80000001")
    vs.append(vector(
        "srtcp.protect", "SRTCP: protect two RTCP packets: encrypted after the first 8 octets, "
        "E || SRTCP index 0x80000000 then 0x80000001, 80-bit tag", "srtp.protect", "3711",
        "3.4", "MUST", args(p, B3_KEY, B3_SALT, [r1, r2], rtcp=True), out([c1, c2])))
    vs.append(vector(
        "srtcp.unprotect", "SRTCP: unprotect two packets", "srtp.unprotect", "3711", "3.4",
        "MUST", args(p, B3_KEY, B3_SALT, [c1, c2], rtcp=True), out([r1, r2])))
    vs.append(vector(
        "srtcp.tag-flip", "SRTCP: one bit flipped in the tag is refused; the genuine packet "
        "then decodes", "srtp.unprotect", "3711", "3.4", "MUST",
        args(p, B3_KEY, B3_SALT, [flip_last_bit(c1), c1], rtcp=True), out([AUTH_FAILED, r1])))
    vs.append(vector(
        "srtcp.replay", "SRTCP: the same packet twice: the second is a replay",
        "srtp.unprotect", "3711", "3.4", "MUST",
        args(p, B3_KEY, B3_SALT, [c1, c1, c2], rtcp=True), out([r1, REPLAY, r2])))

    return suite_file(SCRIPT, {
        "id": "srtp/rfc3711", "title": "RFC 3711 SRTP: key derivation, AES-CM, HMAC-SHA1, "
        "rollover counter, replay window, SRTCP", "protocol": "SRTP", "rfc": "3711",
        "link": "https://www.rfc-editor.org/rfc/rfc3711"}, vs)


def rfc6188_file():
    p = "AES_256_CM_HMAC_SHA1_80"
    k = derive(p, R6188_KEY, R6188_SALT)
    vs = [vector(
        "derive.7-2", "AES_256_CM_PRF: session keys from the §7.2 master key", "srtp.derive",
        "6188", "7.2", "MUST",
        {"profile": p, "masterKey": hx(R6188_KEY), "masterSalt": hx(R6188_SALT), "kdr": 0,
         "index": 0}, keys_json(k),
        frm="RFC 6188 §7.2 (SRTP keys); SRTCP keys (labels 3-5) computed per RFC 3711 §4.3.2")]
    vs += round_trip_vectors("cm256", p, R6188_KEY, R6188_SALT, "6188")
    s = Sender(p, R6188_KEY, R6188_SALT)
    r1 = rtcp_sr()
    c1 = s.protect_rtcp(r1)
    vs.append(vector(
        "cm256.srtcp", "AES_256_CM_HMAC_SHA1_80: SRTCP protect", "srtp.protect", "6188", "4",
        "MUST", args(p, R6188_KEY, R6188_SALT, [r1], rtcp=True), out([c1])))
    vs.append(vector(
        "cm256.srtcp-unprotect", "AES_256_CM_HMAC_SHA1_80: SRTCP unprotect", "srtp.unprotect",
        "6188", "4", "MUST", args(p, R6188_KEY, R6188_SALT, [c1], rtcp=True), out([r1])))
    return suite_file(SCRIPT, {
        "id": "srtp/rfc6188", "title": "RFC 6188 AES-256 in SRTP: key derivation and "
        "AES_256_CM_HMAC_SHA1_80", "protocol": "SRTP", "rfc": "6188",
        "link": "https://www.rfc-editor.org/rfc/rfc6188"}, vs)


def rfc7714_file():
    vs = []
    for p, key, tag in (("AEAD_AES_128_GCM", R7714_KEY_128, "gcm128"),
                        ("AEAD_AES_256_GCM", R7714_KEY_256, "gcm256")):
        # The RFC's examples key AES-GCM with these values directly; the capability takes a
        # master key, so here they are master key and master salt, and the session keys come
        # from the RFC 3711 §4.3 derivation (RFC 7714 §11). Packets are the RFC's own.
        s = Sender(p, key, R7714_SALT)
        c = s.protect(R7714_RTP)
        nxt = R7714_RTP[:2] + b"\xf1\x7c" + R7714_RTP[4:]
        cn = s.protect(nxt)
        frm = "the RFC 7714 §16 packet, key and salt, used as master key and salt"
        vs.append(vector(
            tag + ".protect", "%s: protect the §16 packet and its successor" % p,
            "srtp.protect", "7714", "8.1", "MUST", args(p, key, R7714_SALT, [R7714_RTP, nxt]),
            out([c, cn]), frm=frm))
        vs.append(vector(
            tag + ".unprotect", "%s: unprotect them" % p, "srtp.unprotect", "7714", "8.1",
            "MUST", args(p, key, R7714_SALT, [c, cn]), out([R7714_RTP, nxt]), frm=frm))
        vs.append(vector(
            tag + ".tag-flip", "%s: one bit flipped in the tag is refused; the genuine packet "
            "then decodes" % p, "srtp.unprotect", "7714", "8.2", "MUST",
            args(p, key, R7714_SALT, [flip_last_bit(c), c, cn]),
            out([AUTH_FAILED, R7714_RTP, nxt]), frm=frm))
        vs.append(vector(
            tag + ".header-flip", "%s: one bit flipped in the header (AAD) is refused" % p,
            "srtp.unprotect", "7714", "8.2", "MUST",
            args(p, key, R7714_SALT, [c[:1] + bytes([c[1] ^ 0x01]) + c[2:], c]),
            out([AUTH_FAILED, R7714_RTP]), frm=frm))
        vs.append(vector(
            tag + ".replay", "%s: the same packet twice: the second is a replay" % p,
            "srtp.unprotect", "3711", "3.3.2", "MUST",
            args(p, key, R7714_SALT, [c, c, cn]), out([R7714_RTP, REPLAY, nxt]), frm=frm))
        # SRTCP (§9, E = 1). The sender starts at SRTCP index 0 (RFC 3711 §3.4); the §17
        # packet is protected twice, at index 0 and 1.
        s = Sender(p, key, R7714_SALT)
        r1, r2 = s.protect_rtcp(R7714_RTCP), s.protect_rtcp(R7714_RTCP)
        frm17 = "the RFC 7714 §17 packet, key and salt, used as master key and salt"
        vs.append(vector(
            tag + ".srtcp-protect", "%s: SRTCP protect (E = 1, index 0 and 1; AAD = header "
            "|| E || index)" % p, "srtp.protect", "7714", "9.1", "MUST",
            args(p, key, R7714_SALT, [R7714_RTCP, R7714_RTCP], rtcp=True), out([r1, r2]),
            frm=frm17))
        vs.append(vector(
            tag + ".srtcp-unprotect", "%s: SRTCP unprotect" % p, "srtp.unprotect", "7714",
            "9.1", "MUST", args(p, key, R7714_SALT, [r1, r2], rtcp=True),
            out([R7714_RTCP, R7714_RTCP]), frm=frm17))
        vs.append(vector(
            tag + ".srtcp-tag-flip", "%s: SRTCP with one bit flipped in the tag is refused; "
            "the genuine packet then decodes" % p, "srtp.unprotect", "7714", "9.2", "MUST",
            args(p, key, R7714_SALT, [flip_gcm_rtcp_tag(r1), r1], rtcp=True),
            out([AUTH_FAILED, R7714_RTCP]), frm=frm17))
    return suite_file(SCRIPT, {
        "id": "srtp/rfc7714", "title": "RFC 7714 AES-GCM in SRTP and SRTCP", "protocol":
        "SRTP", "rfc": "7714", "link": "https://www.rfc-editor.org/rfc/rfc7714"}, vs)


if __name__ == "__main__":
    self_check()
    write("srtp", "rfc3711.json", rfc3711_file())
    write("srtp", "rfc6188.json", rfc6188_file())
    write("srtp", "rfc7714.json", rfc7714_file())
    print("wrote the srtp vectors")
