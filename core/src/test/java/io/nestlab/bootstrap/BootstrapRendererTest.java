package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nestlab.InvalidSpecException;
import io.nestlab.NestLabException;
import io.nestlab.Problem;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.GuestSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MediaSpec;
import io.nestlab.spec.NetworkSpec;
import io.nestlab.spec.VcenterSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class BootstrapRendererTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static RenderedBootstrap article() {
    return BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of("aws"));
  }

  static RenderedBootstrap sampleArticle() {
    return BootstrapRenderer.render(Labs.article(), RenderOptions.of("aws"));
  }

  @Test
  void everyHostGetsADomainAKickstartAndADnsName() throws Exception {
    RenderedBootstrap b = article();
    String network = b.file("opt/nestlab/libvirt/network.xml").orElseThrow();
    Document net = xml(network);
    XPath xp = XPathFactory.newInstance().newXPath();
    assertEquals("nestlab", xp.evaluate("/network/name", net));
    assertEquals("10.10.0.1", xp.evaluate("/network/ip/@address", net));
    assertEquals("255.255.255.0", xp.evaluate("/network/ip/@netmask", net));
    assertEquals(
        "vcsa.lab.internal", xp.evaluate("/network/dns/host[@ip='10.10.0.10']/hostname", net));
    for (EsxiHost h : Labs.articleOnHost().hosts()) {
      String ip = "10.10.0." + (10 + h.index());
      assertEquals(
          h.name() + ".lab.internal",
          xp.evaluate("/network/dns/host[@ip='" + ip + "']/hostname", net));
      Document d = xml(b.file("opt/nestlab/libvirt/" + h.name() + ".xml").orElseThrow());
      assertEquals(h.name(), xp.evaluate("/domain/name", d));
      assertEquals(String.valueOf(h.memoryGib()), xp.evaluate("/domain/memory", d));
      assertEquals("GiB", xp.evaluate("/domain/memory/@unit", d));
      assertEquals(String.valueOf(h.cpus()), xp.evaluate("/domain/vcpu", d));
      assertEquals("q35", xp.evaluate("/domain/os/type/@machine", d));
      assertEquals("efi", xp.evaluate("/domain/os/@firmware", d));
      assertEquals("host-passthrough", xp.evaluate("/domain/cpu/@mode", d));
      assertEquals("require", xp.evaluate("/domain/cpu/feature[@name='vmx']/@policy", d));
      assertEquals("e1000e", xp.evaluate("/domain/devices/interface/model/@type", d));
      assertEquals("nestlab", xp.evaluate("/domain/devices/interface/source/@network", d));
      assertEquals("3", xp.evaluate("count(/domain/devices/disk[target/@bus='sata'])", d));
      assertEquals(
          "/var/lib/nestlab/data/disks/" + h.name() + "-boot.qcow2",
          xp.evaluate("/domain/devices/disk[target/@dev='sda']/source/@file", d));
      assertEquals("qcow2", xp.evaluate("/domain/devices/disk[target/@dev='sdb']/driver/@type", d));
      assertEquals("1", xp.evaluate("count(/domain/devices/serial)", d));

      String ks = b.file("opt/nestlab/esxi/" + h.name() + "/KS.CFG").orElseThrow();
      assertTrue(ks.contains("--ip=" + ip + " "), ks);
      assertTrue(ks.contains("--hostname=" + h.name() + ".lab.internal"), ks);
      assertTrue(ks.contains("install --firstdisk --overwritevmfs\n"));
      assertTrue(ks.contains("rootpw --iscrypted @ROOT_PW_HASH@\n"));
      assertTrue(ks.contains("--allow-promiscuous=true --allow-forged-transmits=true"));
      assertTrue(ks.contains("/Net/FollowHardwareMac -i 1"));
      assertTrue(ks.contains("vmx.allowNested"));
      assertTrue(ks.contains("esxcli system ntp set --server=10.10.0.1"));
      assertTrue(ks.contains("-S ds-" + h.name() + " "));
    }
    assertEquals(
        "24",
        xp.evaluate("/domain/memory", xml(b.file("opt/nestlab/libvirt/esx-01.xml").orElseThrow())),
        "the per-host override reaches the domain");
  }

  @Test
  void vcenterTemplateSaysWhatTheSpecSays() throws Exception {
    JsonNode j =
        JSON.readTree(article().file("opt/nestlab/vcenter/vcsa-deploy.json").orElseThrow());
    JsonNode v = j.path("new_vcsa");
    assertEquals("10.10.0.11", v.path("esxi").path("hostname").asText());
    assertEquals("ds-esx-01", v.path("esxi").path("datastore").asText());
    assertEquals("tiny", v.path("appliance").path("deployment_option").asText());
    assertTrue(v.path("appliance").path("thin_disk_mode").asBoolean());
    assertEquals("vcsa.lab.internal", v.path("network").path("system_name").asText());
    assertEquals("10.10.0.10", v.path("network").path("ip").asText());
    assertEquals("24", v.path("network").path("prefix").asText());
    assertEquals("10.10.0.1", v.path("network").path("dns_servers").get(0).asText());
    assertEquals("10.10.0.1", v.path("os").path("ntp_servers").asText());
    assertEquals("vsphere.local", v.path("sso").path("domain_name").asText());
    for (String section : List.of("esxi", "os", "sso")) {
      assertEquals("", v.path(section).path("password").asText(), section + ".password is empty");
    }
  }

  @Test
  void inventoryNamesTheClusterHostsAndGuests() throws Exception {
    JsonNode j = JSON.readTree(article().file("opt/nestlab/etc/lab.json").orElseThrow());
    assertEquals("article-lab-dc", j.path("vcenter").path("datacenter").asText());
    assertEquals("article-lab-cluster", j.path("vcenter").path("cluster").asText());
    assertEquals("7.0U3", j.path("vcenter").path("version").asText());
    assertEquals(3, j.path("hosts").size());
    assertEquals("esx-03.lab.internal", j.path("hosts").get(2).path("fqdn").asText());
    assertEquals("ova", j.path("guests").get(0).path("imageKind").asText());
    assertEquals("esx-02", j.path("guests").get(0).path("host").asText());
  }

  @Test
  void aSignedGuestImageUrlKeepsItsKindAndReachesTheHostWhole() throws Exception {
    LabSpec base = Labs.articleOnHost();
    String signed = base.guests().get(0).image() + "?X-Amz-Expires=21600&X-Amz-Signature=0a1b2c";
    List<io.nestlab.spec.GuestSpec> guests = new java.util.ArrayList<>(base.guests());
    io.nestlab.spec.GuestSpec g = guests.get(0);
    guests.set(
        0,
        new io.nestlab.spec.GuestSpec(
            g.name(), g.cpus(), g.memoryGib(), g.diskGib(), g.host(), signed));
    RenderedBootstrap b =
        BootstrapRenderer.render(base.toBuilder().guests(guests).build(), RenderOptions.of("aws"));

    JsonNode guest =
        JSON.readTree(b.file("opt/nestlab/etc/lab.json").orElseThrow()).path("guests").get(0);
    assertEquals("ova", guest.path("imageKind").asText());
    assertEquals(g.name() + ".ova", guest.path("imageFile").asText());
    assertEquals(signed, guest.path("image").asText());
  }

  @Test
  void aHostWithoutADatastoreGetsNoDatastoreDiskAndNoVmfsStep() {
    LabSpec base = Labs.articleOnHost();
    LabSpec noDatastore =
        base.toBuilder()
            .esxi(
                new io.nestlab.spec.EsxiSpec(
                    base.esxi().version(),
                    base.esxi().count(),
                    base.esxi().namePrefix(),
                    base.esxi().cpus(),
                    base.esxi().memoryGib(),
                    base.esxi().bootDiskGib(),
                    0,
                    base.esxi().overrides()))
            .guests(List.of())
            .vcenter(null)
            .build();
    RenderedBootstrap b = BootstrapRenderer.render(noDatastore, RenderOptions.of("aws"));

    String domain = b.file("opt/nestlab/libvirt/esx-01.xml").orElseThrow();
    assertFalse(domain.contains("datastore.qcow2"), domain);
    String ks = b.file("opt/nestlab/esxi/esx-01/KS.CFG").orElseThrow();
    assertFalse(ks.contains("vmkfstools"), ks);
    assertTrue(ks.contains("No datastore disk"), ks);
  }

  @Test
  void theUpgradesTargetInstallersAreStagedInTheMediaPhase() {
    LabSpec base = Labs.articleOnHost();
    LabSpec withMedia =
        base.toBuilder()
            .upgrade(
                new io.nestlab.spec.UpgradeSpec(
                    "8.0U3",
                    "8.0U3",
                    new io.nestlab.spec.MediaRef(
                        "https://media.example/esxi-8.iso", "a".repeat(64)),
                    new io.nestlab.spec.MediaRef("https://media.example/vcsa-8.iso", null)))
            .build();
    String env =
        BootstrapRenderer.render(withMedia, RenderOptions.of("aws"))
            .file("opt/nestlab/etc/lab.env")
            .orElseThrow();
    assertTrue(env.contains("UPGRADE_ESXI_ISO_URL='https://media.example/esxi-8.iso'"), env);
    assertTrue(env.contains("UPGRADE_ESXI_ISO_SHA256='" + "a".repeat(64) + "'"), env);
    assertTrue(env.contains("UPGRADE_VCSA_ISO_URL='https://media.example/vcsa-8.iso'"), env);
    assertTrue(env.contains("UPGRADE_VCENTER_VERSION='8.0U3'"), env);

    String none =
        BootstrapRenderer.render(base.toBuilder().upgrade(null).build(), RenderOptions.of("aws"))
            .file("opt/nestlab/etc/lab.env")
            .orElseThrow();
    assertTrue(none.contains("UPGRADE_ESXI_ISO_URL=''"), none);
  }

  @Test
  void versionsChooseMachineFirmwareAndNic() throws Exception {
    XPath xp = XPathFactory.newInstance().newXPath();
    RenderedBootstrap legacy = BootstrapRenderer.render(Labs.legacy(), RenderOptions.of("gcp"));
    Document d = xml(legacy.file("opt/nestlab/libvirt/esx-01.xml").orElseThrow());
    assertEquals("pc", xp.evaluate("/domain/os/type/@machine", d));
    assertEquals("", xp.evaluate("/domain/os/@firmware", d));
    assertEquals("e1000e", xp.evaluate("/domain/devices/interface/model/@type", d));
    assertFalse(legacy.file("opt/nestlab/etc/lab.env").orElseThrow().contains("systemMediaSize"));
    assertTrue(
        legacy.file("opt/nestlab/esxi/esx-01/KS.CFG").orElseThrow().contains("/etc/ntp.conf"));

    RenderedBootstrap eight = BootstrapRenderer.render(Labs.vsan4(), RenderOptions.of("aws"));
    Document e = xml(eight.file("opt/nestlab/libvirt/esx-04.xml").orElseThrow());
    assertEquals("vmxnet3", xp.evaluate("/domain/devices/interface/model/@type", e));
    assertEquals("172.20.0.14", ip(eight, "esx-04"));
    assertTrue(
        eight
            .file("opt/nestlab/etc/lab.env")
            .orElseThrow()
            .contains("ESXI_KERNELOPT_EXTRA=' systemMediaSize=min'"));
  }

  private static String ip(RenderedBootstrap b, String host) throws Exception {
    JsonNode j = JSON.readTree(b.file("opt/nestlab/etc/lab.json").orElseThrow());
    for (JsonNode h : j.path("hosts")) {
      if (h.path("name").asText().equals(host)) {
        return h.path("ip").asText();
      }
    }
    return null;
  }

  @Test
  void providerDecidesWhereTheLeaseIsRead() {
    assertTrue(article().file("opt/nestlab/etc/lab.env").orElseThrow().contains("PROVIDER='aws'"));
    RenderedBootstrap gcp = BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of("gcp"));
    String env = gcp.file("opt/nestlab/etc/lab.env").orElseThrow();
    assertTrue(env.contains("PROVIDER='gcp'"));
    assertTrue(env.contains("LEASE_KEY='nestlab-lease-until'"));
    assertTrue(env.contains("LEASE_FALLBACK_SECONDS='28800'"), "the spec's 8 h TTL");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RenderOptions.of("azure"));
    assertTrue(e.getMessage().contains("aws, gcp and fake"), e.getMessage());
  }

  @Test
  void articleLabUserDataFitsBothProviders() throws Exception {
    RenderedBootstrap b = sampleArticle();
    PackedUserData packed = b.userDataFor("aws");
    byte[] aws = packed.bytes();
    byte[] gcp = b.userDataFor("gcp").bytes();
    assertTrue(aws.length <= RenderedBootstrap.AWS_USER_DATA_MAX_BYTES, aws.length + " bytes");
    assertTrue(gcp.length <= RenderedBootstrap.GCE_USER_DATA_MAX_BYTES, gcp.length + " bytes");
    // GCE's limit takes the readable form; AWS's needs the gzip form, which cloud-init unpacks.
    String gcpText = new String(gcp, StandardCharsets.UTF_8);
    assertTrue(gcpText.startsWith("#cloud-config\n"));
    assertFalse(gcpText.contains("gz+b64"));
    assertEquals(0x1f, aws[0] & 0xff);
    assertEquals(0x8b, aws[1] & 0xff);
    String unpacked = gunzip(aws);
    assertTrue(unpacked.startsWith("#cloud-config\n"));
    // The vCenter phases' files do not fit AWS's 16 KB: the engine delivers them, and the host
    // checks each against the SHA-256 in the user data.
    assertEquals(PackedUserData.Form.GZIP_DEFERRED, packed.form());
    assertTrue(packed.deferredFiles().containsKey("/opt/nestlab/bin/nestlab-configure.py"));
    assertFalse(unpacked.contains("path: /opt/nestlab/bin/nestlab-configure.py"));
    // the vCLS module nestlab-configure.py imports travels with it (design 0177)
    assertTrue(packed.deferredFiles().containsKey("/opt/nestlab/bin/nestlab_vcls.py"));
    assertEquals("0644", b.mode("opt/nestlab/bin/nestlab_vcls.py"));
    assertTrue(unpacked.contains("path: /opt/nestlab/etc/deferred.sha256"));
    assertTrue(unpacked.contains("path: /opt/nestlab/bin/nestlab-esxi.sh"));
    for (String path : packed.deferredFiles().keySet()) {
      assertTrue(unpacked.contains("  " + path + "\n"), path);
      assertEquals(b.files().get(path.substring(1)), packed.deferredFiles().get(path));
    }
    assertEquals(PackedUserData.Form.PLAIN, b.userDataFor("gcp").form());
  }

  @Test
  void aLabWithoutVcenterFitsAwsWhole() {
    PackedUserData p =
        BootstrapRenderer.render(Labs.singleHost(), RenderOptions.of("aws")).userDataFor("aws");
    assertEquals(PackedUserData.Form.GZIP, p.form());
    assertTrue(p.deferredFiles().isEmpty());
  }

  @Test
  void vcenterOnTheL1HostIsAKvmGuestWithItsOvfEnvironment() throws Exception {
    RenderedBootstrap b = BootstrapRenderer.render(Labs.articleOnL1(), RenderOptions.of("aws"));
    assertTrue(b.file("opt/nestlab/vcenter/vcsa-deploy.json").isEmpty());
    XPath xp = XPathFactory.newInstance().newXPath();
    Document d = xml(b.file("opt/nestlab/libvirt/vcsa.xml").orElseThrow());
    assertEquals("vcsa", xp.evaluate("/domain/name", d));
    assertEquals("12", xp.evaluate("/domain/memory", d), "7.0 tiny: 12 GiB");
    assertEquals("2", xp.evaluate("/domain/vcpu", d));
    assertEquals("vmpvscsi", xp.evaluate("/domain/devices/controller[@type='scsi']/@model", d));
    assertEquals("vmxnet3", xp.evaluate("/domain/devices/interface/model/@type", d));
    Document env = xml(b.file("opt/nestlab/vcenter/ovf-env.xml").orElseThrow());
    String props = b.file("opt/nestlab/vcenter/ovf-env.xml").orElseThrow();
    assertTrue(props.contains("oe:key='guestinfo.cis.appliance.net.addr' oe:value='10.10.0.10'"));
    assertTrue(props.contains("oe:value='vcsa.lab.internal'"));
    assertTrue(props.contains("oe:key='guestinfo.cis.vmdir.password' oe:value='@SSO_PASSWORD@'"));
    assertEquals("17", xp.evaluate("count(//*[local-name()='Property'])", env));
    assertTrue(b.file("opt/nestlab/bin/nestlab-vcsa-kvm.py").isPresent());
    assertTrue(b.file("opt/nestlab/etc/lab.env").orElseThrow().contains("VCENTER_HOST='l1'"));
  }

  @Test
  void smallNetworksPackTheAddresses() throws Exception {
    RenderedBootstrap b =
        BootstrapRenderer.render(Labs.sample("single-host"), RenderOptions.of("gcp"));
    JsonNode j = JSON.readTree(b.file("opt/nestlab/etc/lab.json").orElseThrow());
    assertEquals("192.168.50.2", j.path("vcenter").path("ip").asText());
    assertEquals("192.168.50.3", j.path("hosts").get(0).path("ip").asText());
    Document net = xml(b.file("opt/nestlab/libvirt/network.xml").orElseThrow());
    XPath xp = XPathFactory.newInstance().newXPath();
    assertEquals("192.168.50.8", xp.evaluate("/network/ip/dhcp/range/@start", net));
    assertEquals("192.168.50.14", xp.evaluate("/network/ip/dhcp/range/@end", net));
  }

  @Test
  void everySampleLabFitsAws() {
    List<LabSpec> labs = new java.util.ArrayList<>(Labs.samples());
    labs.addAll(List.of(Labs.articleOnHost(), Labs.legacy()));
    assertEquals(5, labs.size());
    for (LabSpec spec : labs) {
      PackedUserData aws =
          BootstrapRenderer.render(spec, RenderOptions.of("aws")).userDataFor("aws");
      assertTrue(aws.size() <= RenderedBootstrap.AWS_USER_DATA_MAX_BYTES, spec.name());
    }
  }

  @Test
  void textUserDataPacksFilesWhenPlainIsTooLarge() {
    String packed = article().userData(100_000);
    assertTrue(bytes(packed) <= 100_000);
    assertTrue(packed.contains("encoding: gz+b64"));
  }

  /** The text of user data bytes: unpacked when gzip, else as they are. */
  static String gunzipOrText(byte[] data) throws java.io.IOException {
    if (data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
      return gunzip(data);
    }
    return new String(data, StandardCharsets.UTF_8);
  }

  static String gunzip(byte[] data) throws java.io.IOException {
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new ByteArrayInputStream(data))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aLimitTooSmallIsRefusedWithBothSizes() {
    NestLabException e = assertThrows(NestLabException.class, () -> article().pack(2000));
    assertTrue(e.getMessage().contains("more than the limit of 2000 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("article-lab"), e.getMessage());
  }

  @Test
  void userDataHoldsNoSecret() throws Exception {
    RenderedBootstrap b = article();
    String userData = b.userData();
    assertFalse(
        userData.contains("rootpw ") && !userData.contains("rootpw --iscrypted @ROOT_PW_HASH@"));
    assertFalse(userData.contains("PRIVATE KEY"));
    for (Map.Entry<String, String> f : b.files().entrySet()) {
      if (f.getKey().endsWith(".json")) {
        JSON.readTree(f.getValue())
            .findValues("password")
            .forEach(v -> assertEquals("", v.asText(), f.getKey()));
      }
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RenderOptions.of("aws")
                .withSshAuthorizedKeys(List.of("-----BEGIN OPENSSH PRIVATE KEY-----")));
  }

  @Test
  void renderingIsDeterministic() {
    assertEquals(article().files(), article().files());
    assertEquals(article().userData(100_000), article().userData(100_000));
    assertTrue(
        java.util.Arrays.equals(
            article().userDataFor("aws").bytes(), article().userDataFor("aws").bytes()));
  }

  @Test
  void stepsListEveryPhaseOfTheLabInOrder() {
    List<BootstrapStep> steps = article().steps();
    assertEquals(BootstrapStep.of("preflight"), steps.get(0));
    assertEquals(BootstrapStep.of("ready"), steps.get(steps.size() - 1));
    assertTrue(steps.contains(BootstrapStep.of("esxi-install", "esx-03")));
    assertTrue(steps.contains(BootstrapStep.of("host-add", "esx-02")));
    assertTrue(steps.contains(BootstrapStep.of("guest-deploy", "linux-01")));
    List<BootstrapStep> single =
        BootstrapRenderer.render(Labs.singleHost(), RenderOptions.of("aws")).steps();
    assertFalse(single.stream().anyMatch(s -> s.phase().startsWith("vcenter")));
  }

  @Test
  void aSpecTheHostCannotBuildIsRefusedWithEveryProblem() {
    LabSpec bad =
        Labs.articleOnHost().toBuilder()
            .vcenter(new VcenterSpec("7.0U3", "tiny", "esx-07"))
            .network(new NetworkSpec("10.10.0.0/30", "lab.internal"))
            .media(MediaSpec.none())
            .guest(new GuestSpec("win-01", 2, 4, 40, "esx-09", "https://example.org/win.vhd"))
            .build();
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> BootstrapRenderer.render(bad, RenderOptions.of("aws")));
    List<String> paths = e.problems().stream().map(Problem::path).toList();
    assertTrue(paths.contains("vcenter.placement"), paths.toString());
    assertTrue(paths.contains("network.cidr"), paths.toString());
    assertTrue(paths.contains("media.esxiIso"), paths.toString());
    assertTrue(paths.contains("media.vcsaIso"), paths.toString());
    assertTrue(paths.contains("guests[1].host"), paths.toString());
    assertTrue(paths.contains("guests[1].image"), paths.toString());
    assertTrue(
        e.getMessage().contains("'esx-07' is not one of the lab's ESXi hosts"), e.getMessage());
  }

  @Test
  void aMalformedCidrIsNamed() {
    LabSpec bad =
        Labs.singleHost().toBuilder()
            .network(new NetworkSpec("10.10.0/24", "lab.internal"))
            .build();
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> BootstrapRenderer.render(bad, RenderOptions.of("aws")));
    assertEquals("network.cidr", e.problems().get(0).path());
    assertTrue(e.problems().get(0).message().contains("10.10.0.0/24"));
  }

  @Test
  void unsafeMediaUrlsAreRefused() {
    LabSpec bad =
        Labs.singleHost().toBuilder()
            .media(
                new MediaSpec(
                    new io.nestlab.spec.MediaRef("https://x.org/a.iso'; rm -rf /", null), null))
            .build();
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class,
            () -> BootstrapRenderer.render(bad, RenderOptions.of("aws")));
    assertEquals("media.esxiIso.url", e.problems().get(0).path());
  }

  static Document xml(String text) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void labKeyOpensTheSameNestlabAccountOnEveryProvider() throws Exception {
    for (String provider : List.of("aws", "gcp")) {
      RenderedBootstrap r =
          BootstrapRenderer.render(
              Labs.article(),
              RenderOptions.of(provider)
                  .withSshAuthorizedKeys(
                      List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample lab")));
      JsonNode doc =
          new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
              .readTree(r.userData());
      JsonNode user = doc.get("users").get(1);
      assertEquals("default", doc.get("users").get(0).asText(), provider);
      assertEquals("nestlab", user.get("name").asText(), provider);
      assertEquals(
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample lab",
          user.get("ssh_authorized_keys").get(0).asText(),
          provider);
    }
  }
}
