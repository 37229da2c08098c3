package org.rtcheck.stack.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.rtcheck.stack.stun.StunMessage;

/**
 * A successful Binding transaction.
 *
 * @param mappedAddress the XOR-MAPPED-ADDRESS of the response
 * @param software the SOFTWARE of the response, if any
 * @param rtt time from the last (re)transmission to the response
 * @param response the decoded response; {@link StunMessage#raw()} gives its bytes
 */
public record BindingResult(
    InetSocketAddress mappedAddress,
    Optional<String> software,
    Duration rtt,
    StunMessage response) {}
