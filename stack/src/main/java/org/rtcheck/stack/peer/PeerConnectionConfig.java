package org.rtcheck.stack.peer;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.rtcheck.stack.dtls.DtlsCertificate;
import org.rtcheck.stack.net.IceUdpTransport;
import org.rtcheck.stack.net.NetLoop;

/**
 * How a {@link PeerConnection} gathers, signals and secures.
 *
 * @param transport where ICE binds sockets and may send (loopback only for tests)
 * @param trickle false: createOffer/createAnswer wait for gathering to complete and put every
 *     candidate in the description (non-trickle, RFC 8838 §3); true: descriptions carry what was
 *     gathered so far and the rest arrives as {@link PeerConnectionEvent.IceCandidate} events
 * @param certificate the DTLS certificate (RTCCertificate); its fingerprint goes into the SDP
 * @param gatheringTimeout how long a non-trickle description waits for gathering
 * @param dtlsTimeout the DTLS handshake deadline, counted from the start of the handshake
 * @param keyLog receives one NSS key log line per handshake, or null
 * @param netLoop the network loop the connection's sockets, DTLS records and SCTP run on, shared
 *     with other connections and closed by whoever made it; null: the connection makes its own and
 *     closes it. Connections on one loop hand datagrams to each other without waking another thread
 *     (libwebrtc likewise runs every connection of a factory on one network thread).
 */
public record PeerConnectionConfig(
    IceUdpTransport.Options transport,
    boolean trickle,
    DtlsCertificate certificate,
    Duration gatheringTimeout,
    Duration dtlsTimeout,
    Consumer<String> keyLog,
    NetLoop netLoop) {

  public PeerConnectionConfig {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(gatheringTimeout, "gatheringTimeout");
    Objects.requireNonNull(dtlsTimeout, "dtlsTimeout");
  }

  /**
   * Loopback only, non-trickle, the process-wide ECDSA P-256 certificate ({@link
   * DtlsCertificate#defaultEcdsa()}; {@link #withCertificate} for another), 10 s deadlines.
   */
  public static PeerConnectionConfig loopback() {
    return new PeerConnectionConfig(
        IceUdpTransport.Options.loopbackOnly(),
        false,
        DtlsCertificate.defaultEcdsa(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        null,
        null);
  }

  public PeerConnectionConfig withTransport(IceUdpTransport.Options options) {
    return new PeerConnectionConfig(
        options, trickle, certificate, gatheringTimeout, dtlsTimeout, keyLog, netLoop);
  }

  public PeerConnectionConfig withTrickle(boolean on) {
    return new PeerConnectionConfig(
        transport, on, certificate, gatheringTimeout, dtlsTimeout, keyLog, netLoop);
  }

  public PeerConnectionConfig withCertificate(DtlsCertificate cert) {
    return new PeerConnectionConfig(
        transport, trickle, cert, gatheringTimeout, dtlsTimeout, keyLog, netLoop);
  }

  public PeerConnectionConfig withDtlsTimeout(Duration timeout) {
    return new PeerConnectionConfig(
        transport, trickle, certificate, gatheringTimeout, timeout, keyLog, netLoop);
  }

  public PeerConnectionConfig withKeyLog(Consumer<String> sink) {
    return new PeerConnectionConfig(
        transport, trickle, certificate, gatheringTimeout, dtlsTimeout, sink, netLoop);
  }

  /** Runs the connection on {@code loop} (shared, closed by the caller), or its own when null. */
  public PeerConnectionConfig withNetLoop(NetLoop loop) {
    return new PeerConnectionConfig(
        transport, trickle, certificate, gatheringTimeout, dtlsTimeout, keyLog, loop);
  }
}
