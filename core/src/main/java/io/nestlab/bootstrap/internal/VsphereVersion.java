package io.nestlab.bootstrap.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vSphere version as lab files write it: {@code 6.7}, {@code 7.0U3}, {@code 8.0U1}, {@code 9.0}.
 */
public record VsphereVersion(int major, int minor, int update)
    implements Comparable<VsphereVersion> {
  private static final Pattern FORM =
      Pattern.compile(
          "^(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:\\s*U(\\d+)[a-z]?)?$", Pattern.CASE_INSENSITIVE);

  public static Optional<VsphereVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(text.trim().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new VsphereVersion(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
  }

  public static VsphereVersion of(int major, int minor, int update) {
    return new VsphereVersion(major, minor, update);
  }

  public boolean atLeast(int major, int minor, int update) {
    return compareTo(of(major, minor, update)) >= 0;
  }

  @Override
  public int compareTo(VsphereVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c == 0 ? Integer.compare(update, o.update) : c;
  }

  @Override
  public String toString() {
    return major + "." + minor + (update > 0 ? "U" + update : "");
  }
}
