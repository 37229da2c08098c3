package org.rtcheck.engine.descriptor;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;
import org.rtcheck.engine.RtcheckContext;
import org.rtcheck.engine.subject.SubjectRegistry;

/** Root of an rtcheck run; owns the subjects and closes them when the run ends. */
public final class RtcheckEngineDescriptor extends EngineDescriptor
    implements Node<RtcheckContext> {

  private final SubjectRegistry subjects;

  public RtcheckEngineDescriptor(UniqueId uniqueId, SubjectRegistry subjects) {
    super(uniqueId, "rtcheck");
    this.subjects = subjects;
  }

  public SubjectRegistry subjects() {
    return subjects;
  }

  @Override
  public void after(RtcheckContext context) {
    try {
      subjects.close();
    } finally {
      context.close();
    }
  }
}
