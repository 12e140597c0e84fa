package io.nestlab.state.internal.pg;

import io.nestlab.state.LabLockedException;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStore.LabLock;
import io.nestlab.state.LeaseLostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL store's leases (docs/design/0106): a row in {@code nestlab_leases} per held lab
 * (or role, keyed {@code ~ROLE}) with its holder, an expiry renewed by a heartbeat while the holder
 * lives, and a fencing token checked by every write ({@link #fence}).
 */
public final class PgLeases implements AutoCloseable {
  private static final String NOW = PgSql.NOW;
  private static final System.Logger LOG = System.getLogger(PgLeases.class.getName());

  private final PgSql db;
  private final Duration lease;
  private final Duration heartbeat;
  private final String holder;
  private final Map<String, Lease> held = new ConcurrentHashMap<>();
  private final ScheduledExecutorService beats;

  /**
   * Leases of {@code lease} length, renewed every {@code heartbeat} (zero: never) by {@code
   * holder}.
   */
  public PgLeases(PgSql db, Duration lease, Duration heartbeat, String holder) {
    this.db = db;
    this.lease = lease;
    this.heartbeat = heartbeat;
    this.holder = holder;
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

  /** Whether this store holds {@code key}'s lease. */
  public boolean holds(String key) {
    return held.containsKey(key);
  }

  /**
   * Takes {@code key}'s lease when nobody holds a live one.
   *
   * @throws LabLockedException starting with {@code busy}, naming the holder, ending in {@code
   *     advice}
   */
  public LabLock take(String key, String busy, String advice) {
    Lease acquired =
        db.transaction(
            "take the lease of '" + key + "'",
            c -> {
              Long token = insert(c, key);
              if (token != null) {
                return new Lease(key, token);
              }
              LeaseRow other = leaseRow(c, key, false);
              throw new LabLockedException(
                  busy
                      + (other == null
                          ? ""
                          : " (" + other.holder + "; its lease runs until " + other.expiresAt + ")")
                      + advice);
            });
    held.put(key, acquired);
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

  /** The new lease's token, or null when a live lease of another holder is in the way. */
  private Long insert(Connection c, String key) throws SQLException {
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
      p.setString(1, key);
      p.setString(2, holder);
      p.setLong(3, lease.toMillis());
      db.setNow(p, 4);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /** Renews {@code key}'s lease now; false when it is not held or was lost. */
  public boolean heartbeat(String key) {
    Lease l = held.get(key);
    return l != null && renew(l);
  }

  private boolean renew(Lease l) {
    try {
      return db.transaction(
          "renew the lease of lab '" + l.key + "'", c -> extend(c, l.key, l.token));
    } catch (LabStateException e) {
      // The database is away: the lease may run out; a write after that is refused if another
      // runner took over meanwhile. Nothing to do here but say so.
      LOG.log(System.Logger.Level.WARNING, "lease heartbeat failed: " + e.getMessage());
      return false;
    }
  }

  /**
   * Refuses a write that the lease forbids, inside the writing transaction (the lease row is locked
   * until it commits, so a takeover cannot slip between the check and the write). A holder of the
   * lab's lease may write only while the row still carries its token, and renews the lease as it
   * does; anyone else may write a record only while nobody holds a live lease ({@code strict}).
   */
  public void fence(Connection c, String labId, boolean strict) throws SQLException {
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

  /** Deletes {@code labId}'s lease row when it has run out (a removed lab's leftover). */
  public void deleteExpired(Connection c, String labId) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "DELETE FROM nestlab_leases WHERE lab_id = ? AND expires_at <= " + NOW)) {
      p.setString(1, labId);
      db.setNow(p, 2);
      p.executeUpdate();
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
      db.setNow(p, 2);
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
      db.setNow(p, 1);
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

  /** Stops the heartbeats; leases held lapse by themselves. */
  @Override
  public void close() {
    if (beats != null) {
      beats.shutdownNow();
    }
  }

  private record LeaseRow(String holder, long token, Instant expiresAt, boolean expired) {}

  /** A held lease: the lab's (or role's) lock in this store. */
  private final class Lease implements LabLock {
    final String key;
    final long token;
    volatile ScheduledFuture<?> beat;

    Lease(String key, long token) {
      this.key = key;
      this.token = token;
    }

    @Override
    public String labId() {
      return key;
    }

    /** Renews the lease now: false when another runner took it over or the database is away. */
    @Override
    public boolean stillHeld() {
      return held.get(key) == this && renew(this);
    }

    @Override
    public void close() {
      ScheduledFuture<?> b = beat;
      if (b != null) {
        b.cancel(false);
      }
      held.remove(key, this);
      try {
        db.transaction(
            "release the lease of lab '" + key + "'",
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement("DELETE FROM nestlab_leases WHERE lab_id = ? AND token = ?")) {
                p.setString(1, key);
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
      return "lease of " + key + " (token " + token + ")";
    }
  }
}
