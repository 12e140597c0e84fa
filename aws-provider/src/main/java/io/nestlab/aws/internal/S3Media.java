package io.nestlab.aws.internal;

import io.nestlab.InvalidSpecException;
import io.nestlab.NestLabException;
import io.nestlab.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Media in S3 for the L1 host: a short-lived presigned GET URL for {@code s3://bucket/key}, so the
 * host needs no IAM role (docs/design/0046-signed-media-urls.md).
 */
public final class S3Media {
  private final S3Presigner presigner;

  public S3Media(S3Presigner presigner) {
    this.presigner = presigner;
  }

  /** Whether {@code media} names an S3 object. */
  public static boolean isS3(URI media) {
    return "s3".equals(media.getScheme());
  }

  /** A GET URL of {@code media} valid for {@code validFor} (at most 7 days). */
  public URI url(URI media, Duration validFor) {
    String bucket = media.getHost();
    String key = media.getPath() == null ? "" : media.getPath().replaceFirst("^/", "");
    if (bucket == null || key.isEmpty()) {
      throw new InvalidSpecException(
          "media",
          List.of(Problem.of("media", "'" + media + "' is not s3://bucket/key; name the object")));
    }
    if (validFor.isNegative() || validFor.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("presigned URLs live at most 7 days, not " + validFor);
    }
    try {
      return presigner
          .presignGetObject(
              p -> p.signatureDuration(validFor).getObjectRequest(g -> g.bucket(bucket).key(key)))
          .url()
          .toURI();
    } catch (URISyntaxException e) {
      throw new NestLabException("aws: the presigned URL for " + media + " is malformed", e);
    }
  }
}
