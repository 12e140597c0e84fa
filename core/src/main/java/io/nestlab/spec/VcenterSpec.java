package io.nestlab.spec;

/**
 * The vCenter Server appliance. Its hostname in the lab is {@value #HOSTNAME}.
 *
 * @param version the vCenter version, for example {@code 8.0U3}; null means the ESXi version
 * @param size the appliance deployment size: tiny, small, medium, large, xlarge
 * @param placement the ESXi host that carries it, or {@link #PLACEMENT_L1} to run it beside the
 *     hosts on the cloud instance; null means the first host
 */
public record VcenterSpec(String version, String size, String placement) {
  public static final String PLACEMENT_L1 = "l1";
  public static final String DEFAULT_SIZE = "tiny";

  /** The appliance's hostname inside the lab's domain. */
  public static final String HOSTNAME = "vcsa";

  public VcenterSpec {
    size = size == null ? DEFAULT_SIZE : size;
  }

  /** Whether the appliance runs on the L1 instance rather than inside an ESXi host. */
  public boolean onL1() {
    return PLACEMENT_L1.equals(placement);
  }
}
