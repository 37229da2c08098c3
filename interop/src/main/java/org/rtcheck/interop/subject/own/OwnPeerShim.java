package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.subject.JsonLinesShim;
import org.rtcheck.interop.subject.PeerSessionOps;

/**
 * The own stack as an out-of-process peer: the peer-connection ops of interop/shims/README.md
 * ({@code pc.*}, {@code dc.*}, plus {@code describe} and {@code close}) as JSON lines on standard
 * input and output, so the harness can run it where a Node shim runs, e.g. inside an emulated LAN
 * host's namespace ({@code ip netns exec NS java … OwnPeerShim}). Unlike the in-process subject it
 * gathers on the namespace's own addresses and takes STUN and TURN (UDP) {@code iceServers}.
 * Requests are handled one at a time; the process exits when standard input ends.
 */
public final class OwnPeerShim {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> OPS =
      Stream.of(List.of("describe"), PeerSessionOps.DATA_CHANNEL, List.of("close"))
          .flatMap(List::stream)
          .toList();

  private OwnPeerShim() {}

  public static void main(String[] args) throws Exception {
    try (PeerCapability peer = new PeerCapability(true)) {
      JsonLinesShim.serve("OwnPeerShim", (op, a) -> handle(peer, op, a));
    }
    System.exit(0);
  }

  private static JsonNode handle(PeerCapability peer, String op, JsonNode args)
      throws SubjectException {
    return switch (op) {
      case "describe" -> {
        ObjectNode d = JSON.createObjectNode().put("name", "own").put("version", version());
        OPS.forEach(d.putArray("capabilities")::add);
        yield d;
      }
      case "pc.create" -> peer.create(args);
      case "dc.create" -> peer.dcCreate(args);
      case "pc.offer" -> peer.offer(args);
      case "pc.answer" -> peer.answer(args);
      case "pc.accept-answer" -> peer.acceptAnswer(args);
      case "pc.candidates" -> peer.candidates(args);
      case "pc.add-candidate" -> peer.addCandidate(args);
      case "pc.wait" -> peer.await(args);
      case "dc.wait-open" -> peer.waitOpen(args);
      case "dc.send" -> peer.send(args);
      case "dc.receive-check" -> peer.receiveCheck(args);
      case "pc.stats" -> peer.stats(args);
      case "pc.close" -> peer.close(args);
      case "close" -> JSON.createObjectNode();
      default -> throw SubjectException.unimplemented(op);
    };
  }

  private static String version() {
    String v = OwnPeerShim.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
