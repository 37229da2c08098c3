package org.rtcheck.stack.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StringPrepTest {
  @Test
  void saslPrepExamplesFromRfc4013() {
    // RFC 4013 §3 examples.
    assertThat(SaslPrep.prepare("I\u00ADX")).isEqualTo("IX");
    assertThat(SaslPrep.prepare("user")).isEqualTo("user");
    assertThat(SaslPrep.prepare("USER")).isEqualTo("USER");
    assertThat(SaslPrep.prepare("\u00AA")).isEqualTo("a");
    assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX");
    assertThat(SaslPrep.prepare("a\u00A0b")).isEqualTo("a b");
    assertThatThrownBy(() -> SaslPrep.prepare("a\u0007"))
        .isInstanceOfSatisfying(
            StringPrepException.class,
            e -> {
              assertThat(e.index()).isEqualTo(1);
              assertThat(e.codePoint()).isEqualTo(7);
              assertThat(e.getMessage()).contains("U+0007 at index 1");
            });
    assertThatThrownBy(() -> SaslPrep.prepare("\u0627\u0031"))
        .isInstanceOf(StringPrepException.class)
        .hasMessageContaining("right-to-left");
    assertThat(SaslPrep.prepare(Rfc5769VectorsTest.MATRIX_PASSWORD)).isEqualTo("TheMatrIX");
  }

  @Test
  void opaqueString() {
    assertThat(Precis.opaqueString("VOkJxbRl1RmTxUk/WvJxBt")).isEqualTo("VOkJxbRl1RmTxUk/WvJxBt");
    assertThat(Precis.opaqueString("a\u3000b")).isEqualTo("a b");
    // NFC, not NFKC: compatibility characters survive.
    assertThat(Precis.opaqueString("\u2168")).isEqualTo("\u2168");
    assertThat(Precis.opaqueString("e\u0301")).isEqualTo("\u00E9");
    assertThatThrownBy(() -> Precis.opaqueString("")).isInstanceOf(StringPrepException.class);
    assertThatThrownBy(() -> Precis.opaqueString("ab\tc"))
        .isInstanceOfSatisfying(StringPrepException.class, e -> assertThat(e.index()).isEqualTo(2));
    assertThatThrownBy(() -> Precis.opaqueString(Rfc5769VectorsTest.MATRIX_PASSWORD))
        .isInstanceOfSatisfying(
            StringPrepException.class, e -> assertThat(e.codePoint()).isEqualTo(0xAD));
  }

  @Test
  void usernameCasePreserved() {
    assertThat(Precis.usernameCasePreserved("evtj:h6vY")).isEqualTo("evtj:h6vY");
    assertThat(Precis.usernameCasePreserved("\uFF21b")).isEqualTo("Ab");
    assertThat(Precis.usernameCasePreserved(Rfc5769VectorsTest.MATRIX_USER))
        .isEqualTo(Rfc5769VectorsTest.MATRIX_USER);
    assertThatThrownBy(() -> Precis.usernameCasePreserved("a b"))
        .isInstanceOfSatisfying(StringPrepException.class, e -> assertThat(e.index()).isEqualTo(1));
  }

  @Test
  void keys() {
    assertThat(StunCredentials.shortTerm("pass").key())
        .isEqualTo("pass".getBytes(StandardCharsets.UTF_8));
    // MD5("user:realm:pass")
    assertThat(
            HexFormat.of()
                .formatHex(
                    StunCredentials.longTerm("user", "realm", "pass", PasswordAlgorithm.MD5).key()))
        .isEqualTo("8493fbc53ba582fb4c044c456bdc40eb");
    assertThat(StunCredentials.longTerm("user", "realm", "pass", PasswordAlgorithm.SHA256).key())
        .hasSize(32);
  }
}
