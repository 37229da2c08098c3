package org.rtcheck.engine.shim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code shim*.json} descriptor: how to start an out-of-process subject and what it needs (see
 * interop/shims/README.md).
 *
 * @param directory the folder the command runs in
 * @param versionFile a JSON file whose {@code version} field is the implementation's version
 * @param versionCommand a command whose first output line holds the version
 * @param gridBrowser the Selenium Grid {@code browserName} whose sessions the shim's browser runs
 *     in under {@code rtcheck.env=grid} ({@code "grid": {"browserName": "chrome"}}): the run then
 *     starts one instance of the shim per free Grid slot of that browser
 */
public record ShimDescriptor(
    String id,
    String name,
    List<String> command,
    List<String> requiredCommands,
    List<String> requiredFiles,
    String install,
    Set<String> capabilities,
    Optional<String> versionFile,
    List<String> versionCommand,
    Path directory,
    Optional<String> gridBrowser) {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /** A shim that takes no browser from a Selenium Grid. */
  public ShimDescriptor(
      String id,
      String name,
      List<String> command,
      List<String> requiredCommands,
      List<String> requiredFiles,
      String install,
      Set<String> capabilities,
      Optional<String> versionFile,
      List<String> versionCommand,
      Path directory) {
    this(
        id,
        name,
        command,
        requiredCommands,
        requiredFiles,
        install,
        capabilities,
        versionFile,
        versionCommand,
        directory,
        Optional.empty());
  }

  /**
   * Reads a descriptor.
   *
   * @throws IllegalArgumentException naming the file and what is wrong in it
   */
  public static ShimDescriptor read(Path file) {
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    String id = node.path("id").asText("");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(file + ": \"id\" must match " + ID.pattern());
    }
    List<String> command = strings(node.path("command"));
    if (command.isEmpty()) {
      throw new IllegalArgumentException(file + ": \"command\" must be a non-empty array");
    }
    Set<String> capabilities = new LinkedHashSet<>(strings(node.path("capabilities")));
    if (capabilities.isEmpty()) {
      throw new IllegalArgumentException(file + ": \"capabilities\" must list the shim's ops");
    }
    JsonNode version = node.path("version");
    JsonNode grid = node.path("grid");
    if (!grid.isMissingNode() && !grid.path("browserName").isTextual()) {
      throw new IllegalArgumentException(
          file + ": \"grid\" must be an object with a \"browserName\" string");
    }
    return new ShimDescriptor(
        id,
        node.path("name").asText(id),
        command,
        strings(node.path("requires").path("commands")),
        strings(node.path("requires").path("files")),
        node.path("install").asText("see the shim's README"),
        capabilities,
        Optional.ofNullable(version.get("file")).map(JsonNode::asText),
        strings(version.path("command")),
        file.getParent(),
        Optional.ofNullable(grid.get("browserName")).map(JsonNode::asText));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** What is missing on this machine, or empty when the shim can run. */
  public Optional<String> missing() {
    for (String c : requiredCommands) {
      if (!onPath(c)) {
        return Optional.of("command " + c + " not found; install: " + install);
      }
    }
    for (String f : requiredFiles) {
      if (!Files.exists(directory.resolve(f))) {
        return Optional.of(directory.resolve(f) + " not found; install: " + install);
      }
    }
    return Optional.empty();
  }

  static boolean onPath(String command) {
    if (command.contains("/")) {
      return Files.isExecutable(Path.of(command));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
