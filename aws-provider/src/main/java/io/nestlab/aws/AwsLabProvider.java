package io.nestlab.aws;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.aws.internal.AwsClients;
import io.nestlab.aws.internal.AwsErrors;
import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.aws.internal.Ec2Instances;
import io.nestlab.aws.internal.Ec2Inventory;
import io.nestlab.aws.internal.Ec2Network;
import io.nestlab.aws.internal.Ec2Preflight;
import io.nestlab.aws.internal.Ec2Snapshots;
import io.nestlab.aws.internal.ImageResolver;
import io.nestlab.aws.internal.S3Media;
import io.nestlab.aws.internal.ServiceQuotasClient;
import io.nestlab.aws.internal.Waits;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.DiskSnapshot;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.ImageRef;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.ProviderCapabilities;
import io.nestlab.spi.TagFilter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.regions.Region;

/**
 * The EC2 implementation of {@link LabProvider}: one lab network per lab (VPC, subnet, internet
 * gateway, route table, security group), an L1 host launched with nested virtualization (or on bare
 * metal), IMDSv2 only with instance tags in the metadata, encrypted gp3 disks and terminate on
 * shutdown. Clients are made on first use and closed with the provider.
 */
public final class AwsLabProvider implements LabProvider {
  /** EC2 accepts at most 16 KB of user data, before base64 encoding. */
  public static final int MAX_USER_DATA_BYTES = Ec2Instances.MAX_USER_DATA_BYTES;

  /** Tag holding a hash of the launch's idempotency key, to find a launched host again. */
  public static final String LAUNCH_TAG = Ec2Instances.LAUNCH_TAG;

  private final AwsSettings settings;
  private final Function<Region, AwsClients> clientFactory;
  private final Duration poll;
  private final CallerAddress callerAddress;
  private volatile AwsClients clients;

  AwsLabProvider(
      AwsSettings settings,
      Function<Region, AwsClients> clientFactory,
      Duration poll,
      CallerAddress callerAddress) {
    this.settings = settings;
    this.clientFactory = clientFactory;
    this.poll = poll;
    this.callerAddress = callerAddress;
  }

  /** How the provider learns the caller's public address (for the default ingress rule). */
  @FunctionalInterface
  interface CallerAddress {
    /** The caller's public IPv4 address, or null when it cannot be told. */
    String lookup(AwsClients clients);
  }

  @Override
  public String id() {
    return AwsErrors.PROVIDER;
  }

  @Override
  public ProviderCapabilities capabilities() {
    return new ProviderCapabilities(true, true, true, MAX_USER_DATA_BYTES);
  }

  /** The settings this provider was made with (internal since design 0199). */
  AwsSettings settings() {
    return settings;
  }

  AwsClients clients(String requestedRegion) {
    AwsClients c = clients;
    if (c == null) {
      synchronized (this) {
        c = clients;
        if (c == null) {
          String r = settings.region() != null ? settings.region() : requestedRegion;
          Region region;
          if (r != null) {
            region = Region.of(r);
          } else {
            try {
              region =
                  software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain.builder()
                      .build()
                      .getRegion();
            } catch (RuntimeException e) {
              throw new InvalidSpecException(
                  "aws provider settings",
                  List.of(
                      Problem.of(
                          AwsSettings.REGION,
                          "no AWS region given and none configured; pass --provider-opt"
                              + " region=us-east-1 or set AWS_REGION")));
            }
          }
          c = clientFactory.apply(region);
          clients = c;
        }
      }
    }
    if (requestedRegion != null && !requestedRegion.equals(c.region().id())) {
      throw new InvalidSpecException(
          "aws provider",
          List.of(
              Problem.of(
                  "region",
                  "this provider works in "
                      + c.region().id()
                      + " but was asked for "
                      + requestedRegion
                      + "; create one provider per region")));
    }
    return c;
  }

  private Waits waits(AwsClients c) {
    return new Waits(c.ec2(), settings.waitTimeout(), poll);
  }

  // ---------------------------------------------------------------- preflight

  @Override
  public PreflightReport preflight(HostRequest request) {
    AwsClients c = clients(request.region());
    return new Ec2Preflight(c, quotas(c), images(c)).run(request);
  }

  private ServiceQuotasClient quotas(AwsClients c) {
    return new ServiceQuotasClient(
        c.http(),
        c.credentials(),
        settings.serviceQuotasEndpoint(c.region().id()),
        c.region().id(),
        Math.min(settings.maxAttempts(), 4),
        Duration.ofMillis(200));
  }

  private ImageResolver imageResolver;

  private synchronized ImageResolver images(AwsClients c) {
    if (imageResolver == null) {
      imageResolver = new ImageResolver(c.ec2(), c.ssm(), c.region().id(), settings.amiId());
    }
    return imageResolver;
  }

  // ---------------------------------------------------------------- network

  @Override
  public NetworkRef ensureNetwork(NetworkRequest request) {
    AwsClients c = clients(request.region());
    List<String> cidrs = ingressCidrs(c, request);
    return new Ec2Network(c.ec2(), c.region().id())
        .ensure(request, cidrs, settings.ingressPorts(), settings.subnetId());
  }

  /** The allowed ingress ranges: the request's, else the settings', else the caller's /32. */
  List<String> ingressCidrs(AwsClients c, NetworkRequest request) {
    return Ec2Network.ingressCidrs(
        !request.allowedIngressCidrs().isEmpty()
            ? request.allowedIngressCidrs()
            : settings.allowedIngressCidrs(),
        settings.allowAnyIngress(),
        AwsSettings.ANY_INGRESS_OPT_IN,
        () -> callerAddress.lookup(c));
  }

  // ---------------------------------------------------------------- instances

  private Ec2Instances instances(String region) {
    AwsClients c = clients(region);
    return new Ec2Instances(c.ec2(), c.region().id(), images(c), waits(c), settings.zoneFallback());
  }

  @Override
  public HostRef launchHost(HostRequest request) {
    return instances(request.region()).launch(request);
  }

  @Override
  public HostInfo describeHost(HostRef host) {
    return instances(host.region()).describe(host);
  }

  @Override
  public ConsoleOutput readConsole(HostRef host, long offset) {
    return instances(host.region()).console(host, offset);
  }

  @Override
  public void stopHost(HostRef host) {
    instances(host.region()).stop(host);
  }

  @Override
  public void startHost(HostRef host) {
    instances(host.region()).start(host);
  }

  @Override
  public void terminateHost(HostRef host) {
    instances(host.region()).terminate(host);
  }

  @Override
  public ImageRef snapshotHost(HostRef host, String name, Map<String, String> tags) {
    return instances(host.region()).snapshot(host, name, tags);
  }

  // ---------------------------------------------------------------- blueprints

  @Override
  public DiskSnapshot snapshotDataDisk(
      HostRef host, String name, Map<String, String> tags, String idempotencyKey) {
    AwsClients c = clients(host.region());
    return new Ec2Snapshots(c.ec2(), c.region().id())
        .snapshotDataDisk(host, name, tags, idempotencyKey);
  }

  @Override
  public DiskSnapshot describeSnapshot(String region, String snapshotId) {
    return inRegion(region, c -> new Ec2Snapshots(c.ec2(), c.region().id()).describe(snapshotId));
  }

  /**
   * Copies with {@code CopySnapshot} called in {@code targetRegion} (EC2 copies into the region
   * asked), with a client made for that region and closed after.
   */
  @Override
  public DiskSnapshot copySnapshot(
      DiskSnapshot source, String targetRegion, Map<String, String> tags, String idempotencyKey) {
    if (targetRegion == null || targetRegion.equals(source.region())) {
      throw new InvalidSpecException(
          "aws snapshot copy",
          List.of(
              Problem.of(
                  "targetRegion",
                  "snapshot "
                      + source.id()
                      + " already lives in "
                      + source.region()
                      + "; name another region to copy it to")));
    }
    String blueprint = tags.get(io.nestlab.spi.BlueprintTags.BLUEPRINT);
    String name = blueprint == null ? "nestlab-" + source.id() : "nestlab-bp-" + blueprint;
    return inRegion(
        targetRegion,
        c ->
            new Ec2Snapshots(c.ec2(), c.region().id())
                .copyFrom(
                    source,
                    name,
                    tags,
                    idempotencyKey,
                    settings.endpoint() == null
                        ? null
                        : Ec2Snapshots.presignedCopyUrl(
                            settings.endpoint(),
                            c.credentials(),
                            source.region(),
                            source.id(),
                            targetRegion)));
  }

  /**
   * Runs {@code work} with this provider's clients when {@code region} is its own (or null), else
   * with clients made for {@code region} and closed after: snapshots are read and copied across
   * regions, everything else stays in one.
   */
  private <T> T inRegion(String region, Function<AwsClients, T> work) {
    AwsClients own = clients(null);
    if (region == null || region.equals(own.region().id())) {
      return work.apply(own);
    }
    try (AwsClients other = clientFactory.apply(Region.of(region))) {
      return work.apply(other);
    }
  }

  // ---------------------------------------------------------------- owned resources

  private Ec2Inventory inventory(String region) {
    AwsClients c = clients(region);
    return new Ec2Inventory(c.ec2(), c.region().id(), waits(c));
  }

  @Override
  public List<OwnedResource> listOwned(TagFilter filter) {
    return inventory(null).list(filter);
  }

  @Override
  public void delete(OwnedResource resource) {
    inventory(resource.region()).delete(resource);
  }

  @Override
  public void renewLease(OwnedResource resource, Instant leaseUntil) {
    inventory(resource.region()).renewLease(resource, leaseUntil);
  }

  // ---------------------------------------------------------------- media

  /**
   * A short-lived presigned GET URL for {@code s3://bucket/key} media, so the L1 host needs no IAM
   * role; other URLs are returned unchanged.
   */
  @Override
  public URI mediaUrl(URI media, Duration validFor) {
    return S3Media.isS3(media)
        ? new S3Media(clients(null).presigner()).url(media, validFor)
        : media;
  }

  // ---------------------------------------------------------------- catalog

  /** Reads instance types, Spot prices and on-demand prices of this provider's region live. */
  public AwsCatalogRefresh.Result refreshCatalog(List<String> onDemandTypes) {
    AwsClients c = clients(null);
    return new AwsCatalogRefresh(c, settings.pricingEndpoint()).refresh(onDemandTypes);
  }

  /**
   * Reads this provider's whole region live: every KVM-capable type with its Spot and on-demand
   * prices, and the gp3 rate (see {@link AwsLiveCatalogSource}).
   */
  public AwsCatalogRefresh.Result refreshRegion() {
    AwsClients c = clients(null);
    return new AwsCatalogRefresh(c, settings.pricingEndpoint()).refreshRegion();
  }

  @Override
  public void close() {
    AwsClients c = clients;
    clients = null;
    if (c != null) {
      c.close();
    }
  }
}
