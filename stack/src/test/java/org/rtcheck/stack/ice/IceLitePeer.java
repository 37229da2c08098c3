package org.rtcheck.stack.ice;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.rtcheck.stack.stun.StunAttribute;
import org.rtcheck.stack.stun.StunClass;
import org.rtcheck.stack.stun.StunIntegrityCheck;
import org.rtcheck.stack.stun.StunMessage;
import org.rtcheck.stack.stun.StunParseException;

/**
 * A minimal ICE-lite peer (RFC 8445 §2.5) for scenarios: it only answers authenticated Binding
 * requests and remembers which pair was nominated. It never sends checks of its own.
 */
final class IceLitePeer implements ScriptedNetwork.Endpoint {
  final IceCredentials credentials;
  final InetSocketAddress address;
  private final List<ScriptedNetwork.Datagram> out = new ArrayList<>();
  int requests;
  InetSocketAddress nominated;

  IceLitePeer(IceCredentials credentials, InetSocketAddress address) {
    this.credentials = credentials;
    this.address = address;
  }

  /** Its only candidate, as it would put it in SDP. */
  Candidate candidate() {
    return Candidate.host(address, 1, 65535);
  }

  @Override
  public void receive(byte[] data, InetSocketAddress local, InetSocketAddress source, long now) {
    StunMessage m;
    try {
      m = StunMessage.decode(data);
    } catch (StunParseException e) {
      return;
    }
    byte[] key = credentials.pwd().getBytes(UTF_8);
    if (m.stunClass() != StunClass.REQUEST
        || !StunIntegrityCheck.messageIntegrity(m, key).passed()) {
      return;
    }
    requests++;
    if (m.first(StunAttribute.UseCandidate.class).isPresent()) {
      nominated = source;
    }
    byte[] response =
        StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMessage.BINDING, m.transactionId())
            .add(new StunAttribute.XorMappedAddress(source))
            .addMessageIntegrity(key)
            .addFingerprint()
            .encode();
    out.add(new ScriptedNetwork.Datagram(local, source, response));
  }

  @Override
  public List<ScriptedNetwork.Datagram> drain() {
    List<ScriptedNetwork.Datagram> d = new ArrayList<>(out);
    out.clear();
    return d;
  }
}
