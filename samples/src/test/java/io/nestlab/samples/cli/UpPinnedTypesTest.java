package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up} on a pinned type its provider's catalog lacks says so as {@code validate} does. */
class UpPinnedTypesTest {
  @TempDir Path tmp;

  @Test
  void upNamesTheUnknownPinnedTypeAndItsNearNameAndCreatesNothing() throws Exception {
    FakeCloudCli cli = new FakeCloudCli(tmp);
    Path lab =
        Files.writeString(
            tmp.resolve("pinned.yaml"),
            "apiVersion: nestlab/v1\nname: pinned\nesxi: { version: \"8.0U3\", count: 1 }\n"
                + "media:\n  esxiIso: { url: \"s3://b/esxi.iso\" }\n"
                + "placement:\n  providers: [fake]\n  instanceTypes: [fake.nested.16x12]\n");
    int code = cli.run(cli.lab("up", lab.toString(), "--provider", "fake", "--yes"));
    assertEquals(ExitCode.INVALID_INPUT, code, cli.err() + cli.out());
    assertTrue(
        cli.err()
            .contains(
                "no fake option can carry lab pinned: placement.instanceTypes[0]:"
                    + " fake.nested.16x12 is not an instance type of fake in the catalog (did"
                    + " you mean fake.nested.16x128?); fake's types are fake.metal.96x384,"),
        cli.err());
    assertFalse(cli.out().contains("is ready"), cli.out());
    assertEquals(0, cli.run(cli.lab("list")), cli.err());
    assertFalse(cli.out().contains("pinned-"), "nothing was created: " + cli.out());
  }
}
