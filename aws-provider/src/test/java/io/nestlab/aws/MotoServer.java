package io.nestlab.aws;

import io.nestlab.testing.Peer;
import io.nestlab.testing.Peers;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A real {@code moto_server} on a free loopback port, started from the test and stopped after it.
 * Its image list is the test fixture {@code moto-amis.json} (current Debian 12 images of the Debian
 * cloud team's account, the L1 host's image, and two Ubuntu images that some tests launch by id),
 * given through moto's {@code MOTO_AMIS_PATH}.
 */
public final class MotoServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Temp files deleted on close; the log is kept, it explains moto's HTTP 500s. */
  private final List<Path> scratch;

  private MotoServer(Process process, int port, List<Path> scratch) {
    this.process = process;
    this.port = port;
    this.scratch = scratch;
  }

  /** Starts moto_server on a free loopback port and waits until it answers. */
  public static MotoServer start() throws IOException, InterruptedException {
    return start(true);
  }

  /**
   * Starts moto_server, with the Ubuntu image fixture or with moto's own images only. moto 5.2.1
   * parses a {@code MOTO_AMIS_PATH} list in place when it makes a region's EC2 backend, so with the
   * fixture only one region (and no second reset) works: tests of other regions go without it.
   */
  public static MotoServer start(boolean ubuntuImages) throws IOException, InterruptedException {
    Peers.require(Peer.MOTO_SERVER);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path amis = Files.createTempFile("moto-amis", ".json");
    try (var in = MotoServer.class.getResourceAsStream("/moto-amis.json")) {
      Files.write(amis, in.readAllBytes());
    }
    Path log = Files.createTempFile("moto", ".log");
    ProcessBuilder pb =
        new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    if (ubuntuImages) {
      pb.environment().put("MOTO_AMIS_PATH", amis.toString());
    }
    Process p = pb.start();
    MotoServer server = new MotoServer(p, port, List.of(amis));
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      try {
        var r =
            server.http.send(
                HttpRequest.newBuilder(server.uri().resolve("/moto-api/data.json"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return server;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!p.isAlive() || Instant.now().isAfter(deadline)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "moto_server did not start on port " + port + ": " + Files.readString(log));
      }
      Thread.sleep(200);
    }
  }

  /** The server's base URL, for the provider's {@code endpoint} setting. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A plain EC2 client of this server, to look at what a test made as a user would. */
  public Ec2Client ec2Client() {
    return Ec2Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(uri())
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .build();
  }

  public void reset() throws IOException, InterruptedException {
    var r =
        http.send(
            HttpRequest.newBuilder(uri().resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("moto reset answered " + r.statusCode());
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (Path f : scratch) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // a leftover temp file harms nothing
      }
    }
  }
}
