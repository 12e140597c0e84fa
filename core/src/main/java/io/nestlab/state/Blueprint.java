package io.nestlab.state;

import io.nestlab.spec.LabSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A saved lab (docs/blueprints.md): the snapshot of its host's data disk and what is needed to
 * start labs from it. Holds no secret.
 *
 * @param name the blueprint's name: lowercase letters, digits and '-'
 * @param provider the provider id
 * @param region the region of the snapshot it was saved as
 * @param snapshotId that snapshot
 * @param sizeGib the size of the disk saved (a restored data disk is at least as large)
 * @param storedGib what the cloud bills for (0 when it did not say: then {@code sizeGib})
 * @param spec the lab spec of the lab saved
 * @param specHash {@link io.nestlab.spi.BlueprintTags#SPEC_HASH}
 * @param esxiVersion the ESXi version of its hosts
 * @param vcenterVersion the vCenter version, or null when the lab has none
 * @param sourceLab the lab it was saved from
 * @param owner who saved it
 * @param created when it was saved
 * @param expires when {@code sweep} may delete it
 * @param storageUsdPerMonth what its storage costs per month, at the catalog's snapshot rate
 * @param copies copies in other regions: region to snapshot id
 */
public record Blueprint(
    String name,
    String provider,
    String region,
    String snapshotId,
    int sizeGib,
    long storedGib,
    LabSpec spec,
    String specHash,
    String esxiVersion,
    String vcenterVersion,
    String sourceLab,
    String owner,
    Instant created,
    Instant expires,
    BigDecimal storageUsdPerMonth,
    Map<String, String> copies) {

  public Blueprint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(snapshotId, "snapshotId");
    copies = copies == null ? Map.of() : Map.copyOf(new TreeMap<>(copies));
  }

  /** The snapshot to restore in {@code targetRegion}: the original or a copy. */
  public Optional<String> snapshotIn(String targetRegion) {
    if (Objects.equals(region, targetRegion)) {
      return Optional.of(snapshotId);
    }
    return Optional.ofNullable(copies.get(targetRegion));
  }

  /** This blueprint with a copy of its snapshot in {@code targetRegion}. */
  public Blueprint withCopy(String targetRegion, String copyId) {
    Map<String, String> all = new TreeMap<>(copies);
    all.put(targetRegion, copyId);
    return new Blueprint(
        name,
        provider,
        region,
        snapshotId,
        sizeGib,
        storedGib,
        spec,
        specHash,
        esxiVersion,
        vcenterVersion,
        sourceLab,
        owner,
        created,
        expires,
        storageUsdPerMonth,
        all);
  }

  /** The GiB the cloud bills for. */
  public long billedGib() {
    return storedGib > 0 ? storedGib : sizeGib;
  }
}
