package io.nestlab.state;

import io.nestlab.state.internal.pg.PgBudgets;
import io.nestlab.state.internal.pg.PgLeases;
import io.nestlab.state.internal.pg.PgMigrations;
import io.nestlab.state.internal.pg.PgRecords;
import io.nestlab.state.internal.pg.PgSecrets;
import io.nestlab.state.internal.pg.PgSql;
import io.nestlab.state.internal.pg.PgUrl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

  private final PgSql db;
  private final PgLeases leases;
  private final PgSecrets secrets;
  private final PgBudgets budgets;
  private final PgRecords records;

  private PostgresLabStore(Builder b, PgUrl url) {
    this.db = new PgSql(url, b.maxIdleConnections, b.clock);
    this.leases =
        new PgLeases(
            db,
            b.lease,
            b.heartbeat != null ? b.heartbeat : b.lease.dividedBy(3),
            b.holder != null ? b.holder : defaultHolder());
    this.secrets = new PgSecrets(db, leases);
    this.budgets = new PgBudgets(db, leases);
    this.records = new PgRecords(db);
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
    return db.location();
  }

  /** The schema version this store's database is at after opening. */
  public int schemaVersion() {
    return db.sql(
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
    return db.sql(
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
        db.sql(
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
    return Optional.of(records.parse(labId, text));
  }

  /** Every record in one query; a row that does not read is left out (find names its problem). */
  @Override
  public List<LabRecord> records() {
    return db.sql("list labs", records::all);
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
    String json = PgRecords.json(record);
    db.transaction(
        "write lab '" + labId + "'",
        c -> {
          leases.fence(c, labId, true);
          records.upsert(c, record, json);
          return null;
        });
  }

  /** In the table {@code nestlab_budgets}: the same for every runner of this database. */
  @Override
  public BudgetPolicy budgets() {
    return budgets.read();
  }

  @Override
  public void saveBudgets(BudgetPolicy policy) {
    budgets.write(policy);
  }

  /**
   * One transaction under an advisory lock on the budgets: of two runners racing for a budget's
   * last slot, the second sees the first one's record and is refused.
   */
  @Override
  public void admit(LabRecord first, Admission admission) {
    LabIds.check(first.labId());
    String json = PgRecords.json(first);
    budgets.admit(first, admission, records::all, c -> records.upsert(c, first, json));
  }

  @Override
  public LabSecrets secrets(String labId) {
    LabIds.check(labId);
    return secrets.read(labId);
  }

  @Override
  public void saveSecrets(String labId, LabSecrets values) {
    LabIds.check(labId);
    secrets.write(labId, values);
  }

  @Override
  public LabLock lock(String labId) {
    LabIds.check(labId);
    return leases.take(
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
    return leases.take(
        "~" + role,
        "the " + role + " of " + location() + " runs in another process",
        "; it stays the " + role + " while it lives. If it died, its lease runs out by itself");
  }

  /**
   * Renews {@code labId}'s lease now, as the heartbeat does; false when the lease was lost (another
   * runner took it over). The heartbeat calls this on its own; a caller needs it only when it has
   * no heartbeat (a builder with a zero heartbeat interval).
   */
  public boolean heartbeat(String labId) {
    return leases.heartbeat(labId);
  }

  @Override
  public void remove(String labId) {
    LabIds.check(labId);
    db.transaction(
        "remove lab '" + labId + "'",
        c -> {
          leases.fence(c, labId, true);
          for (String table : List.of("nestlab_labs", "nestlab_lab_secrets")) {
            try (PreparedStatement p =
                c.prepareStatement("DELETE FROM " + table + " WHERE lab_id = ?")) {
              p.setString(1, labId);
              p.executeUpdate();
            }
          }
          if (!leases.holds(labId)) {
            leases.deleteExpired(c, labId);
          }
          return null;
        });
  }

  /** Stops the heartbeats and closes the idle connections; leases held lapse by themselves. */
  @Override
  public void close() {
    leases.close();
    db.close();
  }

  @Override
  public String toString() {
    return "PostgresLabStore[" + location() + "]";
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
     * @throws LabStateException when the address is malformed ({@link StateAddressException}), the
     *     database cannot be reached, or its schema is newer than this NestLab
     */
    public PostgresLabStore build() {
      PgUrl parsed;
      try {
        parsed = PgUrl.parse(url);
      } catch (IllegalArgumentException e) {
        // The address may carry a password: never quote it.
        throw new StateAddressException("the state address " + e.getMessage());
      }
      PostgresLabStore store = new PostgresLabStore(this, parsed);
      try {
        store.db.sql("open the state database", PgMigrations::migrate);
      } catch (LabStateException e) {
        store.close();
        throw e;
      }
      return store;
    }
  }
}
