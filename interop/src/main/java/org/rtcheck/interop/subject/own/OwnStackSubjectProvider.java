package org.rtcheck.interop.subject.own;

import java.util.List;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectProvider;

/** Offers the own stack to the engine. */
public final class OwnStackSubjectProvider implements SubjectProvider {

  @Override
  public List<Subject> subjects() {
    return List.of(new OwnStackSubject());
  }
}
