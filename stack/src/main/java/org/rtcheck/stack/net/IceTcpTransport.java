package org.rtcheck.stack.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.rtcheck.stack.ice.Candidate;
import org.rtcheck.stack.ice.CandidatePair;
import org.rtcheck.stack.ice.IceAgent;
import org.rtcheck.stack.ice.IceConnectionState;
import org.rtcheck.stack.ice.IceCredentials;
import org.rtcheck.stack.ice.IceEvent;
import org.rtcheck.stack.ice.IceTransmit;

/**
 * Drives an {@link IceAgent} over TCP candidates (RFC 6544) with Netty, on one event loop thread
 * that owns the agent, like {@link IceUdpTransport} does for UDP.
 *
 * <p>Gathering listens on every configured address (the passive candidate's port is the listening
 * port) and adds an active candidate with port 9 on the same address (RFC 6544 §4.5). Every
 * connection carries RFC 4571 frames: a 2-byte length, then one STUN message or one piece of
 * application data. There is one connection per candidate pair: an active candidate opens it when
 * the agent first sends on the pair ({@link IceTransmit#opensConnection()}); a passive one accepts
 * it and is addressed by the peer's end of it. A connection that cannot be opened or closes is
 * reported to the agent ({@link IceAgent#handleTcpConnectionFailure}).
 */
public final class IceTcpTransport implements AutoCloseable {

  /** RFC 4571 §2: the LENGTH field is 16 bits. */
  public static final int MAX_FRAME = IceTcpConnections.MAX_FRAME;

  /**
   * What to gather and where connections may go.
   *
   * @param addresses local addresses to listen on (and to connect from)
   * @param connectFilter remote addresses connections may be opened to
   * @param connectTimeout how long opening a connection may take before the check fails
   */
  public record Options(
      List<InetAddress> addresses,
      Predicate<InetSocketAddress> connectFilter,
      Duration connectTimeout) {
    public Options {
      addresses = List.copyOf(addresses);
      Objects.requireNonNull(connectFilter, "connectFilter");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("no local address to gather on");
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
      }
    }

    /** 127.0.0.1 only, never a connection to anything but loopback, 5 s to connect. */
    public static Options loopbackOnly() {
      return new Options(
          List.of(InetAddress.getLoopbackAddress()),
          a -> a.getAddress() != null && a.getAddress().isLoopbackAddress(),
          Duration.ofSeconds(5));
    }
  }

  private final EventLoopGroup group;
  private final EventLoop loop;
  private final IceAgent agent;
  private final Options options;
  private final IceTcpConnections tcp;
  private final List<Consumer<IceEvent>> eventListeners = new ArrayList<>();
  private final CompletableFuture<CandidatePair> connected = new CompletableFuture<>();
  private volatile BiConsumer<InetSocketAddress, byte[]> dataListener = (a, d) -> {};
  private volatile IceConnectionState state = IceConnectionState.NEW;
  private ScheduledFuture<?> timer;
  private long timerAt;
  private volatile long gatheringStartedAt;
  private volatile long connectedAt;

  private IceTcpTransport(IceAgent agent, Options options) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.options = Objects.requireNonNull(options, "options");
    NetTransport transport = NetTransport.selected();
    this.group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    this.loop = group.next();
    this.tcp =
        new IceTcpConnections(
            loop,
            transport,
            agent,
            options.connectFilter(),
            options.connectTimeout(),
            this::afterAgentCall,
            (a, d) -> dataListener.accept(a, d));
  }

  /** A transport for {@code agent}; call {@link #gather} to listen and start. */
  public static IceTcpTransport create(IceAgent agent, Options options) {
    return new IceTcpTransport(agent, options);
  }

  /** Listeners run on the event loop, in order; do not block in them. */
  public void onEvent(Consumer<IceEvent> listener) {
    onLoop(() -> eventListeners.add(listener));
  }

  /** Frames that are not STUN, and the peer's end of their connection; on the event loop. */
  public void onData(BiConsumer<InetSocketAddress, byte[]> listener) {
    this.dataListener = Objects.requireNonNull(listener);
  }

  /**
   * Listens on every configured address and adds a passive and an active host candidate for each
   * (RFC 6544 §4.1), then end-of-candidates.
   *
   * @return the candidates, passive and active for each address in order
   */
  public List<Candidate> gather(Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<Channel> bound = new ArrayList<>();
    for (InetAddress address : options.addresses()) {
      bound.add(tcp.listen(address));
    }
    CompletableFuture<List<Candidate>> done = new CompletableFuture<>();
    onLoop(
        () -> {
          gatheringStartedAt = System.nanoTime();
          List<Candidate> gathered = tcp.candidates(bound);
          for (Candidate c : gathered) {
            agent.addLocalCandidate(c, System.nanoTime());
          }
          agent.endOfLocalCandidates(System.nanoTime());
          afterAgentCall();
          done.complete(gathered);
        },
        done);
    return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void setRemoteCredentials(IceCredentials remote) {
    onLoop(
        () -> {
          agent.setRemoteCredentials(remote, System.nanoTime());
          afterAgentCall();
        });
  }

  public void addRemoteCandidate(Candidate candidate) {
    onLoop(
        () -> {
          agent.addRemoteCandidate(candidate, System.nanoTime());
          afterAgentCall();
        });
  }

  public void endOfRemoteCandidates() {
    onLoop(
        () -> {
          agent.endOfRemoteCandidates(System.nanoTime());
          afterAgentCall();
        });
  }

  public IceCredentials localCredentials() {
    return agent.localCredentials();
  }

  /** Completes with the selected pair when the state first reaches connected or completed. */
  public CompletableFuture<CandidatePair> connected() {
    return connected;
  }

  public IceConnectionState state() {
    return state;
  }

  /** Nanoseconds from the start of gathering to the first connected state, or -1. */
  public long timeToConnectedNanos() {
    return connectedAt == 0 ? -1 : connectedAt - gatheringStartedAt;
  }

  /** Messages not sent: refused by the filter, or for a passive pair without a connection. */
  public long dropped() {
    return tcp.dropped();
  }

  /** Connections this side opened (active) and accepted (passive). */
  public int connectionsOpened() {
    return tcp.connectionsOpened();
  }

  public int connectionsAccepted() {
    return tcp.connectionsAccepted();
  }

  /** Connections currently open or opening. */
  public CompletableFuture<Integer> openConnections() {
    CompletableFuture<Integer> n = new CompletableFuture<>();
    onLoop(() -> n.complete(tcp.openConnections()), n);
    return n;
  }

  /**
   * Sends application data as one RFC 4571 frame on the selected pair's connection; false when
   * there is no selected pair (yet).
   *
   * @throws IllegalArgumentException when {@code data} does not fit in one frame (RFC 4571 §2)
   */
  public CompletableFuture<Boolean> send(byte[] data) {
    if (data.length > MAX_FRAME) {
      throw new IllegalArgumentException(
          "RFC 4571 §2: a frame carries at most " + MAX_FRAME + " bytes, got " + data.length);
    }
    CompletableFuture<Boolean> sent = new CompletableFuture<>();
    onLoop(
        () -> {
          Optional<CandidatePair> pair = agent.selectedPair();
          if (pair.isEmpty()) {
            sent.complete(false);
            return;
          }
          tcp.transmit(new IceTransmit(pair.get().local(), pair.get().remote().address(), data));
          sent.complete(true);
        },
        sent);
    return sent;
  }

  // ------------------------------------------------------------------------------------------
  // Event loop side

  /** After every agent call: flush its output, publish events, re-arm the timer. */
  private void afterAgentCall() {
    Optional<IceTransmit> t;
    while ((t = agent.pollTransmit()).isPresent()) {
      tcp.transmit(t.get());
    }
    Optional<IceEvent> e;
    while ((e = agent.pollEvent()).isPresent()) {
      IceEvent event = e.get();
      if (event instanceof IceEvent.ConnectionStateChanged s) {
        state = s.state();
        if ((s.state() == IceConnectionState.CONNECTED || s.state() == IceConnectionState.COMPLETED)
            && connectedAt == 0) {
          connectedAt = System.nanoTime();
          agent.selectedPair().ifPresent(connected::complete);
        } else if (s.state() == IceConnectionState.FAILED && !connected.isDone()) {
          connected.completeExceptionally(new IllegalStateException("ICE over TCP failed"));
        }
      }
      for (Consumer<IceEvent> l : eventListeners) {
        l.accept(event);
      }
    }
    rearm();
  }

  private void rearm() {
    OptionalLong next = agent.pollTimeout();
    long at = next.orElse(Long.MAX_VALUE);
    if (timer != null && timerAt == at && !timer.isDone()) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (at == Long.MAX_VALUE || loop.isShuttingDown()) {
      return;
    }
    timerAt = at;
    long delay = Math.max(0, at - System.nanoTime());
    timer =
        loop.schedule(
            () -> {
              agent.handleTimeout(System.nanoTime());
              afterAgentCall();
            },
            delay,
            TimeUnit.NANOSECONDS);
  }

  private void onLoop(Runnable r) {
    onLoop(r, null);
  }

  private void onLoop(Runnable r, CompletableFuture<?> failOn) {
    loop.execute(
        () -> {
          try {
            r.run();
          } catch (RuntimeException e) {
            if (failOn != null) {
              failOn.completeExceptionally(e);
            } else {
              throw e;
            }
          }
        });
  }

  /** Closes the agent, every connection and every listening socket, then the event loop. */
  @Override
  public void close() {
    try {
      loop.submit(
              () -> {
                agent.close(System.nanoTime());
                afterAgentCall();
                if (timer != null) {
                  timer.cancel(false);
                }
                tcp.close();
              })
          .await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
