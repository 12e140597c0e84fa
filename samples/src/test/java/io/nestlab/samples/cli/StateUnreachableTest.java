package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL state store that refuses the connection is an environment problem: exit 2, as a
 * network error, naming the address without its password and the fix (design 0202).
 */
class StateUnreachableTest {
  /** A loopback port nothing listens on (it was free a moment ago, and nothing here takes it). */
  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aRefusedConnectionExits2NamingTheAddressAndTheFixNeverThePassword() throws Exception {
    int port = freePort();
    String address = "postgresql://nestlab:S3CRET@127.0.0.1:" + port + "/nestlab";
    CliRun run = CliRun.of("list", "--state", address);
    String err = run.err.toString();
    assertEquals(ExitCode.PROVIDER, run.code, err);
    assertTrue(
        err.startsWith(
            "nestlab: cannot open the state database in postgresql://nestlab:***@127.0.0.1:"
                + port
                + "/nestlab: "),
        err);
    assertTrue(
        err.contains(
            "; check that the database is running and reachable at that address, or point"
                + " --state (or NESTLAB_STATE_URL) at one that is"),
        err);
    assertFalse(err.contains("S3CRET"), err);
    assertFalse(err.contains("\tat "), "no stack trace without --verbose: " + err);
    assertEquals("", run.out.toString());
  }

  /** A malformed state address is a bad flag or setting: exit 1, naming the form to write. */
  @Test
  void aMalformedAddressOrTwoAddressesExit1NamingTheFix() throws Exception {
    String[][] cases = {
      {"list", "--state", "foo://x"},
      {"list", "--state", "postgresql://me:S3CRET@/nestlab"},
      {"list", "--state", "postgresql://me@127.0.0.1:5432/x", "--state-dir", "/tmp/nowhere"},
      {"status", "lab-1", "--state", "ftp://host/x"}
    };
    String[] fixes = {
      "give a directory or postgresql://USER@HOST:PORT/DATABASE",
      "names no host; write postgresql://USER@HOST:PORT/DATABASE",
      "--state and --state-dir both say where state lives; give one of them",
      "give a directory or postgresql://USER@HOST:PORT/DATABASE"
    };
    for (int i = 0; i < cases.length; i++) {
      CliRun run = CliRun.of(cases[i]);
      String err = run.err.toString();
      assertEquals(ExitCode.INVALID_INPUT, run.code, String.join(" ", cases[i]) + ": " + err);
      assertTrue(err.startsWith("nestlab: ") && err.contains(fixes[i]), err);
      assertFalse(err.contains("S3CRET"), err);
      assertFalse(err.contains("\tat "), err);
    }
  }
}
