package io.nestlab.engine;

import io.nestlab.spec.EsxiHost;
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
