package io.nestlab.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.internal.io.Json;
import io.nestlab.state.internal.pg.PgConnections;
import io.nestlab.state.internal.pg.PgMigrations;
import io.nestlab.state.internal.pg.PgUrl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The shared state store: labs in PostgreSQL, through plain JDBC, for teams, classrooms and CI
 * (docs/fleet.md, docs/design/0105). It keeps the same record (as the same JSON as {@code
 * lab.json}) and secrets as {@link FileLabStore}, creates and migrates its own schema, and locks a
 * lab with a <em>lease</em>: a row with its holder, an expiry renewed by a heartbeat while the
 * holder lives, and a fencing token. A holder that died leaves the lease to run out; then another
 * runner takes the lab over with a new token, and every record or secrets write of the old holder
 * is refused from then on ({@link LeaseLostException}).
 *
 * <p>Time is the database's ({@code clock_timestamp()}), so runners on machines whose clocks differ
 * agree on when a lease ends; a {@link Builder#clock(Clock) clock} can be given instead (tests).
 */
public final class PostgresLabStore implements LabStore, AutoCloseable {
  /** How long a lease lasts without a heartbeat, unless the builder says otherwise. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

  private static final int SECRETS_FORMAT = 1;
  private static final String NOW = "coalesce(?::timestamptz, clock_timestamp())";
  private static final System.Logger LOG = System.getLogger(PostgresLabStore.class.getName());

  private final PgUrl url;
  private final PgConnections connections;
  private final Clock clock;
  private final Duration lease;
  private final Duration heartbeat;
  private final String holder;
  private final Map<String, Lease> held = new ConcurrentHashMap<>();
  private final ScheduledExecutorService beats;

  private PostgresLabStore(Builder b, PgUrl url) {
    this.url = url;
    this.connections = new PgConnections(url, b.maxIdleConnections);
    this.clock = b.clock;
    this.lease = b.lease;
    this.heartbeat = b.heartbeat != null ? b.heartbeat : b.lease.dividedBy(3);
    this.holder = b.holder != null ? b.holder : defaultHolder();
    this.beats =
        heartbeat.isZero()
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "nestlab-lease-heartbeat");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** A store at {@code url} ({@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE}). */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** A store at {@code url} with the defaults; connects and migrates the schema. */
  public static PostgresLabStore open(String url) {
    return builder(url).build();
  }

  @Override
  public String location() {
    return url.toString();
  }

  /** The schema version this store's database is at after opening. */
  public int schemaVersion() {
    return sql(
        "read the schema version",
        c -> {
          try (PreparedStatement p =
                  c.prepareStatement("SELECT max(version) FROM nestlab_schema_version");
              ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  @Override
  public List<String> labIds() {
    return sql(
        "list labs",
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement p =
                  c.prepareStatement(
                      "SELECT lab_id FROM nestlab_labs ORDER BY lab_id COLLATE \"C\"");
              ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
          return ids;
        });
  }

  @Override
  public Optional<LabRecord> find(String labId) {
    LabIds.check(labId);
    String text =
        sql(
            "read lab '" + labId + "'",
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement("SELECT record FROM nestlab_labs WHERE lab_id = ?")) {
                p.setString(1, labId);
                try (ResultSet rs = p.executeQuery()) {
                  return rs.next() ? rs.getString(1) : null;
                }
              }
            });
    if (text == null) {
      return Optional.empty();
    }
    return Optional.of(parse(labId, text));
  }

  /** Every record in one query; a row that does not read is left out (find names its problem). */
  @Override
  public List<LabRecord> records() {
    Map<String, String> rows =
        sql(
            "list labs",
            c -> {
              Map<String, String> texts = new java.util.LinkedHashMap<>();
              try (PreparedStatement p =
                      c.prepareStatement(
                          "SELECT lab_id, record FROM nestlab_labs ORDER BY lab_id COLLATE \"C\"");
                  ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                  texts.put(rs.getString(1), rs.getString(2));
                }
              }
              return texts;
            });
    List<LabRecord> all = new ArrayList<>(rows.size());
    rows.forEach(
        (id, text) -> {
          try {
            all.add(parse(id, text));
          } catch (LabStateException e) {
            LOG.log(System.Logger.Level.DEBUG, e.getMessage());
          }
        });
    return all;
  }

  private LabRecord parse(String labId, String text) {
    String where = "lab '" + labId + "' in " + location();
    try {
      JsonNode node = Json.mapper().readTree(text);
      checkVersion(where, node.path("formatVersion").asInt(0), LabRecord.FORMAT_VERSION);
      LabRecord r = Json.mapper().treeToValue(node, LabRecord.class);
      if (!labId.equals(r.labId())) {
        throw new LabStateException(where + " holds lab '" + r.labId() + "'");
      }
      return r;
    } catch (JsonProcessingException e) {
      throw new LabStateException(
          "cannot read " + where + ": " + e.getOriginalMessage() + "; fix or remove the row", e);
    }
  }

  @Override
  public LabRecord load(String labId) {
    return find(labId)
        .orElseThrow(
            () -> {
              List<String> known = labIds();
              return new UnknownLabException(
                  "no lab '"
                      + labId
                      + "' in "
                      + location()
                      + (known.isEmpty()
                          ? " (no labs recorded there; pass --state if they live elsewhere)"
                          : "; known labs: " + String.join(", ", known)));
            });
  }

  @Override
  public void save(LabRecord record) {
    String labId = record.labId();
    LabIds.check(labId);
    String json;
    try {
      json = Json.mapper().writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new LabStateException("cannot write lab '" + labId + "': " + e.getMessage(), e);
    }
    transaction(
        "write lab '" + labId + "'",
        c -> {
          fence(c, labId, true);
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO nestlab_labs (lab_id, owner, provider, status, format_version,"
                      + " record, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                      + NOW
                      + ") ON CONFLICT (lab_id) DO UPDATE SET owner = excluded.owner, provider ="
                      + " excluded.provider, status = excluded.status, format_version ="
                      + " excluded.format_version, record = excluded.record, updated_at ="
                      + " excluded.updated_at")) {
            p.setString(1, labId);
            p.setString(2, record.owner());
            p.setString(3, record.provider());
            p.setString(4, record.status().name());
            p.setInt(5, record.formatVersion());
            p.setString(6, json);
            setNow(p, 7);
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public LabSecrets secrets(String labId) {
    LabIds.check(labId);
    String text =
        sql(
            "read the secrets of lab '" + labId + "'",
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement(
                      "SELECT format_version, secrets FROM nestlab_lab_secrets WHERE lab_id = ?")) {
                p.setString(1, labId);
                try (ResultSet rs = p.executeQuery()) {
                  if (!rs.next()) {
                    return null;
                  }
                  checkVersion(
                      "the secrets of lab '" + labId + "' in " + location(),
                      rs.getInt(1),
                      SECRETS_FORMAT);
                  return rs.getString(2);
                }
              }
            });
    if (text == null) {
      return LabSecrets.empty();
    }
    try {
      JsonNode node = Json.mapper().readTree(text);
      Map<String, String> values = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        values.put(e.getKey(), e.getValue().asText());
      }
      return LabSecrets.of(values);
    } catch (JsonProcessingException e) {
      // The message names the row, never its content.
      throw new LabStateException(
          "cannot read the secrets of lab '"
              + labId
              + "' in "
              + location()
              + "; fix or remove them",
          null);
    }
  }

  @Override
  public void saveSecrets(String labId, LabSecrets secrets) {
    LabIds.check(labId);
    String json;
    try {
      json = Json.mapper().writeValueAsString(secrets.asMap());
    } catch (JsonProcessingException e) {
      throw new LabStateException("cannot write the secrets of lab '" + labId + "'", null);
    }
    transaction(
        "write the secrets of lab '" + labId + "'",
        c -> {
          // Secrets are fenced for a lease holder only: `nestlab ssh` may cache credentials while
          // another runner drives the lab, as with the directory store.
          fence(c, labId, false);
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO nestlab_lab_secrets (lab_id, format_version, secrets) VALUES (?, ?,"
                      + " ?) ON CONFLICT (lab_id) DO UPDATE SET format_version ="
                      + " excluded.format_version, secrets = excluded.secrets")) {
            p.setString(1, labId);
            p.setInt(2, SECRETS_FORMAT);
            p.setString(3, json);
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public LabLock lock(String labId) {
    LabIds.check(labId);
    return lease(
        labId,
        "lab '" + labId + "' is being driven by another process",
        "; wait for it to finish, then try again. If that process died, its lease"
            + " runs out by itself and the lab can be taken over then");
  }

  /**
   * A lease row keyed {@code ~ROLE} (never a lab id), taken, renewed and released like a lab's: one
   * leader per role among every runner of this database (docs/fleet.md#one-sweeper).
   */
  @Override
  public LabLock lead(String role) {
    LabStore.checkRole(role);
    return lease(
        "~" + role,
        "the " + role + " of " + location() + " runs in another process",
        "; it stays the " + role + " while it lives. If it died, its lease runs out by itself");
  }

  private LabLock lease(String labId, String busy, String advice) {
    Lease acquired =
        transaction(
            "take the lease of '" + labId + "'",
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement(
                      "INSERT INTO nestlab_leases AS l (lab_id, holder, token, acquired_at,"
                          + " heartbeat_at, expires_at) SELECT ?, ?, nextval('nestlab_lease_token'),"
                          + " t.now, t.now, t.now + ? * interval '1 millisecond' FROM (SELECT "
                          + NOW
                          + " AS now) t ON CONFLICT (lab_id) DO UPDATE SET holder = excluded.holder,"
                          + " token = excluded.token, acquired_at = excluded.acquired_at,"
                          + " heartbeat_at = excluded.heartbeat_at, expires_at ="
                          + " excluded.expires_at WHERE l.expires_at <= excluded.acquired_at"
                          + " RETURNING token, expires_at")) {
                p.setString(1, labId);
                p.setString(2, holder);
                p.setLong(3, lease.toMillis());
                setNow(p, 4);
                try (ResultSet rs = p.executeQuery()) {
                  if (rs.next()) {
                    return new Lease(labId, rs.getLong(1));
                  }
                }
              }
              LeaseRow other = leaseRow(c, labId, false);
              throw new LabLockedException(
                  busy
                      + (other == null
                          ? ""
                          : " (" + other.holder + "; its lease runs until " + other.expiresAt + ")")
                      + advice);
            });
    held.put(labId, acquired);
    if (beats != null) {
      acquired.beat =
          beats.scheduleWithFixedDelay(
              () -> renew(acquired),
              heartbeat.toMillis(),
              heartbeat.toMillis(),
              TimeUnit.MILLISECONDS);
    }
    return acquired;
  }

  /**
   * Renews {@code labId}'s lease now, as the heartbeat does; false when the lease was lost (another
   * runner took it over). The heartbeat calls this on its own; a caller needs it only when it has
   * no heartbeat (a builder with a zero heartbeat interval).
   */
  public boolean heartbeat(String labId) {
    Lease l = held.get(labId);
    return l != null && renew(l);
  }

  private boolean renew(Lease l) {
    try {
      return transaction(
          "renew the lease of lab '" + l.labId + "'", c -> extend(c, l.labId, l.token));
    } catch (LabStateException e) {
      // The database is away: the lease may run out; a write after that is refused if another
      // runner took over meanwhile. Nothing to do here but say so.
      LOG.log(System.Logger.Level.WARNING, "lease heartbeat failed: " + e.getMessage());
      return false;
    }
  }

  @Override
  public void remove(String labId) {
    LabIds.check(labId);
    transaction(
        "remove lab '" + labId + "'",
        c -> {
          fence(c, labId, true);
          for (String table : List.of("nestlab_labs", "nestlab_lab_secrets")) {
            try (PreparedStatement p =
                c.prepareStatement("DELETE FROM " + table + " WHERE lab_id = ?")) {
              p.setString(1, labId);
              p.executeUpdate();
            }
          }
          if (!held.containsKey(labId)) {
            try (PreparedStatement p =
                c.prepareStatement(
                    "DELETE FROM nestlab_leases WHERE lab_id = ? AND expires_at <= " + NOW)) {
              p.setString(1, labId);
              setNow(p, 2);
              p.executeUpdate();
            }
          }
          return null;
        });
  }

  /** Stops the heartbeats and closes the idle connections; leases held lapse by themselves. */
  @Override
  public void close() {
    if (beats != null) {
      beats.shutdownNow();
    }
    connections.close();
  }

  @Override
  public String toString() {
    return "PostgresLabStore[" + location() + "]";
  }

  // ------------------------------------------------------------------------------ internals

  /**
   * Refuses a write that the lease forbids, inside the writing transaction (the lease row is locked
   * until it commits, so a takeover cannot slip between the check and the write). A holder of the
   * lab's lease may write only while the row still carries its token, and renews the lease as it
   * does; anyone else may write a record only while nobody holds a live lease ({@code strict}).
   */
  private void fence(Connection c, String labId, boolean strict) throws SQLException {
    Lease mine = held.get(labId);
    LeaseRow row = leaseRow(c, labId, true);
    if (mine != null) {
      if (row == null || row.token != mine.token) {
        throw new LeaseLostException(
            "lab '"
                + labId
                + "': this runner's lease (token "
                + mine.token
                + ") ended and "
                + (row == null
                    ? "was released"
                    : row.holder + " took the lab over (token " + row.token + ")")
                + "; nothing was written. Let that runner finish, or see 'nestlab status "
                + labId
                + "'");
      }
      extend(c, labId, mine.token);
      return;
    }
    if (strict && row != null && !row.expired) {
      throw new LabLockedException(
          "lab '"
              + labId
              + "' is being driven by another process ("
              + row.holder
              + "; its lease runs until "
              + row.expiresAt
              + "); nothing was written. Wait for it to finish, then try again");
    }
  }

  /** Moves the lease's expiry to now plus its length while it carries {@code token}. */
  private boolean extend(Connection c, String labId, long token) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE nestlab_leases SET heartbeat_at = t.now, expires_at = t.now + ? * interval '1"
                + " millisecond' FROM (SELECT "
                + NOW
                + " AS now) t WHERE lab_id = ? AND token = ?")) {
      p.setLong(1, lease.toMillis());
      setNow(p, 2);
      p.setString(3, labId);
      p.setLong(4, token);
      return p.executeUpdate() == 1;
    }
  }

  private LeaseRow leaseRow(Connection c, String labId, boolean forUpdate) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT holder, token, expires_at, expires_at <= "
                + NOW
                + " FROM nestlab_leases WHERE lab_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      setNow(p, 1);
      p.setString(2, labId);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Timestamp until = rs.getTimestamp(3);
        return new LeaseRow(rs.getString(1), rs.getLong(2), until.toInstant(), rs.getBoolean(4));
      }
    }
  }

  private void setNow(PreparedStatement p, int index) throws SQLException {
    if (clock == null) {
      p.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      p.setObject(index, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }
  }

  private interface Body<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code body} on a pooled connection. When the connection turns out to be dead (the server
   * restarted since it was last used) or the server is still starting, the idle ones are dropped
   * and {@code body} runs again on a new one, a few times over about ten seconds: every body here
   * is safe to repeat (writes are upserts of the whole row; taking a lease twice fails on the first
   * one, naming this process). A server away for longer fails the command, and resume continues.
   */
  private <T> T sql(String what, Body<T> body) {
    for (int attempt = 1; ; attempt++) {
      Connection c = null;
      boolean broken = false;
      try {
        c = connections.borrow();
        return body.run(c);
      } catch (SQLException e) {
        broken = true;
        if (reconnectable(e) && attempt < RECONNECT_ATTEMPTS) {
          connections.dropIdle();
          pauseBeforeReconnect(attempt, what, e);
          continue;
        }
        throw translate(what, e);
      } finally {
        connections.release(c, broken);
      }
    }
  }

  private static final int RECONNECT_ATTEMPTS = 8;

  /** Connection lost (08xxx), the server shut down (57P01) or not yet accepting (57P03). */
  private static boolean reconnectable(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("08") || state.equals("57P01") || state.equals("57P03");
  }

  /** The first retry is at once (a stale pooled connection); then 250 ms, 500 ms, ... 2 s. */
  private static void pauseBeforeReconnect(int attempt, String what, SQLException cause) {
    if (attempt == 1) {
      return;
    }
    try {
      Thread.sleep(Math.min(2000L, 250L * (attempt - 1)));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new LabStateException("interrupted while waiting to " + what, cause);
    }
  }

  private <T> T transaction(String what, Body<T> body) {
    return sql(
        what,
        c -> {
          c.setAutoCommit(false);
          T result = body.run(c);
          c.commit();
          c.setAutoCommit(true);
          return result;
        });
  }

  private LabStateException translate(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String advice =
        state.startsWith("08") || e.getMessage().contains("No suitable driver")
            ? "; check that the database is running and reachable (--state or NESTLAB_STATE_URL)"
            : state.startsWith("28")
                ? "; check the user and password in the address (or PGPASSWORD)"
                : "";
    return new LabStateException(
        "cannot " + what + " in " + location() + ": " + e.getMessage() + advice, e);
  }

  private static void checkVersion(String what, int found, int known) {
    if (found < 1) {
      throw new LabStateException(what + " has no format version; it was not written by NestLab");
    }
    if (found > known) {
      throw new LabStateException(
          what
              + " has format version "
              + found
              + ", newer than this NestLab reads ("
              + known
              + "); upgrade NestLab");
    }
  }

  private static String defaultHolder() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown host";
    }
    return "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now();
  }

  private record LeaseRow(String holder, long token, Instant expiresAt, boolean expired) {}

  /** A held lease: the lab's lock in this store. */
  private final class Lease implements LabLock {
    final String labId;
    final long token;
    volatile ScheduledFuture<?> beat;

    Lease(String labId, long token) {
      this.labId = labId;
      this.token = token;
    }

    @Override
    public String labId() {
      return labId;
    }

    @Override
    public void close() {
      ScheduledFuture<?> b = beat;
      if (b != null) {
        b.cancel(false);
      }
      held.remove(labId, this);
      try {
        transaction(
            "release the lease of lab '" + labId + "'",
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement("DELETE FROM nestlab_leases WHERE lab_id = ? AND token = ?")) {
                p.setString(1, labId);
                p.setLong(2, token);
                p.executeUpdate();
              }
              return null;
            });
      } catch (LabStateException e) {
        // The lease runs out by itself.
        LOG.log(System.Logger.Level.WARNING, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "lease of " + labId + " (token " + token + ")";
    }
  }

  /** Builds a {@link PostgresLabStore}. */
  public static final class Builder {
    private final String url;
    private Clock clock;
    private Duration lease = DEFAULT_LEASE;
    private Duration heartbeat;
    private String holder;
    private int maxIdleConnections = 4;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** Lease times from {@code clock} instead of the database's clock (tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How long a lease lasts without a heartbeat or write (default 60 s). */
    public Builder leaseDuration(Duration lease) {
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease duration must be positive: " + lease);
      }
      this.lease = lease;
      return this;
    }

    /** How often a held lease is renewed (default a third of the lease); zero: never. */
    public Builder heartbeatInterval(Duration every) {
      if (every.isNegative()) {
        throw new IllegalArgumentException("heartbeat interval must not be negative: " + every);
      }
      this.heartbeat = every;
      return this;
    }

    /** Who holds this store's leases, as other runners' messages name it (default pid and host). */
    public Builder holder(String holder) {
      this.holder = holder;
      return this;
    }

    /** Idle connections kept for reuse (default 4). */
    public Builder maxIdleConnections(int n) {
      this.maxIdleConnections = Math.max(0, n);
      return this;
    }

    /**
     * Connects, creates or migrates the schema, and returns the store.
     *
     * @throws LabStateException when the address is malformed, the database cannot be reached, or
     *     its schema is newer than this NestLab
     */
    public PostgresLabStore build() {
      PgUrl parsed;
      try {
        parsed = PgUrl.parse(url);
      } catch (IllegalArgumentException e) {
        // The address may carry a password: never quote it.
        throw new LabStateException("the state address " + e.getMessage());
      }
      PostgresLabStore store = new PostgresLabStore(this, parsed);
      try {
        store.sql("open the state database", PgMigrations::migrate);
      } catch (LabStateException e) {
        store.close();
        throw e;
      }
      return store;
    }
  }
}
