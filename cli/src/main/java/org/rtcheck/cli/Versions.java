package org.rtcheck.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code rtcheck --version}. */
public final class Versions implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return new String[] {
      "rtcheck " + (v == null ? "(development build)" : v),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
