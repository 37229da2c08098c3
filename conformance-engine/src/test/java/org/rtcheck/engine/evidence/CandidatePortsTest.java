package org.rtcheck.engine.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CandidatePortsTest {

  @Test
  void portsOfUdpCandidatesInSdpsAndTrickledCandidatesWithTheirBase() throws Exception {
    String answers =
        "{\"offer\":{\"sdp\":\"v=0\\r\\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\\r\\n"
            + "a=candidate:1 1 udp 2122260223 127.0.0.1 50001 typ host generation 0\\r\\n"
            + "a=candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active\\r\\n\"},"
            + "\"trickled\":{\"candidates\":[{\"candidate\":"
            + "\"candidate:3 1 UDP 1677729535 198.18.1.1 40000 typ srflx raddr 10.0.1.10 rport 50002\","
            + "\"sdpMid\":\"0\"}]},"
            + "\"stats\":{\"note\":\"no candidates here: port 7\"}}";

    assertThat(CandidatePorts.in(new ObjectMapper().readTree(answers)))
        .containsExactly(40000, 50001, 50002);
  }

  @Test
  void noCandidatesNoPorts() throws Exception {
    assertThat(CandidatePorts.in(new ObjectMapper().readTree("{\"a\":[1,\"x\"]}"))).isEmpty();
    assertThat(CandidatePorts.in(null)).isEmpty();
  }
}
