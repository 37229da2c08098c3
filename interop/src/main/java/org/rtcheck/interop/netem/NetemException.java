package org.rtcheck.interop.netem;

import java.io.IOException;

/**
 * Building, impairing or tearing down an emulated network failed. The message names what was being
 * done, in which namespace, the command that failed and what it printed.
 */
public class NetemException extends IOException {
  private static final long serialVersionUID = 1L;

  public NetemException(String message) {
    super(message);
  }

  public NetemException(String message, Throwable cause) {
    super(message, cause);
  }
}
