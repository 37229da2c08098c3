package org.rtcheck.engine.descriptor;

import java.util.Set;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;
import org.rtcheck.engine.RtcheckContext;
import org.rtcheck.engine.vector.VectorSuiteFile;

/** One vector file: an RFC or a protocol area. */
public final class SuiteDescriptor extends AbstractTestDescriptor implements Node<RtcheckContext> {

  public static final String SEGMENT = "suite";

  private final VectorSuiteFile suite;

  public SuiteDescriptor(UniqueId parent, VectorSuiteFile suite, TestSource source) {
    super(parent.append(SEGMENT, suite.id()), suite.title(), source);
    this.suite = suite;
  }

  public VectorSuiteFile suite() {
    return suite;
  }

  @Override
  public Type getType() {
    return Type.CONTAINER;
  }

  @Override
  public Set<TestTag> getTags() {
    return Set.of(
        TestTag.create("suite:" + suite.id()),
        TestTag.create("protocol:" + suite.protocol().toLowerCase(java.util.Locale.ROOT)));
  }
}
