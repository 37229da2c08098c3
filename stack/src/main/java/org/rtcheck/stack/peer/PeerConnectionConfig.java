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
 * @param maxDtlsDatagram the largest DTLS datagram SCTP's path MTU discovery (RFC 8899 §6.2) may
 *     probe with, and so send; 0 (the default) or anything at or below the 1200-byte base turns it
 *     off, since a probe is not harmless to every peer: werift 0.25 dies on the PAD chunk (it
 *     throws on any chunk type it does not know, against RFC 9260 §3.2). {@link
 *     #PEER_SAFE_DTLS_DATAGRAM} suits libwebrtc, Chromium, Firefox and libdatachannel; {@link
 *     #OWN_DTLS_DATAGRAM} an own-stack peer
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
    int maxDtlsDatagram,
    NetLoop netLoop) {

  /**
   * libwebrtc (and so Chromium) reads DTLS into 2048-byte buffers and fails the whole DTLS
   * connection on a longer datagram instead of dropping it (seen in the data channel matrix), so a
   * probe above it is not the harmless loss RFC 8899 §4.1 expects.
   */
  public static final int PEER_SAFE_DTLS_DATAGRAM = 2048;

  /** A whole DTLS record of 2^14 bytes of plaintext (RFC 6347 §4.1) with AES-GCM's 37 bytes. */
  public static final int OWN_DTLS_DATAGRAM = (1 << 14) + 37;

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
        0,
        null);
  }

  public PeerConnectionConfig withTransport(IceUdpTransport.Options options) {
    return new PeerConnectionConfig(
        options,
        trickle,
        certificate,
        gatheringTimeout,
        dtlsTimeout,
        keyLog,
        maxDtlsDatagram,
        netLoop);
  }

  public PeerConnectionConfig withTrickle(boolean on) {
    return new PeerConnectionConfig(
        transport,
        on,
        certificate,
        gatheringTimeout,
        dtlsTimeout,
        keyLog,
        maxDtlsDatagram,
        netLoop);
  }

  public PeerConnectionConfig withCertificate(DtlsCertificate cert) {
    return new PeerConnectionConfig(
        transport, trickle, cert, gatheringTimeout, dtlsTimeout, keyLog, maxDtlsDatagram, netLoop);
  }

  public PeerConnectionConfig withDtlsTimeout(Duration timeout) {
    return new PeerConnectionConfig(
        transport,
        trickle,
        certificate,
        gatheringTimeout,
        timeout,
        keyLog,
        maxDtlsDatagram,
        netLoop);
  }

  public PeerConnectionConfig withKeyLog(Consumer<String> sink) {
    return new PeerConnectionConfig(
        transport,
        trickle,
        certificate,
        gatheringTimeout,
        dtlsTimeout,
        sink,
        maxDtlsDatagram,
        netLoop);
  }

  /**
   * See {@code maxDtlsDatagram}: SCTP packets up to this DTLS datagram size, if the path takes
   * them.
   */
  public PeerConnectionConfig withMaxDtlsDatagram(int bytes) {
    return new PeerConnectionConfig(
        transport, trickle, certificate, gatheringTimeout, dtlsTimeout, keyLog, bytes, netLoop);
  }

  /** Runs the connection on {@code loop} (shared, closed by the caller), or its own when null. */
  public PeerConnectionConfig withNetLoop(NetLoop loop) {
    return new PeerConnectionConfig(
        transport,
        trickle,
        certificate,
        gatheringTimeout,
        dtlsTimeout,
        keyLog,
        maxDtlsDatagram,
        loop);
  }
}
