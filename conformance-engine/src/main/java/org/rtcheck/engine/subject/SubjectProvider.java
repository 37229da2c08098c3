package org.rtcheck.engine.subject;

import java.util.List;

/** ServiceLoader entry point that contributes in-process subjects. */
public interface SubjectProvider {

  /**
   * The subjects this provider can offer on this machine. A provider whose implementation cannot
   * run here (missing native library, …) returns an empty list and logs why.
   */
  List<Subject> subjects();
}
