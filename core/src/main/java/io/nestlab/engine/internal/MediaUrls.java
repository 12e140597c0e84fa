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
        spec.upgrade(),
        spec.policy(),
        spec.placement());
  }

  private static MediaRef ref(MediaRef ref, UnaryOperator<String> resolve) {
    return ref == null || ref.url() == null
        ? ref
        : new MediaRef(resolve.apply(ref.url()), ref.sha256());
  }
}
