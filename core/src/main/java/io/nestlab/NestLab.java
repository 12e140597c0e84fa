package io.nestlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this NestLab build. */
public final class NestLab {
  private static final String RESOURCE = "io/nestlab/version.properties";
  private static final String VERSION = loadVersion();

  private NestLab() {}

  /** The version of NestLab, as built by Maven (for example {@code 0.1.0-SNAPSHOT}). */
  public static String version() {
    return VERSION;
  }

  // Read through OwnResources, which keeps core's jar open for the other tables read at start:
  // opening it a second time here read its directory again, ~3 ms of every command (0200).
  private static String loadVersion() {
    try {
      String version = readVersion(OwnResources.open("/" + RESOURCE));
      return version != null ? version : "unknown";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read NestLab's version resource", e);
    }
  }

  private static String readVersion(InputStream stream) throws IOException {
    if (stream == null) {
      return null;
    }
    try (InputStream in = stream) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    }
  }
}
