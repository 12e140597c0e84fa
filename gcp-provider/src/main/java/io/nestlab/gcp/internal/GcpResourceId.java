package io.nestlab.gcp.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The id of one Compute Engine resource, in the short form NestLab keeps in {@code
 * OwnedResource.id()}: {@code zones/us-central1-a/instances/nestlab-lab1-0a1b2c3d}, {@code
 * regions/us-central1/subnetworks/nestlab-lab1} or {@code global/firewalls/nestlab-lab1-ingress}.
 * {@link #parse} also reads the {@code projects/<p>/...} path and the full self-link the API
 * returns, and says what is wrong with anything else.
 *
 * @param scope where the resource lives
 * @param location the zone or region; null for a global resource
 * @param collection the API collection, e.g. {@code instances}, {@code machineImages}
 * @param name the resource's name
 */
public record GcpResourceId(Scope scope, String location, String collection, String name) {
  /** Global, regional or zonal, with the path segment each stands under. */
  public enum Scope {
    GLOBAL("global"),
    REGION("regions"),
    ZONE("zones");

    private final String segment;

    Scope(String segment) {
      this.segment = segment;
    }

    String segment() {
      return segment;
    }
  }

  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z]+)*[0-9]+");
  private static final Pattern ZONE = Pattern.compile("[a-z]+(-[a-z]+)*[0-9]+-[a-z]");
  private static final Pattern COLLECTION = Pattern.compile("[a-z][A-Za-z]*s");
  private static final Pattern LINK_PREFIX =
      Pattern.compile("^(https?://[^/]+/compute/(v1|beta|alpha)/)?(projects/[^/]+/)?");

  public GcpResourceId {
    if (scope == null) {
      throw new IllegalArgumentException("a Compute Engine resource id needs a scope");
    }
    if (collection == null || !COLLECTION.matcher(collection).matches()) {
      throw new IllegalArgumentException(
          "'" + collection + "' is not a Compute Engine collection (such as instances)");
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a Compute Engine resource name ([a-z]([-a-z0-9]{0,61}[a-z0-9])?)");
    }
    Pattern where = scope == Scope.ZONE ? ZONE : scope == Scope.REGION ? REGION : null;
    if (where == null ? location != null : location == null || !where.matcher(location).matches()) {
      throw new IllegalArgumentException(
          "'"
              + location
              + "' is not a "
              + scope.name().toLowerCase(Locale.ROOT)
              + (scope == Scope.GLOBAL ? " resource's location (it has none)" : " name"));
    }
  }

  public static GcpResourceId zonal(String zone, String collection, String name) {
    return new GcpResourceId(Scope.ZONE, zone, collection, name);
  }

  public static GcpResourceId regional(String region, String collection, String name) {
    return new GcpResourceId(Scope.REGION, region, collection, name);
  }

  public static GcpResourceId global(String collection, String name) {
    return new GcpResourceId(Scope.GLOBAL, null, collection, name);
  }

  /**
   * Reads {@code zones/<zone>/<collection>/<name>}, {@code regions/<region>/<collection>/<name>} or
   * {@code global/<collection>/<name>}, optionally after {@code projects/<project>/} and the API
   * root of a self-link.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static GcpResourceId parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a Compute Engine resource id is empty");
    }
    List<String> p = List.of(LINK_PREFIX.matcher(text).replaceFirst("").split("/", -1));
    try {
      if (p.size() == 3 && p.get(0).equals(Scope.GLOBAL.segment())) {
        return global(p.get(1), p.get(2));
      }
      if (p.size() == 4 && p.get(0).equals(Scope.ZONE.segment())) {
        return zonal(p.get(1), p.get(2), p.get(3));
      }
      if (p.size() == 4 && p.get(0).equals(Scope.REGION.segment())) {
        return regional(p.get(1), p.get(2), p.get(3));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not a Compute Engine resource path; expected zones/<zone>/<collection>/<name>,"
            + " regions/<region>/<collection>/<name> or global/<collection>/<name>");
  }

  /** Like {@link #parse}, but also requires the collection (a wrong kind is a clear error). */
  public static GcpResourceId parse(String text, String collection) {
    GcpResourceId id = parse(text);
    if (!id.collection().equals(collection)) {
      throw new IllegalArgumentException(
          "'" + text + "' names " + id.collection() + ", not " + collection);
    }
    return id;
  }

  /** The zone of a zonal resource. */
  public String zone() {
    if (scope != Scope.ZONE) {
      throw new IllegalStateException(this + " is not zonal");
    }
    return location;
  }

  /** The region a zonal or regional resource is in; null for a global one. */
  public String region() {
    return switch (scope) {
      case ZONE -> regionOfZone(location);
      case REGION -> location;
      case GLOBAL -> null;
    };
  }

  /** The request field holding this resource's name: {@code machineImages} gives machine_image. */
  public String requestField() {
    String singular = collection.substring(0, collection.length() - 1);
    return singular.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  /** The short form: {@code zones/us-central1-a/instances/x}. */
  public String path() {
    return scope == Scope.GLOBAL
        ? scope.segment() + "/" + collection + "/" + name
        : scope.segment() + "/" + location + "/" + collection + "/" + name;
  }

  /** The form request bodies take: {@code projects/p/zones/us-central1-a/instances/x}. */
  public String path(String project) {
    return "projects/" + project + "/" + path();
  }

  /** {@code us-central1-a} gives {@code us-central1}. */
  public static String regionOfZone(String zone) {
    int dash = zone.lastIndexOf('-');
    if (dash <= 0) {
      throw new IllegalArgumentException("'" + zone + "' is not a zone name (region-letter)");
    }
    return zone.substring(0, dash);
  }

  @Override
  public String toString() {
    return path();
  }
}
