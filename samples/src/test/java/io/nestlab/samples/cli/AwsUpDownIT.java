package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.aws.MotoLabChecks;
import io.nestlab.aws.MotoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Issue 6's "done when", from the command line: {@code nestlab up samples/labs/single-host.yaml
 * --provider aws --provider-opt endpoint=http://127.0.0.1:PORT --region us-east-1 --yes --wait
 * infrastructure} against a real moto_server makes a tagged, IMDSv2-only, encrypted L1 host in its
 * own network with no 0.0.0.0/0 ingress, and {@code down} removes everything it made.
 */
class AwsUpDownIT {
  static MotoServer moto;
  static Ec2Client ec2;
  @TempDir Path tmp;
  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    ec2 = moto.ec2Client();
  }

  @AfterAll
  static void stop() throws Exception {
    if (ec2 != null) {
      ec2.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = NestLabCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void upMakesAnIsolatedEncryptedImdsV2HostAndDownRemovesEverything() {
    String state = tmp.resolve("state").toString();
    String lab =
        Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "single-host.yaml")
            .toString();

    int code =
        run(
            "up",
            lab,
            "--provider",
            "aws",
            "--provider-opt",
            "endpoint=" + moto.uri(),
            "--region",
            "us-east-1",
            "--yes",
            "--wait",
            "infrastructure",
            "--state-dir",
            state);

    assertEquals(0, code, out + "\n" + err);
    assertTrue(out.toString().contains("plan: aws us-east-1 "), out.toString());
    Matcher m = Pattern.compile("lab (single-host-[a-z0-9]+) is launched").matcher(out.toString());
    assertTrue(m.find(), out.toString());
    String id = m.group(1);
    MotoLabChecks.assertIsolatedL1Host(ec2, id);

    assertEquals(0, run(down(id, state)), out + "\n" + err);
    assertTrue(out.toString().contains("nothing tagged with it is left"), out.toString());
    MotoLabChecks.assertNothingTagged(ec2, id);
  }

  /** {@code down LAB --yes}; {@code --yes} only where down has it (it may ask for confirmation). */
  private static String[] down(String id, String state) {
    List<String> args = new ArrayList<>(List.of("down", id, "--state-dir", state));
    if (NestLabCli.commandLine().getSubcommands().get("down").getCommandSpec().findOption("--yes")
        != null) {
      args.add("--yes");
    }
    return args.toArray(String[]::new);
  }
}
