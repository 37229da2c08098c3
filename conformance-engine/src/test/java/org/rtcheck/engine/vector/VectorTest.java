package org.rtcheck.engine.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VectorTest {

  private static Vector at(String rfc, String section) {
    return new Vector(
        "v",
        "t",
        "c",
        rfc,
        section,
        Level.MUST,
        Optional.empty(),
        JsonNodeFactory.instance.objectNode(),
        JsonNodeFactory.instance.objectNode(),
        List.of(),
        List.of(),
        1);
  }

  @Test
  void rfcLinksPointAtSectionsAndAppendices() {
    assertThat(at("3550", "6.4.1").rfcLink())
        .isEqualTo("https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1");
    assertThat(at("3550", "A.8").rfcLink())
        .isEqualTo("https://www.rfc-editor.org/rfc/rfc3550#appendix-A.8");
    assertThat(at("9260", "A").rfcLink())
        .isEqualTo("https://www.rfc-editor.org/rfc/rfc9260#appendix-A");
    assertThat(at("3550", "").rfcLink()).isEqualTo("https://www.rfc-editor.org/rfc/rfc3550");
  }
}
