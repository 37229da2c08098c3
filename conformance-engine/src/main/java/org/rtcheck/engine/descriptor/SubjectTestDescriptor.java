package org.rtcheck.engine.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.ExclusiveResource;
import org.junit.platform.engine.support.hierarchical.Node;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.rtcheck.engine.RtcheckContext;
import org.rtcheck.engine.evidence.AllureEvidence;
import org.rtcheck.engine.evidence.CandidatePorts;
import org.rtcheck.engine.evidence.TrafficRecorder;
import org.rtcheck.engine.subject.Deviation;
import org.rtcheck.engine.subject.PooledSubject;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.engine.subject.SubjectRegistry;
import org.rtcheck.engine.vector.Hex;
import org.rtcheck.engine.vector.JsonPattern;
import org.rtcheck.engine.vector.Step;
import org.rtcheck.engine.vector.StepReferences;
import org.rtcheck.engine.vector.Vector;
import org.rtcheck.engine.vector.VectorSuiteFile;

/** One vector run against one subject: the test users see pass, fail or skip. */
public final class SubjectTestDescriptor extends AbstractTestDescriptor
    implements Node<RtcheckContext> {

  public static final String SEGMENT = "subject";

  /** Vector tag naming the other peer of an interop cell; the subject under test offers. */
  public static final String ANSWERER_TAG = "answerer:";

  /** Vector tag naming an interop cell's column in the interop matrix. */
  public static final String MATRIX_FEATURE_TAG = "matrix-feature:";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final VectorSuiteFile suite;
  private final Vector vector;
  private final SubjectRegistry.Entry entry;
  private final SubjectRegistry registry;

  public SubjectTestDescriptor(
      UniqueId parent,
      VectorSuiteFile suite,
      Vector vector,
      SubjectRegistry.Entry entry,
      SubjectRegistry registry,
      TestSource source) {
    super(
        parent.append(SEGMENT, entry.subject().id()),
        entry.subject().id()
            + " ("
            + entry.subject().displayName()
            + " "
            + entry.subject().version()
            + ")",
        source);
    this.suite = suite;
    this.vector = vector;
    this.entry = entry;
    this.registry = registry;
  }

  @Override
  public Type getType() {
    return Type.TEST;
  }

  @Override
  public Set<TestTag> getTags() {
    Set<TestTag> tags = new LinkedHashSet<>(VectorTags.of(suite, vector));
    tags.add(TestTag.create("subject:" + entry.subject().id()));
    return tags;
  }

  /**
   * Why this subject cannot run this vector, if it cannot. Reported as an aborted test from {@link
   * #execute} rather than through {@code shouldBeSkipped}: that way the skip is reported on the
   * worker thread with the test's labels and links, which report listeners (Allure) need.
   */
  private SkipResult skipReason() {
    Subject subject = entry.subject();
    Optional<String> unavailable = subject.unavailableReason();
    if (unavailable.isPresent()) {
      return SkipResult.skip(subject.id() + " is not available here: " + unavailable.get());
    }
    for (String capability : vector.requiredCapabilities()) {
      if (!subject.capabilities().contains(capability)) {
        return SkipResult.skip(
            "subject "
                + subject.id()
                + " does not implement capability "
                + capability
                + " (it has "
                + String.join(", ", new java.util.TreeSet<>(subject.capabilities()))
                + ")");
      }
    }
    for (Step step : vector.steps()) {
      if (step.subject().isEmpty()) {
        continue;
      }
      SubjectRegistry.Entry other = registry.get(step.subject().get());
      if (other == null) {
        return SkipResult.skip(
            "a step needs subject " + step.subject().get() + ", which is not in this run");
      }
      if (other.subject().unavailableReason().isPresent()
          || !other.subject().capabilities().contains(step.op())) {
        return SkipResult.skip(
            "a step needs "
                + step.op()
                + " from subject "
                + step.subject().get()
                + ", which it cannot do here");
      }
    }
    return SkipResult.doNotSkip();
  }

  /**
   * A script talks to stateful subjects (a peer remembers the offer whose answer comes next): no
   * other script may interleave with it on any subject it uses. JUnit takes all of a node's locks
   * in one order, so scripts sharing subjects cannot deadlock.
   *
   * <p>A {@link PooledSubject} (a browser per Selenium Grid slot) gets no lock here: JUnit's locks
   * do not count, and N cells must share it. The cell leases one instance of each pooled subject it
   * uses in {@link #execute}, after JUnit gave it all its locks, in the order of the subjects' ids,
   * and holds nothing else it waits for while it runs. So every cell takes its resources in one
   * global order (JUnit's locks, then pooled subjects by id) and the cells cannot deadlock: a cell
   * that waits for an instance holds no instance a holder of its locks could wait for, because a
   * lessee already has all its locks. The cost is that a cell waiting for an instance keeps its
   * host-side peer (say libwebrtc) locked meanwhile.
   */
  @Override
  public Set<ExclusiveResource> getExclusiveResources() {
    if (!vector.scripted()) {
      return Set.of();
    }
    Set<ExclusiveResource> locks = new LinkedHashSet<>();
    for (String id : subjectIds()) {
      if (!(registry.get(id).subject() instanceof PooledSubject)) {
        locks.add(lock(id));
      }
    }
    return locks;
  }

  /** The subject under test and every subject a step names, in the order of the steps. */
  private Set<String> subjectIds() {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(entry.subject().id());
    vector.steps().forEach(step -> step.subject().ifPresent(ids::add));
    ids.removeIf(id -> registry.get(id) == null); // skipped in execute, saying which is missing
    return ids;
  }

  private static ExclusiveResource lock(String subjectId) {
    return new ExclusiveResource(
        "rtcheck.subject." + subjectId, ExclusiveResource.LockMode.READ_WRITE);
  }

  @Override
  public RtcheckContext execute(RtcheckContext context, DynamicTestExecutor dynamic)
      throws Exception {
    recordEvidence(entry.subject());
    Map<String, PooledSubject.Lease> leases = new TreeMap<>();
    try {
      return run(context, leases);
    } finally {
      recordVersions(leases);
      giveBack(context, leases);
    }
  }

  /** Skips, or leases the pooled subjects the script uses and runs the vector. */
  private RtcheckContext run(RtcheckContext context, Map<String, PooledSubject.Lease> leases)
      throws Exception {
    SkipResult skip = skipReason();
    if (skip.isSkipped()) {
      throw new TestAbortedException(skip.getReason().orElse("skipped"));
    }
    if (!vector.scripted()) {
      return runAgainst(context, Map.of());
    }
    lease(context, leases);
    Map<String, Subject> using = new LinkedHashMap<>();
    for (String id : subjectIds()) {
      PooledSubject.Lease lease = leases.get(id);
      using.put(id, lease != null ? lease.subject() : registry.get(id).subject());
    }
    return runAgainst(context, using);
  }

  /**
   * One instance of every pooled subject the script uses, by id (the order that keeps cells from
   * deadlocking, see {@link #getExclusiveResources}); the start of the cell's own time.
   */
  private void lease(RtcheckContext context, Map<String, PooledSubject.Lease> leases)
      throws InterruptedException {
    for (String id : new TreeSet<>(subjectIds())) {
      if (registry.get(id).subject() instanceof PooledSubject pool) {
        try {
          leases.put(id, pool.lease(context.leaseTimeout()));
        } catch (TimeoutException e) {
          throw new AssertionFailedError(e.getMessage());
        }
      }
    }
    if (!leases.isEmpty()) {
      context.report(this, Map.of("rtcheck.cell.start", Instant.now().toString()));
    }
  }

  /**
   * Records which instance of each pooled subject ran the cell and its version as it reported it (a
   * Grid browser names its node), then returns the instances. {@link #recordVersions} has put the
   * same versions in the labels.
   */
  private void giveBack(RtcheckContext context, Map<String, PooledSubject.Lease> leases) {
    if (leases.isEmpty()) {
      return;
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("rtcheck.cell.end", Instant.now().toString());
    for (PooledSubject.Lease lease : leases.values()) {
      Subject instance = lease.subject();
      facts.put("rtcheck.instance." + instance.id(), lease + " " + instance.version());
      AllureEvidence.parameter(instance.id() + " instance", lease + " " + instance.version());
      lease.close();
    }
    context.report(this, facts);
  }

  /** The vector against the subjects of this cell ({@code using}: id → the one it talks to). */
  private RtcheckContext runAgainst(RtcheckContext context, Map<String, Subject> using)
      throws InterruptedException {
    Subject subject = using.getOrDefault(entry.subject().id(), entry.subject());
    List<String> problems;
    JsonNode shown;
    try {
      if (vector.scripted()) {
        Script script = recordedSteps(context, subject, using);
        problems = script.problems();
        shown = script.answers();
      } else {
        Answer answer = invoke(context, subject, vector.capability(), vector.args());
        answer.record("result.json");
        problems = answer.mismatches(vector.expect());
        shown = answer.asJson();
      }
    } catch (AssertionFailedError | TestAbortedException e) {
      attachLogs(subject, using);
      throw e;
    }
    if (!problems.isEmpty() || vector.scripted()) {
      attachLogs(subject, using);
    }
    Optional<Deviation> deviation = entry.deviations().find(suite.id(), vector.id());
    List<String> found = problems;
    Deviation.Outcome outcome =
        deviation.map(d -> d.judge(found)).orElse(Deviation.Outcome.OTHER_FAILURE);
    if (outcome == Deviation.Outcome.DID_NOT_OCCUR) {
      AllureEvidence.label("tag", "known-deviation");
      throw new AssertionFailedError(
          "declared deviation did not occur: "
              + subject.id()
              + " now matches vector "
              + suite.id()
              + "/"
              + vector.id()
              + "; remove it from "
              + subject.deviationsResource());
    }
    if (outcome == Deviation.Outcome.DEVIATED) {
      AllureEvidence.label("tag", "known-deviation");
      throw new TestAbortedException(
          "known deviation of "
              + subject.id()
              + ": "
              + deviation.get()
              + "\n"
              + String.join("\n", problems));
    }
    if (!problems.isEmpty() && deviation.isPresent()) {
      // A declared deviation with a symptom this failure does not show: not excused.
      problems = new ArrayList<>(problems);
      problems.add(
          "(a deviation is declared for this vector, but its symptom \""
              + deviation.get().symptom().orElse("")
              + "\" is not among these problems)");
    }
    if (!problems.isEmpty()) {
      throw new AssertionFailedError(
          vector.rfcLevelText() + " " + String.join("\n", problems),
          pretty(vector.expect()),
          pretty(shown));
    }
    return context;
  }

  /**
   * The steps in order; after the first step that does not go as expected only the steps marked
   * {@code always} run (stats, closing), as evidence. Each step's duration goes into {@code
   * timing.txt}, so a slow or hung cell shows which step took the time.
   */
  private Script runSteps(RtcheckContext context, Subject subject, Map<String, Subject> using)
      throws InterruptedException {
    java.util.Map<String, JsonNode> saved = new java.util.HashMap<>();
    ObjectNode answers = JsonNodeFactory.instance.objectNode();
    List<String> problems = new java.util.ArrayList<>();
    Throwable stopped = null; // a step that hung or threw (an Error), or is unimplemented
    StringBuilder timing = new StringBuilder();
    long start = System.nanoTime();
    int n = 0;
    for (Step step : vector.steps()) {
      n++;
      boolean failedBefore = !problems.isEmpty() || stopped != null;
      if (failedBefore && !step.always()) {
        continue;
      }
      Subject target = step.subject().map(using::get).orElse(subject);
      String label = "step " + n + " " + step.op() + " (" + target.id() + ")";
      JsonNode args;
      Optional<JsonNode> expect;
      try {
        args = StepReferences.resolve(step.args(), saved);
        expect = step.expect().map(e -> StepReferences.resolve(e, saved));
      } catch (IllegalArgumentException e) {
        if (!failedBefore) {
          problems.add(label + ": " + e.getMessage());
        }
        timing.append(timingLine(label, start, 0, "not run: " + e.getMessage()));
        continue;
      }
      AllureEvidence.text(label + " args.json", "application/json", "json", pretty(args));
      long t0 = System.nanoTime();
      Answer answer;
      try {
        answer = invoke(context, target, step.op(), args);
      } catch (AssertionFailedError | TestAbortedException e) {
        timing.append(timingLine(label, start, t0, "FAILED: " + e.getMessage()));
        if (!failedBefore) {
          stopped = e;
        }
        continue;
      }
      answer.record(label + " result.json");
      if (answer.result() != null && answer.result().path("sdp").isTextual()) {
        // The SDP as text, to read it as the peer sent it.
        AllureEvidence.text(
            label + " " + answer.result().path("type").asText("description") + ".sdp",
            "text/plain",
            "sdp",
            answer.result().path("sdp").asText());
      }
      answers.set(label, answer.asJson());
      List<String> stepProblems = expect.map(answer::mismatches).orElse(answer.failure());
      timing.append(
          timingLine(
              label,
              start,
              t0,
              stepProblems.isEmpty() ? "ok" : "NOT AS EXPECTED: " + stepProblems.get(0)));
      if (failedBefore) {
        continue; // evidence only
      }
      if (!stepProblems.isEmpty()) {
        stepProblems.forEach(p -> problems.add(label + ": " + p));
        continue;
      }
      step.as().ifPresent(name -> saved.put(name, answer.result()));
    }
    AllureEvidence.text("timing.txt", "text/plain", "txt", timing.toString());
    if (stopped instanceof Error error && problems.isEmpty()) {
      throw error;
    }
    if (stopped instanceof RuntimeException aborted && problems.isEmpty()) {
      throw aborted;
    }
    return new Script(problems, answers);
  }

  /**
   * An interop cell's steps under a {@link TrafficRecorder} (when one is on the class path and
   * {@code rtcheck.pcap} is not {@code off}): the capture is attached as {@code traffic.pcapng}
   * only when the cell fails (a step not as expected, or one that hung or threw), else deleted.
   */
  private Script recordedSteps(RtcheckContext context, Subject subject, Map<String, Subject> using)
      throws InterruptedException {
    boolean interop = vector.tags().contains("interop");
    if (!interop || "off".equals(System.getProperty("rtcheck.pcap", "on-failure"))) {
      return runSteps(context, subject, using);
    }
    TrafficRecorder.Recording recording =
        recorder()
            .map(r -> r.start(suite.id() + "/" + vector.id() + "/" + subject.id()))
            .orElse(TrafficRecorder.Recording.NONE);
    boolean failed = true;
    Script script = null;
    try {
      script = runSteps(context, subject, using);
      failed = !script.problems().isEmpty();
      return script;
    } catch (TestAbortedException e) {
      failed = false; // skipped: nothing to look at
      throw e;
    } finally {
      attachCapture(
          recording.stop(failed, script == null ? Set.of() : CandidatePorts.in(script.answers())));
    }
  }

  private static final java.util.Map<String, Optional<TrafficRecorder>> RECORDERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The recorder for this run's environment ({@code rtcheck.env}, read per cell). */
  private static Optional<TrafficRecorder> recorder() {
    return RECORDERS.computeIfAbsent(System.getProperty("rtcheck.env", ""), TrafficRecorder::find);
  }

  private static void attachCapture(List<java.nio.file.Path> files) {
    int n = 0;
    for (java.nio.file.Path file : files) {
      n++;
      try {
        String name = files.size() == 1 ? "traffic.pcapng" : "traffic-" + n + ".pcapng";
        AllureEvidence.attach(
            name, "application/vnd.tcpdump.pcap", "pcapng", java.nio.file.Files.readAllBytes(file));
      } catch (java.io.IOException e) {
        AllureEvidence.text(
            "traffic.txt", "text/plain", "txt", "capture " + file + " not readable: " + e);
      } finally {
        try {
          java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
          // a temp file left behind is not the cell's failure
        }
      }
    }
  }

  /** "+1234 ms 57 ms step 3 pc.offer (chromium): ok" — start offset, duration, outcome. */
  private static String timingLine(String label, long start, long t0, String outcome) {
    long now = System.nanoTime();
    long at = TimeUnit.NANOSECONDS.toMillis((t0 == 0 ? now : t0) - start);
    long took = t0 == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - t0);
    String text = outcome.length() > 300 ? outcome.substring(0, 297) + "…" : outcome;
    return String.format(Locale.ROOT, "+%6d ms %6d ms  %s: %s%n", at, took, label, text);
  }

  private record Script(List<String> problems, JsonNode answers) {}

  /** The log of the subject under test and of every other subject the script used. */
  private void attachLogs(Subject subject, Map<String, Subject> using) {
    Set<String> seen = new LinkedHashSet<>();
    seen.add(subject.id());
    attachLog(subject);
    for (Step step : vector.steps()) {
      step.subject().filter(seen::add).map(using::get).ifPresent(SubjectTestDescriptor::attachLog);
    }
  }

  private static void attachLog(Subject subject) {
    String log = subject.recentLog();
    if (!log.isEmpty()) {
      AllureEvidence.text(subject.id() + ".log", "text/plain", "txt", log);
    }
  }

  private Answer invoke(RtcheckContext context, Subject subject, String capability, JsonNode args)
      throws InterruptedException {
    Future<JsonNode> call = context.invocations().submit(() -> subject.invoke(capability, args));
    long timeoutMs = context.invocationTimeout().toMillis();
    try {
      JsonNode result = call.get(timeoutMs, TimeUnit.MILLISECONDS);
      if (result == null) {
        throw new AssertionFailedError(
            "subject " + subject.id() + " answered nothing (null) to " + capability);
      }
      return Answer.ok(result);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new AssertionFailedError(
          "subject "
              + subject.id()
              + " did not answer "
              + capability
              + " within "
              + timeoutMs
              + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SubjectException se) {
        if (SubjectException.UNIMPLEMENTED.equals(se.kind())) {
          throw new TestAbortedException(
              "subject " + subject.id() + " does not implement this: " + se.getMessage());
        }
        return Answer.error(se);
      }
      AssertionFailedError failure =
          new AssertionFailedError(
              "subject "
                  + subject.id()
                  + " threw "
                  + cause.getClass().getName()
                  + " from "
                  + capability
                  + ": "
                  + cause.getMessage());
      failure.initCause(cause);
      throw failure;
    }
  }

  /**
   * The versions of the subject and the answering peer, recorded once the cell ran: a shim's
   * version is its own answer to {@code describe} from its first start on (a browser in a
   * container, on a Grid node), not the host's {@code --version} that stands for it before. Of a
   * pooled subject, the version of the instance this cell leased.
   */
  private void recordVersions(Map<String, PooledSubject.Lease> leases) {
    Subject subject = ranBy(entry.subject(), leases);
    AllureEvidence.label("subjectVersion", subject.version());
    AllureEvidence.parameter("subject", subject.displayName() + " " + subject.version());
    for (String tag : vector.tags()) {
      if (tag.startsWith(ANSWERER_TAG)) {
        SubjectRegistry.Entry other = registry.get(tag.substring(ANSWERER_TAG.length()));
        if (other != null) {
          Subject answerer = ranBy(other.subject(), leases);
          AllureEvidence.label("answererVersion", answerer.version());
          AllureEvidence.parameter("answerer", answerer.displayName() + " " + answerer.version());
        }
      }
    }
  }

  private static Subject ranBy(Subject subject, Map<String, PooledSubject.Lease> leases) {
    PooledSubject.Lease lease = leases.get(subject.id());
    return lease != null ? lease.subject() : subject;
  }

  private void recordEvidence(Subject subject) {
    AllureEvidence.name(vector.title() + " — " + subject.id());
    AllureEvidence.label("epic", suite.protocol());
    AllureEvidence.label("feature", "RFC " + vector.rfc());
    AllureEvidence.label(
        "story", vector.section().isEmpty() ? "RFC " + vector.rfc() : "§" + vector.section());
    AllureEvidence.label("parentSuite", suite.protocol());
    AllureEvidence.label("suite", suite.title());
    AllureEvidence.label("subSuite", vector.title());
    AllureEvidence.label("severity", severity());
    AllureEvidence.label("subject", subject.id());
    // Interop cells (vectors/README.md): the answering peer and the matrix column, for the
    // interop matrix of reports/.
    for (String tag : vector.tags()) {
      if (tag.startsWith(ANSWERER_TAG)) {
        String answerer = tag.substring(ANSWERER_TAG.length());
        AllureEvidence.label("answerer", answerer);
      } else if (tag.startsWith(MATRIX_FEATURE_TAG)) {
        AllureEvidence.label("matrixFeature", tag.substring(MATRIX_FEATURE_TAG.length()));
      }
    }
    AllureEvidence.label("suiteId", suite.id());
    AllureEvidence.link(
        "RFC " + vector.rfc() + (vector.section().isEmpty() ? "" : " §" + vector.section()),
        vector.rfcLink());
    AllureEvidence.parameter("capability", vector.capability());
    AllureEvidence.parameter("level", vector.level().name());
    vector.from().ifPresent(f -> AllureEvidence.parameter("from", f));
    vector
        .args()
        .properties()
        .forEach(f -> AllureEvidence.parameter("args." + f.getKey(), abbreviate(f.getValue())));
    AllureEvidence.description(
        "**"
            + vector.level()
            + "** — RFC "
            + vector.rfc()
            + (vector.section().isEmpty() ? "" : " §" + vector.section())
            + vector.from().map(f -> ", vector from " + f).orElse("")
            + ".\n\nVector `"
            + suite.id()
            + "/"
            + vector.id()
            + "` at "
            + suite.location()
            + " line "
            + vector.line()
            + ".");
    if (!vector.scripted()) {
      AllureEvidence.text("args.json", "application/json", "json", pretty(vector.args()));
      AllureEvidence.text("expect.json", "application/json", "json", pretty(vector.expect()));
    }
    JsonNode hex = vector.args().get("hex");
    if (hex != null && hex.isTextual()) {
      byte[] bytes = Hex.decode(hex.asText());
      AllureEvidence.attach("message.bin", "application/octet-stream", "bin", bytes);
      AllureEvidence.text("message.hexdump.txt", "text/plain", "txt", hexdump(bytes));
    }
  }

  private String severity() {
    return switch (vector.level()) {
      case MUST -> "critical";
      case SHOULD -> "normal";
      case MAY -> "minor";
    };
  }

  private static String abbreviate(JsonNode value) {
    String text = value.isTextual() ? value.asText() : value.toString();
    return text.length() > 120 ? text.substring(0, 117) + "…" : text;
  }

  static String pretty(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return String.valueOf(node);
    }
  }

  /** Classic 16-bytes-a-line dump with offsets, for reading a message next to the RFC. */
  static String hexdump(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < bytes.length; i += 16) {
      out.append(String.format(Locale.ROOT, "%04x ", i));
      for (int j = i; j < Math.min(i + 16, bytes.length); j++) {
        out.append(String.format(Locale.ROOT, " %02x", bytes[j] & 0xff));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** A subject's answer: a result, or a typed error. */
  private record Answer(JsonNode result, SubjectException error) {

    static Answer ok(JsonNode result) {
      return new Answer(result, null);
    }

    static Answer error(SubjectException error) {
      return new Answer(null, error);
    }

    JsonNode asJson() {
      if (error == null) {
        return result;
      }
      ObjectNode e = JsonNodeFactory.instance.objectNode();
      ObjectNode inner = e.putObject("error");
      inner.put("kind", error.kind());
      inner.put("message", error.getMessage());
      error.details().properties().forEach(f -> inner.set(f.getKey(), f.getValue()));
      return e;
    }

    void record(String name) {
      AllureEvidence.text(name, "application/json", "json", pretty(asJson()));
    }

    /** No kind: any error; a string: that kind; an array: any of those kinds. */
    private static boolean kindAllowed(JsonNode want, String kind) {
      if (want.isMissingNode() || want.isNull()) {
        return true;
      }
      if (want.isArray()) {
        for (JsonNode k : want) {
          if (k.asText().equals(kind)) {
            return true;
          }
        }
        return false;
      }
      return want.asText().equals(kind);
    }

    /** Problems when nothing in particular is expected: only an error is one. */
    List<String> failure() {
      return error == null ? List.of() : List.of("the subject failed with " + error.getMessage());
    }

    List<String> mismatches(JsonNode expect) {
      if (expect.has("error")) {
        JsonNode want = expect.get("error");
        if (error == null) {
          return List.of(
              "expected an error"
                  + (want.has("kind") ? " of kind " + want.get("kind") : "")
                  + " but the subject answered "
                  + abbreviate(result));
        }
        if (!kindAllowed(want.path("kind"), error.kind())) {
          return List.of(
              "expected an error of kind "
                  + want.get("kind")
                  + " but got kind \""
                  + error.kind()
                  + "\": "
                  + error.getMessage());
        }
        // Further fields (offset, reason) only count where the subject reports them.
        ObjectNode reported = JsonNodeFactory.instance.objectNode();
        want.properties()
            .forEach(
                f -> {
                  if (!f.getKey().equals("kind") && error.details().has(f.getKey())) {
                    reported.set(f.getKey(), f.getValue());
                  }
                });
        return JsonPattern.mismatches(reported, error.details()).stream()
            .map(m -> "error " + m)
            .toList();
      }
      if (error != null) {
        return List.of("the subject failed with " + error.getMessage());
      }
      return JsonPattern.mismatches(expect, result);
    }
  }
}
