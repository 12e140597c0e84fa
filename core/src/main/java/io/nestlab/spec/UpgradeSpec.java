package io.nestlab.spec;

/**
 * The versions an upgrade rehearsal goes to; a null field means that part is not upgraded.
 *
 * @param esxiIso the target ESXi installer, staged on the L1 host for the rehearsal, or null
 * @param vcsaIso the target vCenter installer, staged on the L1 host for the rehearsal, or null
 * @param applianceHost the ESXi host a vCenter major upgrade deploys the new appliance onto (the
 *     installer's {@code new_vcsa.esxi}), or null for the host with the most free memory; see
 *     {@link UpgradePeak}
 * @param esxiDepot the target ESXi offline bundle (a {@code .zip}), staged on the L1 host like the
 *     ISO; given instead of {@code esxiIso}, the hosts are upgraded with {@code esxcli software
 *     profile update} rather than booted from the installer (design 0170); or null
 */
public record UpgradeSpec(
    String esxiVersion,
    String vcenterVersion,
    MediaRef esxiIso,
    MediaRef vcsaIso,
    String applianceHost,
    MediaRef esxiDepot) {

  /** How the ESXi hosts are upgraded: {@code iso} or {@code depot} (design 0120's host method). */
  public enum EsxiMethod {
    /** Each host boots the target installer remastered with an upgrade kickstart. */
    ISO,
    /** {@code esxcli software profile update} from the offline bundle on the host's datastore. */
    DEPOT;

    /** The name in {@code rehearsal.json}: {@code iso} or {@code depot}. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** An upgrade of the hosts from an installer ISO (or with no installer yet). */
  public UpgradeSpec(
      String esxiVersion,
      String vcenterVersion,
      MediaRef esxiIso,
      MediaRef vcsaIso,
      String applianceHost) {
    this(esxiVersion, vcenterVersion, esxiIso, vcsaIso, applianceHost, null);
  }

  /** An upgrade whose new appliance goes to the host with the most free memory. */
  public UpgradeSpec(
      String esxiVersion, String vcenterVersion, MediaRef esxiIso, MediaRef vcsaIso) {
    this(esxiVersion, vcenterVersion, esxiIso, vcsaIso, null, null);
  }

  /** An upgrade whose installers the user brings later. */
  public UpgradeSpec(String esxiVersion, String vcenterVersion) {
    this(esxiVersion, vcenterVersion, null, null, null, null);
  }

  /** {@code depot} when an offline bundle is given, else {@code iso}. */
  public EsxiMethod esxiMethod() {
    return esxiDepot != null ? EsxiMethod.DEPOT : EsxiMethod.ISO;
  }
}
