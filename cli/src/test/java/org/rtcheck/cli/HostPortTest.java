package org.rtcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:3478|127.0.0.1|3478",
        "[::1]:5349|0:0:0:0:0:0:0:1|5349",
        "127.0.0.1|127.0.0.1|3478",
        "[::1]|0:0:0:0:0:0:0:1|3478"
      })
  void parsesWithDefaultPort(String text, String host, int port) {
    InetSocketAddress a = HostPort.parse("SERVER", text, 3478);
    assertThat(a.getAddress().getHostAddress()).isEqualTo(host);
    assertThat(a.getPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1|SERVER: HOST:PORT expected, got \"127.0.0.1\"",
        ":3478|SERVER: HOST:PORT expected",
        "[::1|SERVER: missing ']'",
        "[::1]x|SERVER: HOST:PORT expected",
        "127.0.0.1:x|SERVER: port \"x\" is not a number",
        "127.0.0.1:0|SERVER: port 0 is not in 1..65535",
        "127.0.0.1:65536|SERVER: port 65536 is not in 1..65535",
        "no-such-host.invalid:1|SERVER: cannot resolve host \"no-such-host.invalid\""
      })
  void namesWhatIsWrong(String text, String message) {
    assertThatThrownBy(() -> HostPort.parse("SERVER", text, HostPort.REQUIRED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
