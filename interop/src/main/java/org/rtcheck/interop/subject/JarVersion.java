package org.rtcheck.interop.subject;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of a third-party library as its jar records it, for results and reports. */
public final class JarVersion {

  private JarVersion() {}

  /**
   * The {@code version} of the jar's Maven {@code pom.properties}, else its manifest's
   * Implementation-Version, else {@code fallback}.
   *
   * @param anchor a class of the library
   * @param groupId the library's Maven group
   * @param artifactId the library's Maven artifact
   */
  public static String of(Class<?> anchor, String groupId, String artifactId, String fallback) {
    String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version");
        if (version != null && !version.isBlank()) {
          return version.trim();
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // fall through to the manifest
    }
    Package p = anchor.getPackage();
    if (p != null && p.getImplementationVersion() != null) {
      return p.getImplementationVersion();
    }
    return fallback;
  }
}
