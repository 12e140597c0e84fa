package io.nestlab.state.internal.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL store's schema, as numbered migrations applied in order, each once, recorded in
 * {@code nestlab_schema_version}. Every run holds a transaction-scoped advisory lock, so two
 * processes starting at once migrate one after the other; a database migrated by a newer NestLab is
 * refused (docs/design/0105).
 */
public final class PgMigrations {
  /** The advisory lock key of migrations ("nestlab" in ASCII, as a number). */
  private static final long MIGRATION_LOCK = 0x6e6573746c6162L;

  /** One schema change. Never edit a released one: add the next. */
  public record Migration(int version, String description, List<String> statements) {}

  public static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              "labs, secrets, leases",
              List.of(
                  """
                  CREATE TABLE nestlab_labs (
                    lab_id text PRIMARY KEY,
                    owner text,
                    provider text NOT NULL,
                    status text NOT NULL,
                    format_version integer NOT NULL,
                    record text NOT NULL,
                    updated_at timestamptz NOT NULL)""",
                  "CREATE INDEX nestlab_labs_owner ON nestlab_labs (owner)",
                  """
                  CREATE TABLE nestlab_lab_secrets (
                    lab_id text PRIMARY KEY,
                    format_version integer NOT NULL,
                    secrets text NOT NULL)""",
                  """
                  CREATE TABLE nestlab_leases (
                    lab_id text PRIMARY KEY,
                    holder text NOT NULL,
                    token bigint NOT NULL,
                    acquired_at timestamptz NOT NULL,
                    heartbeat_at timestamptz NOT NULL,
                    expires_at timestamptz NOT NULL)""",
                  "CREATE SEQUENCE nestlab_lease_token")),
          new Migration(
              2,
              "budgets and teams",
              List.of(
                  """
                  CREATE TABLE nestlab_budgets (
                    id integer PRIMARY KEY CHECK (id = 1),
                    format_version integer NOT NULL,
                    policy text NOT NULL,
                    updated_at timestamptz NOT NULL)""")));

  private PgMigrations() {}

  /** The newest schema version this code knows. */
  public static int latest() {
    return ALL.get(ALL.size() - 1).version();
  }

  /**
   * Brings the schema up to {@link #latest()}; returns the version found before.
   *
   * @throws NewerSchemaException when the database is newer than this code
   */
  public static int migrate(Connection c) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, MIGRATION_LOCK);
        lock.execute();
      }
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS nestlab_schema_version ("
                + " version integer PRIMARY KEY,"
                + " description text NOT NULL,"
                + " applied_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      }
      int found;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT coalesce(max(version), 0) FROM nestlab_schema_version")) {
        rs.next();
        found = rs.getInt(1);
      }
      if (found > latest()) {
        throw new NewerSchemaException(found, latest());
      }
      for (Migration m : ALL) {
        if (m.version() <= found) {
          continue;
        }
        try (Statement s = c.createStatement()) {
          for (String sql : m.statements()) {
            s.execute(sql);
          }
        }
        try (PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO nestlab_schema_version (version, description) VALUES (?, ?)")) {
          p.setInt(1, m.version());
          p.setString(2, m.description());
          p.executeUpdate();
        }
      }
      c.commit();
      return found;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** The database was migrated by a newer NestLab than this one. */
  public static final class NewerSchemaException extends SQLException {
    private static final long serialVersionUID = 1L;

    NewerSchemaException(int found, int known) {
      super(
          "the database's NestLab schema is version "
              + found
              + ", newer than this NestLab knows ("
              + known
              + "); upgrade NestLab");
    }
  }
}
