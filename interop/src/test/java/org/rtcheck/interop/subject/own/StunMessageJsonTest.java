package org.rtcheck.interop.subject.own;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StunMessageJsonTest {

  @ParameterizedTest
  @CsvSource({
    "2001:0db8:0:0:0:0:0:1, 2001:db8::1",
    "0:0:0:0:0:0:0:1, ::1",
    "0:0:0:0:0:0:0:0, ::",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "fe80:0:0:0:0:0:0:0, fe80::",
    "2001:db8:1:0:1:0:0:0, 2001:db8:1:0:1::",
    "2001:DB8:1234:5678:11:2233:4455:6677, 2001:db8:1234:5678:11:2233:4455:6677",
    "192.0.2.1, 192.0.2.1"
  })
  void addressesAreWrittenAsRfc5952Says(String in, String expected) throws Exception {
    assertThat(StunMessageJson.text(InetAddress.getByName(in))).isEqualTo(expected);
  }
}
