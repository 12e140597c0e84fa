package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab key files work with OpenSSH's own tools, both ways. */
class SshKeyPairIT {
  @TempDir Path dir;

  @Test
  void sshKeygenReadsTheKeyNestLabWrote() throws IOException {
    SshKeyPair k = SshKeyPair.generate("nestlab-lab-7");
    Path file = dir.resolve("id_ed25519");
    k.writePrivateKey(file);

    assertEquals(
        k.publicKeyLine(), OpenSshServer.run("ssh-keygen", "-y", "-f", file.toString()).strip());
    Files.writeString(dir.resolve("id_ed25519.pub"), k.publicKeyLine() + "\n");
    assertEquals(
        "256 " + k.fingerprint() + " nestlab-lab-7 (ED25519)",
        OpenSshServer.run("ssh-keygen", "-l", "-f", dir.resolve("id_ed25519.pub").toString())
            .strip());
  }

  @Test
  void nestLabReadsAKeySshKeygenWrote() throws IOException {
    Path file = dir.resolve("made_by_ssh_keygen");
    OpenSshServer.keygen(file, "ed25519");

    SshKeyPair k = SshKeyPair.read(file);

    String pub = Files.readString(Path.of(file + ".pub")).strip();
    assertEquals(pub, k.publicKeyLine());
    assertTrue(k.toString().contains("root@l1-test"));
  }
}
