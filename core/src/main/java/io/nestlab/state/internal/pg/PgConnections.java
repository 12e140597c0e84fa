package io.nestlab.state.internal.pg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A few idle connections kept for reuse, so a journal write costs one round trip and not a new
 * connection (docs/design/0105: this is all the pool the store needs). A connection that failed is
 * dropped, not returned; a new one is opened on demand, so a restarted server is picked up again.
 */
public final class PgConnections implements AutoCloseable {
  private final PgUrl url;
  private final int maxIdle;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  public PgConnections(PgUrl url, int maxIdle) {
    this.url = url;
    this.maxIdle = maxIdle;
  }

  /** An open connection in auto-commit mode. */
  public Connection borrow() throws SQLException {
    synchronized (this) {
      if (closed) {
        throw new SQLException("the store is closed", "08003");
      }
      Connection c = idle.pollFirst();
      if (c != null) {
        return c;
      }
    }
    return DriverManager.getConnection(url.jdbcUrl(), url.properties());
  }

  /** Gives {@code c} back; {@code broken} ones (or any past the idle limit) are closed. */
  public void release(Connection c, boolean broken) {
    if (c == null) {
      return;
    }
    boolean keep = false;
    if (!broken) {
      try {
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(true);
        }
        synchronized (this) {
          if (!closed && idle.size() < maxIdle) {
            idle.addFirst(c);
            keep = true;
          }
        }
      } catch (SQLException e) {
        keep = false;
      }
    }
    if (!keep) {
      closeQuietly(c);
    }
  }

  /** Closes the idle connections: after a server restart they are all dead. */
  public void dropIdle() {
    Deque<Connection> toClose;
    synchronized (this) {
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    toClose.forEach(PgConnections::closeQuietly);
  }

  @Override
  public void close() {
    Deque<Connection> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    toClose.forEach(PgConnections::closeQuietly);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // already failing or gone
    }
  }
}
