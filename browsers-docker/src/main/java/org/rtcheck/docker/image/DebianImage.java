package org.rtcheck.docker.image;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.rtcheck.docker.run.DockerRun;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * An image of this module, built from its Dockerfile ({@code browsers-docker/<name>/Dockerfile}, on
 * the classpath as {@code rtcheck/docker/<name>/Dockerfile}) and tagged {@code
 * rtcheck/<name>:<first 12 hex digits of the Dockerfile's SHA-256>}: built once, then found by that
 * tag; never pulled. Every Dockerfile starts {@code FROM debian:bookworm}, which {@code
 * browsers-docker/bootstrap-base-image} makes where no registry is reachable.
 */
public final class DebianImage {

  public static final String BASE = "debian:bookworm";

  private final String name;

  private DebianImage(String name) {
    this.name = name;
  }

  /** The image of folder {@code name} ({@code coturn}, {@code chromium}, …). */
  public static DebianImage of(String name) {
    if (!name.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("image name \"" + name + "\" must be [a-z0-9-]+");
    }
    return new DebianImage(name);
  }

  private String resource() {
    return "rtcheck/docker/" + name + "/Dockerfile";
  }

  /** {@code rtcheck/<name>:<content hash>}. */
  public String tag() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource())) {
      if (in == null) {
        throw new IOException("no Dockerfile on the classpath at " + resource());
      }
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
      return "rtcheck/" + name + ":" + HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** True when the base image exists in the engine (else nothing can be built). */
  public static boolean baseImagePresent() {
    return imagePresent(BASE);
  }

  /** True when the engine has {@code image} (a tag), built or imported. */
  public static boolean imagePresent(String image) {
    try {
      DockerRun.client().inspectImageCmd(image).exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The image's tag, building it first when the engine does not have it (apt-get from the Debian
   * mirror inside the build; a minute or two for a browser).
   *
   * @throws IOException when the Dockerfile is missing or the base image is absent
   */
  public String resolve() throws IOException {
    String tag = tag();
    if (imagePresent(tag)) {
      return tag;
    }
    if (!baseImagePresent()) {
      throw new IOException(
          "no "
              + BASE
              + " image to build "
              + tag
              + " from: run browsers-docker/bootstrap-base-image");
    }
    // deleteOnExit=false: the image stays as the cache for later runs.
    return new ImageFromDockerfile(tag, false)
        .withFileFromClasspath("Dockerfile", resource())
        .get();
  }
}
