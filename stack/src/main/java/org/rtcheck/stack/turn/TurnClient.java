package org.rtcheck.stack.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.rtcheck.stack.stun.PasswordAlgorithm;
import org.rtcheck.stack.stun.RetransmissionPolicy;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunClientTransaction;
import org.rtcheck.stack.stun.StunCredentials;
import org.rtcheck.stack.stun.StunIntegrityCheck;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunMessageBuilder;
import org.rtcheck.stack.stun.StunParseException;
import org.rtcheck.stack.stun.TransactionId;

/**
 * A sans-IO TURN client for one allocation (RFC 8656). It never reads a clock, opens a socket or
 * starts a thread: the caller passes the current time (monotonic nanoseconds) to every call, sends
 * what {@link #pollTransmit} returns to the server, hands what the server sends to {@link
 * #handleInput} (one datagram, or one framed message from a {@link TurnStreamFramer}), calls {@link
 * #handleTimeout} at {@link #pollTimeout}, and reads {@link #pollEvent}.
 *
 * <p>Allocate starts without credentials; the 401 answer's REALM and NONCE give the long-term key
 * (RFC 8489 §9.2.2), and the request is sent again. A 438 (stale nonce, RFC 8489 §9.2.5) on any
 * request is retried with the new nonce. Refresh, CreatePermission and ChannelBind are re-sent
 * before their lifetimes run out.
 */
public final class TurnClient {

  /** Where the allocation stands. */
  public enum State {
    IDLE,
    ALLOCATING,
    ALLOCATED,
    DELETING,
    DELETED,
    EXPIRED,
    FAILED
  }

  /** RFC 8656 §9: a permission lasts 300 s; refresh it a minute early. */
  static final long PERMISSION_REFRESH = Duration.ofSeconds(240).toNanos();

  /** RFC 8656 §12: a channel binding lasts 600 s; refresh it a minute early. */
  static final long CHANNEL_REFRESH = Duration.ofSeconds(540).toNanos();

  /** How many 438s in a row one request may answer with a fresh nonce before giving up. */
  static final int MAX_NONCE_RETRIES = 3;

  /** RFC 8489 §6.2.2: over TCP/TLS a request is sent once and fails after Ti = 39.5 s. */
  private static final RetransmissionPolicy RELIABLE =
      new RetransmissionPolicy(Duration.ofMillis(500), 1, 79);

  private enum Kind {
    ALLOCATE,
    REFRESH,
    CREATE_PERMISSION,
    CHANNEL_BIND
  }

  private record Pending(
      Kind kind,
      List<StunAttribute> attributes,
      StunClientTransaction transaction,
      int nonceRetries,
      List<InetAddress> peers,
      InetSocketAddress channelPeer,
      int channel,
      long lifetimeSeconds) {}

  private static final class Permission {
    boolean installed;
    boolean pending;
    long refreshAt;
  }

  private static final class Binding {
    final int channel;
    final InetSocketAddress peer;
    boolean bound;
    boolean pending;
    long refreshAt;

    Binding(int channel, InetSocketAddress peer) {
      this.channel = channel;
      this.peer = peer;
    }
  }

  private final TurnConfig config;
  private final RetransmissionPolicy policy;
  private State state = State.IDLE;
  private String realm;
  private String nonce;
  private byte[] key;
  private InetSocketAddress relayed;
  private InetSocketAddress mapped;
  private long lifetimeSeconds;
  private long expiresAt;
  private long refreshAt;
  private boolean refreshPending;
  private int nextChannel = ChannelData.MIN_CHANNEL;
  private long dropped;
  private final Map<TransactionId, Pending> pending = new LinkedHashMap<>();
  private final Map<InetAddress, Permission> permissions = new LinkedHashMap<>();
  private final Map<InetSocketAddress, Binding> bindingsByPeer = new LinkedHashMap<>();
  private final Map<Integer, Binding> bindingsByChannel = new HashMap<>();
  private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
  private final ArrayDeque<TurnEvent> events = new ArrayDeque<>();

  public TurnClient(TurnConfig config) {
    this.config = Objects.requireNonNull(config);
    this.policy = config.transport().isReliable() ? RELIABLE : config.retransmission();
  }

  public State state() {
    return state;
  }

  public TurnConfig config() {
    return config;
  }

  /** The relayed transport address once allocated. */
  public Optional<InetSocketAddress> relayedAddress() {
    return Optional.ofNullable(relayed);
  }

  /** The server-reflexive address the server saw (XOR-MAPPED-ADDRESS of the Allocate answer). */
  public Optional<InetSocketAddress> mappedAddress() {
    return Optional.ofNullable(mapped);
  }

  /** The realm the server named in its 401, once known. */
  public Optional<String> realm() {
    return Optional.ofNullable(realm);
  }

  /** Messages from the server that were malformed, unexpected, unauthentic or not permitted. */
  public long droppedCount() {
    return dropped;
  }

  /** The channel bound (or being bound) to {@code peer}, or -1. */
  public int channelFor(InetSocketAddress peer) {
    Binding b = bindingsByPeer.get(peer);
    return b == null ? -1 : b.channel;
  }

  // ----------------------------------------------------------------------------------------
  // Requests

  /** RFC 8656 §7.1: sends the first Allocate request (without credentials). */
  public void allocate(long now) {
    if (state != State.IDLE) {
      throw new IllegalStateException("allocate() once, in state IDLE; state is " + state);
    }
    state = State.ALLOCATING;
    List<StunAttribute> attrs = new ArrayList<>();
    // RFC 8656 §7.1: REQUESTED-TRANSPORT is UDP (17); the relayed side is always UDP here.
    attrs.add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP));
    if (config.addressFamily() != 0) {
      attrs.add(new StunAttribute.RequestedAddressFamily(config.addressFamily()));
    }
    if (config.lifetime() != null) {
      attrs.add(new StunAttribute.Lifetime(config.lifetime().getSeconds()));
    }
    request(Kind.ALLOCATE, attrs, 0, List.of(), null, -1, -1, now);
  }

  /**
   * RFC 8656 §8: a Refresh asking for {@code lifetime} (null: the configured one or the server's
   * default). Allowed after the allocation was deleted too, so a harness can see the 437.
   */
  public void refresh(Duration lifetime, long now) {
    if (key == null) {
      throw new IllegalStateException("refresh before the server gave a realm and nonce");
    }
    Duration l = lifetime != null ? lifetime : config.lifetime();
    List<StunAttribute> attrs = new ArrayList<>();
    long seconds = -1;
    if (l != null) {
      seconds = l.getSeconds();
      attrs.add(new StunAttribute.Lifetime(seconds));
    }
    refreshPending = true;
    request(Kind.REFRESH, attrs, 0, List.of(), null, -1, seconds, now);
  }

  /**
   * RFC 8656 §9, §10: installs (or refreshes) permissions for these peers' IP addresses in one
   * CreatePermission request; they are refreshed every 4 minutes from then on.
   */
  public void createPermission(List<InetAddress> peers, long now) {
    requireAllocated("CreatePermission");
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("CreatePermission needs at least one peer");
    }
    List<StunAttribute> attrs = new ArrayList<>();
    for (InetAddress ip : peers) {
      // RFC 8656 §10.1: the port of XOR-PEER-ADDRESS is ignored by the server.
      attrs.add(new StunAttribute.XorPeerAddress(new InetSocketAddress(ip, 0)));
      Permission p = permissions.computeIfAbsent(ip, k -> new Permission());
      p.pending = true;
    }
    request(Kind.CREATE_PERMISSION, attrs, 0, List.copyOf(peers), null, -1, -1, now);
  }

  /**
   * RFC 8656 §12.1: binds a channel to {@code peer} (or refreshes the existing binding), which also
   * installs a permission for its IP address.
   *
   * @return the channel number, 0x4000-0x4FFF
   */
  public int bindChannel(InetSocketAddress peer, long now) {
    requireAllocated("ChannelBind");
    Binding b = bindingsByPeer.get(peer);
    if (b == null) {
      if (nextChannel > ChannelData.MAX_CHANNEL) {
        throw new IllegalStateException("all 4096 channel numbers are in use");
      }
      b = new Binding(nextChannel++, peer);
      bindingsByPeer.put(peer, b);
      bindingsByChannel.put(b.channel, b);
    }
    sendChannelBind(b, now);
    return b.channel;
  }

  private void sendChannelBind(Binding b, long now) {
    b.pending = true;
    List<StunAttribute> attrs =
        List.of(
            new StunAttribute.ChannelNumber(b.channel), new StunAttribute.XorPeerAddress(b.peer));
    request(Kind.CHANNEL_BIND, attrs, 0, List.of(), b.peer, b.channel, -1, now);
  }

  /**
   * Sends {@code data} to {@code peer} through the relay: ChannelData when a channel is bound to
   * the peer (RFC 8656 §12.5), else a Send indication (RFC 8656 §11.1). Does not check permissions:
   * that is the server's job, and a harness wants to see it done.
   */
  public void send(InetSocketAddress peer, byte[] data, long now) {
    requireAllocated("send");
    Binding b = bindingsByPeer.get(peer);
    if (b != null && b.bound) {
      transmits.add(new ChannelData(b.channel, data).encode(config.transport().isReliable()));
      return;
    }
    transmits.add(
        StunMessage.builder(StunClass.INDICATION, TurnMethod.SEND, TransactionId.random())
            .add(new StunAttribute.XorPeerAddress(peer))
            .add(new StunAttribute.Data(data))
            .encode());
  }

  /**
   * Deletes the allocation with a Refresh of lifetime 0 (RFC 8656 §8); a {@link TurnEvent.Deleted}
   * follows its answer. Does nothing unless allocated.
   */
  public void close(long now) {
    if (state != State.ALLOCATED) {
      return;
    }
    state = State.DELETING;
    List<StunAttribute> attrs = List.of(new StunAttribute.Lifetime(0));
    request(Kind.REFRESH, attrs, 0, List.of(), null, -1, 0, now);
  }

  private void requireAllocated(String what) {
    if (state != State.ALLOCATED) {
      throw new IllegalStateException(what + " needs an allocation; state is " + state);
    }
  }

  private void request(
      Kind kind,
      List<StunAttribute> attrs,
      int nonceRetries,
      List<InetAddress> peers,
      InetSocketAddress channelPeer,
      int channel,
      long lifetime,
      long now) {
    TransactionId txId = TransactionId.random();
    StunMessageBuilder b = StunMessage.builder(StunClass.REQUEST, method(kind), txId);
    attrs.forEach(b::add);
    if (key != null) {
      // RFC 8489 §9.2.3.2: USERNAME, REALM, NONCE, then MESSAGE-INTEGRITY over the message.
      b.add(new StunAttribute.Username(config.username()))
          .add(new StunAttribute.Realm(realm))
          .add(new StunAttribute.Nonce(nonce))
          .addMessageIntegrity(key);
    }
    b.addFingerprint();
    var tx = new StunClientTransaction(b.encode(), txId, policy);
    pending.put(
        txId, new Pending(kind, attrs, tx, nonceRetries, peers, channelPeer, channel, lifetime));
    transmits.add(tx.start(now));
  }

  private static int method(Kind kind) {
    return switch (kind) {
      case ALLOCATE -> TurnMethod.ALLOCATE;
      case REFRESH -> TurnMethod.REFRESH;
      case CREATE_PERMISSION -> TurnMethod.CREATE_PERMISSION;
      case CHANNEL_BIND -> TurnMethod.CHANNEL_BIND;
    };
  }

  // ----------------------------------------------------------------------------------------
  // Input

  /** One datagram from the server (UDP), or one message from a {@link TurnStreamFramer}. */
  public void handleInput(byte[] data, long now) {
    if (ChannelData.looksLikeChannelData(data)) {
      handleChannelData(data);
      return;
    }
    if (!StunMessage.looksLikeStun(data)) {
      dropped++;
      return;
    }
    StunMessage m;
    try {
      m = StunMessage.decode(data);
    } catch (StunParseException e) {
      dropped++;
      return;
    }
    if (m.stunClass() == StunClass.INDICATION && m.method() == TurnMethod.DATA) {
      handleDataIndication(m);
      return;
    }
    Pending p = pending.get(m.transactionId());
    if (p == null || !m.stunClass().isResponse() || m.method() != method(p.kind())) {
      dropped++;
      return;
    }
    // RFC 8489 §9.2.5: a response to an authenticated request must carry valid integrity, except
    // the 401 and 438 answers that hand out a new nonce.
    if (key != null
        && m.indexOf(org.rtcheck.stack.stun.StunAttributeType.MESSAGE_INTEGRITY) >= 0
        && !StunIntegrityCheck.messageIntegrity(m, key).passed()) {
      dropped++;
      return;
    }
    p.transaction().handleResponse(m);
    pending.remove(m.transactionId());
    if (m.stunClass() == StunClass.SUCCESS_RESPONSE) {
      onSuccess(p, m, now);
    } else {
      onError(p, m, now);
    }
  }

  private void handleChannelData(byte[] data) {
    ChannelData cd;
    try {
      cd = ChannelData.decode(data);
    } catch (TurnFramingException e) {
      dropped++;
      return;
    }
    Binding b = bindingsByChannel.get(cd.channel());
    if (b == null || !b.bound) {
      // RFC 8656 §12.6: ChannelData on a channel not bound is discarded.
      dropped++;
      return;
    }
    events.add(new TurnEvent.DataReceived(b.peer, cd.data(), cd.channel()));
  }

  private void handleDataIndication(StunMessage m) {
    Optional<StunAttribute.XorPeerAddress> peer = m.first(StunAttribute.XorPeerAddress.class);
    Optional<StunAttribute.Data> data = m.first(StunAttribute.Data.class);
    // RFC 8656 §11.4: without XOR-PEER-ADDRESS or DATA, or from a peer without a permission the
    // client believes in, the indication is discarded.
    if (peer.isEmpty() || data.isEmpty()) {
      dropped++;
      return;
    }
    Permission perm = permissions.get(peer.get().address().getAddress());
    if (perm == null || !(perm.installed || perm.pending)) {
      dropped++;
      return;
    }
    events.add(new TurnEvent.DataReceived(peer.get().address(), data.get().value(), -1));
  }

  private void onSuccess(Pending p, StunMessage m, long now) {
    switch (p.kind()) {
      case ALLOCATE -> {
        var relayedAttr = m.first(StunAttribute.XorRelayedAddress.class);
        var mappedAttr = m.first(StunAttribute.XorMappedAddress.class);
        var lifetimeAttr = m.first(StunAttribute.Lifetime.class);
        // RFC 8656 §7.3: the success response carries all three.
        if (relayedAttr.isEmpty() || mappedAttr.isEmpty() || lifetimeAttr.isEmpty()) {
          fail(
              new TurnError(
                  TurnError.Reason.MALFORMED_RESPONSE,
                  0,
                  "Allocate success response lacks XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS or"
                      + " LIFETIME"));
          return;
        }
        relayed = relayedAttr.get().address();
        mapped = mappedAttr.get().address();
        state = State.ALLOCATED;
        setLifetime(lifetimeAttr.get().seconds(), now);
        events.add(new TurnEvent.Allocated(relayed, mapped, Duration.ofSeconds(lifetimeSeconds)));
      }
      case REFRESH -> {
        refreshPending = false;
        long granted = m.first(StunAttribute.Lifetime.class).map(l -> l.seconds()).orElse(0L);
        if (p.lifetimeSeconds() == 0 || granted == 0) {
          deleted();
          return;
        }
        if (state == State.ALLOCATED) {
          setLifetime(granted, now);
        }
        events.add(new TurnEvent.Refreshed(Duration.ofSeconds(granted)));
      }
      case CREATE_PERMISSION -> {
        for (InetAddress ip : p.peers()) {
          Permission perm = permissions.computeIfAbsent(ip, k -> new Permission());
          perm.installed = true;
          perm.pending = false;
          perm.refreshAt = now + PERMISSION_REFRESH;
        }
        events.add(new TurnEvent.PermissionCreated(p.peers()));
      }
      case CHANNEL_BIND -> {
        Binding b = bindingsByChannel.get(p.channel());
        if (b != null) {
          b.bound = true;
          b.pending = false;
          b.refreshAt = now + CHANNEL_REFRESH;
        }
        // RFC 8656 §12.2: a channel binding also installs or refreshes the permission.
        Permission perm =
            permissions.computeIfAbsent(p.channelPeer().getAddress(), k -> new Permission());
        if (!perm.installed) {
          perm.installed = true;
          perm.refreshAt = now + PERMISSION_REFRESH;
        }
        events.add(new TurnEvent.ChannelBound(p.channelPeer(), p.channel()));
      }
    }
  }

  private void setLifetime(long seconds, long now) {
    lifetimeSeconds = seconds;
    long life = Duration.ofSeconds(seconds).toNanos();
    expiresAt = now + life;
    // RFC 8656 §8: refresh before expiry; a minute early, or halfway for short lifetimes.
    refreshAt = now + Math.max(life / 2, life - Duration.ofSeconds(60).toNanos());
  }

  private void deleted() {
    state = State.DELETED;
    permissions.clear();
    for (Binding b : bindingsByPeer.values()) {
      b.bound = false;
    }
    events.add(new TurnEvent.Deleted());
  }

  private void onError(Pending p, StunMessage m, long now) {
    StunAttribute.ErrorCode ec =
        m.first(StunAttribute.ErrorCode.class)
            .orElse(new StunAttribute.ErrorCode(500, "error response without ERROR-CODE"));
    Optional<String> newNonce = m.first(StunAttribute.Nonce.class).map(StunAttribute.Nonce::value);
    Optional<String> newRealm = m.first(StunAttribute.Realm.class).map(StunAttribute.Realm::value);
    String what = TurnMethod.name(method(p.kind()));
    if (ec.code() == StunAttribute.ErrorCode.UNAUTHENTICATED
        && key == null
        && newNonce.isPresent()
        && newRealm.isPresent()) {
      // RFC 8489 §9.2.5: the first 401 gives realm and nonce; retry with credentials (§9.2.3.2).
      if (config.expectedRealm() != null && !config.expectedRealm().equals(newRealm.get())) {
        failRequest(
            p,
            new TurnError(
                TurnError.Reason.REALM_MISMATCH,
                401,
                "server realm \""
                    + newRealm.get()
                    + "\", expected \""
                    + config.expectedRealm()
                    + "\""));
        return;
      }
      realm = newRealm.get();
      nonce = newNonce.get();
      key =
          StunCredentials.longTerm(
                  config.username(), realm, config.password(), PasswordAlgorithm.MD5)
              .key();
      retry(p, p.nonceRetries(), now);
      return;
    }
    if (ec.code() == StunAttribute.ErrorCode.STALE_NONCE
        && newNonce.isPresent()
        && key != null
        && p.nonceRetries() < MAX_NONCE_RETRIES) {
      // RFC 8489 §9.2.5: 438 carries a new NONCE (and REALM); retry with it.
      nonce = newNonce.get();
      if (newRealm.isPresent() && !newRealm.get().equals(realm)) {
        realm = newRealm.get();
        key =
            StunCredentials.longTerm(
                    config.username(), realm, config.password(), PasswordAlgorithm.MD5)
                .key();
      }
      retry(p, p.nonceRetries() + 1, now);
      return;
    }
    TurnError.Reason reason = TurnError.Reason.fromCode(ec.code());
    failRequest(
        p,
        new TurnError(
            reason, ec.code(), what + " answered " + ec.code() + " \"" + ec.reason() + "\""));
  }

  private void retry(Pending p, int nonceRetries, long now) {
    request(
        p.kind(),
        p.attributes(),
        nonceRetries,
        p.peers(),
        p.channelPeer(),
        p.channel(),
        p.lifetimeSeconds(),
        now);
  }

  private void failRequest(Pending p, TurnError error) {
    switch (p.kind()) {
      case ALLOCATE -> fail(error);
      case REFRESH -> {
        refreshPending = false;
        if (state == State.DELETING) {
          // RFC 8656 §8: whatever the answer, the client considers the allocation gone.
          deleted();
        }
        events.add(new TurnEvent.RefreshFailed(error));
      }
      case CREATE_PERMISSION -> {
        for (InetAddress ip : p.peers()) {
          Permission perm = permissions.get(ip);
          if (perm != null) {
            perm.pending = false;
            if (!perm.installed) {
              permissions.remove(ip);
            }
          }
        }
        events.add(new TurnEvent.PermissionFailed(p.peers(), error));
      }
      case CHANNEL_BIND -> {
        Binding b = bindingsByChannel.get(p.channel());
        if (b != null) {
          b.pending = false;
          if (!b.bound) {
            bindingsByChannel.remove(b.channel);
            bindingsByPeer.remove(b.peer);
          }
        }
        events.add(new TurnEvent.ChannelBindFailed(p.channelPeer(), p.channel(), error));
      }
    }
  }

  private void fail(TurnError error) {
    state = State.FAILED;
    events.add(new TurnEvent.AllocationFailed(error));
  }

  // ----------------------------------------------------------------------------------------
  // Time

  /** Retransmits, times out requests, refreshes what is due and notices expiry. */
  public void handleTimeout(long now) {
    for (var it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      StunClientTransaction tx = p.transaction();
      tx.handleTimeout(now);
      tx.pollTransmit().ifPresent(transmits::add);
      if (tx.outcome() == StunClientTransaction.Outcome.TIMEOUT) {
        it.remove();
        failRequest(
            p,
            new TurnError(
                TurnError.Reason.TIMEOUT,
                0,
                TurnMethod.name(method(p.kind()))
                    + " got no answer after "
                    + tx.sendCount()
                    + " send(s)"));
      }
    }
    if (state != State.ALLOCATED) {
      return;
    }
    if (now - expiresAt >= 0) {
      state = State.EXPIRED;
      events.add(new TurnEvent.Expired());
      return;
    }
    if (!refreshPending && now - refreshAt >= 0) {
      refresh(null, now);
    }
    List<InetAddress> due = new ArrayList<>();
    for (Map.Entry<InetAddress, Permission> e : permissions.entrySet()) {
      Permission perm = e.getValue();
      if (perm.installed && !perm.pending && now - perm.refreshAt >= 0) {
        due.add(e.getKey());
      }
    }
    if (!due.isEmpty()) {
      createPermission(due, now);
    }
    for (Binding b : List.copyOf(bindingsByPeer.values())) {
      if (b.bound && !b.pending && now - b.refreshAt >= 0) {
        sendChannelBind(b, now);
      }
    }
  }

  /** When {@link #handleTimeout} must run next, if anything is scheduled. */
  public OptionalLong pollTimeout() {
    long at = Long.MAX_VALUE;
    for (Pending p : pending.values()) {
      at = Math.min(at, p.transaction().nextDeadline().orElse(Long.MAX_VALUE));
    }
    if (state == State.ALLOCATED) {
      at = Math.min(at, expiresAt);
      if (!refreshPending) {
        at = Math.min(at, refreshAt);
      }
      for (Permission perm : permissions.values()) {
        if (perm.installed && !perm.pending) {
          at = Math.min(at, perm.refreshAt);
        }
      }
      for (Binding b : bindingsByPeer.values()) {
        if (b.bound && !b.pending) {
          at = Math.min(at, b.refreshAt);
        }
      }
    }
    return at == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(at);
  }

  /** The next message to send to the server, if any. */
  public Optional<byte[]> pollTransmit() {
    return Optional.ofNullable(transmits.poll());
  }

  public Optional<TurnEvent> pollEvent() {
    return Optional.ofNullable(events.poll());
  }

  /** True while a request is waiting for its answer. */
  public boolean hasPendingRequests() {
    return !pending.isEmpty();
  }
}
