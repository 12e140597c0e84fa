package io.nestlab.engine.internal.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.bootstrap.ProgressLine;
import io.nestlab.engine.ForwardingProvider;
import io.nestlab.engine.internal.EngineFixture;
import io.nestlab.engine.internal.Retrier;
import io.nestlab.fake.FakeFaults;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.LabProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleProgressTest {
  static final HostRef HOST = new HostRef("fake", "region-1", "zone-a", "i-1");

  @TempDir Path dir;
  final List<Long> offsetsAsked = new ArrayList<>();

  /** A console that returns {@code chunks}, one per read, from the offset asked. */
  private LabProvider console(EngineFixture f, String... chunks) {
    String all = String.join("", chunks);
    List<Integer> ends = new ArrayList<>();
    int end = 0;
    for (String c : chunks) {
      end += c.length();
      ends.add(end);
    }
    return new ForwardingProvider(f.fake(FakeFaults.none())) {
      int read;

      @Override
      public ConsoleOutput readConsole(HostRef host, long from) {
        offsetsAsked.add(from);
        int to = read < ends.size() ? ends.get(read++) : all.length();
        return new ConsoleOutput(all.substring((int) from, to), to);
      }
    };
  }

  private Retrier retrier(EngineFixture f) {
    return new Retrier(
        f.clock, f.clock::advance, 1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
  }

  @Test
  void pollKeepsItsOffsetAndAnUnfinishedLineUntilItEnds() {
    EngineFixture f = new EngineFixture(dir);
    String c1 = "kernel noise\nNESTLAB phase=esxi host=esx-01 sta";
    String c2 =
        "tus=start t=2026-11-24T10:00:01Z\n"
            + "NESTLAB phase=esxi host=esx-01 status=done t=2026-11-24T10:00:05Z\n";
    ConsoleProgress progress = new ConsoleProgress(console(f, c1, c2), HOST, retrier(f), 0);

    List<ProgressLine> first = progress.poll();
    List<ProgressLine> second = progress.poll();

    assertEquals(List.of(), first, "half a line is no progress yet");
    assertEquals(
        List.of("esxi (esx-01) start", "esxi (esx-01) done"),
        second.stream().map(ConsoleProgress::describe).toList());
    assertEquals(List.of(0L, (long) c1.length()), offsetsAsked);
    assertEquals(c1.length() + c2.length(), progress.offset());
  }

  @Test
  void peekSummarisesTheWholeConsoleWithItsLastUnfinishedLine() {
    EngineFixture f = new EngineFixture(dir);
    LabProvider p =
        console(
            f,
            "NESTLAB phase=vcenter status=failed t=2026-11-24T10:00:01Z reason=disk\n"
                + "NESTLAB phase=ready status=done t=2026-11-24T10:00:02Z");

    ConsoleProgress.Summary s = ConsoleProgress.peek(p, HOST, retrier(f));

    assertEquals(Optional.of("ready done"), s.last());
    assertTrue(s.ready());
    assertEquals(Optional.of("vcenter failed: disk"), s.failed());
  }

  @Test
  void peekOfAQuietConsoleFindsNothing() {
    EngineFixture f = new EngineFixture(dir);

    ConsoleProgress.Summary s = ConsoleProgress.peek(console(f, "booting\n"), HOST, retrier(f));

    assertEquals(Optional.empty(), s.last());
    assertFalse(s.ready());
    assertEquals(8, s.nextOffset());
  }
}
