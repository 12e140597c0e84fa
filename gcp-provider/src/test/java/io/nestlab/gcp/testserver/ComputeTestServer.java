package io.nestlab.gcp.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful Compute Engine v1 server on loopback, speaking the REST JSON the {@code
 * google-cloud-compute} HTTP/JSON clients send. Point a client at {@link #endpoint()} with {@code
 * NoCredentialsProvider}.
 *
 * <p>What it models: projects, regions (zones, CPU quotas with live usage), machine types
 * (standard, custom and metal shapes synthesised from their names), public image families,
 * networks, subnetworks, firewalls, instances (with their disks), disks, machine images and
 * operations that go PENDING, RUNNING, DONE on successive polls. Every mutation honours {@code
 * requestId}: a repeat returns the first operation and changes nothing. Referential integrity is
 * enforced as Compute Engine does (a network in use cannot be deleted).
 *
 * <p>Every {@code instances.insert} body is validated against the gcloud v1 JSON Schemas; network,
 * subnetwork and firewall bodies are checked by hand. A violation answers 400 and is kept in {@link
 * #violations()}, so a test fails on it even if the caller swallowed the error.
 *
 * <p>Injectable faults: exhausted zones, quota limits, the organisation policy {@code
 * constraints/compute.disableNestedVirtualization}, 429s, and denied permissions.
 */
public final class ComputeTestServer implements AutoCloseable {
  static final String SELF = "https://www.googleapis.com/compute/v1/";
  private static final String PREFIX = "/compute/v1/";
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern CIDR =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  private static final Pattern MACHINE_TYPE =
      Pattern.compile(
          "(?<series>[a-z][a-z0-9]*)-(?:(?<kind>standard|highmem|highcpu)-(?<cpus>\\d+)(?<metal>-metal)?"
              + "|custom-(?<ccpus>\\d+)-(?<cmem>\\d+))|custom-(?<n1cpus>\\d+)-(?<n1mem>\\d+)");

  private final ObjectMapper json = new ObjectMapper();
  private final SchemaValidator schemas;

  /**
   * The schemas generated from gcloud's Compute v1 message classes (compute-v1-messages): snapshot,
   * disk and instance bodies are checked against them field by field (docs/design/0136).
   */
  private final SchemaValidator messages = SchemaValidator.fromMessageClasses();

  private final Map<String, ObjectNode> snapshots = new TreeMap<>();
  private final HttpServer http;
  private final ExecutorService executor;
  private final AtomicLong ids = new AtomicLong(1_000_000);

  private final Set<String> projects = new LinkedHashSet<>(List.of("p1"));
  private final Map<String, ObjectNode> instances =
      new TreeMap<>(); // projects/p/zones/z/instances/n
  private final Map<String, ObjectNode> disks = new TreeMap<>();
  private final Map<String, ObjectNode> networks = new TreeMap<>();
  private final Map<String, ObjectNode> subnetworks = new TreeMap<>();
  private final Map<String, ObjectNode> firewalls = new TreeMap<>();
  private final Map<String, ObjectNode> machineImages = new TreeMap<>();
  private final Map<String, Op> operations = new HashMap<>();
  private final Map<String, Op> byRequestId = new HashMap<>();
  private final Map<String, StringBuilder> consoles = new HashMap<>();

  private final Set<String> exhaustedZones = new LinkedHashSet<>();
  private final Map<String, Double> quotaLimits = new HashMap<>();
  private final Map<String, Set<String>> machineTypeZones = new HashMap<>();
  private final Set<String> deniedPermissions = new LinkedHashSet<>();
  private final AtomicInteger throttleNext = new AtomicInteger();
  private volatile boolean nestedVirtualizationForbidden;

  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> permissionsUsed = Collections.synchronizedSet(new LinkedHashSet<>());
  private final List<String> requestLog = Collections.synchronizedList(new ArrayList<>());

  static {
    // Headers and body leave in separate writes; without TCP_NODELAY every answer waits for the
    // client's delayed ACK (about 40 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private ComputeTestServer(SchemaValidator schemas, int port) throws IOException {
    this.schemas = schemas;
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    this.executor = Executors.newFixedThreadPool(4, r -> daemon(r));
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "compute-test-server");
    t.setDaemon(true);
    return t;
  }

  /** Starts a server on a free loopback port, validating against the shared schemas. */
  public static ComputeTestServer start() {
    return start(0);
  }

  public static ComputeTestServer start(int port) {
    try {
      return new ComputeTestServer(SchemaValidator.fromSharedDir(), port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the Compute test server", e);
    }
  }

  /** Runs the server until killed: {@code ComputeTestServer [port]}. Prints its endpoint. */
  public static void main(String[] args) throws InterruptedException {
    ComputeTestServer s = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    System.out.println("Compute Engine test server: " + s.endpoint() + "  (project p1)");
    System.out.println("State: GET " + s.endpoint() + "/_testserver/state");
    System.out.flush();
    Thread.currentThread().join();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  // ---- fault injection and inspection --------------------------------------------------------

  public synchronized void addProject(String project) {
    projects.add(project);
  }

  /** Clears every injected fault (zones, quotas, offers, policy, throttling, denials). */
  public synchronized void resetFaults() {
    exhaustedZones.clear();
    quotaLimits.clear();
    machineTypeZones.clear();
    deniedPermissions.clear();
    throttleNext.set(0);
    nestedVirtualizationForbidden = false;
  }

  /** Inserts into this zone fail with ZONE_RESOURCE_POOL_EXHAUSTED until {@link #restoreZone}. */
  public synchronized void exhaustZone(String zone) {
    exhaustedZones.add(zone);
  }

  public synchronized void restoreZone(String zone) {
    exhaustedZones.remove(zone);
  }

  /** Sets a regional quota limit, for example {@code ("us-central1", "N2_CPUS", 8)}. */
  public synchronized void setQuota(String region, String metric, double limit) {
    quotaLimits.put(region + "/" + metric, limit);
  }

  /** Restricts a machine type to these zones (default: every zone). */
  public synchronized void offerMachineTypeOnlyIn(String type, String... zones) {
    machineTypeZones.put(type, Set.of(zones));
  }

  /** Models the organisation policy constraints/compute.disableNestedVirtualization. */
  public void forbidNestedVirtualization(boolean forbidden) {
    nestedVirtualizationForbidden = forbidden;
  }

  /** The next {@code n} requests are answered 429 Too Many Requests. */
  public void throttleNext(int n) {
    throttleNext.set(n);
  }

  /** Calls needing this IAM permission answer 403. */
  public synchronized void denyPermission(String permission) {
    deniedPermissions.add(permission);
  }

  /** Appends text to an instance's serial port 1. */
  public synchronized void appendConsole(String project, String zone, String name, String text) {
    consoles
        .computeIfAbsent(
            "projects/" + project + "/zones/" + zone + "/instances/" + name,
            k -> new StringBuilder())
        .append(text);
  }

  /** Schema and hand-check violations seen so far. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** IAM permissions the served calls needed (for docs/providers/gcp.md). */
  public Set<String> permissionsUsed() {
    return Set.copyOf(permissionsUsed);
  }

  /** "METHOD path" of every request, in order. */
  public List<String> requestLog() {
    return List.copyOf(requestLog);
  }

  /**
   * Every stored resource that carries the nestlab-lab label (or, for label-less kinds, names it in
   * its description).
   */
  public synchronized List<String> labelledResources() {
    List<String> out = new ArrayList<>();
    for (Map<String, ObjectNode> m :
        List.of(instances, disks, machineImages, snapshots, firewalls, subnetworks, networks)) {
      for (Map.Entry<String, ObjectNode> e : m.entrySet()) {
        if (e.getValue().path("labels").has("nestlab-lab")
            || e.getValue().path("description").asText().contains("nestlab-lab=")) {
          out.add(e.getKey());
        }
      }
    }
    return out;
  }

  public synchronized List<ObjectNode> instances() {
    return instances.values().stream().map(ObjectNode::deepCopy).toList();
  }

  public synchronized List<ObjectNode> firewalls() {
    return firewalls.values().stream().map(ObjectNode::deepCopy).toList();
  }

  public synchronized List<ObjectNode> networks() {
    return networks.values().stream().map(ObjectNode::deepCopy).toList();
  }

  public synchronized List<ObjectNode> subnetworks() {
    return subnetworks.values().stream().map(ObjectNode::deepCopy).toList();
  }

  public synchronized List<ObjectNode> machineImages() {
    return machineImages.values().stream().map(ObjectNode::deepCopy).toList();
  }

  public synchronized List<ObjectNode> snapshots() {
    return snapshots.values().stream().map(ObjectNode::deepCopy).toList();
  }

  public synchronized List<ObjectNode> disks() {
    return disks.values().stream().map(ObjectNode::deepCopy).toList();
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private record Request(
      String method, List<String> path, Map<String, String> query, JsonNode body) {
    String q(String key) {
      return query.get(key);
    }
  }

  /** An answer: HTTP status and JSON body. */
  private record Answer(int status, JsonNode body) {}

  /** A failure raised while serving, answered as a Compute error body. */
  private static final class Fault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String reason;

    Fault(int status, String reason, String message) {
      super(message, null, false, false);
      this.status = status;
      this.reason = reason;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    Answer a;
    try (InputStream in = ex.getRequestBody()) {
      byte[] raw = in.readAllBytes();
      String rawPath = ex.getRequestURI().getRawPath();
      requestLog.add(ex.getRequestMethod() + " " + rawPath);
      if (rawPath.startsWith("/_testserver/state")) {
        a = new Answer(200, stateJson());
      } else if (!rawPath.startsWith(PREFIX)) {
        a = error(new Fault(404, "notFound", "no such API path " + rawPath));
      } else if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        a = error(new Fault(429, "rateLimitExceeded", "Rate Limit Exceeded"));
      } else {
        List<String> path = new ArrayList<>();
        for (String seg : rawPath.substring(PREFIX.length()).split("/")) {
          path.add(URLDecoder.decode(seg, StandardCharsets.UTF_8));
        }
        JsonNode body = raw.length == 0 ? json.createObjectNode() : parseBody(raw);
        Request r = new Request(ex.getRequestMethod(), path, query(ex), body);
        a = route(r);
      }
    } catch (Fault f) {
      a = error(f);
    } catch (RuntimeException e) {
      a = error(new Fault(500, "backendError", "test server bug: " + e));
    }
    byte[] out = json.writeValueAsBytes(a.body());
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(a.status(), out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  private JsonNode parseBody(byte[] raw) {
    try {
      return json.readTree(raw);
    } catch (IOException e) {
      throw new Fault(400, "parseError", "Invalid JSON payload received. " + e.getMessage());
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        q.put(k, v);
      }
    }
    return q;
  }

  private Answer error(Fault f) {
    ObjectNode e = json.createObjectNode();
    ObjectNode inner = e.putObject("error");
    inner.put("code", f.status);
    inner.put("message", f.getMessage());
    ObjectNode item = inner.putArray("errors").addObject();
    item.put("message", f.getMessage());
    item.put("domain", f.status == 429 ? "usageLimits" : "global");
    item.put("reason", f.reason);
    return new Answer(f.status, e);
  }

  private synchronized Answer route(Request r) {
    List<String> p = r.path();
    if (p.size() < 2 || !p.get(0).equals("projects")) {
      throw new Fault(404, "notFound", "no such API path " + String.join("/", p));
    }
    String project = p.get(1);
    List<String> rest = p.subList(2, p.size());
    String m = r.method();
    // Public image families live in other projects (ubuntu-os-cloud, debian-cloud).
    if (matches(rest, "global", "images", "family", "*") && m.equals("GET")) {
      need("compute.images.getFromFamily");
      return ok(imageFromFamily(project, rest.get(3)));
    }
    if (!projects.contains(project)) {
      need("compute.projects.get");
      throw new Fault(404, "notFound", "The resource 'projects/" + project + "' was not found");
    }
    if (rest.isEmpty() && m.equals("GET")) {
      need("compute.projects.get");
      ObjectNode pr = json.createObjectNode();
      pr.put("kind", "compute#project");
      pr.put("name", project);
      pr.put("id", String.valueOf(project.hashCode() & 0x7fffffff));
      pr.put("selfLink", SELF + "projects/" + project);
      return ok(pr);
    }
    String head = rest.isEmpty() ? "" : rest.get(0);
    Answer polled = pollOperation(project, r, rest);
    if (polled != null) {
      return polled;
    }
    switch (head) {
      case "regions":
        return regions(project, r, rest);
      case "zones":
        return zones(project, r, rest);
      case "global":
        return global(project, r, rest);
      case "aggregated":
        return aggregated(project, r, rest);
      default:
        throw new Fault(404, "notFound", "no such API path " + String.join("/", p));
    }
  }

  private static boolean matches(List<String> path, String... pattern) {
    if (path.size() != pattern.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!pattern[i].equals("*") && !pattern[i].equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  private void need(String permission) {
    permissionsUsed.add(permission);
    if (deniedPermissions.contains(permission)) {
      throw new Fault(
          403, "forbidden", "Required '" + permission + "' permission for the requested resource");
    }
  }

  private static Answer ok(JsonNode body) {
    return new Answer(200, body);
  }

  // ---- regions and zones -------------------------------------------------------------------

  static List<String> zonesOf(String region) {
    if (region.equals("us-central1")) {
      return List.of(region + "-a", region + "-b", region + "-c", region + "-f");
    }
    return List.of(region + "-a", region + "-b", region + "-c");
  }

  private static String regionOf(String zone) {
    return zone.substring(0, zone.lastIndexOf('-'));
  }

  private Answer regions(String project, Request r, List<String> rest) {
    if (rest.size() < 2) {
      throw new Fault(404, "notFound", "no such API path");
    }
    String region = rest.get(1);
    if (!region.matches("[a-z]+-[a-z]+[0-9]")) {
      throw new Fault(
          404,
          "notFound",
          "The resource 'projects/" + project + "/regions/" + region + "' was not found");
    }
    List<String> tail = rest.subList(2, rest.size());
    String m = r.method();
    if (tail.isEmpty() && m.equals("GET")) {
      need("compute.regions.get");
      return ok(region(project, region));
    }
    if (tail.size() >= 1 && tail.get(0).equals("subnetworks")) {
      return subnetworks(project, region, r, tail);
    }
    throw new Fault(404, "notFound", "no such API path " + String.join("/", rest));
  }

  private ObjectNode region(String project, String region) {
    ObjectNode o = json.createObjectNode();
    o.put("kind", "compute#region");
    o.put("name", region);
    o.put("status", "UP");
    o.put("selfLink", SELF + "projects/" + project + "/regions/" + region);
    ArrayNode zs = o.putArray("zones");
    for (String z : zonesOf(region)) {
      zs.add(SELF + "projects/" + project + "/zones/" + z);
    }
    ArrayNode qs = o.putArray("quotas");
    for (String metric :
        List.of(
            "CPUS",
            "N2_CPUS",
            "N2D_CPUS",
            "C2_CPUS",
            "C3_CPUS",
            "C4_CPUS",
            "N4_CPUS",
            "E2_CPUS",
            "PREEMPTIBLE_CPUS",
            "DISKS_TOTAL_GB",
            "SSD_TOTAL_GB",
            "IN_USE_ADDRESSES")) {
      ObjectNode q = qs.addObject();
      q.put("metric", metric);
      q.put("limit", quotaLimits.getOrDefault(region + "/" + metric, defaultLimit(metric)));
      q.put("usage", usage(project, region, metric));
    }
    return o;
  }

  private static double defaultLimit(String metric) {
    return metric.endsWith("_GB") ? 20_480 : metric.equals("IN_USE_ADDRESSES") ? 8 : 400;
  }

  /** The CPU quota metric a machine type counts against. */
  static String cpuMetric(String machineType, boolean spot) {
    if (spot) {
      return "PREEMPTIBLE_CPUS";
    }
    String series = machineType.startsWith("custom-") ? "n1" : machineType.split("-")[0];
    switch (series) {
      case "n1":
        return "CPUS";
      default:
        return series.toUpperCase(Locale.ROOT) + "_CPUS";
    }
  }

  private double usage(String project, String region, String metric) {
    double used = 0;
    for (ObjectNode i : instances.values()) {
      String zone = last(i.path("zone").asText());
      if (!i.path("selfLink").asText().contains("projects/" + project + "/")
          || !regionOf(zone).equals(region)
          || i.path("status").asText().equals("TERMINATED")) {
        continue;
      }
      String type = last(i.path("machineType").asText());
      boolean spot = i.path("scheduling").path("provisioningModel").asText().equals("SPOT");
      if (metric.equals(cpuMetric(type, spot))) {
        used += shape(type)[0];
      }
      if (metric.equals("IN_USE_ADDRESSES")) {
        used += i.path("networkInterfaces").path(0).path("accessConfigs").size();
      }
    }
    return used;
  }

  /** vCPUs and MiB of a machine type, or null when the name is not a machine type. */
  static int[] shape(String type) {
    Matcher mt = MACHINE_TYPE.matcher(type);
    if (!mt.matches()) {
      return null;
    }
    if (mt.group("n1cpus") != null) {
      return new int[] {Integer.parseInt(mt.group("n1cpus")), Integer.parseInt(mt.group("n1mem"))};
    }
    if (mt.group("ccpus") != null) {
      return new int[] {Integer.parseInt(mt.group("ccpus")), Integer.parseInt(mt.group("cmem"))};
    }
    int cpus = Integer.parseInt(mt.group("cpus"));
    String kind = mt.group("kind");
    double perCpuGib =
        kind.equals("highcpu")
            ? (mt.group("series").equals("n1") ? 0.9 : 2)
            : kind.equals("highmem")
                ? (mt.group("series").equals("n1") ? 6.5 : 8)
                : mt.group("series").equals("n1") ? 3.75 : 4;
    return new int[] {cpus, (int) Math.round(cpus * perCpuGib * 1024)};
  }

  private Answer zones(String project, Request r, List<String> rest) {
    if (rest.size() < 3) {
      throw new Fault(404, "notFound", "no such API path");
    }
    String zone = rest.get(1);
    if (!zone.matches("[a-z]+-[a-z]+[0-9]-[a-z]") || !zonesOf(regionOf(zone)).contains(zone)) {
      throw new Fault(
          404,
          "notFound",
          "The resource 'projects/" + project + "/zones/" + zone + "' was not found");
    }
    List<String> tail = rest.subList(2, rest.size());
    String m = r.method();
    if (matches(tail, "machineTypes", "*") && m.equals("GET")) {
      need("compute.machineTypes.get");
      return ok(machineType(project, zone, tail.get(1)));
    }
    if (tail.get(0).equals("instances")) {
      return instances(project, zone, r, tail);
    }
    if (tail.get(0).equals("disks")) {
      return disks(project, zone, r, tail);
    }
    throw new Fault(404, "notFound", "no such API path " + String.join("/", rest));
  }

  private ObjectNode machineType(String project, String zone, String type) {
    int[] shape = shape(type);
    Set<String> only = machineTypeZones.get(type);
    if (shape == null || only != null && !only.contains(zone)) {
      throw new Fault(
          404,
          "notFound",
          "The resource 'projects/"
              + project
              + "/zones/"
              + zone
              + "/machineTypes/"
              + type
              + "' was not found");
    }
    ObjectNode o = json.createObjectNode();
    o.put("kind", "compute#machineType");
    o.put("name", type);
    o.put("zone", zone);
    o.put("guestCpus", shape[0]);
    o.put("memoryMb", shape[1]);
    o.put("isSharedCpu", false);
    o.put("selfLink", SELF + "projects/" + project + "/zones/" + zone + "/machineTypes/" + type);
    return o;
  }

  private ObjectNode imageFromFamily(String imageProject, String family) {
    Map<String, String> known =
        Map.of(
            "ubuntu-os-cloud/ubuntu-2404-lts-amd64", "ubuntu-2404-noble-amd64-v20261101",
            "ubuntu-os-cloud/ubuntu-2204-lts", "ubuntu-2204-jammy-v20261101",
            "debian-cloud/debian-12", "debian-12-bookworm-v20261105",
            "debian-cloud/debian-13", "debian-13-trixie-v20261105");
    String name = known.get(imageProject + "/" + family);
    if (name == null) {
      throw new Fault(
          404,
          "notFound",
          "The resource 'projects/"
              + imageProject
              + "/global/images/family/"
              + family
              + "' was not found");
    }
    ObjectNode o = json.createObjectNode();
    o.put("kind", "compute#image");
    o.put("name", name);
    o.put("family", family);
    o.put("status", "READY");
    o.put("architecture", "X86_64");
    o.put("diskSizeGb", "10");
    o.put("selfLink", SELF + "projects/" + imageProject + "/global/images/" + name);
    return o;
  }

  // ---- operations --------------------------------------------------------------------------

  /** A long-running operation: PENDING, RUNNING, then DONE (running {@code complete}). */
  private final class Op {
    final ObjectNode body;
    final Supplier<Fault> complete;
    int polls;

    Op(ObjectNode body, Supplier<Fault> complete) {
      this.body = body;
      this.complete = complete;
    }

    void advance() {
      String s = body.path("status").asText();
      if (s.equals("PENDING")) {
        body.put("status", "RUNNING");
        body.put("progress", 50);
      } else if (s.equals("RUNNING")) {
        Fault f = complete.get();
        body.put("status", "DONE");
        body.put("progress", 100);
        body.put("endTime", Instant.now().toString());
        if (f != null) {
          body.put("httpErrorStatusCode", f.status);
          body.put(
              "httpErrorMessage",
              f.status == 403
                  ? "FORBIDDEN"
                  : f.status == 503 ? "SERVICE UNAVAILABLE" : "BAD REQUEST");
          ObjectNode e = body.putObject("error").putArray("errors").addObject();
          e.put("code", f.reason);
          e.put("message", f.getMessage());
        }
      }
    }
  }

  /**
   * Starts an operation, or returns the one an earlier request with the same requestId started
   * (nothing is done again).
   */
  private Answer operation(
      Request r, String scope, String type, String target, Supplier<Fault> complete) {
    String rid = r.q("requestId");
    if (rid != null && !rid.isEmpty()) {
      if (!rid.matches(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
        throw new Fault(
            400, "invalid", "Invalid value for field 'requestId': '" + rid + "'. Must be a UUID");
      }
      Op earlier = byRequestId.get(rid);
      if (earlier != null) {
        return ok(earlier.body.deepCopy());
      }
    }
    String name = "operation-" + ids.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    ObjectNode o = json.createObjectNode();
    o.put("kind", "compute#operation");
    o.put("id", String.valueOf(ids.incrementAndGet()));
    o.put("name", name);
    o.put("operationType", type);
    o.put("targetLink", SELF + target);
    o.put("status", "PENDING");
    o.put("progress", 0);
    o.put("insertTime", Instant.now().toString());
    o.put("selfLink", SELF + scope + "/operations/" + name);
    if (scope.contains("/zones/")) {
      o.put("zone", SELF + scope);
    } else if (scope.contains("/regions/")) {
      o.put("region", SELF + scope);
    }
    Op op = new Op(o, complete);
    operations.put(name, op);
    if (rid != null && !rid.isEmpty()) {
      byRequestId.put(rid, op);
    }
    return ok(o.deepCopy());
  }

  /**
   * GET of a zone, region or global operation (each collection needs its own permission); null for
   * any other request.
   */
  private Answer pollOperation(String project, Request r, List<String> rest) {
    if (!r.method().equals("GET")) {
      return null;
    }
    String permission;
    if (matches(rest, "global", "operations", "*")) {
      permission = "compute.globalOperations.get";
    } else if (matches(rest, "regions", "*", "operations", "*")) {
      permission = "compute.regionOperations.get";
    } else if (matches(rest, "zones", "*", "operations", "*")) {
      permission = "compute.zoneOperations.get";
    } else {
      return null;
    }
    need(permission);
    return ok(poll(rest.get(rest.size() - 1)));
  }

  private ObjectNode poll(String name) {
    Op op = operations.get(name);
    if (op == null) {
      throw new Fault(404, "notFound", "The resource 'operations/" + name + "' was not found");
    }
    op.advance();
    return op.body.deepCopy();
  }

  // ---- global: networks, firewalls, machine images, operations -----------------------------

  private Answer global(String project, Request r, List<String> rest) {
    List<String> tail = rest.subList(1, rest.size());
    String m = r.method();
    if (tail.isEmpty()) {
      throw new Fault(404, "notFound", "no such API path");
    }
    switch (tail.get(0)) {
      case "networks":
        return collection(
            project,
            r,
            tail,
            "global",
            networks,
            "networks",
            "compute#network",
            this::checkNetwork);
      case "firewalls":
        return collection(
            project,
            r,
            tail,
            "global",
            firewalls,
            "firewalls",
            "compute#firewall",
            this::checkFirewall);
      case "machineImages":
        return collection(
            project,
            r,
            tail,
            "global",
            machineImages,
            "machineImages",
            "compute#machineImage",
            this::checkMachineImage);
      case "snapshots":
        return collection(
            project,
            r,
            tail,
            "global",
            snapshots,
            "snapshots",
            "compute#snapshot",
            this::checkSnapshot);
      default:
        throw new Fault(404, "notFound", "no such API path " + String.join("/", rest));
    }
  }

  private Answer subnetworks(String project, String region, Request r, List<String> tail) {
    return collection(
        project,
        r,
        tail,
        "regions/" + region,
        subnetworks,
        "subnetworks",
        "compute#subnetwork",
        this::checkSubnetwork);
  }

  /** Hand-check of a body; returns what to store. */
  private interface BodyCheck {
    void check(String project, String scope, ObjectNode body);
  }

  /**
   * list / get / insert / delete of a simple collection (networks, subnetworks, firewalls, machine
   * images).
   */
  private Answer collection(
      String project,
      Request r,
      List<String> tail,
      String scope,
      Map<String, ObjectNode> store,
      String kind,
      String jsonKind,
      BodyCheck check) {
    String base = "projects/" + project + "/" + scope + "/" + kind;
    String perm = "compute." + kind + ".";
    String m = r.method();
    if (tail.size() == 1 && m.equals("GET")) {
      need(perm + "list");
      ObjectNode list = json.createObjectNode();
      list.put("kind", jsonKind + "List");
      ArrayNode items = list.putArray("items");
      store.forEach(
          (k, v) -> {
            if (k.startsWith(base + "/") && filter(r.q("filter"), v)) {
              items.add(v.deepCopy());
            }
          });
      return ok(list);
    }
    if (tail.size() == 1 && m.equals("POST")) {
      need(perm + "create");
      if (kind.equals("firewalls")) {
        need("compute.networks.updatePolicy");
      }
      if (kind.equals("machineImages")) {
        need("compute.instances.useReadOnly");
      }
      if (!(r.body() instanceof ObjectNode body)) {
        throw violation(kind + ".insert: body is not a JSON object");
      }
      check.check(project, scope, body);
      String name = body.path("name").asText();
      String key = base + "/" + name;
      if (store.containsKey(key) && !byRequestId.containsKey(String.valueOf(r.q("requestId")))) {
        throw new Fault(409, "alreadyExists", "The resource '" + key + "' already exists");
      }
      return operation(
          r,
          "projects/" + project + "/" + scope,
          "insert",
          key,
          () -> {
            ObjectNode stored = body.deepCopy();
            stored.put("kind", jsonKind);
            stored.put("id", String.valueOf(ids.incrementAndGet()));
            stored.put("creationTimestamp", Instant.now().toString());
            stored.put("selfLink", SELF + key);
            if (kind.equals("machineImages")) {
              stored.put("status", "READY");
            }
            if (kind.equals("snapshots")) {
              snapshotMade(project, stored);
            }
            if (kind.equals("subnetworks")) {
              stored.put("region", SELF + "projects/" + project + "/" + scope);
            }
            if (stored.has("network")) {
              // Compute Engine answers references as full URLs, however they were given.
              stored.put(
                  "network",
                  SELF + resolve(project, stored.get("network").asText(), "global/networks"));
            }
            store.put(key, stored);
            return null;
          });
    }
    if (tail.size() == 2) {
      String key = base + "/" + tail.get(1);
      if (m.equals("GET")) {
        need(perm + "get");
        ObjectNode v = store.get(key);
        if (v == null) {
          throw notFound(key);
        }
        return ok(v.deepCopy());
      }
      if (m.equals("DELETE")) {
        need(perm + "delete");
        if (!store.containsKey(key) && !byRequestId.containsKey(String.valueOf(r.q("requestId")))) {
          throw notFound(key);
        }
        String user = userOf(key);
        if (user != null) {
          throw new Fault(
              400,
              "resourceInUseByAnotherResource",
              "The "
                  + kind.substring(0, kind.length() - 1)
                  + " resource '"
                  + key
                  + "' is already being used by '"
                  + user
                  + "'");
        }
        return operation(
            r,
            "projects/" + project + "/" + scope,
            "delete",
            key,
            () -> {
              store.remove(key);
              return null;
            });
      }
    }
    throw new Fault(404, "notFound", "no such API path " + String.join("/", tail));
  }

  /** What Compute Engine says when a zone has no capacity for an insert or a start. */
  private static Fault exhausted(String scope) {
    return new Fault(
        503,
        "ZONE_RESOURCE_POOL_EXHAUSTED",
        "The zone '"
            + scope
            + "' does not have enough resources available to fulfill the request.  Try a different"
            + " zone, or try again later.");
  }

  private static Fault notFound(String key) {
    return new Fault(404, "notFound", "The resource '" + key + "' was not found");
  }

  /** What still uses a network or subnetwork, or null. */
  private String userOf(String key) {
    for (ObjectNode s : subnetworks.values()) {
      if (ref(s.path("network").asText()).equals(key)) {
        return ref(s.path("selfLink").asText());
      }
    }
    for (ObjectNode f : firewalls.values()) {
      if (ref(f.path("network").asText()).equals(key)) {
        return ref(f.path("selfLink").asText());
      }
    }
    for (ObjectNode i : instances.values()) {
      for (JsonNode nic : i.path("networkInterfaces")) {
        if (ref(nic.path("network").asText()).equals(key)
            || ref(nic.path("subnetwork").asText()).equals(key)) {
          return ref(i.path("selfLink").asText());
        }
      }
    }
    return null;
  }

  /**
   * A resource reference reduced to {@code projects/...}; full, partial and relative URLs all work.
   */
  private static String ref(String url) {
    int i = url.indexOf("projects/");
    return i < 0 ? url : url.substring(i);
  }

  private String resolve(String project, String url, String scopeHint) {
    if (url.startsWith("projects/") || url.contains("/projects/")) {
      return ref(url);
    }
    return "projects/" + project + "/" + (url.startsWith(scopeHint) ? url : scopeHint + "/" + url);
  }

  private static String last(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private Fault violation(String what) {
    violations.add(what);
    return new Fault(400, "invalid", "Invalid request: " + what);
  }

  private void allowOnly(String what, JsonNode body, Set<String> allowed) {
    for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw violation(
            what + ": Invalid JSON payload received. Unknown or unsettable field '" + f + "'");
      }
    }
  }

  private void checkName(String what, JsonNode body) {
    String name = body.path("name").asText("");
    if (!NAME.matcher(name).matches()) {
      throw violation(
          what + ".name: '" + name + "' does not match [a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    }
    if (body.has("description") && body.get("description").asText().length() > 2048) {
      throw violation(what + ".description: longer than 2048 characters");
    }
  }

  private void checkNetwork(String project, String scope, ObjectNode body) {
    allowOnly(
        "networks.insert",
        body,
        Set.of("name", "description", "autoCreateSubnetworks", "routingConfig", "mtu"));
    checkName("networks.insert", body);
    if (!body.path("autoCreateSubnetworks").isBoolean()) {
      throw violation(
          "networks.insert.autoCreateSubnetworks: must be set (false for a custom-mode VPC); omitting it creates a legacy network");
    }
    if (body.has("routingConfig")) {
      allowOnly("networks.insert.routingConfig", body.get("routingConfig"), Set.of("routingMode"));
      String mode = body.path("routingConfig").path("routingMode").asText();
      if (!mode.equals("REGIONAL") && !mode.equals("GLOBAL")) {
        throw violation(
            "networks.insert.routingConfig.routingMode: '" + mode + "' is not REGIONAL or GLOBAL");
      }
    }
    if (body.has("mtu") && (body.get("mtu").asInt() < 1300 || body.get("mtu").asInt() > 8896)) {
      throw violation("networks.insert.mtu: must be between 1300 and 8896");
    }
  }

  private void checkSubnetwork(String project, String scope, ObjectNode body) {
    allowOnly(
        "subnetworks.insert",
        body,
        Set.of(
            "name",
            "description",
            "network",
            "ipCidrRange",
            "region",
            "privateIpGoogleAccess",
            "stackType"));
    checkName("subnetworks.insert", body);
    String cidr = body.path("ipCidrRange").asText("");
    int[] c = cidr(cidr, "subnetworks.insert.ipCidrRange");
    boolean rfc1918 =
        c[0] == 10 || c[0] == 172 && c[1] >= 16 && c[1] < 32 || c[0] == 192 && c[1] == 168;
    if (!rfc1918 || c[4] > 29 || c[4] < 8) {
      throw violation(
          "subnetworks.insert.ipCidrRange: '"
              + cidr
              + "' must be a private (RFC 1918) range of /8 to /29");
    }
    String net = resolve(project, body.path("network").asText(""), "global/networks");
    if (!networks.containsKey(net)) {
      throw new Fault(404, "notFound", "The resource '" + net + "' was not found");
    }
    if (networks.get(net).path("autoCreateSubnetworks").asBoolean()) {
      throw violation("subnetworks.insert.network: '" + net + "' is an auto-mode network");
    }
    if (body.has("region")
        && !ref(body.get("region").asText()).equals(ref("projects/" + project + "/" + scope))
        && !body.get("region").asText().equals(last(scope))) {
      throw violation(
          "subnetworks.insert.region: '"
              + body.get("region").asText()
              + "' differs from the URL's "
              + scope);
    }
    if (body.has("stackType")
        && !Set.of("IPV4_ONLY", "IPV4_IPV6").contains(body.get("stackType").asText())) {
      throw violation("subnetworks.insert.stackType: not IPV4_ONLY or IPV4_IPV6");
    }
  }

  private int[] cidr(String cidr, String what) {
    Matcher mm = CIDR.matcher(cidr);
    if (!mm.matches()) {
      throw violation(what + ": '" + cidr + "' is not an IPv4 CIDR range");
    }
    int[] out = new int[5];
    for (int i = 0; i < 5; i++) {
      out[i] = Integer.parseInt(mm.group(i + 1));
      if (i < 4 && out[i] > 255 || i == 4 && out[i] > 32) {
        throw violation(what + ": '" + cidr + "' is not an IPv4 CIDR range");
      }
    }
    return out;
  }

  private void checkFirewall(String project, String scope, ObjectNode body) {
    allowOnly(
        "firewalls.insert",
        body,
        Set.of(
            "name",
            "description",
            "network",
            "direction",
            "priority",
            "sourceRanges",
            "destinationRanges",
            "sourceTags",
            "targetTags",
            "allowed",
            "denied",
            "disabled",
            "logConfig"));
    checkName("firewalls.insert", body);
    String net = resolve(project, body.path("network").asText(""), "global/networks");
    if (!networks.containsKey(net)) {
      throw new Fault(404, "notFound", "The resource '" + net + "' was not found");
    }
    String dir = body.path("direction").asText("INGRESS");
    if (!dir.equals("INGRESS") && !dir.equals("EGRESS")) {
      throw violation("firewalls.insert.direction: '" + dir + "' is not INGRESS or EGRESS");
    }
    if (body.has("priority")
        && (body.get("priority").asInt(-1) < 0 || body.get("priority").asInt() > 65535)) {
      throw violation("firewalls.insert.priority: must be 0..65535");
    }
    if (body.has("allowed") == body.has("denied")) {
      throw violation("firewalls.insert: exactly one of allowed and denied must be given");
    }
    for (JsonNode rule : body.has("allowed") ? body.get("allowed") : body.get("denied")) {
      allowOnly("firewalls.insert.allowed[]", rule, Set.of("IPProtocol", "ports"));
      String proto = rule.path("IPProtocol").asText("");
      if (!Set.of("tcp", "udp", "icmp", "esp", "ah", "sctp", "ipip", "all").contains(proto)
          && !proto.matches("\\d{1,3}")) {
        throw violation(
            "firewalls.insert.allowed[].IPProtocol: '"
                + proto
                + "' is not a protocol name or number");
      }
      for (JsonNode port : rule.path("ports")) {
        if (!port.asText().matches("\\d{1,5}(-\\d{1,5})?")
            || !(proto.equals("tcp") || proto.equals("udp") || proto.equals("sctp"))) {
          throw violation(
              "firewalls.insert.allowed[].ports: '"
                  + port.asText()
                  + "' is not valid for "
                  + proto);
        }
      }
    }
    if (dir.equals("INGRESS")) {
      if (!body.has("sourceRanges") && !body.has("sourceTags")) {
        throw violation("firewalls.insert: an INGRESS rule needs sourceRanges or sourceTags");
      }
      for (JsonNode range : body.path("sourceRanges")) {
        cidr(range.asText(), "firewalls.insert.sourceRanges[]");
      }
    }
    for (JsonNode tag : body.path("targetTags")) {
      if (!NAME.matcher(tag.asText()).matches()) {
        throw violation("firewalls.insert.targetTags[]: '" + tag.asText() + "' is not RFC 1035");
      }
    }
  }

  private void checkMachineImage(String project, String scope, ObjectNode body) {
    allowOnly(
        "machineImages.insert",
        body,
        Set.of(
            "name", "description", "labels", "sourceInstance", "storageLocations", "guestFlush"));
    checkName("machineImages.insert", body);
    String source = body.path("sourceInstance").asText("");
    if (!instances.containsKey(resolve(project, source, "zones"))) {
      throw new Fault(404, "notFound", "The resource '" + source + "' was not found");
    }
    checkLabels("machineImages.insert.labels", body.path("labels"));
  }

  /** snapshots.insert: the message class's fields only, a name, labels, an existing disk. */
  private void checkSnapshot(String project, String scope, ObjectNode body) {
    List<String> bad = messages.validate("Snapshot.json", body);
    if (!bad.isEmpty()) {
      throw violation("snapshots.insert violates Snapshot.json: " + String.join("; ", bad));
    }
    for (String output :
        List.of("id", "status", "diskSizeGb", "storageBytes", "creationTimestamp", "selfLink")) {
      if (body.has(output)) {
        throw violation("snapshots.insert: '" + output + "' is output only");
      }
    }
    checkName("snapshots.insert", body);
    checkLabels("snapshots.insert.labels", body.path("labels"));
    String source = body.path("sourceDisk").asText("");
    if (source.isEmpty()) {
      throw violation("snapshots.insert: sourceDisk is required (or sourceInstantSnapshot)");
    }
    need("compute.disks.createSnapshot");
    if (!disks.containsKey(resolve(project, source, "zones"))) {
      throw new Fault(404, "notFound", "The resource '" + source + "' was not found");
    }
    for (JsonNode loc : body.path("storageLocations")) {
      if (!loc.asText().matches("[a-z]+(-[a-z]+[0-9])?")) {
        throw violation("snapshots.insert.storageLocations: '" + loc.asText() + "' is no location");
      }
    }
  }

  /** What Compute Engine fills in on a snapshot it made (READY at once here). */
  private void snapshotMade(String project, ObjectNode stored) {
    ObjectNode disk = disks.get(resolve(project, stored.path("sourceDisk").asText(), "zones"));
    long gb = disk == null ? 10 : disk.path("sizeGb").asLong(10);
    stored.put("status", "READY");
    stored.put("diskSizeGb", String.valueOf(gb));
    stored.put("storageBytes", String.valueOf(gb * 1024 * 1024 * 1024 / 10));
    stored.put("storageBytesStatus", "UP_TO_DATE");
    stored.put("sourceDisk", SELF + resolve(project, stored.path("sourceDisk").asText(), "zones"));
    if (!stored.has("storageLocations")) {
      stored.putArray("storageLocations").add("us");
    }
  }

  /**
   * A disk made from a snapshot ({@code initializeParams.sourceSnapshot} or {@code disks.insert}'s
   * {@code sourceSnapshot}): the snapshot exists and is READY, and the disk is at least as large.
   * Returns the size the disk gets.
   */
  private long fromSnapshot(String project, String what, String snapshotUrl, String sizeGb) {
    need("compute.snapshots.useReadOnly");
    String key = resolve(project, snapshotUrl, "global/snapshots");
    ObjectNode snap = snapshots.get(key);
    if (snap == null) {
      throw new Fault(404, "notFound", "The resource '" + key + "' was not found");
    }
    if (!snap.path("status").asText().equals("READY")) {
      throw new Fault(400, "resourceNotReady", "The resource '" + key + "' is not ready");
    }
    long snapGb = snap.path("diskSizeGb").asLong();
    long asked = sizeGb == null || sizeGb.isEmpty() ? snapGb : Long.parseLong(sizeGb);
    if (asked < snapGb) {
      throw new Fault(
          400,
          "invalid",
          "Invalid value for field '"
              + what
              + ".diskSizeGb': '"
              + asked
              + "'. Requested disk size cannot be smaller than the snapshot size ("
              + snapGb
              + " GB).");
    }
    return asked;
  }

  private void checkLabels(String what, JsonNode labels) {
    for (java.util.Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().matches("[a-z][a-z0-9_-]{0,62}")
          || !e.getValue().asText().matches("[a-z0-9_-]{0,63}")) {
        throw violation(
            what + ": '" + e.getKey() + "=" + e.getValue().asText() + "' is not a valid label");
      }
    }
  }

  // ---- instances ---------------------------------------------------------------------------

  private Answer instances(String project, String zone, Request r, List<String> tail) {
    String base = "projects/" + project + "/zones/" + zone + "/instances";
    String scope = "projects/" + project + "/zones/" + zone;
    String m = r.method();
    if (tail.size() == 1 && m.equals("POST")) {
      need("compute.instances.create");
      return insertInstance(project, zone, r);
    }
    if (tail.size() == 1 && m.equals("GET")) {
      need("compute.instances.list");
      ObjectNode list = json.createObjectNode();
      ArrayNode items = list.putArray("items");
      instances.forEach(
          (k, v) -> {
            if (k.startsWith(base + "/") && filter(r.q("filter"), v)) {
              items.add(v.deepCopy());
            }
          });
      return ok(list);
    }
    if (tail.size() < 2) {
      throw new Fault(404, "notFound", "no such API path");
    }
    String key = base + "/" + tail.get(1);
    ObjectNode inst = instances.get(key);
    boolean repeat = byRequestId.containsKey(String.valueOf(r.q("requestId")));
    if (inst == null && !repeat) {
      if (m.equals("GET") && tail.size() == 2) {
        need("compute.instances.get");
      }
      throw notFound(key);
    }
    String action = tail.size() == 3 ? tail.get(2) : "";
    switch (m + " " + action) {
      case "GET ":
        need("compute.instances.get");
        return ok(inst.deepCopy());
      case "DELETE ":
        need("compute.instances.delete");
        return operation(
            r,
            scope,
            "delete",
            key,
            () -> {
              ObjectNode gone = instances.remove(key);
              if (gone != null) {
                for (JsonNode d : gone.path("disks")) {
                  String dk = ref(d.path("source").asText());
                  if (d.path("autoDelete").asBoolean()) {
                    disks.remove(dk);
                  } else if (disks.containsKey(dk)) {
                    disks.get(dk).remove("users");
                  }
                }
              }
              return null;
            });
      case "POST stop":
        need("compute.instances.stop");
        inst.put("status", "STOPPING");
        return operation(
            r,
            scope,
            "stop",
            key,
            () -> {
              inst.put("status", "TERMINATED");
              inst.put("lastStopTimestamp", Instant.now().toString());
              return null;
            });
      case "POST start":
        need("compute.instances.start");
        return operation(
            r,
            scope,
            "start",
            key,
            () -> {
              if (exhaustedZones.contains(zone)) {
                return exhausted(scope);
              }
              inst.put("status", "RUNNING");
              inst.put("lastStartTimestamp", Instant.now().toString());
              return null;
            });
      case "POST setLabels":
        need("compute.instances.setLabels");
        return setLabels(r, scope, key, inst);
      case "POST setMetadata":
        need("compute.instances.setMetadata");
        if (!r.body()
            .path("fingerprint")
            .asText()
            .equals(inst.path("metadata").path("fingerprint").asText())) {
          throw new Fault(
              412,
              "conditionNotMet",
              "Supplied fingerprint does not match current metadata fingerprint.");
        }
        List<String> bad = schemas.validate("Metadata.yaml", r.body());
        if (!bad.isEmpty()) {
          throw violation("instances.setMetadata: " + String.join("; ", bad));
        }
        return operation(
            r,
            scope,
            "setMetadata",
            key,
            () -> {
              ObjectNode md = r.body().deepCopy();
              md.put("fingerprint", Long.toHexString(ids.incrementAndGet()));
              md.put("kind", "compute#metadata");
              inst.set("metadata", md);
              return null;
            });
      case "GET serialPort":
        need("compute.instances.getSerialPortOutput");
        String text = consoles.getOrDefault(key, new StringBuilder()).toString();
        long start = Long.parseLong(r.query().getOrDefault("start", "0"));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int from = (int) Math.min(Math.max(0, start), bytes.length);
        ObjectNode out = json.createObjectNode();
        out.put("kind", "compute#serialPortOutput");
        out.put("contents", new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
        out.put("start", String.valueOf(from));
        out.put("next", String.valueOf(bytes.length));
        out.put("selfLink", SELF + key);
        return ok(out);
      default:
        throw new Fault(404, "notFound", "no such API path " + String.join("/", tail));
    }
  }

  private Answer setLabels(Request r, String scope, String key, ObjectNode target) {
    if (!r.body()
        .path("labelFingerprint")
        .asText()
        .equals(target.path("labelFingerprint").asText())) {
      throw new Fault(
          412,
          "conditionNotMet",
          "Labels fingerprint either invalid or resource labels have changed");
    }
    allowOnly("setLabels", r.body(), Set.of("labels", "labelFingerprint"));
    checkLabels("setLabels.labels", r.body().path("labels"));
    return operation(
        r,
        scope,
        "setLabels",
        key,
        () -> {
          target.set("labels", r.body().path("labels").deepCopy());
          target.put("labelFingerprint", Long.toHexString(ids.incrementAndGet()));
          return null;
        });
  }

  private Answer insertInstance(String project, String zone, Request r) {
    String scope = "projects/" + project + "/zones/" + zone;
    JsonNode body = r.body();
    List<String> bad = schemas.validate("Instance.yaml", body);
    if (!bad.isEmpty()) {
      throw violation("instances.insert violates Instance.yaml: " + String.join("; ", bad));
    }
    List<String> badMessage = messages.validate("Instance.json", body);
    if (!badMessage.isEmpty()) {
      throw violation("instances.insert violates Instance.json: " + String.join("; ", badMessage));
    }
    String rid = r.q("requestId");
    if (rid != null && byRequestId.containsKey(rid)) {
      return operation(r, scope, "insert", "", () -> null);
    }
    // The extra permissions Compute Engine checks for what the body asks (IAM docs,
    // "instances.insert").
    need("compute.disks.create");
    if (body.has("metadata")) {
      need("compute.instances.setMetadata");
    }
    if (body.has("labels")) {
      need("compute.instances.setLabels");
    }
    if (body.has("tags")) {
      need("compute.instances.setTags");
    }
    for (JsonNode d : body.path("disks")) {
      if (d.path("initializeParams").has("sourceImage")) {
        need("compute.images.useReadOnly");
      }
    }
    for (JsonNode nic : body.path("networkInterfaces")) {
      need("compute.subnetworks.use");
      if (nic.path("accessConfigs").size() > 0) {
        need("compute.subnetworks.useExternalIp");
      }
    }
    checkName("instances.insert", body);
    checkLabels("instances.insert.labels", body.path("labels"));
    String name = body.path("name").asText();
    String key = scope + "/instances/" + name;
    if (instances.containsKey(key)) {
      throw new Fault(409, "alreadyExists", "The resource '" + key + "' already exists");
    }
    String mtUrl = body.path("machineType").asText("");
    String mt = last(mtUrl);
    if (!resolve(project, mtUrl, "zones/" + zone).equals(scope + "/machineTypes/" + mt)) {
      throw violation("instances.insert.machineType: '" + mtUrl + "' is not in zone " + zone);
    }
    int[] shape = shape(mt);
    Set<String> only = machineTypeZones.get(mt);
    if (shape == null || only != null && !only.contains(zone)) {
      throw new Fault(
          400,
          "invalid",
          "Invalid value for field 'resource.machineType': '"
              + mtUrl
              + "'. Machine type with name '"
              + mt
              + "' does not exist in zone '"
              + zone
              + "'.");
    }
    boolean nested =
        body.path("advancedMachineFeatures").path("enableNestedVirtualization").asBoolean(false);
    String series = mt.startsWith("custom-") ? "n1" : mt.split("-")[0];
    if (nested
        && (series.startsWith("e2")
            || series.endsWith("d")
            || series.endsWith("a")
            || mt.endsWith("-metal"))) {
      throw new Fault(
          400,
          "invalid",
          "Invalid value for field 'resource.advancedMachineFeatures.enableNestedVirtualization': 'true'. Nested virtualization is not supported for machine type '"
              + mt
              + "'.");
    }
    if (nested && nestedVirtualizationForbidden) {
      throw new Fault(
          412,
          "conditionNotMet",
          "Constraint constraints/compute.disableNestedVirtualization violated for project "
              + project
              + ". Nested virtualization is disallowed.");
    }
    if (series.equals("n1") && nested && !body.has("minCpuPlatform")) {
      throw new Fault(
          400,
          "invalid",
          "Nested virtualization on N1 needs minCpuPlatform 'Intel Haswell' or later.");
    }
    JsonNode nics = body.path("networkInterfaces");
    if (nics.size() != 1) {
      throw violation("instances.insert.networkInterfaces: expected exactly one interface");
    }
    String net = resolve(project, nics.get(0).path("network").asText(""), "global/networks");
    String sub =
        resolve(
            project,
            nics.get(0).path("subnetwork").asText(""),
            "regions/" + regionOf(zone) + "/subnetworks");
    if (nics.get(0).has("network") && !networks.containsKey(net)) {
      throw new Fault(404, "notFound", "The resource '" + net + "' was not found");
    }
    if (!subnetworks.containsKey(sub)) {
      throw new Fault(404, "notFound", "The resource '" + sub + "' was not found");
    }
    if (!sub.contains("/regions/" + regionOf(zone) + "/")) {
      throw violation(
          "instances.insert.networkInterfaces[0].subnetwork: '"
              + sub
              + "' is not in the instance's region");
    }
    JsonNode disksIn = body.path("disks");
    long bootDisks = 0;
    for (JsonNode d : disksIn) {
      bootDisks += d.path("boot").asBoolean() ? 1 : 0;
      String type = last(d.path("initializeParams").path("diskType").asText("pd-standard"));
      boolean hyperdiskOnly =
          Set.of("c4", "n4", "c4a", "c4d", "n4d", "x4").contains(series) || mt.endsWith("-metal");
      if (hyperdiskOnly && !type.startsWith("hyperdisk-")) {
        throw new Fault(
            400,
            "invalid",
            "[" + type + "] disk type cannot be used by [" + mt + "] machine type.");
      }
      if (!hyperdiskOnly
          && type.startsWith("hyperdisk-")
          && !Set.of("c3", "n2", "m3").contains(series)) {
        throw new Fault(
            400,
            "invalid",
            "[" + type + "] disk type cannot be used by [" + mt + "] machine type.");
      }
      checkLabels(
          "instances.insert.disks[].initializeParams.labels",
          d.path("initializeParams").path("labels"));
      if (d.path("initializeParams").has("sourceSnapshot")) {
        fromSnapshot(
            project,
            "resource.disks[].initializeParams",
            d.path("initializeParams").path("sourceSnapshot").asText(),
            d.path("initializeParams").path("diskSizeGb").asText(""));
      }
    }
    if (bootDisks != 1) {
      throw violation("instances.insert.disks: exactly one boot disk is needed, got " + bootDisks);
    }
    checkServiceAccounts(body.path("serviceAccounts"));
    long metadataBytes = 0;
    for (JsonNode item : body.path("metadata").path("items")) {
      int len = item.path("value").asText().getBytes(StandardCharsets.UTF_8).length;
      if (len > 256 * 1024) {
        throw new Fault(
            400,
            "invalid",
            "Invalid value for field 'resource.metadata': metadata value for key '"
                + item.path("key").asText()
                + "' exceeds 262144 bytes");
      }
      metadataBytes += len + item.path("key").asText().length();
    }
    if (metadataBytes > 512 * 1024) {
      throw new Fault(
          400,
          "invalid",
          "Invalid value for field 'resource.metadata': total metadata size exceeds 512 KB");
    }
    JsonNode sched = body.path("scheduling");
    if (sched.has("maxRunDuration") && !sched.has("instanceTerminationAction")) {
      throw new Fault(
          400,
          "invalid",
          "Invalid value for field 'resource.scheduling.maxRunDuration': instanceTerminationAction must be set");
    }
    boolean spot = sched.path("provisioningModel").asText().equals("SPOT");
    if (spot && mt.endsWith("-metal")) {
      throw new Fault(400, "invalid", "Spot VMs are not supported for machine type '" + mt + "'");
    }
    if (mt.endsWith("-metal") && !sched.path("onHostMaintenance").asText().equals("TERMINATE")) {
      throw new Fault(
          400, "invalid", "Bare metal instances require scheduling.onHostMaintenance=TERMINATE");
    }
    return operation(
        r,
        scope,
        "insert",
        key,
        () -> {
          if (exhaustedZones.contains(zone)) {
            return exhausted(scope);
          }
          String region = regionOf(zone);
          String metric = cpuMetric(mt, spot);
          double limit = quotaLimits.getOrDefault(region + "/" + metric, defaultLimit(metric));
          double used = usage(project, region, metric);
          if (used + shape[0] > limit) {
            return new Fault(
                403,
                "QUOTA_EXCEEDED",
                "Quota '" + metric + "' exceeded.  Limit: " + limit + " in region " + region + ".");
          }
          ObjectNode inst = body.deepCopy();
          inst.put("kind", "compute#instance");
          inst.put("id", String.valueOf(ids.incrementAndGet()));
          inst.put("creationTimestamp", Instant.now().toString());
          inst.put("status", "RUNNING");
          inst.put("zone", SELF + scope);
          inst.put("machineType", SELF + scope + "/machineTypes/" + mt);
          inst.put("selfLink", SELF + key);
          inst.put("labelFingerprint", Long.toHexString(ids.incrementAndGet()));
          inst.put("cpuPlatform", "Intel Cascade Lake");
          ObjectNode md =
              inst.has("metadata") ? (ObjectNode) inst.get("metadata") : inst.putObject("metadata");
          md.put("fingerprint", Long.toHexString(ids.incrementAndGet()));
          md.put("kind", "compute#metadata");
          ObjectNode nic = (ObjectNode) inst.get("networkInterfaces").get(0);
          nic.put("network", SELF + net);
          nic.put("subnetwork", SELF + sub);
          nic.put("networkIP", "10.0.0." + (2 + instances.size()));
          nic.put("name", "nic0");
          for (JsonNode ac : nic.path("accessConfigs")) {
            ((ObjectNode) ac).put("natIP", "203.0.113." + (10 + instances.size()));
          }
          int index = 0;
          for (JsonNode d : inst.path("disks")) {
            ObjectNode disk = (ObjectNode) d;
            JsonNode ip = disk.path("initializeParams");
            String dname = ip.path("diskName").asText(index == 0 ? name : name + "-" + index);
            String dkey = scope + "/disks/" + dname;
            ObjectNode stored = json.createObjectNode();
            stored.put("kind", "compute#disk");
            stored.put("name", dname);
            stored.put(
                "sizeGb",
                ip.has("sourceSnapshot")
                    ? String.valueOf(
                        fromSnapshot(
                            project,
                            "resource.disks[].initializeParams",
                            ip.path("sourceSnapshot").asText(),
                            ip.path("diskSizeGb").asText("")))
                    : ip.path("diskSizeGb").asText("10"));
            if (ip.has("sourceSnapshot")) {
              stored.put(
                  "sourceSnapshot",
                  SELF + resolve(project, ip.path("sourceSnapshot").asText(), "global/snapshots"));
            }
            stored.put(
                "type",
                SELF + scope + "/diskTypes/" + last(ip.path("diskType").asText("pd-standard")));
            stored.set("labels", ip.path("labels").deepCopy());
            stored.put("labelFingerprint", Long.toHexString(ids.incrementAndGet()));
            stored.put("selfLink", SELF + dkey);
            stored.put("zone", SELF + scope);
            stored.put("status", "READY");
            stored.putArray("users").add(SELF + key);
            disks.put(dkey, stored);
            disk.put("source", SELF + dkey);
            disk.put("index", index++);
            disk.remove("initializeParams");
          }
          instances.put(key, inst);
          consoles
              .computeIfAbsent(key, k -> new StringBuilder())
              .append("SeaBIOS (version 1.8.2)\nBooting from Hard Disk 0...\n");
          return null;
        });
  }

  // ---- disks and aggregated lists ----------------------------------------------------------

  private Answer disks(String project, String zone, Request r, List<String> tail) {
    String scope = "projects/" + project + "/zones/" + zone;
    if (tail.size() == 1 && r.method().equals("POST")) {
      return insertDisk(project, zone, r);
    }
    if (tail.size() < 2) {
      throw new Fault(404, "notFound", "no such API path");
    }
    String key = scope + "/disks/" + tail.get(1);
    ObjectNode disk = disks.get(key);
    boolean repeat = byRequestId.containsKey(String.valueOf(r.q("requestId")));
    if (disk == null && !repeat) {
      throw notFound(key);
    }
    String action = tail.size() == 3 ? tail.get(2) : "";
    switch (r.method() + " " + action) {
      case "GET ":
        need("compute.disks.get");
        return ok(disk.deepCopy());
      case "DELETE ":
        need("compute.disks.delete");
        if (disk != null && disk.path("users").size() > 0) {
          throw new Fault(
              400,
              "resourceInUseByAnotherResource",
              "The disk resource '"
                  + key
                  + "' is already being used by '"
                  + ref(disk.path("users").get(0).asText())
                  + "'");
        }
        return operation(
            r,
            scope,
            "delete",
            key,
            () -> {
              disks.remove(key);
              return null;
            });
      case "POST setLabels":
        need("compute.disks.setLabels");
        return setLabels(r, scope, key, disk);
      default:
        throw new Fault(404, "notFound", "no such API path " + String.join("/", tail));
    }
  }

  /** disks.insert: the message class's fields only; from a snapshot, at least its size. */
  private Answer insertDisk(String project, String zone, Request r) {
    String scope = "projects/" + project + "/zones/" + zone;
    if (!(r.body() instanceof ObjectNode body)) {
      throw violation("disks.insert: body is not a JSON object");
    }
    List<String> bad = messages.validate("Disk.json", body);
    if (!bad.isEmpty()) {
      throw violation("disks.insert violates Disk.json: " + String.join("; ", bad));
    }
    need("compute.disks.create");
    checkName("disks.insert", body);
    checkLabels("disks.insert.labels", body.path("labels"));
    String name = body.path("name").asText();
    String key = scope + "/disks/" + name;
    boolean repeat = byRequestId.containsKey(String.valueOf(r.q("requestId")));
    if (disks.containsKey(key) && !repeat) {
      throw new Fault(409, "alreadyExists", "The resource '" + key + "' already exists");
    }
    long gb =
        body.has("sourceSnapshot")
            ? fromSnapshot(
                project,
                "resource",
                body.path("sourceSnapshot").asText(),
                body.path("sizeGb").asText(""))
            : body.path("sizeGb").asLong(500);
    return operation(
        r,
        scope,
        "insert",
        key,
        () -> {
          ObjectNode stored = body.deepCopy();
          stored.put("kind", "compute#disk");
          stored.put("id", String.valueOf(ids.incrementAndGet()));
          stored.put("sizeGb", String.valueOf(gb));
          stored.put(
              "type", SELF + scope + "/diskTypes/" + last(body.path("type").asText("pd-standard")));
          stored.put("labelFingerprint", Long.toHexString(ids.incrementAndGet()));
          stored.put("selfLink", SELF + key);
          stored.put("zone", SELF + scope);
          stored.put("status", "READY");
          if (body.has("sourceSnapshot")) {
            stored.put(
                "sourceSnapshot",
                SELF + resolve(project, body.path("sourceSnapshot").asText(), "global/snapshots"));
          }
          disks.put(key, stored);
          return null;
        });
  }

  private static final Pattern SERVICE_ACCOUNT_EMAIL =
      Pattern.compile("default|[a-z0-9][-a-z0-9._]*@[a-z0-9][-a-z0-9.]*\\.gserviceaccount\\.com");

  /**
   * Compute Engine takes at most one service account; its email is {@code default} (the project's
   * Compute Engine default service account) or a service account's email; scopes are OAuth scope
   * URLs. Attaching one needs {@code iam.serviceAccounts.actAs} on it.
   */
  private void checkServiceAccounts(JsonNode accounts) {
    if (accounts.isMissingNode()) {
      return;
    }
    if (accounts.size() > 1) {
      throw new Fault(
          400,
          "invalid",
          "Invalid value for field 'resource.serviceAccounts': at most one service account is"
              + " allowed per instance");
    }
    for (JsonNode sa : accounts) {
      String email = sa.path("email").asText("");
      if (!SERVICE_ACCOUNT_EMAIL.matcher(email).matches()) {
        throw new Fault(
            400,
            "invalid",
            "Invalid value for field 'resource.serviceAccounts[0].email': '" + email + "'");
      }
      for (JsonNode scope : sa.path("scopes")) {
        if (!scope.asText().startsWith("https://www.googleapis.com/auth/")) {
          throw violation(
              "instances.insert.serviceAccounts[0].scopes: '"
                  + scope.asText()
                  + "' is no scope URL");
        }
      }
      need("iam.serviceAccounts.actAs");
    }
  }

  private Answer aggregated(String project, Request r, List<String> rest) {
    if (rest.size() != 2 || !r.method().equals("GET")) {
      throw new Fault(404, "notFound", "no such API path " + String.join("/", rest));
    }
    Map<String, ObjectNode> store;
    switch (rest.get(1)) {
      case "instances":
        need("compute.instances.list");
        store = instances;
        break;
      case "disks":
        need("compute.disks.list");
        store = disks;
        break;
      case "subnetworks":
        need("compute.subnetworks.list");
        store = subnetworks;
        break;
      default:
        throw new Fault(404, "notFound", "no such API path " + String.join("/", rest));
    }
    ObjectNode out = json.createObjectNode();
    out.put(
        "kind", "compute#" + rest.get(1).substring(0, rest.get(1).length() - 1) + "AggregatedList");
    ObjectNode items = out.putObject("items");
    store.forEach(
        (k, v) -> {
          if (k.startsWith("projects/" + project + "/") && filter(r.q("filter"), v)) {
            // projects/p/zones/z/... or projects/p/regions/r/...: the key is "zones/z".
            String[] part = k.split("/");
            String scope = part[2] + "/" + part[3];
            ObjectNode scoped =
                items.has(scope) ? (ObjectNode) items.get(scope) : items.putObject(scope);
            (scoped.has(rest.get(1))
                    ? (ArrayNode) scoped.get(rest.get(1))
                    : scoped.putArray(rest.get(1)))
                .add(v.deepCopy());
          }
        });
    return ok(out);
  }

  private static final Pattern FILTER_TERM =
      Pattern.compile(
          "\\(?\\s*labels\\.([a-z][a-z0-9_-]*)\\s*(?::\\s*\\*|=\\s*\"?([a-z0-9_-]*)\"?)\\s*\\)?");

  /**
   * Supports the label filters the provider sends: {@code labels.k:*} and {@code labels.k = "v"},
   * joined by AND.
   */
  private boolean filter(String filter, JsonNode resource) {
    if (filter == null || filter.isBlank()) {
      return true;
    }
    for (String term : filter.split("\\s+AND\\s+")) {
      Matcher fm = FILTER_TERM.matcher(term.trim());
      if (!fm.matches()) {
        throw new Fault(
            400,
            "invalid",
            "Invalid value for field 'filter': '"
                + filter
                + "'. The test server understands labels.KEY:* and labels.KEY = \"VALUE\"");
      }
      JsonNode v = resource.path("labels").get(fm.group(1));
      if (v == null || fm.group(2) != null && !v.asText().equals(fm.group(2))) {
        return false;
      }
    }
    return true;
  }

  private synchronized JsonNode stateJson() {
    ObjectNode o = json.createObjectNode();
    o.putPOJO("instances", instances.keySet());
    o.putPOJO("disks", disks.keySet());
    o.putPOJO("networks", networks.keySet());
    o.putPOJO("subnetworks", subnetworks.keySet());
    o.putPOJO("firewalls", firewalls.keySet());
    o.putPOJO("machineImages", machineImages.keySet());
    o.putPOJO("violations", violations());
    o.putPOJO("permissionsUsed", new java.util.TreeSet<>(permissionsUsed));
    ArrayNode detail = o.putArray("instanceDetail");
    instances.values().forEach(detail::add);
    ArrayNode fw = o.putArray("firewallDetail");
    firewalls.values().forEach(fw::add);
    return o;
  }
}
