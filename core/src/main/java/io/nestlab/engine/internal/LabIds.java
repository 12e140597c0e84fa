package io.nestlab.engine.internal;

import io.nestlab.spi.LabTags;
import java.security.SecureRandom;

/** New lab ids. */
public final class LabIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private LabIds() {}

  /** A lab id from a lab name: the name plus a random suffix, valid as a tag value. */
  public static String newId(String name) {
    String base = LabTags.sanitize(name == null || name.isBlank() ? "lab" : name).replace('_', '-');
    base = base.replaceAll("^-+", "");
    if (base.isEmpty()) {
      base = "lab";
    }
    if (base.length() > 50) {
      base = base.substring(0, 50);
    }
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      suffix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return base + "-" + suffix;
  }
}
