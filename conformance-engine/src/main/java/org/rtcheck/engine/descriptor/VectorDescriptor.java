package org.rtcheck.engine.descriptor;

import java.util.Set;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;
import org.rtcheck.engine.RtcheckContext;
import org.rtcheck.engine.vector.Vector;
import org.rtcheck.engine.vector.VectorSuiteFile;

/** One vector; its children run it against each subject. */
public final class VectorDescriptor extends AbstractTestDescriptor implements Node<RtcheckContext> {

  public static final String SEGMENT = "vector";

  private final VectorSuiteFile suite;
  private final Vector vector;

  public VectorDescriptor(
      UniqueId parent, VectorSuiteFile suite, Vector vector, TestSource source) {
    super(parent.append(SEGMENT, vector.id()), vector.title(), source);
    this.suite = suite;
    this.vector = vector;
  }

  public Vector vector() {
    return vector;
  }

  @Override
  public Type getType() {
    return Type.CONTAINER;
  }

  @Override
  public Set<TestTag> getTags() {
    return VectorTags.of(suite, vector);
  }
}
