package org.rtcheck.stack.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.rtcheck.stack.datachannel.DataChannel;
import org.rtcheck.stack.datachannel.DataChannelEvent;
import org.rtcheck.stack.datachannel.DataChannelException;
import org.rtcheck.stack.datachannel.DataChannelInit;
import org.rtcheck.stack.datachannel.DataChannelTransport;
import org.rtcheck.stack.net.NetLoop;
import org.rtcheck.stack.sctp.SctpAssociation;
import org.rtcheck.stack.sctp.SctpConfig;

/**
 * Drives the sans-IO SCTP association and its data channels for one PeerConnection on the
 * connection's network loop: DTLS application data in, SCTP packets out through DTLS, timers from
 * the association's deadline (milliseconds of {@link System#nanoTime()}). A received packet is
 * handled on the thread that read and decrypted it; sends from application threads are queued and
 * reach the loop once per burst. Channels asked for before DTLS decided the roles wait here and are
 * created when SCTP starts (RFC 8832 §6: the DTLS client takes even ids).
 */
final class SctpDriver {

  /** SCTP packets held until SCTP starts here; more are dropped (the peer retransmits). */
  private static final int EARLY_PACKETS = 8;

  /** A message an application thread sent, waiting for the loop. */
  private record Outgoing(PeerDataChannel pdc, String text, byte[] data, int size) {}

  private final NetLoop netLoop;
  private final ScheduledExecutorService loop;
  private final Consumer<byte[]> toDtls;
  private final Consumer<PeerDataChannel> onIncoming;
  private final SetupTimeline timeline;
  private boolean openedInBand;
  private final Map<DataChannel, PeerDataChannel> wrappers = new IdentityHashMap<>();
  private final List<PeerDataChannel> pending = new ArrayList<>();
  private final ConcurrentLinkedQueue<byte[]> inbound = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean inboundScheduled = new AtomicBoolean();
  private final ConcurrentLinkedQueue<Outgoing> outgoing = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean outgoingScheduled = new AtomicBoolean();
  private DataChannelTransport transport;
  private ScheduledFuture<?> timer;
  private long timerAt = Long.MAX_VALUE;
  private volatile boolean stopped;
  private volatile boolean started;
  private volatile int maxMessageSize = SctpConfig.defaults().maxMessageSize();
  private volatile int pathMtu = -1;

  SctpDriver(
      NetLoop netLoop,
      Consumer<byte[]> toDtls,
      Consumer<PeerDataChannel> onIncoming,
      SetupTimeline timeline) {
    this.netLoop = netLoop;
    this.timeline = timeline;
    this.loop = netLoop.executor();
    this.toDtls = toDtls;
    this.onIncoming = onIncoming;
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  void execute(Runnable r) {
    if (!stopped) {
      try {
        loop.execute(
            () -> {
              if (!stopped) {
                r.run();
              }
            });
      } catch (RejectedExecutionException e) {
        // the loop is shutting down with the connection
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
      int applicationDataLimit,
      int maxApplicationData) {
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
                  // RFC 8899 §6.2 up to what one DTLS record carries (RFC 8261 §5).
                  Math.min(SctpConfig.MAX_PACKET, Math.max(0, maxApplicationData)) & ~3,
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
          maxMessageSize = maxMessage;
          transport = new DataChannelTransport(new SctpAssociation(config), dtlsClient);
          started = true;
          transport.connect(now());
          for (PeerDataChannel pdc : pending) {
            createNow(pdc);
          }
          pending.clear();
          // The peer's INIT, when it came first, is answered now: the collision (RFC 9260
          // §5.2.1) then costs no more than one side initiating.
          for (byte[] p = inbound.poll(); p != null; p = inbound.poll()) {
            transport.handlePacket(p, now());
          }
          afterCall();
        });
  }

  /**
   * Queues a received SCTP packet. The packets of one read burst of the loop are handled in one
   * task after it: one round of events, timers and transmits per burst, not per packet (SACKs still
   * follow every second DATA packet, RFC 9260 §6.2).
   */
  void receive(byte[] packet) {
    if (!started && inbound.size() >= EARLY_PACKETS) {
      return; // SCTP may never start here (no data section): hold only the first few
    }
    inbound.add(packet);
    if (inboundScheduled.compareAndSet(false, true)) {
      execute(this::drainInbound);
    }
  }

  private void drainInbound() {
    inboundScheduled.set(false);
    if (transport == null) {
      return; // held for start()
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

  /**
   * Sends a message. What the caller can get wrong (closed, not open, too large) is checked here so
   * it sees the error; on the loop (an echo from onmessage) the message goes at once, from other
   * threads it is queued and counted in bufferedAmount until the loop takes it.
   */
  void send(PeerDataChannel pdc, String text, byte[] data) throws PeerConnectionException {
    if (stopped) {
      throw new PeerConnectionException(PeerConnectionException.Reason.CLOSED, "connection closed");
    }
    DataChannel c = pdc.channel;
    if (c == null) {
      throw invalidState(
          new DataChannelException(
              DataChannelException.Reason.NOT_OPEN, pdc.label() + " is not open yet"));
    }
    DataChannel.State state = c.state();
    if (state != DataChannel.State.OPEN && state != DataChannel.State.CONNECTING) {
      throw invalidState(
          new DataChannelException(DataChannelException.Reason.NOT_OPEN, c + " is " + state));
    }
    int size = text != null ? text.getBytes(StandardCharsets.UTF_8).length : data.length;
    if (size > maxMessageSize) {
      // RFC 8841 §6.1: the peer's a=max-message-size.
      throw invalidState(
          new DataChannelException(
              DataChannelException.Reason.MESSAGE_TOO_LARGE,
              size + " bytes, max message size is " + maxMessageSize));
    }
    if (netLoop.inLoop()) {
      try {
        sendNow(c, text, data);
      } catch (DataChannelException e) {
        throw invalidState(e);
      }
      pdc.bufferedAmount = c.bufferedAmount();
      afterCall();
      return;
    }
    pdc.queued.addAndGet(size);
    outgoing.add(new Outgoing(pdc, text, data, size));
    if (outgoingScheduled.compareAndSet(false, true)) {
      execute(this::drainOutgoing);
    }
  }

  private static PeerConnectionException invalidState(DataChannelException e) {
    return new PeerConnectionException(
        PeerConnectionException.Reason.INVALID_STATE, e.getMessage(), e);
  }

  private static void sendNow(DataChannel c, String text, byte[] data) throws DataChannelException {
    if (text != null) {
      c.send(text, now());
    } else {
      c.send(data, now());
    }
  }

  private void drainOutgoing() {
    outgoingScheduled.set(false);
    boolean any = false;
    for (Outgoing o = outgoing.poll(); o != null; o = outgoing.poll()) {
      DataChannel c = o.pdc().channel;
      try {
        sendNow(c, o.text(), o.data());
      } catch (DataChannelException e) {
        // The channel closed after the check: W3C drops what was queued on a closing channel.
      }
      // Buffered in SCTP now, before it stops counting as queued, so bufferedAmount never dips.
      o.pdc().bufferedAmount = c.bufferedAmount();
      o.pdc().queued.addAndGet(-o.size());
      any = true;
    }
    if (any) {
      afterCall();
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

  /** Aborts the association (the connection failed or closed); waits for it off the loop. */
  void stop(String why) {
    if (stopped) {
      return;
    }
    Runnable abort =
        () -> {
          if (stopped) {
            return;
          }
          if (transport != null) {
            transport.association().abort(why, now());
            flushTransmits();
          }
          if (timer != null) {
            timer.cancel(false);
          }
          for (PeerDataChannel pdc : List.copyOf(wrappers.values())) {
            pdc.fireClosed(why);
          }
          for (PeerDataChannel pdc : pending) {
            pdc.fireClosed(why);
          }
          stopped = true;
        };
    if (netLoop.inLoop()) {
      abort.run();
      return;
    }
    try {
      loop.submit(abort).get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      // the loop is gone or stuck; nothing more to abort
    }
    stopped = true;
  }

  private void createNow(PeerDataChannel pdc) {
    try {
      DataChannel c = transport.createDataChannel(pdc.label(), pdc.init(), now());
      openedInBand |= !pdc.init().negotiated();
      pdc.channel = c;
      wrappers.put(c, pdc);
      if (pdc.bufferedAmountLowThreshold() > 0) {
        c.setBufferedAmountLowThreshold(pdc.bufferedAmountLowThreshold());
      }
      if (c.state() == DataChannel.State.OPEN) {
        fireOpen(pdc);
      }
    } catch (DataChannelException e) {
      pdc.fireClosed(e.getMessage());
    }
  }

  /** The association's PLPMTU (RFC 8899) as of the last call on the loop, or -1 before SCTP. */
  int pathMtu() {
    return pathMtu;
  }

  private void fireOpen(PeerDataChannel pdc) {
    timeline.mark(SetupTimeline.Phase.CHANNEL_OPEN);
    pdc.fireOpen();
  }

  private void afterCall() {
    pathMtu = transport.association().plpmtu();
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
        loop.schedule(
            () -> {
              if (stopped) {
                return;
              }
              timerAt = Long.MAX_VALUE;
              transport.handleTimeout(now());
              afterCall();
            },
            Math.max(0, at - now()),
            TimeUnit.MILLISECONDS);
  }

  private void flushTransmits() {
    if (!timeline.reached(SetupTimeline.Phase.SCTP_ESTABLISHED)
        && transport.association().state() == SctpAssociation.State.ESTABLISHED) {
      timeline.mark(SetupTimeline.Phase.SCTP_ESTABLISHED);
    }
    if (openedInBand
        && !timeline.reached(SetupTimeline.Phase.DCEP_OPEN_SENT)
        && timeline.reached(SetupTimeline.Phase.SCTP_ESTABLISHED)) {
      timeline.mark(SetupTimeline.Phase.DCEP_OPEN_SENT);
    }
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
        fireOpen(pdc);
      }
    } else if (e instanceof DataChannelEvent.Open o) {
      PeerDataChannel pdc = wrappers.get(o.channel());
      if (pdc != null) {
        fireOpen(pdc);
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
