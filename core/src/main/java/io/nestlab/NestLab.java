package io.nestlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Facts about this NestLab build. */
public final class NestLab {
  private static final String RESOURCE = "io/nestlab/version.properties";
  private static final String VERSION = loadVersion();

  private NestLab() {}

  /** The version of NestLab, as built by Maven (for example {@code 0.1.0-SNAPSHOT}). */
  public static String version() {
    return VERSION;
  }

  private static String loadVersion() {
    try {
      String version = readVersion(ownCopy());
      if (version == null) {
        version = readVersion(NestLab.class.getClassLoader().getResourceAsStream(RESOURCE));
      }
      return version != null ? version : "unknown";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read NestLab's version resource", e);
    }
  }

  /**
   * The version resource read from where this class came from (core's jar or classes directory), or
   * null when that is not a local jar or directory. A class-loader lookup would ask the JDK's
   * modules first and then open every jar before core's: {@code nestlab --version} paid that at
   * every start (docs/design/0161). A jar opened here is the one the class loader keeps open too:
   * {@link ZipFile} shares one reading of its directory between them.
   */
  private static InputStream ownCopy() throws IOException {
    CodeSource source = NestLab.class.getProtectionDomain().getCodeSource();
    if (source == null
        || source.getLocation() == null
        || !"file".equals(source.getLocation().getProtocol())) {
      return null;
    }
    Path where;
    try {
      where = Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    if (Files.isDirectory(where)) {
      Path file = where.resolve(RESOURCE);
      return Files.isRegularFile(file) ? Files.newInputStream(file) : null;
    }
    if (!Files.isRegularFile(where)) {
      return null;
    }
    ZipFile jar = new ZipFile(where.toFile());
    ZipEntry entry = jar.getEntry(RESOURCE);
    if (entry == null) {
      jar.close();
      return null;
    }
    InputStream in = jar.getInputStream(entry);
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          jar.close();
        }
      }
    };
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
