package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schema shipped in the jar (and copied to docs/) describes exactly the model: the same
 * keys as the records' components, matching types, enums and defaults; the sample labs conform to
 * it, and it refuses the corpus files with wrong keys or types.
 */
class SpecSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Class<? extends Record>, String> DEFINITIONS =
      Map.ofEntries(
          Map.entry(LabSpec.class, ""),
          Map.entry(EsxiSpec.class, "/definitions/esxi"),
          Map.entry(HostOverride.class, "/definitions/hostOverride"),
          Map.entry(VcenterSpec.class, "/definitions/vcenter"),
          Map.entry(GuestSpec.class, "/definitions/guest"),
          Map.entry(NetworkSpec.class, "/definitions/network"),
          Map.entry(MediaSpec.class, "/definitions/media"),
          Map.entry(MediaRef.class, "/definitions/mediaRef"),
          Map.entry(UpgradeSpec.class, "/definitions/upgrade"),
          Map.entry(PolicySpec.class, "/definitions/policy"),
          Map.entry(PlacementSpec.class, "/definitions/placement"));

  static JsonNode schema() throws Exception {
    try (InputStream in = LabSpecs.class.getResourceAsStream("lab-spec.schema.json")) {
      assertNotNull(in, "the schema ships in the jar as io/nestlab/spec/lab-spec.schema.json");
      return JSON.readTree(in);
    }
  }

  static Path repo() {
    return Path.of(System.getProperty("nestlab.repo.dir"));
  }

  @Test
  void docsCopyIsTheJarSchema() throws Exception {
    JsonNode docs = JSON.readTree(Files.readString(repo().resolve("docs/lab-spec.schema.json")));
    assertEquals(schema(), docs, "copy core's lab-spec.schema.json to docs/ again");
  }

  @Test
  void everyRecordHasADefinitionWithExactlyItsComponentsAsKeys() throws Exception {
    JsonNode schema = schema();
    for (Map.Entry<Class<? extends Record>, String> e : DEFINITIONS.entrySet()) {
      JsonNode def = schema.at(e.getValue());
      assertFalse(def.isMissingNode(), "no schema definition for " + e.getKey().getSimpleName());
      assertEquals("object", def.path("type").asText(), e.getValue());
      assertFalse(def.path("additionalProperties").asBoolean(true), e.getValue());
      assertEquals(Binder.keys(e.getKey()), names(def.path("properties")), e.getValue());
      for (RecordComponent c : e.getKey().getRecordComponents()) {
        JsonNode prop = resolve(schema, def.path("properties").path(c.getName()));
        assertTypeMatches(c, prop, e.getKey().getSimpleName() + "." + c.getName());
        assertTrue(prop.hasNonNull("description"), c.getName() + " has a description");
      }
    }
    List<String> records = new ArrayList<>();
    for (Class<?> c : recordsReachableFrom(LabSpec.class, new LinkedHashSet<>())) {
      records.add(c.getSimpleName());
    }
    assertEquals(
        DEFINITIONS.keySet().stream().map(Class::getSimpleName).sorted().toList(),
        records.stream().sorted().toList(),
        "every record of the file model has a definition");
  }

  private static void assertTypeMatches(RecordComponent c, JsonNode prop, String where) {
    Class<?> t = c.getType();
    String type = prop.path("type").asText();
    if (t == int.class || t == Integer.class) {
      assertEquals("integer", type, where);
    } else if (t == double.class || t == BigDecimal.class) {
      assertEquals("number", type, where);
    } else if (t == String.class || t == Duration.class) {
      assertEquals("string", type, where);
    } else if (t.isEnum()) {
      List<String> names =
          Arrays.stream(t.getEnumConstants()).map(x -> Binder.fileName((Enum<?>) x)).toList();
      assertEquals(names, texts(prop.path("enum")), where);
    } else if (t == List.class) {
      assertEquals("array", type, where);
    } else if (t == Map.class) {
      assertEquals("object", type, where);
    } else if (t.isRecord()) {
      assertEquals("object", type, where);
    } else {
      throw new AssertionError(where + ": no schema mapping for " + t);
    }
  }

  @Test
  void enumsAndDefaultsAreTheModels() throws Exception {
    JsonNode s = schema();
    List<String> versions =
        VsphereKnowledge.embedded().versions().stream().map(VsphereVersion::toString).toList();
    for (String p :
        List.of(
            "/definitions/esxi/properties/version",
            "/definitions/vcenter/properties/version",
            "/definitions/upgrade/properties/esxiVersion",
            "/definitions/upgrade/properties/vcenterVersion")) {
      assertEquals(versions, texts(s.at(p + "/enum")), p);
    }
    Set<String> sizes = new LinkedHashSet<>();
    VsphereKnowledge.embedded()
        .versions()
        .forEach(v -> sizes.addAll(VsphereKnowledge.embedded().vcenterSizeNames(v)));
    assertEquals(List.copyOf(sizes), texts(s.at("/definitions/vcenter/properties/size/enum")));
    assertEquals(
        SpecValidator.PROVIDERS,
        texts(s.at("/definitions/placement/properties/providers/items/enum")));
    JsonNode esxi = s.at("/definitions/esxi/properties");
    assertEquals(EsxiSpec.DEFAULT_COUNT, esxi.at("/count/default").intValue());
    assertEquals(EsxiSpec.MAX_COUNT, esxi.at("/count/maximum").intValue());
    assertEquals(EsxiSpec.DEFAULT_NAME_PREFIX, esxi.at("/namePrefix/default").asText());
    assertEquals(EsxiSpec.DEFAULT_CPUS, esxi.at("/cpus/default").intValue());
    assertEquals(EsxiSpec.DEFAULT_MEMORY_GIB, esxi.at("/memoryGib/default").intValue());
    assertEquals(EsxiSpec.DEFAULT_BOOT_DISK_GIB, esxi.at("/bootDiskGib/default").intValue());
    assertEquals(
        EsxiSpec.DEFAULT_DATASTORE_DISK_GIB, esxi.at("/datastoreDiskGib/default").intValue());
    JsonNode guest = s.at("/definitions/guest/properties");
    assertEquals(GuestSpec.DEFAULT_CPUS, guest.at("/cpus/default").intValue());
    assertEquals(GuestSpec.DEFAULT_MEMORY_GIB, guest.at("/memoryGib/default").intValue());
    assertEquals(GuestSpec.DEFAULT_DISK_GIB, guest.at("/diskGib/default").intValue());
    assertEquals(
        VcenterSpec.DEFAULT_SIZE, s.at("/definitions/vcenter/properties/size/default").asText());
    assertEquals(
        NetworkSpec.DEFAULT_CIDR, s.at("/definitions/network/properties/cidr/default").asText());
    assertEquals(
        NetworkSpec.DEFAULT_DOMAIN,
        s.at("/definitions/network/properties/domain/default").asText());
    JsonNode policy = s.at("/definitions/policy/properties");
    assertEquals(
        PolicySpec.DEFAULT_TTL,
        DurationText.parse(policy.at("/ttl/default").asText()).orElseThrow());
    assertEquals(
        Binder.fileName(PolicySpec.DEFAULT_ON_BUDGET), policy.at("/onBudget/default").asText());
    assertEquals(
        PolicySpec.DEFAULT_MEMORY_OVERCOMMIT, policy.at("/memoryOvercommit/default").doubleValue());
    assertEquals(
        SpecValidator.MAX_MEMORY_OVERCOMMIT, policy.at("/memoryOvercommit/maximum").doubleValue());
    assertEquals(
        PolicySpec.DEFAULT_CPU_OVERCOMMIT, policy.at("/cpuOvercommit/default").doubleValue());
    assertEquals(
        SpecValidator.MAX_CPU_OVERCOMMIT, policy.at("/cpuOvercommit/maximum").doubleValue());
    JsonNode placement = s.at("/definitions/placement/properties");
    PlacementSpec anywhere = PlacementSpec.anywhere();
    assertEquals(Binder.fileName(anywhere.kind()), placement.at("/kind/default").asText());
    assertEquals(Binder.fileName(anywhere.market()), placement.at("/market/default").asText());
  }

  static Stream<Path> samples() throws Exception {
    return Files.list(repo().resolve("samples/labs")).sorted();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleLabsAndTheirWrittenFormConformToTheSchema(Path file) throws Exception {
    MiniSchema schema = new MiniSchema(schema());
    assertEquals(
        List.of(), schema.check(new YAMLMapper().readTree(file.toFile())), file.toString());
    String written = LabSpecs.write(LabSpecs.read(file), SpecFormat.JSON);
    assertEquals(List.of(), schema.check(JSON.readTree(written)), written);
  }

  static Stream<Path> wrongKeysAndTypes() throws Exception {
    return Files.list(MalformedLabsTest.corpus())
        .filter(p -> p.getFileName().toString().matches("(type|key)-.*\\.yaml"))
        .sorted();
  }

  @ParameterizedTest
  @MethodSource("wrongKeysAndTypes")
  void schemaRefusesWhatTheReaderRefusesForWrongKeysAndTypes(Path file) throws Exception {
    MiniSchema schema = new MiniSchema(schema());
    assertFalse(schema.check(new YAMLMapper().readTree(file.toFile())).isEmpty(), file.toString());
  }

  private static JsonNode resolve(JsonNode schema, JsonNode prop) {
    return prop.has("$ref") ? schema.at(prop.get("$ref").asText().substring(1)) : prop;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Set<Class<?>> recordsReachableFrom(Class<?> type, Set<Class<?>> seen) {
    if (!type.isRecord() || !seen.add(type)) {
      return seen;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      recordsReachableFrom(c.getType(), seen);
      Type g = c.getGenericType();
      if (g instanceof ParameterizedType pt) {
        for (Type arg : pt.getActualTypeArguments()) {
          if (arg instanceof Class<?> k) {
            recordsReachableFrom(k, seen);
          }
        }
      }
    }
    return seen;
  }
}
