package io.nestlab.fake.internal;

import io.nestlab.catalog.HostKind;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.PreflightReport.Check;
import io.nestlab.spi.PreflightReport.Status;
import java.util.ArrayList;
import java.util.List;

/** The fake cloud's preflight: region, instance type, nesting flag, quota, user data size. */
public final class FakePreflight {
  private final FakeCloud cloud;
  private final int maxUserDataBytes;

  public FakePreflight(FakeCloud cloud, int maxUserDataBytes) {
    this.cloud = cloud;
    this.maxUserDataBytes = maxUserDataBytes;
  }

  public PreflightReport check(HostRequest request) {
    return cloud.call(
        "preflight",
        data -> {
          List<Check> checks = new ArrayList<>();
          checks.add(regionCheck(request.region()));
          checks.addAll(typeChecks(request));
          checks.add(
              cloud.faults().quotaError()
                  ? new Check(
                      "quota",
                      Status.FAIL,
                      "vCPU quota 0 of fake-central-1 is exhausted; raise it (fake setting"
                          + " quota-error=false)")
                  : new Check("quota", Status.OK, "vCPU quota sufficient"));
          int bytes = request.userDataSize();
          checks.add(
              bytes > maxUserDataBytes
                  ? new Check(
                      "user data",
                      Status.FAIL,
                      bytes + " bytes exceed the limit of " + maxUserDataBytes)
                  : new Check("user data", Status.OK, bytes + " bytes"));
          checks.add(new Check("credentials", Status.OK, "the fake cloud needs none"));
          return new PreflightReport(FakeCloud.ID, checks);
        });
  }

  private static List<Check> typeChecks(HostRequest request) {
    var type = FakeCatalog.find(request.instanceType());
    if (type.isEmpty()) {
      return List.of(
          new Check(
              "instance type",
              Status.FAIL,
              request.instanceType() + " is not offered; choose one of " + FakeCloud.typeNames()));
    }
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("instance type", Status.OK, request.instanceType() + " offered"));
    boolean metal = type.get().kind() == HostKind.METAL;
    if (request.nestedVirtualization() && metal) {
      checks.add(
          new Check(
              "nested virtualization",
              Status.WARN,
              "metal hosts need no nested-virtualization flag"));
    } else if (!request.nestedVirtualization() && !metal) {
      checks.add(
          new Check(
              "nested virtualization",
              Status.FAIL,
              request.instanceType() + " is a VM: enable nested virtualization"));
    } else {
      checks.add(new Check("nested virtualization", Status.OK, "allowed"));
    }
    return checks;
  }

  private static Check regionCheck(String region) {
    return region == null || region.equals(FakeCatalog.REGION)
        ? new Check("region", Status.OK, FakeCatalog.REGION)
        : new Check("region", Status.FAIL, region + " does not exist; use " + FakeCatalog.REGION);
  }
}
