package org.rtcheck.engine.vector;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The vector files on the classpath, below {@code rtcheck/vectors/}, in jars or folders. */
public final class VectorCorpus {

  public static final String ROOT = "rtcheck/vectors/";

  private VectorCorpus() {}

  /** Suite ids (file paths below the root without {@code .json}), sorted. */
  public static TreeSet<String> suiteIds(ClassLoader loader) throws IOException {
    TreeSet<String> ids = new TreeSet<>();
    Enumeration<URL> roots = loader.getResources(ROOT);
    while (roots.hasMoreElements()) {
      URL url = roots.nextElement();
      try {
        URI uri = url.toURI();
        if (uri.getScheme().equals("jar")) {
          FileSystem fs;
          try {
            fs = FileSystems.newFileSystem(uri, Map.of());
          } catch (FileSystemAlreadyExistsException e) {
            fs = FileSystems.getFileSystem(uri);
          }
          collect(fs.getPath(ROOT), ids);
        } else {
          collect(Path.of(uri), ids);
        }
      } catch (URISyntaxException e) {
        throw new IOException("cannot list vectors at " + url, e);
      }
    }
    return ids;
  }

  private static void collect(Path root, TreeSet<String> ids) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(p -> p.toString().endsWith(".json"))
          .forEach(
              p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                ids.add(rel.substring(0, rel.length() - ".json".length()));
              });
    }
  }

  /** The classpath resource of a suite id. */
  public static String resource(String suiteId) {
    return ROOT + suiteId + ".json";
  }
}
