package io.nestlab.bootstrap;

import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.GuestSpec;
import io.nestlab.spec.HostOverride;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MediaRef;
import io.nestlab.spec.MediaSpec;
import io.nestlab.spec.NetworkSpec;
import io.nestlab.spec.UpgradeSpec;
import io.nestlab.spec.VcenterSpec;
import java.util.Map;

/** Lab specs for the bootstrap tests, built in Java (the same shapes as samples/labs). */
final class Labs {
  static final String ESXI_SHA = "a".repeat(64);
  static final String VCSA_SHA = "b".repeat(64);

  private Labs() {}

  /** The repository's sample lab files (samples/labs/*.yaml), read and validated. */
  static java.util.List<LabSpec> samples() {
    java.nio.file.Path dir =
        java.nio.file.Path.of(System.getProperty("nestlab.repo.dir", "..")).resolve("samples/labs");
    try (var files = java.nio.file.Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(io.nestlab.spec.LabSpecs::read)
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static LabSpec sample(String name) {
    return samples().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The article's lab as samples/labs/article-lab.yaml has it: three ESXi 7.0U3 hosts (esx-01 with
   * vCenter 7.0U3 tiny and esx-03 for the new appliance at 18 GiB), one Linux guest, rehearsing an
   * upgrade to 8.0U3.
   */
  static LabSpec article() {
    return sample("upgrade-rehearsal");
  }

  /**
   * The article's lab with vCenter on the L1 host, as it was before design 0173: without the
   * vCenter upgrade, which an appliance on l1 cannot take.
   */
  static LabSpec articleOnL1() {
    LabSpec a = article();
    return a.toBuilder()
        .vcenter(new VcenterSpec("7.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
        .upgrade(null)
        .build();
  }

  /**
   * A variant of the article's lab with vCenter on esx-01 (raised to 24 GiB to hold it), checked
   * against expectations written here.
   */
  static LabSpec articleOnHost() {
    return LabSpec.builder()
        .name("article-lab")
        .esxi(
            new EsxiSpec(
                "7.0U3",
                3,
                "esx",
                2,
                8,
                32,
                100,
                Map.of("esx-01", new HostOverride(null, 24, null, null))))
        .vcenter(new VcenterSpec("7.0U3", "tiny", "esx-01"))
        .guest(
            new GuestSpec(
                "linux-01", 1, 2, 16, "esx-02", "https://example.org/images/photon-5.0.ova"))
        .network(new NetworkSpec("10.10.0.0/24", "lab.internal"))
        .media(
            new MediaSpec(
                new MediaRef("s3://nestlab-media/VMware-VMvisor-Installer-7.0U3.iso", ESXI_SHA),
                new MediaRef("gs://nestlab-media/VMware-VCSA-all-7.0.3.iso", VCSA_SHA)))
        .upgrade(new UpgradeSpec("8.0U3", "8.0U3"))
        .build();
  }

  /** One ESXi 8.0U3 host, no vCenter. */
  static LabSpec singleHost() {
    return LabSpec.builder()
        .name("solo-esxi")
        .esxi(new EsxiSpec("8.0U3", 1, "esx", 4, 16, 32, 200, Map.of()))
        .media(
            new MediaSpec(
                new MediaRef("https://downloads.example.org/esxi-8.0U3.iso", ESXI_SHA), null))
        .build();
  }

  /** Four ESXi 8.0U3 hosts for vSAN, vCenter 8.0U3 on esx-01. */
  static LabSpec vsan4() {
    return LabSpec.builder()
        .name("quad-80u3")
        .esxi(
            new EsxiSpec(
                "8.0U3",
                4,
                "esx",
                4,
                16,
                32,
                200,
                Map.of("esx-01", new HostOverride(null, 32, null, null))))
        .vcenter(new VcenterSpec("8.0U3", "tiny", null))
        .network(new NetworkSpec("172.20.0.0/24", "vsan.lab"))
        .media(
            new MediaSpec(
                new MediaRef("https://downloads.example.org/esxi-8.0U3.iso", ESXI_SHA),
                new MediaRef("https://downloads.example.org/vcsa-8.0U3.iso", VCSA_SHA)))
        .build();
  }

  /** A 6.7 lab (BIOS, i440fx, e1000e). */
  static LabSpec legacy() {
    return LabSpec.builder()
        .name("legacy-67")
        .esxi(new EsxiSpec("6.7", 2, "esx", 2, 12, 32, 60, Map.of()))
        .vcenter(new VcenterSpec("6.7", "tiny", "esx-02"))
        .media(
            new MediaSpec(
                new MediaRef("https://downloads.example.org/esxi-6.7.iso", null),
                new MediaRef("https://downloads.example.org/vcsa-6.7.iso", null)))
        .build();
  }
}
