package io.nestlab.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import io.nestlab.fake.FakeLabProviderFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are read strictly, once, in one shape on every provider (docs/design/0092). */
class ProviderSettingsTest {
  private static final List<String> KNOWN =
      List.of("api-timeout", "allow-any-ingress", "max-attempts", "allowed-ingress-cidrs");

  @Test
  void badValuesAreProblemsNamingTheirKeysAllAtOnce() {
    ProviderSettings.Reader r =
        ProviderSettings.of(
                Map.of(
                    "api-timeout", "-5s",
                    "allow-any-ingress", "yes",
                    "max-attempts", "0",
                    "typo", "x"))
            .reader("demo", KNOWN);
    assertEquals(
        Duration.ofSeconds(60),
        r.duration(
            "api-timeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)));
    r.bool("allow-any-ingress", false);
    r.integer("max-attempts", 6, 1, 20);
    InvalidSpecException e = assertThrows(InvalidSpecException.class, r::done);
    String m = e.getMessage();
    assertTrue(m.startsWith("demo provider settings: 4 problems"), m);
    assertTrue(m.contains("api-timeout: '-5s' is out of range; use 1s to 1h"), m);
    assertTrue(
        m.contains("allow-any-ingress: 'yes' is not valid; write allow-any-ingress=true"), m);
    assertTrue(m.contains("max-attempts: 0 is out of range; use 1 to 20"), m);
    assertTrue(m.contains("typo: is not a setting of provider 'demo'"), m);
  }

  @Test
  void theOldCamelCaseSpellingIsReadWithADeprecationNote() {
    ProviderSettings.Reader r =
        ProviderSettings.of(Map.of("allowedIngressCidrs", "10.0.0.0/24", "apiTimeout", "30s"))
            .reader("demo", KNOWN);
    assertEquals(List.of("10.0.0.0/24"), r.list("allowed-ingress-cidrs"));
    assertEquals(
        Duration.ofSeconds(30),
        r.duration(
            "api-timeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1)));
    r.done();
    assertEquals(2, r.deprecations().size(), r.deprecations().toString());
    assertTrue(
        r.deprecations()
            .contains("apiTimeout is the old spelling of api-timeout; write api-timeout=..."),
        r.deprecations().toString());
  }

  @Test
  void bothSpellingsWithDifferentValuesAreRefused() {
    ProviderSettings.Reader r =
        ProviderSettings.of(Map.of("apiTimeout", "30s", "api-timeout", "40s"))
            .reader("demo", KNOWN);
    InvalidSpecException e = assertThrows(InvalidSpecException.class, r::done);
    assertTrue(e.getMessage().contains("apiTimeout: is given twice"), e.getMessage());
  }

  @Test
  void aStrictBooleanNeverReadsYesAsFalse() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> ProviderSettings.of(Map.of("x", "yes")).getBoolean("x", false));
    assertTrue(e.getMessage().contains("true or false"), e.getMessage());
  }

  @Test
  void outOfRangeFakeSettingsAreRefusedInTheSameShape() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                new FakeLabProviderFactory()
                    .create(
                        ProviderSettings.of(
                            Map.of(
                                "latency-ms", "-5",
                                "transition-ms", "-1",
                                "throttle", "2",
                                "ssh-port", "70000",
                                "quota-error", "maybe"))));
    String m = e.getMessage();
    assertTrue(m.startsWith("fake provider settings: 5 problems"), m);
    for (String key :
        List.of("latency-ms", "transition-ms", "throttle", "ssh-port", "quota-error")) {
      assertTrue(m.contains("  - " + key + ": "), key + " in " + m);
    }
  }

  @Test
  void canonicalKeysAreKebabCase() {
    assertEquals("access-key-id", ProviderSettings.canonicalKey("accessKeyId"));
    assertEquals("service-quotas-endpoint", ProviderSettings.canonicalKey("serviceQuotasEndpoint"));
    assertEquals("boot-phase-ms", ProviderSettings.canonicalKey("boot-phase-ms"));
  }

  @Test
  void secretKeysAreFoundByWholeWords() {
    for (String k :
        List.of(
            "secret-access-key", "secretAccessKey", "accessKeyId", "session-token", "password")) {
      assertTrue(ProviderSettings.isSecret(k), k);
    }
    for (String k : List.of("authorized-keys", "monkey", "credentials-file", "region")) {
      assertTrue(!ProviderSettings.isSecret(k), k);
    }
  }
}
