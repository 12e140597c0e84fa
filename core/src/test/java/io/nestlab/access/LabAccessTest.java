package io.nestlab.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabTimeoutException;
import io.nestlab.spi.HostRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LabAccessTest {
  private static final HostRef HOST = new HostRef("fake", "r1", "r1-a", "i-0abc");

  @Test
  void readsTheGrowingConsoleUntilTheWholeBlockIsThere() {
    // 40-byte chunks: the block is split across many reads, mid-line included.
    ConsoleOnlyProvider p = new ConsoleOnlyProvider(HostKeyFingerprintsTest.CONSOLE, 40);

    HostKeyFingerprints keys =
        LabAccess.awaitHostKeys(p, HOST, Duration.ofSeconds(10), Duration.ofMillis(1));

    assertEquals(3, keys.keys().size());
    assertTrue(keys.find(HostKeyFingerprintsTest.ED).isPresent());
    assertTrue(p.reads() > 5, "read " + p.reads() + " times");
  }

  @Test
  void givesUpAtTheDeadlineNamingTheHostAndWhatWasAwaited() {
    ConsoleOnlyProvider p = new ConsoleOnlyProvider("booting...\nstill booting\n", 1000);

    NestLabTimeoutException e =
        assertThrows(
            NestLabTimeoutException.class,
            () -> LabAccess.awaitHostKeys(p, HOST, Duration.ofMillis(200), Duration.ofMillis(20)));

    assertTrue(e.getMessage().contains("host i-0abc to print its SSH host key fingerprints"));
    assertTrue(p.reads() >= 2 && p.reads() < 50, "read " + p.reads() + " times");
  }
}
