package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.rtcheck.engine.subject.SubjectException;

/**
 * {@code udp.open}, {@code udp.send}, {@code udp.receive}: a plain UDP socket as the far peer of a
 * TURN allocation. Each socket has a reader thread that queues what arrives; all close with the
 * subject.
 */
final class UdpPeerCapability implements AutoCloseable {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private record Peer(DatagramSocket socket, LinkedBlockingQueue<ObjectNode> received) {}

  private final Map<String, Peer> peers = new LinkedHashMap<>();
  private int nextId = 1;

  /** Args: {@code host} (default 127.0.0.1). Answers {@code id}, {@code host}, {@code port}. */
  synchronized ObjectNode open(JsonNode args) throws SubjectException {
    DatagramSocket socket;
    try {
      socket = new DatagramSocket(new InetSocketAddress(TurnCapability.host(args.path("host")), 0));
    } catch (SocketException e) {
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "udp.open: " + e.getMessage());
    }
    String id = "udp-" + nextId++;
    Peer peer = new Peer(socket, new LinkedBlockingQueue<>());
    Thread reader = new Thread(() -> read(peer), "rtcheck-" + id);
    reader.setDaemon(true);
    reader.start();
    peers.put(id, peer);
    InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
    return JSON.objectNode()
        .put("id", id)
        .put("host", local.getAddress().getHostAddress())
        .put("port", local.getPort());
  }

  private static void read(Peer peer) {
    byte[] buf = new byte[65536];
    while (!peer.socket().isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        peer.socket().receive(p);
      } catch (IOException e) {
        return; // closed
      }
      ObjectNode d = JSON.objectNode();
      d.put("host", p.getAddress().getHostAddress());
      d.put("port", p.getPort());
      d.put("data", HEX.formatHex(Arrays.copyOfRange(p.getData(), 0, p.getLength())));
      peer.received().add(d);
    }
  }

  /** Args: {@code id}, {@code host}, {@code port}, {@code data} (hex). */
  ObjectNode send(JsonNode args) throws SubjectException {
    Peer peer = peer(args);
    byte[] data = TurnCapability.hex(args, "data");
    InetSocketAddress to = TurnCapability.address(args, "host", "port");
    try {
      peer.socket().send(new DatagramPacket(data, data.length, to));
    } catch (IOException e) {
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "udp.send: " + e.getMessage());
    }
    return JSON.objectNode().put("sent", data.length);
  }

  /** Args: {@code id}, {@code timeoutMs} (2000), {@code max} (1); answers {@code received}. */
  ObjectNode receive(JsonNode args) throws SubjectException, InterruptedException {
    return TurnCapability.collect(peer(args).received(), args);
  }

  private synchronized Peer peer(JsonNode args) throws SubjectException {
    String id = args.path("id").asText("");
    Peer p = peers.get(id);
    if (p == null) {
      throw new SubjectException("invalid-state", "no UDP peer \"" + id + "\" (udp.open first)");
    }
    return p;
  }

  @Override
  public synchronized void close() {
    peers.values().forEach(p -> p.socket().close());
    peers.clear();
  }
}
