package org.rtcheck.interop.subject.webrtcjava;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One peer connection of the shim and what the ops need to know about it: its channels, the local
 * candidates as they were gathered (for trickle), and how many remote ones were added. The observer
 * callbacks come on libwebrtc's signaling thread.
 */
final class WebrtcJavaSession implements PeerConnectionObserver {

  /** A gathered candidate as an application would signal it (RTCIceCandidateInit). */
  record LocalCandidate(String candidate, String sdpMid, int sdpMLineIndex) {}

  final String id;
  final boolean trickle;
  final long createdAt = System.nanoTime();
  final Map<String, ChannelRecord> channels = new ConcurrentHashMap<>();
  final List<LocalCandidate> localCandidates = new CopyOnWriteArrayList<>();
  volatile RTCPeerConnection pc;
  volatile boolean endOfCandidates;
  volatile boolean remoteSet;
  volatile boolean iceRestart;
  volatile String lastUfrag;
  int drained;
  int remoteCandidates;

  WebrtcJavaSession(String id, boolean trickle) {
    this.id = id;
    this.trickle = trickle;
  }

  @Override
  public void onIceCandidate(RTCIceCandidate c) {
    String text = c.sdp.startsWith("a=") ? c.sdp.substring(2) : c.sdp;
    localCandidates.add(new LocalCandidate(text, c.sdpMid, c.sdpMLineIndex));
  }

  @Override
  public void onIceGatheringChange(RTCIceGatheringState state) {
    if (state == RTCIceGatheringState.COMPLETE) {
      endOfCandidates = true;
    } else if (state == RTCIceGatheringState.GATHERING) {
      endOfCandidates = false;
    }
  }

  @Override
  public void onDataChannel(RTCDataChannel channel) {
    ChannelRecord r = new ChannelRecord(channel);
    channels.put(r.label, r);
  }

  long sinceCreatedMs() {
    return (System.nanoTime() - createdAt) / 1_000_000;
  }

  /** W3C state names, as the other shims report them ("connected", "checking", …). */
  static String w3c(Enum<?> state) {
    return state == null ? null : state.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Where it is stuck, for a timeout's message (the same steps the other shims name). */
  String stuckIn(String label) {
    RTCPeerConnection p = pc;
    String ice = w3c(p.getIceConnectionState());
    String conn = w3c(p.getConnectionState());
    String facts =
        String.format(
            "(signaling %s, gathering %s, ice %s, connection %s, %d local / %d remote candidates"
                + " added)",
            w3c(p.getSignalingState()),
            w3c(p.getIceGatheringState()),
            ice,
            conn,
            localCandidates.size(),
            remoteCandidates);
    if (!remoteSet) {
      return "signaling: no remote description " + facts;
    }
    if ("failed".equals(ice)) {
      return "checking: ICE failed " + facts;
    }
    if ("new".equals(ice) || "checking".equals(ice)) {
      return "checking (ICE) " + facts;
    }
    if (!"connected".equals(conn)) {
      return "DTLS " + facts;
    }
    ChannelRecord c = label == null ? null : channels.get(label);
    if (label != null && (c == null || !"open".equals(w3c(c.channel.getState())))) {
      return "SCTP: channel "
          + label
          + " "
          + (c == null ? "not announced" : w3c(c.channel.getState()))
          + " "
          + facts;
    }
    return "data transfer " + facts;
  }
}
