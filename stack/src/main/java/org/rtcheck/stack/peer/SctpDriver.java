package org.rtcheck.stack.peer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.rtcheck.stack.datachannel.DataChannel;
import org.rtcheck.stack.datachannel.DataChannelEvent;
import org.rtcheck.stack.datachannel.DataChannelException;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.datachannel.DataChannelTransport;
import org.rtcheck.stack.sctp.SctpAssociation;
import org.rtcheck.stack.sctp.SctpConfig;

/**
 * Drives the sans-IO SCTP association and its data channels for one PeerConnection on one thread:
 * DTLS application data in, SCTP packets out through DTLS, timers from the association's deadline
 * (milliseconds of {@link System#nanoTime()}). Channels asked for before DTLS decided the roles
 * wait here and are created when SCTP starts (RFC 8832 §6: the DTLS client takes even ids).
 */
final class SctpDriver {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ScheduledExecutorService thread;
  private final Consumer<byte[]> toDtls;
  private final Consumer<PeerDataChannel> onIncoming;
  private final Map<DataChannel, PeerDataChannel> wrappers = new IdentityHashMap<>();
  private final List<PeerDataChannel> pending = new ArrayList<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> inbound =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean inboundScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();
  private DataChannelTransport transport;
  private ScheduledFuture<?> timer;
  private long timerAt = Long.MAX_VALUE;
  private volatile boolean stopped;
  private volatile Thread sctpThread;

  SctpDriver(Consumer<byte[]> toDtls, Consumer<PeerDataChannel> onIncoming) {
    this.toDtls = toDtls;
    this.onIncoming = onIncoming;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rtcheck-sctp-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              sctpThread = t;
              return t;
            });
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  void execute(Runnable r) {
    if (!stopped) {
      try {
        thread.execute(r);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // stopping
      }
    }
  }

  /** A channel the application asked for; created now or once SCTP starts. */
  PeerDataChannel create(String label, DataChannelInit init) {
    PeerDataChannel pdc = new PeerDataChannel(this, label, init);
    execute(
        () -> {
          if (transport == null) {
            pending.add(pdc);
          } else {
            createNow(pdc);
          }
        });
    return pdc;
  }

  /**
   * Starts SCTP once DTLS is up (RFC 8261 §5): both sides send INIT, the association resolves the
   * collision.
   */
  void start(
      boolean dtlsClient,
      int localPort,
      int remotePort,
      long remoteMaxMessageSize,
      int applicationDataLimit) {
    execute(
        () -> {
          SctpConfig d = SctpConfig.defaults();
          int maxMessage =
              remoteMaxMessageSize > 0
                  ? (int) Math.min(d.maxMessageSize(), remoteMaxMessageSize)
                  : d.maxMessageSize();
          SctpConfig config =
              new SctpConfig(
                  localPort,
                  remotePort,
                  // RFC 9260 §3.2: chunks are padded to 4 bytes, so a packet limit that is not a
                  // multiple of 4 would be overrun by the padding of the last chunk.
                  (applicationDataLimit > 0 ? Math.min(d.mtu(), applicationDataLimit) : d.mtu())
                      & ~3,
                  d.receiveWindow(),
                  maxMessage,
                  d.outboundStreams(),
                  d.inboundStreams(),
                  d.rtoInitial(),
                  d.rtoMin(),
                  d.rtoMax(),
                  d.maxRetransmissions(),
                  d.maxInitRetransmissions(),
                  d.heartbeatInterval(),
                  d.delayedAck(),
                  d.cookieLifetime(),
                  d.random());
          transport = new DataChannelTransport(new SctpAssociation(config), dtlsClient);
          transport.connect(now());
          for (PeerDataChannel pdc : pending) {
            createNow(pdc);
          }
          pending.clear();
          afterCall();
        });
  }

  /**
   * Queues a received SCTP packet. Packets that arrive while the SCTP thread is busy are handled in
   * one batch: one hand-over and one round of events, timers and transmits per batch, not per
   * packet (SACKs still follow every second DATA packet, RFC 9260 §6.2).
   */
  void receive(byte[] packet) {
    inbound.add(packet);
    if (inboundScheduled.compareAndSet(false, true)) {
      execute(this::drainInbound);
    }
  }

  private void drainInbound() {
    inboundScheduled.set(false);
    if (transport == null) {
      inbound.clear();
      return;
    }
    boolean any = false;
    for (byte[] p = inbound.poll(); p != null; p = inbound.poll()) {
      transport.handlePacket(p, now());
      any = true;
    }
    if (any) {
      afterCall();
    }
  }

  /** Runs a send on the SCTP thread and waits, so the caller sees the error. */
  void send(PeerDataChannel pdc, String text, byte[] data) throws PeerConnectionException {
    if (stopped) {
      throw new PeerConnectionException(PeerConnectionException.Reason.CLOSED, "connection closed");
    }
    java.util.concurrent.Callable<Void> task =
        () -> {
          DataChannel c = pdc.channel;
          if (c == null) {
            throw new DataChannelException(
                DataChannelException.Reason.NOT_OPEN, pdc.label() + " is not open yet");
          }
          if (text != null) {
            c.send(text, now());
          } else {
            c.send(data, now());
          }
          pdc.bufferedAmount = c.bufferedAmount();
          afterCall();
          return null;
        };
    if (Thread.currentThread() == sctpThread) {
      // A send from a callback (an echo from onmessage) is already on the SCTP thread.
      try {
        task.call();
        return;
      } catch (DataChannelException e) {
        throw new PeerConnectionException(
            PeerConnectionException.Reason.INVALID_STATE, e.getMessage(), e);
      } catch (Exception e) {
        throw new PeerConnectionException(
            PeerConnectionException.Reason.INVALID_STATE, String.valueOf(e), e);
      }
    }
    try {
      thread.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerConnectionException(PeerConnectionException.Reason.CLOSED, "interrupted", e);
    } catch (ExecutionException e) {
      throw new PeerConnectionException(
          PeerConnectionException.Reason.INVALID_STATE,
          String.valueOf(e.getCause().getMessage()),
          e.getCause());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new PeerConnectionException(PeerConnectionException.Reason.CLOSED, "connection closed");
    }
  }

  void closeChannel(PeerDataChannel pdc) {
    DataChannel c = pdc.channel;
    if (c != null) {
      c.close(now());
      afterCall();
    } else {
      pending.remove(pdc);
      pdc.fireClosed("closed before it was created");
    }
  }

  /** Aborts the association (the connection failed or closed) and stops the thread. */
  void stop(String why) {
    if (stopped) {
      return;
    }
    Runnable abort =
        () -> {
          if (transport != null) {
            transport.association().abort(why, now());
            flushTransmits();
          }
          for (PeerDataChannel pdc : List.copyOf(wrappers.values())) {
            pdc.fireClosed(why);
          }
          for (PeerDataChannel pdc : pending) {
            pdc.fireClosed(why);
          }
          stopped = true;
        };
    if (Thread.currentThread() == sctpThread) {
      // closed from a data channel callback: finish here, the thread ends after this task
      abort.run();
      thread.shutdown();
      return;
    }
    execute(abort);
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopped = true;
    thread.shutdownNow();
  }

  private void createNow(PeerDataChannel pdc) {
    try {
      DataChannel c = transport.createDataChannel(pdc.label(), pdc.init(), now());
      pdc.channel = c;
      wrappers.put(c, pdc);
      if (pdc.bufferedAmountLowThreshold() > 0) {
        c.setBufferedAmountLowThreshold(pdc.bufferedAmountLowThreshold());
      }
      if (c.state() == DataChannel.State.OPEN) {
        pdc.fireOpen();
      }
    } catch (DataChannelException e) {
      pdc.fireClosed(e.getMessage());
    }
  }

  private void afterCall() {
    flushTransmits();
    for (DataChannelEvent e = transport.pollEvent(); e != null; e = transport.pollEvent()) {
      dispatch(e);
    }
    flushTransmits();
    for (Map.Entry<DataChannel, PeerDataChannel> w : wrappers.entrySet()) {
      w.getValue().bufferedAmount = w.getKey().bufferedAmount();
    }
    OptionalLong deadline = transport.pollTimeout();
    if (deadline.isEmpty()) {
      return;
    }
    long at = deadline.getAsLong();
    if (timer != null && !timer.isDone() && timerAt <= at) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    timerAt = at;
    timer =
        thread.schedule(
            () -> {
              timerAt = Long.MAX_VALUE;
              transport.handleTimeout(now());
              afterCall();
            },
            Math.max(0, at - now()),
            TimeUnit.MILLISECONDS);
  }

  private void flushTransmits() {
    for (byte[] p = transport.pollTransmit(); p != null; p = transport.pollTransmit()) {
      toDtls.accept(p);
    }
  }

  private void dispatch(DataChannelEvent e) {
    if (e instanceof DataChannelEvent.IncomingChannel in) {
      PeerDataChannel pdc =
          new PeerDataChannel(this, in.channel().label(), DataChannelInit.DEFAULT);
      pdc.channel = in.channel();
      wrappers.put(in.channel(), pdc);
      onIncoming.accept(pdc);
      if (in.channel().state() == DataChannel.State.OPEN) {
        pdc.fireOpen();
      }
    } else if (e instanceof DataChannelEvent.Open o) {
      PeerDataChannel pdc = wrappers.get(o.channel());
      if (pdc != null) {
        pdc.fireOpen();
      }
    } else if (e instanceof DataChannelEvent.TextMessage m) {
      PeerDataChannel pdc = wrappers.get(m.channel());
      if (pdc != null) {
        pdc.fireMessage(new PeerDataChannel.Message(m.text(), null));
      }
    } else if (e instanceof DataChannelEvent.BinaryMessage m) {
      PeerDataChannel pdc = wrappers.get(m.channel());
      if (pdc != null) {
        pdc.fireMessage(new PeerDataChannel.Message(null, m.data()));
      }
    } else if (e instanceof DataChannelEvent.BufferedAmountLow b) {
      PeerDataChannel pdc = wrappers.get(b.channel());
      if (pdc != null) {
        pdc.bufferedAmount = b.channel().bufferedAmount();
        pdc.fireBufferedAmountLow();
      }
    } else if (e instanceof DataChannelEvent.Closed c) {
      PeerDataChannel pdc = wrappers.remove(c.channel());
      if (pdc != null) {
        pdc.fireClosed("closed");
      }
    }
  }
}
