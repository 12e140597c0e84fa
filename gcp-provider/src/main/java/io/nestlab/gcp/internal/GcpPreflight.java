package io.nestlab.gcp.internal;

import com.google.cloud.compute.v1.Image;
import com.google.cloud.compute.v1.MachineType;
import com.google.cloud.compute.v1.Quota;
import com.google.cloud.compute.v1.Region;
import io.nestlab.InvalidSpecException;
import io.nestlab.ProviderException;
import io.nestlab.catalog.Market;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.PreflightReport.Check;
import io.nestlab.spi.PreflightReport.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * What can be known before a launch: the project is reachable, the machine type exists in the zone
 * and can nest, the CPU quota has room, the image family resolves, what the host's service account
 * may read, and whether the user data fits in a metadata value.
 */
public final class GcpPreflight {
  /** GCE metadata values are limited to 256 KiB each. */
  public static final int MAX_USER_DATA_BYTES = 256 * 1024;

  private final GcpSettings settings;
  private final ComputeApi api;
  private final GcpCalls calls;
  private final String project;

  public GcpPreflight(GcpSettings settings, ComputeApi api, GcpCalls calls) {
    this.settings = settings;
    this.api = api;
    this.calls = calls;
    this.project = settings.project();
  }

  public PreflightReport run(HostRequest request) {
    List<Check> checks = new ArrayList<>();
    String region = settings.regionFor(request.region());
    checks.add(
        check(
            "project",
            () -> {
              api.call("read project " + project, () -> api.projects().get(project));
              return ok("project " + project + " is reachable");
            }));
    MachineSeries series;
    try {
      series = MachineSeries.of(request.instanceType());
    } catch (IllegalArgumentException e) {
      checks.add(new Check("machine type", Status.FAIL, e.getMessage()));
      return new PreflightReport(GcpErrors.PROVIDER, checks);
    }
    checks.add(nestedCheck(request, series));
    String zone;
    try {
      zone = calls.zonesInOrder(region, request.zone(), settings.zone()).get(0);
    } catch (ProviderException e) {
      checks.add(new Check("region", Status.FAIL, e.getMessage()));
      return new PreflightReport(GcpErrors.PROVIDER, checks);
    }
    int[] vcpus = {0};
    checks.add(check("machine type", () -> machineTypeCheck(request, zone, vcpus)));
    checks.add(check("quota", () -> quotaCheck(request, series, region, vcpus[0])));
    checks.add(check("image", this::imageCheck));
    checks.add(serviceAccountCheck());
    checks.add(userDataCheck(request));
    return new PreflightReport(GcpErrors.PROVIDER, checks);
  }

  private Check machineTypeCheck(HostRequest request, String zone, int[] vcpus) {
    MachineType mt =
        api.getOrNull(
            "read machine type",
            () -> api.machineTypes().get(project, zone, request.instanceType()));
    if (mt == null) {
      return new Check(
          "machine type",
          Status.FAIL,
          request.instanceType()
              + " is not offered in "
              + zone
              + "; pick another zone (--provider-opt zone=...) or machine type");
    }
    vcpus[0] = mt.getGuestCpus();
    return ok(
        request.instanceType()
            + " is offered in "
            + zone
            + " ("
            + mt.getGuestCpus()
            + " vCPUs, "
            + mt.getMemoryMb() / 1024
            + " GiB)");
  }

  private Check quotaCheck(HostRequest request, MachineSeries series, String region, int vcpus) {
    Region r = api.call("read region " + region, () -> api.regions().get(project, region));
    String metric = series.cpuQuotaMetric(request.market() == Market.SPOT);
    for (Quota q : r.getQuotasList()) {
      if (q.getMetric().equals(metric)) {
        double free = q.getLimit() - q.getUsage();
        if (vcpus > free) {
          return new Check(
              "quota",
              Status.FAIL,
              metric
                  + " in "
                  + region
                  + ": "
                  + (long) free
                  + " of "
                  + (long) q.getLimit()
                  + " free, "
                  + vcpus
                  + " needed; request more at"
                  + " https://console.cloud.google.com/iam-admin/quotas?project="
                  + project);
        }
        return ok(metric + " in " + region + ": " + (long) free + " free");
      }
    }
    return new Check("quota", Status.WARN, "no " + metric + " quota listed for " + region);
  }

  private Check imageCheck() {
    Image img =
        api.call(
            "resolve image family",
            () -> api.images().getFromFamily(settings.imageProject(), settings.imageFamily()));
    return ok(
        settings.imageProject() + "/" + settings.imageFamily() + " resolves to " + img.getName());
  }

  /** Says what the host may read with its token, so the choice shows in every preflight. */
  private Check serviceAccountCheck() {
    String sa = settings.serviceAccount();
    if (sa == null) {
      return ok(
          "service account",
          "none: the host holds no Google token, so gs:// media cannot be fetched"
              + " (service-account=none)");
    }
    return ok(
        "service account",
        (sa.equals("default") ? "the project's Compute Engine default service account" : sa)
            + " with read-only Cloud Storage scope, for gs:// media; the host can read every"
            + " object that account may read (see service-account in docs/providers/gcp.md)");
  }

  private static Check userDataCheck(HostRequest request) {
    int bytes = request.userDataSize();
    if (request.userDataCompressed()) {
      return new Check(
          "user data",
          Status.FAIL,
          "it is gzip-compressed; GCE metadata holds text only (render it for gcp)");
    }
    return bytes > MAX_USER_DATA_BYTES
        ? new Check("user data", Status.FAIL, userDataTooLarge(bytes))
        : ok("user data", bytes + " of " + MAX_USER_DATA_BYTES + " bytes");
  }

  private static Check nestedCheck(HostRequest request, MachineSeries series) {
    if (series.metal()) {
      return ok("nested virtualization", request.instanceType() + " is bare metal: none needed");
    }
    if (!request.nestedVirtualization()) {
      return new Check(
          "nested virtualization",
          Status.WARN,
          "not requested for " + request.instanceType() + "; ESXi will not start its VMs");
    }
    if (!series.supportsNestedVirtualization()) {
      return new Check("nested virtualization", Status.FAIL, series.nestedRefusal());
    }
    return new Check(
        "nested virtualization",
        Status.WARN,
        "supported by "
            + series.series()
            + "; the organisation policy "
            + GcpErrors.NESTED_POLICY
            + " can still forbid it and is only seen at launch");
  }

  /** Why user data of {@code bytes} cannot be launched, and what to do. */
  public static String userDataTooLarge(int bytes) {
    return "user data is "
        + bytes
        + " bytes; Compute Engine metadata values hold at most "
        + MAX_USER_DATA_BYTES
        + " bytes (256 KiB). Move large files out of cloud-init (fetch them at boot) or"
        + " compress the user data";
  }

  private interface CheckBody {
    Check run();
  }

  private static Check check(String name, CheckBody body) {
    try {
      Check c = body.run();
      return c.name() == null ? new Check(name, c.status(), c.detail()) : c;
    } catch (ProviderException | InvalidSpecException e) {
      return new Check(name, Status.FAIL, e.getMessage());
    }
  }

  private static Check ok(String detail) {
    return new Check(null, Status.OK, detail);
  }

  private static Check ok(String name, String detail) {
    return new Check(name, Status.OK, detail);
  }
}
