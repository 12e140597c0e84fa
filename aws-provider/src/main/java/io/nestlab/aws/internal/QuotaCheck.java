package io.nestlab.aws.internal;

import static io.nestlab.aws.internal.Ec2Tags.filter;

import io.nestlab.spi.PreflightReport.Check;
import io.nestlab.spi.PreflightReport.Status;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;

/**
 * The preflight check of the vCPU quota a launch counts against: the quota's value (Service Quotas)
 * against the vCPUs of the instances already running in the same quota plus the vCPUs the new type
 * needs. Fails only when the numbers show the launch would be refused; warns when the quota cannot
 * be read.
 */
public final class QuotaCheck {
  /** The check's name in the preflight report. */
  public static final String NAME = "vCPU quota";

  /** Reads one EC2 quota's value. */
  @FunctionalInterface
  public interface QuotaReader {
    QuotaValue read(String quotaCode);
  }

  /**
   * One quota's value.
   *
   * @param awsDefault true when the account has no applied value and AWS's default was read
   */
  public record QuotaValue(String code, String name, double value, boolean awsDefault) {}

  private final Ec2Client ec2;
  private final QuotaReader quotas;

  public QuotaCheck(Ec2Client ec2, QuotaReader quotas) {
    this.ec2 = ec2;
    this.quotas = quotas;
  }

  /**
   * Checks that {@code vcpus} more vCPUs of {@code instanceType} fit the quota.
   *
   * @param vcpus the type's default vCPUs, or null when unknown
   */
  public Check check(String region, String instanceType, Integer vcpus, boolean spot) {
    if (vcpus == null) {
      return new Check(
          NAME, Status.WARN, "not checked: the vCPU count of " + instanceType + " is unknown");
    }
    var known = VcpuQuotas.of(instanceType, spot);
    if (known.isEmpty()) {
      return new Check(
          NAME,
          Status.WARN,
          "not checked: NestLab knows no "
              + (spot ? "Spot" : "on-demand")
              + " vCPU quota for "
              + instanceType
              + "; it needs "
              + vcpus
              + " vCPUs");
    }
    VcpuQuotas.Quota quota = known.get();
    String named = "'" + quota.name() + "' (" + quota.code() + ")";
    QuotaValue value;
    try {
      value = quotas.read(quota.code());
    } catch (RuntimeException e) {
      return new Check(
          NAME,
          Status.WARN,
          "not read: "
              + e.getMessage()
              + ". Make sure quota "
              + named
              + " in "
              + region
              + " covers the "
              + vcpus
              + " vCPUs of "
              + instanceType
              + " plus those already running; a launch above it fails with VcpuLimitExceeded");
    }
    Integer used;
    String usedNote;
    try {
      used = vcpusInUse(quota.code(), spot);
      usedNote = used + " in use by running " + (spot ? "Spot" : "on-demand") + " instances";
    } catch (RuntimeException e) {
      used = null;
      usedNote = "vCPUs in use not counted (" + e.getMessage() + ")";
    }
    long limit = (long) Math.floor(value.value());
    long needed = (used == null ? 0 : used) + (long) vcpus;
    String numbers =
        named
            + " in "
            + region
            + " is "
            + number(value.value())
            + " vCPUs"
            + (value.awsDefault() ? " (AWS's default)" : "")
            + "; "
            + usedNote
            + "; "
            + instanceType
            + " needs "
            + vcpus;
    if (needed > limit) {
      return new Check(
          NAME,
          Status.FAIL,
          numbers + ". " + increaseAdvice(quota.code(), region, needed, used != null && used > 0));
    }
    return new Check(NAME, used == null ? Status.WARN : Status.OK, numbers);
  }

  /** How to get {@code needed} vCPUs of quota {@code code}: the console, the CLI, or less. */
  private static String increaseAdvice(String code, String region, long needed, boolean running) {
    return "Request an increase to at least "
        + needed
        + " in the Service Quotas console"
        + " (https://console.aws.amazon.com/servicequotas/home/services/ec2/quotas/"
        + code
        + ", region "
        + region
        + ") or with 'aws service-quotas request-service-quota-increase --region "
        + region
        + " --service-code ec2 --quota-code "
        + code
        + " --desired-value "
        + needed
        + "'"
        + (running ? ", stop instances you do not need," : "")
        + " or pick a smaller type";
  }

  private static String number(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** The vCPUs of pending and running instances that count against {@code quotaCode}. */
  int vcpusInUse(String quotaCode, boolean spot) {
    List<Instance> counted = new ArrayList<>();
    ec2.describeInstancesPaginator(
            b -> b.filters(filter("instance-state-name", "pending", "running")))
        .reservations()
        .forEach(
            r ->
                r.instances().stream()
                    .filter(i -> (i.instanceLifecycle() == InstanceLifecycleType.SPOT) == spot)
                    .filter(
                        i ->
                            VcpuQuotas.of(i.instanceTypeAsString(), spot)
                                .map(q -> q.code().equals(quotaCode))
                                .orElse(false))
                    .forEach(counted::add));
    Map<String, Integer> perType = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    int total = 0;
    for (Instance i : counted) {
      var cpu = i.cpuOptions();
      if (cpu != null && cpu.coreCount() != null && cpu.threadsPerCore() != null) {
        total += cpu.coreCount() * cpu.threadsPerCore();
      } else if (!unknown.contains(i.instanceTypeAsString())) {
        unknown.add(i.instanceTypeAsString());
      }
    }
    if (!unknown.isEmpty()) {
      ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings(unknown))
          .instanceTypes()
          .forEach(t -> perType.put(t.instanceTypeAsString(), t.vCpuInfo().defaultVCpus()));
      for (Instance i : counted) {
        var cpu = i.cpuOptions();
        if (cpu == null || cpu.coreCount() == null || cpu.threadsPerCore() == null) {
          total += perType.getOrDefault(i.instanceTypeAsString(), 0);
        }
      }
    }
    return total;
  }
}
