package io.nestlab.spec;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known word a user most likely meant, for "did you mean ..." hints: keys of the lab
 * file, and (from {@code plan.PinnedTypes}) instance type names.
 */
public final class Suggestions {
  private Suggestions() {}

  /** The closest candidate, when one is close enough to be a plausible typo. */
  public static Optional<String> closest(String typed, Collection<String> candidates) {
    if (typed == null || typed.isEmpty()) {
      return Optional.empty();
    }
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      int d = lc.equals(t) ? 0 : distance(t, lc);
      if (lc.startsWith(t) || t.startsWith(lc)) {
        d = Math.min(d, 1 + Math.abs(lc.length() - t.length()) / 4);
      }
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, t.length() / 3);
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** {@code "; did you mean 'x'?"} or an empty string. */
  static String hint(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
  }

  /** Levenshtein distance, with a swap of two neighbours counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
