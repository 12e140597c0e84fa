package io.nestlab.bootstrap;

/**
 * The operating system image the L1 host boots, on every cloud: Debian 12 (bookworm), x86-64. The
 * host's scripts are tested with this release's own Python and packages (docs/design/0096), so the
 * providers launch it by default and nothing else is promised to work. Where each cloud publishes
 * this image is the provider's own knowledge (design 0198): the AWS provider's {@code
 * ImageResolver}, the GCP provider's {@code GcpSettings}.
 */
public final class L1Image {
  /** The distribution and release, for messages. */
  public static final String DISTRIBUTION = "Debian 12 (bookworm)";

  /** The {@code major.minor} version of {@code /usr/bin/python3} on the image. */
  public static final String PYTHON_VERSION = "3.11";

  /** The version of Debian's {@code python3-pyvmomi} on the image. */
  public static final String PYVMOMI_VERSION = "6.7.1";

  private L1Image() {}
}
