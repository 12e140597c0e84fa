package io.nestlab.spec;

import io.nestlab.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the rule classes of {@link SpecValidator} share: the vSphere knowledge, the one list of
 * problems all of them add to (in file order), and the helpers more than one area needs.
 */
abstract class SpecRules {
  private static final Pattern DOTTED_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  final VsphereKnowledge knowledge;
  final List<Problem> problems;

  SpecRules(VsphereKnowledge knowledge, List<Problem> problems) {
    this.knowledge = knowledge;
    this.problems = problems;
  }

  /**
   * Whether a problem was already reported at a path {@code test} accepts. Loops here and in the
   * rules rather than streams: every lab command validates a lab at start-up, and each kind of
   * stream costs its first use ~0.5 ms of linking (docs/design/0200).
   */
  boolean reported(Predicate<String> test) {
    for (Problem p : problems) {
      if (test.test(p.path())) {
        return true;
      }
    }
    return false;
  }

  /** The hosts' names, in order. */
  static List<String> names(List<EsxiHost> hosts) {
    List<String> names = new ArrayList<>(hosts.size());
    for (EsxiHost h : hosts) {
      names.add(h.name());
    }
    return names;
  }

  void add(String path, String message) {
    problems.add(Problem.of(path, message));
  }

  /** The parsed version, or null after reporting why it is unusable. */
  VsphereVersion version(String path, String text, String product) {
    if (text == null || text.isBlank()) {
      add(path, "missing; name the " + product + " version, for example \"8.0U3\"");
      return null;
    }
    List<String> known = new ArrayList<>();
    for (VsphereVersion k : knowledge.versions()) {
      known.add(k.toString());
    }
    Optional<VsphereVersion> v = VsphereVersion.parse(text);
    if (v.isPresent() && knowledge.isKnown(v.get())) {
      return v.get();
    }
    String hint = Suggestions.hint(text, known);
    Matcher dotted = DOTTED_VERSION.matcher(text.trim());
    if (dotted.matches()) {
      String u = dotted.group(3).equals("0") ? "" : "U" + dotted.group(3);
      hint = "; did you mean '" + dotted.group(1) + "." + dotted.group(2) + u + "'?";
    }
    add(
        path,
        "'"
            + text
            + "' is not "
            + (product.startsWith("E") ? "an " : "a ")
            + product
            + " version NestLab knows; use one of "
            + String.join(", ", known)
            + hint);
    return null;
  }

  static String range(List<String> names) {
    return names.size() <= 3
        ? String.join(", ", names)
        : names.get(0) + " .. " + names.get(names.size() - 1);
  }
}
