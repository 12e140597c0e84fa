package io.nestlab.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.nestlab.NestLabException;
import io.nestlab.spi.HostCommands;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** What a failed test gets as its lab's logs, and how the host is asked for them. */
class HostLogsTest {
  @Test
  void runsTheLogCommandOnceAsRootThenClosesTheHostsCommands() {
    HostCommands host = mock(HostCommands.class);
    when(host.run(eq(HostLogs.COMMAND), any(Duration.class)))
        .thenReturn(
            new HostCommands.Result(
                0, "nestlab-bootstrap[1]: nestlab: esxi esx-01: installed\n", ""));

    String logs =
        new HostLogs("lab-1", () -> host, () -> "NESTLAB phase=ready status=done\n").collect();

    InOrder order = inOrder(host);
    order.verify(host).run(HostLogs.COMMAND, HostLogs.TIMEOUT);
    order.verify(host).close();
    order.verifyNoMoreInteractions();
    assertTrue(logs.startsWith("NestLab logs of lab lab-1\n"), logs);
    assertTrue(logs.contains("nestlab: esxi esx-01: installed"), logs);
    assertTrue(logs.contains("serial console\nNESTLAB phase=ready status=done\n"), logs);
  }

  @Test
  void aCommandThatFailsKeepsItsOutputAndSaysHowItEnded() {
    HostCommands host = mock(HostCommands.class);
    when(host.run(any(), any())).thenReturn(new HostCommands.Result(1, "partial\n", "no journal"));

    String logs = new HostLogs("lab-1", () -> host, () -> "").collect();

    assertTrue(logs.contains("partial\nno journal\n(the command ended with status 1)"), logs);
  }

  @Test
  void anUnreachableHostStillGivesTheConsoleAndSaysWhy() {
    String logs =
        new HostLogs(
                "lab-1",
                () -> {
                  throw new NestLabException("lab lab-1 has no verified SSH access");
                },
                () -> "NESTLAB phase=bootstrap status=failed\n")
            .collect();

    assertTrue(logs.contains("(not reachable: lab lab-1 has no verified SSH access)"), logs);
    assertTrue(logs.contains("NESTLAB phase=bootstrap status=failed"), logs);
  }

  @Test
  void onlyTheConsolesTailIsKept() {
    String console = "x".repeat(HostLogs.CONSOLE_CHARS) + "END\n";

    String logs =
        new HostLogs(
                "lab-1",
                () -> {
                  throw new NestLabException("no SSH");
                },
                () -> console)
            .collect();

    assertTrue(logs.contains("(last " + HostLogs.CONSOLE_CHARS + " characters)"), logs);
    assertTrue(logs.endsWith("END\n"));
    assertTrue(logs.length() < console.length() + 400, "trimmed: " + logs.length());
  }
}
