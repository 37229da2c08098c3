#!/usr/bin/env python3
"""Generates the SDP vector files that do not come from live peers:

- sdp/rfc8829-examples.json: the JSEP examples of RFC 8829 §7 (= RFC 9429 §7),
  long lines unfolded and the blank lines between m-sections removed, as the
  RFC's note on formatting says;
- sdp/negative.json: a valid minimal offer with one line broken at a time, and
  the rule a strict parser or the JSEP checks must name.

Expectations are written here by hand from the RFCs, not taken from any
implementation. Run: python3 vectors/tools/generate_sdp_vectors.py
"""
import os

from vectorfile import SCHEMA, vector, write


FP_A = "19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2"
FP_B = "6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08"

# RFC 8829 §7 examples, one string per description. Folded lines of the RFC
# text are joined (a continuation after ':' joins without a space).
RFC8829 = {}

RFC8829["offer-A1"] = ("7.1", "offer", """
v=0
o=- 4962303333179871722 1 IN IP4 0.0.0.0
s=-
t=0 0
a=ice-options:trickle ice2
a=group:BUNDLE a1 v1
a=group:LS a1 v1
m=audio 10100 UDP/TLS/RTP/SAVPF 96 0 8 97 98
c=IN IP4 203.0.113.100
a=mid:a1
a=sendrecv
a=rtpmap:96 opus/48000/2
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:97 telephone-event/8000
a=rtpmap:98 telephone-event/48000
a=fmtp:97 0-15
a=fmtp:98 0-15
a=maxptime:120
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=msid:47017fee-b6c1-4162-929c-a25110252400
a=ice-ufrag:ETEn
a=ice-pwd:OtSK0WpNtpUjkY4+86js7ZQl
a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
a=setup:actpass
a=tls-id:91bbf309c0990a6bec11e38ba2933cee
a=rtcp:10101 IN IP4 203.0.113.100
a=rtcp-mux
a=rtcp-rsize
a=candidate:1 1 udp 2113929471 203.0.113.100 10100 typ host
a=candidate:1 2 udp 2113929470 203.0.113.100 10101 typ host
a=end-of-candidates
m=video 10102 UDP/TLS/RTP/SAVPF 100 101 102 103
c=IN IP4 203.0.113.100
a=mid:v1
a=sendrecv
a=rtpmap:100 VP8/90000
a=rtpmap:101 H264/90000
a=fmtp:101 packetization-mode=1;profile-level-id=42e01f
a=rtpmap:102 rtx/90000
a=fmtp:102 apt=100
a=rtpmap:103 rtx/90000
a=fmtp:103 apt=101
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=rtcp-fb:100 ccm fir
a=rtcp-fb:100 nack
a=rtcp-fb:100 nack pli
a=msid:47017fee-b6c1-4162-929c-a25110252400
a=ice-ufrag:BGKk
a=ice-pwd:mqyWsAjvtKwTGnvhPztQ9mIf
a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
a=setup:actpass
a=tls-id:91bbf309c0990a6bec11e38ba2933cee
a=rtcp:10103 IN IP4 203.0.113.100
a=rtcp-mux
a=rtcp-rsize
a=candidate:1 1 udp 2113929471 203.0.113.100 10102 typ host
a=candidate:1 2 udp 2113929470 203.0.113.100 10103 typ host
a=end-of-candidates
""")

RFC8829["answer-A1"] = ("7.1", "answer", """
v=0
o=- 6729291447651054566 1 IN IP4 0.0.0.0
s=-
t=0 0
a=ice-options:trickle ice2
a=group:BUNDLE a1 v1
a=group:LS a1 v1
m=audio 10200 UDP/TLS/RTP/SAVPF 96 0 8 97 98
c=IN IP4 203.0.113.200
a=mid:a1
a=sendrecv
a=rtpmap:96 opus/48000/2
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:97 telephone-event/8000
a=rtpmap:98 telephone-event/48000
a=fmtp:97 0-15
a=fmtp:98 0-15
a=maxptime:120
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=msid:61317484-2ed4-49d7-9eb7-1414322a7aae
a=ice-ufrag:6sFv
a=ice-pwd:cOTZKZNVlO9RSGsEGM63JXT2
a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
a=setup:active
a=tls-id:eec3392ab83e11ceb6a0990c903fbb19
a=rtcp-mux
a=rtcp-rsize
a=candidate:1 1 udp 2113929471 203.0.113.200 10200 typ host
a=end-of-candidates
m=video 10200 UDP/TLS/RTP/SAVPF 100 101 102 103
c=IN IP4 203.0.113.200
a=mid:v1
a=sendrecv
a=rtpmap:100 VP8/90000
a=rtpmap:101 H264/90000
a=fmtp:101 packetization-mode=1;profile-level-id=42e01f
a=rtpmap:102 rtx/90000
a=fmtp:102 apt=100
a=rtpmap:103 rtx/90000
a=fmtp:103 apt=101
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=rtcp-fb:100 ccm fir
a=rtcp-fb:100 nack
a=rtcp-fb:100 nack pli
a=msid:61317484-2ed4-49d7-9eb7-1414322a7aae
""")

AUDIO_B = """a=rtpmap:96 opus/48000/2
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:97 telephone-event/8000
a=rtpmap:98 telephone-event/48000
a=fmtp:97 0-15
a=fmtp:98 0-15
a=maxptime:120
a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level"""

VIDEO_B = """a=rtpmap:100 VP8/90000
a=rtpmap:101 H264/90000
a=fmtp:101 packetization-mode=1;profile-level-id=42e01f
a=rtpmap:102 rtx/90000
a=fmtp:102 apt=100
a=rtpmap:103 rtx/90000
a=fmtp:103 apt=101"""

RFC8829["offer-B1"] = ("7.2", "offer", f"""
v=0
o=- 4962303333179871723 1 IN IP4 0.0.0.0
s=-
t=0 0
a=ice-options:trickle ice2
a=group:BUNDLE a1 d1
m=audio 9 UDP/TLS/RTP/SAVPF 96 0 8 97 98
c=IN IP4 0.0.0.0
a=mid:a1
a=sendrecv
{AUDIO_B}
a=msid:57017fee-b6c1-4162-929c-a25110252400
a=ice-ufrag:ATEn
a=ice-pwd:AtSK0WpNtpUjkY4+86js7ZQl
a=fingerprint:sha-256 29:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
a=setup:actpass
a=tls-id:17f0f4ba8a5f1213faca591b58ba52a7
a=rtcp-mux
a=rtcp-mux-only
a=rtcp-rsize
m=application 0 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 0.0.0.0
a=mid:d1
a=sctp-port:5000
a=max-message-size:65536
a=bundle-only
""")

RFC8829["answer-B1"] = ("7.2", "answer", f"""
v=0
o=- 7729291447651054566 1 IN IP4 0.0.0.0
s=-
t=0 0
a=ice-options:trickle ice2
a=group:BUNDLE a1 d1
m=audio 9 UDP/TLS/RTP/SAVPF 96 0 8 97 98
c=IN IP4 0.0.0.0
a=mid:a1
a=sendrecv
{AUDIO_B}
a=msid:71317484-2ed4-49d7-9eb7-1414322a7aae
a=ice-ufrag:7sFv
a=ice-pwd:dOTZKZNVlO9RSGsEGM63JXT2
a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
a=setup:active
a=tls-id:7a25ab85b195acaf3121f5a8ab4f0f71
a=rtcp-mux
a=rtcp-mux-only
a=rtcp-rsize
m=application 9 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 0.0.0.0
a=mid:d1
a=sctp-port:5000
a=max-message-size:65536
""")

VIDEO_B2_COMMON = """a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=rtcp-fb:100 ccm fir
a=rtcp-fb:100 nack
a=rtcp-fb:100 nack pli"""

RFC8829["offer-B2"] = ("7.2", "offer", f"""
v=0
o=- 7729291447651054566 2 IN IP4 0.0.0.0
s=-
t=0 0
a=ice-options:trickle ice2
a=group:BUNDLE a1 d1 v1 v2
a=group:LS a1 v1
m=audio 12200 UDP/TLS/RTP/SAVPF 96 0 8 97 98
c=IN IP4 192.0.2.200
a=mid:a1
a=sendrecv
{AUDIO_B}
a=msid:71317484-2ed4-49d7-9eb7-1414322a7aae
a=ice-ufrag:7sFv
a=ice-pwd:dOTZKZNVlO9RSGsEGM63JXT2
a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
a=setup:actpass
a=tls-id:7a25ab85b195acaf3121f5a8ab4f0f71
a=rtcp-mux
a=rtcp-mux-only
a=rtcp-rsize
a=candidate:1 1 udp 2113929471 203.0.113.200 10200 typ host
a=candidate:1 1 udp 1845494015 198.51.100.200 11200 typ srflx raddr 203.0.113.200 rport 10200
a=candidate:1 1 udp 255 192.0.2.200 12200 typ relay raddr 198.51.100.200 rport 11200
a=end-of-candidates
m=application 12200 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 192.0.2.200
a=mid:d1
a=sctp-port:5000
a=max-message-size:65536
m=video 12200 UDP/TLS/RTP/SAVPF 100 101 102 103 104
c=IN IP4 192.0.2.200
a=mid:v1
a=sendrecv
{VIDEO_B}
a=rtpmap:104 flexfec/90000
{VIDEO_B2_COMMON}
a=msid:71317484-2ed4-49d7-9eb7-1414322a7aae
a=rid:1 send
a=rid:2 send
a=rid:3 send
a=simulcast:send 1;2;3
m=video 12200 UDP/TLS/RTP/SAVPF 100 101 102 103 104
c=IN IP4 192.0.2.200
a=mid:v2
a=sendrecv
{VIDEO_B}
a=rtpmap:104 flexfec/90000
{VIDEO_B2_COMMON}
a=msid:81317484-2ed4-49d7-9eb7-1414322a7aae
""")

IMAGEATTR = "a=imageattr:100 recv [x=[48:1920],y=[48:1080],q=1.0]"

RFC8829["answer-B2"] = ("7.2", "answer", f"""
v=0
o=- 4962303333179871723 2 IN IP4 0.0.0.0
s=-
t=0 0
a=ice-options:trickle ice2
a=group:BUNDLE a1 d1 v1 v2
a=group:LS a1 v1
m=audio 12100 UDP/TLS/RTP/SAVPF 96 0 8 97 98
c=IN IP4 192.0.2.100
a=mid:a1
a=sendrecv
{AUDIO_B}
a=msid:57017fee-b6c1-4162-929c-a25110252400
a=ice-ufrag:ATEn
a=ice-pwd:AtSK0WpNtpUjkY4+86js7ZQl
a=fingerprint:sha-256 29:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
a=setup:passive
a=tls-id:17f0f4ba8a5f1213faca591b58ba52a7
a=rtcp-mux
a=rtcp-mux-only
a=rtcp-rsize
a=candidate:1 1 udp 2113929471 203.0.113.100 10100 typ host
a=candidate:1 1 udp 1845494015 198.51.100.100 11100 typ srflx raddr 203.0.113.100 rport 10100
a=candidate:1 1 udp 255 192.0.2.100 12100 typ relay raddr 198.51.100.100 rport 11100
a=end-of-candidates
m=application 12100 UDP/DTLS/SCTP webrtc-datachannel
c=IN IP4 192.0.2.100
a=mid:d1
a=sctp-port:5000
a=max-message-size:65536
m=video 12100 UDP/TLS/RTP/SAVPF 100 101 102 103
c=IN IP4 192.0.2.100
a=mid:v1
a=recvonly
{VIDEO_B}
{IMAGEATTR}
{VIDEO_B2_COMMON}
m=video 12100 UDP/TLS/RTP/SAVPF 100 101 102 103
c=IN IP4 192.0.2.100
a=mid:v2
a=recvonly
{VIDEO_B}
{IMAGEATTR}
{VIDEO_B2_COMMON}
""")

C_AUDIO = AUDIO_B
RFC8829["offer-C1"] = ("7.3", "offer", f"""
v=0
o=- 1070771854436052752 1 IN IP4 0.0.0.0
s=-
t=0 0
a=ice-options:trickle ice2
a=group:BUNDLE a1 v1
a=group:LS a1 v1
m=audio 9 UDP/TLS/RTP/SAVPF 96 0 8 97 98
c=IN IP4 0.0.0.0
a=mid:a1
a=sendrecv
{C_AUDIO}
a=msid:bbce3ba6-abfc-ac63-d00a-e15b286f8fce
a=ice-ufrag:4ZcD
a=ice-pwd:ZaaG6OG7tCn4J/lehAGz+HHD
a=fingerprint:sha-256 C4:68:F8:77:6A:44:F1:98:6D:7C:9F:47:EB:E3:34:A4:0A:AA:2D:49:08:28:70:2E:1F:AE:18:7D:4E:3E:66:BF
a=setup:actpass
a=tls-id:9e5b948ade9c3d41de6617b68f769e55
a=rtcp-mux
a=rtcp-mux-only
a=rtcp-rsize
m=video 0 UDP/TLS/RTP/SAVPF 100 101 102 103
c=IN IP4 0.0.0.0
a=mid:v1
a=sendrecv
{VIDEO_B}
{VIDEO_B2_COMMON}
a=msid:bbce3ba6-abfc-ac63-d00a-e15b286f8fce
a=bundle-only
""")

RFC8829["answer-C1"] = ("7.3", "answer", f"""
v=0
o=- 6386516489780559513 1 IN IP4 0.0.0.0
s=-
t=0 0
a=ice-options:trickle ice2
a=group:BUNDLE a1 v1
a=group:LS a1 v1
m=audio 9 UDP/TLS/RTP/SAVPF 96 0 8 97 98
c=IN IP4 0.0.0.0
a=mid:a1
a=sendonly
{C_AUDIO}
a=msid:751f239e-4ae0-c549-aa3d-890de772998b
a=ice-ufrag:TpaA
a=ice-pwd:t2Ouhc67y8JcCaYZxUUTgKw/
a=fingerprint:sha-256 A2:F3:A5:6D:4C:8C:1E:B2:62:10:4A:F6:70:61:C4:FC:3C:E0:01:D6:F3:24:80:74:DA:7C:3E:50:18:7B:CE:4D
a=setup:active
a=tls-id:55e967f86b7166ed14d3c9eda849b5e9
a=rtcp-mux
a=rtcp-mux-only
a=rtcp-rsize
m=video 9 UDP/TLS/RTP/SAVPF 100 101 102 103
c=IN IP4 0.0.0.0
a=mid:v1
a=sendonly
{VIDEO_B}
{VIDEO_B2_COMMON}
a=msid:751f239e-4ae0-c549-aa3d-890de772998b
""")


# RFC 8843 §18 BUNDLE examples (RTP/AVP, not WebRTC): parse and round trip, and
# the BUNDLE groups they declare. The RFC's "s=" lines are "s= " (a single
# space, RFC 8866 §5.3), lost in the text rendering.
def bundle_sdp(origin, address, group, sections):
    lines = ["v=0", f"o={origin} IN IP6 {address}", "s= ", f"c=IN IP6 {address}", "t=0 0"]
    if group:
        lines.append("a=group:BUNDLE " + group)
    for s in sections:
        lines.extend(s)
    return "\n".join(lines)


AUDIO_OFFER = ["b=AS:200", "a=mid:foo", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000",
               "a=rtpmap:97 iLBC/8000", "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid"]
ALICE = ("alice 2890844526 2890844526", "2001:db8::3")
BOB = ("bob 2808844564 2808844564", "2001:db8::1")
MID = "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid"
RFC8843 = {
    "18.1-offer": ("18.1", ["foo", "bar"], bundle_sdp(*ALICE, "foo bar", [
        ["m=audio 10000 RTP/AVP 0 8 97"] + AUDIO_OFFER,
        ["m=video 10002 RTP/AVP 31 32", "b=AS:1000", "a=mid:bar", "a=rtcp-mux",
         "a=rtpmap:31 H261/90000", "a=rtpmap:32 MPV/90000", MID]])),
    "18.1-answer": ("18.1", ["foo", "bar"], bundle_sdp(*BOB, "foo bar", [
        ["m=audio 20000 RTP/AVP 0", "b=AS:200", "a=mid:foo", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000", MID],
        ["m=video 20000 RTP/AVP 32", "b=AS:1000", "a=mid:bar", "a=rtpmap:32 MPV/90000", MID]])),
    "18.3-offer": ("18.3", ["zen", "foo", "bar"], bundle_sdp(*ALICE, "zen foo bar", [
        ["m=audio 10000 RTP/AVP 0 8 97", "b=AS:200", "a=mid:foo", "a=rtpmap:0 PCMU/8000",
         "a=rtpmap:8 PCMA/8000", "a=rtpmap:97 iLBC/8000", MID],
        ["m=video 10000 RTP/AVP 31 32", "b=AS:1000", "a=mid:bar", "a=rtpmap:31 H261/90000",
         "a=rtpmap:32 MPV/90000", MID],
        ["m=video 10000 RTP/AVP 66", "b=AS:1000", "a=mid:zen", "a=rtcp-mux", "a=rtpmap:66 H261/90000", MID]])),
    "18.3-answer": ("18.3", ["zen", "foo", "bar"], bundle_sdp(*BOB, "zen foo bar", [
        ["m=audio 20000 RTP/AVP 0", "b=AS:200", "a=mid:foo", "a=rtpmap:0 PCMU/8000", MID],
        ["m=video 20000 RTP/AVP 32", "b=AS:1000", "a=mid:bar", "a=rtpmap:32 MPV/90000", MID],
        ["m=video 20000 RTP/AVP 66", "b=AS:1000", "a=mid:zen", "a=rtcp-mux", "a=rtpmap:66 H261/90000", MID]])),
    "18.4-offer": ("18.4", ["foo", "bar"], bundle_sdp(*ALICE, "foo bar", [
        ["m=audio 10000 RTP/AVP 0 8 97"] + AUDIO_OFFER,
        ["m=video 10000 RTP/AVP 31 32", "b=AS:1000", "a=mid:bar", "a=rtpmap:31 H261/90000",
         "a=rtpmap:32 MPV/90000", MID],
        ["m=video 50000 RTP/AVP 66", "b=AS:1000", "a=mid:zen", "a=rtcp-mux", "a=rtpmap:66 H261/90000"]])),
    "18.4-answer": ("18.4", ["foo", "bar"], bundle_sdp(*BOB, "foo bar", [
        ["m=audio 20000 RTP/AVP 0", "b=AS:200", "a=mid:foo", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000", MID],
        ["m=video 20000 RTP/AVP 32", "b=AS:1000", "a=mid:bar", "a=rtpmap:32 MPV/90000", MID],
        ["m=video 60000 RTP/AVP 66", "b=AS:1000", "a=mid:zen", "a=rtcp-mux", "a=rtpmap:66 H261/90000"]])),
}


def rfc8843_examples():
    vectors = []
    for name, (section, group, text) in RFC8843.items():
        body = sdp(text)
        frm = f"RFC 8843 §{section} ({name.split('-')[1]}; \"s= \" restored)"
        vectors.append(vector(
            f"{name}.parse", f"§{section} {name.split('-')[1]}: parses in strict mode, BUNDLE {' '.join(group)}",
            "sdp.parse", "8843", "7.2" if name.endswith("offer") else "7.3", "MUST",
            {"sdp": body, "mode": "strict"},
            {"errors": [], "summary": {"bundle": [group]}}, frm=frm))
        vectors.append(vector(
            f"{name}.round-trip", f"§{section} {name.split('-')[1]}: written back byte for byte",
            "sdp.roundtrip", "8866", "5", "MUST", {"sdp": body}, {"sdp": body}, frm=frm))
    return {
        "$schema": SCHEMA,
        "description": "Generated by vectors/tools/generate_sdp_vectors.py; do not edit by hand.",
        "suite": {"id": "sdp/rfc8843-examples", "title": "RFC 8843 (BUNDLE) §18 examples",
                  "protocol": "SDP", "rfc": "8843",
                  "link": "https://www.rfc-editor.org/rfc/rfc8843#section-18"},
        "vectors": vectors,
    }


def rfc8841_examples():
    """RFC 8841's m-section fragments (§5.1 sctp-port, §6.1 max-message-size, §4.1 the
    TCP variant), inside a minimal session so that they parse on their own."""
    head = ["v=0", "o=- 1 1 IN IP6 2001:db8::3", "s=-", "c=IN IP6 2001:db8::3", "t=0 0"]
    cases = [
        ("sctp-port", "5.1", ["m=application 54111 UDP/DTLS/SCTP webrtc-datachannel",
                              "a=sctp-port:5000"], {"port": 54111, "sctpPort": 5000}),
        ("max-message-size", "6.1", ["m=application 54111 UDP/DTLS/SCTP webrtc-datachannel",
                                     "a=sctp-port:5000", "a=max-message-size:100000"],
         {"sctpPort": 5000, "maxMessageSize": 100000}),
        ("tcp", "4.1", ["m=application 54111 TCP/DTLS/SCTP webrtc-datachannel",
                        "a=sctp-port:5000", "a=setup:actpass"],
         {"protocol": "TCP/DTLS/SCTP", "sctpPort": 5000}),
    ]
    vectors = []
    for vid, section, lines, media in cases:
        body = sdp("\n".join(head + lines))
        media = dict(media, kind="application")
        vectors.append(vector(f"{vid}.parse", f"§{section}: {lines[-1]} is read",
                              "sdp.parse", "8841", section, "MUST", {"sdp": body, "mode": "strict"},
                              {"errors": [], "summary": {"media": [media]}},
                              frm=f"RFC 8841 §{section} (m-section in a minimal session)"))
        vectors.append(vector(f"{vid}.round-trip", f"§{section}: written back byte for byte",
                              "sdp.roundtrip", "8866", "5", "MUST", {"sdp": body}, {"sdp": body},
                              frm=f"RFC 8841 §{section}"))
    return {
        "$schema": SCHEMA,
        "description": "Generated by vectors/tools/generate_sdp_vectors.py; do not edit by hand.",
        "suite": {"id": "sdp/rfc8841-examples", "title": "RFC 8841 (SCTP over DTLS in SDP) examples",
                  "protocol": "SDP", "rfc": "8841",
                  "link": "https://www.rfc-editor.org/rfc/rfc8841"},
        "vectors": vectors,
    }


def sdp(text):
    return "\r\n".join(text.strip().split("\n")) + "\r\n"




def media_kinds(text):
    return [l.split()[0][2:] for l in text.strip().split("\n") if l.startswith("m=")]


def mids(text):
    return [l[6:] for l in text.strip().split("\n") if l.startswith("a=mid:")]


def rfc_examples():
    vectors = []
    for name, (section, kind, text) in RFC8829.items():
        body = sdp(text)
        frm = f"RFC 8829 §{section} |{name}| (folded lines joined)"
        vectors.append(vector(
            f"{name}.parse", f"|{name}| parses without errors in strict mode", "sdp.parse",
            "8866", "5", "MUST", {"sdp": body, "mode": "strict"},
            {"errors": [], "summary": {"media": [{"kind": k, "mid": m} for k, m in
                                                 zip(media_kinds(text), mids(text))]}},
            frm=frm))
        vectors.append(vector(
            f"{name}.round-trip", f"|{name}| is written back byte for byte", "sdp.roundtrip",
            "8866", "5", "MUST", {"sdp": body}, {"sdp": body}, frm=frm))
        vectors.append(vector(
            f"{name}.jsep-checks", f"|{name}| passes the JSEP, BUNDLE and ICE checks as an {kind}",
            "sdp.check", "8829", "5.2.1" if kind == "offer" else "5.3.1", "MUST",
            {"sdp": body, "type": kind}, {"violations": []}, frm=frm))
    return {
        "$schema": SCHEMA,
        "description": "Generated by vectors/tools/generate_sdp_vectors.py; do not edit by hand.",
        "suite": {"id": "sdp/rfc8829-examples", "title": "RFC 8829 (JSEP) §7 examples",
                  "protocol": "SDP", "rfc": "8829",
                  "link": "https://www.rfc-editor.org/rfc/rfc8829#section-7"},
        "vectors": vectors,
    }


# A valid minimal offer; each negative vector breaks one line of it.
BASE = [
    "v=0",
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0 1",
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 0",
    "c=IN IP4 0.0.0.0",
    "a=mid:0",
    "a=ice-ufrag:a1B2",
    "a=ice-pwd:abcdefghijklmnopqrstuv",
    "a=fingerprint:sha-256 " + FP_A,
    "a=setup:actpass",
    "a=rtcp-mux",
    "a=sendrecv",
    "a=rtpmap:111 opus/48000/2",
    "a=fmtp:111 minptime=10;useinbandfec=1",
    "a=rtcp-fb:111 transport-cc",
    "a=rtpmap:0 PCMU/8000",
    "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid",
    "a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host",
    "a=end-of-candidates",
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
    "c=IN IP4 0.0.0.0",
    "a=mid:1",
    "a=ice-ufrag:a1B2",
    "a=ice-pwd:abcdefghijklmnopqrstuv",
    "a=fingerprint:sha-256 " + FP_A,
    "a=setup:actpass",
    "a=sctp-port:5000",
    "a=max-message-size:262144",
]


def with_line(index, new):
    lines = list(BASE)
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    return "\r\n".join(lines) + "\r\n"


def find(prefix, nth=0):
    hits = [i for i, l in enumerate(BASE) if l.startswith(prefix)]
    return hits[nth]


# (id, title, rfc, section, line index, replacement, expected rule)
SYNTAX = [
    ("origin-fields", "o= with a field missing", "8866", "5.2", find("o="), "o=- 4611731400430051336 2 IN IP4", "origin-syntax"),
    ("timing-not-numbers", "t= not two numbers", "8866", "5.9", find("t="), "t=now later", "timing-syntax"),
    ("connection-fields", "c= without an address (and so no usable c= for the m-section)", "8866", "5.7", find("c="), "c=IN IP4", ["connection-syntax", "missing-connection"]),
    ("m-port-not-number", "m= port not a number", "8866", "5.14", find("m=audio"), "m=audio nine UDP/TLS/RTP/SAVPF 111 0", "m-line-port"),
    ("m-port-too-big", "m= port above 65535", "8866", "5.14", find("m=audio"), "m=audio 70000 UDP/TLS/RTP/SAVPF 111 0", "m-line-port"),
    ("m-no-formats", "m= without formats (its rtpmap lines then name unlisted payload types)", "8866", "5.14", find("m=audio"), "m=audio 9 UDP/TLS/RTP/SAVPF", ["m-line-format", "rtpmap-payload", "fmtp-payload-unknown", "rtcp-fb-payload-unknown", "rtpmap-payload"]),
    ("unknown-line-type", "a line type RFC 8866 does not define", "8866", "5", find("s="), "s=-\r\nx=unknown", "unknown-line-type"),
    ("space-before-equals", "a space before '='", "8866", "5", find("a=rtcp-mux"), "a =rtcp-mux", "line-syntax"),
    ("trailing-whitespace", "a line ending in a space", "8866", "5", find("a=rtcp-mux"), "a=rtcp-mux ", "trailing-whitespace"),
    ("session-order", "t= before s=", "8866", "5", find("s="), "t=0 0\r\ns=-", None),
    ("setup-value", "a=setup with a value RFC 4145 does not define", "4145", "4", find("a=setup"), "a=setup:sideways", "setup-value"),
    ("fingerprint-value", "a=fingerprint value not colon-separated hex", "8122", "5", find("a=fingerprint"), "a=fingerprint:sha-256 zz:zz", "fingerprint-value"),
    ("candidate-fields", "a=candidate with fields missing", "8839", "5.1", find("a=candidate"), "a=candidate:1 1 udp 2130706431", "candidate-syntax"),
    ("candidate-priority", "a=candidate priority not a number", "8839", "5.1", find("a=candidate"), "a=candidate:1 1 udp high 127.0.0.1 50000 typ host", "candidate-priority"),
    ("candidate-port", "a=candidate port above 65535", "8839", "5.1", find("a=candidate"), "a=candidate:1 1 udp 2130706431 127.0.0.1 70000 typ host", "candidate-port"),
    ("rtpmap-not-number", "a=rtpmap payload type not a number", "8866", "6.6", find("a=rtpmap:111"), "a=rtpmap:x opus/48000/2", "rtpmap-syntax"),
    ("rtpmap-unlisted", "a=rtpmap for a payload type not on the m-line", "8866", "6.6", find("a=rtpmap:0 "), "a=rtpmap:8 PCMA/8000", "rtpmap-payload"),
    ("fmtp-unknown-payload", "a=fmtp for a payload type not on the m-line", "8866", "6.15", find("a=fmtp"), "a=fmtp:55 minptime=10", "fmtp-payload-unknown"),
    ("rtcp-fb-unknown-payload", "a=rtcp-fb for a payload type not on the m-line", "4585", "4.2", find("a=rtcp-fb"), "a=rtcp-fb:55 nack", "rtcp-fb-payload-unknown"),
    ("extmap-id-zero", "a=extmap id 0 (reserved)", "8285", "5", find("a=extmap"), "a=extmap:0 urn:ietf:params:rtp-hdrext:sdes:mid", "extmap-id"),
    ("extmap-direction", "a=extmap with an unknown direction", "8285", "7", find("a=extmap"), "a=extmap:1/sideways urn:ietf:params:rtp-hdrext:sdes:mid", "extmap-direction"),
    ("bandwidth-syntax", "b= without a value", "8866", "5.8", find("c=IN IP4 0.0.0.0"), "c=IN IP4 0.0.0.0\r\nb=AS", "bandwidth-syntax"),
    ("repeat-syntax", "r= that is not an interval", "8866", "5.10", find("t="), "t=0 0\r\nr=weekly", "repeat-syntax"),
    ("timezone-syntax", "z= with an odd number of fields", "8866", "5.11", find("t="), "t=0 0\r\nz=2882844526", "timezone-syntax"),
    ("mid-empty", "a=mid: with no identification tag", "5888", "4", find("a=mid:0"), "a=mid:", "mid-syntax"),
    ("group-no-semantics", "a=group: with no semantics", "5888", "5", find("a=group"), "a=group:", "group-syntax"),
    ("ssrc-not-number", "a=ssrc with an id that is not a number", "5576", "4.1", find("a=sendrecv"), "a=sendrecv\r\na=ssrc:abc cname:x", "ssrc-syntax"),
    ("rtcp-mux-with-value", "a=rtcp-mux with a value (it is a flag)", "8858", "4", find("a=rtcp-mux"), "a=rtcp-mux:yes", "attribute-value-unexpected"),
    ("ice-ufrag-empty", "a=ice-ufrag: empty", "8839", "5.4", find("a=ice-ufrag"), "a=ice-ufrag:", "ice-ufrag-syntax"),
    ("sctp-port-not-number", "a=sctp-port not a number", "8841", "5", find("a=sctp-port"), "a=sctp-port:five", "sctp-port-syntax"),
    ("max-message-size-negative", "a=max-message-size negative", "8841", "6", find("a=max-message-size"), "a=max-message-size:-1", "max-message-size-syntax"),
]

# (id, title, rfc, section, level, line index, replacement, type, expected violation)
SEMANTIC = [
    ("mid-missing", "an m-section without a=mid (BUNDLE then names a missing mid)", "8829", "5.2.1", "MUST", find("a=mid:0"), None, "offer", ["mid-missing", "bundle-mid-unknown"]),
    ("mid-duplicate", "two m-sections with the same mid (BUNDLE then names a missing mid)", "8829", "5.2.1", "MUST", find("a=mid:1"), "a=mid:0", "offer", ["mid-duplicate", "bundle-mid-unknown"]),
    ("fingerprint-hash", "a=fingerprint with a hash function outside the IANA registry", "8122", "5", "MUST", find("a=fingerprint"), "a=fingerprint:sha-999 " + FP_A, "offer", "fingerprint-hash"),
    ("candidate-component", "a=candidate component 0 (1..256)", "8839", "5.1", "MUST", find("a=candidate"), "a=candidate:1 0 udp 2130706431 127.0.0.1 50000 typ host", "offer", "candidate-component"),
    ("bundle-unknown-mid", "BUNDLE names a mid no m-section has", "8843", "7.2", "MUST", find("a=group"), "a=group:BUNDLE 0 1 9", "offer", "bundle-mid-unknown"),
    ("ice-ufrag-short", "ice-ufrag of 3 characters", "8839", "5.4", "MUST", find("a=ice-ufrag"), "a=ice-ufrag:a1B", "offer", "ice-ufrag-length"),
    ("ice-pwd-short", "ice-pwd of 21 characters", "8839", "5.4", "MUST", find("a=ice-pwd"), "a=ice-pwd:abcdefghijklmnopqrstu", "offer", "ice-pwd-length"),
    ("fingerprint-missing", "no fingerprint for an m-section", "8842", "5.1", "MUST", find("a=fingerprint"), None, "offer", "fingerprint-missing"),
    ("fingerprint-length", "a sha-256 fingerprint of 31 bytes", "8122", "5", "MUST", find("a=fingerprint"), "a=fingerprint:sha-256 " + FP_A[:-3], "offer", "fingerprint-length"),
    ("setup-active-in-offer", "an offer with a=setup:active", "8842", "5.2", "MUST", find("a=setup"), "a=setup:active", "offer", "setup-offer"),
    # RFC 8842 §5.5: a later offer says actpass too, also when it keeps the DTLS association, so
    # stating the role the offerer has in it (passive for the server) is still setup-offer.
    ("setup-passive-in-later-offer", "a later offer (o= version 2) stating the kept role a=setup:passive", "8842", "5.5", "MUST", find("a=setup"), "a=setup:passive", "offer", "setup-offer"),
    ("setup-actpass-in-answer", "an answer with a=setup:actpass", "8842", "5.3", "MUST", find("a=setup"), "a=setup:actpass", "answer", "setup-answer"),
    ("candidate-foundation-long", "a candidate foundation of 33 characters", "8839", "5.1", "MUST", find("a=candidate"), "a=candidate:" + "f" * 33 + " 1 udp 2130706431 127.0.0.1 50000 typ host", "offer", "candidate-foundation"),
    ("rtcp-mux-missing-in-bundle", "a bundled RTP m-section without a=rtcp-mux", "8829", "5.2.1", "MUST", find("a=rtcp-mux"), None, "offer", "rtcp-mux-bundle"),
    ("datachannel-protocol", "an application m-section with the wrong protocol", "8841", "4", "MUST", find("m=application"), "m=application 9 UDP/SCTP webrtc-datachannel", "offer", "datachannel-protocol"),
    ("sctp-port-missing", "a data channel m-section without a=sctp-port", "8841", "5", "MUST", find("a=sctp-port"), None, "offer", "sctp-port-missing"),
]


def negatives():
    base = "\r\n".join(BASE) + "\r\n"
    vectors = [
        vector("base.parse", "the minimal offer the negative vectors break parses cleanly",
               "sdp.parse", "8866", "5", "MUST", {"sdp": base, "mode": "strict"},
               {"errors": [], "warnings": []}),
        vector("base.check", "the minimal offer passes the JSEP checks", "sdp.check", "8829",
               "5.2.1", "MUST", {"sdp": base, "type": "offer", "strict": True},
               {"violations": [], "warnings": []}),
        vector("lf-line-endings", "LF instead of CRLF: an error in strict mode", "sdp.parse",
               "8866", "5", "MUST", {"sdp": base.replace("\r\n", "\n"), "mode": "strict"},
               {"errors": ["line-ending"]}),
        vector("lf-line-endings.lenient", "LF instead of CRLF: only a warning in lenient mode",
               "sdp.parse", "8866", "5", "SHOULD",
               {"sdp": base.replace("\r\n", "\n"), "mode": "lenient"},
               {"errors": [], "warnings": ["line-ending"]}),
        vector("not-sdp", "text that is not SDP at all", "sdp.parse", "8866", "5", "MUST",
               {"sdp": "hello\r\n", "mode": "lenient"}, {"error": {"kind": "malformed"}}),
        vector("empty", "an empty description", "sdp.parse", "8866", "5", "MUST",
               {"sdp": "", "mode": "lenient"}, {"error": {"kind": "malformed"}}),
    ]
    for vid, title, rfc, section, index, new, rule in SYNTAX:
        text = with_line(index, new)
        expect = {"errors": rule if isinstance(rule, list) else [rule]} if rule else {"ok": False}
        name = rule[0] if isinstance(rule, list) else rule
        vectors.append(vector(f"syntax.{vid}", f"{title} → {name or 'an error'}", "sdp.parse", rfc,
                              section, "MUST", {"sdp": text, "mode": "strict"}, expect))
    for vid, title, rfc, section, level, index, new, kind, rule in SEMANTIC:
        text = with_line(index, new)
        name = rule[0] if isinstance(rule, list) else rule
        vectors.append(vector(f"check.{vid}", f"{title} → {name}", "sdp.check", rfc, section,
                              level, {"sdp": text, "type": kind},
                              {"violations": rule if isinstance(rule, list) else [rule]}))
    return {
        "$schema": SCHEMA,
        "description": "Generated by vectors/tools/generate_sdp_vectors.py; do not edit by hand.",
        "suite": {"id": "sdp/negative",
                  "title": "SDP broken one line at a time: the parser and the JSEP checks name it",
                  "protocol": "SDP", "rfc": "8866",
                  "link": "https://www.rfc-editor.org/rfc/rfc8866#section-5"},
        "vectors": vectors,
    }




if __name__ == "__main__":
    write("sdp", "rfc8829-examples.json", rfc_examples())
    write("sdp", "negative.json", negatives())
    write("sdp", "rfc8843-examples.json", rfc8843_examples())
    write("sdp", "rfc8841-examples.json", rfc8841_examples())
    print("wrote the sdp vectors")
