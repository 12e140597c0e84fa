package io.nestlab.state.internal.pg;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL address as users write it ({@code postgresql://user:password@host:5432/db?...}, also
 * {@code postgres://} and {@code jdbc:postgresql://}), split into the JDBC URL the driver takes,
 * the credentials (kept out of every message) and a redacted form for messages.
 */
public final class PgUrl {
  private static final Pattern FORM =
      Pattern.compile(
          "(?:jdbc:)?postgres(?:ql)?://(?:([^:@/?]*)(?::([^@/?]*))?@)?([^/?]*)(/[^?]*)?(\\?.*)?");

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String redacted;

  private PgUrl(String jdbcUrl, String user, String password, String redacted) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.redacted = redacted;
  }

  /** Whether {@code text} is meant as a PostgreSQL address (by its scheme). */
  public static boolean looksLikeOne(String text) {
    return text != null
        && (text.startsWith("postgresql://")
            || text.startsWith("postgres://")
            || text.startsWith("jdbc:postgresql://"));
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong, without quoting a password
   */
  public static PgUrl parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "is not a PostgreSQL address; write postgresql://USER@HOST:PORT/DATABASE");
    }
    String user = decode(m.group(1));
    String password = decode(m.group(2));
    String hostPort = m.group(3);
    if (hostPort.isEmpty()) {
      throw new IllegalArgumentException(
          "names no host; write postgresql://USER@HOST:PORT/DATABASE (for example"
              + " postgresql://nestlab@127.0.0.1:5432/nestlab)");
    }
    String db = m.group(4) == null || m.group(4).equals("/") ? "" : m.group(4);
    String query = m.group(5) == null ? "" : m.group(5);
    if (query.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      throw new IllegalArgumentException(
          "carries a password in its query; put it in the address (postgresql://USER:PASSWORD@...)"
              + " or set PGPASSWORD");
    }
    String jdbc = "jdbc:postgresql://" + hostPort + (db.isEmpty() ? "/" : db) + query;
    String shown =
        "postgresql://"
            + (user == null || user.isEmpty() ? "" : user + (password == null ? "" : ":***") + "@")
            + hostPort
            + db;
    return new PgUrl(jdbc, emptyToNull(user), password, shown);
  }

  /** The URL for {@link java.sql.DriverManager}; holds no credentials. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The driver's connection properties: user and password ({@code PGPASSWORD} if unset). */
  public Properties properties() {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    String pw = password != null ? password : System.getenv("PGPASSWORD");
    if (pw != null) {
      p.setProperty("password", pw);
    }
    p.setProperty("ApplicationName", "nestlab");
    return p;
  }

  /** The address without its password, for messages. */
  @Override
  public String toString() {
    return redacted;
  }

  private static String decode(String s) {
    return s == null ? null : URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
