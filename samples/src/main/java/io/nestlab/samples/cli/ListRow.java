package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One lab of {@code nestlab list}: from state (maybe damaged), from a cloud, or both.
 *
 * @param stored what the state holds of it (a damaged record included), or null
 * @param lookError why the lab's cloud could not be asked about it, or null
 */
record ListRow(
    String id,
    LabRecord state,
    CloudLabs cloud,
    boolean cloudAsked,
    StoredLab stored,
    String lookError) {
  ListRow(String id, LabRecord state, CloudLabs cloud, boolean cloudAsked, StoredLab stored) {
    this(id, state, cloud, cloudAsked, stored, null);
  }

  String owner() {
    return state != null ? state.owner() : cloud != null ? cloud.owner() : null;
  }

  String source() {
    boolean here = state != null || damaged();
    return !here ? "cloud" : cloud == null ? "state" : "state+cloud";
  }

  /** Whether the lab's record is damaged beyond its backup: only its id is known here. */
  boolean damaged() {
    return stored != null && stored.unreadable();
  }

  /** The WHERE column: here, in the cloud, both, or what could not be looked at. */
  String where() {
    if (damaged()) {
      if (cloud != null) {
        return "here (damaged)+cloud (" + cloud.resources().size() + " resources)";
      }
      return cloudAsked ? "here (damaged); nothing in the clouds asked" : "here (damaged)";
    }
    if (cloud != null) {
      int n = cloud.resources().size();
      return (state == null ? "cloud only" : "here+cloud")
          + " ("
          + n
          + " resource"
          + (n == 1 ? "" : "s")
          + ")";
    }
    if (!cloudAsked) {
      return "here";
    }
    if (lookError != null) {
      return "here; could not look in the cloud: " + lookError;
    }
    return state.status() == LabStatus.DESTROYED
        ? "here (gone from the cloud)"
        : "here; NOTHING in the cloud";
  }

  /** Every lab of the store and of {@code clouds} (provider id to the labs its tags show). */
  static List<ListRow> rows(LabEngine engine, Map<String, Map<String, CloudLabs>> clouds) {
    Set<String> ids = new TreeSet<>(engine.store().labIds());
    clouds.values().forEach(m -> ids.addAll(m.keySet()));
    // Every record in one read (one query in PostgreSQL); only the others are read one by one.
    Map<String, StoredLab> read = StoredLab.readAll(engine.store());
    List<ListRow> rows = new ArrayList<>();
    for (String id : ids) {
      // A damaged record is shown as such; it never stops the listing of the others.
      StoredLab stored = read.getOrDefault(id, null);
      if (stored == null) {
        stored = StoredLab.read(engine.store(), id);
      }
      LabRecord rec = stored.record();
      if (rec == null
          && !stored.unreadable()
          && clouds.values().stream().noneMatch(m -> m.containsKey(id))) {
        continue; // removed meanwhile
      }
      CloudLabs cloud = null;
      for (Map<String, CloudLabs> m : clouds.values()) {
        if (m.containsKey(id) && (rec == null || rec.provider().equals(m.get(id).provider()))) {
          cloud = m.get(id);
        }
      }
      boolean asked =
          rec == null
              ? !stored.unreadable() || !clouds.isEmpty()
              : clouds.containsKey(rec.provider());
      rows.add(new ListRow(id, rec, cloud, asked, stored));
    }
    return rows;
  }

  /**
   * A recorded lab the listing did not find, made with other settings than the listing used (the
   * fake's dir, another region): asked again with the lab's own settings under the given ones, so
   * "nothing in the cloud" is said only after looking where the lab lives; when that look fails,
   * the row says it could not look (docs/design/0094).
   */
  static List<ListRow> lookWithOwnSettings(
      List<ListRow> rows, Map<String, ProviderSettings> listedWith) {
    List<ListRow> out = new ArrayList<>();
    for (ListRow r : rows) {
      LabRecord rec = r.state();
      ProviderSettings listed = rec == null ? null : listedWith.get(rec.provider());
      if (listed == null
          || !r.cloudAsked()
          || r.cloud() != null
          || rec.status() == LabStatus.DESTROYED) {
        out.add(r);
        continue;
      }
      ProviderSettings own = ProviderSettings.of(rec.providerSettings()).with(listed.asMap());
      if (own.asMap().equals(listed.asMap())) {
        out.add(r);
        continue;
      }
      try {
        List<OwnedResource> found = CloudLabs.of(rec.provider(), own, r.id());
        out.add(
            found.isEmpty()
                ? r
                : new ListRow(
                    r.id(), rec, new CloudLabs(r.id(), rec.provider(), found), true, r.stored()));
      } catch (RuntimeException e) {
        out.add(
            new ListRow(
                r.id(), rec, null, true, r.stored(), oneLine(String.valueOf(e.getMessage()))));
      }
    }
    return out;
  }

  /** A multi-line message (a list of problems) on one line. */
  static String oneLine(String message) {
    return message.replaceAll("\\R\\s*-?\\s*", "; ").replace(": 1 problem;", ":");
  }
}
