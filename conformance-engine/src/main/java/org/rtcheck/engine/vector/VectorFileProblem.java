package org.rtcheck.engine.vector;

/**
 * Something wrong in a vector file, with the place it was found.
 *
 * @param fatal the whole file could not be read (as opposed to one vector left out)
 */
public record VectorFileProblem(
    String location, int line, int column, String message, boolean fatal) {

  @Override
  public String toString() {
    return location + ":" + line + (column > 0 ? ":" + column : "") + ": " + message;
  }
}
