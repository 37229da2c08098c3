package org.rtcheck.cli.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.rtcheck.engine.RtcheckTestEngine;
import org.rtcheck.engine.subject.SubjectRegistry;
import org.rtcheck.engine.vector.VectorCorpus;
import org.rtcheck.interop.env.DockerEngineProbe;
import org.rtcheck.interop.env.EnvironmentChoice;
import org.rtcheck.interop.env.EnvironmentSelector;
import org.rtcheck.reports.AllureReport;
import org.rtcheck.reports.AllureResults;
import org.rtcheck.reports.ConformanceMatrix;
import org.rtcheck.reports.InteropMatrix;
import org.rtcheck.reports.ResultRecord;
import org.rtcheck.reports.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rtcheck run}: the conformance suites against the subjects, then the report. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs conformance suites against the subjects, writes allure-results, the Allure HTML"
          + " report and the conformance matrix, and prints a summary.",
      "Exit status: 0 all passed (known deviations allowed), 1 a test failed, 2 bad input"
          + " (unknown suite or subject, broken vector file)."
    })
public final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--suite",
      paramLabel = "S",
      description = "Suite id or prefix (stun, stun/rfc5769); repeatable. Default: every suite.")
  List<String> suites = new ArrayList<>();

  @Option(
      names = "--subject",
      paramLabel = "X",
      description = "Subject id (own, ice4j, …); repeatable. Default: every subject found.")
  List<String> subjects = new ArrayList<>();

  @Option(
      names = "--vectors",
      paramLabel = "FILE",
      arity = "1..*",
      description = "Your own vector files (see vectors/README.md), run besides --suite ones.")
  List<Path> vectorFiles = new ArrayList<>();

  @Option(
      names = "--tags",
      paramLabel = "EXPR",
      description = "JUnit tag expression, e.g. 'level:MUST & rfc:8489'.")
  String tags;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/rtcheck",
      description = "Where allure-results and the report go (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(names = "--no-report", description = "Skip the HTML report (results and summary only).")
  boolean noReport;

  @Option(
      names = "--threads",
      defaultValue = "4",
      description = "Tests run in parallel (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--allure-home",
      paramLabel = "DIR",
      description = "Allure commandline distribution (set by ./rtcheck).",
      defaultValue = "${sys:rtcheck.allure.home}")
  Path allureHome;

  @Option(
      names = "--env",
      paramLabel = "E",
      // The main job runs on the embedded local environment; docker is asked for, not implied
      // by an engine that happens to answer (the test command starts one for its docker subset).
      defaultValue = "${sys:rtcheck.env:-local}",
      description =
          "Where fixtures and browsers run: local, docker, grid, or auto (docker when a Docker"
              + " engine answers, else local) (default: ${DEFAULT-VALUE}).")
  String env;

  @Option(
      names = "--grid-url",
      paramLabel = "URL",
      defaultValue = "${sys:rtcheck.grid.url}",
      description = "Selenium Grid URL for --env grid, e.g. http://127.0.0.1:4444.")
  String gridUrl;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    }
    EnvironmentChoice environment;
    try {
      environment =
          new EnvironmentSelector(DockerEngineProbe.fromEnvironment()).choose(env, gridUrl);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--env " + env + ": " + e.getMessage(), e);
    }
    out.println(environment.describe());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (String id : selectedSuites(loader)) {
      selectors.add(selectClasspathResource(VectorCorpus.resource(id)));
    }
    for (Path file : vectorFiles) {
      if (!Files.isRegularFile(file)) {
        throw new ParameterException(spec.commandLine(), "--vectors " + file + ": no such file");
      }
      selectors.add(selectFile(file.toAbsolutePath().toFile()));
    }
    checkSubjects(loader);

    Path results = outDir.resolve("allure-results").toAbsolutePath();
    Path report = outDir.resolve("report").toAbsolutePath();
    clean(results);

    LauncherDiscoveryRequestBuilder request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectors)
            .filters(EngineFilter.includeEngines(RtcheckTestEngine.ENGINE_ID))
            .configurationParameter(RtcheckTestEngine.THREADS, Integer.toString(threads))
            .configurationParameter("junit.platform.discovery.issue.severity.critical", "error")
            .configurationParameter(EnvironmentSelector.ENV_PROPERTY, environment.kind().id());
    // In-process subjects (the own stack's turn.server) read the environment from the system
    // property: they see no configuration parameters.
    System.setProperty(EnvironmentSelector.ENV_PROPERTY, environment.kind().id());
    environment
        .gridUrl()
        .ifPresent(u -> System.setProperty(EnvironmentSelector.GRID_URL_PROPERTY, u.toString()));
    environment
        .gridUrl()
        .ifPresent(
            u ->
                request.configurationParameter(
                    EnvironmentSelector.GRID_URL_PROPERTY, u.toString()));
    if (!subjects.isEmpty()) {
      request.configurationParameter(RtcheckTestEngine.SUBJECTS, String.join(",", subjects));
    }
    if (tags != null) {
      request.filters(TagFilter.includeTags(tags));
    }
    DiscoveryProblems problems = new DiscoveryProblems();
    request.listeners(problems);
    ProgressListener progress = new ProgressListener(out);
    LauncherDiscoveryRequest built = request.build();
    // Allure keeps one lifecycle per JVM, made from "allure.results.directory" the first time
    // anything asks for it, and its auto-registered listener captures that lifecycle. A second run
    // in the same JVM (or a run inside a test JVM whose own Allure listener came first) would
    // write into the first folder. So this run gets its own lifecycle and listener, installed as
    // the global one for the engine's evidence (AllureEvidence) and restored afterwards.
    AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
    AllureLifecycle previous = Allure.getLifecycle();
    Allure.setLifecycle(lifecycle);
    try {
      Launcher launcher =
          LauncherFactory.create(
              LauncherConfig.builder()
                  .enableTestExecutionListenerAutoRegistration(false)
                  .addTestExecutionListeners(new AllureJunitPlatform(lifecycle))
                  .build());
      launcher.execute(built, progress);
    } finally {
      Allure.setLifecycle(previous);
    }

    problems.print(err);
    progress.printFailures(out);
    AllureReport.describeRun(results, environment(loader, environment));
    List<ResultRecord> records = AllureResults.read(results);
    RunSummary summary = RunSummary.of(records);
    out.println();
    out.print(summary.render());
    InteropMatrix interop = InteropMatrix.of(records);
    if (!interop.isEmpty()) {
      InteropMatrix.linkFromAllure(results);
      out.println();
      out.print(interop.renderText());
    }
    if (!noReport) {
      if (allureHome == null) {
        err.println(
            "rtcheck: no Allure commandline (--allure-home); skipping the HTML report."
                + " ./rtcheck sets it.");
      } else {
        Path index = new AllureReport(allureHome).generate(results, report);
        out.println("report: " + index.toUri());
      }
    }
    // After the report: `allure generate --clean` empties its folder.
    Path matrix = ConformanceMatrix.write(records, report);
    out.println("conformance matrix: " + matrix.toUri());
    if (!interop.isEmpty()) {
      out.println("interop matrix: " + interop.write(results, report).toUri());
    }
    out.println("allure-results: " + results);
    out.flush();
    if (problems.hasErrors()) {
      return 2;
    }
    return progress.failed() > 0 ? 1 : 0;
  }

  private TreeSet<String> selectedSuites(ClassLoader loader) throws IOException {
    TreeSet<String> all = VectorCorpus.suiteIds(loader);
    if (suites.isEmpty()) {
      return vectorFiles.isEmpty() ? all : new TreeSet<>();
    }
    TreeSet<String> chosen = new TreeSet<>();
    for (String s : suites) {
      String prefix = s.endsWith("/") ? s : s + "/";
      List<String> match =
          all.stream().filter(id -> id.equals(s) || id.startsWith(prefix)).toList();
      if (match.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "--suite " + s + ": no such suite. Suites: " + String.join(", ", all));
      }
      chosen.addAll(match);
    }
    return chosen;
  }

  private void checkSubjects(ClassLoader loader) {
    if (subjects.isEmpty()) {
      return;
    }
    try (SubjectRegistry all = SubjectRegistry.load(loader, java.util.Set.of())) {
      List<String> known = all.entries().stream().map(e -> e.subject().id()).toList();
      for (String s : subjects) {
        if (!known.contains(s)) {
          throw new ParameterException(
              spec.commandLine(),
              "--subject " + s + ": no such subject. Subjects: " + String.join(", ", known));
        }
      }
    }
  }

  private static Map<String, String> environment(ClassLoader loader, EnvironmentChoice choice) {
    Map<String, String> env = new LinkedHashMap<>();
    try (SubjectRegistry all = SubjectRegistry.load(loader, java.util.Set.of())) {
      all.entries()
          .forEach(
              e ->
                  env.put(
                      "subject." + e.subject().id(),
                      e.subject().displayName() + " " + e.subject().version()));
    }
    env.put("java", System.getProperty("java.version") + " " + System.getProperty("java.vm.name"));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    // The environment, why it was chosen, and the Docker engine or Grid it uses.
    env.putAll(choice.properties());
    return env;
  }

  private static void clean(Path results) throws IOException {
    if (Files.isDirectory(results)) {
      try (Stream<Path> files = Files.list(results)) {
        for (Path f : files.toList()) {
          if (Files.isRegularFile(f)) {
            Files.delete(f);
          }
        }
      }
    }
    Files.createDirectories(results);
  }
}
