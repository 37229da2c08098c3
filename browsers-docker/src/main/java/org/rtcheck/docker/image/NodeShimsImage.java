package org.rtcheck.docker.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.rtcheck.docker.run.DockerRun;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;

/**
 * The node shims' image ({@code browsers-docker/node-shims}): its context is the checkout's {@code
 * interop/shims} (the lock, the shim, the peer-connection module) plus {@code host-ca.pem}, the
 * host's CA bundle when it has one, so that {@code npm ci} inside the build verifies the registry's
 * TLS chain where a TLS-intercepting proxy's CA is trusted only by the host. Tagged {@code
 * rtcheck/node-shims:<12 hex of SHA-256 over the Dockerfile and the copied files>}; built once.
 */
public final class NodeShimsImage {

  /** Debian's bundle: every CA the host trusts, the proxy's among them when it has one. */
  public static final Path HOST_CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

  private static final String DOCKERFILE = "rtcheck/docker/node-shims/Dockerfile";
  private static final List<String> FILES =
      List.of(
          "node/package.json", "node/package-lock.json", "node/shim.js", "common/pc-session.js");

  private final Path shims;
  private final Optional<Path> caBundle;

  /**
   * @param shims the checkout's {@code interop/shims} folder
   * @param caBundle the CA bundle to trust in the build, if any
   */
  public NodeShimsImage(Path shims, Optional<Path> caBundle) {
    this.shims = shims;
    this.caBundle = caBundle;
  }

  /** With the host's bundle when it exists. */
  public static NodeShimsImage forHost(Path shims) {
    return new NodeShimsImage(
        shims, Files.isReadable(HOST_CA_BUNDLE) ? Optional.of(HOST_CA_BUNDLE) : Optional.empty());
  }

  /** {@code rtcheck/node-shims:<content hash>} (the CA bundle counts too). */
  public String tag() throws IOException {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(dockerfile());
      for (String f : FILES) {
        d.update(Files.readAllBytes(file(f)));
      }
      d.update(caBytes());
      return "rtcheck/node-shims:" + HexFormat.of().formatHex(d.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /**
   * The tag, building first when the engine lacks it ({@code npm ci} from the registry: minutes).
   *
   * @throws IOException when a context file is missing or the base image is absent
   */
  public String resolve() throws IOException {
    String tag = tag();
    try {
      DockerRun.client().inspectImageCmd(tag).exec();
      return tag;
    } catch (RuntimeException absent) {
      // built below
    }
    if (!DebianImage.baseImagePresent()) {
      throw new IOException(
          "no " + DebianImage.BASE + " image to build " + tag + " from: run bootstrap-base-image");
    }
    ImageFromDockerfile image =
        new ImageFromDockerfile(tag, false)
            .withFileFromTransferable("Dockerfile", Transferable.of(dockerfile()))
            .withFileFromTransferable("host-ca.pem", Transferable.of(caBytes()));
    for (String f : FILES) {
      image.withFileFromPath(f, file(f));
    }
    return image.get();
  }

  private Path file(String relative) throws IOException {
    Path p = shims.resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IOException("node-shims build context: no " + p);
    }
    return p;
  }

  private byte[] caBytes() throws IOException {
    return caBundle.isPresent() ? Files.readAllBytes(caBundle.get()) : new byte[0];
  }

  private static byte[] dockerfile() throws IOException {
    try (InputStream in = NodeShimsImage.class.getClassLoader().getResourceAsStream(DOCKERFILE)) {
      if (in == null) {
        throw new IOException("no Dockerfile on the classpath at " + DOCKERFILE);
      }
      return in.readAllBytes();
    }
  }
}
