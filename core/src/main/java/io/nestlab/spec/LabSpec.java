package io.nestlab.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole nested vSphere lab, as the user described it. Immutable; read it from a file with {@link
 * LabSpecs} or build it with {@link LabSpecBuilder}. Construction fills the defaults that depend on
 * other fields (vCenter version and placement, guest hosts) but does not check vSphere rules:
 * {@link SpecValidator} does that and reports every problem at once.
 *
 * @param apiVersion the file format version, {@code nestlab/v1}
 * @param name the lab's name: 3-40 characters, lowercase letters, digits and '-'
 * @param esxi the ESXi hosts
 * @param vcenter the vCenter Server appliance, or null when the lab has none
 * @param guests guest VMs placed on the ESXi hosts
 * @param network the lab's private network inside the L1 host
 * @param media where the installer ISOs come from
 * @param upgrade the versions to rehearse an upgrade to, or null
 * @param policy TTL, budget and overcommit
 * @param placement where the lab may run
 */
public record LabSpec(
    String apiVersion,
    String name,
    EsxiSpec esxi,
    VcenterSpec vcenter,
    List<GuestSpec> guests,
    NetworkSpec network,
    MediaSpec media,
    UpgradeSpec upgrade,
    PolicySpec policy,
    PlacementSpec placement) {

  public static final String API_VERSION = "nestlab/v1";

  public LabSpec {
    Objects.requireNonNull(esxi, "esxi");
    String firstHost = esxi.hostName(1);
    if (vcenter != null && (vcenter.version() == null || vcenter.placement() == null)) {
      vcenter =
          new VcenterSpec(
              vcenter.version() == null ? esxi.version() : vcenter.version(),
              vcenter.size(),
              vcenter.placement() == null ? firstHost : vcenter.placement());
    }
    List<GuestSpec> placed = new ArrayList<>();
    for (GuestSpec g : guests == null ? List.<GuestSpec>of() : guests) {
      Objects.requireNonNull(g, "guests contains null");
      placed.add(
          g.host() != null
              ? g
              : new GuestSpec(
                  g.name(), g.cpus(), g.memoryGib(), g.diskGib(), firstHost, g.image()));
    }
    guests = List.copyOf(placed);
    network = network == null ? NetworkSpec.defaults() : network;
    media = media == null ? MediaSpec.none() : media;
    policy = policy == null ? PolicySpec.defaults() : policy;
    placement = placement == null ? PlacementSpec.anywhere() : placement;
  }

  /** The vCenter appliance, when the lab has one. */
  public Optional<VcenterSpec> vcenterIfPresent() {
    return Optional.ofNullable(vcenter);
  }

  /** The upgrade to rehearse, when one is given. */
  public Optional<UpgradeSpec> upgradeIfPresent() {
    return Optional.ofNullable(upgrade);
  }

  /** Every ESXi host, named and with its per-host overrides applied. */
  public List<EsxiHost> hosts() {
    return esxi.hosts();
  }

  public static LabSpecBuilder builder() {
    return new LabSpecBuilder();
  }

  public LabSpecBuilder toBuilder() {
    return new LabSpecBuilder(this);
  }
}
