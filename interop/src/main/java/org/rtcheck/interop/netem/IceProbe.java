package org.rtcheck.interop.netem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.CandidatePair;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConfig;
import org.rtcheck.stack.ice.IceCredentials;
import org.rtcheck.stack.ice.IceEvent;
import org.rtcheck.stack.ice.IceRole;
import org.rtcheck.stack.net.IceUdpTransport;
import org.rtcheck.stack.net.TurnConnection;
import org.rtcheck.stack.net.TurnRelay;
import org.rtcheck.stack.net.TurnTlsTrust;
import org.rtcheck.stack.turn.TurnConfig;
import org.rtcheck.stack.turn.TurnTransport;

/**
 * The program {@link IceNatMatrix} starts inside a LAN host's namespace: the own ICE agent ({@link
 * IceUdpTransport}) gathering host and server-reflexive candidates against the STUN server in the
 * internet namespace, with signaling as JSON lines: it prints its credentials, candidates and
 * end-of-candidates on standard output and reads the peer's from standard input. Then it prints one
 * result line, {@code {"result":"connected","local":…,"remote":…,"ms":…}} or {@code
 * {"result":"failed",…}}, and keeps answering checks until standard input closes.
 *
 * <p>With TURN arguments it also allocates on the same server address ({@link TurnRelay}; over UDP,
 * TCP or TLS, the latter two reaching it from behind UDP-blocking firewalls) and offers the relayed
 * candidate alongside host and server-reflexive ones (RFC 8445 §5.1.1.2).
 *
 * <p>Arguments: {@code controlling|controlled STUN_IP STUN_PORT TIMEOUT_S [TURN_USER TURN_PASS
 * UDP|TCP|TLS TURN_PORT [CERT_PEM]]}; for TLS, CERT_PEM is the one certificate to trust.
 */
public final class IceProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GATHER_TIMEOUT = Duration.ofSeconds(5);

  private IceProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4 && args.length != 8 && args.length != 9) {
      System.err.println(
          "usage: IceProbe controlling|controlled STUN_IP STUN_PORT TIMEOUT_S"
              + " [TURN_USER TURN_PASS UDP|TCP|TLS TURN_PORT [CERT_PEM]]");
      System.exit(2);
    }
    IceRole role = args[0].equals("controlling") ? IceRole.CONTROLLING : IceRole.CONTROLLED;
    InetSocketAddress stun =
        new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
    Duration timeout = Duration.ofSeconds(Integer.parseInt(args[3]));
    TurnRelay relay = null;
    if (args.length >= 8) {
      TurnConfig turn =
          TurnConfig.of(args[4], args[5]).withTransport(TurnTransport.valueOf(args[6]));
      InetSocketAddress server =
          new InetSocketAddress(stun.getAddress(), Integer.parseInt(args[7]));
      TurnTlsTrust trust = args.length == 9 ? TurnTlsTrust.certificates(Path.of(args[8])) : null;
      relay = new TurnRelay(TurnConnection.open(server, turn, trust, GATHER_TIMEOUT));
      relay.allocate(GATHER_TIMEOUT);
    }
    IceUdpTransport.Options options =
        new IceUdpTransport.Options(lanAddresses(), stun, a -> true, relay);
    try (IceUdpTransport ice =
        IceUdpTransport.create(new IceAgent(IceConfig.defaults(), role), options)) {
      ice.onEvent(
          e -> {
            if (e instanceof IceEvent.LocalCandidate c) {
              print(JSON.createObjectNode().put("candidate", c.candidate().toSdp()));
            } else if (e instanceof IceEvent.LocalEndOfCandidates) {
              print(JSON.createObjectNode().put("end", true));
            }
          });
      IceCredentials local = ice.localCredentials();
      print(JSON.createObjectNode().put("ufrag", local.ufrag()).put("pwd", local.pwd()));
      Thread signaling = new Thread(() -> readPeer(ice), "ice-probe-signaling");
      signaling.setDaemon(true);
      signaling.start();
      if (relay != null) {
        // Before gathering: the agent takes no local candidate after its end-of-candidates.
        relay.attach(ice, false);
      }
      ice.gather(GATHER_TIMEOUT);
      long start = System.nanoTime();
      try {
        CandidatePair pair = ice.connected().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ObjectNode r = JSON.createObjectNode().put("result", "connected");
        r.put("local", pair.local().toSdp());
        r.put("localType", pair.local().type().name());
        r.put("remote", pair.remote().toSdp());
        r.put("remoteType", pair.remote().type().name());
        r.put("ms", (System.nanoTime() - start) / 1_000_000);
        print(r);
      } catch (TimeoutException e) {
        print(
            JSON.createObjectNode()
                .put("result", "failed")
                .put("state", ice.state().name())
                .put("ms", (System.nanoTime() - start) / 1_000_000));
      }
      // Keep answering the peer's checks until the orchestrator closes standard input.
      signaling.join(timeout.toMillis());
    } finally {
      if (relay != null) {
        relay.close();
      }
    }
    System.exit(0);
  }

  private static void readPeer(IceUdpTransport ice) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      String ufrag = null;
      while ((line = in.readLine()) != null) {
        JsonNode j = JSON.readTree(line);
        if (j.has("ufrag")) {
          ufrag = j.get("ufrag").asText();
          ice.setRemoteCredentials(new IceCredentials(ufrag, j.get("pwd").asText()));
        } else if (j.has("candidate")) {
          ice.addRemoteCandidate(Candidate.parse(j.get("candidate").asText()));
        } else if (j.has("end")) {
          ice.endOfRemoteCandidates();
        }
      }
    } catch (Exception e) {
      System.err.println("IceProbe: signaling: " + e);
    }
  }

  /** The namespace's IPv4 addresses other than loopback (a LAN host has one, on eth0). */
  private static List<InetAddress> lanAddresses() throws Exception {
    List<InetAddress> all = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp() && !nif.isLoopback()) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            all.add(a);
          }
        }
      }
    }
    return all;
  }

  private static synchronized void print(ObjectNode line) {
    System.out.println(line.toString());
    System.out.flush();
  }
}
