package io.nestlab;

import java.util.Objects;

/**
 * One thing wrong with a user's input: where it is, what is wrong, and how to fix it.
 *
 * @param path the field path, for example {@code esxi.memoryGib} or {@code guests[0].host}
 * @param line 1-based line in the source file, or 0 when unknown
 * @param column 1-based column in the source file, or 0 when unknown
 * @param message what is wrong and what to do, in words a user can act on
 */
public record Problem(String path, int line, int column, String message) {
  public Problem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  public static Problem of(String path, String message) {
    return new Problem(path, 0, 0, message);
  }

  /** The same problem, located at a line and column of its source file. */
  public Problem at(int line, int column) {
    return new Problem(path, line, column, message);
  }

  @Override
  public String toString() {
    String where = line > 0 ? " (line " + line + ":" + column + ")" : "";
    return (path.isEmpty() ? "(file)" : path) + where + ": " + message;
  }
}
