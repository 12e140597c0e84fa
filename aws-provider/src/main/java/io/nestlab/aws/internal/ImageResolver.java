package io.nestlab.aws.internal;

import io.nestlab.NestLabException;
import io.nestlab.bootstrap.L1Image;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Finds the AMI of the L1 host: the current Debian 12 amd64 image of the region ({@link L1Image}),
 * first through Debian's public SSM parameter, then by {@code DescribeImages} on the Debian cloud
 * team's account and image name. The answer is cached for the life of the provider.
 */
public final class ImageResolver {
  /** Debian's public parameter naming the current Debian 12 amd64 image. */
  public static final String SSM_PARAMETER = "/aws/service/debian/release/12/latest/amd64";

  /** The Debian cloud team's AWS account, owner of Debian's official images. */
  public static final String OWNER = "136693071363";

  /** The name of Debian's official Debian 12 amd64 images ({@code DescribeImages} filter). */
  public static final String NAME_PATTERN = "debian-12-amd64-*";

  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final String region;
  private final AtomicReference<String> cached = new AtomicReference<>();
  private final AtomicReference<String> rootDevice = new AtomicReference<>();

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
          "aws: no "
              + L1Image.DISTRIBUTION
              + " amd64 image found in "
              + region
              + " (neither SSM parameter "
              + SSM_PARAMETER
              + " nor an image of account "
              + OWNER
              + " named "
              + NAME_PATTERN
              + "); set the provider option amiId=ami-... to a "
              + L1Image.DISTRIBUTION
              + " amd64 image");
    }
    cached.set(id);
    return id;
  }

  /**
   * The root device name of {@link #imageId()} ({@code /dev/xvda} on Debian's AMIs, {@code
   * /dev/sda1} on Ubuntu's): the boot disk's size is set on this device, since a mapping under any
   * other name adds an empty volume and leaves the root at the image's size.
   */
  public String rootDeviceName() {
    String device = rootDevice.get();
    if (device != null) {
      return device;
    }
    String id = imageId();
    device =
        AwsErrors.call(
                "describing image " + id, () -> ec2.describeImages(b -> b.imageIds(id)).images())
            .stream()
            .map(Image::rootDeviceName)
            .filter(d -> d != null && !d.isBlank())
            .findFirst()
            .orElseThrow(
                () ->
                    new NestLabException(
                        "aws: image "
                            + id
                            + " is not found in "
                            + region
                            + " or has no root device; set the provider option amiId=ami-... to a "
                            + L1Image.DISTRIBUTION
                            + " amd64 image of this region"));
    rootDevice.set(device);
    return device;
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
            "looking up Debian 12 images",
            () ->
                ec2.describeImages(
                        b ->
                            b.owners(OWNER)
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
