package io.nestlab.bootstrap;

import io.nestlab.bootstrap.internal.HostFiles;

/**
 * The operating system image the L1 host boots, on every cloud: Debian 12 (bookworm), x86-64. The
 * host's scripts are tested with this release's own Python and packages (docs/design/0096), so the
 * providers launch it by default and nothing else is promised to work.
 */
public final class L1Image {
  /** The distribution and release, for messages. */
  public static final String DISTRIBUTION = "Debian 12 (bookworm)";

  /** The {@code major.minor} version of {@code /usr/bin/python3} on the image. */
  public static final String PYTHON_VERSION = "3.11";

  /** The version of Debian's {@code python3-pyvmomi} on the image. */
  public static final String PYVMOMI_VERSION = "6.7.1";

  /** AWS: Debian's public SSM parameter naming the current Debian 12 amd64 AMI of a region. */
  public static final String AWS_SSM_PARAMETER = "/aws/service/debian/release/12/latest/amd64";

  /** AWS: the account of the Debian cloud team, owner of Debian's official AMIs. */
  public static final String AWS_IMAGE_OWNER = "136693071363";

  /** AWS: the name of Debian's official Debian 12 amd64 AMIs ({@code DescribeImages} filter). */
  public static final String AWS_IMAGE_NAME_PATTERN = "debian-12-amd64-*";

  /** Compute Engine: the public project of Debian's images. */
  public static final String GCE_IMAGE_PROJECT = "debian-cloud";

  /** Compute Engine: the image family whose newest image is launched. */
  public static final String GCE_IMAGE_FAMILY = "debian-12";

  /** Compute Engine: the metadata key of {@link #gceStartupScript()}. */
  public static final String GCE_STARTUP_SCRIPT_KEY = "startup-script";

  private L1Image() {}

  /**
   * The Compute Engine {@code startup-script} that brings the lab's user data to Debian's GCE
   * image, which runs startup scripts (google-guest-agent) but has no cloud-init: on the first boot
   * it installs Debian's cloud-init and runs its stages once on the {@code user-data} attribute.
   */
  public static String gceStartupScript() {
    return HostFiles.resource("nestlab-gce-startup.sh");
  }
}
