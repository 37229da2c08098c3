package org.rtcheck.interop.netem;

/**
 * The running kernel cannot apply a requested {@link LinkImpairment}: delay and jitter need the
 * {@code sch_netem} queueing discipline, which some kernels are built without.
 */
public final class UnsupportedImpairmentException extends NetemException {
  private static final long serialVersionUID = 1L;

  public UnsupportedImpairmentException(String message) {
    super(message);
  }
}
