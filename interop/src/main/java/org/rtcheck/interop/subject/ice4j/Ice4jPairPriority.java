package org.rtcheck.interop.subject.ice4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateExtendedType;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.rtcheck.engine.subject.SubjectException;

/**
 * {@code ice.pair-priority} through ice4j's own {@link CandidatePair} priority computation: an
 * ice4j {@link Agent} in the asked role (no gathering, no sockets), one component, a remote
 * candidate with the given priority and a local one whose priority is set as given. ice4j computes
 * a local candidate's priority from its own local preference, so {@code ice.candidate-priority}
 * with an arbitrary local preference is not something it can answer.
 */
final class Ice4jPairPriority {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** ice4j's Agent constructor sets this JVM-wide: every message ice4j encodes then gets one. */
  private static final String ALWAYS_SIGN = "org.ice4j.ALWAYS_SIGN";

  /**
   * STUN calls share it; making an Agent takes it alone, so that no encode or decode ever sees the
   * {@link #ALWAYS_SIGN} the Agent constructor sets before it is put back.
   */
  private static final ReentrantReadWriteLock GLOBALS = new ReentrantReadWriteLock();

  /** A STUN operation of the subject, never concurrent with an Agent being made. */
  interface StunCall {
    JsonNode run() throws SubjectException, StunException;
  }

  private Ice4jPairPriority() {}

  static JsonNode withStunGlobals(StunCall call) throws SubjectException, StunException {
    GLOBALS.readLock().lock();
    try {
      return call.run();
    } finally {
      GLOBALS.readLock().unlock();
    }
  }

  private static Agent newAgent() {
    GLOBALS.writeLock().lock();
    try {
      String before = System.getProperty(ALWAYS_SIGN);
      Agent agent = new Agent();
      if (before == null) {
        System.clearProperty(ALWAYS_SIGN);
      } else {
        System.setProperty(ALWAYS_SIGN, before);
      }
      return agent;
    } finally {
      GLOBALS.writeLock().unlock();
    }
  }

  static ObjectNode pairPriority(JsonNode args) throws SubjectException {
    String role = args.path("role").asText();
    if (!role.equals("controlling") && !role.equals("controlled")) {
      throw SubjectException.invalidArgs("role is controlling or controlled: " + role);
    }
    long local = args.path("local").asLong();
    long remote = args.path("remote").asLong();
    Agent agent = newAgent();
    try {
      agent.setControlling(role.equals("controlling"));
      IceMediaStream stream = agent.createMediaStream("rtcheck");
      Component component = Component.build(1, stream, stream.getLogger());
      LocalCandidate l =
          new FixedPriorityLocalCandidate(
              new TransportAddress("192.0.2.1", 9, Transport.UDP), component, local);
      RemoteCandidate r =
          new RemoteCandidate(
              new TransportAddress("192.0.2.2", 9, Transport.UDP),
              component,
              CandidateType.HOST_CANDIDATE,
              "1",
              remote,
              null);
      return JSON.objectNode().put("priority", new CandidatePair(l, r).getPriority());
    } finally {
      agent.free();
    }
  }

  /** A host candidate whose priority is what the vector says, not what ice4j would compute. */
  private static final class FixedPriorityLocalCandidate extends LocalCandidate {
    FixedPriorityLocalCandidate(TransportAddress address, Component component, long priority) {
      super(
          address,
          component,
          CandidateType.HOST_CANDIDATE,
          CandidateExtendedType.HOST_CANDIDATE,
          null);
      this.priority = priority;
    }

    @Override
    public long getPriority() {
      return priority;
    }

    @Override
    protected IceSocketWrapper getCandidateIceSocketWrapper() {
      return null;
    }
  }
}
