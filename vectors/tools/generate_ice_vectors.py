#!/usr/bin/env python3
"""Generates the ICE computation vectors (RFC 8445, RFC 6544).

Every expected value is computed here from the RFC formulas, written out below
independently of any ICE implementation under test (the own stack is not
allowed to grade itself, and other stacks' numbers are not copied: some
deliberately deviate from the RFC):

- candidate priority, RFC 8445 §5.1.2.1:
  priority = 2^24 * type-pref + 2^8 * local-pref + (256 - component-id)
  with the type preferences RFC 8445 §5.1.2.2 recommends (host 126, prflx 110,
  srflx 100, relay 0), and the TCP local preference of RFC 6544 §4.2;
- pair priority, RFC 8445 §6.1.2.3:
  2^32 * MIN(G,D) + 2 * MAX(G,D) + (G > D ? 1 : 0), G the controlling agent's
  candidate priority and D the controlled agent's;
- foundation equality, RFC 8445 §5.1.1.3: same type, base IP address, STUN/TURN
  server IP address and transport;
- role conflicts, RFC 8445 §7.3.1.1 and §7.2.5.1, tie-breakers compared as
  unsigned 64-bit numbers;
- answers to connectivity checks (RFC 8445 §7.3, RFC 8489 §9.1.3): Binding
  requests encoded here (HMAC-SHA1 and CRC-32 from the standard library) and
  the response each must get;
- TCP candidate pairing, RFC 6544 §6.2: same transport only, active with
  passive or so with so, and no ordinary checks from a passive local candidate.

Run it after changing it:

    python3 vectors/tools/generate_ice_vectors.py

and commit the JSON it writes; `VectorCorpusTest` checks the files are what
this script writes.
"""
import hashlib
import hmac
import ipaddress
import struct
import zlib

from vectorfile import vector, suite_file, write

SCRIPT = "generate_ice_vectors.py"
LINK = "https://www.rfc-editor.org/rfc/rfc8445"

# RFC 8445 §5.1.2.2 recommended type preferences, by SDP cand-type (RFC 8839 §5.1).
TYPE_PREFERENCE = {"host": 126, "prflx": 110, "srflx": 100, "relay": 0}


MAX_PRIORITY = 2 ** 31 - 1  # RFC 8445 §5.1.2: a priority is 1 .. 2^31-1


def candidate_priority(type_pref, local_pref, component):
    """RFC 8445 §5.1.2.1; None when the inputs are out of range or the result is not a valid
    priority (type 0, local preference 0, component 256 gives 0)."""
    if not (0 <= type_pref <= 126 and 0 <= local_pref <= 65535 and 1 <= component <= 256):
        return None
    p = (2 ** 24) * type_pref + (2 ** 8) * local_pref + (256 - component)
    return p if 1 <= p <= MAX_PRIORITY else None


def pair_priority(g, d):
    """RFC 8445 §6.1.2.3: G controlling, D controlled."""
    assert 1 <= g <= MAX_PRIORITY and 1 <= d <= MAX_PRIORITY
    return (2 ** 32) * min(g, d) + 2 * max(g, d) + (1 if g > d else 0)


def tcp_local_preference(direction_pref, other_pref):
    """RFC 6544 §4.2."""
    assert 0 <= direction_pref <= 7 and 0 <= other_pref <= 8191
    return (2 ** 13) * direction_pref + other_pref


def self_check():
    # The largest and smallest values the formula can produce.
    assert candidate_priority(126, 65535, 1) == 2130706431
    assert candidate_priority(0, 0, 256) is None  # 0 is not a valid priority
    assert candidate_priority(0, 0, 255) == 1
    assert pair_priority(1, 1) == (1 << 32) + 2
    top = MAX_PRIORITY
    assert pair_priority(top, top) < 2 ** 63  # fits a signed 64-bit integer
    # RFC 8445 §5.1.2.2: prflx above srflx, for any local preference.
    assert candidate_priority(110, 0, 256) > candidate_priority(100, 65535, 1)


# ---------------------------------------------------------------------------------------------
# Candidate priority

LOCAL_PREFERENCES = [65535, 65534, 32768, 256, 255, 1, 0]
COMPONENTS = [1, 2, 256]


def priority_file():
    vectors = []
    for cand_type, type_pref in TYPE_PREFERENCE.items():
        for local_pref in LOCAL_PREFERENCES:
            for component in COMPONENTS:
                priority = candidate_priority(type_pref, local_pref, component)
                expect = ({"priority": priority} if priority is not None
                          else {"error": {"kind": "out-of-range"}})
                vectors.append(vector(
                    f"{cand_type}.local-{local_pref}.component-{component}",
                    f"{cand_type} (type preference {type_pref}), local preference {local_pref}, "
                    f"component {component}",
                    "ice.candidate-priority", "8445", "5.1.2.1", "MUST",
                    {"type": cand_type, "typePreference": type_pref,
                     "localPreference": local_pref, "component": component},
                    expect))
    # RFC 6544 §4.2: TCP candidates split the local preference into direction and other.
    for tcptype, direction in (("active", 6), ("passive", 4), ("so", 2)):
        for other in (8191, 0):
            local_pref = tcp_local_preference(direction, other)
            vectors.append(vector(
                f"tcp-host.{tcptype}.other-{other}",
                f"TCP host candidate, tcptype {tcptype} (direction-pref {direction}), "
                f"other-pref {other}",
                "ice.candidate-priority", "6544", "4.2", "SHOULD",
                {"type": "host", "typePreference": 126, "transport": "tcp",
                 "tcpType": tcptype, "directionPreference": direction,
                 "otherPreference": other, "component": 1},
                {"priority": candidate_priority(126, local_pref, 1),
                 "localPreference": local_pref}))
    # Out of range: RFC 8445 §5.1.2.1 bounds.
    for vid, args in (
            ("component-0", {"type": "host", "typePreference": 126, "localPreference": 65535,
                             "component": 0}),
            ("component-257", {"type": "host", "typePreference": 126,
                               "localPreference": 65535, "component": 257}),
            ("local-preference-65536", {"type": "host", "typePreference": 126,
                                        "localPreference": 65536, "component": 1}),
            ("type-preference-127", {"type": "host", "typePreference": 127,
                                     "localPreference": 65535, "component": 1})):
        vectors.append(vector(
            f"out-of-range.{vid}", f"Refuses {vid.replace('-', ' ')}",
            "ice.candidate-priority", "8445", "5.1.2.1", "MUST", args,
            {"error": {"kind": "out-of-range"}}))
    return suite_file(SCRIPT, {
        "id": "ice/rfc8445-candidate-priority",
        "title": "RFC 8445 §5.1.2: candidate priorities from the formula",
        "protocol": "ICE", "rfc": "8445", "link": LINK + "#section-5.1.2"}, vectors)


# ---------------------------------------------------------------------------------------------
# Pair priority

def pair_file():
    vectors = []
    for local_type, local_pref in TYPE_PREFERENCE.items():
        for remote_type, remote_pref in TYPE_PREFERENCE.items():
            local = candidate_priority(local_pref, 65535, 1)
            remote = candidate_priority(remote_pref, 65534, 1)
            for role in ("controlling", "controlled"):
                g, d = (local, remote) if role == "controlling" else (remote, local)
                vectors.append(vector(
                    f"{local_type}-{remote_type}.{role}",
                    f"Local {local_type} ({local}) with remote {remote_type} ({remote}), "
                    f"seen by the {role} agent",
                    "ice.pair-priority", "8445", "6.1.2.3", "MUST",
                    {"role": role, "local": local, "remote": remote},
                    {"priority": pair_priority(g, d)}))
    top = MAX_PRIORITY
    for vid, local, remote in (("equal", 2130706431, 2130706431), ("minimum", 1, 1),
                               ("maximum", top, top), ("extremes", top, 1),
                               ("one-apart", 1694498815, 1694498816)):
        for role in ("controlling", "controlled"):
            g, d = (local, remote) if role == "controlling" else (remote, local)
            vectors.append(vector(
                f"{vid}.{role}", f"Local {local}, remote {remote}, {role}",
                "ice.pair-priority", "8445", "6.1.2.3", "MUST",
                {"role": role, "local": local, "remote": remote},
                {"priority": pair_priority(g, d)}))
    return suite_file(SCRIPT, {
        "id": "ice/rfc8445-pair-priority",
        "title": "RFC 8445 §6.1.2.3: pair priorities for every type pair and both roles",
        "protocol": "ICE", "rfc": "8445", "link": LINK + "#section-6.1.2.3"}, vectors)


# ---------------------------------------------------------------------------------------------
# Foundations

def foundation_equal(a, b):
    """RFC 8445 §5.1.1.3: type, base IP (not port), server IP (not port) and transport."""
    def key(c):
        base_ip = c["base"].rsplit(":", 1)[0]
        server = c.get("server")
        return (c["type"], base_ip, server.rsplit(":", 1)[0] if server else None,
                c.get("transport", "udp"))
    return key(a) == key(b)


def foundation_file():
    host1 = {"type": "host", "base": "192.0.2.1:5000", "transport": "udp"}
    srflx_a = {"type": "srflx", "base": "192.0.2.1:5000", "server": "198.51.100.1:3478",
               "transport": "udp"}
    relay_a = {"type": "relay", "base": "192.0.2.1:5000", "server": "198.51.100.1:3478",
               "transport": "udp"}
    cases = [
        ("host-same-ip-other-port", "Host candidates on one IP, different ports", host1,
         dict(host1, base="192.0.2.1:5002")),
        ("host-other-ip", "Host candidates on different IPs", host1,
         dict(host1, base="192.0.2.9:5000")),
        ("host-udp-tcp", "Host candidates on one IP, UDP and TCP", host1,
         dict(host1, transport="tcp")),
        ("host-ipv4-ipv6", "Host candidates on an IPv4 and an IPv6 address", host1,
         dict(host1, base="[2001:db8::1]:5000")),
        ("host-srflx", "A host candidate and the server-reflexive one of the same base", host1,
         srflx_a),
        ("srflx-same-server", "Server-reflexive candidates of two bases on one IP, one server",
         srflx_a, dict(srflx_a, base="192.0.2.1:5002")),
        ("srflx-server-other-port", "Server-reflexive candidates from two ports of one server",
         srflx_a, dict(srflx_a, server="198.51.100.1:3479")),
        ("srflx-other-server", "Server-reflexive candidates from two servers", srflx_a,
         dict(srflx_a, server="198.51.100.2:3478")),
        ("srflx-other-base", "Server-reflexive candidates of two base IPs, one server", srflx_a,
         dict(srflx_a, base="192.0.2.9:5000")),
        ("srflx-relay", "Server-reflexive and relayed candidates from one server and base",
         srflx_a, relay_a),
        ("relay-same-server", "Relayed candidates of one base IP through one server", relay_a,
         dict(relay_a, base="192.0.2.1:6000")),
        ("relay-other-server", "Relayed candidates through two servers", relay_a,
         dict(relay_a, server="198.51.100.2:3478")),
        ("prflx-same-base", "Peer-reflexive candidates of one base IP",
         {"type": "prflx", "base": "192.0.2.1:5000", "transport": "udp"},
         {"type": "prflx", "base": "192.0.2.1:5004", "transport": "udp"}),
    ]
    vectors = []
    for vid, title, a, b in cases:
        vectors.append(vector(vid, title, "ice.foundation", "8445", "5.1.1.3", "MUST",
                              {"a": a, "b": b}, {"equal": foundation_equal(a, b)}))
    return suite_file(SCRIPT, {
        "id": "ice/rfc8445-foundation",
        "title": "RFC 8445 §5.1.1.3: which candidates share a foundation",
        "protocol": "ICE", "rfc": "8445", "link": LINK + "#section-5.1.1.3"}, vectors)


# ---------------------------------------------------------------------------------------------
# Role conflicts

def on_request(role, ours, claimed, theirs):
    """RFC 8445 §7.3.1.1 from the receiver's side: (response, role afterwards)."""
    if role != claimed:
        return "success", role
    if role == "controlling":
        return ("487", "controlling") if ours >= theirs else ("success", "controlled")
    return ("success", "controlling") if ours >= theirs else ("487", "controlled")


def hex64(n):
    return f"{n:016x}"


def role_file():
    small, large = 0x1234, 0xfedcba9876543210  # large has the top bit set: unsigned compare
    vectors = []
    for role in ("controlling", "controlled"):
        for claimed in ("controlling", "controlled"):
            for relation, ours, theirs in (("smaller", small, large), ("equal", small, small),
                                           ("larger", large, small)):
                response, after = on_request(role, ours, claimed, theirs)
                attribute = "ICE-CONTROLLING" if claimed == "controlling" else "ICE-CONTROLLED"
                vectors.append(vector(
                    f"{role}.receives-{claimed}.ours-{relation}",
                    f"A {role} agent receives {attribute}; its tie-breaker is {relation}",
                    "ice.role-conflict", "8445", "7.3.1.1", "MUST",
                    {"role": role, "tieBreaker": hex64(ours),
                     "request": {"claims": claimed, "tieBreaker": hex64(theirs)}},
                    {"response": response, "role": after}))
    for claimed in ("controlling", "controlled"):
        other = "controlled" if claimed == "controlling" else "controlling"
        vectors.append(vector(
            f"requester-claimed-{claimed}.gets-487",
            f"A request claiming {claimed} is answered 487: the requester becomes {other}",
            "ice.role-conflict", "8445", "7.2.5.1", "MUST",
            {"role": claimed, "tieBreaker": hex64(small), "response487": {"claimed": claimed}},
            {"role": other}))
    return suite_file(SCRIPT, {
        "id": "ice/rfc8445-role-conflict",
        "title": "RFC 8445 §7.3.1.1, §7.2.5.1: role conflicts and the tie-breaker",
        "protocol": "ICE", "rfc": "8445", "link": LINK + "#section-7.3.1.1"}, vectors)


# ---------------------------------------------------------------------------------------------
# Answers to connectivity checks

MAGIC_COOKIE = 0x2112A442
USERNAME, MESSAGE_INTEGRITY, PRIORITY, USE_CANDIDATE = 0x0006, 0x0008, 0x0024, 0x0025
FINGERPRINT, ICE_CONTROLLED, ICE_CONTROLLING = 0x8028, 0x8029, 0x802A


def stun_attr(kind, value):
    """RFC 8489 §14: type, length, value padded with zeros to 4 bytes."""
    return struct.pack("!HH", kind, len(value)) + value + b"\0" * (-len(value) % 4)


def binding_request(txid, attrs, key=None, fingerprint=True, break_fingerprint=False):
    """A Binding request (RFC 8489 §5) with MESSAGE-INTEGRITY (§14.5) over everything before it,
    the length field covering it, and FINGERPRINT (§14.7) last."""
    body = b"".join(stun_attr(k, v) for k, v in attrs)

    def header(length):
        return struct.pack("!HHI", 0x0001, length, MAGIC_COOKIE) + txid

    if key is not None:
        mac = hmac.new(key, header(len(body) + 24) + body, hashlib.sha1).digest()
        body += stun_attr(MESSAGE_INTEGRITY, mac)
    if fingerprint:
        crc = (zlib.crc32(header(len(body) + 8) + body) ^ 0x5354554E) & 0xFFFFFFFF
        if break_fingerprint:
            crc ^= 1
        body += stun_attr(FINGERPRINT, struct.pack("!I", crc))
    return (header(len(body)) + body).hex()


def host_port(text):
    """'ip:port' or '[v6]:port' in RFC 5952 form, as the answer must write it."""
    host, port = text.rsplit(":", 1)
    ip = ipaddress.ip_address(host.strip("[]"))
    return (f"[{ip.compressed}]" if ip.version == 6 else str(ip)) + ":" + port


def check_file():
    ufrag, pwd = "recv", "receiverpassword0123456789"
    key = pwd.encode()
    local4, source4 = "192.0.2.1:5000", "198.51.100.7:40000"
    local6, source6 = "[2001:db8::1]:5000", "[2001:db8:0:0:1::7]:40000"
    small, large = 0x1234, 0xFEDCBA9876543210
    prio = struct.pack("!I", 1845501695)

    def tx(n):
        return bytes([n]) * 12

    def args(role, request, local=local4, source=source4, tie=small):
        return {"role": role, "tieBreaker": hex64(tie), "ufrag": ufrag, "pwd": pwd,
                "local": local, "source": source, "request": request}

    user = (USERNAME, f"{ufrag}:send".encode())
    controlling = (ICE_CONTROLLING, struct.pack("!Q", small))
    vectors = [
        vector("success.ipv4", "An authenticated check is answered from where it arrived, "
               "XOR-MAPPED-ADDRESS the source, protected with the receiver's password",
               "ice.answer-check", "8445", "7.3.1.2", "MUST",
               args("controlled", binding_request(
                   tx(1), [user, (PRIORITY, prio), controlling, (USE_CANDIDATE, b"")], key)),
               {"responded": True, "class": "success-response",
                "mappedAddress": host_port(source4), "integrity": "pass",
                "role": "controlled"}),
        vector("success.ipv6", "The same over IPv6: the mapped address XORed with the "
               "transaction ID comes back as the source",
               "ice.answer-check", "8445", "7.3.1.2", "MUST",
               args("controlled", binding_request(
                   tx(2), [user, (PRIORITY, prio), controlling], key), local6, source6),
               {"responded": True, "class": "success-response",
                "mappedAddress": host_port(source6), "integrity": "pass"}),
        vector("success.tcp-passive", "A check over a TCP connection to a passive candidate is "
               "answered on that connection, XOR-MAPPED-ADDRESS the peer's end of it",
               "ice.answer-check", "6544", "7.2", "MUST",
               dict(args("controlled", binding_request(
                   tx(0xA0), [user, (PRIORITY, prio), controlling], key)), transport="tcp"),
               {"responded": True, "class": "success-response", "transport": "tcp",
                "to": host_port(source4), "mappedAddress": host_port(source4),
                "integrity": "pass"}),
        vector("wrong-password.401", "MESSAGE-INTEGRITY under another password: 401",
               "ice.answer-check", "8489", "9.1.3", "MUST",
               args("controlled", binding_request(
                   tx(3), [user, (PRIORITY, prio), controlling], b"not-the-password-at-all")),
               {"responded": True, "class": "error-response", "errorCode": 401}),
        vector("other-ufrag.401", "USERNAME names another agent's ufrag: 401",
               "ice.answer-check", "8489", "9.1.3", "MUST",
               args("controlled", binding_request(
                   tx(4), [(USERNAME, b"else:send"), (PRIORITY, prio), controlling], key)),
               {"responded": True, "class": "error-response", "errorCode": 401}),
        vector("no-integrity.400", "No MESSAGE-INTEGRITY: 400",
               "ice.answer-check", "8489", "9.1.3", "MUST",
               args("controlled", binding_request(
                   tx(5), [user, (PRIORITY, prio), controlling])),
               {"responded": True, "class": "error-response", "errorCode": 400}),
        vector("no-username.400", "No USERNAME: 400",
               "ice.answer-check", "8489", "9.1.3", "MUST",
               args("controlled", binding_request(
                   tx(6), [(PRIORITY, prio), controlling], key)),
               {"responded": True, "class": "error-response", "errorCode": 400}),
        vector("bad-fingerprint.dropped", "A wrong FINGERPRINT: silently discarded",
               "ice.answer-check", "8489", "7.3", "MUST",
               args("controlled", binding_request(
                   tx(7), [user, (PRIORITY, prio), controlling], key, break_fingerprint=True)),
               {"responded": False}),
    ]
    n = 8
    for role in ("controlling", "controlled"):
        for relation, ours, theirs in (("smaller", small, large), ("larger", large, small)):
            kind = ICE_CONTROLLING if role == "controlling" else ICE_CONTROLLED
            response, after = on_request(role, ours, role, theirs)
            expect = {"responded": True, "role": after}
            if response == "487":
                expect.update({"class": "error-response", "errorCode": 487})
            else:
                expect.update({"class": "success-response", "integrity": "pass"})
            vectors.append(vector(
                f"conflict.{role}.ours-{relation}",
                f"Both {role}, the receiver's tie-breaker {relation}",
                "ice.answer-check", "8445", "7.3.1.1", "MUST",
                args(role, binding_request(
                    tx(n), [user, (PRIORITY, prio), (kind, struct.pack("!Q", theirs))], key),
                    tie=ours),
                expect))
            n += 1
    return suite_file(SCRIPT, {
        "id": "ice/rfc8445-check-answers",
        "title": "RFC 8445 §7.3: answers to connectivity checks",
        "protocol": "ICE", "rfc": "8445", "link": LINK + "#section-7.3"}, vectors)


# ---------------------------------------------------------------------------------------------
# TCP candidate pairing (RFC 6544 §6.2)

TCP_TYPES = ("active", "passive", "so")


def tcp_compatible(local, remote):
    """RFC 6544 §6.2: the same transport; over TCP active with passive (either way round) or
    simultaneous-open with simultaneous-open, never two actives or two passives."""
    if local["transport"] != remote["transport"]:
        return False
    if local["transport"] == "udp":
        return True
    return {local["tcpType"], remote["tcpType"]} in ({"active", "passive"}, {"so"})


def tcp_checked(local, remote):
    """RFC 6544 §6.2: pairs whose local candidate is passive are pruned from the ordinary checks
    (the passive side only checks back over a connection the peer opened)."""
    return tcp_compatible(local, remote) and local.get("tcpType") != "passive"


def tcp_pairing_file():
    def cand(transport, tcptype=None):
        c = {"transport": transport}
        if tcptype:
            c["tcpType"] = tcptype
        return c

    vectors = []
    cases = [(cand("tcp", l), cand("tcp", r)) for l in TCP_TYPES for r in TCP_TYPES]
    cases += [(cand("udp"), cand("udp"))]
    cases += [(cand("udp"), cand("tcp", t)) for t in TCP_TYPES]
    cases += [(cand("tcp", t), cand("udp")) for t in TCP_TYPES]

    def label(c):
        return c["transport"] + (("-" + c["tcpType"]) if "tcpType" in c else "")

    for local, remote in cases:
        compatible = tcp_compatible(local, remote)
        checked = tcp_checked(local, remote)
        if local["transport"] != remote["transport"]:
            why = "different transports never pair"
        elif local["transport"] == "udp":
            why = "UDP with UDP pairs as in RFC 8445"
        elif not compatible:
            why = "two " + local["tcpType"] + " candidates can never connect"
        elif not checked:
            why = "pairs, but a passive local candidate gets no ordinary check"
        else:
            why = "pairs and is checked"
        vectors.append(vector(
            f"{label(local)}.with.{label(remote)}",
            f"Local {label(local)}, remote {label(remote)}: {why}",
            "ice.tcp-pairing", "6544", "6.2", "MUST",
            {"local": local, "remote": remote},
            {"compatible": compatible, "checked": checked}))
    return suite_file(SCRIPT, {
        "id": "ice/rfc6544-pairing",
        "title": "RFC 6544 §6.2: which TCP candidates pair, and which pairs are checked",
        "protocol": "ICE", "rfc": "6544",
        "link": "https://www.rfc-editor.org/rfc/rfc6544#section-6.2"}, vectors)


def main():
    self_check()
    write("ice", "rfc8445-candidate-priority.json", priority_file())
    write("ice", "rfc8445-pair-priority.json", pair_file())
    write("ice", "rfc8445-foundation.json", foundation_file())
    write("ice", "rfc8445-role-conflict.json", role_file())
    write("ice", "rfc8445-check-answers.json", check_file())
    write("ice", "rfc6544-pairing.json", tcp_pairing_file())


if __name__ == "__main__":
    main()
