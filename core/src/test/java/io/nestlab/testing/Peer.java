package io.nestlab.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A program from outside Maven that some tests run against, with where it comes from. Tests ask for
 * one through {@link Peers#require(Peer)}; a machine that has only a JDK skips those tests and the
 * build names what is missing.
 */
public enum Peer {
  OPENSSH_SERVER("sshd", "Debian's openssh-server", () -> executable("/usr/sbin/sshd")),
  OPENSSH_CLIENT("ssh-keygen", "Debian's openssh-client", () -> onPath("ssh-keygen")),
  CLOUD_INIT("cloud-init", "Debian's cloud-init", () -> onPath("cloud-init")),
  VIRT_XML_VALIDATE(
      "virt-xml-validate", "Debian's libvirt-clients", () -> onPath("virt-xml-validate")),
  XMLLINT("xmllint", "Debian's libxml2-utils", () -> onPath("xmllint")),
  SHELLCHECK("shellcheck", "Debian's shellcheck", () -> onPath("shellcheck")),
  CURL("curl", "Debian's curl", () -> onPath("curl")),
  PYTHON3("python3", "Debian's python3", () -> onPath("python3")),
  PYVMOMI(
      "pyVmomi (for /usr/bin/python3)",
      "Debian's python3-pyvmomi",
      () ->
          executable("/usr/bin/python3") && exitsZero("/usr/bin/python3", "-c", "import pyVmomi")),
  PYTHON3_JSONSCHEMA(
      "jsonschema (for /usr/bin/python3)",
      "Debian's python3-jsonschema",
      () ->
          executable("/usr/bin/python3")
              && exitsZero("/usr/bin/python3", "-c", "import jsonschema")),
  QEMU_IMG(
      "qemu-img and qemu-io", "Debian's qemu-utils", () -> onPath("qemu-img") && onPath("qemu-io")),
  GO("go", "Debian's golang-go", () -> onPath("go")),
  GOVMOMI_SOURCE(
      "govmomi's source (vSphere simulator)",
      "Debian's golang-github-vmware-govmomi-dev",
      () ->
          Files.isDirectory(Path.of("/usr/share/gocode/src/github.com/vmware/govmomi/simulator"))),
  SHARED_DATA(
      "the shared data folder (public price tables)",
      "the project's shared/ folder beside the clone (CI lays it there; -Dnestlab.shared.dir=DIR)",
      () -> {
        String dir = System.getProperty("nestlab.shared.dir");
        return dir != null && Files.isDirectory(Path.of(dir, "data", "aws"));
      }),
  POSTGRESQL(
      "initdb and pg_ctl (PostgreSQL 15)",
      "Debian's postgresql-15",
      () ->
          executable(PostgresServer.BIN + "/initdb")
              && executable(PostgresServer.BIN + "/pg_ctl")
              && executable(PostgresServer.BIN + "/postgres")),
  MOTO_SERVER(
      "moto_server",
      "moto 5.2.1 from PyPI (pip install 'moto[server]==5.2.1')",
      () -> onPath("moto_server")),
  BOTO3(
      "boto3 (for python3)",
      "boto3 from PyPI (it comes with moto)",
      () -> onPath("python3") && exitsZero("python3", "-c", "import boto3")),
  GCLOUD("gcloud", "the Google Cloud CLI (gcloud)", () -> onPath("gcloud"));

  private final String program;
  private final String source;
  private final BooleanSupplier check;

  Peer(String program, String source, BooleanSupplier check) {
    this.program = program;
    this.source = source;
    this.check = check;
  }

  /** The program as a user knows it, for example {@code sshd}. */
  public String program() {
    return program;
  }

  /** What provides it, for example {@code Debian's openssh-server}. */
  public String source() {
    return source;
  }

  boolean presentOnThisMachine() {
    return check.getAsBoolean();
  }

  static boolean executable(String path) {
    return Files.isRegularFile(Path.of(path)) && Files.isExecutable(Path.of(path));
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && executable(Path.of(dir, program).toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean exitsZero(String... command) {
    try {
      Process p =
          new ProcessBuilder(List.of(command))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      // A hung interpreter is a broken peer, not a slow one: give up and call it missing.
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
