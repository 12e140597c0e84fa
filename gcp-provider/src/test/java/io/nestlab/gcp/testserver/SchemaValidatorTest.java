package io.nestlab.gcp.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The v1 schema check catches what Compute Engine would refuse, and only that. */
class SchemaValidatorTest {
  private final SchemaValidator validator = SchemaValidator.fromSharedDir();
  private final ObjectMapper json = new ObjectMapper();

  private List<String> check(String body) throws Exception {
    return validator.validate("Instance.yaml", json.readTree(body));
  }

  private static final String GOOD =
      "{\"name\":\"nestlab-a\",\"machineType\":\"zones/us-central1-a/machineTypes/n2-standard-8\","
          + "\"labels\":{\"nestlab-lab\":\"a\"},"
          + "\"advancedMachineFeatures\":{\"enableNestedVirtualization\":true},"
          + "\"disks\":[{\"boot\":true,\"autoDelete\":true,\"type\":\"PERSISTENT\","
          + "\"initializeParams\":{\"diskSizeGb\":\"60\",\"diskType\":\"zones/us-central1-a/diskTypes/pd-balanced\"}}],"
          + "\"scheduling\":{\"provisioningModel\":\"SPOT\",\"instanceTerminationAction\":\"DELETE\","
          + "\"maxRunDuration\":{\"seconds\":\"3600\"}},"
          + "\"metadata\":{\"items\":[{\"key\":\"user-data\",\"value\":\"#cloud-config\"}]}}";

  @Test
  void aWellFormedInstanceBodyPassesWithInt64FieldsAsStrings() throws Exception {
    assertEquals(List.of(), check(GOOD));
  }

  @Test
  void anUnknownFieldIsNamedWithItsPath() throws Exception {
    List<String> v = check(GOOD.replace("\"boot\":true", "\"boot\":true,\"bootable\":true"));
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).startsWith("$.disks[0].bootable"), v.get(0));
    assertTrue(v.get(0).contains("AttachedDisk.yaml"), v.get(0));
  }

  @Test
  void anEnumValueOutsideTheSchemaIsRefused() throws Exception {
    List<String> v = check(GOOD.replace("\"SPOT\"", "\"CHEAP\""));
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).contains("$.scheduling.provisioningModel"), v.get(0));
  }

  @Test
  void wrongTypesAreRefused() throws Exception {
    assertEquals(1, check(GOOD.replace("\"60\"", "\"sixty\"")).size());
    assertEquals(
        1,
        check(
                GOOD.replace(
                    "\"enableNestedVirtualization\":true",
                    "\"enableNestedVirtualization\":\"yes\""))
            .size());
    assertEquals(1, check(GOOD.replace("{\"nestlab-lab\":\"a\"}", "{\"nestlab-lab\":7}")).size());
  }

  @Test
  void gcloudExportKeysAreNotApiFields() throws Exception {
    JsonNode body = json.readTree(GOOD.replace("{\"name\"", "{\"COMMENT\":{},\"name\""));
    List<String> v = validator.validate("Instance.yaml", body);
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).contains("gcloud export key"), v.get(0));
  }
}
