package org.rtcheck.stack.nat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.rtcheck.stack.nat.Observation.Outcome;
import org.rtcheck.stack.nat.Rfc5780Problem.Kind;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunAttribute.ChangeRequest;
import org.rtcheck.stack.stun.StunAttribute.ErrorCode;
import org.rtcheck.stack.stun.StunAttribute.MappedAddress;
import org.rtcheck.stack.stun.StunAttribute.OtherAddress;
import org.rtcheck.stack.stun.StunAttribute.ResponsePort;
import org.rtcheck.stack.stun.StunAttribute.Software;
import org.rtcheck.stack.stun.StunAttribute.XorMappedAddress;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunClientTransaction;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunMessageBuilder;
import org.rtcheck.stack.stun.StunParseException;
import org.rtcheck.stack.stun.TransactionId;

/**
 * RFC 5780 NAT behaviour discovery as a sans-IO state machine. It runs the tests one at a time, in
 * the order of {@link NatTest}: the mapping tests (§4.3), hairpinning (§4.5), the filtering tests
 * (§4.4) and, when asked, the mapping lifetime tests (§4.6), each request a {@link
 * StunClientTransaction}. It never opens a socket, reads a clock or starts a thread: time is a
 * monotonic {@code long} in nanoseconds supplied by the caller.
 *
 * <p>Drive it like this: {@link #start}; send everything {@link #pollTransmit} returns from the
 * named {@link NatSocket}; feed every datagram received on any of the sockets to {@link
 * #handleDatagram}; call {@link #handleTimeout} at {@link #pollTimeout}; stop when {@link #isDone}
 * and read {@link #result}. An unanswered request is a finding (UDP blocked, a filter, no
 * hairpinning, an expired mapping), never an exception; a server that does not implement RFC 5780
 * shows up as {@link Rfc5780Problem}s in the result.
 */
public final class NatDiscovery {
  private static final int MAX_LIFETIME_REFINEMENTS = 3;

  private final NatDiscoveryConfig config;
  private final Map<NatSocket, InetSocketAddress> localAddresses;
  private final InetSocketAddress server;
  private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
  private final List<Observation> observations = new ArrayList<>();
  private final List<Rfc5780Problem> problems = new ArrayList<>();

  private boolean started;
  private boolean done;
  private long deadline;

  // The test in flight: either a transaction, or (lifetime) a silent wait before the next one.
  private NatTest test;
  private NatSocket socket;
  private InetSocketAddress destination;
  private StunClientTransaction transaction;
  private boolean waiting;
  private long waitUntil;

  // Findings.
  private NatPresence presence = NatPresence.UNKNOWN;
  private InetSocketAddress mapped;
  private InetSocketAddress alternate;
  private String software;
  private InetSocketAddress mappedViaAlternateIp;
  private MappingBehavior mapping;
  private FilteringBehavior filtering;
  private Hairpinning hairpinning = Hairpinning.NOT_TESTED;

  // RFC 5780 §4.6 search state.
  private InetSocketAddress probeMapped;
  private Duration lifetimeWait = Duration.ZERO;
  private Duration survived = Duration.ZERO;
  private Duration expiredAfter;
  private int refinements;
  private boolean lifetimeMeasured;

  /**
   * @param localAddresses the bound local address of every socket; {@link NatSocket#MAPPING}'s is
   *     compared with the mapped address to tell whether anything translates (RFC 5780 §4.3), so it
   *     must be a concrete address, not the wildcard
   */
  public NatDiscovery(NatDiscoveryConfig config, Map<NatSocket, InetSocketAddress> localAddresses) {
    this.config = Objects.requireNonNull(config);
    this.localAddresses = new EnumMap<>(NatSocket.class);
    this.localAddresses.putAll(localAddresses);
    this.server = config.server();
    for (NatSocket s : NatSocket.values()) {
      if (this.localAddresses.get(s) == null) {
        throw new IllegalArgumentException("the local address of the " + s + " socket is missing");
      }
    }
    InetSocketAddress local = this.localAddresses.get(NatSocket.MAPPING);
    if (local.getAddress() == null || local.getAddress().isAnyLocalAddress()) {
      throw new IllegalArgumentException(
          "the MAPPING socket's local address must be concrete, not " + local);
    }
  }

  /** Sends the first Binding request (RFC 5780 §4.3 test I). */
  public void start(long now) {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    deadline = now + config.timeLimit().toNanos();
    send(NatTest.BINDING, NatSocket.MAPPING, server, now);
  }

  /** The next datagram to send, if any. */
  public Optional<Transmit> pollTransmit() {
    return Optional.ofNullable(transmits.poll());
  }

  /** When to call {@link #handleTimeout} next; empty once done. */
  public OptionalLong pollTimeout() {
    if (!started || done) {
      return OptionalLong.empty();
    }
    long next = deadline;
    if (waiting) {
      next = earlier(next, waitUntil);
    } else if (transaction != null && transaction.nextDeadline().isPresent()) {
      next = earlier(next, transaction.nextDeadline().getAsLong());
    }
    return OptionalLong.of(next);
  }

  private static long earlier(long a, long b) {
    return a - b <= 0 ? a : b;
  }

  /** Advances time: retransmissions, unanswered tests, the end of a lifetime wait. */
  public void handleTimeout(long now) {
    if (!started || done) {
      return;
    }
    if (now - deadline >= 0) {
      cutShort();
      return;
    }
    if (waiting) {
      if (now - waitUntil >= 0) {
        waiting = false;
        // RFC 5780 §4.6: ask the server to answer to the probe's mapped port, from the other
        // socket, so that only a still-existing mapping delivers the answer.
        send(
            NatTest.LIFETIME_CHECK,
            NatSocket.LIFETIME_TRIGGER,
            server,
            now,
            new ResponsePort(probeMapped.getPort()));
      }
      return;
    }
    if (transaction == null) {
      return;
    }
    transaction.handleTimeout(now);
    transaction.pollTransmit().ifPresent(bytes -> transmits.add(transmit(bytes)));
    if (transaction.outcome() == StunClientTransaction.Outcome.TIMEOUT) {
      observe(Outcome.NO_ANSWER, null, null);
      transaction = null;
      onNoAnswer(now);
    }
  }

  /**
   * Offers a datagram received on {@code on} from {@code source}. Anything that is not the answer
   * to the test in flight (late answers to earlier tests, garbage) is ignored.
   */
  public void handleDatagram(NatSocket on, InetSocketAddress source, byte[] data, long now) {
    Objects.requireNonNull(on);
    Objects.requireNonNull(source);
    if (!started || done || transaction == null || !StunMessage.looksLikeStun(data)) {
      return;
    }
    StunMessage message;
    try {
      message = StunMessage.decode(data);
    } catch (StunParseException e) {
      return; // RFC 8489 §6.3: malformed messages are discarded; retransmissions go on
    }
    if (!message.transactionId().equals(transaction.transactionId())) {
      return;
    }
    if (test == NatTest.HAIRPINNING) {
      // RFC 5780 §4.5: the request itself coming back to the socket that owns the mapping is the
      // proof; nobody answers it.
      if (on == NatSocket.MAPPING
          && message.stunClass() == StunClass.REQUEST
          && message.method() == StunMessage.BINDING) {
        observe(Outcome.ANSWERED, null, source);
        transaction = null;
        hairpinning = Hairpinning.SUPPORTED;
        startFiltering(now);
      }
      return;
    }
    if (!transaction.handleResponse(message)) {
      return;
    }
    transaction = null;
    if (message.stunClass() == StunClass.ERROR_RESPONSE) {
      observe(Outcome.ERROR_RESPONSE, null, source);
      onErrorResponse(message, now);
      return;
    }
    InetSocketAddress mappedAddress = mappedAddress(message);
    observe(Outcome.ANSWERED, mappedAddress, source);
    onSuccess(on, source, message, mappedAddress, now);
  }

  public boolean isDone() {
    return done;
  }

  /**
   * What was found.
   *
   * @throws IllegalStateException before {@link #isDone()}
   */
  public NatBehavior result() {
    if (!done) {
      throw new IllegalStateException("discovery has not finished");
    }
    Optional<MappingLifetime> lifetime = Optional.empty();
    if (lifetimeMeasured) {
      lifetime = Optional.of(new MappingLifetime(survived, Optional.ofNullable(expiredAfter)));
    }
    return new NatBehavior(
        server,
        localAddresses.get(NatSocket.MAPPING),
        presence,
        Optional.ofNullable(mapped),
        Optional.ofNullable(alternate),
        Optional.ofNullable(software),
        Optional.ofNullable(mapping),
        Optional.ofNullable(filtering),
        hairpinning,
        lifetime,
        problems,
        observations);
  }

  // ---------------------------------------------------------------- test outcomes

  private void onSuccess(
      NatSocket on,
      InetSocketAddress source,
      StunMessage response,
      InetSocketAddress mappedAddress,
      long now) {
    switch (test) {
      case BINDING -> {
        if (mappedAddress == null) {
          problem(Kind.NO_MAPPED_ADDRESS, "the Binding response carries no mapped address");
          finish();
          return;
        }
        mapped = mappedAddress;
        software = response.first(Software.class).map(Software::value).orElse(null);
        presence =
            mapped.equals(localAddresses.get(NatSocket.MAPPING))
                ? NatPresence.NO_NAT
                : NatPresence.BEHIND_NAT;
        alternate = chooseAlternate(response.first(OtherAddress.class).map(OtherAddress::address));
        startMappingTests(now);
      }
      case MAPPING_ALTERNATE_IP -> {
        if (mappedAddress == null) {
          problem(Kind.NO_MAPPED_ADDRESS, "the alternate IP's response carries no mapped address");
          startHairpinning(now);
        } else if (mappedAddress.equals(mapped)) {
          // RFC 5780 §4.3: same mapping for a different destination IP.
          mapping = MappingBehavior.ENDPOINT_INDEPENDENT;
          startHairpinning(now);
        } else {
          mappedViaAlternateIp = mappedAddress;
          send(NatTest.MAPPING_ALTERNATE_ADDRESS, NatSocket.MAPPING, alternate, now);
        }
      }
      case MAPPING_ALTERNATE_ADDRESS -> {
        if (mappedAddress == null) {
          problem(Kind.NO_MAPPED_ADDRESS, "the alternate address's response has no mapped address");
        } else {
          // RFC 5780 §4.3: test III equal to test II means only the IP address matters.
          mapping =
              mappedAddress.equals(mappedViaAlternateIp)
                  ? MappingBehavior.ADDRESS_DEPENDENT
                  : MappingBehavior.ADDRESS_AND_PORT_DEPENDENT;
        }
        startHairpinning(now);
      }
      case FILTERING_CHANGE_IP_AND_PORT -> {
        if (!source.getAddress().equals(server.getAddress())
            && source.getPort() != server.getPort()) {
          // RFC 5780 §4.4: an answer from the other IP and port got through: EIF.
          filtering = FilteringBehavior.ENDPOINT_INDEPENDENT;
        } else {
          changeRequestIgnored(source, "another IP address and port");
        }
        startLifetime(now);
      }
      case FILTERING_CHANGE_PORT -> {
        if (source.getAddress().equals(server.getAddress())
            && source.getPort() != server.getPort()) {
          // RFC 5780 §4.4: only the port differed from what we sent to, and it got through: ADF.
          filtering = FilteringBehavior.ADDRESS_DEPENDENT;
        } else {
          changeRequestIgnored(source, "the same IP address and another port");
        }
        startLifetime(now);
      }
      case LIFETIME_OPEN -> {
        if (mappedAddress == null) {
          problem(Kind.NO_MAPPED_ADDRESS, "the probe socket's response carries no mapped address");
          finish();
          return;
        }
        probeMapped = mappedAddress;
        // RFC 5780 §4.6: the probe socket now stays silent for the wait, which belongs to the
        // check that follows it.
        test = NatTest.LIFETIME_CHECK;
        socket = NatSocket.LIFETIME_TRIGGER;
        destination = server;
        waiting = true;
        waitUntil = now + lifetimeWait.toNanos();
      }
      case LIFETIME_CHECK -> {
        if (on == NatSocket.LIFETIME_PROBE) {
          mappingSurvived(now);
        } else {
          problem(
              Kind.RESPONSE_PORT_IGNORED,
              "the answer to RESPONSE-PORT "
                  + probeMapped.getPort()
                  + " came back to the requesting socket: the server ignores RESPONSE-PORT"
                  + " (RFC 5780 §7.5)");
          finish();
        }
      }
      case HAIRPINNING -> throw new IllegalStateException("hairpinning has no response");
    }
  }

  private void onErrorResponse(StunMessage response, long now) {
    String code =
        response
            .first(ErrorCode.class)
            .map(e -> e.code() + " " + e.reason())
            .orElse("without ERROR-CODE");
    switch (test) {
      case BINDING -> {
        problem(Kind.ERROR_RESPONSE, "the server answered the Binding request with " + code);
        finish();
      }
      case MAPPING_ALTERNATE_IP, MAPPING_ALTERNATE_ADDRESS -> {
        problem(Kind.ALTERNATE_UNREACHABLE, "the alternate address answered " + code);
        startHairpinning(now);
      }
      case FILTERING_CHANGE_IP_AND_PORT, FILTERING_CHANGE_PORT -> {
        problem(
            Kind.CHANGE_REQUEST_REJECTED,
            "the server answered CHANGE-REQUEST with " + code + " (RFC 5780 §6.1)");
        startLifetime(now);
      }
      case LIFETIME_OPEN -> {
        problem(Kind.ERROR_RESPONSE, "the server answered the probe's Binding with " + code);
        finish();
      }
      case LIFETIME_CHECK -> {
        problem(
            Kind.RESPONSE_PORT_REJECTED,
            "the server answered RESPONSE-PORT with " + code + " (RFC 5780 §6.1)");
        finish();
      }
      case HAIRPINNING -> throw new IllegalStateException("hairpinning has no response");
    }
  }

  private void onNoAnswer(long now) {
    switch (test) {
      case BINDING -> {
        // RFC 5780 §4.2 / RFC 3489 §10.1: no answer to a plain Binding means UDP is blocked.
        presence = NatPresence.UDP_BLOCKED;
        finish();
      }
      case MAPPING_ALTERNATE_IP, MAPPING_ALTERNATE_ADDRESS -> {
        problem(
            Kind.ALTERNATE_UNREACHABLE,
            "no answer from " + format(destination) + ", the server's alternate address");
        startHairpinning(now);
      }
      case HAIRPINNING -> {
        hairpinning = Hairpinning.NOT_SUPPORTED;
        startFiltering(now);
      }
      case FILTERING_CHANGE_IP_AND_PORT ->
          send(
              NatTest.FILTERING_CHANGE_PORT,
              NatSocket.FILTERING,
              server,
              now,
              new ChangeRequest(false, true));
      case FILTERING_CHANGE_PORT -> {
        // RFC 5780 §4.4: neither changed answer got through: APDF.
        filtering = FilteringBehavior.ADDRESS_AND_PORT_DEPENDENT;
        startLifetime(now);
      }
      case LIFETIME_OPEN -> {
        problem(Kind.NO_ANSWER, "the probe socket's Binding request went unanswered");
        finish();
      }
      case LIFETIME_CHECK -> mappingExpired(now);
    }
  }

  // ---------------------------------------------------------------- test sequence

  private InetSocketAddress chooseAlternate(Optional<InetSocketAddress> otherAddress) {
    if (config.alternate().isPresent()) {
      return config.alternate().get(); // validated by the config
    }
    if (otherAddress.isEmpty()) {
      problem(
          Kind.NO_OTHER_ADDRESS,
          "the Binding response carries no OTHER-ADDRESS: the server does not implement RFC 5780"
              + " NAT behaviour discovery, so mapping and filtering cannot be tested");
      return null;
    }
    InetSocketAddress other = otherAddress.get();
    if (other.getAddress().equals(server.getAddress()) || other.getPort() == server.getPort()) {
      problem(
          Kind.OTHER_ADDRESS_INVALID,
          "OTHER-ADDRESS "
              + format(other)
              + " does not differ from "
              + format(server)
              + " in both IP address and port (RFC 5780 §7.4)");
      return null;
    }
    return other;
  }

  private void startMappingTests(long now) {
    if (presence == NatPresence.NO_NAT) {
      // RFC 5780 §4.3: mapped equal to local means no NAT, so mapping is endpoint-independent
      // and tests II and III are not needed.
      mapping = MappingBehavior.ENDPOINT_INDEPENDENT;
      startHairpinning(now);
    } else if (alternate == null) {
      startHairpinning(now);
    } else {
      send(
          NatTest.MAPPING_ALTERNATE_IP,
          NatSocket.MAPPING,
          new InetSocketAddress(alternate.getAddress(), server.getPort()),
          now);
    }
  }

  private void startHairpinning(long now) {
    if (!config.hairpinning()) {
      startFiltering(now);
      return;
    }
    // RFC 5780 §4.5: a request to the own mapped address, from the socket owning the mapping.
    // With endpoint-independent mapping the looped request comes from that same mapping, which
    // has just sent to it, so no filter stands in the way. With dependent mapping it comes from
    // a new mapping and a dependent filter may drop it, as it would between two peers there.
    // RFC 4787 §6 REQ-9: the NAT translates the looped packet's source to that external address.
    send(NatTest.HAIRPINNING, NatSocket.MAPPING, mapped, now);
  }

  private void startFiltering(long now) {
    if (alternate == null) {
      startLifetime(now); // the server has shown no alternate address to answer from
      return;
    }
    // RFC 5780 §4.4 test II, from a socket that has sent to nothing but the primary address.
    send(
        NatTest.FILTERING_CHANGE_IP_AND_PORT,
        NatSocket.FILTERING,
        server,
        now,
        new ChangeRequest(true, true));
  }

  private void startLifetime(long now) {
    if (config.lifetime().isEmpty()) {
      finish();
      return;
    }
    lifetimeWait = config.lifetime().get().first();
    send(NatTest.LIFETIME_OPEN, NatSocket.LIFETIME_PROBE, server, now);
  }

  private void mappingSurvived(long now) {
    lifetimeMeasured = true;
    if (expiredAfter == null || lifetimeWait.compareTo(expiredAfter) < 0) {
      survived = max(survived, lifetimeWait);
    }
    nextLifetimeWait(now);
  }

  private void mappingExpired(long now) {
    lifetimeMeasured = true;
    expiredAfter = expiredAfter == null ? lifetimeWait : min(expiredAfter, lifetimeWait);
    if (survived.compareTo(expiredAfter) >= 0) {
      survived = Duration.ZERO; // a flaky NAT contradicted an earlier success; trust the failure
    }
    nextLifetimeWait(now);
  }

  private void nextLifetimeWait(long now) {
    NatDiscoveryConfig.LifetimeSearch search = config.lifetime().orElseThrow();
    if (expiredAfter == null) {
      if (lifetimeWait.compareTo(search.max()) >= 0) {
        finish(); // outlived the longest wait the caller allows
        return;
      }
      lifetimeWait = min(lifetimeWait.multipliedBy(2), search.max());
    } else {
      Duration gap = expiredAfter.minus(survived);
      if (refinements >= MAX_LIFETIME_REFINEMENTS || gap.compareTo(search.first()) <= 0) {
        finish();
        return;
      }
      refinements++;
      lifetimeWait = survived.plus(gap.dividedBy(2));
    }
    // A new mapping (or a refreshed one) for the next wait.
    send(NatTest.LIFETIME_OPEN, NatSocket.LIFETIME_PROBE, server, now);
  }

  private void cutShort() {
    if (transaction != null || waiting) {
      observe(Outcome.CUT_SHORT, null, null);
    }
    problem(
        Kind.TIME_LIMIT,
        "the time limit of "
            + config.timeLimit().toMillis()
            + " ms ran out during this test; later tests did not run");
    if (test == NatTest.BINDING) {
      presence = NatPresence.UDP_BLOCKED; // nothing answered within the whole limit
    }
    finish();
  }

  private void finish() {
    done = true;
    transaction = null;
    waiting = false;
    transmits.clear();
  }

  // ---------------------------------------------------------------- plumbing

  private void send(
      NatTest next, NatSocket from, InetSocketAddress to, long now, StunAttribute... attributes) {
    test = next;
    socket = from;
    destination = to;
    TransactionId id = TransactionId.random();
    StunMessageBuilder request = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, id);
    for (StunAttribute a : attributes) {
      request.add(a);
    }
    transaction = new StunClientTransaction(request.encode(), id, config.retransmission());
    transmits.add(transmit(transaction.start(now)));
  }

  private Transmit transmit(byte[] bytes) {
    return new Transmit(socket, destination, bytes, test);
  }

  private void observe(Outcome outcome, InetSocketAddress mappedAddress, InetSocketAddress from) {
    observations.add(
        new Observation(
            test,
            socket,
            destination,
            outcome,
            Optional.ofNullable(mappedAddress),
            Optional.ofNullable(from),
            test == NatTest.LIFETIME_CHECK ? lifetimeWait : Duration.ZERO));
  }

  private void problem(Kind kind, String detail) {
    problems.add(new Rfc5780Problem(kind, test, detail));
  }

  private void changeRequestIgnored(InetSocketAddress source, String expected) {
    problem(
        Kind.CHANGE_REQUEST_IGNORED,
        "the answer to CHANGE-REQUEST came from "
            + format(source)
            + ", not from "
            + expected
            + " than "
            + format(server)
            + " (RFC 5780 §6.1)");
  }

  /** XOR-MAPPED-ADDRESS, or MAPPED-ADDRESS from a server that only sends that (RFC 5780 §4.3). */
  private static InetSocketAddress mappedAddress(StunMessage response) {
    return response
        .first(XorMappedAddress.class)
        .map(XorMappedAddress::address)
        .or(() -> response.first(MappedAddress.class).map(MappedAddress::address))
        .orElse(null);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String format(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
