package org.rtcheck.stack.sdp.jsep;

import java.util.List;
import org.rtcheck.stack.sdp.SdpAttribute;
import org.rtcheck.stack.sdp.SdpAttribute.MediaDirection;

/**
 * What one offer/answer exchange settled for one m-section.
 *
 * @param mid the mid
 * @param media the m-line media type: {@code audio}, {@code video}, {@code application}, …
 * @param protocol the answer's protocol
 * @param rejected port 0 in the answer (RFC 3264 §6); the other fields are then empty
 * @param direction the own side's direction (the answer's, reversed when we offered; RFC 3264 §6.1)
 * @param codecs the answer's formats, in its order
 * @param extensions the answer's header extensions
 * @param dtlsRole the DTLS role the own peer takes (RFC 8842 §5.1), null if rejected
 * @param remoteIceUfrag the peer's ufrag for this m-section
 * @param remoteIcePwd the peer's password
 * @param remoteCandidates the peer's candidates in the description
 * @param remoteEndOfCandidates whether the peer's description said end-of-candidates (RFC 8840 §8)
 * @param remoteFingerprints the peer's certificate fingerprints (RFC 8122 §5)
 * @param remoteSctpPort the peer's SCTP port (RFC 8841 §5.1), -1 if not a data channel
 * @param remoteMaxMessageSize the peer's limit (RFC 8841 §6.1, 65536 when absent), -1 if not a data
 *     channel
 */
public record NegotiatedSection(
    String mid,
    String media,
    String protocol,
    boolean rejected,
    MediaDirection direction,
    List<Codec> codecs,
    List<HeaderExtension> extensions,
    DtlsRole dtlsRole,
    String remoteIceUfrag,
    String remoteIcePwd,
    List<SdpAttribute.Candidate> remoteCandidates,
    boolean remoteEndOfCandidates,
    List<SdpAttribute.Fingerprint> remoteFingerprints,
    int remoteSctpPort,
    long remoteMaxMessageSize) {

  public NegotiatedSection {
    codecs = List.copyOf(codecs);
    extensions = List.copyOf(extensions);
    remoteCandidates = List.copyOf(remoteCandidates);
    remoteFingerprints = List.copyOf(remoteFingerprints);
  }
}
