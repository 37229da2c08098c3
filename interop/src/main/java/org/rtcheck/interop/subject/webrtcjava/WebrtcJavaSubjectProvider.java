package org.rtcheck.interop.subject.webrtcjava;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rtcheck.engine.shim.ShimDescriptor;
import org.rtcheck.engine.shim.ShimSubject;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectProvider;
import org.rtcheck.interop.subject.shim.ShimSubjectProvider;

/**
 * Offers webrtc-java as the subject {@code webrtc-java}: a {@link ShimSubject} whose process is
 * this JVM's java running {@link WebrtcJavaShim} on the same class path, so the engine treats it
 * like any shim (timeouts, logs, cleanup by PID) and a crash of the native library stays in that
 * process. Offered on Linux x86-64 only, the one native build on the class path.
 */
public final class WebrtcJavaSubjectProvider implements SubjectProvider {

  private static final System.Logger LOG =
      System.getLogger(WebrtcJavaSubjectProvider.class.getName());

  @Override
  public List<Subject> subjects() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      LOG.log(
          Level.INFO, "webrtc-java subject unavailable: no native build for " + os + " " + arch);
      return List.of();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ShimDescriptor d =
        new ShimDescriptor(
            "webrtc-java",
            "webrtc-java (libwebrtc over JNI)",
            List.of(
                java,
                "-Xss2m",
                "-cp",
                System.getProperty("java.class.path"),
                WebrtcJavaShim.class.getName()),
            List.of(java),
            List.of(),
            "dev.onvoid.webrtc:webrtc-java (Maven Central, with the linux-x86_64 classifier)",
            Set.copyOf(WebrtcJavaShim.CAPABILITIES),
            Optional.empty(),
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                WebrtcJavaShim.class.getName(),
                "--version"),
            Path.of(System.getProperty("java.io.tmpdir")));
    Duration timeout = Duration.ofMillis(Long.getLong(ShimSubjectProvider.TIMEOUT, 25_000));
    return List.of(new ShimSubject(d, timeout));
  }
}
