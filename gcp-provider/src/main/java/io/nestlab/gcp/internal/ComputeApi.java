package io.nestlab.gcp.internal;

import com.google.api.core.ApiFunction;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.compute.v1.DisksClient;
import com.google.cloud.compute.v1.DisksSettings;
import com.google.cloud.compute.v1.FirewallsClient;
import com.google.cloud.compute.v1.FirewallsSettings;
import com.google.cloud.compute.v1.GlobalOperationsClient;
import com.google.cloud.compute.v1.GlobalOperationsSettings;
import com.google.cloud.compute.v1.ImagesClient;
import com.google.cloud.compute.v1.ImagesSettings;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.MachineImagesClient;
import com.google.cloud.compute.v1.MachineImagesSettings;
import com.google.cloud.compute.v1.MachineTypesClient;
import com.google.cloud.compute.v1.MachineTypesSettings;
import com.google.cloud.compute.v1.NetworksClient;
import com.google.cloud.compute.v1.NetworksSettings;
import com.google.cloud.compute.v1.ProjectsClient;
import com.google.cloud.compute.v1.ProjectsSettings;
import com.google.cloud.compute.v1.RegionOperationsClient;
import com.google.cloud.compute.v1.RegionOperationsSettings;
import com.google.cloud.compute.v1.RegionsClient;
import com.google.cloud.compute.v1.RegionsSettings;
import com.google.cloud.compute.v1.SnapshotsClient;
import com.google.cloud.compute.v1.SnapshotsSettings;
import com.google.cloud.compute.v1.SubnetworksClient;
import com.google.cloud.compute.v1.SubnetworksSettings;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import io.nestlab.NestLab;
import io.nestlab.NestLabException;
import io.nestlab.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Compute Engine clients of one provider, created on first use and closed together; calls with
 * bounded retries of throttled requests; bounded waits on long-running operations. Vendor errors
 * leave this class as NestLab exceptions (see {@link GcpErrors}).
 */
public final class ComputeApi implements AutoCloseable {
  private static final List<String> SCOPES =
      List.of("https://www.googleapis.com/auth/cloud-platform");

  private final GcpSettings settings;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private CredentialsProvider credentials;
  private InstancesClient instances;
  private ZoneOperationsClient zoneOperations;
  private RegionOperationsClient regionOperations;
  private GlobalOperationsClient globalOperations;
  private NetworksClient networks;
  private SubnetworksClient subnetworks;
  private FirewallsClient firewalls;
  private RegionsClient regions;
  private MachineTypesClient machineTypes;
  private ImagesClient images;
  private MachineImagesClient machineImages;
  private DisksClient disks;
  private SnapshotsClient snapshots;
  private ProjectsClient projects;

  public ComputeApi(GcpSettings settings) {
    this.settings = settings;
  }

  public String project() {
    return settings.project();
  }

  GcpSettings settings() {
    return settings;
  }

  /** A client factory that may fail with an IOException. */
  private interface Create<T> {
    T create() throws IOException;
  }

  private synchronized <T extends AutoCloseable> T open(T existing, Create<T> create) {
    if (existing != null) {
      return existing;
    }
    try {
      T t = create.create();
      opened.add(t);
      return t;
    } catch (IOException e) {
      throw new ProviderException(
          GcpErrors.PROVIDER,
          "CREDENTIALS",
          null,
          false,
          false,
          "cannot set up Google Cloud credentials ("
              + e.getMessage()
              + "); run 'gcloud auth application-default login' or pass --provider-opt"
              + " credentials-file=<service-account key>",
          e);
    }
  }

  private synchronized CredentialsProvider credentials() throws IOException {
    if (credentials == null) {
      if (settings.credentialsFile() != null) {
        try (InputStream in = Files.newInputStream(settings.credentialsFile())) {
          credentials =
              FixedCredentialsProvider.create(
                  GoogleCredentials.fromStream(in).createScoped(SCOPES));
        }
      } else if (settings.endpoint() != null) {
        credentials = NoCredentialsProvider.create();
      } else {
        credentials =
            FixedCredentialsProvider.create(
                GoogleCredentials.getApplicationDefault().createScoped(SCOPES));
      }
    }
    return credentials;
  }

  private <B extends ClientSettings.Builder<?, B>> B common(B b) throws IOException {
    if (settings.endpoint() != null) {
      b.setEndpoint(settings.endpoint().toString().replaceAll("/+$", ""));
    }
    b.setCredentialsProvider(credentials());
    b.setHeaderProvider(
        FixedHeaderProvider.create("user-agent", "nestlab/" + NestLab.version() + " (gcp)"));
    return b;
  }

  private ApiFunction<UnaryCallSettings.Builder<?, ?>, Void> timeouts() {
    Duration t = settings.callTimeout();
    return u -> {
      // No hidden retries: this class retries throttled calls itself, with the same requestId.
      u.setSimpleTimeoutNoRetriesDuration(t);
      return null;
    };
  }

  public synchronized InstancesClient instances() {
    return instances =
        open(
            instances,
            () ->
                InstancesClient.create(
                    common(InstancesSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized ZoneOperationsClient zoneOperations() {
    return zoneOperations =
        open(
            zoneOperations,
            () ->
                ZoneOperationsClient.create(
                    common(ZoneOperationsSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized RegionOperationsClient regionOperations() {
    return regionOperations =
        open(
            regionOperations,
            () ->
                RegionOperationsClient.create(
                    common(RegionOperationsSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized GlobalOperationsClient globalOperations() {
    return globalOperations =
        open(
            globalOperations,
            () ->
                GlobalOperationsClient.create(
                    common(GlobalOperationsSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized NetworksClient networks() {
    return networks =
        open(
            networks,
            () ->
                NetworksClient.create(
                    common(NetworksSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized SubnetworksClient subnetworks() {
    return subnetworks =
        open(
            subnetworks,
            () ->
                SubnetworksClient.create(
                    common(SubnetworksSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized FirewallsClient firewalls() {
    return firewalls =
        open(
            firewalls,
            () ->
                FirewallsClient.create(
                    common(FirewallsSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized RegionsClient regions() {
    return regions =
        open(
            regions,
            () ->
                RegionsClient.create(
                    common(RegionsSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized MachineTypesClient machineTypes() {
    return machineTypes =
        open(
            machineTypes,
            () ->
                MachineTypesClient.create(
                    common(MachineTypesSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized ImagesClient images() {
    return images =
        open(
            images,
            () ->
                ImagesClient.create(
                    common(ImagesSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized MachineImagesClient machineImages() {
    return machineImages =
        open(
            machineImages,
            () ->
                MachineImagesClient.create(
                    common(MachineImagesSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized SnapshotsClient snapshots() {
    return snapshots =
        open(
            snapshots,
            () ->
                SnapshotsClient.create(
                    common(SnapshotsSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  public synchronized DisksClient disks() {
    return disks =
        open(
            disks,
            () ->
                DisksClient.create(
                    common(DisksSettings.newBuilder()).applyToAllUnaryMethods(timeouts()).build()));
  }

  public synchronized ProjectsClient projects() {
    return projects =
        open(
            projects,
            () ->
                ProjectsClient.create(
                    common(ProjectsSettings.newBuilder())
                        .applyToAllUnaryMethods(timeouts())
                        .build()));
  }

  /**
   * Runs one API call; a throttled or briefly unavailable call is repeated after a growing pause,
   * at most {@code maxRetries} times. Mutations must carry the same requestId on every attempt, so
   * a repeat never acts twice.
   */
  public <T> T call(String what, Supplier<T> call) {
    Duration pause = settings.pollInterval();
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (ApiException e) {
        boolean again =
            (GcpErrors.throttled(e) || GcpErrors.transientServer(e))
                && attempt < settings.maxRetries();
        if (!again) {
          throw GcpErrors.translate(e, what, settings.project());
        }
        sleep(pause);
        pause =
            pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30)
                : pause.multipliedBy(2);
      }
    }
  }

  /** Like {@link #call}, but a 404 gives null. */
  public <T> T getOrNull(String what, Supplier<T> call) {
    try {
      return call(what, call);
    } catch (ProviderException e) {
      if ("NOT_FOUND".equals(e.code())) {
        return null;
      }
      throw e;
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NestLabException("interrupted while waiting for Compute Engine", e);
    }
  }

  /** Closes every client opened. Never throws. */
  @Override
  public synchronized void close() {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing is best effort; a client that fails to close holds no cloud resources.
      }
    }
    opened.clear();
  }
}
