package org.rtcheck.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoveryIssue.Severity;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.PackageNameFilter;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.rtcheck.engine.descriptor.RtcheckEngineDescriptor;
import org.rtcheck.engine.descriptor.SubjectTestDescriptor;
import org.rtcheck.engine.descriptor.SuiteDescriptor;
import org.rtcheck.engine.descriptor.VectorDescriptor;
import org.rtcheck.engine.subject.SubjectRegistry;
import org.rtcheck.engine.vector.Vector;
import org.rtcheck.engine.vector.VectorFileProblem;
import org.rtcheck.engine.vector.VectorFileReader;
import org.rtcheck.engine.vector.VectorSuiteFile;

/**
 * Turns selectors into suites. Vector files come from anchor classes ({@link VectorSuite}),
 * classpath resources, files and directories, and UniqueIds of earlier runs. Every problem in a
 * file becomes a discovery issue naming the file and line; nothing here throws for bad input.
 */
final class VectorDiscovery {

  /** Classpath folder of the corpus; a file's suite id is its path below it, without ".json". */
  static final String ROOT = "rtcheck/vectors/";

  private final EngineDiscoveryRequest request;
  private final RtcheckEngineDescriptor root;
  private final ClassLoader loader;
  private final VectorFileReader reader = new VectorFileReader();

  /** Selected files by location, in selection order. */
  private final Map<String, Selection> selections = new LinkedHashMap<>();

  /** A file to load: where from, the source its suite shows, and which parts were selected. */
  private static final class Selection {
    final String name;
    final Optional<String> resource;
    final Optional<Path> file;
    final TestSource suiteSource;
    final List<UniqueId> only = new ArrayList<>();
    boolean all;

    Selection(String name, Optional<String> resource, Optional<Path> file, TestSource source) {
      this.name = name;
      this.resource = resource;
      this.file = file;
      this.suiteSource = source;
    }
  }

  VectorDiscovery(
      EngineDiscoveryRequest request, RtcheckEngineDescriptor root, ClassLoader loader) {
    this.request = request;
    this.root = root;
    this.loader = loader;
  }

  void discover() {
    Predicate<String> classNames = classNameFilter();
    for (ClassSelector s : request.getSelectorsByType(ClassSelector.class)) {
      ReflectionSupport.tryToLoadClass(s.getClassName(), loader)
          .toOptional()
          .filter(VectorDiscovery::isAnchor)
          .ifPresent(this::selectAnchor);
    }
    for (ClasspathRootSelector s : request.getSelectorsByType(ClasspathRootSelector.class)) {
      ReflectionSupport.findAllClassesInClasspathRoot(
              s.getClasspathRoot(), VectorDiscovery::isAnchor, classNames)
          .forEach(this::selectAnchor);
    }
    for (PackageSelector s : request.getSelectorsByType(PackageSelector.class)) {
      ReflectionSupport.findAllClassesInPackage(
              s.getPackageName(), VectorDiscovery::isAnchor, classNames)
          .forEach(this::selectAnchor);
    }
    for (ClasspathResourceSelector s :
        request.getSelectorsByType(ClasspathResourceSelector.class)) {
      String name = s.getClasspathResourceName().replaceFirst("^/", "");
      if (name.endsWith(".json") && name.startsWith(ROOT)) {
        selectResource(name, ClasspathResourceSource.from(name)).all = true;
      }
    }
    for (FileSelector s : request.getSelectorsByType(FileSelector.class)) {
      if (s.getRawPath().endsWith(".json")) {
        selectFile(s.getPath());
      }
    }
    for (DirectorySelector s : request.getSelectorsByType(DirectorySelector.class)) {
      try (Stream<Path> files = Files.walk(s.getPath())) {
        files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(this::selectFile);
      } catch (IOException e) {
        issue(Severity.ERROR, "cannot list vector directory " + s.getPath() + ": " + e, null);
      }
    }
    for (UniqueIdSelector s : request.getSelectorsByType(UniqueIdSelector.class)) {
      selectUniqueId(s.getUniqueId());
    }
    RtcheckTestEngine.csv(
            request.getConfigurationParameters().get(RtcheckTestEngine.VECTOR_FILES).orElse(""))
        .forEach(f -> selectFile(Path.of(f)));

    Map<String, String> suiteLocations = new LinkedHashMap<>();
    for (Selection selection : selections.values()) {
      load(selection)
          .ifPresent(
              suite -> {
                String earlier = suiteLocations.putIfAbsent(suite.id(), selection.name);
                if (earlier != null && !earlier.equals(selection.name)) {
                  issue(
                      Severity.ERROR,
                      "suite id \""
                          + suite.id()
                          + "\" of "
                          + selection.name
                          + " is already used by "
                          + earlier
                          + "; the file is not run",
                      source(selection, 1, 0));
                  return;
                }
                addSuite(selection, suite);
              });
    }
  }

  private Predicate<String> classNameFilter() {
    List<Filter<String>> filters = new ArrayList<>();
    filters.addAll(request.getFiltersByType(ClassNameFilter.class));
    List<PackageNameFilter> packages = request.getFiltersByType(PackageNameFilter.class);
    for (PackageNameFilter p : packages) {
      filters.add(
          name -> p.apply(name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : ""));
    }
    return Filter.composeFilters(filters).toPredicate();
  }

  private static boolean isAnchor(Class<?> c) {
    return c.isAnnotationPresent(VectorSuite.class);
  }

  private void selectAnchor(Class<?> anchor) {
    for (String path : anchor.getAnnotation(VectorSuite.class).value()) {
      String name = ROOT + path.replaceFirst("^/", "");
      if (loader.getResource(name) == null && anchor.getClassLoader().getResource(name) == null) {
        issue(
            Severity.ERROR,
            "@VectorSuite(\""
                + path
                + "\") on "
                + anchor.getName()
                + ": no classpath resource "
                + name,
            ClassSource.from(anchor));
        continue;
      }
      selectResource(name, ClassSource.from(anchor)).all = true;
    }
  }

  private Selection selectResource(String name, TestSource source) {
    return selections.computeIfAbsent(
        "classpath:" + name, k -> new Selection(name, Optional.of(name), Optional.empty(), source));
  }

  private void selectFile(Path path) {
    Path file = path.toAbsolutePath().normalize();
    selections.computeIfAbsent(
                "file:" + file,
                k ->
                    new Selection(
                        file.toString(),
                        Optional.empty(),
                        Optional.of(file),
                        FileSource.from(file.toFile())))
            .all =
        true;
  }

  private void selectUniqueId(UniqueId id) {
    List<UniqueId.Segment> segments = id.getSegments();
    if (!id.getEngineId().map(RtcheckTestEngine.ENGINE_ID::equals).orElse(false)) {
      return;
    }
    if (segments.size() < 2) {
      // The whole engine: every anchor class of the classpath is what "all" means here.
      return;
    }
    UniqueId.Segment suite = segments.get(1);
    if (!suite.getType().equals(SuiteDescriptor.SEGMENT)) {
      issue(Severity.WARNING, "unknown UniqueId " + id, null);
      return;
    }
    String name = ROOT + suite.getValue() + ".json";
    if (loader.getResource(name) == null) {
      issue(
          Severity.WARNING,
          "UniqueId " + id + " names suite " + suite.getValue() + ", which is not on the classpath",
          null);
      return;
    }
    Selection selection = selectResource(name, ClasspathResourceSource.from(name));
    if (segments.size() == 2) {
      selection.all = true;
    } else {
      selection.only.add(id);
    }
  }

  private Optional<VectorSuiteFile> load(Selection selection) {
    VectorSuiteFile suite;
    try {
      if (selection.resource.isPresent()) {
        URL url = loader.getResource(selection.resource.get());
        if (url == null) {
          issue(Severity.ERROR, "no classpath resource " + selection.name, null);
          return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
          suite =
              reader.read(selection.name, url.toURI(), in, selection.resource, Optional.empty());
        }
      } else {
        Path file = selection.file.orElseThrow();
        if (!Files.isRegularFile(file)) {
          issue(Severity.ERROR, "vector file " + file + " does not exist", null);
          return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
          suite = reader.read(selection.name, file.toUri(), in, Optional.empty(), selection.file);
        }
      }
    } catch (IOException | URISyntaxException e) {
      issue(Severity.ERROR, "cannot read vector file " + selection.name + ": " + e, null);
      return Optional.empty();
    }
    for (VectorFileProblem p : suite.problems()) {
      issue(Severity.ERROR, p.toString(), source(selection, p.line(), p.column()));
    }
    if (suite.problems().stream().anyMatch(VectorFileProblem::fatal)) {
      return Optional.empty();
    }
    selection.resource.ifPresent(
        r -> {
          String expected = r.substring(ROOT.length(), r.length() - ".json".length());
          if (!expected.equals(suite.id())) {
            issue(
                Severity.ERROR,
                r + ": suite id \"" + suite.id() + "\" should be \"" + expected + "\" (its path)",
                source(selection, 1, 0));
          }
        });
    return Optional.of(suite);
  }

  private void addSuite(Selection selection, VectorSuiteFile suite) {
    SuiteDescriptor suiteNode =
        new SuiteDescriptor(root.getUniqueId(), suite, selection.suiteSource);
    SubjectRegistry subjects = root.subjects();
    for (Vector vector : suite.vectors()) {
      TestSource at = source(selection, vector.line(), 0);
      VectorDescriptor vectorNode =
          new VectorDescriptor(suiteNode.getUniqueId(), suite, vector, at);
      for (SubjectRegistry.Entry entry : subjects.entries()) {
        if (!speaksProtocolOf(entry, vector)) {
          continue;
        }
        SubjectTestDescriptor test =
            new SubjectTestDescriptor(vectorNode.getUniqueId(), suite, vector, entry, subjects, at);
        if (selected(selection, test.getUniqueId())) {
          vectorNode.addChild(test);
        }
      }
      if (!vectorNode.getChildren().isEmpty()) {
        suiteNode.addChild(vectorNode);
      }
    }
    if (!suiteNode.getChildren().isEmpty() || selection.all) {
      root.addChild(suiteNode);
    }
  }

  /**
   * A subject takes part in a vector when it implements at least one capability of the vector's
   * family ({@code stun} for {@code stun.decode}): one that lacks this particular capability is
   * listed and skipped, one that does not speak the protocol at all (a browser for STUN vectors) is
   * left out rather than skipped a hundred times.
   */
  private static boolean speaksProtocolOf(SubjectRegistry.Entry entry, Vector vector) {
    String capability = vector.capability();
    String family =
        capability.contains(".") ? capability.substring(0, capability.indexOf('.')) : capability;
    return entry.subject().capabilities().stream()
        .anyMatch(c -> c.equals(family) || c.startsWith(family + "."));
  }

  private static boolean selected(Selection selection, UniqueId test) {
    if (selection.all) {
      return true;
    }
    return selection.only.stream().anyMatch(test::hasPrefix);
  }

  private static TestSource source(Selection selection, int line, int column) {
    FilePosition position = column > 0 ? FilePosition.from(line, column) : FilePosition.from(line);
    if (selection.resource.isPresent()) {
      return ClasspathResourceSource.from(selection.resource.get(), position);
    }
    return FileSource.from(selection.file.orElseThrow().toFile(), position);
  }

  private void issue(Severity severity, String message, TestSource source) {
    DiscoveryIssue.Builder builder = DiscoveryIssue.builder(severity, message);
    if (source != null) {
      builder.source(source);
    }
    request.getDiscoveryListener().issueEncountered(root.getUniqueId(), builder.build());
  }

  /** Unused descriptors are fine: the platform prunes containers without tests. */
  static boolean isEmpty(TestDescriptor d) {
    return d.getChildren().isEmpty();
  }
}
