package io.nestlab.aws.internal;

import static io.nestlab.aws.internal.Ec2Tags.filter;

import io.nestlab.catalog.Market;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.PreflightReport.Check;
import io.nestlab.spi.PreflightReport.Status;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

/**
 * What can be known before a launch on EC2: the user data fits, the credentials work, the type
 * exists and can run KVM (nested or bare metal), a zone offers it, RunInstances with these
 * parameters is allowed (DryRun), and the vCPU quota has room ({@link QuotaCheck}).
 */
public final class Ec2Preflight {
  private final AwsClients clients;
  private final QuotaCheck.QuotaReader quotas;
  private final ImageResolver images;

  public Ec2Preflight(AwsClients clients, QuotaCheck.QuotaReader quotas, ImageResolver images) {
    this.clients = clients;
    this.quotas = quotas;
    this.images = images;
  }

  public PreflightReport run(HostRequest request) {
    List<Check> checks = new ArrayList<>();
    String region = clients.region().id();
    checks.add(checkUserData(request));
    try {
      var id = clients.sts().getCallerIdentity();
      checks.add(
          new Check("credentials", Status.OK, "AWS account " + id.account() + " as " + id.arn()));
    } catch (RuntimeException e) {
      checks.add(new Check("credentials", Status.FAIL, message("reading the caller identity", e)));
      return new PreflightReport(AwsErrors.PROVIDER, checks);
    }
    InstanceTypeInfo info = null;
    try {
      var types =
          clients
              .ec2()
              .describeInstanceTypes(b -> b.instanceTypesWithStrings(request.instanceType()))
              .instanceTypes();
      info = types.isEmpty() ? null : types.get(0);
    } catch (RuntimeException e) {
      checks.add(
          new Check(
              "instance type", Status.FAIL, message("describing " + request.instanceType(), e)));
    }
    if (info != null) {
      checks.add(nestedCheck(request, info));
    }
    List<String> zones = List.of();
    try {
      zones = Ec2LaunchZones.zonesOffering(clients.ec2(), request.instanceType());
      if (zones.isEmpty()) {
        checks.add(
            new Check(
                "offering",
                Status.FAIL,
                request.instanceType()
                    + " is not offered in any zone of "
                    + region
                    + "; pick another region or type"));
      } else if (request.zone() != null && !zones.contains(request.zone())) {
        checks.add(
            new Check(
                "offering",
                Status.FAIL,
                request.instanceType()
                    + " is not offered in "
                    + request.zone()
                    + "; it is in "
                    + String.join(", ", zones)));
      } else {
        checks.add(
            new Check("offering", Status.OK, request.instanceType() + " is offered in " + zones));
      }
    } catch (RuntimeException e) {
      checks.add(new Check("offering", Status.FAIL, message("reading offerings", e)));
    }
    checks.add(dryRun(request, zones));
    checks.add(
        new QuotaCheck(clients.ec2(), quotas)
            .check(
                region,
                request.instanceType(),
                info == null || info.vCpuInfo() == null ? null : info.vCpuInfo().defaultVCpus(),
                request.market() == Market.SPOT));
    return new PreflightReport(AwsErrors.PROVIDER, checks);
  }

  private static Check checkUserData(HostRequest request) {
    int bytes = request.userDataSize();
    if (bytes > Ec2Instances.MAX_USER_DATA_BYTES) {
      return new Check("user data", Status.FAIL, Ec2Instances.userDataTooLarge(bytes));
    }
    return new Check(
        "user data", Status.OK, bytes + " of " + Ec2Instances.MAX_USER_DATA_BYTES + " bytes");
  }

  private static Check nestedCheck(HostRequest request, InstanceTypeInfo info) {
    boolean metal = Boolean.TRUE.equals(info.bareMetal());
    boolean nested =
        info.processorInfo() != null
            && info.processorInfo().supportedFeaturesAsStrings().contains("nested-virtualization");
    if (request.nestedVirtualization()) {
      return nested
          ? new Check(
              "virtualization",
              Status.OK,
              request.instanceType() + " supports nested virtualization")
          : new Check(
              "virtualization",
              Status.FAIL,
              request.instanceType()
                  + " does not support nested virtualization; pick a C8i/M8i/R8i type or a .metal type");
    }
    return metal
        ? new Check("virtualization", Status.OK, request.instanceType() + " is bare metal")
        : new Check(
            "virtualization",
            Status.FAIL,
            request.instanceType()
                + " is neither bare metal nor launched with nested virtualization; KVM cannot run on it");
  }

  private Check dryRun(HostRequest request, List<String> zones) {
    try {
      String ami = images.imageId();
      String zone = request.zone() != null ? request.zone() : zones.isEmpty() ? null : zones.get(0);
      String subnet =
          request.network() == null || zone == null ? null : existingSubnet(request, zone);
      clients
          .ec2()
          .runInstances(
              Ec2InstanceBody.of(
                  request,
                  ami,
                  images.rootDeviceName(),
                  subnet,
                  request.network(),
                  zone,
                  null,
                  true));
      return new Check("dry run", Status.WARN, "RunInstances DryRun was not refused nor confirmed");
    } catch (AwsServiceException e) {
      String code = AwsErrors.code(e);
      if ("DryRunOperation".equals(code)) {
        return new Check("dry run", Status.OK, "RunInstances with these parameters is allowed");
      }
      if ("VPCIdNotSpecified".equals(code) || "MissingInput".equals(code)) {
        return new Check(
            "dry run",
            Status.OK,
            "allowed; the network is made at launch (" + code + " without a subnet)");
      }
      return new Check("dry run", Status.FAIL, message("RunInstances DryRun", e));
    } catch (RuntimeException e) {
      return new Check("dry run", Status.FAIL, message("RunInstances DryRun", e));
    }
  }

  private static String message(String what, RuntimeException e) {
    if (e instanceof SdkException s) {
      return AwsErrors.translate(what, s).getMessage();
    }
    return what + " failed: " + e.getMessage();
  }

  private String existingSubnet(HostRequest request, String zone) {
    if ("true".equals(request.network().ids().get(Ec2Network.REUSED))) {
      return request.network().ids().get(Ec2Network.SUBNET);
    }
    var subnets =
        clients
            .ec2()
            .describeSubnets(
                b ->
                    b.filters(
                        filter("tag:" + LabTags.LAB, request.labId()),
                        filter("availability-zone", zone)))
            .subnets();
    return subnets.isEmpty() ? null : subnets.get(0).subnetId();
  }
}
