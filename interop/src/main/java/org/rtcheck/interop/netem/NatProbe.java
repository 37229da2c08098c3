package org.rtcheck.interop.netem;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.rtcheck.interop.subject.own.NatBehaviorJson;
import org.rtcheck.stack.nat.NatBehavior;
import org.rtcheck.stack.nat.NatDiscoveryConfig;
import org.rtcheck.stack.net.NatBehaviorDiscovery;

/**
 * The program {@link NatSelfCheck} starts inside a host's namespace ({@code ip netns exec HOST java
 * -cp ... NatProbe IP PORT}): one RFC 5780 discovery with the own stack, printed as one line of
 * JSON ({@link NatBehaviorJson}). A JVM cannot enter a namespace for one thread, hence a process.
 * Exit status 0 with JSON, 2 with a message on standard error.
 */
public final class NatProbe {
  private NatProbe() {}

  public static void main(String[] args) {
    if (args.length != 2 && args.length != 4) {
      System.err.println("usage: NatProbe SERVER_IP PORT [LIFETIME_FIRST_MS LIFETIME_MAX_MS]");
      System.exit(2);
    }
    try {
      InetSocketAddress server =
          new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
      NatDiscoveryConfig config = NatDiscoveryConfig.forServer(server);
      if (args.length == 4) {
        Duration max = Duration.ofMillis(Long.parseLong(args[3]));
        config =
            config
                .withHairpinning(false)
                .withMappingLifetime(Duration.ofMillis(Long.parseLong(args[2])), max)
                .withTimeLimit(NatDiscoveryConfig.DEFAULT_TIME_LIMIT.plus(max.multipliedBy(6)));
      }
      NatBehavior r = NatBehaviorDiscovery.discover(config);
      System.out.println(new ObjectMapper().writeValueAsString(NatBehaviorJson.describe(r)));
      System.out.flush();
      System.exit(0);
    } catch (Exception e) {
      System.err.println("NatProbe: " + e);
      System.exit(2);
    }
  }
}
