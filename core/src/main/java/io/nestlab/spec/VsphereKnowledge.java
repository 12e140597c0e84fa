package io.nestlab.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What NestLab knows about vSphere releases: the versions, the least an ESXi host needs, the
 * vCenter appliance sizes, which vCenter manages which ESXi, and the direct upgrade paths. All of
 * it comes from one data file shipped in the jar ({@code io/nestlab/spec/vsphere-knowledge.yaml}),
 * where every row names its source and says whether it is documented or an estimate.
 */
public final class VsphereKnowledge {
  private static final String RESOURCE = "vsphere-knowledge.yaml";
  private static final VsphereKnowledge EMBEDDED = load();

  private final List<VsphereVersion> versions;
  private final List<EsxiMinimum> esxiMinimums;
  private final List<ApplianceSize> vcenterSizes;
  private final List<Manages> manages;
  private final List<UpgradePath> upgrades;

  /** The ESXi or vCenter side of an upgrade path. */
  public enum Product {
    ESXI,
    VCENTER;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The least one ESXi host of a release family needs.
   *
   * @param ownMemoryGib what ESXi keeps for itself on a host that also runs VMs
   * @param estimate true when no published figure was found and this is NestLab's best knowledge
   */
  public record EsxiMinimum(
      String family,
      int cpus,
      int memoryGib,
      int bootDiskGib,
      int ownMemoryGib,
      boolean estimate,
      String source) {}

  /** One vCenter Server appliance deployment size: the vCPUs and memory of the appliance VM. */
  public record ApplianceSize(
      String family, String size, int cpus, int memoryGib, boolean estimate, String source) {}

  /**
   * A documented direct upgrade: any version of {@code from}'s family at or after {@code from} to
   * any version of {@code to}'s family at or after {@code to}.
   */
  public record UpgradePath(
      VsphereVersion from,
      VsphereVersion to,
      List<Product> products,
      boolean estimate,
      String source,
      String note) {
    public UpgradePath {
      products = List.copyOf(products);
    }

    /** Whether this row allows upgrading {@code product} from {@code a} to {@code b}. */
    public boolean allows(Product product, VsphereVersion a, VsphereVersion b) {
      return products.contains(product)
          && a.sameFamily(from)
          && !a.isOlderThan(from)
          && b.sameFamily(to)
          && !b.isOlderThan(to)
          && a.isOlderThan(b);
    }
  }

  private record Manages(String vcenterFamily, List<String> esxiFamilies) {}

  private VsphereKnowledge(
      List<VsphereVersion> versions,
      List<EsxiMinimum> esxiMinimums,
      List<ApplianceSize> vcenterSizes,
      List<Manages> manages,
      List<UpgradePath> upgrades) {
    this.versions = List.copyOf(versions);
    this.esxiMinimums = List.copyOf(esxiMinimums);
    this.vcenterSizes = List.copyOf(vcenterSizes);
    this.manages = List.copyOf(manages);
    this.upgrades = List.copyOf(upgrades);
  }

  /** The knowledge shipped with this NestLab build. */
  public static VsphereKnowledge embedded() {
    return EMBEDDED;
  }

  /** Every version a lab may name, oldest first. */
  public List<VsphereVersion> versions() {
    return versions;
  }

  public boolean isKnown(VsphereVersion version) {
    return versions.contains(version);
  }

  /** The least an ESXi host of this version needs. */
  public Optional<EsxiMinimum> esxiMinimum(VsphereVersion version) {
    return esxiMinimums.stream().filter(m -> m.family().equals(version.family())).findFirst();
  }

  /** The appliance size {@code size} (tiny, small, ...) of vCenter {@code version}. */
  public Optional<ApplianceSize> vcenterSize(VsphereVersion version, String size) {
    return vcenterSizes.stream()
        .filter(s -> s.family().equals(version.family()) && s.size().equals(size))
        .findFirst();
  }

  /** The appliance sizes vCenter {@code version} offers, smallest first. */
  public List<String> vcenterSizeNames(VsphereVersion version) {
    return vcenterSizes.stream()
        .filter(s -> s.family().equals(version.family()))
        .map(ApplianceSize::size)
        .toList();
  }

  /** Whether vCenter {@code vcenter} can manage ESXi hosts of version {@code esxi}. */
  public boolean manages(VsphereVersion vcenter, VsphereVersion esxi) {
    return manages.stream()
        .anyMatch(
            m ->
                m.vcenterFamily().equals(vcenter.family())
                    && m.esxiFamilies().contains(esxi.family()));
  }

  /** The ESXi families vCenter {@code vcenter} can manage, oldest first. */
  public List<String> managedEsxiFamilies(VsphereVersion vcenter) {
    return manages.stream()
        .filter(m -> m.vcenterFamily().equals(vcenter.family()))
        .flatMap(m -> m.esxiFamilies().stream())
        .toList();
  }

  /** The row that allows a direct upgrade, if vSphere supports one. */
  public Optional<UpgradePath> directUpgrade(
      Product product, VsphereVersion from, VsphereVersion to) {
    return upgrades.stream().filter(u -> u.allows(product, from, to)).findFirst();
  }

  /**
   * A version {@code from} can upgrade to directly and which can itself upgrade directly to {@code
   * to}: the stop on a two-step route. Empty when there is none.
   */
  public Optional<VsphereVersion> intermediateStep(
      Product product, VsphereVersion from, VsphereVersion to) {
    for (int i = versions.size() - 1; i >= 0; i--) {
      VsphereVersion mid = versions.get(i);
      if (directUpgrade(product, from, mid).isPresent()
          && directUpgrade(product, mid, to).isPresent()) {
        return Optional.of(mid);
      }
    }
    return Optional.empty();
  }

  private static VsphereKnowledge load() {
    try (InputStream in = VsphereKnowledge.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/nestlab/spec/" + RESOURCE);
      }
      return fromTree(new YAMLMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read io/nestlab/spec/" + RESOURCE, e);
    }
  }

  static VsphereKnowledge fromTree(JsonNode root) {
    List<VsphereVersion> versions = new ArrayList<>();
    for (JsonNode row : rows(root, "versions")) {
      versions.add(VsphereVersion.of(text(row, "version")));
    }
    List<EsxiMinimum> minimums = new ArrayList<>();
    for (JsonNode row : rows(root, "esxiMinimums")) {
      minimums.add(
          new EsxiMinimum(
              text(row, "family"),
              number(row, "cpus"),
              number(row, "memoryGib"),
              number(row, "bootDiskGib"),
              number(row, "ownMemoryGib"),
              estimate(row),
              text(row, "source")));
    }
    List<ApplianceSize> sizes = new ArrayList<>();
    for (JsonNode row : rows(root, "vcenterSizes")) {
      sizes.add(
          new ApplianceSize(
              text(row, "family"),
              text(row, "size"),
              number(row, "cpus"),
              number(row, "memoryGib"),
              estimate(row),
              text(row, "source")));
    }
    List<Manages> manages = new ArrayList<>();
    for (JsonNode row : rows(root, "manages")) {
      text(row, "source");
      List<String> esxi = new ArrayList<>();
      row.path("esxi").forEach(e -> esxi.add(e.asText()));
      manages.add(new Manages(text(row, "vcenter"), List.copyOf(esxi)));
    }
    List<UpgradePath> upgrades = new ArrayList<>();
    for (JsonNode row : rows(root, "upgrades")) {
      List<Product> products = new ArrayList<>();
      row.path("products")
          .forEach(p -> products.add(Product.valueOf(p.asText().toUpperCase(Locale.ROOT))));
      upgrades.add(
          new UpgradePath(
              VsphereVersion.of(text(row, "from")),
              VsphereVersion.of(text(row, "to")),
              products,
              estimate(row),
              text(row, "source"),
              row.path("note").asText("")));
    }
    return new VsphereKnowledge(versions, minimums, sizes, manages, upgrades);
  }

  private static Iterable<JsonNode> rows(JsonNode root, String key) {
    JsonNode rows = root.path(key);
    if (!rows.isArray() || rows.isEmpty()) {
      throw new IllegalStateException(RESOURCE + ": '" + key + "' must be a non-empty list");
    }
    return rows;
  }

  private static String text(JsonNode row, String key) {
    JsonNode v = row.get(key);
    if (v == null || !v.isValueNode() || v.asText().isBlank()) {
      throw new IllegalStateException(RESOURCE + ": row " + row + " lacks '" + key + "'");
    }
    return v.asText();
  }

  private static int number(JsonNode row, String key) {
    JsonNode v = row.get(key);
    if (v == null || !v.canConvertToInt()) {
      throw new IllegalStateException(RESOURCE + ": row " + row + " lacks number '" + key + "'");
    }
    return v.intValue();
  }

  private static boolean estimate(JsonNode row) {
    String status = text(row, "status");
    if (!status.equals("documented") && !status.equals("estimate")) {
      throw new IllegalStateException(RESOURCE + ": status must be documented or estimate");
    }
    return status.equals("estimate");
  }
}
