package org.rtcheck.interop.subject.jitsisrtp;

import java.lang.System.Logger.Level;
import java.util.List;
import org.rtcheck.engine.subject.Subject;
import org.rtcheck.engine.subject.SubjectProvider;

/** Offers the {@link JitsiSrtpSubject}, or nothing when jitsi-srtp cannot load here. */
public final class JitsiSrtpSubjectProvider implements SubjectProvider {

  private static final System.Logger LOG =
      System.getLogger(JitsiSrtpSubjectProvider.class.getName());

  @Override
  public List<Subject> subjects() {
    try {
      return List.of(new JitsiSrtpSubject());
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "jitsi-srtp subject unavailable: " + e, e);
      return List.of();
    }
  }
}
