package io.nestlab.catalog;

/** Who made an instance type's processor; only x86-64 Intel (and, opted in, AMD) can be L1. */
public enum CpuVendor {
  INTEL,
  AMD,
  OTHER;

  /** Parses a vendor name case-insensitively; anything not Intel or AMD is {@link #OTHER}. */
  public static CpuVendor parse(String name) {
    if (name == null) {
      return OTHER;
    }
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "intel" -> INTEL;
      case "amd" -> AMD;
      default -> OTHER;
    };
  }
}
