package org.rtcheck.stack.ice;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.rtcheck.stack.stun.RetransmissionPolicy;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunAttributeType;
import org.rtcheck.stack.stun.StunCheckResult;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunClientTransaction;
import org.rtcheck.stack.stun.StunFingerprintCheck;
import org.rtcheck.stack.stun.StunIntegrityCheck;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunParseException;
import org.rtcheck.stack.stun.TransactionId;

/**
 * A full ICE agent (RFC 8445) for one data stream, sans-IO: it never reads a clock, opens a socket
 * or starts a thread. Time is a monotonic {@code long} in nanoseconds passed to every call.
 *
 * <p>The driver gathers candidates and hands them in ({@link #addLocalCandidate}), signals the ones
 * the agent reports ({@link IceEvent.LocalCandidate}), hands in the peer's credentials and
 * candidates, feeds every received STUN datagram to {@link #handleDatagram}, calls {@link
 * #handleTimeout} at {@link #pollTimeout}, and sends whatever {@link #pollTransmit} returns (a
 * relayed local candidate through its {@link RelayTransport}).
 *
 * <p>Implemented: check lists with the frozen/waiting/in-progress/succeeded/failed states and the
 * foundation unfreezing rules (§6.1.2.6, §6.1.4.2, §7.2.5.3.3), pacing with Ta (§14.2),
 * retransmissions (§14.3), triggered checks (§7.3.1.4), peer-reflexive local and remote candidates
 * (§7.2.5.3.1, §7.3.1.3), regular nomination (§8.1.1), role conflicts (§7.3.1.1, §7.2.5.1), trickle
 * (RFC 8838), consent freshness (RFC 7675), ICE restart (§9), lite peers (§6.1.1) and mDNS names
 * through a {@link HostnameResolver}.
 *
 * <p>TCP candidates (RFC 6544): active, passive and simultaneous-open host candidates pair by the
 * §6.2 rules ({@link TcpPairing}); checks on an active pair ask the driver to open the connection
 * ({@link IceTransmit#opensConnection()}, §7.1); a passive candidate learns the peer's ephemeral
 * address as a peer-reflexive remote candidate and checks back over the same connection (§7.2). TCP
 * checks are sent once and not retransmitted (the transport is reliable: one transaction with the
 * RFC 8489 §6.2.2 Ti timeout); consent freshness runs over the same connection. The driver passes
 * TCP messages (one RFC 4571 frame each) to {@link #handleDatagram(byte[], TransportProtocol,
 * InetSocketAddress, InetSocketAddress, long)}.
 *
 * <p>Not implemented: TCP server-reflexive and relayed candidates (the driver does not gather
 * them); simultaneous-open candidates pair and check like active ones, but no driver opens a
 * simultaneous-open connection yet; aggressive nomination (deprecated by RFC 8445).
 *
 * <p>Not thread-safe: drive it from one thread.
 */
public final class IceAgent {

  /** RFC 8445 §16.1 / RFC 8489 §18.2. */
  private static final int BINDING = StunMessage.BINDING;

  private static final int BAD_REQUEST = 400;
  private static final int UNAUTHENTICATED = 401;
  private static final int ROLE_CONFLICT = 487;

  /**
   * RFC 6544 §7.1 with RFC 8489 §6.2.2: a check over TCP is sent once; its transaction fails after
   * Ti = 39.5 s without a response (or at once when the connection cannot be opened).
   */
  private static final RetransmissionPolicy TCP_CHECK =
      new RetransmissionPolicy(Duration.ofMillis(39_500), 1, 1);

  private enum CheckKind {
    CONNECTIVITY,
    CONSENT
  }

  /** One outstanding Binding request we sent. */
  private static final class Check {
    final CheckKind kind;
    final CandidatePair pair;
    final StunClientTransaction transaction;
    final IceRole claimedRole;
    final boolean useCandidate;
    final long priority;
    final IceCredentials remote;
    final int generation;

    /**
     * RFC 8445 §7.3.1.4: a cancelled check is not retransmitted and its timeout is no failure, but
     * a response to it still counts.
     */
    boolean cancelled;

    Check(
        CheckKind kind,
        CandidatePair pair,
        StunClientTransaction transaction,
        IceRole claimedRole,
        boolean useCandidate,
        long priority,
        IceCredentials remote,
        int generation) {
      this.kind = kind;
      this.pair = pair;
      this.transaction = transaction;
      this.claimedRole = claimedRole;
      this.useCandidate = useCandidate;
      this.priority = priority;
      this.remote = remote;
      this.generation = generation;
    }
  }

  private record Resolution(Candidate candidate, Optional<InetAddress> address, int generation) {}

  private final IceConfig config;
  private final long taNanos;
  private IceRole role;
  private final long tieBreaker;
  private IceCredentials localCredentials;
  private IceCredentials remoteCredentials;
  private boolean remoteLite;

  /** Bumped by {@link #restart}: responses to older checks are ignored. */
  private int generation;

  private final List<Candidate> localCandidates = new ArrayList<>();
  private final List<Candidate> remoteCandidates = new ArrayList<>();
  private final CheckList checkList;
  private final List<CandidatePair> validList = new ArrayList<>();
  private final Map<TransactionId, Check> checks = new LinkedHashMap<>();
  private final Deque<IceTransmit> transmits = new ArrayDeque<>();
  private final Deque<IceEvent> events = new ArrayDeque<>();

  /**
   * Filled by the resolver's callback; concurrent so that a misplaced callback cannot corrupt it.
   */
  private final Deque<Resolution> resolutions = new java.util.concurrent.ConcurrentLinkedDeque<>();

  private final Map<Integer, CandidatePair> selected = new HashMap<>();
  private final Map<Integer, Long> firstValidAt = new HashMap<>();
  private int remotePrflxCount;
  private int pendingResolutions;

  private IceGatheringState gatheringState = IceGatheringState.NEW;
  private IceConnectionState connectionState = IceConnectionState.NEW;
  private boolean remoteEndOfCandidates;
  private boolean consentLost;

  /** Ta pacing: when the next ordinary or triggered check may go out (RFC 8445 §6.1.4.2). */
  private long nextCheckAt;

  private boolean pacing;
  private long now;

  /**
   * An agent in {@code role} with random credentials and tie-breaker (RFC 8445 §5.3, §7.1.3) from
   * the configured random source.
   */
  public IceAgent(IceConfig config, IceRole role) {
    this(config, role, IceCredentials.random(config.random()), config.random().nextLong());
  }

  /**
   * An agent with given credentials and tie-breaker, for a harness that needs to know them in
   * advance (vectors, crafted checks). Applications use the other constructor.
   */
  public IceAgent(IceConfig config, IceRole role, IceCredentials local, long tieBreaker) {
    this.config = Objects.requireNonNull(config, "config");
    this.role = Objects.requireNonNull(role, "role");
    this.localCredentials = Objects.requireNonNull(local, "local");
    this.tieBreaker = tieBreaker;
    this.taNanos = config.ta().toNanos();
    this.checkList = new CheckList(config.maxPairs());
  }

  // ------------------------------------------------------------------------------------------
  // Accessors

  public IceRole role() {
    return role;
  }

  public long tieBreaker() {
    return tieBreaker;
  }

  public IceCredentials localCredentials() {
    return localCredentials;
  }

  public Optional<IceCredentials> remoteCredentials() {
    return Optional.ofNullable(remoteCredentials);
  }

  public IceConnectionState connectionState() {
    return connectionState;
  }

  public IceGatheringState gatheringState() {
    return gatheringState;
  }

  public List<Candidate> localCandidates() {
    return List.copyOf(localCandidates);
  }

  public List<Candidate> remoteCandidates() {
    return List.copyOf(remoteCandidates);
  }

  /** The check list, highest priority first. */
  public List<CandidatePair> checkList() {
    return List.copyOf(checkList.pairs());
  }

  public List<CandidatePair> validList() {
    return List.copyOf(validList);
  }

  /**
   * The pair to send component {@code component}'s data on: the nominated pair once there is one,
   * before that the best valid pair (RFC 8445 §12.1 allows data on valid pairs); empty when there
   * is none or consent was lost (RFC 7675 §5.1: stop sending).
   */
  public Optional<CandidatePair> selectedPair(int component) {
    if (consentLost || connectionState == IceConnectionState.CLOSED) {
      return Optional.empty();
    }
    return Optional.ofNullable(selected.get(component));
  }

  public Optional<CandidatePair> selectedPair() {
    return selectedPair(1);
  }

  // ------------------------------------------------------------------------------------------
  // Inputs from signaling

  /**
   * The peer's ufrag and password (RFC 8839 §5.4). Checks start once these and at least one remote
   * candidate are known. Different credentials than the ones already set mean the peer restarted
   * ICE (RFC 8839 §4.4.1.1.1): this agent restarts too, with new local credentials to signal back
   * (an {@link IceEvent.Restarted} event carries them).
   */
  public void setRemoteCredentials(IceCredentials remote, long now) {
    enter(now);
    Objects.requireNonNull(remote);
    if (remoteCredentials != null && !remoteCredentials.equals(remote)) {
      restart(now);
    }
    this.remoteCredentials = remote;
    // RFC 8445 §9: the old selected pair carries the media until the restart selects another.
    // Its consent (RFC 7675), paused while the credentials were unknown, goes on with the new
    // ones, which the restarted peer answers; a peer that never completes the restart (no checks,
    // no nomination) then still gets its data instead of a pair that falls silent.
    for (CandidatePair p : selected.values()) {
      if (p.nextConsentAt == Long.MAX_VALUE) {
        p.nextConsentAt = now;
      }
    }
    schedulePacing();
    updateState();
  }

  /**
   * Declares the peer an ICE-lite implementation ({@code a=ice-lite}, RFC 8839 §5.3). RFC 8445
   * §6.1.1: a full agent facing a lite one takes the controlling role.
   */
  public void setRemoteLite(boolean lite, long now) {
    enter(now);
    this.remoteLite = lite;
    if (lite && role != IceRole.CONTROLLING) {
      switchRole(IceRole.CONTROLLING);
    }
  }

  /**
   * A local candidate the driver gathered. The agent pairs it with the remote candidates and
   * reports it for trickling (RFC 8838 §8). Server-reflexive candidates are signalled but not
   * paired: they pair as their base, which is already a host candidate (RFC 8445 §6.1.2.4).
   */
  public void addLocalCandidate(Candidate candidate, long now) {
    enter(now);
    Objects.requireNonNull(candidate);
    if (!candidate.isLocal()) {
      throw new IllegalArgumentException("a local candidate needs a base: " + candidate);
    }
    if (candidate.component() > config.components()) {
      throw new IllegalArgumentException(
          "component " + candidate.component() + " but the stream has " + config.components());
    }
    if (gatheringState == IceGatheringState.COMPLETE) {
      // RFC 8838 §8.2: nothing may follow end-of-candidates in the same generation.
      throw new IllegalStateException("gathering already complete (end-of-candidates sent)");
    }
    for (Candidate c : localCandidates) {
      if (c.address().equals(candidate.address())
          && c.transport() == candidate.transport()
          && c.component() == candidate.component()) {
        return; // RFC 8445 §5.1.3: redundant, keep the one already there
      }
    }
    setGathering(IceGatheringState.GATHERING);
    localCandidates.add(candidate);
    events.add(new IceEvent.LocalCandidate(candidate));
    if (isPairable(candidate)) {
      for (Candidate remote : remoteCandidates) {
        addPair(candidate, remote);
      }
    }
    schedulePacing();
    updateState();
  }

  /** Gathering finished: state complete and an end-of-candidates event (RFC 8838 §8.2). */
  public void endOfLocalCandidates(long now) {
    enter(now);
    if (gatheringState == IceGatheringState.COMPLETE) {
      return; // said once per generation
    }
    setGathering(IceGatheringState.GATHERING);
    setGathering(IceGatheringState.COMPLETE);
    events.add(new IceEvent.LocalEndOfCandidates());
    updateState();
  }

  /**
   * A candidate from the peer, at any time (trickle, RFC 8838 §11). mDNS names are resolved through
   * the configured resolver first and ignored without one.
   */
  public void addRemoteCandidate(Candidate candidate, long now) {
    enter(now);
    Objects.requireNonNull(candidate);
    if (candidate.component() > config.components()) {
      events.add(
          new IceEvent.RemoteCandidateIgnored(
              candidate, "component " + candidate.component() + " is not in this stream"));
      return;
    }
    if (candidate.isMdns()) {
      if (config.resolver() == null) {
        events.add(new IceEvent.RemoteCandidateIgnored(candidate, "no mDNS resolver"));
        return;
      }
      pendingResolutions++;
      int requestedIn = generation;
      config
          .resolver()
          .resolve(
              candidate.address().getHostString(),
              address -> resolutions.add(new Resolution(candidate, address, requestedIn)));
      drainResolutions(); // a resolver that answers at once
      updateState();
      return;
    }
    if (candidate.address().isUnresolved()) {
      events.add(
          new IceEvent.RemoteCandidateIgnored(candidate, "an FQDN that is not an mDNS name"));
      return;
    }
    acceptRemote(candidate);
    updateState();
  }

  /** The peer signalled end-of-candidates (RFC 8838 §13). */
  public void endOfRemoteCandidates(long now) {
    enter(now);
    remoteEndOfCandidates = true;
    updateState();
  }

  /**
   * ICE restart (RFC 8445 §9): new local credentials, the remote side forgotten, a new check list.
   * The pairs selected so far keep carrying data until new ones are selected. Gathered local
   * candidates are kept and reported again for signalling (with end-of-candidates if gathering was
   * complete); peer-reflexive ones, learned from the old session's checks, are dropped. Roles are
   * kept (§9).
   */
  public IceCredentials restart(long now) {
    return restart(IceCredentials.random(config.random()), now);
  }

  /**
   * {@link #restart(long)} with the new local credentials chosen by signaling: JSEP puts fresh ones
   * in the restart offer or answer (RFC 9429 §5.2.3.1, §5.3.2), and the agent must use those.
   */
  public IceCredentials restart(IceCredentials local, long now) {
    Objects.requireNonNull(local);
    enter(now);
    generation++;
    localCredentials = local;
    remoteCredentials = null;
    remoteCandidates.clear();
    checkList.clear();
    validList.clear();
    checks.values().removeIf(c -> c.kind == CheckKind.CONNECTIVITY);
    firstValidAt.clear();
    remoteEndOfCandidates = false;
    remoteLite = false;
    pacing = false;
    for (CandidatePair p : selected.values()) {
      // Consent is paused during the restart: the peer will refuse the old credentials.
      p.lastConsentAt = now;
      p.nextConsentAt = Long.MAX_VALUE;
    }
    if (consentLost) {
      consentLost = false;
      selected.clear();
    }
    localCandidates.removeIf(c -> c.type() == CandidateType.PEER_REFLEXIVE);
    for (Candidate c : localCandidates) {
      events.add(new IceEvent.LocalCandidate(c));
    }
    if (gatheringState == IceGatheringState.COMPLETE) {
      events.add(new IceEvent.LocalEndOfCandidates());
    }
    if (connectionState == IceConnectionState.FAILED
        || connectionState == IceConnectionState.DISCONNECTED) {
      setConnectionState(IceConnectionState.CHECKING);
    }
    events.add(new IceEvent.Restarted(localCredentials));
    return localCredentials;
  }

  /** Stops everything: no more checks, state closed. */
  public void close(long now) {
    enter(now);
    checks.clear();
    checkList.clear();
    transmits.clear();
    pacing = false;
    setConnectionState(IceConnectionState.CLOSED);
  }

  // ------------------------------------------------------------------------------------------
  // Inputs from the network and the clock

  /**
   * A datagram that arrived on the local transport address {@code local} (a host candidate's
   * socket, or a relayed candidate's allocation) from {@code source}.
   *
   * @return true if it was a STUN message for the agent; false for anything else (application data
   *     the driver demultiplexes elsewhere, RFC 7983)
   */
  public boolean handleDatagram(
      byte[] data, InetSocketAddress local, InetSocketAddress source, long now) {
    return handleDatagram(data, TransportProtocol.UDP, local, source, now);
  }

  /**
   * A message that arrived over {@code transport}: a UDP datagram, or one RFC 4571 frame read from
   * a TCP connection. For TCP, {@code local} is the local candidate's address (the listening
   * address of a passive candidate, the port-9 address of an active one) and {@code source} the
   * peer's end of the connection.
   *
   * @return true if it was a STUN message for the agent; false for anything else
   */
  public boolean handleDatagram(
      byte[] data,
      TransportProtocol transport,
      InetSocketAddress local,
      InetSocketAddress source,
      long now) {
    enter(now);
    Objects.requireNonNull(transport, "transport");
    if (!StunMessage.looksLikeStun(data)) {
      return false;
    }
    StunMessage message;
    try {
      message = StunMessage.decode(data);
    } catch (StunParseException e) {
      return true; // malformed STUN is dropped (RFC 8489 §6.3)
    }
    if (connectionState == IceConnectionState.CLOSED || message.method() != BINDING) {
      return true;
    }
    switch (message.stunClass()) {
      case REQUEST -> handleRequest(message, transport, local, source);
      case SUCCESS_RESPONSE, ERROR_RESPONSE -> handleResponse(message, transport, local, source);
      case INDICATION -> {
        // RFC 8445 §11: Binding indications are keepalives; nothing to do.
      }
    }
    updateState();
    return true;
  }

  /**
   * The driver could not open (or lost) the TCP connection from the local candidate at {@code
   * local} to {@code remote}: the connectivity checks waiting on it fail now instead of after the
   * transaction timeout (RFC 6544 §7.1). Consent on a lost connection expires by time (RFC 7675).
   */
  public void handleTcpConnectionFailure(
      InetSocketAddress local, InetSocketAddress remote, long now) {
    enter(now);
    for (Iterator<Check> it = checks.values().iterator(); it.hasNext(); ) {
      Check check = it.next();
      CandidatePair pair = check.pair;
      if (check.kind == CheckKind.CONNECTIVITY
          && pair.local().transport() == TransportProtocol.TCP
          && pair.local().base().equals(local)
          && pair.remote().address().equals(remote)) {
        it.remove();
        onCheckTimeout(check);
      }
    }
    updateState();
  }

  /** Advances time: pacing, retransmissions, timeouts, nomination, consent. */
  public void handleTimeout(long now) {
    enter(now);
    if (connectionState == IceConnectionState.CLOSED) {
      return;
    }
    // Retransmissions and transaction timeouts (RFC 8445 §14.3, RFC 8489 §6.2.1).
    for (Iterator<Check> it = checks.values().iterator(); it.hasNext(); ) {
      Check check = it.next();
      check.transaction.handleTimeout(now);
      check
          .transaction
          .pollTransmit()
          .ifPresent(
              b -> {
                if (!check.cancelled) {
                  send(check.pair, b);
                }
              });
      if (check.transaction.outcome() == StunClientTransaction.Outcome.TIMEOUT) {
        it.remove();
        onCheckTimeout(check);
      }
    }
    // Ta pacing (RFC 8445 §6.1.4.2): one check per tick.
    if (pacing && now - nextCheckAt >= 0) {
      if (sendNextCheck()) {
        nextCheckAt = now + taNanos;
      } else {
        pacing = false;
      }
    }
    maybeNominate();
    runConsent();
    updateState();
  }

  /** When {@link #handleTimeout} must run next; empty when nothing is scheduled. */
  public OptionalLong pollTimeout() {
    if (connectionState == IceConnectionState.CLOSED) {
      return OptionalLong.empty();
    }
    long next = Long.MAX_VALUE;
    if (!resolutions.isEmpty()) {
      next = now;
    }
    if (pacing) {
      next = Math.min(next, nextCheckAt);
    }
    for (Check c : checks.values()) {
      OptionalLong d = c.transaction.nextDeadline();
      if (d.isPresent()) {
        next = Math.min(next, d.getAsLong());
      }
    }
    for (int component = 1; component <= config.components(); component++) {
      if (role == IceRole.CONTROLLING && !hasNominated(component)) {
        Long first = firstValidAt.get(component);
        if (first != null && !nominationOutstanding(component)) {
          next = Math.min(next, first + config.nominationDelay().toNanos());
        }
      }
    }
    if (!consentLost) {
      for (CandidatePair p : selected.values()) {
        if (p.nextConsentAt != Long.MAX_VALUE) {
          next = Math.min(next, p.nextConsentAt);
        }
        // State changes at these instants; once passed they are no deadline any more.
        long silentAt = p.lastConsentAt + config.disconnectedAfter().toNanos();
        long expiresAt = p.lastConsentAt + config.consentTimeout().toNanos();
        if (silentAt - now > 0) {
          next = Math.min(next, silentAt);
        }
        if (expiresAt - now > 0 && remoteCredentials != null) {
          next = Math.min(next, expiresAt);
        }
      }
    }
    return next == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(next);
  }

  public Optional<IceTransmit> pollTransmit() {
    return Optional.ofNullable(transmits.poll());
  }

  public Optional<IceEvent> pollEvent() {
    return Optional.ofNullable(events.poll());
  }

  // ------------------------------------------------------------------------------------------
  // Pairing (RFC 8445 §6.1.2)

  private static boolean isPairable(Candidate local) {
    // §6.1.2.4: srflx pairs as its base (a host candidate already present); prflx local
    // candidates only come from checks. Over TCP only host candidates are gathered.
    return local.type() == CandidateType.HOST
        || (local.type() == CandidateType.RELAYED && local.transport() == TransportProtocol.UDP);
  }

  private static boolean compatible(Candidate local, Candidate remote) {
    if (local.component() != remote.component() || local.transport() != remote.transport()) {
      return false; // RFC 6544 §6.2: the same transport protocol only
    }
    if (local.transport() == TransportProtocol.TCP
        && !TcpPairing.canPair(local.tcpType(), remote.tcpType())) {
      return false; // RFC 6544 §6.2: active-passive, passive-active, so-so
    }
    InetAddress l = local.address().getAddress();
    InetAddress r = remote.address().getAddress();
    if ((l instanceof Inet6Address) != (r instanceof Inet6Address)) {
      return false; // §6.1.2.2: same IP address family
    }
    // §6.1.2.2: an IPv6 link-local local candidate pairs only with a link-local remote one.
    return l.isLinkLocalAddress() == r.isLinkLocalAddress() || !(l instanceof Inet6Address);
  }

  private void acceptRemote(Candidate candidate) {
    for (int i = 0; i < remoteCandidates.size(); i++) {
      Candidate known = remoteCandidates.get(i);
      if (known.address().equals(candidate.address())
          && known.component() == candidate.component()
          && known.transport() == candidate.transport()) {
        if (known.type() == CandidateType.PEER_REFLEXIVE
            && candidate.type() != CandidateType.PEER_REFLEXIVE) {
          // RFC 8838 §11.4: the signalled candidate replaces the peer-reflexive one we learned.
          remoteCandidates.set(i, candidate);
          checkList.replaceRemote(known, candidate, role);
          for (CandidatePair p : validList) {
            if (p.remote() == known) {
              p.remote(candidate);
            }
          }
        }
        return;
      }
    }
    remoteCandidates.add(candidate);
    for (Candidate local : localCandidates) {
      if (isPairable(local)) {
        addPair(local, candidate);
      }
    }
    schedulePacing();
  }

  /**
   * Adds a pair of compatible candidates to the check list for ordinary checks (§6.1.2); returns
   * it, or null. RFC 6544 §6.2: pairs with a passive local candidate are pruned.
   */
  private CandidatePair addPair(Candidate local, Candidate remote) {
    if (local.transport() == TransportProtocol.TCP
        && !TcpPairing.isOrdinarilyChecked(local.tcpType())) {
      return null;
    }
    return addTriggeredPair(local, remote);
  }

  /** Adds a compatible pair for a triggered check (§7.3.1.4), passive TCP ones included. */
  private CandidatePair addTriggeredPair(Candidate local, Candidate remote) {
    return compatible(local, remote) ? checkList.add(local, remote, role) : null;
  }

  // ------------------------------------------------------------------------------------------
  // Sending checks (RFC 8445 §6.1.4.2, §7.2.4)

  private void schedulePacing() {
    if (!pacing && remoteCredentials != null && connectionState != IceConnectionState.CLOSED) {
      pacing = true;
      nextCheckAt = Math.max(nextCheckAt, now);
    }
  }

  /** One tick of the pacer (§6.1.4.2); false when there was nothing to send. */
  private boolean sendNextCheck() {
    if (remoteCredentials == null) {
      return false;
    }
    CandidatePair pair = checkList.next();
    if (pair == null) {
      return false;
    }
    startCheck(pair, pair.nominating);
    return true;
  }

  private void startCheck(CandidatePair pair, boolean useCandidate) {
    // §7.2.4: PRIORITY is what a peer-reflexive candidate learned from this check would get.
    long prflxPriority =
        CandidatePriority.compute(
            CandidateType.PEER_REFLEXIVE,
            (int) ((pair.local().priority() >> 8) & 0xFFFF),
            pair.component());
    TransactionId txId = randomTransactionId();
    var b =
        StunMessage.builder(StunClass.REQUEST, BINDING, txId)
            .add(new StunAttribute.Username(remoteCredentials.ufrag() + ":" + localUfrag()))
            .add(new StunAttribute.Priority(prflxPriority))
            .add(
                role == IceRole.CONTROLLING
                    ? new StunAttribute.IceControlling(tieBreaker)
                    : new StunAttribute.IceControlled(tieBreaker));
    if (useCandidate) {
      b.add(new StunAttribute.UseCandidate()); // §7.1.2 / §8.1.1
    }
    byte[] request =
        b.addMessageIntegrity(remoteCredentials.pwd().getBytes(UTF_8)).addFingerprint().encode();
    // §14.3: RTO = MAX(500 ms, Ta * (Num-Waiting + Num-In-Progress)).
    int active = checkList.activeCount();
    Duration rto = Duration.ofNanos(Math.max(Duration.ofMillis(500).toNanos(), taNanos * active));
    var transaction =
        new StunClientTransaction(
            request,
            txId,
            isTcp(pair)
                ? TCP_CHECK
                : new RetransmissionPolicy(rto, config.checkRc(), config.checkRm()));
    if (pair.state() != CandidatePairState.SUCCEEDED) {
      pair.state(CandidatePairState.IN_PROGRESS);
    }
    checks.put(
        txId,
        new Check(
            CheckKind.CONNECTIVITY,
            pair,
            transaction,
            role,
            useCandidate,
            prflxPriority,
            remoteCredentials,
            generation));
    send(pair, transaction.start(now));
  }

  /**
   * Queues a datagram on a pair. It leaves from the pair's base (§7.2.4), so a peer-reflexive local
   * candidate sends through the host or relayed candidate that is its base.
   */
  private void send(CandidatePair pair, byte[] bytes) {
    Candidate from = localFor(pair.local().base(), pair.local().transport());
    transmits.add(
        new IceTransmit(from != null ? from : pair.local(), pair.remote().address(), bytes));
  }

  private String localUfrag() {
    return localCredentials.ufrag();
  }

  private TransactionId randomTransactionId() {
    byte[] id = new byte[TransactionId.LENGTH];
    config.random().nextBytes(id);
    return TransactionId.of(id);
  }

  // ------------------------------------------------------------------------------------------
  // Receiving requests (RFC 8445 §7.3)

  private void handleRequest(
      StunMessage request,
      TransportProtocol transport,
      InetSocketAddress local,
      InetSocketAddress src) {
    if (StunFingerprintCheck.verify(request).status() == StunCheckResult.Status.FAIL) {
      return; // RFC 8445 §7.3: a bad FINGERPRINT means it is not a check: drop it
    }
    Optional<StunAttribute.Username> username = request.first(StunAttribute.Username.class);
    if (username.isEmpty() || request.indexOf(StunAttributeType.MESSAGE_INTEGRITY) < 0) {
      respondError(request, transport, local, src, BAD_REQUEST, "Bad Request"); // RFC 8489 §9.1.3
      return;
    }
    String user = username.get().value();
    int colon = user.indexOf(':');
    byte[] key = localCredentials.pwd().getBytes(UTF_8);
    if (colon < 0
        || !user.substring(0, colon).equals(localUfrag())
        || !StunIntegrityCheck.messageIntegrity(request, key).passed()) {
      respondError(
          request, transport, local, src, UNAUTHENTICATED, "Unauthenticated"); // RFC 8489 §9.1.3
      return;
    }
    Optional<StunAttribute.Priority> priority = request.first(StunAttribute.Priority.class);
    if (priority.isEmpty() || !CandidatePriority.isValid(priority.get().priority())) {
      respondError(
          request,
          transport,
          local,
          src,
          BAD_REQUEST,
          "PRIORITY missing or not 1..2^31-1 (RFC 8445 §7.1.1)");
      return;
    }
    // §7.3.1.1 role conflict.
    Optional<StunAttribute.IceControlling> controlling =
        request.first(StunAttribute.IceControlling.class);
    Optional<StunAttribute.IceControlled> controlled =
        request.first(StunAttribute.IceControlled.class);
    RoleConflict.Resolution resolution = RoleConflict.Resolution.NONE;
    if (controlling.isPresent()) {
      resolution =
          RoleConflict.onRequest(
              role, tieBreaker, IceRole.CONTROLLING, controlling.get().tieBreaker());
    } else if (controlled.isPresent()) {
      resolution =
          RoleConflict.onRequest(
              role, tieBreaker, IceRole.CONTROLLED, controlled.get().tieBreaker());
    }
    if (resolution == RoleConflict.Resolution.RESPOND_487) {
      respondError(request, transport, local, src, ROLE_CONFLICT, "Role Conflict");
      return;
    }
    if (resolution == RoleConflict.Resolution.SWITCH_ROLE) {
      switchRole(role.opposite());
    }

    // §7.3.1.2: the success response, from the address the request arrived on.
    Candidate localCandidate = localFor(local, transport);
    byte[] response =
        StunMessage.builder(StunClass.SUCCESS_RESPONSE, BINDING, request.transactionId())
            .add(new StunAttribute.XorMappedAddress(src))
            .addMessageIntegrity(key)
            .addFingerprint()
            .encode();
    Candidate from = localCandidate != null ? localCandidate : unknownLocal(transport, local);
    transmits.add(new IceTransmit(from, src, response));
    if (localCandidate == null) {
      return; // arrived on an address we do not know as a candidate: answered, not paired
    }

    // §7.3.1.3: an unknown source is a peer-reflexive remote candidate.
    // RFC 6544 §7.2: over TCP that is the peer's end of the connection it opened to us.
    Candidate remote = remoteFor(src, localCandidate.component(), transport);
    if (remote == null) {
      remotePrflxCount++;
      remote =
          new Candidate(
              "prflx" + remotePrflxCount,
              localCandidate.component(),
              transport,
              priority.get().priority(),
              src,
              CandidateType.PEER_REFLEXIVE,
              null,
              transport == TransportProtocol.TCP
                  ? TcpPairing.peerReflexiveRemote(localCandidate.tcpType())
                  : null,
              null,
              null,
              List.of());
      remoteCandidates.add(remote);
      events.add(new IceEvent.RemotePeerReflexiveCandidate(remote));
    }

    // §7.3.1.4: triggered check.
    CandidatePair pair = findPair(localCandidate, remote);
    if (pair == null) {
      pair = addTriggeredPair(localCandidate, remote);
      if (pair == null) {
        return;
      }
      checkList.trigger(pair);
    } else if (pair.state() == CandidatePairState.IN_PROGRESS
        && transport == TransportProtocol.TCP) {
      // RFC 6544 §7.1: TCP does not lose our check; its response is still coming.
    } else {
      switch (pair.state()) {
        case SUCCEEDED -> {
          // Nothing to check again.
        }
        case IN_PROGRESS -> {
          // The peer reached us, so our check may just have been lost or dropped by a NAT that
          // only now has a binding: cancel it and check again at once.
          for (Check c : checks.values()) {
            if (c.pair == pair && c.kind == CheckKind.CONNECTIVITY) {
              c.cancelled = true;
            }
          }
          checkList.trigger(pair);
        }
        case FAILED, FROZEN, WAITING -> checkList.trigger(pair);
      }
    }
    schedulePacing();

    // §7.3.1.5: USE-CANDIDATE, controlled side.
    if (role == IceRole.CONTROLLED && request.first(StunAttribute.UseCandidate.class).isPresent()) {
      if (pair.state() == CandidatePairState.SUCCEEDED) {
        CandidatePair valid = validPairFor(pair);
        if (valid != null) {
          nominate(valid);
        }
      } else {
        pair.nominateOnSuccess = true;
      }
    }
  }

  private void respondError(
      StunMessage request,
      TransportProtocol transport,
      InetSocketAddress local,
      InetSocketAddress src,
      int code,
      String why) {
    var b =
        StunMessage.builder(StunClass.ERROR_RESPONSE, BINDING, request.transactionId())
            .add(new StunAttribute.ErrorCode(code, why));
    if (code == ROLE_CONFLICT) {
      // The requester authenticated: protect the answer so it trusts the 487.
      b.addMessageIntegrity(localCredentials.pwd().getBytes(UTF_8));
    }
    Candidate from = localFor(local, transport);
    transmits.add(
        new IceTransmit(
            from != null ? from : unknownLocal(transport, local),
            src,
            b.addFingerprint().encode()));
  }

  // ------------------------------------------------------------------------------------------
  // Receiving responses (RFC 8445 §7.2.5)

  private void handleResponse(
      StunMessage response,
      TransportProtocol transport,
      InetSocketAddress local,
      InetSocketAddress src) {
    Check check = checks.get(response.transactionId());
    if (check == null) {
      return;
    }
    byte[] key = check.remote.pwd().getBytes(UTF_8);
    if (StunFingerprintCheck.verify(response).status() == StunCheckResult.Status.FAIL
        || !StunIntegrityCheck.messageIntegrity(response, key).passed()) {
      return; // §7.2.5: an unauthenticated response is ignored; the transaction continues
    }
    if (!check.transaction.handleResponse(response)) {
      return;
    }
    checks.remove(response.transactionId());
    CandidatePair pair = check.pair;
    if (check.kind == CheckKind.CONSENT) {
      if (response.stunClass() == StunClass.SUCCESS_RESPONSE) {
        pair.lastConsentAt = now; // RFC 7675 §5.1
      }
      return;
    }
    if (check.generation != generation) {
      return;
    }
    pair.nominating = false;
    if (response.stunClass() == StunClass.ERROR_RESPONSE) {
      int code = response.first(StunAttribute.ErrorCode.class).map(e -> e.code()).orElse(0);
      if (code == ROLE_CONFLICT) {
        // §7.2.5.1: switch to the role opposite the one claimed, then retry the pair.
        IceRole next = RoleConflict.afterResponse487(check.claimedRole);
        if (next != role) {
          switchRole(next);
        }
        checkList.trigger(pair);
        schedulePacing();
      } else {
        pair.state(CandidatePairState.FAILED); // §7.2.5.2.4: unrecoverable error
      }
      return;
    }
    // §7.2.5.2.1: the response must come from where the request went, to where it came from.
    if (!src.equals(pair.remote().address())
        || !local.equals(pair.local().base())
        || transport != pair.local().transport()) {
      pair.state(CandidatePairState.FAILED);
      return;
    }
    Optional<StunAttribute.XorMappedAddress> mapped =
        response.first(StunAttribute.XorMappedAddress.class);
    if (mapped.isEmpty()) {
      pair.state(CandidatePairState.FAILED);
      return;
    }
    // §7.2.5.3.1: a mapped address we do not know is a peer-reflexive local candidate.
    Candidate validLocal;
    if (pair.local().tcpType() == TcpType.ACTIVE
        && mapped.get().address().getAddress().equals(pair.local().address().getAddress())) {
      // RFC 6544 §4.5: an active candidate's port (9) is no port; the mapped one is the
      // connection's ephemeral port, so only the IP address says whether it is this candidate.
      validLocal = pair.local();
    } else {
      validLocal =
          localByAddress(mapped.get().address(), pair.component(), pair.local().transport());
    }
    if (validLocal == null) {
      InetSocketAddress base = pair.local().base();
      TransportProtocol t = pair.local().transport();
      validLocal =
          new Candidate(
              Foundation.of(CandidateType.PEER_REFLEXIVE, base.getAddress(), null, t),
              pair.component(),
              t,
              check.priority,
              mapped.get().address(),
              CandidateType.PEER_REFLEXIVE,
              base,
              pair.local().tcpType(),
              base,
              null,
              List.of());
      localCandidates.add(validLocal);
    }
    // §7.2.5.3.2: the valid pair.
    CandidatePair valid;
    if (validLocal.address().equals(pair.local().address())) {
      valid = pair;
    } else {
      valid = findPair(validLocal, pair.remote());
      if (valid == null) {
        valid = new CandidatePair(validLocal, pair.remote(), CandidatePairState.SUCCEEDED);
      }
    }
    pair.state(CandidatePairState.SUCCEEDED);
    valid.state(CandidatePairState.SUCCEEDED);
    if (!valid.isValid()) {
      valid.markValid();
      validList.add(valid);
      validList.sort(Comparator.comparingLong((CandidatePair p) -> p.priority(role)).reversed());
      firstValidAt.putIfAbsent(valid.component(), now);
    }
    valid.lastConsentAt = now;
    // §7.2.5.3.3: unfreeze the pairs that share the foundation.
    checkList.unfreeze(pair.foundation());
    schedulePacing();
    // §7.2.5.3.4 / §8.1.1 nomination.
    if (check.useCandidate && check.claimedRole == IceRole.CONTROLLING) {
      nominate(valid);
    } else if (role == IceRole.CONTROLLED && pair.nominateOnSuccess) {
      nominate(valid);
    }
    updateSelected();
  }

  private void onCheckTimeout(Check check) {
    if (check.kind == CheckKind.CONSENT || check.generation != generation || check.cancelled) {
      return; // consent expiry is time-based (RFC 7675 §5.1), not per transaction
    }
    CandidatePair pair = check.pair;
    pair.nominating = false;
    if (pair.state() == CandidatePairState.IN_PROGRESS) {
      pair.state(CandidatePairState.FAILED); // §7.2.5.2.3
    }
  }

  // ------------------------------------------------------------------------------------------
  // Nomination and selection (RFC 8445 §8)

  /**
   * Controlling side, regular nomination (§8.1.1): once no pair of higher priority than the best
   * valid one can still succeed, or {@link IceConfig#nominationDelay} after the first valid pair,
   * the best valid pair is checked again with USE-CANDIDATE.
   */
  private void maybeNominate() {
    if (role != IceRole.CONTROLLING || remoteCredentials == null) {
      return;
    }
    for (int component = 1; component <= config.components(); component++) {
      if (hasNominated(component) || nominationOutstanding(component)) {
        continue;
      }
      CandidatePair best = null;
      for (CandidatePair v : validList) {
        if (v.component() == component && v.state() == CandidatePairState.SUCCEEDED) {
          best = v;
          break;
        }
      }
      if (best == null) {
        continue;
      }
      long bestPriority = best.priority(role);
      boolean higherPending = checkList.higherPending(component, bestPriority, role);
      long first = firstValidAt.getOrDefault(component, now);
      if (!higherPending || now - first >= config.nominationDelay().toNanos()) {
        best.nominating = true;
        checkList.triggerFirst(best);
        schedulePacing();
      }
    }
  }

  private boolean hasNominated(int component) {
    for (CandidatePair v : validList) {
      if (v.component() == component && v.isNominated()) {
        return true;
      }
    }
    return false;
  }

  private boolean nominationOutstanding(int component) {
    for (CandidatePair v : validList) {
      if (v.component() == component && v.nominating) {
        return true;
      }
    }
    return false;
  }

  private void nominate(CandidatePair valid) {
    if (valid.isNominated()) {
      return;
    }
    valid.markNominated();
    // §8.1.2: once a component has a nominated pair, its remaining Frozen and Waiting pairs are
    // not checked any more.
    int component = valid.component();
    checkList.dropUnchecked(component);
    updateSelected();
  }

  /** The nominated pair of each component, else its best valid one (W3C selected pair). */
  private void updateSelected() {
    for (int component = 1; component <= config.components(); component++) {
      CandidatePair choice = null;
      for (CandidatePair v : validList) {
        if (v.component() == component && v.isNominated()) {
          choice = v; // the valid list is sorted: the highest-priority nominated pair (§8.1.1)
          break;
        }
      }
      if (choice == null) {
        CandidatePair current = selected.get(component);
        if (current != null && !validList.contains(current)) {
          continue; // a restart is running: keep the old pair until a new one is valid
        }
        for (CandidatePair v : validList) {
          if (v.component() == component) {
            choice = v;
            break;
          }
        }
      }
      if (choice != null && choice != selected.get(component)) {
        selected.put(component, choice);
        choice.lastConsentAt = now;
        choice.nextConsentAt = now + consentInterval();
        events.add(new IceEvent.SelectedPairChanged(choice.local(), choice.remote()));
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Consent freshness (RFC 7675)

  /** RFC 7675 §5.1: Tc = 5 s by default, each interval randomized uniformly to 0.8-1.2 Tc. */
  private long consentInterval() {
    long tc = config.consentInterval().toNanos();
    return (long) (tc * (0.8 + 0.4 * config.random().nextDouble()));
  }

  private void runConsent() {
    if (consentLost || remoteCredentials == null) {
      return;
    }
    for (CandidatePair p : selected.values()) {
      if (now - p.lastConsentAt >= config.consentTimeout().toNanos()) {
        // RFC 7675 §5.1: consent expired: stop sending; the transport has failed.
        consentLost = true;
        checks.values().removeIf(c -> c.kind == CheckKind.CONSENT);
        return;
      }
      if (p.nextConsentAt != Long.MAX_VALUE && now - p.nextConsentAt >= 0) {
        p.nextConsentAt = now + consentInterval();
        sendConsentCheck(p);
      }
    }
  }

  private void sendConsentCheck(CandidatePair pair) {
    TransactionId txId = randomTransactionId();
    byte[] request =
        StunMessage.builder(StunClass.REQUEST, BINDING, txId)
            .add(new StunAttribute.Username(remoteCredentials.ufrag() + ":" + localUfrag()))
            .add(new StunAttribute.Priority(pair.local().priority()))
            .add(
                role == IceRole.CONTROLLING
                    ? new StunAttribute.IceControlling(tieBreaker)
                    : new StunAttribute.IceControlled(tieBreaker))
            .addMessageIntegrity(remoteCredentials.pwd().getBytes(UTF_8))
            .addFingerprint()
            .encode();
    var transaction =
        new StunClientTransaction(
            request,
            txId,
            isTcp(pair)
                ? TCP_CHECK
                : new RetransmissionPolicy(
                    Duration.ofMillis(500), config.checkRc(), config.checkRm()));
    checks.put(
        txId,
        new Check(
            CheckKind.CONSENT,
            pair,
            transaction,
            role,
            false,
            pair.local().priority(),
            remoteCredentials,
            generation));
    send(pair, transaction.start(now));
  }

  // ------------------------------------------------------------------------------------------
  // States (W3C RTCIceConnectionState)

  private void updateState() {
    if (connectionState == IceConnectionState.CLOSED) {
      return;
    }
    IceConnectionState next;
    boolean allSelected = true;
    boolean allNominated = true;
    boolean silent = false;
    for (int component = 1; component <= config.components(); component++) {
      CandidatePair p = selected.get(component);
      if (p == null) {
        allSelected = false;
        allNominated = false;
        continue;
      }
      if (!p.isNominated() || !validList.contains(p)) {
        allNominated = false;
      }
      if (now - p.lastConsentAt >= config.disconnectedAfter().toNanos()) {
        silent = true;
      }
    }
    if (consentLost) {
      next = IceConnectionState.FAILED;
    } else if (allSelected && silent) {
      next = IceConnectionState.DISCONNECTED;
    } else if (allNominated) {
      next = IceConnectionState.COMPLETED;
    } else if (allSelected) {
      next = IceConnectionState.CONNECTED;
    } else if (checkListFailed()) {
      next = IceConnectionState.FAILED;
    } else if (remoteCredentials != null && !checkList.isEmpty()) {
      next = IceConnectionState.CHECKING;
    } else {
      next =
          connectionState == IceConnectionState.NEW
              ? IceConnectionState.NEW
              : IceConnectionState.CHECKING;
    }
    setConnectionState(next);
  }

  /**
   * The check list failed (RFC 8445 §8.1.2, with trickle RFC 8838 §14): every pair failed, no check
   * is pending, the peer said end-of-candidates and our gathering is complete.
   */
  private boolean checkListFailed() {
    if (!remoteEndOfCandidates
        || gatheringState != IceGatheringState.COMPLETE
        || pendingResolutions > 0
        || remoteCredentials == null
        || !validList.isEmpty()) {
      return false;
    }
    return checkList.allFailed();
  }

  private void setConnectionState(IceConnectionState state) {
    if (state != connectionState) {
      connectionState = state;
      events.add(new IceEvent.ConnectionStateChanged(state));
    }
  }

  private void setGathering(IceGatheringState state) {
    if (state != gatheringState && state.ordinal() > gatheringState.ordinal()) {
      gatheringState = state;
      events.add(new IceEvent.GatheringStateChanged(state));
    }
  }

  private void switchRole(IceRole next) {
    role = next;
    checkList.sort(role); // §7.2.5.1: pair priorities depend on the role
    validList.sort(Comparator.comparingLong((CandidatePair p) -> p.priority(role)).reversed());
    events.add(new IceEvent.RoleChanged(next));
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  private void enter(long now) {
    this.now = now;
    drainResolutions();
  }

  private void drainResolutions() {
    Resolution r;
    while ((r = resolutions.poll()) != null) {
      pendingResolutions--;
      if (r.generation() != generation) {
        continue; // asked for before a restart: that candidate belongs to the old session
      }
      if (r.address().isEmpty()) {
        events.add(new IceEvent.RemoteCandidateIgnored(r.candidate(), "mDNS name did not resolve"));
        continue;
      }
      Candidate c =
          r.candidate()
              .withAddress(
                  new InetSocketAddress(r.address().get(), r.candidate().address().getPort()));
      acceptRemote(c);
    }
  }

  /** The pairable local candidate whose base is {@code address} (host or relayed). */
  private Candidate localFor(InetSocketAddress address, TransportProtocol transport) {
    for (Candidate c : localCandidates) {
      if (isPairable(c) && c.transport() == transport && c.base().equals(address)) {
        return c;
      }
    }
    return null;
  }

  /** Stands in for a local address that is no candidate, to answer a check that arrived on it. */
  private static Candidate unknownLocal(TransportProtocol transport, InetSocketAddress local) {
    return transport == TransportProtocol.TCP
        ? Candidate.tcpHost(local, TcpType.PASSIVE, 1, 0)
        : Candidate.host(local, 1, 65535);
  }

  private static boolean isTcp(CandidatePair pair) {
    return pair.local().transport() == TransportProtocol.TCP;
  }

  private Candidate localByAddress(
      InetSocketAddress address, int component, TransportProtocol transport) {
    for (Candidate c : localCandidates) {
      if (c.component() == component && c.transport() == transport && c.address().equals(address)) {
        return c;
      }
    }
    return null;
  }

  private Candidate remoteFor(
      InetSocketAddress address, int component, TransportProtocol transport) {
    for (Candidate c : remoteCandidates) {
      if (c.component() == component && c.transport() == transport && c.address().equals(address)) {
        return c;
      }
    }
    return null;
  }

  private CandidatePair findPair(Candidate local, Candidate remote) {
    CandidatePair inList = checkList.find(local, remote);
    if (inList != null) {
      return inList;
    }
    for (CandidatePair p : validList) {
      if (p.local() == local && p.remote() == remote) {
        return p;
      }
    }
    return null;
  }

  /** The valid pair a succeeded pair produced (itself, or one with a peer-reflexive local). */
  private CandidatePair validPairFor(CandidatePair pair) {
    if (pair.isValid()) {
      return pair;
    }
    for (CandidatePair v : validList) {
      if (v.local().base().equals(pair.local().base()) && v.remote() == pair.remote()) {
        return v;
      }
    }
    return null;
  }

  /** Whether the peer declared itself ICE-lite. */
  public boolean isRemoteLite() {
    return remoteLite;
  }
}
