package io.nestlab.spec;

/** The installer media; a null field means that image is not given. */
public record MediaSpec(MediaRef esxiIso, MediaRef vcsaIso) {
  public static MediaSpec none() {
    return new MediaSpec(null, null);
  }
}
