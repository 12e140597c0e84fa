package io.nestlab.aws.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which EC2 vCPU quota (Service Quotas, service code {@code ec2}) a running instance counts
 * against: on-demand and Spot quotas are per instance-family class, such as "Running On-Demand
 * Standard (A, C, D, H, I, M, R, T, Z) instances" ({@code L-1216C47A}).
 */
public final class VcpuQuotas {
  /** One vCPU quota. */
  public record Quota(String code, String name) {}

  private static final Pattern LETTERS = Pattern.compile("^([a-z]+)");

  private static final Quota STANDARD =
      new Quota("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances");
  private static final Quota STANDARD_SPOT =
      new Quota("L-34B43A08", "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests");

  /** On-demand quotas by family class. */
  private static final Map<String, Quota> ON_DEMAND =
      Map.ofEntries(
          Map.entry("standard", STANDARD),
          Map.entry("f", new Quota("L-74FC7D96", "Running On-Demand F instances")),
          Map.entry("g", new Quota("L-DB2E81BA", "Running On-Demand G and VT instances")),
          Map.entry("p", new Quota("L-417A185B", "Running On-Demand P instances")),
          Map.entry("x", new Quota("L-7295265B", "Running On-Demand X instances")),
          Map.entry("u", new Quota("L-43DA4232", "Running On-Demand High Memory instances")),
          Map.entry("dl", new Quota("L-6E869C2A", "Running On-Demand DL instances")),
          Map.entry("inf", new Quota("L-1945791B", "Running On-Demand Inf instances")),
          Map.entry("trn", new Quota("L-2C3B7624", "Running On-Demand Trn instances")),
          Map.entry("hpc", new Quota("L-F7808C92", "Running On-Demand HPC instances")));

  /** Spot quotas by family class (AWS has none for high-memory and HPC types, sold on-demand). */
  private static final Map<String, Quota> SPOT =
      Map.ofEntries(
          Map.entry("standard", STANDARD_SPOT),
          Map.entry("f", new Quota("L-88CF9481", "All F Spot Instance Requests")),
          Map.entry("g", new Quota("L-3819A6DF", "All G and VT Spot Instance Requests")),
          Map.entry("p", new Quota("L-7212CCBC", "All P Spot Instance Requests")),
          Map.entry("x", new Quota("L-E3A00192", "All X Spot Instance Requests")),
          Map.entry("dl", new Quota("L-85EED4F7", "All DL Spot Instance Requests")),
          Map.entry("inf", new Quota("L-B5D1601B", "All Inf Spot Instance Requests")),
          Map.entry("trn", new Quota("L-6B0D517C", "All Trn Spot Instance Requests")));

  private VcpuQuotas() {}

  /** The quota that {@code instanceType} counts against, if NestLab knows it. */
  public static Optional<Quota> of(String instanceType, boolean spot) {
    String cls = familyClass(instanceType);
    return cls == null ? Optional.empty() : Optional.ofNullable((spot ? SPOT : ON_DEMAND).get(cls));
  }

  /**
   * The quota class of a type: {@code standard}, {@code f}, {@code g}, {@code p}, {@code x}, {@code
   * u}, {@code dl}, {@code inf}, {@code trn}, {@code hpc}; null for an unknown family (for example
   * {@code mac}, which runs on Dedicated Hosts only).
   */
  static String familyClass(String instanceType) {
    Matcher m = LETTERS.matcher(instanceType.toLowerCase(Locale.ROOT));
    if (!m.find()) {
      return null;
    }
    String letters = m.group(1);
    switch (letters) {
      case "dl", "inf", "trn", "hpc" -> {
        return letters;
      }
      case "vt" -> {
        return "g";
      }
      case "mac" -> {
        return null;
      }
      default -> {
        // handled by the first letter below
      }
    }
    return switch (letters.charAt(0)) {
      case 'a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z' -> "standard";
      case 'f', 'g', 'p', 'x', 'u' -> String.valueOf(letters.charAt(0));
      default -> null;
    };
  }
}
