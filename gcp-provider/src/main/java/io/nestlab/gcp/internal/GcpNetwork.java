package io.nestlab.gcp.internal;

import com.google.cloud.compute.v1.Allowed;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.InsertFirewallRequest;
import com.google.cloud.compute.v1.InsertNetworkRequest;
import com.google.cloud.compute.v1.InsertSubnetworkRequest;
import com.google.cloud.compute.v1.Network;
import com.google.cloud.compute.v1.Subnetwork;
import io.nestlab.InvalidSpecException;
import io.nestlab.PartialFailureException;
import io.nestlab.Problem;
import io.nestlab.gcp.internal.GcpResourceId.Scope;
import io.nestlab.spi.IngressCidrs;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A lab's network: a custom-mode VPC network and one subnetwork (or the ones the settings name),
 * and an ingress firewall rule for the allowed addresses only. Networks, subnetworks and firewall
 * rules take no labels, so their labels are written into the description ({@link
 * DescriptionLabels}).
 */
public final class GcpNetwork {
  /** The ids of the {@link NetworkRef} this class returns. */
  public static final String NETWORK = "network";

  public static final String SUBNETWORK = "subnetwork";
  public static final String FIREWALL = "firewall";
  public static final String TARGET_TAG = "targetTag";
  public static final String OWNED = "owned";

  private final GcpSettings settings;
  private final ComputeApi api;
  private final GcpCalls calls;
  private final String project;

  public GcpNetwork(GcpSettings settings, ComputeApi api, GcpCalls calls) {
    this.settings = settings;
    this.api = api;
    this.calls = calls;
    this.project = settings.project();
  }

  public NetworkRef ensure(NetworkRequest request) {
    String region = settings.regionFor(request.region());
    List<String> cidrs = ingressCidrs(request);
    Map<String, String> labels = new TreeMap<>(request.tags());
    labels.put(Names.REGION_LABEL, region);
    List<String> created = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    try {
      String name = settings.network() != null ? settings.network() : Names.lab(request.labId());
      String subnet = settings.network() != null ? settings.subnetwork() : name;
      GcpResourceId network = GcpResourceId.global("networks", name);
      GcpResourceId subnetwork = GcpResourceId.regional(region, "subnetworks", subnet);
      if (settings.network() != null) {
        api.call("read network " + name, () -> api.networks().get(project, name));
        ids.put(OWNED, "false");
      } else {
        ensureNetwork(network, labels, created);
        ensureSubnetwork(subnetwork, network, labels, created);
        ids.put(OWNED, "true");
      }
      String tag = Names.targetTag(request.labId());
      GcpResourceId firewall = GcpResourceId.global("firewalls", Names.firewall(request.labId()));
      ensureFirewall(firewall, network, tag, cidrs, labels, created);
      ids.put(NETWORK, network.path(project));
      ids.put(SUBNETWORK, subnetwork.path(project));
      ids.put(FIREWALL, firewall.path(project));
      ids.put(TARGET_TAG, tag);
      return new NetworkRef(GcpErrors.PROVIDER, region, ids);
    } catch (RuntimeException e) {
      if (created.isEmpty()) {
        throw e;
      }
      throw new PartialFailureException(
          "creating the network of lab " + request.labId() + " failed: " + e.getMessage(),
          created,
          e);
    }
  }

  private void ensureNetwork(GcpResourceId id, Map<String, String> labels, List<String> created) {
    String name = id.name();
    if (api.getOrNull("read network " + name, () -> api.networks().get(project, name)) != null) {
      return;
    }
    Network body =
        Network.newBuilder()
            .setName(name)
            .setAutoCreateSubnetworks(false)
            .setDescription(DescriptionLabels.encode("NestLab lab network", labels))
            .build();
    calls.insert(
        "create network " + name,
        rid ->
            api.networks()
                .insertCallable()
                .call(
                    calls
                        .in(InsertNetworkRequest.newBuilder(), Scope.GLOBAL, null, rid)
                        .setNetworkResource(body)
                        .build()));
    created.add("network " + name);
  }

  private void ensureSubnetwork(
      GcpResourceId id, GcpResourceId network, Map<String, String> labels, List<String> created) {
    String name = id.name();
    String region = id.region();
    if (api.getOrNull("read subnetwork " + name, () -> api.subnetworks().get(project, region, name))
        != null) {
      return;
    }
    Subnetwork body =
        Subnetwork.newBuilder()
            .setName(name)
            .setNetwork(network.path(project))
            .setIpCidrRange(settings.subnetCidr())
            .setRegion(region)
            .setPrivateIpGoogleAccess(true)
            .setDescription(DescriptionLabels.encode("NestLab lab subnetwork", labels))
            .build();
    calls.insert(
        "create subnetwork " + name,
        rid ->
            api.subnetworks()
                .insertCallable()
                .call(
                    calls
                        .in(InsertSubnetworkRequest.newBuilder(), Scope.REGION, region, rid)
                        .setSubnetworkResource(body)
                        .build()));
    created.add("subnetwork " + name);
  }

  private void ensureFirewall(
      GcpResourceId id,
      GcpResourceId network,
      String tag,
      List<String> cidrs,
      Map<String, String> labels,
      List<String> created) {
    String name = id.name();
    if (api.getOrNull("read firewall " + name, () -> api.firewalls().get(project, name)) != null) {
      return;
    }
    Firewall body =
        Firewall.newBuilder()
            .setName(name)
            .setNetwork(network.path(project))
            .setDirection("INGRESS")
            .setPriority(1000)
            .addAllSourceRanges(cidrs)
            .addTargetTags(tag)
            .addAllowed(
                Allowed.newBuilder()
                    .setIPProtocol("tcp")
                    .addAllPorts(settings.ingressPorts().stream().map(String::valueOf).toList()))
            .addAllowed(Allowed.newBuilder().setIPProtocol("icmp"))
            .setDescription(
                DescriptionLabels.encode("NestLab lab ingress (allowed addresses only)", labels))
            .build();
    calls.insert(
        "create firewall rule " + name,
        rid ->
            api.firewalls()
                .insertCallable()
                .call(
                    calls
                        .in(InsertFirewallRequest.newBuilder(), Scope.GLOBAL, null, rid)
                        .setFirewallResource(body)
                        .build()));
    created.add("firewall " + name);
  }

  /** The allowed ingress ranges: the request's, else the settings', else the caller's /32. */
  private List<String> ingressCidrs(NetworkRequest request) {
    List<String> given =
        !request.allowedIngressCidrs().isEmpty()
            ? request.allowedIngressCidrs()
            : settings.allowedCidrs();
    List<String> problems = new ArrayList<>();
    List<String> out =
        IngressCidrs.ingress(
            given, settings.allowOpenIngress(), GcpSettings.OPEN_INGRESS_OPT_IN, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(
          "gcp network", problems.stream().map(m -> Problem.of("allowedIngressCidrs", m)).toList());
    }
    if (out.isEmpty()) {
      out.add(callerAddress() + "/32");
    }
    return out;
  }

  /**
   * The caller's address. With an endpoint override (a test server), the local address that reaches
   * it; otherwise the public address an echo service reports.
   */
  private String callerAddress() {
    if (settings.endpoint() != null) {
      try (DatagramSocket s = new DatagramSocket()) {
        s.connect(
            new InetSocketAddress(
                InetAddress.getByName(settings.endpoint().getHost()),
                Math.max(1, settings.endpoint().getPort())));
        String a = s.getLocalAddress().getHostAddress();
        if (!a.contains(":") && !a.equals("0.0.0.0")) {
          return a;
        }
      } catch (IOException e) {
        // fall through to the echo service
      }
    }
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(settings.ipEchoUrl()).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      String ip = r.body().trim();
      IngressCidrs.normalise(ip);
      return ip;
    } catch (IOException | IllegalArgumentException e) {
      throw noCallerAddress(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw noCallerAddress(e);
    }
  }

  private InvalidSpecException noCallerAddress(Exception cause) {
    InvalidSpecException e =
        new InvalidSpecException(
            "gcp network",
            List.of(
                Problem.of(
                    "allowed-cidrs",
                    "could not learn your public address from "
                        + settings.ipEchoUrl()
                        + " ("
                        + cause.getMessage()
                        + "); pass --provider-opt allowed-cidrs=<your address>/32")));
    e.initCause(cause);
    return e;
  }
}
