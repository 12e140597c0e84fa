package io.nestlab.engine;

import io.nestlab.bootstrap.BootstrapRenderer;
import io.nestlab.bootstrap.RenderOptions;
import io.nestlab.bootstrap.RenderedBootstrap;
import io.nestlab.spec.EsxiHost;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the L1 host's user data (cloud-init) for a lab. The engine takes it as a plug-in: the
 * full bootstrap renderer of {@code io.nestlab.bootstrap} is one; {@link #minimal()} is a small
 * stand-in for tests and the fake cloud.
 */
@FunctionalInterface
public interface UserDataRenderer {
  String render(UserDataRequest request);

  /**
   * The full L1 bootstrap of {@link BootstrapRenderer} (KVM, libvirt, ESXi, vCenter, progress
   * reports, lease watchdog), with the lab's public key authorized, as text within the provider's
   * user-data limit (16 KiB on AWS, plain or gzip+base64 per file; 256 KiB elsewhere).
   */
  static UserDataRenderer bootstrap() {
    return r -> {
      String provider = r.option().provider();
      RenderOptions options =
          RenderOptions.of(RenderOptions.PROVIDERS.contains(provider) ? provider : "fake")
              .withSshAuthorizedKeys(List.of(r.sshPublicKey()));
      RenderedBootstrap rendered = BootstrapRenderer.render(r.spec(), options);
      return rendered.userData(
          "aws".equals(provider)
              ? RenderedBootstrap.AWS_USER_DATA_MAX_BYTES
              : RenderedBootstrap.GCE_USER_DATA_MAX_BYTES);
    };
  }

  /**
   * A minimal script that only reports {@code phase=ready} on the console: it installs nothing. It
   * names the ESXi hosts ({@code NESTLAB_HOSTS=}) so the fake cloud's simulated bootstrap reports
   * them. Not enough for a real cloud; plug in the bootstrap renderer there.
   */
  static UserDataRenderer minimal() {
    return r ->
        "#!/bin/sh\n"
            + "# NestLab minimal user data for lab "
            + r.labId()
            + ": reports readiness only\n"
            + "NESTLAB_HOSTS="
            + r.spec().hosts().stream().map(EsxiHost::name).collect(Collectors.joining(","))
            + "\n"
            + "echo \"NESTLAB phase=ready status=done t=$(date -u +%Y-%m-%dT%H:%M:%SZ)\""
            + " > /dev/console\n";
  }
}
