#!/usr/bin/env python3
"""Generates the live DTLS-SRTP step vectors that check failure and recovery:

  dtls/negative.json  handshakes that must fail, and how (RFC 5764, RFC 5763, RFC 7627, RFC 8122)
  dtls/flights.json   lost, reordered and misdirected flights (RFC 6347 §4.2.4, §4.2.8)
  dtls/rsa.json       RSA certificates on either side

Each vector pairs the subject under test with the own stack. Whichever side is the client uses the
fixed test credential of dtls/openssl.json (not a secret), because a server must know the
fingerprint it expects before the client starts, as it would from SDP (RFC 8842 §5). Flights are
disturbed by the own stack's relay (relay.start), which names what it drops or holds by the DTLS
handshake message it sees, so the same vector fits a stack that packs a flight in one datagram
(openssl) and one that sends a record a datagram (Bouncy Castle).
"""
import base64
import hashlib
import json
import os

import vectorfile

SCRIPT = "generate_dtls_vectors.py"
CM80 = "AES_CM_128_HMAC_SHA1_80"
GCM128 = "AEAD_AES_128_GCM"
KEYS = ["keyingMaterial", "clientKey", "clientSalt", "serverKey", "serverSalt"]


def pem_credential(name):
    """(certificate PEM, private key PEM, sha-256 fingerprint) of a test credential in tools/."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, encoding="ascii") as f:
        text = f.read()
    cert = text[text.index("-----BEGIN CERTIFICATE-----"):text.index("-----END CERTIFICATE-----") + 26]
    key = text[text.index("-----BEGIN PRIVATE KEY-----"):text.index("-----END PRIVATE KEY-----") + 26]
    der = base64.b64decode("".join(cert.splitlines()[1:-1]))
    digest = hashlib.sha256(der).hexdigest().upper()
    return cert, key, "sha-256 " + ":".join(digest[i:i + 2] for i in range(0, 64, 2))


# The ECDSA P-256 test credential of dtls/openssl.json (CN=rtcheck-vector-test-credential, valid
# until 2126) and an RSA 2048 one (CN=rtcheck-vector-test-rsa-credential, 100 years), made once
# with `openssl req -x509`; not secrets.
CERT, KEY, TEST_FINGERPRINT = pem_credential("dtls-test-ecdsa-credential.pem")
RSA_CERT, RSA_KEY, RSA_FINGERPRINT = pem_credential("dtls-test-rsa-credential.pem")


def step(op, args, subject=None, expect=None, save=None):
    s = {}
    if subject:
        s["subject"] = subject
    s["op"] = op
    s["args"] = args
    if expect:
        s["expect"] = expect
    if save:
        s["as"] = save
    return s


def client_args(host, port, fingerprint, profiles=(CM80,), **extra):
    a = {"host": host, "port": port, "fingerprint": fingerprint, "srtpProfiles": list(profiles),
         "certificate": CERT, "privateKey": KEY}
    a.update(extra)
    return a


def server_args(profiles=(CM80,), **extra):
    a = {"fingerprint": TEST_FINGERPRINT, "srtpProfiles": list(profiles)}
    a.update(extra)
    return a


def steps_vector(vid, title, capability, rfc, section, level, steps):
    return {"id": vid, "title": title, "capability": capability, "rfc": rfc, "section": section,
            "level": level, "steps": steps}


def error(*kinds):
    return {"error": {"kind": kinds[0] if len(kinds) == 1 else list(kinds)}}


FAST = {"timeoutMs": 8000}


def negative_vectors():
    v = []
    # RFC 5764 §4.1.1: a server with no profile in common leaves use_srtp out of its ServerHello;
    # without SRTP keys there is no WebRTC media (RFC 8827 §6.5), so the client must not go on.
    v.append(steps_vector(
        "own-client-refuses-server-without-common-profile",
        "own DTLS client offering only AES_CM_128_HMAC_SHA1_80, the subject's server only AEAD_AES_128_GCM: no keys, the handshake fails",
        "dtls.listen", "5764", "4.1.1", "MUST", [
            step("dtls.listen", server_args(profiles=(GCM128,)), save="peer"),
            step("dtls.connect", client_args("${peer.host}", "${peer.port}", "${peer.fingerprint}", **FAST),
                 subject="own"),
            step("dtls.result", {"role": "client"}, subject="own",
                 expect=error("no-common-srtp-profile", "peer-alert")),
        ]))
    v.append(steps_vector(
        "own-server-refuses-client-without-common-profile",
        "own DTLS server accepting only AES_CM_128_HMAC_SHA1_80, the subject's client offering only AEAD_AES_128_GCM: the server names the missing common profile",
        "dtls.connect", "5764", "4.1.1", "MUST", [
            step("dtls.listen", server_args(**FAST), subject="own", save="own"),
            step("dtls.connect", client_args("${own.host}", "${own.port}", "${own.fingerprint}",
                                             profiles=(GCM128,))),
            step("dtls.result", {"role": "server"}, subject="own", expect=error("no-common-srtp-profile")),
        ]))
    # RFC 5763 §5: the answerer requests a certificate and both sides authenticate with the
    # fingerprints from SDP; a client without one cannot be matched against a=fingerprint.
    v.append(steps_vector(
        "own-server-refuses-client-without-certificate",
        "own DTLS server: a client that answers CertificateRequest with no certificate fails the handshake",
        "dtls.connect", "5763", "5", "MUST", [
            step("dtls.listen", server_args(**FAST), subject="own", save="own"),
            step("dtls.connect", client_args("${own.host}", "${own.port}", "${own.fingerprint}",
                                             sendCertificate=False)),
            step("dtls.result", {"role": "server"}, subject="own", expect=error("no-peer-certificate")),
        ]))
    # RFC 7627 §5.3 and §5.2: a peer that will not interoperate with legacy peers aborts when the
    # other side does not negotiate extended_master_secret (WebRTC stacks do: the master secret
    # must be bound to the handshake, or the exported SRTP keys can be shared by a MITM).
    v.append(steps_vector(
        "own-client-refuses-server-without-extended-master-secret",
        "own DTLS client: a server that does not negotiate extended_master_secret is refused",
        "dtls.listen", "7627", "5.3", "SHOULD", [
            step("dtls.listen", server_args(extendedMasterSecret=False), save="peer"),
            step("dtls.connect", client_args("${peer.host}", "${peer.port}", "${peer.fingerprint}", **FAST),
                 subject="own"),
            step("dtls.result", {"role": "client"}, subject="own", expect=error("no-extended-master-secret")),
        ]))
    v.append(steps_vector(
        "own-server-refuses-client-without-extended-master-secret",
        "own DTLS server: a client that does not offer extended_master_secret is refused",
        "dtls.connect", "7627", "5.2", "SHOULD", [
            step("dtls.listen", server_args(**FAST), subject="own", save="own"),
            step("dtls.connect", client_args("${own.host}", "${own.port}", "${own.fingerprint}",
                                             extendedMasterSecret=False)),
            step("dtls.result", {"role": "server"}, subject="own", expect=error("no-extended-master-secret")),
        ]))
    return v


def keys_match(saved):
    return {k: "${%s.%s}" % (saved, k) for k in KEYS}


def flight_vector(vid, title, section, own_role, rules, applied, extra_expect=None):
    """A handshake through the relay with `rules`; both sides must still export the same keys."""
    relay = {"host": "${srv.host}", "port": "${srv.port}", "rules": rules}
    # a short first retransmission timer on the own side (RFC 6347 §4.2.4.1 allows any value
    # the implementation sees fit; 1 s is the recommendation) keeps the run quick
    own_timer = {"resendTimeoutMs": 250}
    if own_role == "client":
        cap = "dtls.listen"
        steps = [
            step("dtls.listen", server_args(), save="srv"),
            step("relay.start", relay, subject="own", save="relay"),
            step("dtls.connect", client_args("${relay.host}", "${relay.port}", "${srv.fingerprint}", **own_timer),
                 subject="own"),
            # the client's outcome first: a server that has sent its final flight is done, but
            # must stay to answer a retransmitted client flight if that final flight was lost
            step("dtls.result", {"role": "client"}, subject="own", save="mine",
                 expect=extra_expect),
            step("dtls.result", {"role": "server"}, expect=keys_match("mine")),
        ]
    else:
        cap = "dtls.connect"
        steps = [
            step("dtls.listen", server_args(**own_timer), subject="own", save="srv"),
            step("relay.start", relay, subject="own", save="relay"),
            step("dtls.connect", client_args("${relay.host}", "${relay.port}", "${srv.fingerprint}")),
            step("dtls.result", {"role": "client"}, save="theirs"),
            step("dtls.result", {"role": "server"}, subject="own",
                 expect=dict(keys_match("theirs"), **(extra_expect or {}))),
        ]
    steps.append(step("relay.stats", {}, subject="own", expect={"applied": applied}))
    return steps_vector(vid, title, cap, "6347", section, "MUST", steps)


def rule(direction, match, action, times=1):
    return {"direction": direction, "match": match, "action": action, "times": times}


LOSSES = [
    ("client-hello-lost", "the ClientHello is lost", rule("to-server", "client_hello", "drop")),
    ("server-hello-flight-lost", "the server's ServerHello flight is lost", rule("to-client", "server_hello", "drop")),
    ("client-key-exchange-flight-lost", "the client's second flight (Certificate … Finished) is lost",
     rule("to-server", "client_key_exchange", "drop")),
    ("server-finished-lost", "the server's final flight (ChangeCipherSpec, Finished) is lost; the client retransmits its last flight and the server answers it again",
     rule("to-client", "change_cipher_spec", "drop")),
]
REORDERS = [
    ("server-certificate-reordered", "the datagram with the server's Certificate arrives after the next one",
     rule("to-client", "certificate", "hold")),
    ("client-certificate-reordered", "the datagram with the client's Certificate arrives after the next one",
     rule("to-server", "certificate", "hold")),
]


def flight_vectors():
    v = []
    for own_role, peer_role in (("client", "server"), ("server", "client")):
        prefix = "own-%s-peer-%s" % (own_role, peer_role)
        for name, what, r in LOSSES:
            v.append(flight_vector("%s.%s" % (prefix, name),
                                   "own DTLS %s, the subject's %s: %s; retransmission recovers the same keys" % (own_role, peer_role, what),
                                   "4.2.4", own_role, [r], [1]))
        for name, what, r in REORDERS:
            v.append(flight_vector("%s.%s" % (prefix, name),
                                   "own DTLS %s, the subject's %s: %s; the handshake completes with the same keys" % (own_role, peer_role, what),
                                   "4.2.4", own_role, [r], [1]))
    # RFC 6347 §4.2.8: with ICE the 5-tuple is fixed (RFC 8842 §4); a ClientHello from another
    # address must not disturb the handshake in progress.
    v.append(flight_vector(
        "own-server-peer-client.client-hello-from-another-address",
        "own DTLS server: a copy of the ClientHello from another port is ignored; the handshake with the first address completes",
        "4.2.8", "server", [rule("to-server", "client_hello", "copy-from-other-port")], [1],
        extra_expect={"droppedDatagrams": 1}))
    return v


def rsa_vectors():
    """RSA credentials on either side: openssl signs with rsa_pss_rsae_* by default (RFC 8446
    §4.2.3 schemes, allowed in TLS 1.2 by RFC 8446 §1.3), which the other side must verify."""
    v = []
    for own_role in ("client", "server"):
        for rsa_side in ("client", "server"):
            peer_role = "server" if own_role == "client" else "client"
            vid = "own-%s-peer-%s.rsa-%s" % (own_role, peer_role, rsa_side)
            title = "own DTLS %s, the subject's %s, an RSA 2048 certificate on the %s side: same SRTP keys on both sides" % (
                own_role, peer_role, rsa_side)
            server_extra = {"keyType": "rsa"} if rsa_side == "server" else {}
            expected_client_fp = RSA_FINGERPRINT if rsa_side == "client" else TEST_FINGERPRINT
            listen = dict(server_args(**server_extra), fingerprint=expected_client_fp)
            connect = lambda host, port, fp: dict(
                client_args(host, port, fp),
                **({"certificate": RSA_CERT, "privateKey": RSA_KEY} if rsa_side == "client" else {}))
            if own_role == "client":
                steps = [
                    step("dtls.listen", listen, save="srv"),
                    step("dtls.connect", connect("${srv.host}", "${srv.port}", "${srv.fingerprint}"), subject="own"),
                    step("dtls.result", {"role": "client"}, subject="own", save="mine",
                         expect={"peerFingerprint": "${srv.fingerprint}"}),
                    step("dtls.result", {"role": "server"},
                         expect=dict(keys_match("mine"), peerFingerprint=expected_client_fp)),
                ]
                cap = "dtls.listen"
            else:
                steps = [
                    step("dtls.listen", listen, subject="own", save="srv"),
                    step("dtls.connect", connect("${srv.host}", "${srv.port}", "${srv.fingerprint}")),
                    step("dtls.result", {"role": "client"}, save="theirs",
                         expect={"peerFingerprint": "${srv.fingerprint}"}),
                    step("dtls.result", {"role": "server"}, subject="own",
                         expect=dict(keys_match("theirs"), peerFingerprint=expected_client_fp)),
                ]
                cap = "dtls.connect"
            v.append(steps_vector(vid, title, cap, "5764", "4.2", "MUST", steps))
    return v


def main():
    vectorfile.write("dtls", "rsa.json", vectorfile.suite_file(SCRIPT, {
        "id": "dtls/rsa",
        "title": "DTLS-SRTP with RSA certificates (rsa_pss_rsae and rsa_pkcs1 signatures)",
        "protocol": "DTLS-SRTP",
        "rfc": "5764",
        "link": "https://www.rfc-editor.org/rfc/rfc5764#section-4.2",
    }, rsa_vectors()))
    vectorfile.write("dtls", "negative.json", vectorfile.suite_file(SCRIPT, {
        "id": "dtls/negative",
        "title": "DTLS-SRTP handshakes that must fail: no common SRTP profile, no certificate, no extended master secret",
        "protocol": "DTLS-SRTP",
        "rfc": "5764",
        "link": "https://www.rfc-editor.org/rfc/rfc5764#section-4.1.1",
    }, negative_vectors()))
    vectorfile.write("dtls", "flights.json", vectorfile.suite_file(SCRIPT, {
        "id": "dtls/flights",
        "title": "DTLS flights lost, reordered or sent from another address: the handshake recovers",
        "protocol": "DTLS",
        "rfc": "6347",
        "link": "https://www.rfc-editor.org/rfc/rfc6347#section-4.2.4",
    }, flight_vectors()))


if __name__ == "__main__":
    main()
