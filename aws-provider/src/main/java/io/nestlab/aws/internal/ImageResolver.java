package io.nestlab.aws.internal;

import io.nestlab.NestLabException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Finds the AMI of the L1 host: the current Ubuntu 24.04 LTS (amd64, EBS gp3) of the region, first
 * through Canonical's public SSM parameter, then by {@code DescribeImages} on Canonical's account
 * and image name. The answer is cached for the life of the provider.
 */
public final class ImageResolver {
  /** Canonical's public parameter naming the current Ubuntu 24.04 amd64 image. */
  public static final String SSM_PARAMETER =
      "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";

  /** Canonical's AWS account, owner of the official Ubuntu images. */
  public static final String CANONICAL = "099720109477";

  public static final String NAME_PATTERN = "ubuntu/images/*ubuntu-noble-24.04-amd64-server-*";

  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final String region;
  private final AtomicReference<String> cached = new AtomicReference<>();

  public ImageResolver(Ec2Client ec2, SsmClient ssm, String region, String fixedAmi) {
    this.ec2 = ec2;
    this.ssm = ssm;
    this.region = region;
    cached.set(fixedAmi);
  }

  /** The AMI id to launch. */
  public String imageId() {
    String id = cached.get();
    if (id != null) {
      return id;
    }
    id = fromParameter();
    if (id == null) {
      id = fromDescribeImages();
    }
    if (id == null) {
      throw new NestLabException(
          "aws: no Ubuntu 24.04 amd64 image found in "
              + region
              + " (neither SSM parameter "
              + SSM_PARAMETER
              + " nor a Canonical image named "
              + NAME_PATTERN
              + "); set the provider option amiId=ami-... to an Ubuntu or Debian amd64 image");
    }
    cached.set(id);
    return id;
  }

  private String fromParameter() {
    try {
      return ssm.getParameter(b -> b.name(SSM_PARAMETER)).parameter().value();
    } catch (AwsServiceException e) {
      String code = AwsErrors.code(e);
      if ("ParameterNotFound".equals(code)) {
        return null;
      }
      if (AwsErrors.hasCode(e, AwsErrors.AUTH)) {
        // No ssm:GetParameter: fall back to DescribeImages, which needs only EC2 rights.
        return null;
      }
      throw AwsErrors.translate("reading SSM parameter " + SSM_PARAMETER, e);
    }
  }

  private String fromDescribeImages() {
    List<Image> images =
        AwsErrors.call(
            "looking up Ubuntu images",
            () ->
                ec2.describeImages(
                        b ->
                            b.owners(CANONICAL)
                                .filters(
                                    Ec2Tags.filter("name", NAME_PATTERN),
                                    Ec2Tags.filter("architecture", "x86_64"),
                                    Ec2Tags.filter("state", "available")))
                    .images());
    return images.stream()
        .max(Comparator.comparing(i -> i.creationDate() == null ? "" : i.creationDate()))
        .map(Image::imageId)
        .orElse(null);
  }
}
