package io.nestlab.engine.internal;

import io.nestlab.NestLabException;
import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.engine.UserDataRenderer;
import io.nestlab.engine.UserDataRequest;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.LabProvider;
import io.nestlab.state.LabRecord;
import java.net.URI;
import java.time.Duration;

/**
 * Renders a lab's user data, with media URLs the host can fetch without credentials of its own (a
 * provider signs its storage's URLs). Signing and rendering happen once per {@link #prepare} call;
 * the create pipeline calls it once per run and shares the result between its steps.
 */
public final class UserDataPreparer {
  /**
   * How long a signed media URL lives: the host downloads its media in its first hour or so; a
   * longer life would only widen the exposure of a URL that sits in the user data.
   */
  public static final Duration MEDIA_URL_LIFETIME = Duration.ofHours(6);

  private UserDataPreparer() {}

  public static PackedUserData prepare(
      UserDataRenderer renderer, LabRecord rec, LabProvider provider, String publicKey) {
    LabSpec spec =
        MediaUrls.resolve(
            rec.spec(), url -> provider.mediaUrl(URI.create(url), MEDIA_URL_LIFETIME).toString());
    try {
      return renderer.render(
          new UserDataRequest(
              rec.labId(),
              spec,
              rec.plan(),
              publicKey,
              HostRequests.tags(rec),
              Restores.snapshotOf(rec).isPresent()));
    } catch (RuntimeException e) {
      if (spec.equals(rec.spec())) {
        throw e;
      }
      // The message would quote signed URLs (capabilities): report the original spec's problem,
      // or else say what was refused without the URLs.
      renderer.render(
          new UserDataRequest(
              rec.labId(),
              rec.spec(),
              rec.plan(),
              publicKey,
              HostRequests.tags(rec),
              Restores.snapshotOf(rec).isPresent()));
      throw new NestLabException(
          "the media URLs "
              + provider.id()
              + " signed for the host were refused by the bootstrap renderer ("
              + e.getClass().getSimpleName()
              + "); give the media as https:// URLs instead");
    }
  }
}
