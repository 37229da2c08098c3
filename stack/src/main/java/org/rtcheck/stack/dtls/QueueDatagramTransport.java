package org.rtcheck.stack.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The bctls {@link DatagramTransport} over two in-memory queues: the caller feeds received
 * datagrams in and drains datagrams to send out. bctls blocks on the inbound queue for as long as
 * its retransmission timer asks, but never past the handshake deadline.
 */
final class QueueDatagramTransport implements DatagramTransport {

  /** Thrown into bctls when the handshake deadline passes. */
  static final class DeadlineExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded(String message) {
      super(message);
    }
  }

  /** Thrown into bctls once the endpoint is closed. */
  static final class Closed extends IOException {
    private static final long serialVersionUID = 1L;

    Closed() {
      super("endpoint closed");
    }
  }

  /** WebRTC keeps DTLS records under the common 1200-byte path MTU budget. */
  static final int SEND_LIMIT = 1200;

  static final int RECEIVE_LIMIT = 1500;

  private final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>();
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private volatile boolean deadlineActive;
  private volatile boolean closed;
  private volatile Consumer<byte[]> outboundSink;
  private volatile UnaryOperator<byte[]> ownRecordRewrite;

  void armDeadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
    this.deadlineActive = true;
  }

  void disarmDeadline() {
    this.deadlineActive = false;
  }

  /** From now on, every datagram bctls sends passes through {@code rewrite} first. */
  void rewriteBctlsDatagrams(UnaryOperator<byte[]> rewrite) {
    ownRecordRewrite = rewrite;
  }

  void offerInbound(byte[] datagram) {
    if (!closed) {
      inbound.add(datagram.clone());
    }
  }

  /**
   * From now on, datagrams to send go straight to {@code sink} (on the handshake thread) instead of
   * the queue; what was queued before is handed over first.
   */
  synchronized void divertOutbound(Consumer<byte[]> sink) {
    for (byte[] d = outbound.poll(); d != null; d = outbound.poll()) {
      sink.accept(d);
    }
    outboundSink = sink;
  }

  /** Takes every received datagram bctls has not read yet, oldest first. */
  List<byte[]> drainInbound() {
    List<byte[]> all = new ArrayList<>();
    inbound.drainTo(all);
    return all;
  }

  byte[] pollOutbound() {
    return outbound.poll();
  }

  byte[] pollOutbound(long timeout, TimeUnit unit) throws InterruptedException {
    return outbound.poll(timeout, unit);
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public int getReceiveLimit() {
    return RECEIVE_LIMIT;
  }

  @Override
  public int getSendLimit() {
    return SEND_LIMIT;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (closed) {
      throw new Closed();
    }
    long waitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMillis));
    if (deadlineActive) {
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        throw new DeadlineExceeded("handshake deadline passed");
      }
      waitNanos = Math.min(waitNanos, remaining);
    }
    byte[] datagram;
    try {
      datagram = inbound.poll(waitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (closed) {
        throw new Closed();
      }
      throw new InterruptedIOException("interrupted while waiting for a datagram");
    }
    if (closed) {
      throw new Closed();
    }
    if (datagram == null) {
      if (deadlineActive && deadlineNanos - System.nanoTime() <= 0) {
        throw new DeadlineExceeded("handshake deadline passed");
      }
      return -1;
    }
    int n = Math.min(len, datagram.length);
    System.arraycopy(datagram, 0, buf, off, n);
    return n;
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new Closed();
    }
    byte[] datagram = new byte[len];
    System.arraycopy(buf, off, datagram, 0, len);
    UnaryOperator<byte[]> rewrite = ownRecordRewrite;
    emit(rewrite == null ? datagram : rewrite.apply(datagram));
  }

  /** Sends a datagram made outside bctls (owned by the transport from now on, not copied). */
  void sendDatagram(byte[] datagram) throws DtlsException {
    if (closed) {
      throw new DtlsException(DtlsException.Reason.CLOSED, "endpoint closed");
    }
    emit(datagram);
  }

  private void emit(byte[] datagram) {
    Consumer<byte[]> sink = outboundSink;
    if (sink != null) {
      sink.accept(datagram);
      return;
    }
    synchronized (this) {
      sink = outboundSink;
      if (sink == null) {
        outbound.add(datagram);
        return;
      }
    }
    sink.accept(datagram);
  }

  @Override
  public void close() {
    closed = true;
  }

  void markClosed() {
    closed = true;
    inbound.clear();
  }
}
