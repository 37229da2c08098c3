package org.rtcheck.engine.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rtcheck.engine.subject.SubjectException;

/**
 * A shim started through a {@link ShimPlacement} ({@link TestPlacement}) runs the placement's
 * command with its variables, and the placement's lease is released with the process; a placement
 * that cannot run here skips the shim's calls.
 */
class ShimPlacementTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ShimDescriptor descriptor(String id) throws Exception {
    // the echo shim's folder: the placement's command runs there
    Path dir =
        Path.of(ShimPlacementTest.class.getResource("/shims/echo/shim-echo.json").toURI())
            .getParent();
    return new ShimDescriptor(
        id,
        id,
        List.of("false"), // never run: the placement's command replaces it
        List.of("python3"),
        List.of(),
        "apt-get install python3",
        Set.of("echo"),
        Optional.empty(),
        List.of(),
        dir);
  }

  @Test
  void thePlacementsCommandAndVariablesRunTheShimAndItsLeaseGoesWithTheProcess() throws Exception {
    assumeTrue(ShimDescriptor.onPath("python3"), "python3 is not installed");
    int placed = TestPlacement.PLACED.get();
    int released = TestPlacement.RELEASED.get();
    try (ShimSubject subject = new ShimSubject(descriptor("placed-echo"), Duration.ofSeconds(10))) {
      assertThat(subject.invoke("echo", JSON.readTree("{\"x\": 1}")).path("x").asInt())
          .isEqualTo(1);
      assertThat(subject.version()).isEqualTo("placed 1.0");
      assertThat(TestPlacement.PLACED.get() - placed).isEqualTo(1);
      assertThat(TestPlacement.RELEASED.get() - released).isZero();
    }
    assertThat(TestPlacement.RELEASED.get() - released).isEqualTo(1);
  }

  @Test
  void aPlacementThatCannotRunHereSkipsTheShim() throws Exception {
    try (ShimSubject subject =
        new ShimSubject(descriptor("placed-nowhere"), Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> subject.invoke("echo", JSON.createObjectNode()))
          .isInstanceOfSatisfying(
              SubjectException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SubjectException.UNIMPLEMENTED);
                assertThat(e.getMessage()).contains("no such environment here");
              });
    }
  }
}
