package io.nestlab.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
  @Test
  void defaultsAreSafe() {
    AwsSettings s = AwsSettings.parse(ProviderSettings.empty());
    assertEquals(List.of(22), s.ingressPorts());
    assertEquals(List.of(), s.allowedIngressCidrs());
    assertFalse(s.allowAnyIngress());
    assertEquals(Duration.ofSeconds(60), s.apiTimeout());
    assertTrue(s.zoneFallback());
  }

  @Test
  void serviceQuotasAreReadFromTheRegionOrTheEndpointOverride() {
    assertEquals(
        URI.create("https://servicequotas.eu-west-1.amazonaws.com"),
        AwsSettings.parse(ProviderSettings.empty()).serviceQuotasEndpoint("eu-west-1"));
    assertEquals(
        URI.create("https://servicequotas.cn-north-1.amazonaws.com.cn"),
        AwsSettings.parse(ProviderSettings.empty()).serviceQuotasEndpoint("cn-north-1"));
    assertEquals(
        URI.create("http://127.0.0.1:5000"),
        AwsSettings.parse(ProviderSettings.of(Map.of("endpoint", "http://127.0.0.1:5000")))
            .serviceQuotasEndpoint("us-east-1"),
        "moto and LocalStack serve every API on one endpoint");
    assertEquals(
        URI.create("http://127.0.0.1:6000"),
        AwsSettings.parse(
                ProviderSettings.of(
                    Map.of(
                        "endpoint", "http://127.0.0.1:5000",
                        "serviceQuotasEndpoint", "http://127.0.0.1:6000")))
            .serviceQuotasEndpoint("us-east-1"));
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsKey() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                AwsSettings.parse(
                    ProviderSettings.of(
                        Map.of(
                            "region", "useast1",
                            "allowedIngressCidrs", "10.0.0.300/32,0.0.0.0/0",
                            "ingressPorts", "22,70000",
                            "accessKeyId", "AKIAEXAMPLE",
                            "endpoint", "ftp://x"))));
    String m = e.getMessage();
    assertEquals(6, e.problems().size(), m);
    assertTrue(m.contains("region"), m);
    assertTrue(m.contains("10.0.0.300/32"), m);
    assertTrue(m.contains("allow-any-ingress=true"), m);
    assertTrue(m.contains("70000"), m);
    assertTrue(m.contains("secret-access-key"), m);
    assertTrue(m.contains("endpoint"), m);
  }

  @Test
  void theInternetInHalvesOrWithHostBitsIsRefusedToo() {
    for (String cidrs : List.of("0.0.0.0/1,128.0.0.0/1", "4.0.0.0/6", "10.0.0.1/8")) {
      InvalidSpecException e =
          assertThrows(
              InvalidSpecException.class,
              () ->
                  AwsSettings.parse(
                      ProviderSettings.of(
                          Map.of("region", "us-east-1", "allowedIngressCidrs", cidrs))),
              cidrs);
      assertTrue(
          e.getMessage().contains("allow-any-ingress=true")
              || e.getMessage().contains("10.0.0.0/8"),
          e.getMessage());
    }
    AwsSettings office =
        AwsSettings.parse(
            ProviderSettings.of(
                Map.of(
                    "region", "us-east-1", "allowedIngressCidrs", "203.0.113.0/24,172.16.0.0/12")));
    assertEquals(List.of("203.0.113.0/24", "172.16.0.0/12"), office.allowedIngressCidrs());
  }

  @Test
  void unknownKeysAreRefusedListingTheKnownOnes() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> AwsSettings.parse(ProviderSettings.of(Map.of("regoin", "us-east-1"))));
    assertTrue(e.getMessage().contains("regoin"));
    assertTrue(e.getMessage().contains("region"));
  }

  @Test
  void secretsNeverShowInToString() {
    AwsSettings s =
        AwsSettings.parse(
            ProviderSettings.of(
                Map.of(
                    "accessKeyId", "AKIAEXAMPLE",
                    "secretAccessKey", "wJalrXUtnFEMI-secret",
                    "sessionToken", "token-value-123")));
    assertFalse(s.toString().contains("wJalrXUtnFEMI-secret"), s.toString());
    assertFalse(s.toString().contains("token-value-123"), s.toString());
  }

  @Test
  void theFactoryIsFoundByIdAndCreatesWithoutContactingAws() {
    var factory = LabProviders.factory("aws");
    assertEquals("aws", factory.id());
    try (var p = factory.create(ProviderSettings.of(Map.of("region", "us-east-1")))) {
      assertEquals("aws", p.id());
      assertEquals(16 * 1024, p.capabilities().maxUserDataBytes());
    }
  }

  @Test
  void timeoutsMustBePositiveAndBooleansTrueOrFalseInTheSharedShape() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                AwsSettings.parse(
                    ProviderSettings.of(
                        Map.of(
                            "api-timeout", "-5s",
                            "wait-timeout", "0s",
                            "allow-any-ingress", "yes",
                            "zone-fallback", "nope",
                            "max-attempts", "x"))));
    String m = e.getMessage();
    assertTrue(m.startsWith("aws provider settings: 5 problems"), m);
    assertTrue(m.contains("api-timeout: '-5s' is out of range; use 1ms to 1h"), m);
    assertTrue(m.contains("wait-timeout: '0s' is out of range"), m);
    assertTrue(m.contains("allow-any-ingress: 'yes' is not valid"), m);
    assertTrue(m.contains("zone-fallback: 'nope' is not valid"), m);
    assertTrue(m.contains("max-attempts: 'x' is not a whole number"), m);
  }

  @Test
  void settingsAreKebabCaseAndTheOldCamelCaseStillReads() {
    Map<String, String> kebab =
        Map.of(
            "region", "us-east-1",
            "allowed-ingress-cidrs", "203.0.113.0/24",
            "api-timeout", "30s",
            "access-key-id", "AKIAEXAMPLE",
            "secret-access-key", "s");
    Map<String, String> camel =
        Map.of(
            "region", "us-east-1",
            "allowedIngressCidrs", "203.0.113.0/24",
            "apiTimeout", "30s",
            "accessKeyId", "AKIAEXAMPLE",
            "secretAccessKey", "s");
    AwsSettings a = AwsSettings.parse(ProviderSettings.of(kebab));
    assertEquals(a, AwsSettings.parse(ProviderSettings.of(camel)));
    assertEquals(List.of("203.0.113.0/24"), a.allowedIngressCidrs());
    assertEquals(Duration.ofSeconds(30), a.apiTimeout());
    assertTrue(
        AwsSettings.DOCS.stream()
            .allMatch(d -> d.key().equals(ProviderSettings.canonicalKey(d.key()))),
        "every documented key is kebab-case");
  }
}
