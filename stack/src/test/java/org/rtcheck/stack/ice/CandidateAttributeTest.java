package org.rtcheck.stack.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class CandidateAttributeTest {

  @Test
  void parsesAndFormatsTheSdpForms() throws Exception {
    String[] lines = {
      "1 1 UDP 2130706431 192.0.2.1 5000 typ host",
      "2 1 UDP 1694498815 198.51.100.7 41000 typ srflx raddr 192.0.2.1 rport 5000",
      "3 2 UDP 16777215 203.0.113.9 3478 typ relay raddr 198.51.100.7 rport 41000",
      "4 1 TCP 2105458943 192.0.2.1 9 typ host tcptype active",
      "5 1 TCP 2105524479 192.0.2.1 5001 typ host tcptype passive",
      "6 1 TCP 2105393407 192.0.2.1 5002 typ host tcptype so generation 0",
      "7 1 UDP 1845501695 2001:db8::7 5000 typ prflx raddr 2001:db8::1 rport 5000",
    };
    assertThat(Candidate.parse("8 1 udp 1 ::1 9 typ host").toSdp()).contains(" ::1 9 ");
    assertThat(Candidate.parse("8 1 udp 1 fe80:0:0:1::0:1 9 typ host").toSdp())
        .contains(" fe80:0:0:1::1 9 ");
    assertThat(Candidate.parse("8 1 udp 1 1:0:0:2:0:0:0:3 9 typ host").toSdp())
        .contains(" 1:0:0:2::3 9 ");
    for (String line : lines) {
      Candidate c = Candidate.parse("a=candidate:" + line);
      assertThat(c.toSdp()).isEqualTo(line);
      assertThat(Candidate.parse(c.toSdp())).isEqualTo(c);
    }
    Candidate tcp = Candidate.parse(lines[5]);
    assertThat(tcp.tcpType()).isEqualTo(TcpType.SIMULTANEOUS_OPEN);
    assertThat(tcp.extensions()).hasSize(1);
    Candidate srflx = Candidate.parse(lines[1]);
    assertThat(srflx.type()).isEqualTo(CandidateType.SERVER_REFLEXIVE);
    assertThat(srflx.relatedAddress())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 5000));
    assertThat(srflx.isLocal()).isFalse();
  }

  @Test
  void mdnsNamesStayUnresolved() {
    Candidate c = Candidate.parse("candidate:1 1 udp 2122260223 Abc-1.local 5000 typ host");
    assertThat(c.isMdns()).isTrue();
    assertThat(c.address().isUnresolved()).isTrue();
    assertThat(c.address().getHostString()).isEqualTo("abc-1.local");
  }

  @Test
  void badInputIsATypedErrorNamingTheProblem() {
    assertThatThrownBy(() -> Candidate.parse("1 1 udp 1 192.0.2.1 5000 typ bogus"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bogus");
    assertThatThrownBy(() -> Candidate.parse("1 1 udp x 192.0.2.1 5000 typ host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("candidate");
    assertThatThrownBy(() -> Candidate.parse("1 1 tcp 5 192.0.2.1 5000 typ host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tcptype");
    assertThatThrownBy(() -> Candidate.parse("1 1 sctp 5 192.0.2.1 5000 typ host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sctp");
    assertThatThrownBy(() -> Candidate.parse("1 1 udp 0 192.0.2.1 5000 typ host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> Candidate.parse("1 1 udp 1 192.0.2.1 5000 typ host\r\na=x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void localFactoriesComputePriorityAndFoundation() throws Exception {
    InetSocketAddress base = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 5000);
    InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 41000);
    InetSocketAddress stun = new InetSocketAddress(InetAddress.getByName("203.0.113.1"), 3478);
    Candidate host = Candidate.host(base, 1, 65535);
    Candidate srflx = Candidate.serverReflexive(mapped, base, stun, 1, 65535);
    assertThat(host.priority()).isEqualTo(CandidatePriority.compute(126, 65535, 1));
    assertThat(srflx.priority()).isEqualTo(CandidatePriority.compute(100, 65535, 1));
    assertThat(srflx.base()).isEqualTo(base);
    assertThat(srflx.relatedAddress()).isEqualTo(base);
    assertThat(host.foundation()).isNotEqualTo(srflx.foundation());
    assertThat(
            Candidate.host(new InetSocketAddress(base.getAddress(), 5002), 2, 65535).foundation())
        .as("same type, base IP and transport share a foundation (RFC 8445 §5.1.1.3)")
        .isEqualTo(host.foundation());
    Candidate tcp = Candidate.tcpHost(base, TcpType.PASSIVE, 1, 8191);
    assertThat(tcp.foundation()).isNotEqualTo(host.foundation());
    assertThat(tcp.toSdp()).endsWith("typ host tcptype passive");
  }
}
