package io.nestlab.engine.internal;

import io.nestlab.spec.GuestSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MediaRef;
import io.nestlab.spec.MediaSpec;
import java.util.List;
import java.util.function.UnaryOperator;

/** Rewrites every media URL of a lab (installer ISOs, guest images) through a function. */
public final class MediaUrls {
  private MediaUrls() {}

  /** The spec with each media URL replaced by {@code resolve(url)}; the same spec if none. */
  public static LabSpec resolve(LabSpec spec, UnaryOperator<String> resolve) {
    MediaSpec m = spec.media();
    MediaSpec media = new MediaSpec(ref(m.esxiIso(), resolve), ref(m.vcsaIso(), resolve));
    List<GuestSpec> guests =
        spec.guests().stream()
            .map(
                g ->
                    g.image() == null
                        ? g
                        : new GuestSpec(
                            g.name(),
                            g.cpus(),
                            g.memoryGib(),
                            g.diskGib(),
                            g.host(),
                            resolve.apply(g.image())))
            .toList();
    return new LabSpec(
        spec.apiVersion(),
        spec.name(),
        spec.esxi(),
        spec.vcenter(),
        guests,
        spec.network(),
        media,
        spec.upgrade() == null
            ? null
            : new io.nestlab.spec.UpgradeSpec(
                spec.upgrade().esxiVersion(),
                spec.upgrade().vcenterVersion(),
                ref(spec.upgrade().esxiIso(), resolve),
                ref(spec.upgrade().vcsaIso(), resolve),
                spec.upgrade().applianceHost(),
                ref(spec.upgrade().esxiDepot(), resolve)),
        spec.policy(),
        spec.placement());
  }

  /**
   * Warnings for media in another cloud's storage, which {@code provider}'s hosts cannot read (an
   * AWS host has no Google identity, a GCE host no AWS one): the bootstrap would stop at its media
   * phase, so the user hears it before paying. Empty for providers that own no storage scheme.
   */
  public static List<String> foreign(LabSpec spec, String provider) {
    // Which cloud's storage a URL scheme names comes from the clouds' traits: its hosts reach it
    // with their own identity, which no other cloud's host has.
    io.nestlab.Clouds clouds = io.nestlab.Clouds.builtIn();
    java.util.Set<String> own =
        clouds
            .find(provider)
            .map(io.nestlab.CloudTraits::storageSchemes)
            .orElse(java.util.Set.of());
    if (own.isEmpty()) {
      return List.of();
    }
    List<String> urls = new java.util.ArrayList<>();
    MediaSpec m = spec.media();
    List<MediaRef> refs =
        new java.util.ArrayList<>(java.util.Arrays.asList(m.esxiIso(), m.vcsaIso()));
    if (spec.upgrade() != null) {
      refs.add(spec.upgrade().esxiIso());
      refs.add(spec.upgrade().vcsaIso());
      refs.add(spec.upgrade().esxiDepot());
    }
    for (MediaRef r : refs) {
      if (r != null && r.url() != null) {
        urls.add(r.url());
      }
    }
    spec.guests().stream()
        .map(GuestSpec::image)
        .filter(java.util.Objects::nonNull)
        .forEach(urls::add);
    List<String> out = new java.util.ArrayList<>();
    for (String url : urls) {
      int colon = url.indexOf("://");
      String owner =
          colon < 0
              ? null
              : clouds
                  .ownerOfScheme(url.substring(0, colon))
                  .map(io.nestlab.CloudTraits::id)
                  .orElse(null);
      if (owner != null && !owner.equals(provider)) {
        out.add(
            "media: "
                + url
                + " is in "
                + owner
                + " storage, which a "
                + provider
                + " host cannot read; its bootstrap will stop at the media phase (use an https://"
                + " URL, or "
                + String.join(" or ", own.stream().sorted().map(x -> x + "://").toList())
                + ")");
      }
    }
    return out;
  }

  private static MediaRef ref(MediaRef ref, UnaryOperator<String> resolve) {
    return ref == null || ref.url() == null
        ? ref
        : new MediaRef(resolve.apply(ref.url()), ref.sha256());
  }
}
