package org.rtcheck.interop.netem;

import org.rtcheck.stack.nat.NatType;

/**
 * A process that builds a small topology, prints its prefix and then waits to be killed: {@link
 * ReaperTest} kills it with SIGKILL, as a crashed run would die.
 */
public final class TopologyHolder {
  private TopologyHolder() {}

  public static void main(String[] args) throws Exception {
    Topology t = Topology.builder().router(NatSpec.classic(NatType.SYMMETRIC)).build();
    System.out.println(t.prefix());
    System.out.flush();
    Thread.sleep(120_000);
    t.close();
  }
}
