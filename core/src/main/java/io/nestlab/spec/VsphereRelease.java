package io.nestlab.spec;

import io.nestlab.spec.VsphereKnowledge.Product;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One published build of ESXi or vCenter: an update's first build ({@code 8.0U3}) or one of its
 * patch releases ({@code 8.0U3e}, {@code 9.0.2}), from {@link VsphereKnowledge#releases}.
 *
 * @param product ESXi or vCenter
 * @param version the update the build belongs to, {@code 8.0U3} for {@code 8.0U3e}
 * @param name the release's own name, as release notes spell it: {@code 8.0U3e}, {@code 9.0.2}
 * @param build the build number (for vCenter, the ISO build the release notes name)
 * @param released the release date, or null when no source for it was found; a release without a
 *     date takes no part in the back-in-time check
 * @param source where the build (and date) come from
 * @param note what is uncertain about the row, or empty
 */
public record VsphereRelease(
    Product product,
    VsphereVersion version,
    String name,
    long build,
    LocalDate released,
    String source,
    String note) {

  public VsphereRelease {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    note = note == null ? "" : note;
    if (build <= 0) {
      throw new IllegalArgumentException("release " + name + ": build must be positive");
    }
  }

  /** The release date, when a source for it was found. */
  public Optional<LocalDate> releaseDate() {
    return Optional.ofNullable(released);
  }

  /** Whether this release came out before {@code other}; false when either date is unknown. */
  public boolean releasedBefore(VsphereRelease other) {
    return released != null && other.released != null && released.isBefore(other.released);
  }

  /** {@code ESXi 8.0U3e (build 24674464, 2025-04-10)}: how messages name a release. */
  public String describe() {
    return (product == Product.ESXI ? "ESXi " : "vCenter ")
        + name
        + " (build "
        + build
        + (released == null ? "" : ", " + released)
        + ")";
  }
}
