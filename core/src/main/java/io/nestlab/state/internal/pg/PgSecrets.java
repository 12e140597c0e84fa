package io.nestlab.state.internal.pg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.internal.io.Json;
import io.nestlab.state.LabSecrets;
import io.nestlab.state.LabStateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labs' secrets in {@code nestlab_lab_secrets}, as the directory store's {@code secrets.json}: a
 * message names the row, never its content.
 */
public final class PgSecrets {
  private static final int FORMAT = 1;

  private final PgSql db;
  private final PgLeases leases;

  public PgSecrets(PgSql db, PgLeases leases) {
    this.db = db;
    this.leases = leases;
  }

  /** The lab's secrets; empty when none were saved. */
  public LabSecrets read(String labId) {
    String text =
        db.sql(
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
                  PgSql.checkVersion(
                      "the secrets of lab '" + labId + "' in " + db.location(),
                      rs.getInt(1),
                      FORMAT);
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
              + db.location()
              + "; fix or remove them",
          null);
    }
  }

  /** Keeps the lab's secrets, fenced for a lease holder only. */
  public void write(String labId, LabSecrets secrets) {
    String json;
    try {
      json = Json.mapper().writeValueAsString(secrets.asMap());
    } catch (JsonProcessingException e) {
      throw new LabStateException("cannot write the secrets of lab '" + labId + "'", null);
    }
    db.transaction(
        "write the secrets of lab '" + labId + "'",
        c -> {
          // Secrets are fenced for a lease holder only: `nestlab ssh` may cache credentials while
          // another runner drives the lab, as with the directory store.
          leases.fence(c, labId, false);
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO nestlab_lab_secrets (lab_id, format_version, secrets) VALUES (?, ?,"
                      + " ?) ON CONFLICT (lab_id) DO UPDATE SET format_version ="
                      + " excluded.format_version, secrets = excluded.secrets")) {
            p.setString(1, labId);
            p.setInt(2, FORMAT);
            p.setString(3, json);
            p.executeUpdate();
          }
          return null;
        });
  }
}
