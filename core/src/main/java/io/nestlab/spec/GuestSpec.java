package io.nestlab.spec;

/**
 * A guest VM deployed on one of the lab's ESXi hosts.
 *
 * @param name its hostname (an RFC 1123 label, unique in the lab)
 * @param cpus vCPUs
 * @param memoryGib memory, GiB
 * @param diskGib its disk on the host's datastore, GiB
 * @param host the ESXi host that carries it; null means the first host
 * @param image an ISO or OVA URL ({@code https://}, {@code s3://} or {@code gs://}), or null for an
 *     empty VM
 */
public record GuestSpec(
    String name, int cpus, int memoryGib, int diskGib, String host, String image) {
  public static final int DEFAULT_CPUS = 1;
  public static final int DEFAULT_MEMORY_GIB = 2;
  public static final int DEFAULT_DISK_GIB = 16;

  /** A guest of the default size (1 vCPU, 2 GiB, 16 GiB disk) on {@code host}. */
  public static GuestSpec of(String name, String host, String image) {
    return new GuestSpec(name, DEFAULT_CPUS, DEFAULT_MEMORY_GIB, DEFAULT_DISK_GIB, host, image);
  }
}
