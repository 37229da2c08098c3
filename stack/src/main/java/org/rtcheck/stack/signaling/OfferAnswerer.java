package org.rtcheck.stack.signaling;

/** What sits behind a signaling endpoint: it answers one remote offer with a new session. */
@FunctionalInterface
public interface OfferAnswerer {

  /**
   * Applies {@code offerSdp} to a new peer and answers it (non-trickle: the answer carries every
   * candidate).
   *
   * @throws SignalingException {@code REJECTED} when the offer cannot be applied, naming why
   */
  AnsweredSession answer(String offerSdp) throws SignalingException;

  /** One answered offer: the answer and the peer behind it. */
  interface AnsweredSession extends AutoCloseable {
    String answerSdp();

    /** Ends the session (WHIP DELETE, server shutdown); idempotent. */
    @Override
    void close();
  }
}
