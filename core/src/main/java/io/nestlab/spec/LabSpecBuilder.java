package io.nestlab.spec;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link LabSpec} in Java; start from {@link LabSpec#builder()}. */
public final class LabSpecBuilder {
  private String apiVersion = LabSpec.API_VERSION;
  private String name;
  private EsxiSpec esxi;
  private VcenterSpec vcenter;
  private final List<GuestSpec> guests = new ArrayList<>();
  private NetworkSpec network = NetworkSpec.defaults();
  private MediaSpec media = MediaSpec.none();
  private UpgradeSpec upgrade;
  private PolicySpec policy = PolicySpec.defaults();
  private PlacementSpec placement = PlacementSpec.anywhere();

  LabSpecBuilder() {}

  LabSpecBuilder(LabSpec spec) {
    apiVersion = spec.apiVersion();
    name = spec.name();
    esxi = spec.esxi();
    vcenter = spec.vcenter();
    guests.addAll(spec.guests());
    network = spec.network();
    media = spec.media();
    upgrade = spec.upgrade();
    policy = spec.policy();
    placement = spec.placement();
  }

  public LabSpecBuilder apiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
    return this;
  }

  public LabSpecBuilder name(String name) {
    this.name = name;
    return this;
  }

  public LabSpecBuilder esxi(EsxiSpec esxi) {
    this.esxi = esxi;
    return this;
  }

  public LabSpecBuilder vcenter(VcenterSpec vcenter) {
    this.vcenter = vcenter;
    return this;
  }

  public LabSpecBuilder guest(GuestSpec guest) {
    this.guests.add(guest);
    return this;
  }

  public LabSpecBuilder guests(List<GuestSpec> guests) {
    this.guests.clear();
    this.guests.addAll(guests);
    return this;
  }

  public LabSpecBuilder network(NetworkSpec network) {
    this.network = network;
    return this;
  }

  public LabSpecBuilder media(MediaSpec media) {
    this.media = media;
    return this;
  }

  public LabSpecBuilder upgrade(UpgradeSpec upgrade) {
    this.upgrade = upgrade;
    return this;
  }

  public LabSpecBuilder policy(PolicySpec policy) {
    this.policy = policy;
    return this;
  }

  public LabSpecBuilder placement(PlacementSpec placement) {
    this.placement = placement;
    return this;
  }

  /**
   * The spec, with dependent defaults filled in but not validated: pass it to {@link
   * SpecValidator#validate} or {@link SpecValidator#requireValid}.
   *
   * @throws InvalidSpecException when no ESXi hosts were given (a spec cannot exist without them)
   */
  public LabSpec build() {
    if (esxi == null) {
      throw new InvalidSpecException(
          "lab spec builder",
          List.of(
              Problem.of(
                  "esxi",
                  "missing: call esxi(EsxiSpec.of(\"8.0U3\", 3)) or similar before build()")));
    }
    return new LabSpec(
        apiVersion, name, esxi, vcenter, guests, network, media, upgrade, policy, placement);
  }
}
