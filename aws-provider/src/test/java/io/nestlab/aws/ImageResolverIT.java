package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.aws.internal.ImageResolver;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The L1 host's AMI against moto_server: Debian 12 (the release the host's scripts are tested on),
 * the newest image of the Debian cloud team's account, not one of Canonical's Ubuntu images.
 */
class ImageResolverIT {
  @Test
  void resolvesTheNewestDebian12ImageOfDebiansAccount() throws Exception {
    try (MotoServer moto = MotoServer.start();
        Ec2Client ec2 = moto.ec2Client();
        SsmClient ssm =
            SsmClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(moto.uri())
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("testing", "testing")))
                .build()) {
      // moto has no Debian SSM parameter: the resolver falls back to DescribeImages.
      ImageResolver resolver = new ImageResolver(ec2, ssm, "us-east-1", null);
      String ami = resolver.imageId();
      assertEquals("ami-0d1e2b3c4a5b60012", ami);
      // The boot disk is sized on the image's own root device, Debian's /dev/xvda.
      assertEquals("/dev/xvda", resolver.rootDeviceName());
      var image = ec2.describeImages(b -> b.imageIds(ami)).images().get(0);
      assertEquals(ImageResolver.OWNER, image.ownerId());
      assertEquals("debian-12-amd64-20261101-1900", image.name());
    }
  }
}
