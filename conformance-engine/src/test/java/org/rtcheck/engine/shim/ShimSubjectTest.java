package org.rtcheck.engine.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtcheck.engine.subject.SubjectException;

class ShimSubjectTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MS = 6000;
  private ShimSubject subject;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(ShimDescriptor.onPath("python3"), "python3 is not installed");
    Path dir = Path.of(getClass().getResource("/shims/echo/shim-echo.json").toURI());
    // Long enough for python3 to start on a loaded 2-core machine (it took 2.2 s at load 17),
    // short enough that the hang test stays quick.
    subject = new ShimSubject(ShimDescriptor.read(dir), Duration.ofMillis(TIMEOUT_MS));
  }

  @AfterEach
  void stop() {
    if (subject != null) {
      subject.close();
    }
  }

  @Test
  void answersAndTypedErrorsComeBack() throws Exception {
    assertThat(subject.version()).isEqualTo("9.9");
    assertThat(subject.unavailableReason()).isEmpty();
    assertThat(subject.invoke("echo", JSON.readTree("{\"a\": [1, 2]}")))
        .isEqualTo(JSON.readTree("{\"a\": [1, 2]}"));
    assertThatThrownBy(() -> subject.invoke("fail", JSON.createObjectNode()))
        .isInstanceOfSatisfying(
            SubjectException.class, e -> assertThat(e.kind()).isEqualTo("rejected"));
    assertThatThrownBy(() -> subject.invoke("other", JSON.createObjectNode()))
        .isInstanceOfSatisfying(
            SubjectException.class, e -> assertThat(e.kind()).isEqualTo("unimplemented"));
    // stderr is read by another thread: give it a moment on a loaded machine
    long end = System.nanoTime() + 5_000_000_000L;
    while (!subject.recentLog().contains("got fail") && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(subject.recentLog()).contains("got describe", "got echo", "got fail");
  }

  @Test
  void aHungShimFailsItsCallAndIsRestarted() throws Exception {
    assertThatThrownBy(() -> subject.invoke("hang", JSON.createObjectNode()))
        .isInstanceOfSatisfying(
            SubjectException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("hang did not answer within " + TIMEOUT_MS + " ms"));
    assertThat(subject.invoke("echo", JSON.readTree("{\"again\": true}")).path("again").asBoolean())
        .isTrue();
  }

  @Test
  void garbageAndCrashesAreSubjectFailuresNotHangs() throws Exception {
    assertThatThrownBy(() -> subject.invoke("garbage", JSON.createObjectNode()))
        .isInstanceOfSatisfying(
            SubjectException.class,
            e -> assertThat(e.getMessage()).contains("not JSON: this is not json"));
    assertThatThrownBy(() -> subject.invoke("crash", JSON.createObjectNode()))
        .isInstanceOfSatisfying(
            SubjectException.class,
            e -> assertThat(e.kind()).isEqualTo(SubjectException.SUBJECT_FAILURE));
    assertThat(subject.invoke("echo", JSON.readTree("{}"))).isEmpty();
  }

  @Test
  void closeLeavesNoProcess() throws Exception {
    subject.invoke("echo", JSON.readTree("{}"));
    List<ProcessHandle> before =
        ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    assertThat(before).isNotEmpty();
    subject.close();
    assertThat(before).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void missingRequirementsMakeTheSubjectUnavailable(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shim-x.json");
    Files.writeString(
        file,
        "{\"id\": \"x\", \"command\": [\"x\"], \"capabilities\": [\"echo\"],"
            + " \"requires\": {\"commands\": [\"no-such-command-rtcheck\"]}, \"install\": \"npm ci\"}");
    ShimSubject x = new ShimSubject(ShimDescriptor.read(file), Duration.ofSeconds(1));
    assertThat(x.unavailableReason())
        .hasValueSatisfying(
            r -> assertThat(r).contains("no-such-command-rtcheck").contains("npm ci"));
    assertThatThrownBy(() -> ShimDescriptor.read(dir.resolve("nope.json")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void versionNumbersAreFoundInVersionLines() {
    assertThat(ShimSubject.versionIn("Chromium 150.0.7871.100 built on Debian GNU/Linux 12"))
        .isEqualTo("150.0.7871.100");
    assertThat(ShimSubject.versionIn("gst-inspect-1.0 version 1.22.0")).isEqualTo("1.22.0");
    assertThat(ShimSubject.versionIn("Mozilla Firefox 153.7.0esr")).isEqualTo("153.7.0esr");
    assertThat(ShimSubject.versionIn("tool 2.1")).isEqualTo("2.1");
  }
}
