package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.catalog.Catalog;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.LabTags;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's bootstrap renderer packs every sample lab within each provider's limit. */
class UserDataRendererTest {
  static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLquNn3mZ2w8aQ2b5Q nestlab";

  private static LabSpec sample(String name) {
    return LabSpecs.read(
        Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", name + ".yaml"));
  }

  static PlanOption cheapestOn(LabSpec spec, String provider) {
    return Planner.plan(
            spec,
            Catalog.embedded(),
            PlanOptions.defaults()
                .withProviders(List.of(provider))
                .withRegions(List.of("aws".equals(provider) ? "us-east-1" : "us-central1")))
        .options()
        .stream()
        .filter(o -> o.provider().equals(provider))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + provider + " option for " + spec.name()));
  }

  private static PackedUserData render(LabSpec spec, String provider) {
    return UserDataRenderer.bootstrap()
        .render(
            new UserDataRequest(
                "lab-1", spec, cheapestOn(spec, provider), KEY, Map.of(LabTags.LAB, "lab-1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"single-host", "article-lab", "vsan-4-node"})
  void awsUserDataIsGzipWithin16KbAndTheVcenterFilesAreLeftForTheEngine(String lab)
      throws IOException {
    PackedUserData ud = render(sample(lab), "aws");

    assertTrue(ud.size() <= 16 * 1024, ud.size() + " bytes");
    assertEquals(PackedUserData.Form.GZIP_DEFERRED, ud.form());
    String config;
    try (var in = new GZIPInputStream(new ByteArrayInputStream(ud.bytes()))) {
      config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(config.startsWith("#cloud-config"), config.substring(0, 40));
    assertTrue(config.contains(KEY), "the lab key opens the host");
    assertTrue(config.contains("/opt/nestlab/etc/deferred.sha256"), "the host gets the manifest");
    assertTrue(ud.deferredFiles().containsKey("/opt/nestlab/bin/nestlab-configure.py"));
    ud.deferredFiles()
        .keySet()
        .forEach(path -> assertFalse(config.contains("path: " + path), path + " is left out"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"single-host", "article-lab"})
  void gcpUserDataIsTextWithEveryFile(String lab) {
    PackedUserData ud = render(sample(lab), "gcp");

    assertTrue(ud.size() <= 256 * 1024, ud.size() + " bytes");
    assertTrue(ud.deferredFiles().isEmpty());
    assertTrue(
        new String(ud.bytes(), StandardCharsets.UTF_8).startsWith("#cloud-config"),
        "GCE metadata carries text");
  }

  @org.junit.jupiter.api.Test
  void theHostIsToldThePlansDataDiskOrThatItsLocalNvmeHoldsTheLab() {
    LabSpec spec = sample("single-host");
    PlanOption vm = cheapestOn(spec, "gcp");
    PlanOption local =
        new PlanOption(
            vm.provider(),
            vm.region(),
            vm.instanceType(),
            vm.market(),
            vm.kind(),
            vm.nestingDepth(),
            vm.support(),
            vm.vcpus(),
            vm.memoryGib(),
            vm.bootDiskGib(),
            0,
            vm.hourly(),
            vm.session(),
            vm.monthly(),
            vm.breakdown(),
            vm.headroom());
    assertTrue(vm.dataDiskGib() > 0, "a VM's plan has a data disk");

    String withDisk = text(new UserDataRequest("lab-1", spec, vm, KEY, Map.of(LabTags.LAB, "l")));
    String onNvme = text(new UserDataRequest("lab-1", spec, local, KEY, Map.of(LabTags.LAB, "l")));

    assertTrue(withDisk.contains("DATA_DISK_GIB=" + vm.dataDiskGib() + "\n"), withDisk);
    // design 0165: 0, pool every local disk (nestlab-lib.sh's default says 0 as well)
    assertFalse(onNvme.contains("DATA_DISK_GIB=" + vm.dataDiskGib()), onNvme);
  }

  private static String text(UserDataRequest r) {
    return new String(UserDataRenderer.bootstrap().render(r).bytes(), StandardCharsets.UTF_8);
  }

  @org.junit.jupiter.api.Test
  void theStandardRendererIsTheFullBootstrapExceptOnTheFakeCloud() {
    LabSpec spec = sample("single-host");
    UserDataRequest onAws =
        new UserDataRequest(
            "lab-1", spec, cheapestOn(spec, "aws"), KEY, Map.of(LabTags.LAB, "lab-1"));
    UserDataRequest onFake =
        new UserDataRequest(
            "lab-1",
            spec,
            io.nestlab.fake.FakeCatalog.option("fake.nested.16x128", 50, 400),
            KEY,
            Map.of(LabTags.LAB, "lab-1"));

    PackedUserData aws = UserDataRenderer.standard().render(onAws);
    PackedUserData fake = UserDataRenderer.standard().render(onFake);

    assertEquals(UserDataRenderer.bootstrap().render(onAws), aws);
    assertTrue(aws.form() != PackedUserData.Form.PLAIN, "AWS gets the packed full bootstrap");
    assertEquals(UserDataRenderer.minimal().render(onFake), fake);
  }

  @org.junit.jupiter.api.Test
  void anUnknownCloudFailsNamingTheKnownOnesInsteadOfGettingAnotherCloudsBootstrap() {
    LabSpec spec = sample("single-host");
    PlanOption aws = cheapestOn(spec, "aws");
    PlanOption azure =
        new PlanOption(
            "azure",
            "westeurope",
            aws.instanceType(),
            aws.market(),
            aws.kind(),
            aws.nestingDepth(),
            aws.support(),
            aws.vcpus(),
            aws.memoryGib(),
            aws.bootDiskGib(),
            aws.dataDiskGib(),
            aws.hourly(),
            aws.session(),
            aws.monthly(),
            aws.breakdown(),
            aws.headroom());
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                UserDataRenderer.standard()
                    .render(
                        new UserDataRequest(
                            "lab-1", spec, azure, KEY, Map.of(LabTags.LAB, "lab-1"))));
    assertTrue(e.getMessage().contains("unknown provider 'azure'"), e.getMessage());
    assertTrue(e.getMessage().contains("aws"), e.getMessage());
  }
}
