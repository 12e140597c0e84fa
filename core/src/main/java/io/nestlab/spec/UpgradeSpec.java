package io.nestlab.spec;

/**
 * The versions an upgrade rehearsal goes to; a null field means that part is not upgraded.
 *
 * @param esxiIso the target ESXi installer, staged on the L1 host for the rehearsal, or null
 * @param vcsaIso the target vCenter installer, staged on the L1 host for the rehearsal, or null
 */
public record UpgradeSpec(
    String esxiVersion, String vcenterVersion, MediaRef esxiIso, MediaRef vcsaIso) {

  /** An upgrade whose installers the user brings later. */
  public UpgradeSpec(String esxiVersion, String vcenterVersion) {
    this(esxiVersion, vcenterVersion, null, null);
  }
}
