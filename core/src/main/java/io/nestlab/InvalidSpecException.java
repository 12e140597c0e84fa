package io.nestlab;

import java.util.List;

/** The user's input is invalid; carries every problem found, not only the first. */
public class InvalidSpecException extends NestLabException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidSpecException(String source, List<Problem> problems) {
    super(describe(source, problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String describe(String source, List<Problem> problems) {
    StringBuilder b = new StringBuilder();
    b.append(source).append(": ").append(problems.size());
    b.append(problems.size() == 1 ? " problem" : " problems");
    for (Problem p : problems) {
      b.append(System.lineSeparator()).append("  - ").append(p);
    }
    return b.toString();
  }
}
