package io.nestlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this NestLab build. */
public final class NestLab {
  private static final String VERSION = loadVersion();

  private NestLab() {}

  /** The version of NestLab, as built by Maven (for example {@code 0.1.0-SNAPSHOT}). */
  public static String version() {
    return VERSION;
  }

  private static String loadVersion() {
    try (InputStream in = NestLab.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read NestLab's version resource", e);
    }
  }
}
