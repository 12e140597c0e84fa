package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.NetworkSpec;
import io.nestlab.spec.VcenterSpec;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabEndpointsTest {
  private static final EsxiSpec ESXI = new EsxiSpec("8.0U3", 2, "esx", 4, 16, 32, 100, null);

  @Test
  void namesVcenterAndEveryHostInTheLabDomain() {
    LabSpec spec =
        LabSpec.builder()
            .name("upgrade-lab")
            .esxi(ESXI)
            .vcenter(new VcenterSpec("8.0U3", "tiny", null))
            .network(new NetworkSpec("10.20.0.0/24", "corp.test"))
            .build();

    LabEndpoints e = LabEndpoints.of(spec, "203.0.113.7");

    assertEquals(Optional.of(URI.create("https://vcsa.corp.test/ui")), e.vcenterUrl());
    assertEquals(List.of("esx-01.corp.test", "esx-02.corp.test"), e.esxiFqdns());
    assertEquals(URI.create("https://esx-02.corp.test/ui"), e.esxiUrls().get(1));
    assertEquals(
        "127.0.0.1:8443 -> vcsa.corp.test:443", e.vcenterForward(8443).orElseThrow().describe());
  }

  @Test
  void aLabWithoutVcenterHasNoVcenterUrl() {
    LabEndpoints e = LabEndpoints.of(LabSpec.builder().name("bare").esxi(ESXI).build(), "h");
    assertEquals(Optional.empty(), e.vcenterUrl());
    assertEquals(List.of("esx-01.lab.internal", "esx-02.lab.internal"), e.esxiFqdns());
  }
}
