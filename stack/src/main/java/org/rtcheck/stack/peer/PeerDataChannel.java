package org.rtcheck.stack.peer;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rtcheck.stack.datachannel.DataChannel;
import org.rtcheck.stack.datachannel.DataChannelInit;

/**
 * A data channel of a {@link PeerConnection}, modelled on the W3C RTCDataChannel. Sends are checked
 * on the caller's thread, so errors (message too large, channel closed) come back as exceptions,
 * then queued for the connection's network loop without waiting for it; callbacks run on that loop
 * and must not block.
 */
public final class PeerDataChannel {

  /** A received message: text, or binary (RFC 8831 §6.6 PPIDs). */
  public record Message(String text, byte[] binary) {
    public boolean isText() {
      return text != null;
    }

    /** The bytes: UTF-8 of a text message, or the binary payload. */
    public byte[] bytes() {
      return text != null ? text.getBytes(StandardCharsets.UTF_8) : binary.clone();
    }
  }

  private final SctpDriver driver;
  private final String label;
  private final DataChannelInit init;
  private final CompletableFuture<PeerDataChannel> opened = new CompletableFuture<>();
  private final CompletableFuture<PeerDataChannel> closed = new CompletableFuture<>();
  volatile DataChannel channel; // set on the loop once the stream exists
  volatile long bufferedAmount; // what SCTP holds, set on the loop
  final AtomicLong queued = new AtomicLong(); // sent by the application, not yet on the loop
  private volatile Consumer<Message> onMessage = m -> {};
  private volatile Runnable onBufferedAmountLow = () -> {};
  private volatile long bufferedAmountLowThreshold;

  PeerDataChannel(SctpDriver driver, String label, DataChannelInit init) {
    this.driver = driver;
    this.label = label;
    this.init = init;
  }

  public String label() {
    return label;
  }

  /** The stream id, or -1 until the DTLS role decided it (RFC 8832 §6). */
  public int id() {
    DataChannel c = channel;
    return c == null ? init.id() : c.id();
  }

  public boolean ordered() {
    DataChannel c = channel;
    return c == null ? init.ordered() : c.ordered();
  }

  /** -1 when unset. */
  public int maxRetransmits() {
    DataChannel c = channel;
    return c == null ? init.maxRetransmits() : c.maxRetransmits();
  }

  /** Milliseconds, -1 when unset. */
  public long maxPacketLifeTime() {
    DataChannel c = channel;
    return c == null ? init.maxPacketLifeTime() : c.maxPacketLifeTime();
  }

  public String protocol() {
    DataChannel c = channel;
    return c == null ? init.protocol() : c.protocol();
  }

  public boolean negotiated() {
    return init.negotiated() || (channel != null && channel.negotiated());
  }

  /** W3C readyState. */
  public DataChannel.State state() {
    if (closed.isDone()) {
      return DataChannel.State.CLOSED;
    }
    DataChannel c = channel;
    return c == null ? DataChannel.State.CONNECTING : c.state();
  }

  /** Completes when the channel is open; fails when it closes first. */
  public CompletableFuture<PeerDataChannel> opened() {
    return opened.copy();
  }

  /** Completes when the channel is closed. */
  public CompletableFuture<PeerDataChannel> closed() {
    return closed.copy();
  }

  public long bufferedAmount() {
    // queued first: the loop raises bufferedAmount before it lowers queued, so this never dips
    long q = queued.get();
    return q + bufferedAmount;
  }

  public long bufferedAmountLowThreshold() {
    return bufferedAmountLowThreshold;
  }

  public void setBufferedAmountLowThreshold(long bytes) {
    bufferedAmountLowThreshold = bytes;
    driver.execute(
        () -> {
          DataChannel c = channel;
          if (c != null) {
            c.setBufferedAmountLowThreshold(bytes);
          }
        });
  }

  public void onMessage(Consumer<Message> listener) {
    onMessage = Objects.requireNonNull(listener);
  }

  public void onBufferedAmountLow(Runnable listener) {
    onBufferedAmountLow = Objects.requireNonNull(listener);
  }

  public void send(String text) throws PeerConnectionException {
    driver.send(this, text, null);
  }

  public void send(byte[] data) throws PeerConnectionException {
    driver.send(this, null, data.clone());
  }

  /** Closes by resetting the stream (RFC 8831 §6.7). */
  public void close() {
    driver.execute(() -> driver.closeChannel(this));
  }

  DataChannelInit init() {
    return init;
  }

  void fireOpen() {
    opened.complete(this);
  }

  void fireMessage(Message m) {
    onMessage.accept(m);
  }

  void fireBufferedAmountLow() {
    onBufferedAmountLow.run();
  }

  void fireClosed(String why) {
    opened.completeExceptionally(
        new PeerConnectionException(PeerConnectionException.Reason.CLOSED, label + ": " + why));
    closed.complete(this);
  }

  @Override
  public String toString() {
    return "data channel " + label + " (id " + id() + ", " + state() + ")";
  }
}
