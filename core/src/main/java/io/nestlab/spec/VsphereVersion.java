package io.nestlab.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * A vSphere release as labs name it: {@code 7.0}, {@code 7.0U3}, {@code 8.0U3}, {@code 9.0}.
 * Ordered by major, minor and update number. Which versions NestLab knows is data: see {@link
 * VsphereKnowledge#esxiVersions()}.
 *
 * @param major the major number, 8 in {@code 8.0U3}
 * @param minor the minor number, 0 in {@code 8.0U3}
 * @param update the update number, 3 in {@code 8.0U3}; 0 for the initial release
 */
public record VsphereVersion(int major, int minor, int update)
    implements Comparable<VsphereVersion> {
  public VsphereVersion {
    if (major < 0 || minor < 0 || update < 0) {
      throw new IllegalArgumentException("version numbers are not negative");
    }
  }

  /**
   * Parses {@code 7.0}, {@code 7.0U3} (also {@code 7.0u3}); empty when the text has another form.
   */
  public static Optional<VsphereVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    // By hand, not with a regular expression: versions are read hundreds of times at start-up
    // (the knowledge table, every rule), where a matcher costs several times more (design 0200).
    String t = text.trim();
    int[] at = {0};
    int major = number(t, at);
    if (major < 0 || at[0] >= t.length() || t.charAt(at[0]++) != '.') {
      return Optional.empty();
    }
    int minor = number(t, at);
    if (minor < 0) {
      return Optional.empty();
    }
    int update = 0;
    if (at[0] < t.length()) {
      char u = t.charAt(at[0]++);
      update = u == 'u' || u == 'U' ? number(t, at) : -1;
      if (update < 0) {
        return Optional.empty();
      }
    }
    return at[0] == t.length()
        ? Optional.of(new VsphereVersion(major, minor, update))
        : Optional.empty();
  }

  /** One or two ASCII digits of {@code t} from {@code at[0]} on (moving it), or -1. */
  private static int number(String t, int[] at) {
    int i = at[0];
    int v = -1;
    while (i < t.length() && i - at[0] < 2 && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
      v = (v < 0 ? 0 : v * 10) + (t.charAt(i) - '0');
      i++;
    }
    at[0] = i;
    return v;
  }

  /** Parses a version or fails with a message naming the accepted form. */
  public static VsphereVersion of(String text) {
    return parse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a vSphere version: '" + text + "'; write it like 7.0, 7.0U3 or 8.0U3"));
  }

  /** The release family without the update: {@code 8.0} for {@code 8.0U3}. */
  public String family() {
    return major + "." + minor;
  }

  /** Whether this version belongs to the same family (major.minor) as {@code other}. */
  public boolean sameFamily(VsphereVersion other) {
    return major == other.major && minor == other.minor;
  }

  /** Whether this version is {@code major.minor} update {@code update} or later. */
  public boolean atLeast(int major, int minor, int update) {
    return compareTo(new VsphereVersion(major, minor, update)) >= 0;
  }

  public boolean isOlderThan(VsphereVersion other) {
    return compareTo(other) < 0;
  }

  @Override
  public int compareTo(VsphereVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(update, o.update);
  }

  // Written out, not generated: a record's generated equals and hashCode are linked on first use
  // through java.lang.runtime.ObjectMethods, ~10 ms of every command that validates a lab
  // (docs/design/0200).
  @Override
  public boolean equals(Object o) {
    return o instanceof VsphereVersion v
        && major == v.major
        && minor == v.minor
        && update == v.update;
  }

  @Override
  public int hashCode() {
    return (major * 31 + minor) * 31 + update;
  }

  /** The canonical form: {@code 8.0U3}, or {@code 8.0} for an initial release. */
  @Override
  public String toString() {
    return update == 0 ? family() : family() + "U" + update;
  }

  static String normalize(String text) {
    return text == null ? null : text.trim().toUpperCase(Locale.ROOT);
  }
}
