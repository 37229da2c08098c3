package org.rtcheck.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses the {@code HOST:PORT} arguments of the commands: {@code 127.0.0.1:3478}, {@code
 * [::1]:3478}, {@code localhost:3478}, and {@code HOST} alone where the command has a default port.
 * Errors name the argument and what was wrong with it.
 */
public final class HostPort {
  /** No default: the port must be given. */
  public static final int REQUIRED = -1;

  private HostPort() {}

  /**
   * @param what the argument's name as the user typed it, e.g. {@code SERVER} or {@code --alt}
   * @param text the argument
   * @param defaultPort the port when {@code text} has none, or {@link #REQUIRED}
   * @throws IllegalArgumentException saying what is wrong, prefixed with {@code what}
   */
  public static InetSocketAddress parse(String what, String text, int defaultPort) {
    String expected = defaultPort == REQUIRED ? "HOST:PORT" : "HOST[:PORT]";
    String host = text;
    String portText = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw bad(what, "missing ']' in \"" + text + "\"");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw bad(what, expected + " expected, got \"" + text + "\"");
        }
        portText = rest.substring(1);
      }
    } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      int colon = text.indexOf(':');
      host = text.substring(0, colon);
      portText = text.substring(colon + 1);
    }
    if (host.isEmpty() || (portText == null && defaultPort == REQUIRED)) {
      throw bad(what, expected + " expected, got \"" + text + "\"");
    }
    int port = defaultPort;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw bad(what, "port \"" + portText + "\" is not a number");
      }
      if (port < 1 || port > 65535) {
        throw bad(what, "port " + port + " is not in 1..65535");
      }
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw bad(what, "cannot resolve host \"" + host + "\"");
    }
  }

  private static IllegalArgumentException bad(String what, String message) {
    return new IllegalArgumentException(what + ": " + message);
  }
}
