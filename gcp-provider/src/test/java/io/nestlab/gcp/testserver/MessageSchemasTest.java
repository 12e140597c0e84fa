package io.nestlab.gcp.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The schemas generated from gcloud's Compute v1 message classes, read by SchemaValidator: the
 * bodies NestLab sends for blueprints pass, and a field the message class lacks is a violation.
 */
class MessageSchemasTest {
  private final SchemaValidator v = SchemaValidator.fromMessageClasses();
  private final ObjectMapper json = new ObjectMapper();

  private List<String> check(String schema, String body) throws Exception {
    return v.validate(schema, json.readTree(body));
  }

  @Test
  void aSnapshotOfADataDiskPasses() throws Exception {
    assertEquals(
        List.of(),
        check(
            "Snapshot.json",
            "{\"name\":\"bp-1\",\"description\":\"d\",\"sourceDisk\":\"zones/z/disks/d\","
                + "\"storageLocations\":[\"us-central1\"],\"labels\":{\"nestlab-lab\":\"bp-x\"}}"));
  }

  @Test
  void unknownFieldsAndWrongTypesAreViolations() throws Exception {
    List<String> bad =
        check(
            "Snapshot.json",
            "{\"name\":\"bp-1\",\"sourceDisks\":\"zones/z/disks/d\",\"storageLocations\":\"us\","
                + "\"labels\":{\"a\":1}}");
    assertTrue(
        bad.stream().anyMatch(s -> s.contains("$.sourceDisks: is not a property")), bad.toString());
    assertTrue(
        bad.stream().anyMatch(s -> s.contains("$.storageLocations: expected array")),
        bad.toString());
    assertTrue(
        bad.stream().anyMatch(s -> s.contains("$.labels.a: expected string")), bad.toString());
  }

  @Test
  void aDiskAndAnInstanceDiskFromASnapshotPass() throws Exception {
    assertEquals(
        List.of(),
        check(
            "Disk.json",
            "{\"name\":\"d\",\"sourceSnapshot\":\"global/snapshots/s\",\"sizeGb\":\"200\"}"));
    assertEquals(
        List.of(),
        check(
            "Instance.json",
            "{\"name\":\"i\",\"disks\":[{\"boot\":false,\"initializeParams\":"
                + "{\"diskName\":\"i-data\",\"sourceSnapshot\":\"global/snapshots/s\","
                + "\"diskSizeGb\":\"200\"}}]}"));
    List<String> bad =
        check("Instance.json", "{\"disks\":[{\"initializeParams\":{\"sourceSnapshotId\":\"1\"}}]}");
    assertTrue(bad.toString().contains("sourceSnapshotId: is not a property"), bad.toString());
  }
}
