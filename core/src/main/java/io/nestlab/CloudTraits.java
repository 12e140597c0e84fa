package io.nestlab;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * What NestLab's core knows about one cloud, as data: the one place outside a provider's own module
 * that names a cloud. The built-in rows live in {@code io/nestlab/catalog/clouds.tsv} (read by
 * {@link Clouds}); a provider's factory may override its row.
 *
 * @param id the stable provider id ({@code aws}, {@code gcp}, {@code fake})
 * @param displayName how messages name the cloud ({@code AWS}, {@code GCE})
 * @param simulated a cloud that only simulates one (the fake): it accepts any region name that
 *     matches its pattern but owns none, so a region is never said to be "of" it
 * @param regionPattern a regular expression every region name of this cloud matches, and no other
 *     real cloud's does
 * @param zonePattern a regular expression every zone name matches; group 1 is the zone's region
 * @param exampleRegion a region for messages ({@code us-east-1})
 * @param userDataMaxBytes the most user data a launch accepts, in bytes, as the host receives it
 * @param userDataEncoding how user data must be packed for this cloud
 * @param storageSchemes URL schemes of this cloud's object storage ({@code s3}); its hosts read
 *     them with their own identity, other clouds' hosts cannot
 * @param billingMinimumPerStart the least one instance start is billed for
 * @param nestedSeries instance series that can run KVM as a nested-virtualization VM (for messages
 *     and the catalog generator), lower case
 * @param spotMetal whether bare-metal types can be bought on the spot market
 * @param spotNested whether nested-virtualization VMs can be bought on the spot market
 * @param spotNote why some types cannot be spot, appended to "no eligible type" explanations; empty
 *     for none
 * @param leaseSource how the L1 host reads its lease
 * @param calendarMonthDisks whether disks are prorated over the real calendar month rather than a
 *     730-hour month (see {@link io.nestlab.cost.BillingRules})
 * @param spotInterruptionFreeFirstHour whether a spot instance the cloud interrupts within its
 *     first hour is not charged for that hour (AWS)
 * @param hyperdiskOnly instance series whose disks can only be Hyperdisk Balanced, lower case;
 *     {@code metal} stands for every bare-metal type
 * @param customShapes instance series this cloud sells in custom shapes (vCPUs and memory chosen
 *     within {@link io.nestlab.catalog.CustomShapeRules}), lower case
 * @param credentialSources where this cloud's SDK finds credentials first, each {@code
 *     env:VARIABLE}, {@code option:KEY} (a provider setting) or {@code file:PATH} (under the home
 *     directory); empty for a cloud that needs none
 * @param credentialsHint what to do when none of {@code credentialSources} is there, for messages
 *     ("set ... or run ..."); empty for a cloud that needs none
 * @param apiRate the most API calls per second one runner makes to this cloud in a fleet {@code
 *     up}, below the cloud's own throttling, as {@code io.nestlab.engine.ApiRate} reads it ({@code
 *     5/s,burst=10}, or {@code none})
 */
public record CloudTraits(
    String id,
    String displayName,
    boolean simulated,
    String regionPattern,
    String zonePattern,
    String exampleRegion,
    int userDataMaxBytes,
    UserDataEncoding userDataEncoding,
    Set<String> storageSchemes,
    Duration billingMinimumPerStart,
    Set<String> nestedSeries,
    boolean spotMetal,
    boolean spotNested,
    String spotNote,
    LeaseSource leaseSource,
    boolean calendarMonthDisks,
    boolean spotInterruptionFreeFirstHour,
    Set<String> hyperdiskOnly,
    Set<String> customShapes,
    List<String> credentialSources,
    String credentialsHint,
    String apiRate) {

  /** How user data is packed for a cloud. */
  public enum UserDataEncoding {
    /** Gzip-compressed cloud-config (large files deferred), within the limit; EC2. */
    GZIP,
    /** Plain text cloud-config within the limit (metadata values hold text only); GCE. */
    TEXT
  }

  /**
   * Where the L1 host's dead-man switch reads its lease (see nestlab-lib.sh {@code read_lease}).
   */
  public enum LeaseSource {
    /** The instance tag, through IMDSv2 with instance metadata tags enabled. */
    AWS_INSTANCE_TAG,
    /** The instance metadata attribute {@code nestlab-lease-until}. */
    GCE_METADATA_ATTRIBUTE,
    /** No metadata: first boot plus the lab's TTL. */
    NONE;

    /** The value the host scripts see in {@code LEASE_SOURCE}: {@code aws-instance-tag}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public CloudTraits {
    Objects.requireNonNull(id, "id");
    if (!CloudNames.isId(id)) {
      throw new IllegalArgumentException(
          "cloud id '" + id + "' must be lower-case letters, digits and dashes");
    }
    String where = "cloud " + id + ": ";
    requireText(displayName, where + "displayName");
    requireRegex(regionPattern, where + "regionPattern");
    requireRegex(zonePattern, where + "zonePattern");
    requireText(exampleRegion, where + "exampleRegion");
    if (!Patterns.of(regionPattern).matcher(exampleRegion).matches()) {
      throw new IllegalArgumentException(
          where + "exampleRegion " + exampleRegion + " does not match regionPattern");
    }
    if (userDataMaxBytes <= 0) {
      throw new IllegalArgumentException(
          where + "userDataMaxBytes must be positive, not " + userDataMaxBytes);
    }
    Objects.requireNonNull(userDataEncoding, where + "userDataEncoding");
    storageSchemes = Set.copyOf(storageSchemes);
    if (billingMinimumPerStart == null || billingMinimumPerStart.isNegative()) {
      throw new IllegalArgumentException(where + "billingMinimumPerStart must be zero or positive");
    }
    nestedSeries = Set.copyOf(nestedSeries);
    spotNote = spotNote == null ? "" : spotNote;
    Objects.requireNonNull(leaseSource, where + "leaseSource");
    hyperdiskOnly = Set.copyOf(hyperdiskOnly);
    customShapes = Set.copyOf(customShapes);
    credentialSources = List.copyOf(credentialSources);
    for (String source : credentialSources) {
      if (!CloudNames.isCredentialSource(source)) {
        throw new IllegalArgumentException(
            where
                + "credential source '"
                + source
                + "' is not env:VARIABLE, option:KEY or file:PATH");
      }
    }
    credentialsHint = credentialsHint == null ? "" : credentialsHint;
    apiRate = apiRate == null || apiRate.isBlank() ? "none" : apiRate.strip();
    if (!credentialSources.isEmpty() && credentialsHint.isBlank()) {
      throw new IllegalArgumentException(
          where + "credentialsHint is empty; say how to give the credentials");
    }
  }

  /** Traits with the billing and disk rules of a simple cloud: 730-hour disks, no special rules. */
  public CloudTraits(
      String id,
      String displayName,
      boolean simulated,
      String regionPattern,
      String zonePattern,
      String exampleRegion,
      int userDataMaxBytes,
      UserDataEncoding userDataEncoding,
      Set<String> storageSchemes,
      Duration billingMinimumPerStart,
      Set<String> nestedSeries,
      boolean spotMetal,
      boolean spotNested,
      String spotNote,
      LeaseSource leaseSource) {
    this(
        id,
        displayName,
        simulated,
        regionPattern,
        zonePattern,
        exampleRegion,
        userDataMaxBytes,
        userDataEncoding,
        storageSchemes,
        billingMinimumPerStart,
        nestedSeries,
        spotMetal,
        spotNested,
        spotNote,
        leaseSource,
        false,
        false,
        Set.of(),
        Set.of(),
        List.of(),
        "",
        "none");
  }

  /** Whether a type of {@code series} (bare metal or not) takes only Hyperdisk Balanced disks. */
  public boolean hyperdiskOnly(String series, boolean metal) {
    return (metal && hyperdiskOnly.contains("metal"))
        || (series != null && hyperdiskOnly.contains(series.toLowerCase(Locale.ROOT)));
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
  }

  private static void requireRegex(String value, String what) {
    requireText(value, what);
    try {
      Patterns.of(value);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(what + " is not a regular expression: " + e.getMessage());
    }
  }

  /** Whether {@code region} is a region name of this cloud. */
  public boolean isRegion(String region) {
    return region != null && Patterns.of(regionPattern).matcher(region).matches();
  }

  /** The region of {@code zone} when it is a zone name of this cloud; null otherwise. */
  public String regionOfZone(String zone) {
    if (zone == null) {
      return null;
    }
    var m = Patterns.of(zonePattern).matcher(zone);
    return m.matches() && m.groupCount() >= 1 ? m.group(1) : null;
  }
}
