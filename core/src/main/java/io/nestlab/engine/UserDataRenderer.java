package io.nestlab.engine;

import io.nestlab.bootstrap.BootstrapRenderer;
import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.bootstrap.RenderOptions;
import io.nestlab.bootstrap.RenderedBootstrap;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spec.EsxiHost;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the L1 host's user data (cloud-init) for a lab. The engine takes it as a plug-in: the
 * full bootstrap renderer of {@code io.nestlab.bootstrap} is one; {@link #minimal()} is a small
 * stand-in for tests and the fake cloud.
 *
 * <p>The result may leave files out to fit the provider's limit ({@link
 * PackedUserData#deferredFiles()}): the engine keeps them with the lab's secrets and copies them to
 * the host over SSH once it answers, before it follows the bootstrap.
 */
@FunctionalInterface
public interface UserDataRenderer {
  PackedUserData render(UserDataRequest request);

  /**
   * The engine's default: {@link #minimal()} for labs on the fake cloud (whose simulated host runs
   * no script), {@link #bootstrap()} for every other provider.
   */
  static UserDataRenderer standard() {
    UserDataRenderer full = bootstrap();
    UserDataRenderer fake = minimal();
    return r -> (FakeLabProvider.ID.equals(r.option().provider()) ? fake : full).render(r);
  }

  /**
   * The full L1 bootstrap of {@link BootstrapRenderer} (KVM, libvirt, ESXi, vCenter, progress
   * reports, lease watchdog), with the lab's public key authorized, packed for the provider's
   * user-data limit: on AWS's 16 KB as gzip, with the vCenter phases' files deferred when even that
   * is too large; elsewhere as text within 256 KiB.
   */
  static UserDataRenderer bootstrap() {
    return r -> {
      String provider = r.option().provider();
      // An unknown provider fails here, naming the known ones, before anything is created: no
      // silent fallback to another cloud's bootstrap.
      RenderOptions options =
          RenderOptions.of(provider)
              .withSshAuthorizedKeys(List.of(r.sshPublicKey()))
              .withRestore(r.restore())
              .withDataDisk(r.option().dataDiskGib());
      RenderedBootstrap rendered = BootstrapRenderer.render(r.spec(), options);
      return rendered.userDataFor(provider);
    };
  }

  /**
   * A minimal script that only reports {@code phase=ready} on the console: it installs nothing. It
   * names the ESXi hosts ({@code NESTLAB_HOSTS=}) so the fake cloud's simulated bootstrap reports
   * them. Not enough for a real cloud; plug in the bootstrap renderer there.
   */
  static UserDataRenderer minimal() {
    return r ->
        PackedUserData.plain(
            "#!/bin/sh\n"
                + "# NestLab minimal user data for lab "
                + r.labId()
                + ": reports readiness only\n"
                + "NESTLAB_HOSTS="
                + r.spec().hosts().stream().map(EsxiHost::name).collect(Collectors.joining(","))
                + "\n"
                + "echo \"NESTLAB phase=ready status=done t=$(date -u +%Y-%m-%dT%H:%M:%SZ)\""
                + " > /dev/console\n");
  }
}
