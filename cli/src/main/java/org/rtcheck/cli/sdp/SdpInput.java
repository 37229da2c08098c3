package org.rtcheck.cli.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reads an SDP file (or {@code -} for standard input) as UTF-8, refusing anything else. */
final class SdpInput {

  private static final int MAX_BYTES = 1 << 20;

  private SdpInput() {}

  static String read(CommandSpec spec, String file) {
    byte[] bytes;
    try {
      if (file.equals("-")) {
        InputStream in = System.in;
        bytes = in.readNBytes(MAX_BYTES + 1);
      } else {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
          throw new ParameterException(spec.commandLine(), file + " is a directory");
        }
        if (Files.size(path) > MAX_BYTES) {
          throw new ParameterException(spec.commandLine(), file + " is larger than 1 MiB");
        }
        bytes = Files.readAllBytes(path);
      }
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "no such file: " + file);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw new ParameterException(spec.commandLine(), "input is larger than 1 MiB");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ParameterException(
          spec.commandLine(), file + " is not UTF-8 text (SDP is UTF-8, RFC 8866 §5)");
    }
  }
}
