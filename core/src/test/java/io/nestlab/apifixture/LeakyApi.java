package io.nestlab.apifixture;

import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedResource;

/** A deliberately bad public API: the scanner must report every SSH-stack type here. */
public record LeakyApi(SshClient client) {
  public List<? extends NamedResource> resources() {
    return List.of();
  }

  public void wrap(AttributeKey<String> key) {}

  /** Not exported: private members may use anything. */
  @SuppressWarnings("unused")
  private SshClient hidden() {
    return client;
  }
}
