package org.rtcheck.engine.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UDP ports a cell's peers announced: every ICE candidate (RFC 8839 §5.1) found in the text of
 * its step answers, in SDPs and in trickled candidates alike, with their {@code rport} (the base of
 * a server-reflexive or relayed candidate). A capture filtered to these ports shows the cell's own
 * ICE, DTLS, SCTP and media and little else.
 */
public final class CandidatePorts {

  // candidate:<foundation> <component> UDP <priority> <address> <port> typ <type> [raddr <a> rport
  // <p>]
  private static final Pattern CANDIDATE =
      Pattern.compile(
          "candidate:\\S+ \\d+ (?i:udp) \\d+ \\S+ (\\d{1,5}) typ \\S+(?: raddr \\S+ rport (\\d{1,5}))?");

  private CandidatePorts() {}

  /** The UDP ports of the candidates anywhere in {@code answers}; empty when there are none. */
  public static Set<Integer> in(JsonNode answers) {
    Set<Integer> ports = new TreeSet<>();
    collect(answers, ports);
    ports.remove(0); // "port 9"-style placeholders are TCP; 0 never carries traffic
    return ports;
  }

  private static void collect(JsonNode node, Set<Integer> ports) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      Matcher m = CANDIDATE.matcher(node.asText());
      while (m.find()) {
        add(m.group(1), ports);
        add(m.group(2), ports);
      }
      return;
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      collect(it.next(), ports);
    }
  }

  private static void add(String port, Set<Integer> ports) {
    if (port != null) {
      int p = Integer.parseInt(port);
      if (p <= 65535) {
        ports.add(p);
      }
    }
  }
}
