package io.nestlab.state.internal.pg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.internal.io.Json;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lab records in {@code nestlab_labs}: the same JSON as the directory store's {@code lab.json}. */
public final class PgRecords {
  private static final System.Logger LOG = System.getLogger(PgRecords.class.getName());

  private final PgSql db;

  public PgRecords(PgSql db) {
    this.db = db;
  }

  /** Every record that reads, sorted by lab id; a row that does not read is left out. */
  public List<LabRecord> all(Connection c) throws SQLException {
    Map<String, String> rows = new LinkedHashMap<>();
    try (PreparedStatement p =
            c.prepareStatement(
                "SELECT lab_id, record FROM nestlab_labs ORDER BY lab_id COLLATE \"C\"");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getString(2));
      }
    }
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

  /** The record in a row of {@code labId}. */
  public LabRecord parse(String labId, String text) {
    String where = "lab '" + labId + "' in " + db.location();
    try {
      JsonNode node = Json.mapper().readTree(text);
      PgSql.checkVersion(where, node.path("formatVersion").asInt(0), LabRecord.FORMAT_VERSION);
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

  /** The record as stored. */
  public static String json(LabRecord record) {
    try {
      return Json.mapper().writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new LabStateException(
          "cannot write lab '" + record.labId() + "': " + e.getMessage(), e);
    }
  }

  /** Inserts or replaces the record's row. */
  public void upsert(Connection c, LabRecord record, String json) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO nestlab_labs (lab_id, owner, provider, status, format_version,"
                + " record, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                + PgSql.NOW
                + ") ON CONFLICT (lab_id) DO UPDATE SET owner = excluded.owner, provider ="
                + " excluded.provider, status = excluded.status, format_version ="
                + " excluded.format_version, record = excluded.record, updated_at ="
                + " excluded.updated_at")) {
      p.setString(1, record.labId());
      p.setString(2, record.owner());
      p.setString(3, record.provider());
      p.setString(4, record.status().name());
      p.setInt(5, record.formatVersion());
      p.setString(6, json);
      db.setNow(p, 7);
      p.executeUpdate();
    }
  }
}
