package org.rtcheck.interop.subject.own;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectException;
import org.rtcheck.interop.subject.PeerSessionOps;
import org.rtcheck.stack.stun.StunMessage;

/** rtcheck's own stack as a subject. */
public final class OwnStackSubject implements Subject {

  public static final String ID = "own";

  private final JsepCapability jsep = new JsepCapability();
  private final DtlsCapability dtls = new DtlsCapability();
  private final RelayCapability relay = new RelayCapability();
  private final TurnCapability turn = new TurnCapability();
  private final UdpPeerCapability udp = new UdpPeerCapability();
  private final SctpCapability sctp = new SctpCapability();
  private final PeerCapability peer = new PeerCapability();
  private final RtcpCapability rtcp = new RtcpCapability();

  private static final HexFormat HEX = HexFormat.of();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "rtcheck-stack";
  }

  /**
   * The TURN servers' log lines when the test used {@code turn.server} (the stack logs nothing).
   */
  @Override
  public String recentLog() {
    return turn.recentLog();
  }

  @Override
  public String version() {
    String v = StunMessage.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public Set<String> capabilities() {
    return CAPABILITIES;
  }

  private static final Set<String> CAPABILITIES =
      Stream.concat(
              Stream.of(
                  "stun.decode",
                  "stun.encode",
                  "stun.nat-type",
                  "sdp.parse",
                  "sdp.roundtrip",
                  "sdp.format",
                  "sdp.check",
                  "jsep.offer",
                  "jsep.answer",
                  "jsep.accept-answer",
                  "jsep.harvest",
                  "srtp.protect",
                  "srtp.unprotect",
                  "srtp.derive",
                  "dtls.listen",
                  "dtls.connect",
                  "dtls.result",
                  "relay.start",
                  "relay.stats",
                  "ice.candidate-priority",
                  "ice.pair-priority",
                  "ice.foundation",
                  "ice.role-conflict",
                  "ice.answer-check",
                  "turn.server",
                  "turn.allocate",
                  "turn.permission",
                  "turn.channel-bind",
                  "turn.send",
                  "turn.receive",
                  "turn.refresh",
                  "turn.delete",
                  "udp.open",
                  "udp.send",
                  "udp.receive",
                  "ice.tcp-pairing",
                  "sctp.decode",
                  "sctp.encode",
                  "sctp.crc32c",
                  "sctp.listen",
                  "sctp.receive",
                  "sctp.advance",
                  "dcep.decode",
                  "dcep.encode",
                  "rtcp.decode",
                  "rtcp.encode",
                  "rtcp.reception",
                  "rtcp.receive-rtp",
                  "rtcp.receive-sr",
                  "rtcp.report",
                  "pc.add-media",
                  "media.check",
                  "media.rtcp-check",
                  "pc.restart-ice"),
              PeerSessionOps.DATA_CHANNEL.stream())
          .collect(Collectors.toUnmodifiableSet());

  @Override
  public JsonNode invoke(String capability, JsonNode args) throws SubjectException {
    try {
      long afterMs = args.path("afterMs").asLong(0);
      if (afterMs > 0 && (capability.startsWith("turn.") || capability.startsWith("udp."))) {
        // Lets a nonce go stale or a server finish what it does late; see TurnCapability.
        Thread.sleep(afterMs);
      }
      return switch (capability) {
        case "stun.decode" -> StunCapability.decode(args);
        case "stun.encode" -> StunCapability.encode(args);
        case "stun.nat-type" -> NatCapability.natType(args);
        case "sdp.parse" -> SdpCapability.parse(args);
        case "sdp.roundtrip" -> SdpCapability.roundTrip(args);
        case "sdp.format" -> SdpCapability.format(args);
        case "sdp.check" -> SdpCapability.check(args);
        case "jsep.offer" -> jsep.offer(args);
        case "jsep.answer" -> jsep.answer(args);
        case "jsep.accept-answer" -> jsep.acceptAnswer(args);
        case "jsep.harvest" -> jsep.harvest(args);
        case "srtp.protect" -> SrtpCapability.protect(args, true);
        case "srtp.unprotect" -> SrtpCapability.protect(args, false);
        case "srtp.derive" -> SrtpCapability.derive(args);
        case "dtls.listen" -> dtls.listen(args);
        case "dtls.connect" -> dtls.connect(args);
        case "dtls.result" -> dtls.result(args);
        case "relay.start" -> relay.start(args);
        case "relay.stats" -> relay.stats(args);
        case "ice.candidate-priority" -> IceCapability.candidatePriority(args);
        case "ice.pair-priority" -> IceCapability.pairPriority(args);
        case "ice.foundation" -> IceCapability.foundation(args);
        case "ice.role-conflict" -> IceCapability.roleConflict(args);
        case "ice.answer-check" -> IceCapability.answerCheck(args);
        case "turn.server" -> turn.server(args);
        case "turn.allocate" -> turn.allocate(args);
        case "turn.permission" -> turn.permission(args);
        case "turn.channel-bind" -> turn.channelBind(args);
        case "turn.send" -> turn.send(args);
        case "turn.receive" -> turn.receive(args);
        case "turn.refresh" -> turn.refresh(args);
        case "turn.delete" -> turn.delete(args);
        case "udp.open" -> udp.open(args);
        case "udp.send" -> udp.send(args);
        case "udp.receive" -> udp.receive(args);
        case "ice.tcp-pairing" -> IceCapability.tcpPairing(args);
        case "sctp.decode" -> SctpCapability.decode(args);
        case "sctp.encode" -> SctpCapability.encode(args);
        case "sctp.crc32c" -> SctpCapability.crc32c(args);
        case "sctp.listen" -> sctp.listen(args);
        case "sctp.receive" -> sctp.receive(args);
        case "sctp.advance" -> sctp.advance(args);
        case "dcep.decode" -> DcepCapability.decode(args);
        case "dcep.encode" -> DcepCapability.encode(args);
        case "rtcp.decode" -> RtcpCapability.decode(args);
        case "rtcp.encode" -> RtcpCapability.encode(args);
        case "rtcp.reception" -> rtcp.reception(args);
        case "rtcp.receive-rtp" -> rtcp.receiveRtp(args);
        case "rtcp.receive-sr" -> rtcp.receiveSr(args);
        case "rtcp.report" -> rtcp.report(args);
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
        case "pc.add-media" -> peer.addMedia(args);
        case "media.check" -> peer.mediaCheck(args);
        case "media.rtcp-check" -> peer.rtcpCheck(args);
        case "pc.restart-ice" -> peer.restartIce(args);
        case "pc.close" -> peer.close(args);
        default -> throw SubjectException.unimplemented(capability);
      };
    } catch (IllegalArgumentException e) {
      throw SubjectException.invalidArgs(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubjectException(SubjectException.SUBJECT_FAILURE, "interrupted");
    }
  }

  @Override
  public void close() {
    peer.close();
    dtls.close();
    relay.close();
    turn.close();
    udp.close();
  }
}
