package org.rtcheck.bench.sdp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.rtcheck.stack.sdp.SdpParseMode;
import org.rtcheck.stack.sdp.SdpParseResult;
import org.rtcheck.stack.sdp.SdpParser;

/**
 * Parsing a Chromium-style offer (audio, video with RTX, a data channel; 92 lines) with the own
 * stack. There is no third-party Java SDP parser on the class path to compare with, so the group
 * has the {@code own} subject only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SdpParseBenchmark {

  /** The same hand-written offer as the stack's SDP tests. */
  static final String CHROME_OFFER =
      String.join(
              "\r\n",
              "v=0",
              "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
              "s=-",
              "t=0 0",
              "a=group:BUNDLE 0 1 2",
              "a=extmap-allow-mixed",
              "a=msid-semantic: WMS stream1",
              "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
              "c=IN IP4 0.0.0.0",
              "a=rtcp:9 IN IP4 0.0.0.0",
              "a=candidate:1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0"
                  + " network-id 1 network-cost 10",
              "a=candidate:3216343851 1 udp 2122194687 4f1a6e2c-5a3b-4c1d-9e8f-0a1b2c3d4e5f.local"
                  + " 52731 typ host generation 0 network-id 2",
              "a=candidate:435653019 1 tcp 1518280447 192.168.0.196 9 typ host tcptype active"
                  + " generation 0 network-id 1 network-cost 10",
              "a=candidate:842163049 1 udp 1686052607 203.0.113.7 46243 typ srflx raddr 192.168.0.196"
                  + " rport 46243 generation 0 network-id 1 network-cost 10",
              "a=ice-ufrag:EsAw",
              "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
              "a=ice-options:trickle",
              "a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:"
                  + "34:8E:5E:EA:6F:AF:52:CE:E6:0F",
              "a=setup:actpass",
              "a=mid:0",
              "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
              "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
              "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
              "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
              "a=sendrecv",
              "a=msid:stream1 track-audio",
              "a=rtcp-mux",
              "a=rtcp-rsize",
              "a=rtpmap:111 opus/48000/2",
              "a=rtcp-fb:111 transport-cc",
              "a=fmtp:111 minptime=10;useinbandfec=1",
              "a=rtpmap:63 red/48000/2",
              "a=fmtp:63 111/111",
              "a=rtpmap:9 G722/8000",
              "a=rtpmap:0 PCMU/8000",
              "a=rtpmap:8 PCMA/8000",
              "a=rtpmap:13 CN/8000",
              "a=rtpmap:110 telephone-event/48000",
              "a=rtpmap:126 telephone-event/8000",
              "a=ssrc:1001 cname:4TOk42mSjXCkVIa6",
              "a=ssrc:1001 msid:stream1 track-audio",
              "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103",
              "c=IN IP4 0.0.0.0",
              "a=rtcp:9 IN IP4 0.0.0.0",
              "a=ice-ufrag:EsAw",
              "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
              "a=ice-options:trickle",
              "a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:"
                  + "34:8E:5E:EA:6F:AF:52:CE:E6:0F",
              "a=setup:actpass",
              "a=mid:1",
              "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
              "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
              "a=extmap:13 urn:3gpp:video-orientation",
              "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
              "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
              "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
              "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
              "a=sendrecv",
              "a=msid:stream1 track-video",
              "a=rtcp-mux",
              "a=rtcp-rsize",
              "a=rtpmap:96 VP8/90000",
              "a=rtcp-fb:96 goog-remb",
              "a=rtcp-fb:96 transport-cc",
              "a=rtcp-fb:96 ccm fir",
              "a=rtcp-fb:96 nack",
              "a=rtcp-fb:96 nack pli",
              "a=rtpmap:97 rtx/90000",
              "a=fmtp:97 apt=96",
              "a=rtpmap:102 H264/90000",
              "a=rtcp-fb:102 nack pli",
              "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
              "a=rtpmap:103 rtx/90000",
              "a=fmtp:103 apt=102",
              "a=ssrc-group:FID 2002 2003",
              "a=ssrc:2002 cname:4TOk42mSjXCkVIa6",
              "a=ssrc:2002 msid:stream1 track-video",
              "a=ssrc:2003 cname:4TOk42mSjXCkVIa6",
              "a=ssrc:2003 msid:stream1 track-video",
              "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
              "c=IN IP4 0.0.0.0",
              "a=ice-ufrag:EsAw",
              "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
              "a=ice-options:trickle",
              "a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:"
                  + "34:8E:5E:EA:6F:AF:52:CE:E6:0F",
              "a=setup:actpass",
              "a=mid:2",
              "a=sctp-port:5000",
              "a=max-message-size:262144")
          + "\r\n";

  @Benchmark
  public SdpParseResult own() {
    return SdpParser.parse(CHROME_OFFER, SdpParseMode.STRICT);
  }
}
