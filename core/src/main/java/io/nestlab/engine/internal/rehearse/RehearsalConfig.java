package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.NestLabException;
import io.nestlab.bootstrap.LabAddresses;
import io.nestlab.engine.RehearsalOptions;
import io.nestlab.internal.io.Json;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MediaRef;
import io.nestlab.spec.UpgradePeak;
import io.nestlab.spec.UpgradeSpec;
import io.nestlab.spec.VsphereKnowledge;
import io.nestlab.spec.VsphereKnowledge.Product;
import io.nestlab.state.LabRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code /etc/nestlab/rehearsal.json} (design 0120) from a lab's spec: versions from its
 * {@code esxi}, {@code vcenter} and {@code upgrade} sections, builds from the vSphere knowledge
 * data (empty when the data has no release of that name). No secret goes in it.
 */
public final class RehearsalConfig {
  public static final String PATH = "/etc/nestlab/rehearsal.json";

  /** Where the bootstrap stages the upgrade's media ({@code $DATA/media/upgrade}). */
  static final String MEDIA_DIR = "/var/lib/nestlab/data/media/upgrade/";

  private RehearsalConfig() {}

  /** The step ids of a rehearsal of {@code spec}, in order (design 0120). */
  public static List<String> steps(LabSpec spec) {
    List<String> ids = new ArrayList<>(List.of("precheck", "checkpoint", "vcenter"));
    hostOrder(spec).forEach(h -> ids.add(h.name()));
    ids.add("verify");
    ids.add("report");
    return ids;
  }

  /**
   * The hosts in the order the rehearsal upgrades them: the lab's order, with the host vCenter runs
   * on during the host steps last (design 0209): the new appliance's host after a vCenter upgrade,
   * else the host vCenter was placed on. That host is upgraded through itself, with the appliance
   * shut down; last, every other host is upgraded while vCenter still runs.
   */
  static List<EsxiHost> hostOrder(LabSpec spec) {
    String home = UpgradePeak.of(spec).map(UpgradePeak::applianceHost).orElse(null);
    if (home == null && spec.vcenter() != null) {
      home = spec.vcenter().placement();
    }
    List<EsxiHost> order = new ArrayList<>();
    EsxiHost last = null;
    for (EsxiHost h : spec.esxi().hosts()) {
      if (h.name().equals(home)) {
        last = h;
      } else {
        order.add(h);
      }
    }
    if (last != null) {
      order.add(last);
    }
    return order;
  }

  /**
   * Refuses a rehearsal of a lab whose spec the validator refuses now (design 0173): a lab made
   * before a rule was learned, such as a vCenter on l1 with a vCenter upgrade, is not rehearsed
   * into a failure an hour later; the problems name the fix.
   */
  public static void requireRehearsable(LabRecord rec) {
    if (rec.spec() != null) {
      io.nestlab.spec.SpecValidator.requireValid(
          rec.spec(),
          "lab "
              + rec.labId()
              + "'s spec (fix the lab file, then recreate the lab or save and restore it)");
    }
  }

  /**
   * The document for {@code rec}'s lab.
   *
   * @throws NestLabException when the lab's spec has no {@code upgrade} section or {@code
   *     stopAfter} names no step
   */
  public static byte[] render(LabRecord rec, RehearsalOptions options, String checkpoint) {
    LabSpec spec = rec.spec();
    UpgradeSpec up = spec == null ? null : spec.upgrade();
    if (up == null || spec.vcenter() == null) {
      throw new NestLabException(
          "lab "
              + rec.labId()
              + " has nothing to rehearse: its spec needs a vcenter and an 'upgrade' section"
              + " (upgrade.esxiVersion, upgrade.vcenterVersion, upgrade.esxiIso, upgrade.vcsaIso);"
              + " see docs/rehearsal.md");
    }
    List<String> steps = steps(spec);
    if (options.stopAfter() != null && !steps.contains(options.stopAfter())) {
      throw new NestLabException(
          "--stop-after "
              + options.stopAfter()
              + " names no step of lab "
              + rec.labId()
              + "; use one of "
              + String.join(", ", steps));
    }
    LabAddresses facts = LabAddresses.of(spec, rec.provider());
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("labId", rec.labId());
    root.put("dryRun", options.dryRun());
    if (options.stopAfter() == null) {
      root.putNull("stopAfter");
    } else {
      root.put("stopAfter", options.stopAfter());
    }
    ObjectNode source = root.putObject("source");
    source.set("vcenter", release(Product.VCENTER, spec.vcenter().version()));
    source.set("esxi", release(Product.ESXI, spec.esxi().version()));
    root.set("target", target(spec));
    ObjectNode vc = root.putObject("vcenter");
    vc.put("name", facts.vcenterName());
    vc.put("address", facts.vcenterAddress());
    vc.put("fqdn", facts.vcenterFqdn());
    vc.put("placement", facts.vcenterPlacement());
    UpgradePeak peak = UpgradePeak.of(spec).orElse(null);
    if (peak == null || facts.temporaryAddress() == null) {
      root.putNull("newAppliance");
    } else {
      ObjectNode na = root.putObject("newAppliance");
      na.put("esxiHost", peak.applianceHost());
      na.put("temporaryIp", facts.temporaryAddress());
      na.put("deploymentSize", spec.vcenter().size());
    }
    ArrayNode hosts = root.putArray("hosts");
    for (EsxiHost h : hostOrder(spec)) {
      hosts
          .addObject()
          .put("name", h.name())
          .put("address", facts.hosts().get(h.name()))
          .put("method", up.esxiMethod().wire());
    }
    ObjectNode media = root.putObject("media");
    media.put("esxiIso", mediaPath(up.esxiIso(), "esxi-" + up.esxiVersion() + ".iso"));
    media.put("esxiDepot", mediaPath(up.esxiDepot(), "esxi-" + up.esxiVersion() + "-depot.zip"));
    media.put("vcsaIso", mediaPath(up.vcsaIso(), "vcsa-" + up.vcenterVersion() + ".iso"));
    root.put("checkpoint", checkpoint);
    ObjectNode deadlines = root.putObject("deadlines");
    deadlines.put("vcenterMinutes", RehearsalTimes.deadline("vcenter").toMinutes());
    deadlines.put("hostMinutes", RehearsalTimes.deadline("esx").toMinutes());
    return HostJson.write(root).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The versions and builds {@code spec}'s upgrade goes to; a part not upgraded keeps its version,
   * so its step finds it on the target already (design 0173).
   */
  static ObjectNode target(LabSpec spec) {
    UpgradeSpec up = spec.upgrade();
    ObjectNode target = Json.mapper().createObjectNode();
    target.set(
        "vcenter",
        release(
            Product.VCENTER,
            up.vcenterVersion() == null ? spec.vcenter().version() : up.vcenterVersion()));
    target.set(
        "esxi",
        release(Product.ESXI, up.esxiVersion() == null ? spec.esxi().version() : up.esxiVersion()));
    return target;
  }

  private static JsonNode release(Product product, String version) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("version", version);
    n.put(
        "build",
        VsphereKnowledge.embedded()
            .release(product, version)
            .map(r -> Long.toString(r.build()))
            .orElse(""));
    return n;
  }

  /** Where the bootstrap staged {@code ref} ({@code nestlab-bootstrap.sh}'s names), or null. */
  private static String mediaPath(MediaRef ref, String stagedName) {
    return ref == null || ref.url() == null ? null : MEDIA_DIR + stagedName;
  }
}
