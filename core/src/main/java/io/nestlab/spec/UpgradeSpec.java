package io.nestlab.spec;

/**
 * The versions an upgrade rehearsal goes to; a null field means that part is not upgraded.
 *
 * @param esxiIso the target ESXi installer, staged on the L1 host for the rehearsal, or null
 * @param vcsaIso the target vCenter installer, staged on the L1 host for the rehearsal, or null
 * @param applianceHost the ESXi host a vCenter major upgrade deploys the new appliance onto (the
 *     installer's {@code new_vcsa.esxi}), or null for the host with the most free memory; see
 *     {@link UpgradePeak}
 */
public record UpgradeSpec(
    String esxiVersion,
    String vcenterVersion,
    MediaRef esxiIso,
    MediaRef vcsaIso,
    String applianceHost) {

  /** An upgrade whose new appliance goes to the host with the most free memory. */
  public UpgradeSpec(
      String esxiVersion, String vcenterVersion, MediaRef esxiIso, MediaRef vcsaIso) {
    this(esxiVersion, vcenterVersion, esxiIso, vcsaIso, null);
  }

  /** An upgrade whose installers the user brings later. */
  public UpgradeSpec(String esxiVersion, String vcenterVersion) {
    this(esxiVersion, vcenterVersion, null, null, null);
  }
}
