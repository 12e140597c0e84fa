package io.nestlab.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.Map;

/** Writes a spec with every field spelled out (defaults included), in file-format order. */
final class SpecWriter {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private SpecWriter() {}

  static String write(LabSpec spec, SpecFormat format) {
    ObjectNode root = tree(spec);
    try {
      return format == SpecFormat.JSON
          ? JSON.writeValueAsString(root) + "\n"
          : YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the lab spec", e);
    }
  }

  static ObjectNode tree(LabSpec spec) {
    ObjectNode root = F.objectNode();
    put(root, "apiVersion", spec.apiVersion());
    put(root, "name", spec.name());
    EsxiSpec e = spec.esxi();
    ObjectNode esxi = root.putObject("esxi");
    put(esxi, "version", e.version());
    esxi.put("count", e.count());
    put(esxi, "namePrefix", e.namePrefix());
    esxi.put("cpus", e.cpus());
    esxi.put("memoryGib", e.memoryGib());
    esxi.put("bootDiskGib", e.bootDiskGib());
    esxi.put("datastoreDiskGib", e.datastoreDiskGib());
    if (!e.overrides().isEmpty()) {
      ObjectNode overrides = esxi.putObject("overrides");
      for (Map.Entry<String, HostOverride> o : e.overrides().entrySet()) {
        ObjectNode h = overrides.putObject(o.getKey());
        HostOverride v = o.getValue();
        putNumber(h, "cpus", v.cpus());
        putNumber(h, "memoryGib", v.memoryGib());
        putNumber(h, "bootDiskGib", v.bootDiskGib());
        putNumber(h, "datastoreDiskGib", v.datastoreDiskGib());
      }
    }
    if (spec.vcenter() != null) {
      ObjectNode vc = root.putObject("vcenter");
      put(vc, "version", spec.vcenter().version());
      put(vc, "size", spec.vcenter().size());
      put(vc, "placement", spec.vcenter().placement());
    }
    if (!spec.guests().isEmpty()) {
      ArrayNode guests = root.putArray("guests");
      for (GuestSpec g : spec.guests()) {
        ObjectNode n = guests.addObject();
        put(n, "name", g.name());
        n.put("cpus", g.cpus());
        n.put("memoryGib", g.memoryGib());
        n.put("diskGib", g.diskGib());
        put(n, "host", g.host());
        put(n, "image", g.image());
      }
    }
    ObjectNode net = root.putObject("network");
    put(net, "cidr", spec.network().cidr());
    put(net, "domain", spec.network().domain());
    if (spec.media().esxiIso() != null || spec.media().vcsaIso() != null) {
      ObjectNode media = root.putObject("media");
      mediaRef(media, "esxiIso", spec.media().esxiIso());
      mediaRef(media, "vcsaIso", spec.media().vcsaIso());
    }
    if (spec.upgrade() != null) {
      ObjectNode up = root.putObject("upgrade");
      put(up, "esxiVersion", spec.upgrade().esxiVersion());
      put(up, "vcenterVersion", spec.upgrade().vcenterVersion());
      mediaRef(up, "esxiIso", spec.upgrade().esxiIso());
      mediaRef(up, "esxiDepot", spec.upgrade().esxiDepot());
      mediaRef(up, "vcsaIso", spec.upgrade().vcsaIso());
      put(up, "applianceHost", spec.upgrade().applianceHost());
    }
    PolicySpec p = spec.policy();
    ObjectNode policy = root.putObject("policy");
    policy.put("ttl", DurationText.format(p.ttl()));
    if (p.budgetUsd() != null) {
      policy.put("budgetUsd", p.budgetUsd());
    }
    policy.put("onBudget", Binder.fileName(p.onBudget()));
    policy.put("memoryOvercommit", p.memoryOvercommit());
    policy.put("cpuOvercommit", p.cpuOvercommit());
    placement(root.putObject("placement"), spec.placement());
    return root;
  }

  private static void placement(ObjectNode placement, PlacementSpec pl) {
    pl.providers().forEach(placement.putArray("providers")::add);
    pl.regions().forEach(placement.putArray("regions")::add);
    placement.put("kind", Binder.fileName(pl.kind()));
    placement.put("market", Binder.fileName(pl.market()));
    if (!pl.instanceTypes().isEmpty()) {
      pl.instanceTypes().forEach(placement.putArray("instanceTypes")::add);
    }
    if (pl.maxHourlyUsd() != null) {
      placement.put("maxHourlyUsd", pl.maxHourlyUsd());
    }
  }

  private static void mediaRef(ObjectNode parent, String key, MediaRef ref) {
    if (ref != null) {
      ObjectNode n = parent.putObject(key);
      put(n, "url", ref.url());
      put(n, "sha256", ref.sha256());
    }
  }

  private static void put(ObjectNode n, String key, String value) {
    if (value != null) {
      n.put(key, value);
    }
  }

  private static void putNumber(ObjectNode n, String key, Integer value) {
    if (value != null) {
      n.put(key, value);
    }
  }
}
