package org.rtcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

class RtcheckTestEngineTest {

  private static final String BASIC = "rtcheck/vectors/test/basic.json";

  @VectorSuite("test/basic.json")
  static class BasicAnchor {}

  @VectorSuite("test/missing.json")
  static class MissingAnchor {}

  /** A test of the vector against the subject (any subject when null). */
  private static Condition<Event> leaf(String vector, String subject) {
    return new Condition<>(
        e -> {
          UniqueId id = e.getTestDescriptor().getUniqueId();
          List<UniqueId.Segment> s = id.getSegments();
          return e.getTestDescriptor().isTest()
              && s.get(2).getValue().equals(vector)
              && (subject == null || s.get(3).getValue().equals(subject));
        },
        "test of vector %s against %s",
        vector,
        subject);
  }

  private static EngineTestKit.Builder kit() {
    return EngineTestKit.engine(RtcheckTestEngine.ENGINE_ID)
        .configurationParameter(RtcheckTestEngine.TIMEOUT_MS, "300")
        .configurationParameter("junit.platform.discovery.issue.severity.critical", "error");
  }

  @Test
  void runsEveryVectorAgainstEverySubjectWithTheRightOutcome() {
    Events tests = kit().selectors(selectClasspathResource(BASIC)).execute().testEvents();

    tests.assertStatistics(s -> s.skipped(0).started(14).succeeded(3).failed(7).aborted(4));
    tests
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                leaf("hang", "beta"),
                abortedWithReason(
                    message(
                        "subject beta does not implement capability test.hang (it has test.answer)"))))
        .haveExactly(
            1,
            event(
                leaf("hang", "alpha"),
                finishedWithFailure(
                    message(m -> m.contains("did not answer test.hang within 300 ms")))))
        .haveExactly(
            1,
            event(
                leaf("mismatch", "alpha"),
                finishedWithFailure(
                    message(m -> m.startsWith("[SHOULD, RFC 8489 §14.7]") && m.contains("$.a")))))
        .haveExactly(
            1,
            event(
                leaf("mismatch", "beta"),
                abortedWithReason(
                    message(m -> m.contains("known deviation of beta: beta answers 2")))))
        .haveExactly(
            1,
            event(
                leaf("pass", "beta"),
                finishedWithFailure(message(m -> m.contains("declared deviation did not occur")))))
        .haveExactly(
            2,
            event(
                leaf("error-wrong-offset", null),
                finishedWithFailure(message(m -> m.contains("error $.offset")))))
        .haveExactly(
            2,
            event(
                leaf("crash", null),
                finishedWithFailure(message(m -> m.contains("IllegalStateException")))))
        .haveExactly(
            2,
            event(
                leaf("unimplemented", null),
                abortedWithReason(message(m -> m.contains("unimplemented")))));
  }

  @Test
  void uniqueIdsAreStableAndSelectable() {
    UniqueId id =
        UniqueId.forEngine("rtcheck")
            .append("suite", "test/basic")
            .append("vector", "error-expected")
            .append("subject", "beta");
    Events tests = kit().selectors(selectUniqueId(id)).execute().testEvents();
    tests.assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(tests.started().list().get(0).getTestDescriptor().getUniqueId()).isEqualTo(id);
  }

  @Test
  void anchorClassesSelectTheirFilesAndSameSuiteIsNotRunTwice() {
    Events tests =
        kit()
            .selectors(selectClass(BasicAnchor.class), selectClasspathResource(BASIC))
            .execute()
            .testEvents();
    tests.assertStatistics(s -> s.started(14));
  }

  @Test
  void tagsFilterBySubjectLevelAndRfc() {
    Events tests =
        kit()
            .selectors(selectClasspathResource(BASIC))
            .filters(TagFilter.includeTags("subject:alpha & level:SHOULD"))
            .execute()
            .testEvents();
    tests.assertStatistics(s -> s.started(1).failed(1));
  }

  @Test
  void subjectsCanBeChosen() {
    Events tests =
        kit()
            .selectors(selectClasspathResource(BASIC))
            .configurationParameter(RtcheckTestEngine.SUBJECTS, "beta")
            .execute()
            .testEvents();
    tests.assertStatistics(s -> s.skipped(0).started(7));
  }

  @Test
  void badVectorsAreDiscoveryIssuesWithFileAndLineAndTheRestStillRuns() {
    EngineDiscoveryResults discovery =
        kit().selectors(selectClasspathResource("rtcheck/vectors/test/broken.json")).discover();
    List<String> messages =
        discovery.getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();
    assertThat(messages)
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("broken.json:6:")
                    .contains("MUSTN'T")
                    .contains("MUST, SHOULD or MAY"))
        .anySatisfy(
            m -> assertThat(m).contains("broken.json:8:").contains("args.hex").contains("'z'"))
        .anySatisfy(
            m ->
                assertThat(m).contains("broken.json:10:").contains("duplicate vector id \"fine\""));
    DiscoveryIssue first = discovery.getDiscoveryIssues().get(0);
    assertThat(first.source()).get().isInstanceOf(ClasspathResourceSource.class);
    assertThat(discovery.getEngineDescriptor().getDescendants())
        .anySatisfy(d -> assertThat(d.getUniqueId().toString()).contains("[vector:fine]"));
  }

  @Test
  void invalidJsonIsOneIssueNotACrash() {
    EngineDiscoveryResults discovery =
        kit().selectors(selectClasspathResource("rtcheck/vectors/test/syntax.json")).discover();
    assertThat(discovery.getDiscoveryIssues())
        .singleElement()
        .satisfies(
            i -> assertThat(i.message()).contains("syntax.json:2:").contains("not valid JSON"));
    assertThat(discovery.getEngineDescriptor().getChildren()).isEmpty();
  }

  @Test
  void missingAnchorFileIsAnIssue() {
    EngineDiscoveryResults discovery = kit().selectors(selectClass(MissingAnchor.class)).discover();
    assertThat(discovery.getDiscoveryIssues())
        .singleElement()
        .satisfies(
            i ->
                assertThat(i.message())
                    .contains("no classpath resource rtcheck/vectors/test/missing.json"));
  }

  @Test
  void userVectorFilesRunFromDisk(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mine.json");
    Files.writeString(
        file,
        """
        {"suite": {"id": "mine", "title": "My vectors", "protocol": "TEST", "rfc": "8489"},
         "vectors": [{"id": "one", "capability": "test.answer", "rfc": "8489", "level": "MUST",
                      "args": {"answer": {"ok": true}}, "expect": {"ok": true}}]}
        """);
    EngineExecutionResults results = kit().selectors(selectFile(file.toFile())).execute();
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
  }

  @Test
  void scriptedVectorsPassAnswersAlongAndStopAtTheFirstFailingStep() {
    Events tests =
        kit()
            .selectors(selectClasspathResource("rtcheck/vectors/test/steps.json"))
            .execute()
            .testEvents();
    tests
        .assertThatEvents()
        .haveExactly(1, event(leaf("relay", "alpha"), finishedSuccessfully()))
        .haveExactly(1, event(leaf("relay", "beta"), finishedSuccessfully()))
        .haveExactly(
            2,
            event(
                leaf("stops-at-failing-step", null),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("step 1 test.answer")
                                && m.contains("rejected")
                                && !m.contains("step 2")))))
        // The step marked always runs after the failure, and its own mismatch is evidence only.
        .haveExactly(
            2,
            event(
                leaf("always-steps-after-a-failure", null),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("step 2 test.answer")
                                && m.contains("rejected")
                                && !m.contains("step 3")
                                && !m.contains("step 4")))))
        .haveExactly(
            2,
            event(
                leaf("needs-missing-subject", null),
                abortedWithReason(
                    message("a step needs subject gamma, which is not in this run"))));
  }

  @Test
  void referencesInAStepsExpectAreResolvedFromEarlierAnswers() {
    Events tests =
        kit()
            .selectors(selectClasspathResource("rtcheck/vectors/test/steps-expect.json"))
            .execute()
            .testEvents();
    tests
        .assertThatEvents()
        .haveExactly(2, event(leaf("equal", null), finishedSuccessfully()))
        .haveExactly(
            2,
            event(
                leaf("different", null),
                finishedWithFailure(
                    message(m -> m.contains("step 2 test.answer") && m.contains("00aa")))))
        .haveExactly(
            2,
            event(
                leaf("missing-field", null),
                finishedWithFailure(
                    message(
                        m -> m.contains("step 2") && m.contains("${theirs.keys} has no value")))))
        .haveExactly(2, event(leaf("one-of-kinds", null), finishedSuccessfully()))
        .haveExactly(
            2,
            event(
                leaf("none-of-kinds", null),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("none-of-kinds: step 1")
                                && m.contains("[\"no-common-srtp-profile\",\"peer-alert\"]")
                                && m.contains("handshake-timeout")))));
  }

  @Test
  void brokenScriptsAreDiscoveryIssues() {
    EngineDiscoveryResults discovery =
        kit().selectors(selectClasspathResource("rtcheck/vectors/test/bad-steps.json")).discover();
    assertThat(discovery.getDiscoveryIssues().stream().map(DiscoveryIssue::message))
        .anySatisfy(m -> assertThat(m).contains("${nothing.sdp}").contains("no earlier step"))
        .anySatisfy(
            m ->
                assertThat(m).contains("expect").contains("${later.x}").contains("no earlier step"))
        .anySatisfy(m -> assertThat(m).contains("\"steps\" or \"args\"/\"expect\", not both"));
  }
}
