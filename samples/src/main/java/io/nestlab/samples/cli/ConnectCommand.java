package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.access.LabEndpoints;
import io.nestlab.access.PortForward;
import io.nestlab.access.SshConnection;
import io.nestlab.access.Tunnel;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nestlab connect LAB}: a SOCKS proxy and port forwards into the lab, until Ctrl+C. */
@Command(
    name = "connect",
    description = {
      "Open a tunnel into the lab through its L1 host and print what to open.",
      "The tunnel is a SOCKS proxy (names resolve inside the lab) and/or port forwards.",
      "Without --socks or --forward: a SOCKS proxy on port 1080, plus vCenter's HTTPS on 8443.",
      "Runs until Ctrl+C (or --for DURATION)."
    })
final class ConnectCommand implements Callable<Integer> {
  static final int DEFAULT_SOCKS_PORT = 1080;
  static final int DEFAULT_VCENTER_PORT = 8443;

  @Spec CommandSpec spec;

  @Mixin LabAccessOptions access;

  @Option(
      names = "--socks",
      paramLabel = "PORT",
      description = "Open a SOCKS5 proxy on this local port (0: any free port).")
  Integer socks;

  @Option(
      names = "--forward",
      paramLabel = "LOCAL:HOST:PORT",
      description = "Forward a local port to HOST:PORT inside the lab; repeatable.")
  List<String> forwards = new ArrayList<>();

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "The local address to listen on (default: ${DEFAULT-VALUE}).")
  String bind = PortForward.LOOPBACK;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description = "Close the tunnel after this long instead of waiting for Ctrl+C.",
      converter = DurationConverter.class)
  Duration duration;

  @Override
  public Integer call() throws InterruptedException {
    List<PortForward> wanted = new ArrayList<>();
    for (String f : forwards) {
      try {
        wanted.add(PortForward.parse(f, bind));
      } catch (IllegalArgumentException e) {
        throw new NestLabException("--forward: " + e.getMessage(), e);
      }
    }
    AccessTarget target = access.resolve();
    LabEndpoints endpoints = target.endpoints();
    if (socks == null && wanted.isEmpty()) {
      socks = DEFAULT_SOCKS_PORT;
      if (endpoints != null && endpoints.vcenterFqdn() != null) {
        wanted.add(new PortForward(bind, DEFAULT_VCENTER_PORT, endpoints.vcenterFqdn(), 443));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    try (SshConnection ssh = target.connect(access.timeout)) {
      out.println(
          "Connected to lab "
              + target.lab()
              + " through "
              + target.ssh().hostPort()
              + " (host key "
              + ssh.hostKeyFingerprint()
              + " matches its console).");
      if (socks != null) {
        Tunnel t = ssh.socks(bind, socks);
        out.println("SOCKS5 proxy:  " + hostPort(t) + "  (names resolve inside the lab)");
        out.println(
            "  for example:  chromium --proxy-server=\"socks5://"
                + hostPort(t)
                + "\"   or   curl -k --socks5-hostname "
                + hostPort(t)
                + " https://...");
        if (endpoints != null) {
          endpoints.vcenterUrl().ifPresent(u -> out.println("vCenter:       " + u));
          for (var u : endpoints.esxiUrls()) {
            out.println("ESXi:          " + u);
          }
        }
      }
      for (PortForward f : wanted) {
        Tunnel t = ssh.forward(f);
        out.println("Forward:       " + t.describe());
        if (endpoints != null
            && f.remoteHost().equals(endpoints.vcenterFqdn())
            && f.remotePort() == 443) {
          out.println(
              "vCenter:       https://"
                  + hostPort(t)
                  + "/ui  (the certificate names "
                  + endpoints.vcenterFqdn()
                  + ")");
        }
      }
      out.println(
          duration == null
              ? "Press Ctrl+C to close the tunnel."
              : "The tunnel closes in " + duration.toSeconds() + " s.");
      out.flush();
      Thread hook = new Thread(stop::countDown, "nestlab-connect-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (ssh.isOpen() && System.nanoTime() < end) {
          if (stop.await(500, TimeUnit.MILLISECONDS)) {
            break;
          }
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl+C: the JVM is exiting and the connection closes below
        }
      }
      if (!ssh.isOpen()) {
        spec.commandLine()
            .getErr()
            .println("nestlab: the SSH connection to " + target.ssh().hostPort() + " was lost");
        return ExitCode.PROVIDER;
      }
    }
    out.println("Tunnel closed.");
    return ExitCode.OK;
  }

  private static String hostPort(Tunnel t) {
    return t.localAddress().getHostString() + ":" + t.localAddress().getPort();
  }
}
