package io.nestlab.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 15 (Debian's postgresql-15) started for tests: a fresh cluster in a temporary
 * directory, on a free loopback port, with its socket in that directory and trust authentication
 * for loopback only. initdb refuses to run as root, so as root the cluster belongs to {@code
 * nobody} and its programs run through {@code setpriv}. No Docker. Call {@link
 * Peers#require(Peer...)} with {@link Peer#POSTGRESQL} first.
 */
public final class PostgresServer implements AutoCloseable {
  /** Where Debian installs PostgreSQL 15's server programs. */
  public static final String BIN = "/usr/lib/postgresql/15/bin";

  private static final String USER = "nestlab";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path home;
  private final Path data;
  private final int port;
  private final boolean asNobody;

  private PostgresServer(Path home, int port, boolean asNobody) {
    this.home = home;
    this.data = home.resolve("data");
    this.port = port;
    this.asNobody = asNobody;
  }

  /**
   * Creates a cluster and starts it; waits (bounded, by pg_ctl -w -t) until it takes connections.
   */
  public static PostgresServer start() throws IOException, InterruptedException {
    Peers.require(Peer.POSTGRESQL);
    boolean root =
        "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
    Path home = Files.createTempDirectory("nestlab-pg-");
    // nobody must reach its data directory through this one.
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    PostgresServer s = new PostgresServer(home, freePort(), root);
    try {
      Files.createDirectory(s.data);
      Files.setPosixFilePermissions(s.data, PosixFilePermissions.fromString("rwx------"));
      Path sock = home.resolve("sock");
      Files.createDirectory(sock);
      if (root) {
        s.run("chown", "nobody:nogroup", s.data.toString(), sock.toString(), home.toString());
      }
      s.runAs(
          BIN + "/initdb",
          "-D",
          s.data.toString(),
          "-U",
          USER,
          "--auth=trust",
          "--encoding=UTF8",
          "--locale=C",
          "--no-sync");
      s.runAs(
          BIN + "/pg_ctl",
          "-D",
          s.data.toString(),
          "-l",
          home.resolve("server.log").toString(),
          "-w",
          "-t",
          "120",
          "-o",
          "-p "
              + s.port
              + " -k "
              + sock
              + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
              + " -c full_page_writes=off -c max_connections=200",
          "start");
      return s;
    } catch (IOException | InterruptedException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The loopback port it listens on. */
  public int port() {
    return port;
  }

  /** A new, empty database, as a {@code postgresql://} address for NestLab. */
  public String newDatabase() {
    String name = "nestlab_t" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbc("postgres"), USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  /** The address of database {@code name}. */
  public String url(String name) {
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + name;
  }

  /** A JDBC URL of database {@code name}, for tests that look at the tables themselves. */
  public String jdbc(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  /** The superuser the cluster was made with (trust on loopback: no password). */
  public String user() {
    return USER;
  }

  /** Stops the server ({@code fast}: open sessions are cut) and deletes the cluster. */
  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        runAs(BIN + "/pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
      }
    } catch (IOException | RuntimeException e) {
      // deleting below is still worth it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> walk = Files.walk(home)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp dir left behind
    }
  }

  /** Stops and starts the server again on the same port (open connections break). */
  public void restart() throws IOException, InterruptedException {
    runAs(BIN + "/pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "120", "restart");
  }

  private void runAs(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asNobody) {
      cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    cmd.addAll(List.of(command));
    run(cmd.toArray(String[]::new));
  }

  private void run(String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(home, "cmd", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in 180 s");
    }
    if (p.exitValue() != 0) {
      String log = Files.readString(out, StandardCharsets.UTF_8);
      Path server = home.resolve("server.log");
      if (Files.exists(server)) {
        log += "\nserver.log:\n" + Files.readString(server, StandardCharsets.UTF_8);
      }
      throw new IOException(
          String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + log);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
