package io.nestlab.spec;

/**
 * The vCenter Server appliance.
 *
 * @param version the vCenter version, for example {@code 8.0U3}
 * @param size the appliance deployment size: tiny, small, medium, large, xlarge
 * @param placement the ESXi host that carries it, or {@link #PLACEMENT_L1} to run it beside the
 *     hosts on the cloud instance; null means the first host
 */
public record VcenterSpec(String version, String size, String placement) {
  public static final String PLACEMENT_L1 = "l1";
}
