package org.rtcheck.stack.peer;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rtcheck.stack.signaling.OfferAnswerer;
import org.rtcheck.stack.signaling.SignalingException;

/**
 * The echo side of the WebRTC Echo Test contract: every offer gets a new {@link PeerConnection}
 * that sends each data channel message back on the channel it came from (text as text, binary as
 * binary) and each RTP packet back to its sender. A session that fails or closes is dropped.
 */
public final class EchoPeer implements OfferAnswerer, AutoCloseable {

  private final PeerConnectionConfig config;
  private final int maxSessions;
  private final Set<PeerConnection> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong echoedRtp = new AtomicLong();
  private final AtomicLong echoedMessages = new AtomicLong();

  public EchoPeer(PeerConnectionConfig config, int maxSessions) {
    this.config = Objects.requireNonNull(config, "config").withTrickle(false);
    this.maxSessions = maxSessions;
  }

  @Override
  public AnsweredSession answer(String offerSdp) throws SignalingException {
    if (sessions.size() >= maxSessions) {
      throw new SignalingException(
          SignalingException.Reason.REJECTED, "already " + maxSessions + " sessions open");
    }
    PeerConnection pc = PeerConnection.create(config);
    sessions.add(pc);
    pc.onEvent(
        e -> {
          if (e instanceof PeerConnectionEvent.ConnectionStateChange s
              && (s.state() == PeerConnectionState.FAILED
                  || s.state() == PeerConnectionState.CLOSED)) {
            sessions.remove(pc);
            if (s.state() == PeerConnectionState.FAILED) {
              new Thread(pc::close, "rtcheck-echo-close").start();
            }
          }
        });
    pc.onEvent(
        e -> {
          if (e instanceof PeerConnectionEvent.DataChannelAnnounced d) {
            PeerDataChannel ch = d.channel();
            ch.onMessage(
                m -> {
                  // Counted before the echo leaves: the sender may see the echo (and read the
                  // count) before this thread returns from send.
                  echoedMessages.incrementAndGet();
                  try {
                    if (m.isText()) {
                      ch.send(m.text());
                    } else {
                      ch.send(m.binary());
                    }
                  } catch (PeerConnectionException ex) {
                    echoedMessages.decrementAndGet(); // closing: nothing to echo on
                  }
                });
          }
        });
    pc.onMedia(
        (rtcp, packet) -> {
          if (!rtcp) {
            echoedRtp.incrementAndGet(); // before the echo leaves, as for messages
            try {
              pc.sendRtp(packet);
            } catch (PeerConnectionException e) {
              echoedRtp.decrementAndGet(); // not keyed yet or closing: nothing to echo on
            }
          }
        });
    String answer;
    try {
      answer = pc.answer(offerSdp);
    } catch (PeerConnectionException e) {
      sessions.remove(pc);
      pc.close();
      throw new SignalingException(SignalingException.Reason.REJECTED, e.getMessage(), e);
    }
    return new AnsweredSession() {
      @Override
      public String answerSdp() {
        return answer;
      }

      @Override
      public void close() {
        sessions.remove(pc);
        pc.close();
      }
    };
  }

  /** Sessions currently open. */
  public int sessionCount() {
    return sessions.size();
  }

  /** RTP packets sent back so far, over all sessions. */
  public long echoedRtpPackets() {
    return echoedRtp.get();
  }

  /** Data channel messages sent back so far, over all sessions. */
  public long echoedMessages() {
    return echoedMessages.get();
  }

  @Override
  public void close() {
    for (PeerConnection pc : sessions) {
      pc.close();
    }
    sessions.clear();
  }
}
