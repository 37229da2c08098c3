package org.rtcheck.interop.subject.ice4j;

import java.lang.System.Logger.Level;
import java.util.List;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectProvider;

/** Offers the {@link Ice4jSubject}, or nothing when ice4j cannot start here. */
public final class Ice4jSubjectProvider implements SubjectProvider {

  private static final System.Logger LOG = System.getLogger(Ice4jSubjectProvider.class.getName());

  @Override
  public List<Subject> subjects() {
    try {
      return List.of(new Ice4jSubject());
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "ice4j subject unavailable: " + e, e);
      return List.of();
    }
  }
}
