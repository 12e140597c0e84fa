package io.nestlab.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where labs' state is kept. The embedded default is {@link FileLabStore} (files under {@code
 * ~/.nestlab/labs/<id>/}); other stores (a database, a bucket) can implement this.
 */
public interface LabStore {
  /** Ids of every recorded lab, sorted; damaged records included. */
  List<String> labIds();

  /**
   * The lab's record, or empty when there is none. A damaged record is replaced by its backup copy
   * when that is good ({@link #damage} then says so).
   *
   * @throws DamagedRecordException when the record is damaged and no good copy is left
   */
  Optional<LabRecord> find(String labId);

  /**
   * Every record that reads, sorted by lab id, in as few reads as the store can make (one query in
   * PostgreSQL, so that listing 1,000 labs is not 1,001 round trips). A lab whose record is damaged
   * beyond its backup is left out: {@link #labIds()} still names it, and {@link #find} says what is
   * wrong with it.
   */
  default List<LabRecord> records() {
    List<LabRecord> all = new ArrayList<>();
    for (String id : labIds()) {
      try {
        find(id).ifPresent(all::add);
      } catch (DamagedRecordException e) {
        // named by labIds(); find(id) tells what is wrong
      }
    }
    return all;
  }

  /**
   * Whether the lab's record is damaged, and whether a good copy stands in for it; empty when the
   * record reads as written (or there is none).
   */
  default Optional<RecordDamage> damage(String labId) {
    return Optional.empty();
  }

  /**
   * The lab's record.
   *
   * @throws UnknownLabException naming the known labs when there is no such lab
   */
  LabRecord load(String labId);

  /**
   * Saves the record atomically: a reader sees the old or the new one, never a mix. A record saved
   * as {@link LabStatus#DESTROYED} (written only once the cloud confirmed that nothing is left)
   * takes the lab's secrets with it; one with {@link LabRecord#nothingToKeep() nothing to keep}
   * removes everything recorded about the lab.
   */
  void save(LabRecord record);

  /** The lab's secrets; empty when none were saved. */
  LabSecrets secrets(String labId);

  /**
   * Keeps the lab's secrets. Secret provider settings ({@link LabSecrets#PROVIDER_SETTING_PREFIX},
   * cloud credentials) are kept for this store's lifetime only, never written to disk.
   */
  void saveSecrets(String labId, LabSecrets secrets);

  /**
   * Takes the lab's lock, so that no other process (or thread) drives the lab until it is closed.
   * The lock dies with the process, so a killed JVM never leaves a lab locked.
   *
   * @throws LabLockedException when another holder has it
   */
  LabLock lock(String labId);

  /**
   * Takes the store-wide lock of {@code role} (such as {@code sweeper}), so that one process of all
   * that share this store does that job: in PostgreSQL a lease row like a lab's (renewed by a
   * heartbeat, run out when its process died), in a directory a file lock. Close it to step down.
   *
   * @throws LabLockedException naming the holder when another process leads
   */
  default LabLock lead(String role) {
    checkRole(role);
    throw new LabStateException(
        "the " + role + " cannot be elected in " + location() + ": this store has no leases");
  }

  /** Refuses a role name other than lower-case letters and dashes. */
  static void checkRole(String role) {
    if (role == null || !role.matches("[a-z][a-z-]{0,30}")) {
      throw new IllegalArgumentException(
          "role '" + role + "' must be lower-case letters and dashes, at most 31");
    }
  }

  /**
   * The store's budgets and teams (docs/fleet.md#budgets); empty when none were set or the store
   * keeps none.
   */
  default BudgetPolicy budgets() {
    return BudgetPolicy.empty();
  }

  /**
   * Replaces the store's budgets and teams; every runner sharing the store enforces them from its
   * next creation on.
   *
   * @throws LabStateException when this store cannot keep budgets
   */
  default void saveBudgets(BudgetPolicy policy) {
    throw new LabStateException(
        "budgets cannot be kept in " + location() + "; use a directory or PostgreSQL state");
  }

  /**
   * Saves a new lab's first record when {@code admission} lets it in: the budgets that apply to the
   * lab's owner are checked against every record and the record is written as one step, so that two
   * runners racing for a budget's last slot cannot both get it (a transaction under a lock in
   * PostgreSQL, a file lock in a directory). When no budget applies, the record is just saved.
   *
   * @throws BudgetExceededException (from {@code admission}) when the lab does not fit; nothing is
   *     written then
   */
  default void admit(LabRecord first, Admission admission) {
    BudgetPolicy policy = budgets();
    if (!policy.applying(first.owner()).isEmpty()) {
      admission.check(policy, records());
    }
    save(first);
  }

  /** The budget check of {@link #admit}: throws when the new lab does not fit. */
  @FunctionalInterface
  interface Admission {
    /**
     * Checks the new lab against {@code policy}, given every record of the store ({@code labs},
     * which may include an earlier attempt of the same lab).
     *
     * @throws BudgetExceededException when it does not fit
     */
    void check(BudgetPolicy policy, List<LabRecord> labs);
  }

  /** Removes everything recorded about a lab (after it is destroyed). */
  void remove(String labId);

  /** Where the store keeps its data, for messages. */
  String location();

  /** A held lab lock. */
  interface LabLock extends AutoCloseable {
    String labId();

    /**
     * Whether this process still holds the lock, checked now: a lease is renewed by the check and
     * is no longer held once another process took it over, or when the store cannot be reached to
     * confirm it. A lock the kernel holds for this process (a directory's) stays held until closed.
     */
    default boolean stillHeld() {
      return true;
    }

    @Override
    void close();
  }
}
