package org.rtcheck.interop.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.rtcheck.stack.nat.FilteringBehavior;
import org.rtcheck.stack.nat.MappingBehavior;
import org.rtcheck.stack.nat.NatType;

/** Parsing of NAT, firewall and impairment specs, and the rules a NAT is built from. */
class NetemSpecsTest {

  @Test
  void classicNamesAndCombinationsParse() {
    assertThat(NatSpec.parse("full-cone").label()).isEqualTo("EIM+EIF");
    assertThat(NatSpec.parse("address-restricted").label()).isEqualTo("EIM+ADF");
    assertThat(NatSpec.parse("port-restricted").label()).isEqualTo("EIM+APDF");
    assertThat(NatSpec.parse("symmetric").label()).isEqualTo("APDM+APDF");
    assertThat(NatSpec.parse("adm+eif").mapping()).isEqualTo(MappingBehavior.ADDRESS_DEPENDENT);
    assertThat(NatSpec.parse("ADM+EIF").expectedType()).isEqualTo(NatType.SYMMETRIC);
    assertThat(NatSpec.grid()).hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void badNatSpecsNameWhatIsWrong() {
    assertThatThrownBy(() -> NatSpec.parse("cone"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MAPPING+FILTERING");
    assertThatThrownBy(() -> NatSpec.parse("xim+eif")).hasMessageContaining("mapping must be");
    assertThatThrownBy(() -> NatSpec.parse("eim+xf")).hasMessageContaining("filtering must be");
    assertThatThrownBy(() -> NatSpec.parse("full-cone").withMappingTimeout(Duration.ofMillis(10)))
        .hasMessageContaining("mapping timeout");
  }

  @Test
  void impairmentsParse() {
    LinkImpairment i = LinkImpairment.parse("loss=5%,rate=2mbit,delay=40ms,jitter=10ms");
    assertThat(i.lossPercent()).isEqualTo(5);
    assertThat(i.rateBitsPerSecond()).hasValue(2_000_000);
    assertThat(i.delay()).contains(Duration.ofMillis(40));
    assertThat(i.jitter()).contains(Duration.ofMillis(10));
    assertThat(i.needsNetem()).isTrue();
    assertThat(LinkImpairment.parse("loss=5").needsNetem()).isFalse();
    assertThat(LinkImpairment.parse("none").isNone()).isTrue();
  }

  @Test
  void badImpairmentsSayWhereAndWhat() {
    assertThatThrownBy(() -> LinkImpairment.parse("loss=5%,rate=fast"))
        .hasMessageContaining("at character 8")
        .hasMessageContaining("rate must be");
    assertThatThrownBy(() -> LinkImpairment.parse("loss=101")).hasMessageContaining("0..100");
    assertThatThrownBy(() -> LinkImpairment.parse("jitter=5ms"))
        .hasMessageContaining("needs a delay");
    assertThatThrownBy(() -> LinkImpairment.parse("latency=5ms"))
        .hasMessageContaining("unknown key");
    assertThatThrownBy(() -> LinkImpairment.parse("loss=1,loss=2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> FirewallProfile.parse("closed")).hasMessageContaining("udp-blocked");
  }

  @Test
  void rulesetsExpressEachBehaviour() {
    var wan = Topology.address("198.18.1.1");
    String fullCone =
        new NatRuleset(NatSpec.classic(NatType.FULL_CONE), wan, FirewallProfile.OPEN, 0).render();
    assertThat(fullCone)
        .contains("oifname \"wan\" masquerade\n")
        .contains("ip protocol udp dnat ip to udp dport map @fc")
        .contains("update @fc { udp sport : ct original ip saddr . ct original proto-src }")
        .contains("timeout 120s");
    String adf =
        new NatRuleset(
                NatSpec.of(MappingBehavior.ADDRESS_DEPENDENT, FilteringBehavior.ADDRESS_DEPENDENT)
                    .withHairpinning(false),
                wan,
                FirewallProfile.UDP_BLOCKED,
                7)
            .render();
    assertThat(adf)
        .contains("jhash ip daddr . udp sport")
        .contains("udp dport . ip saddr @adf dnat")
        .contains("update @adf { udp sport . ip daddr }")
        .contains("numgen random mod 100 < 7 drop")
        .contains("iifname \"lan\" ip protocol udp drop")
        .doesNotContain("iifname \"lan\" ip daddr");
    String symmetric =
        new NatRuleset(NatSpec.classic(NatType.SYMMETRIC), wan, FirewallProfile.TCP_443_ONLY, 0)
            .render();
    assertThat(symmetric)
        .contains("masquerade fully-random")
        .contains("tcp dport 443 accept")
        .doesNotContain("@adf dnat")
        .doesNotContain("iifname \"wan\" ip daddr");
  }
}
