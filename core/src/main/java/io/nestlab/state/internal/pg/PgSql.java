package io.nestlab.state.internal.pg;

import io.nestlab.state.LabStateException;
import io.nestlab.state.StateStoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Runs the PostgreSQL store's statements: on a pooled connection, in a transaction when asked,
 * again on a new connection when the server restarted, with a failure translated into a message
 * that names the database (never its password) and what to check. Time is the database's ({@link
 * #NOW}) unless a clock was given (tests).
 */
public final class PgSql implements AutoCloseable {
  /** "Now" in SQL: the bound parameter when a clock was given, else the database's clock. */
  public static final String NOW = "coalesce(?::timestamptz, clock_timestamp())";

  private static final int RECONNECT_ATTEMPTS = 8;

  private final PgUrl url;
  private final PgConnections connections;
  private final Clock clock;
  private volatile boolean connectedOnce;

  public PgSql(PgUrl url, int maxIdleConnections, Clock clock) {
    this.url = url;
    this.connections = new PgConnections(url, maxIdleConnections);
    this.clock = clock;
  }

  /** What a statement does on one connection. */
  public interface Body<T> {
    T run(Connection c) throws SQLException;
  }

  /** The database's address without its password. */
  public String location() {
    return url.toString();
  }

  /** Binds "now" ({@link #NOW}) at {@code index}: the clock's time, or null for the database's. */
  public void setNow(PreparedStatement p, int index) throws SQLException {
    if (clock == null) {
      p.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      p.setObject(index, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }
  }

  /**
   * Runs {@code body} on a pooled connection. When the connection turns out to be dead (the server
   * restarted since it was last used) or the server is still starting, the idle ones are dropped
   * and {@code body} runs again on a new one, a few times over about ten seconds: every body is
   * safe to repeat (writes are upserts of the whole row; taking a lease twice fails on the first
   * one, naming this process). A server away for longer fails the command, and resume continues.
   */
  public <T> T sql(String what, Body<T> body) {
    for (int attempt = 1; ; attempt++) {
      Connection c = null;
      boolean broken = false;
      try {
        c = connections.borrow();
        connectedOnce = true;
        return body.run(c);
      } catch (SQLException e) {
        broken = true;
        if (reconnectable(e) && attempt < RECONNECT_ATTEMPTS && !neverReached(e)) {
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

  /** {@link #sql} in one transaction, committed when {@code body} returns. */
  public <T> T transaction(String what, Body<T> body) {
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

  /** Closes the idle connections. */
  @Override
  public void close() {
    connections.close();
  }

  /**
   * Whether {@code e} says the server cannot be connected to (08001: refused, no route, unknown
   * host) before this store ever reached it: then nothing is restarting, and the command fails at
   * once instead of retrying for seconds (design 0202). A server still starting (57P03) is waited
   * for.
   */
  private boolean neverReached(SQLException e) {
    return !connectedOnce && "08001".equals(e.getSQLState());
  }

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

  private LabStateException translate(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String advice =
        state.startsWith("08")
                || state.startsWith("57P")
                || e.getMessage().contains("No suitable driver")
            ? "; check that the database is running and reachable at that address, or point"
                + " --state (or NESTLAB_STATE_URL) at one that is"
            : state.startsWith("28")
                ? "; check the user and password in the address (or PGPASSWORD)"
                : state.equals("3D000")
                    ? "; create the database, or fix its name in the address"
                    : "";
    String reason = String.valueOf(e.getMessage());
    if (reason.endsWith(".") && !advice.isEmpty()) {
      reason = reason.substring(0, reason.length() - 1); // "...connections.; check" reads badly
    }
    String message = "cannot " + what + " in " + location() + ": " + reason + advice;
    // the store cannot be used at all: an environment problem, not one of a lab (design 0202)
    return advice.isEmpty()
        ? new LabStateException(message, e)
        : new StateStoreUnavailableException(message, e);
  }

  /**
   * Refuses a row written by a newer NestLab, or not by NestLab at all.
   *
   * @throws LabStateException saying which and what to do
   */
  public static void checkVersion(String what, int found, int known) {
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
}
