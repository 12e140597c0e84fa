package io.nestlab.gcp.internal;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.bootstrap.L1Image;
import io.nestlab.spi.IngressCidrs;
import io.nestlab.spi.LabProviderFactory.SettingDoc;
import io.nestlab.spi.ProviderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The GCP provider's settings, parsed and checked once.
 *
 * @param project the Google Cloud project id
 * @param region default region, or null (then each request names its region)
 * @param zone zone to try first, or null
 * @param credentialsFile a service-account key file, or null for Application Default Credentials
 * @param endpoint a Compute Engine endpoint override (for test servers), or null
 * @param allowedCidrs addresses allowed to reach the host; empty means the caller's /32
 * @param allowOpenIngress whether ingress wider than a /8 (up to 0.0.0.0/0) may be allowed (off
 *     unless forced)
 * @param network an existing network to reuse (NestLab then creates only the firewall rule)
 * @param subnetwork an existing subnetwork to reuse, with {@code network}
 * @param subnetCidr the range of the subnetwork NestLab creates
 * @param ingressPorts TCP ports the firewall rule opens to {@code allowedCidrs}
 * @param imageProject project of the L1 image family
 * @param imageFamily the L1 image family
 * @param callTimeout bound on one API call
 * @param operationTimeout bound on one long-running operation
 * @param pollInterval first pause between operation polls
 * @param maxRetries attempts after a throttled (429) call
 * @param ipEchoUrl a service answering the caller's public address, used when no CIDR is given
 * @param serviceAccount the service account the L1 host runs as, with read-only Cloud Storage
 *     scope: {@code default} (the project's Compute Engine default service account), an email, or
 *     null for none
 */
public record GcpSettings(
    String project,
    String region,
    String zone,
    Path credentialsFile,
    URI endpoint,
    List<String> allowedCidrs,
    boolean allowOpenIngress,
    String network,
    String subnetwork,
    String subnetCidr,
    List<Integer> ingressPorts,
    String imageProject,
    String imageFamily,
    Duration callTimeout,
    Duration operationTimeout,
    Duration pollInterval,
    int maxRetries,
    URI ipEchoUrl,
    String serviceAccount) {
  /**
   * The public project of Debian's images: the L1 host is {@link L1Image#DISTRIBUTION} on every
   * cloud; where Compute Engine publishes it is this provider's knowledge (design 0198).
   */
  public static final String IMAGE_PROJECT = "debian-cloud";

  /** The image family whose newest image is launched. */
  public static final String IMAGE_FAMILY = "debian-12";

  /** The metadata key of {@link #startupScript()}. */
  public static final String STARTUP_SCRIPT_KEY = "startup-script";

  /** How the user lets wide ranges in, for the messages that refuse them. */
  public static final String OPEN_INGRESS_OPT_IN = "--provider-opt allow-open-ingress=true";

  /** The only OAuth scope the host's service account gets: reading Cloud Storage objects. */
  public static final String STORAGE_READ_ONLY =
      "https://www.googleapis.com/auth/devstorage.read_only";

  private static final String SERVICE_ACCOUNT_EMAIL =
      "[a-z0-9][-a-z0-9._]*@[a-z0-9][-a-z0-9.]*\\.gserviceaccount\\.com";

  public static final List<SettingDoc> DOCS =
      List.of(
          new SettingDoc("project", "Google Cloud project id (required)", false),
          new SettingDoc("region", "default region, e.g. us-central1", false),
          new SettingDoc("zone", "zone to try first; others of the region follow", false),
          new SettingDoc(
              "credentials-file",
              "service-account JSON key file; default: Application Default Credentials",
              false),
          new SettingDoc(
              "endpoint",
              "Compute Engine endpoint override, e.g. http://127.0.0.1:8080 (test servers; no"
                  + " credentials are sent)",
              false),
          new SettingDoc(
              "allowed-cidrs",
              "comma-separated IPv4 ranges that may reach the host; default: your address as /32",
              false),
          new SettingDoc(
              "allow-open-ingress",
              "true to allow ranges wider than /8 (or more than 2^24 addresses in all, or"
                  + " 0.0.0.0/0) in allowed-cidrs (dangerous)",
              false),
          new SettingDoc("network", "existing network to reuse instead of creating one", false),
          new SettingDoc("subnetwork", "existing subnetwork to reuse (with network)", false),
          new SettingDoc(
              "subnet-cidr", "range of the lab subnetwork (default 10.77.0.0/24)", false),
          new SettingDoc("ingress-ports", "TCP ports opened to allowed-cidrs (default 22)", false),
          new SettingDoc(
              "image-project", "L1 image project (default " + IMAGE_PROJECT + ")", false),
          new SettingDoc("image-family", "L1 image family (default " + IMAGE_FAMILY + ")", false),
          new SettingDoc("call-timeout", "bound on one API call (default 60s)", false),
          new SettingDoc(
              "operation-timeout", "bound on one long-running operation (default 10m)", false),
          new SettingDoc(
              "poll-interval", "first pause between operation polls (default 2s)", false),
          new SettingDoc("max-retries", "retries of a throttled call (default 6)", false),
          new SettingDoc(
              "service-account",
              "service account the host runs as, with read-only Cloud Storage scope only, for"
                  + " gs:// media: default (the project's Compute Engine default service account),"
                  + " an email, or none (no token on the host)",
              false),
          new SettingDoc(
              "ip-echo-url",
              "service telling your public address (default https://checkip.amazonaws.com)",
              false));

  public GcpSettings {
    allowedCidrs = List.copyOf(allowedCidrs);
    ingressPorts = List.copyOf(ingressPorts);
  }

  /** Parses and checks {@code s}; reports every problem at once. */
  /**
   * The Compute Engine {@code startup-script} that brings the lab's user data to Debian's image,
   * which runs startup scripts (google-guest-agent) but has no cloud-init: on the first boot it
   * installs Debian's cloud-init and runs its stages once on the {@code user-data} attribute.
   */
  public static String startupScript() {
    String path = "nestlab-gce-startup.sh";
    try (InputStream in = GcpSettings.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path + " beside GcpSettings");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GcpSettings parse(ProviderSettings settings) {
    ProviderSettings.Reader s = settings.reader("gcp", DOCS.stream().map(SettingDoc::key).toList());
    List<Problem> problems = new ArrayList<>();
    String project = s.string("project").orElse(null);
    String region = s.string("region").orElse(null);
    String zone = s.string("zone").orElse(null);
    checkPlace(project, region, zone, problems);
    Path credentials =
        credentials(s.string("credentials-file").map(Path::of).orElse(null), problems);
    URI endpoint = uri(s.string("endpoint"), "endpoint", problems);
    boolean open = s.bool("allow-open-ingress", false);
    List<String> cidrProblems = new ArrayList<>();
    List<String> cidrs =
        IngressCidrs.ingress(s.list("allowed-cidrs"), open, OPEN_INGRESS_OPT_IN, cidrProblems);
    cidrProblems.forEach(m -> problems.add(Problem.of("allowed-cidrs", m)));
    String network = s.string("network").orElse(null);
    String subnetwork = s.string("subnetwork").orElse(null);
    checkReusedNetwork(network, subnetwork, problems);
    String subnetCidr = s.string("subnet-cidr").orElse("10.77.0.0/24");
    try {
      IngressCidrs.normalise(subnetCidr);
    } catch (IllegalArgumentException e) {
      problems.add(Problem.of("subnet-cidr", e.getMessage()));
    }
    List<Integer> ports = ports(s.string("ingress-ports").orElse("22"), problems);
    URI echo =
        uri(
            Optional.of(s.string("ip-echo-url").orElse("https://checkip.amazonaws.com")),
            "ip-echo-url",
            problems);
    String serviceAccount =
        serviceAccount(s.string("service-account").map(String::trim).orElse("default"), problems);
    Duration callTimeout =
        s.duration(
            "call-timeout", Duration.ofSeconds(60), Duration.ofMillis(1), Duration.ofHours(1));
    Duration opTimeout =
        s.duration(
            "operation-timeout", Duration.ofMinutes(10), Duration.ofMillis(1), Duration.ofHours(6));
    Duration poll =
        s.duration(
            "poll-interval", Duration.ofSeconds(2), Duration.ofMillis(1), Duration.ofMinutes(5));
    int retries = s.integer("max-retries", 6, 0, 20);
    problems.forEach(p -> s.problem(p.path(), p.message()));
    s.done();
    return new GcpSettings(
        project,
        region,
        zone,
        credentials,
        endpoint,
        cidrs,
        open,
        network,
        subnetwork,
        subnetCidr,
        ports,
        s.string("image-project").orElse(IMAGE_PROJECT),
        s.string("image-family").orElse(IMAGE_FAMILY),
        callTimeout,
        opTimeout,
        poll,
        retries,
        echo,
        serviceAccount);
  }

  /** The service account email, {@code default}, or null for {@code none}. */
  private static String serviceAccount(String value, List<Problem> problems) {
    if (value.equals("none")) {
      return null;
    }
    if (!value.equals("default") && !value.matches(SERVICE_ACCOUNT_EMAIL)) {
      problems.add(
          Problem.of(
              "service-account",
              "'"
                  + value
                  + "' is not a service account email like"
                  + " lab-media@my-project.iam.gserviceaccount.com; or write default (the"
                  + " project's Compute Engine default service account) or none"));
    }
    return value;
  }

  private static Path credentials(Path credentials, List<Problem> problems) {
    if (credentials != null && !Files.isReadable(credentials)) {
      problems.add(
          Problem.of(
              "credentials-file",
              credentials
                  + " is not a readable file; create a key with gcloud iam service-accounts keys"
                  + " create, or omit the setting to use Application Default Credentials"));
    }
    return credentials;
  }

  /** The project id (required), region and zone, each well formed, the zone in the region. */
  private static void checkPlace(
      String project, String region, String zone, List<Problem> problems) {
    if (project == null) {
      problems.add(
          Problem.of(
              "project",
              "is required; pass --provider-opt project=<your project id> (see gcloud projects"
                  + " list)"));
    } else if (!project.matches("[a-z][-a-z0-9.:]{4,61}[a-z0-9]|[a-z][a-z0-9]{0,5}")) {
      problems.add(Problem.of("project", "'" + project + "' is not a Google Cloud project id"));
    }
    if (region != null && !region.matches("[a-z]+-[a-z]+[0-9]+")) {
      problems.add(
          Problem.of("region", "'" + region + "' is not a Compute Engine region (us-central1)"));
    }
    if (zone != null && !zone.matches("[a-z]+-[a-z]+[0-9]+-[a-z]")) {
      problems.add(
          Problem.of("zone", "'" + zone + "' is not a Compute Engine zone (us-central1-a)"));
    }
    if (zone != null && region != null && !zone.startsWith(region + "-")) {
      problems.add(Problem.of("zone", zone + " is not in region " + region));
    }
  }

  /** A reused network and subnetwork come together, each a plain resource name. */
  private static void checkReusedNetwork(
      String network, String subnetwork, List<Problem> problems) {
    if ((network == null) != (subnetwork == null)) {
      problems.add(
          Problem.of(
              network == null ? "network" : "subnetwork",
              "network and subnetwork are reused together; give both or neither"));
    }
    for (String[] named : new String[][] {{"network", network}, {"subnetwork", subnetwork}}) {
      if (named[1] != null && !named[1].matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?")) {
        problems.add(
            Problem.of(
                named[0],
                "'"
                    + named[1]
                    + "' is not a Compute Engine resource name; give the name only (lower-case"
                    + " letters, digits and dashes, as gcloud compute networks list shows it)"));
      }
    }
  }

  /** {@code 22,443} as TCP ports. */
  private static List<Integer> ports(String value, List<Problem> problems) {
    List<Integer> ports = new ArrayList<>();
    for (String p : value.split(",")) {
      try {
        int port = Integer.parseInt(p.trim());
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        ports.add(port);
      } catch (NumberFormatException e) {
        problems.add(Problem.of("ingress-ports", "'" + p + "' is not a TCP port (1-65535)"));
      }
    }
    return ports;
  }

  private static URI uri(Optional<String> value, String key, List<Problem> problems) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      URI u = new URI(value.get());
      if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (Exception e) {
      problems.add(
          Problem.of(
              key, "'" + value.get() + "' is not an http(s) URL like http://127.0.0.1:8080"));
      return null;
    }
  }

  /** The region for a request: the request's own, else this default. */
  public String regionFor(String requested) {
    String r = requested != null && !requested.isBlank() ? requested : region;
    if (r == null) {
      throw new InvalidSpecException(
          "gcp provider settings",
          List.of(Problem.of("region", "is required; pass --region or --provider-opt region=...")));
    }
    return r;
  }
}
