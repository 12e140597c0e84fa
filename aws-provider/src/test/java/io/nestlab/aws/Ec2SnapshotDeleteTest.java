package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.aws.internal.Ec2Inventory;
import io.nestlab.aws.internal.Waits;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.DeregisterImageRequest;
import software.amazon.awssdk.services.ec2.model.DeregisterImageResponse;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * Deleting a blueprint's snapshot deregisters our images made from it first (EC2 refuses to delete
 * a snapshot an image uses; moto cannot register an image on a given snapshot, so a fake client).
 */
class Ec2SnapshotDeleteTest {
  @Test
  void imagesMadeFromTheSnapshotGoFirstAndOthersStay() {
    List<String> calls = new ArrayList<>();
    Ec2Client ec2 =
        new Ec2Client() {
          @Override
          public DescribeImagesResponse describeImages(DescribeImagesRequest r) {
            calls.add("DescribeImages owners=" + r.owners());
            return DescribeImagesResponse.builder()
                .images(image("ami-1", "snap-bp"), image("ami-2", "snap-other"))
                .build();
          }

          @Override
          public DeregisterImageResponse deregisterImage(DeregisterImageRequest r) {
            calls.add("DeregisterImage " + r.imageId());
            return DeregisterImageResponse.builder().build();
          }

          @Override
          public DeleteSnapshotResponse deleteSnapshot(DeleteSnapshotRequest r) {
            calls.add("DeleteSnapshot " + r.snapshotId());
            return DeleteSnapshotResponse.builder().build();
          }

          @Override
          public String serviceName() {
            return "ec2";
          }

          @Override
          public void close() {}
        };
    new Ec2Inventory(ec2, "us-east-1", new Waits(ec2, Duration.ofSeconds(1), Duration.ofMillis(1)))
        .delete(
            new OwnedResource(
                "aws",
                "us-east-1",
                ResourceKind.SNAPSHOT,
                "snap-bp",
                Map.of("nestlab-lab", "bp-x")));
    assertEquals(
        List.of("DescribeImages owners=[self]", "DeregisterImage ami-1", "DeleteSnapshot snap-bp"),
        calls);
  }

  private static Image image(String id, String snapshot) {
    return Image.builder()
        .imageId(id)
        .blockDeviceMappings(
            BlockDeviceMapping.builder()
                .deviceName("/dev/xvda")
                .ebs(e -> e.snapshotId(snapshot))
                .build())
        .build();
  }
}
