package io.nestlab.samples.cli;

import io.nestlab.state.DamagedRecordException;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStore;
import io.nestlab.state.RecordDamage;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lab as the state directory holds it, damaged or not (docs/design/0090-damaged-records.md): the
 * commands that go over every lab show a damaged one as such and go on with the others.
 *
 * @param record the record, or its backup copy; null when damaged beyond it (or unknown)
 * @param damage what is damaged, or null when the record reads as written
 */
record StoredLab(String id, LabRecord record, RecordDamage damage) {

  /** Reads one lab; a damaged record is an answer, not a failure. */
  static StoredLab read(LabStore store, String id) {
    try {
      LabRecord r = store.find(id).orElse(null);
      return new StoredLab(id, r, r == null ? null : store.damage(id).orElse(null));
    } catch (DamagedRecordException e) {
      return new StoredLab(id, null, e.damage());
    }
  }

  /**
   * Every lab whose record reads, by id, from one bulk read of the store ({@link
   * LabStore#records()}); a lab left out of it (damaged, or recorded meanwhile) is read with {@link
   * #read}.
   */
  static Map<String, StoredLab> readAll(LabStore store) {
    Map<String, StoredLab> all = new LinkedHashMap<>();
    for (LabRecord r : store.records()) {
      all.put(r.labId(), new StoredLab(r.labId(), r, store.damage(r.labId()).orElse(null)));
    }
    return all;
  }

  /** Whether nothing of the record could be read. */
  boolean unreadable() {
    return record == null && damage != null;
  }

  /** What to tell the user about the damage, with what to do; null when there is none. */
  String note(String stateDirFlag) {
    if (damage == null) {
      return null;
    }
    return damage.describe()
        + (damage.recovered()
            ? ""
            : "; 'nestlab down "
                + id
                + " --provider ID"
                + stateDirFlag
                + "' deletes the lab by its tags, or remove its directory once nothing is left");
  }

  /** The damage as JSON: null, or where, what, and whether the backup stands in. */
  Map<String, Object> damageJson() {
    if (damage == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("location", damage.location());
    m.put("problem", damage.problem());
    m.put("recovered", damage.recovered());
    return m;
  }

  /** Warns on {@code err} when the lab's record is damaged but its backup stands in. */
  static void warnIfRecovered(LabStore store, String id, PrintWriter err) {
    store
        .damage(id)
        .ifPresent(
            d -> {
              err.println("nestlab: warning: " + d.describe());
              err.flush();
            });
  }
}
