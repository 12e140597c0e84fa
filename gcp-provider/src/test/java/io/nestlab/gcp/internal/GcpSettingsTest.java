package io.nestlab.gcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import io.nestlab.spi.ProviderSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GCP settings are read strictly, in the shape every provider uses (docs/design/0092). */
class GcpSettingsTest {
  @Test
  void timeoutsMustBePositiveAndBooleansTrueOrFalse() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                GcpSettings.parse(
                    ProviderSettings.of(
                        Map.of(
                            "project", "my-project",
                            "call-timeout", "-5s",
                            "poll-interval", "0s",
                            "allow-open-ingress", "yes",
                            "max-retries", "99"))));
    String m = e.getMessage();
    assertTrue(m.startsWith("gcp provider settings: 4 problems"), m);
    assertTrue(m.contains("call-timeout: '-5s' is out of range; use 1ms to 1h"), m);
    assertTrue(m.contains("poll-interval: '0s' is out of range"), m);
    assertTrue(m.contains("allow-open-ingress: 'yes' is not valid"), m);
    assertTrue(m.contains("max-retries: 99 is out of range; use 0 to 20"), m);
  }

  @Test
  void goodValuesRead() {
    GcpSettings s =
        GcpSettings.parse(
            ProviderSettings.of(
                Map.of(
                    "project", "my-project", "callTimeout", "30s", "allow-open-ingress", "TRUE")));
    assertEquals(Duration.ofSeconds(30), s.callTimeout());
    assertTrue(s.allowOpenIngress());
  }
}
