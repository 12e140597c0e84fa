package io.nestlab.state.internal.pg;

import io.nestlab.state.BudgetPolicy;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore.Admission;
import io.nestlab.state.internal.budget.BudgetJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Budgets and teams in PostgreSQL (one row of {@code nestlab_budgets}), and the admission of a new
 * lab against them: under a transaction-scoped advisory lock, so that admissions (and policy
 * changes) of every runner run one after the other, the policy and every record are read, the check
 * runs and the lab's first record is written in the same transaction (docs/design/0180).
 */
public final class PgBudgets {
  /** The advisory lock key of budget admissions ("nlbudget" in ASCII, as a number). */
  private static final long BUDGET_LOCK = 0x6e6c627564676574L;

  private final PgSql db;
  private final PgLeases leases;

  public PgBudgets(PgSql db, PgLeases leases) {
    this.db = db;
    this.leases = leases;
  }

  /** Writes a lab's record on {@code c}. */
  public interface RecordWriter {
    void write(Connection c) throws SQLException;
  }

  /** The stored policy; empty when none was set. */
  public BudgetPolicy read() {
    return db.sql("read the budgets", this::read);
  }

  private BudgetPolicy read(Connection c) throws SQLException {
    try (PreparedStatement p =
            c.prepareStatement("SELECT policy FROM nestlab_budgets WHERE id = 1");
        ResultSet rs = p.executeQuery()) {
      return rs.next()
          ? BudgetJson.read("the budgets in " + db.location(), rs.getString(1))
          : BudgetPolicy.empty();
    }
  }

  /** Replaces the stored policy. */
  public void write(BudgetPolicy policy) {
    String json = BudgetJson.write(policy);
    db.transaction(
        "write the budgets",
        c -> {
          lock(c);
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO nestlab_budgets (id, format_version, policy, updated_at) VALUES (1,"
                      + " ?, ?, "
                      + PgSql.NOW
                      + ") ON CONFLICT (id) DO UPDATE SET format_version ="
                      + " excluded.format_version, policy = excluded.policy, updated_at ="
                      + " excluded.updated_at")) {
            p.setInt(1, BudgetJson.FORMAT);
            p.setString(2, json);
            db.setNow(p, 3);
            p.executeUpdate();
          }
          return null;
        });
  }

  /**
   * Admits {@code first} in one transaction: the budget lock, the lab's fence, the policy, every
   * record ({@code readAll}) and the check when a budget applies, then {@code write}. A refusal
   * rolls everything back.
   */
  public void admit(
      LabRecord first,
      Admission admission,
      PgSql.Body<List<LabRecord>> readAll,
      RecordWriter write) {
    db.transaction(
        "admit lab '" + first.labId() + "'",
        c -> {
          lock(c);
          leases.fence(c, first.labId(), true);
          BudgetPolicy policy = read(c);
          if (!policy.applying(first.owner()).isEmpty()) {
            admission.check(policy, readAll.run(c));
          }
          write.write(c);
          return null;
        });
  }

  private static void lock(Connection c) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, BUDGET_LOCK);
      lock.execute();
    }
  }
}
