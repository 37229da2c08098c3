package org.rtcheck.stack.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.rtcheck.stack.ice.RelayTransport;
import org.rtcheck.stack.ice.TransportProtocol;
import org.rtcheck.stack.stun.RetransmissionPolicy;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunClientTransaction;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunParseException;
import org.rtcheck.stack.stun.TransactionId;

/**
 * Drives an {@link IceAgent} over real UDP sockets with Netty, on one event loop thread that owns
 * the agent: every agent call, timer and socket read happens there, so the agent needs no locks.
 * Time is {@link System#nanoTime()}.
 *
 * <p>Gathering binds one socket per local address and adds it as a host candidate; with a STUN
 * server it also sends a Binding request from each socket and adds the server-reflexive candidate
 * (RFC 8445 §5.1.1.2). Relayed candidates are the {@link RelayTransport}'s business: a TURN client
 * adds them with {@link #addRelayedCandidate} and receives their datagrams to send.
 *
 * <p>Datagrams that are not STUN (RFC 7983 demultiplexing) go to the data listener. The send filter
 * drops transmits to destinations it refuses; {@link Options#loopbackOnly()} refuses all but
 * loopback, which is what tests use.
 */
public final class IceUdpTransport implements AutoCloseable {

  /**
   * What to gather and where data may go.
   *
   * @param addresses local addresses to bind a socket on each (port 0: ephemeral)
   * @param stunServer a STUN server for server-reflexive candidates, or null
   * @param sendFilter destinations datagrams may be sent to
   * @param relay where relayed candidates' datagrams go, or null
   * @param relayOnly gather no host or server-reflexive candidates, only what the relay adds (the
   *     W3C {@code iceTransportPolicy: "relay"}); the relay's driver ends gathering with {@link
   *     #endOfLocalCandidates()}
   * @param tcp also gather TCP host candidates, passive and active on every address (RFC 6544
   *     §4.1), driven on the same event loop and agent; the send filter also says where connections
   *     may go
   */
  public record Options(
      List<InetAddress> addresses,
      InetSocketAddress stunServer,
      Predicate<InetSocketAddress> sendFilter,
      RelayTransport relay,
      boolean relayOnly,
      boolean tcp) {
    public Options {
      addresses = List.copyOf(addresses);
      Objects.requireNonNull(sendFilter, "sendFilter");
      if (addresses.isEmpty() && !relayOnly) {
        throw new IllegalArgumentException("no local address to gather on");
      }
      if (relayOnly && relay == null) {
        throw new IllegalArgumentException("relayOnly needs a RelayTransport");
      }
      if (relayOnly && tcp) {
        throw new IllegalArgumentException("relayOnly gathers no host candidates, so no TCP ones");
      }
    }

    public Options(
        List<InetAddress> addresses,
        InetSocketAddress stunServer,
        Predicate<InetSocketAddress> sendFilter,
        RelayTransport relay,
        boolean relayOnly) {
      this(addresses, stunServer, sendFilter, relay, relayOnly, false);
    }

    public Options(
        List<InetAddress> addresses,
        InetSocketAddress stunServer,
        Predicate<InetSocketAddress> sendFilter,
        RelayTransport relay) {
      this(addresses, stunServer, sendFilter, relay, false);
    }

    /** 127.0.0.1 only, and never a datagram to anything but loopback. */
    public static Options loopbackOnly() {
      return new Options(
          List.of(InetAddress.getLoopbackAddress()),
          null,
          a -> a.getAddress() != null && a.getAddress().isLoopbackAddress(),
          null);
    }

    /**
     * Every address of every interface that is up (IPv4 and IPv6, link-local IPv6 left out as RFC
     * 8445 §5.1.1.1 recommends for host candidates), sending anywhere.
     */
    public static Options allInterfaces() throws SocketException {
      List<InetAddress> all = new ArrayList<>();
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp()) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (!(a.isLinkLocalAddress() && !(a instanceof Inet4Address))) {
            all.add(a);
          }
        }
      }
      return new Options(all, null, a -> true, null);
    }

    public Options withStunServer(InetSocketAddress server) {
      return new Options(addresses, server, sendFilter, relay, relayOnly, tcp);
    }

    public Options withRelay(RelayTransport relay) {
      return new Options(addresses, stunServer, sendFilter, relay, relayOnly, tcp);
    }

    /** Only relayed candidates through {@code relay}. */
    public Options withRelayOnly(RelayTransport relay) {
      return new Options(addresses, stunServer, sendFilter, relay, true, false);
    }

    /** Also (or no longer) TCP host candidates beside the UDP ones (RFC 6544). */
    public Options withTcp(boolean tcp) {
      return new Options(addresses, stunServer, sendFilter, relay, relayOnly, tcp);
    }
  }

  private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

  /**
   * The longest datagram a socket takes whole unless told otherwise ({@link #readDatagramsUpTo});
   * longer ones are cut to the read buffer and counted ({@link #truncatedDatagrams()}). It holds
   * every DTLS record of SCTP packets at WebRTC's usual 1200 bytes, with room to spare.
   */
  public static final int MAX_DATAGRAM = 2048;

  /**
   * The largest DTLS record there is: 2^14 bytes of plaintext plus at most 2048 of expansion and
   * the 13-byte header (RFC 6347 §4.1), what SCTP may send once path MTU discovery (RFC 8899)
   * raised its packet size.
   */
  public static final int LARGEST_DTLS_DATAGRAM = 16_384 + 2_048 + 13;

  /** The read buffer per datagram of the sockets this transport binds from now on. */
  private volatile int readLimit = MAX_DATAGRAM;

  /** How long opening a TCP connection for a check may take (RFC 6544 §7.1). */
  private static final Duration TCP_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How long gathering waits for the STUN server before declaring end-of-candidates. */
  private static final Duration SRFLX_TIMEOUT = Duration.ofSeconds(2);

  private final NetLoop netLoop;
  private final boolean ownsLoop;
  private final EventLoop loop;
  private final IceAgent agent;
  private final Options options;
  private final Map<InetSocketAddress, Channel> sockets = new LinkedHashMap<>();
  private final Map<TransactionId, SrflxRequest> srflxRequests = new LinkedHashMap<>();
  private final List<Consumer<IceEvent>> eventListeners = new ArrayList<>();
  private final CompletableFuture<CandidatePair> connected = new CompletableFuture<>();
  private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> outbound =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean outboundScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile BiConsumer<InetSocketAddress, byte[]> dataListener = (a, d) -> {};
  private volatile IceConnectionState state = IceConnectionState.NEW;
  private ScheduledFuture<?> timer;
  private long timerAt;
  private volatile long gatheringStartedAt;
  private volatile long connectedAt;
  private volatile long firstStunSentAt;
  private volatile long droppedByFilter;
  private volatile long truncatedDatagrams;

  /** Per socket, what it is asked to send until the next flush, see {@link #writeTo}. */
  private final Map<InetSocketAddress, UdpBurst> bursts = new LinkedHashMap<>();

  /** Sockets written since the last flush. */
  private final List<UdpBurst> unflushed = new ArrayList<>(2);

  private final IceTcpConnections tcp;

  private record SrflxRequest(
      StunClientTransaction transaction, InetSocketAddress base, long giveUpAt) {}

  private IceUdpTransport(IceAgent agent, Options options, NetLoop netLoop, boolean ownsLoop) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.options = Objects.requireNonNull(options, "options");
    this.netLoop = Objects.requireNonNull(netLoop, "netLoop");
    this.ownsLoop = ownsLoop;
    this.loop = netLoop.eventLoop();
    this.tcp =
        options.tcp()
            ? new IceTcpConnections(
                loop,
                netLoop.transport(),
                agent,
                options.sendFilter(),
                TCP_CONNECT_TIMEOUT,
                this::afterAgentCall,
                (a, d) -> dataListener.accept(a, d))
            : null;
  }

  /** A transport for {@code agent}; call {@link #gather} to bind sockets and start. */
  public static IceUdpTransport create(IceAgent agent, Options options) {
    return new IceUdpTransport(agent, options, new NetLoop(), true);
  }

  /**
   * A transport on {@code loop}, which the caller shares with what runs above the transport and
   * closes itself after {@link #close()}.
   */
  public static IceUdpTransport create(IceAgent agent, Options options, NetLoop loop) {
    return new IceUdpTransport(agent, options, loop, false);
  }

  /** Listeners run on the event loop, in order; do not block in them. */
  public void onEvent(Consumer<IceEvent> listener) {
    onLoop(() -> eventListeners.add(listener));
  }

  /** Non-STUN datagrams (DTLS, RTP …) and their source; called on the event loop. */
  public void onData(BiConsumer<InetSocketAddress, byte[]> listener) {
    this.dataListener = Objects.requireNonNull(listener);
  }

  /**
   * Binds a socket on every configured address, adds host candidates, then server-reflexive ones if
   * a STUN server is configured, then end-of-candidates. With {@link Options#tcp()} it also listens
   * on every address and adds a passive and an active TCP host candidate for each.
   *
   * @return the host candidates, UDP first, then TCP
   */
  public List<Candidate> gather(Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (loop.inEventLoop()) {
      // It waits for tasks of that loop: there it would wait out the whole timeout.
      throw new IllegalStateException("gather called on the transport's own event loop");
    }
    if (options.relayOnly()) {
      CompletableFuture<List<Candidate>> started = new CompletableFuture<>();
      onLoop(
          () -> {
            gatheringStartedAt = System.nanoTime();
            started.complete(List.of());
          },
          started);
      return started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    List<Channel> listening = new ArrayList<>();
    if (tcp != null) {
      for (InetAddress address : options.addresses()) {
        listening.add(tcp.listen(address));
      }
    }
    CompletableFuture<List<Candidate>> done = new CompletableFuture<>();
    // One task registers and binds every UDP socket on the loop and adds the host candidates when
    // the last bind completes, so the caller waits for the loop once: a wait per socket and another
    // for the candidates each cost a thread wake-up, on a busy machine a scheduling delay of its
    // own.
    onLoop(() -> bindAll(listening, done), done);
    try {
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IllegalStateException cannotBind) {
        throw cannotBind; // as from a bind on this thread: names the address
      }
      throw e;
    }
  }

  /** On the loop: binds a UDP socket on every address, then {@link #addHostCandidates}. */
  private void bindAll(List<Channel> listening, CompletableFuture<List<Candidate>> done) {
    List<InetAddress> addresses = options.addresses();
    List<ChannelFuture> binds = new ArrayList<>(addresses.size());
    int[] pending = {addresses.size()};
    for (InetAddress address : addresses) {
      // Registration runs inline here (the caller is the loop); the bind is the loop's next task.
      ChannelFuture bind = bootstrap().bind(new InetSocketAddress(address, 0));
      binds.add(bind);
      bind.addListener(
          f -> {
            if (done.isDone()) {
              if (f.isSuccess()) {
                bind.channel().close(); // another bind failed: gathering failed as a whole
              }
              return;
            }
            if (!f.isSuccess()) {
              for (ChannelFuture b : binds) {
                if (b.isSuccess()) {
                  b.channel().close();
                }
              }
              done.completeExceptionally(
                  new IllegalStateException("cannot bind a UDP socket on " + address, f.cause()));
              return;
            }
            if (--pending[0] == 0) {
              addHostCandidates(binds, listening, done);
            }
          });
    }
  }

  /** On the loop, once every socket is bound: host candidates, then srflx or end-of-candidates. */
  private void addHostCandidates(
      List<ChannelFuture> binds, List<Channel> listening, CompletableFuture<List<Candidate>> done) {
    gatheringStartedAt = System.nanoTime();
    List<Candidate> hosts = new ArrayList<>();
    for (int i = 0; i < binds.size(); i++) {
      Channel channel = binds.get(i).channel();
      InetSocketAddress local = (InetSocketAddress) channel.localAddress();
      sockets.put(local, channel);
      bursts.put(local, new UdpBurst(channel));
      // RFC 8445 §5.1.2.2: distinct local preferences, the first address preferred.
      Candidate host = Candidate.host(local, 1, 65535 - i);
      hosts.add(host);
      agent.addLocalCandidate(host, System.nanoTime());
    }
    if (tcp != null) {
      for (Candidate c : tcp.candidates(listening)) {
        hosts.add(c);
        agent.addLocalCandidate(c, System.nanoTime());
      }
    }
    if (options.stunServer() != null) {
      for (InetSocketAddress base : sockets.keySet()) {
        startSrflx(base);
      }
    } else {
      agent.endOfLocalCandidates(System.nanoTime());
    }
    afterAgentCall();
    done.complete(hosts);
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

  /** A relayed candidate a TURN client allocated; its datagrams go to {@link Options#relay}. */
  public void addRelayedCandidate(Candidate relayed) {
    if (options.relay() == null) {
      throw new IllegalStateException("no RelayTransport configured");
    }
    onLoop(
        () -> {
          agent.addLocalCandidate(relayed, System.nanoTime());
          afterAgentCall();
        });
  }

  /**
   * Ends local gathering: for {@link Options#relayOnly()}, after the relay added its candidates
   * (the transport cannot know when a TURN allocation is the last one).
   */
  public void endOfLocalCandidates() {
    onLoop(
        () -> {
          agent.endOfLocalCandidates(System.nanoTime());
          afterAgentCall();
        });
  }

  /** What a TURN client received through an allocation ({@code relayed}) from {@code peer}. */
  public void receiveRelayed(byte[] data, InetSocketAddress relayed, InetSocketAddress peer) {
    onLoop(() -> receive(data, relayed, peer));
  }

  /**
   * ICE restart (RFC 8445 §9) with the local credentials signaling chose; the selected pair keeps
   * carrying data until the new checks select one. The peer's new credentials and candidates follow
   * through {@link #setRemoteCredentials} and {@link #addRemoteCandidate}.
   */
  public void restart(IceCredentials local) {
    onLoop(
        () -> {
          agent.restart(local, System.nanoTime());
          afterAgentCall();
        });
  }

  /** The local credentials to signal (fixed until a restart). */
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

  /**
   * Sockets bound after this call (gathering binds them) read datagrams of up to {@code bytes}
   * (between {@link #MAX_DATAGRAM} and 65535): for SCTP packets raised by path MTU discovery. A
   * larger read buffer costs memory per read (epoll reads {@code 32} at once), so it is asked for
   * only where large datagrams are expected.
   */
  public void readDatagramsUpTo(int bytes) {
    readLimit = Math.max(MAX_DATAGRAM, Math.min(65_535, bytes));
  }

  /**
   * {@link System#nanoTime()} when the agent's first STUN packet (a check or a response) went out,
   * or 0 before.
   */
  public long firstStunSentAt() {
    return firstStunSentAt;
  }

  /**
   * Datagrams the send filter refused, those {@link #sendOnSelectedPair} could not place, and
   * socket errors (a datagram the socket refused to send).
   */
  public long droppedByFilter() {
    return droppedByFilter;
  }

  /**
   * Datagrams that filled the read buffer ({@link #MAX_DATAGRAM} bytes by default), so were
   * probably longer and cut; nonzero means the limit is too small for what the peer sends.
   */
  public long truncatedDatagrams() {
    return truncatedDatagrams;
  }

  /** TCP messages not sent (filter, no connection for a passive pair, too big); 0 without TCP. */
  public long droppedTcp() {
    return tcp == null ? 0 : tcp.dropped();
  }

  /**
   * Sends application data on the selected pair (a datagram, or one RFC 4571 frame on a TCP pair);
   * false when there is none (yet). Fails with IllegalArgumentException when a TCP pair is selected
   * and the data does not fit in one frame.
   */
  public CompletableFuture<Boolean> send(byte[] data) {
    CompletableFuture<Boolean> sent = new CompletableFuture<>();
    onLoop(
        () -> {
          Optional<CandidatePair> pair = agent.selectedPair();
          if (pair.isEmpty()) {
            sent.complete(false);
            return;
          }
          if (pair.get().local().transport() == TransportProtocol.TCP
              && data.length > IceTcpConnections.MAX_FRAME) {
            sent.completeExceptionally(
                new IllegalArgumentException(
                    "RFC 4571 §2: a frame carries at most "
                        + IceTcpConnections.MAX_FRAME
                        + " bytes, got "
                        + data.length));
            return;
          }
          transmit(new IceTransmit(pair.get().local(), pair.get().remote().address(), data));
          sent.complete(true);
        },
        sent);
    return sent;
  }

  /**
   * Sends application data on the selected pair without a result: on the event loop at once, from
   * other threads by one hand-over. A datagram with no selected pair, or too big for a TCP frame,
   * is dropped and counted ({@link #droppedByFilter()}) as a UDP path would lose it; the hot path
   * of DTLS records needs no future per datagram.
   */
  public void sendOnSelectedPair(byte[] data) {
    if (loop.inEventLoop()) {
      transmitOnSelectedPair(data);
      return;
    }
    // Datagrams from another thread queue up; one task (one wake-up of the loop) sends them all.
    outbound.add(data);
    if (outboundScheduled.compareAndSet(false, true)) {
      loop.execute(this::drainOutbound);
    }
  }

  private void drainOutbound() {
    outboundScheduled.set(false);
    for (byte[] d = outbound.poll(); d != null; d = outbound.poll()) {
      transmitOnSelectedPair(d);
    }
  }

  private void transmitOnSelectedPair(byte[] data) {
    Optional<CandidatePair> pair = agent.selectedPair();
    if (pair.isEmpty()
        || (pair.get().local().transport() == TransportProtocol.TCP
            && data.length > IceTcpConnections.MAX_FRAME)) {
      droppedByFilter++;
      return;
    }
    transmit(new IceTransmit(pair.get().local(), pair.get().remote().address(), data));
  }

  // ------------------------------------------------------------------------------------------
  // Event loop side

  /** A UDP socket's bootstrap on this transport's loop, reading into {@link #receive}. */
  private Bootstrap bootstrap() {
    NetTransport transport = netLoop.transport();
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(transport.datagramChannel())
            // A data channel's congestion window outgrows the default 208 KiB on loopback, where
            // the kernel drops what the socket cannot hold (capped by net.core.rmem_max).
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
            .handler(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                    if (p.content().readableBytes() >= readLimit) {
                      truncatedDatagrams++;
                    }
                    byte[] data = ByteBufUtil.getBytes(p.content());
                    receive(data, (InetSocketAddress) ctx.channel().localAddress(), p.sender());
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    // Writes carry no promise, so a datagram the socket refused ends up here: it
                    // is lost as on the path, and DTLS, SCTP or the STUN transaction resends.
                    droppedByFilter++;
                  }
                });
    transport.configureDatagramReads(b, readLimit);
    return b;
  }

  private void receive(byte[] data, InetSocketAddress local, InetSocketAddress source) {
    if (!StunMessage.looksLikeStun(data)) {
      // RFC 7983 §7: not STUN, so nothing for the agent (it would hand it back untouched); DTLS
      // and media skip the agent's bookkeeping, which costs more than the datagram itself.
      dataListener.accept(source, data);
      return;
    }
    long now = System.nanoTime();
    if (handleSrflxResponse(data, local, source)) {
      afterAgentCall();
      return;
    }
    if (!agent.handleDatagram(data, local, source, now)) {
      dataListener.accept(source, data);
    }
    afterAgentCall();
  }

  /** RFC 8445 §5.1.1.2: a Binding request to the STUN server from each host socket. */
  private void startSrflx(InetSocketAddress base) {
    TransactionId txId = TransactionId.random();
    byte[] request =
        StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, txId).addFingerprint().encode();
    var tx = new StunClientTransaction(request, txId, RetransmissionPolicy.DEFAULT);
    long now = System.nanoTime();
    srflxRequests.put(txId, new SrflxRequest(tx, base, now + SRFLX_TIMEOUT.toNanos()));
    writeTo(base, options.stunServer(), tx.start(now));
  }

  private boolean handleSrflxResponse(byte[] data, InetSocketAddress local, InetSocketAddress src) {
    if (srflxRequests.isEmpty() || !src.equals(options.stunServer())) {
      return false;
    }
    StunMessage m;
    try {
      m = StunMessage.decode(data);
    } catch (StunParseException e) {
      return false;
    }
    SrflxRequest r = srflxRequests.get(m.transactionId());
    if (r == null || !r.transaction().handleResponse(m)) {
      return false;
    }
    srflxRequests.remove(m.transactionId());
    m.first(StunAttribute.XorMappedAddress.class)
        .map(StunAttribute.XorMappedAddress::address)
        .filter(mapped -> !mapped.equals(r.base()))
        .ifPresent(
            mapped ->
                agent.addLocalCandidate(
                    Candidate.serverReflexive(mapped, r.base(), options.stunServer(), 1, 65535),
                    System.nanoTime()));
    finishGatheringIfDone();
    return true;
  }

  private void finishGatheringIfDone() {
    if (srflxRequests.isEmpty()) {
      agent.endOfLocalCandidates(System.nanoTime());
    }
  }

  private void driveSrflx(long now) {
    if (srflxRequests.isEmpty()) {
      return;
    }
    for (var it = srflxRequests.values().iterator(); it.hasNext(); ) {
      SrflxRequest r = it.next();
      r.transaction().handleTimeout(now);
      r.transaction().pollTransmit().ifPresent(b -> writeTo(r.base(), options.stunServer(), b));
      if (r.transaction().isDone() || now - r.giveUpAt() >= 0) {
        it.remove();
      }
    }
    finishGatheringIfDone();
  }

  /** After every agent call: flush its output, publish events, re-arm the timer. */
  private void afterAgentCall() {
    Optional<IceTransmit> t;
    while ((t = agent.pollTransmit()).isPresent()) {
      if (firstStunSentAt == 0) {
        firstStunSentAt = System.nanoTime();
      }
      transmit(t.get());
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
          connected.completeExceptionally(new IllegalStateException("ICE failed"));
        }
      }
      for (Consumer<IceEvent> l : eventListeners) {
        l.accept(event);
      }
    }
    rearm();
  }

  /** Every transmit of the agent, dispatched by transport: TCP ones to the TCP half. */
  private void transmit(IceTransmit t) {
    if (t.transport() == TransportProtocol.TCP) {
      if (tcp == null) {
        droppedByFilter++; // no TCP half to send it on
        return;
      }
      tcp.transmit(t);
      return;
    }
    if (!options.sendFilter().test(t.destination())) {
      droppedByFilter++;
      return;
    }
    if (t.isRelayed()) {
      options.relay().send(t.local(), t.destination(), t.data());
      return;
    }
    writeTo(t.source(), t.destination(), t.data());
  }

  private void writeTo(InetSocketAddress from, InetSocketAddress to, byte[] data) {
    UdpBurst burst = bursts.get(from);
    if (burst == null || !options.sendFilter().test(to)) {
      droppedByFilter++;
      return;
    }
    // One flush per burst, not per datagram: what the protocol cores emit while the loop handles
    // one read or task leaves together (sendmmsg, and GSO to loopback, on epoll). The flush is
    // the loop's next task, after the current one (an SCTP drain writing a window) returns.
    if (unflushed.isEmpty()) {
      loop.execute(this::flushWrites);
    }
    if (!unflushed.contains(burst)) {
      unflushed.add(burst);
    }
    burst.add(to, data);
  }

  private void flushWrites() {
    for (UdpBurst burst : unflushed) {
      burst.flush();
    }
    unflushed.clear();
  }

  /** GSO sends of all sockets so far (0 on NIO, or where the kernel has no UDP_SEGMENT). */
  long segmentedSends() {
    long n = 0;
    for (UdpBurst b : bursts.values()) {
      n += b.segmentedSends();
    }
    return n;
  }

  private void rearm() {
    OptionalLong next = agent.pollTimeout();
    long at = next.orElse(Long.MAX_VALUE);
    for (SrflxRequest r : srflxRequests.values()) {
      at = Math.min(at, r.transaction().nextDeadline().orElse(Long.MAX_VALUE));
      at = Math.min(at, r.giveUpAt());
    }
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
              long now = System.nanoTime();
              driveSrflx(now);
              agent.handleTimeout(now);
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
                flushWrites(); // what the agent's close just wrote, before the sockets go
                for (Channel ch : sockets.values()) {
                  ch.close();
                }
                if (tcp != null) {
                  tcp.close();
                }
              })
          .await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (ownsLoop) {
        netLoop.close();
      }
    }
  }
}
