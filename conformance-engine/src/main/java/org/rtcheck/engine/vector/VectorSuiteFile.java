package org.rtcheck.engine.vector;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A parsed vector file: the suite header and the vectors that are well formed. Vectors with
 * problems are left out and reported as {@link VectorFileProblem}s.
 *
 * @param location where the file was read from, for messages
 * @param classpathResource the resource name when it came from the classpath
 * @param file the file path when it came from the file system
 */
public record VectorSuiteFile(
    String id,
    String title,
    String protocol,
    String rfc,
    Optional<String> link,
    List<Vector> vectors,
    List<VectorFileProblem> problems,
    URI location,
    Optional<String> classpathResource,
    Optional<java.nio.file.Path> file) {}
