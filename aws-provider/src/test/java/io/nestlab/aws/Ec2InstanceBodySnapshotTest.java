package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.aws.internal.Ec2InstanceBody;
import io.nestlab.spi.HostRequest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/** The data disk of a launch from a blueprint's snapshot, in the RunInstances request. */
class Ec2InstanceBodySnapshotTest {
  private static BlockDeviceMapping data(RunInstancesRequest r) {
    return r.blockDeviceMappings().stream()
        .filter(m -> m.deviceName().equals("/dev/sdf"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theDataDiskComesFromTheSnapshotEncryptedAndAsLargeAsAsked() {
    HostRequest request = AwsLifecycleIT.host("bp", null, "k").withDataDiskSnapshot("snap-1");
    BlockDeviceMapping launch =
        data(
            Ec2InstanceBody.of(
                request, "ami-1", "/dev/xvda", null, null, "us-east-1a", null, false, 120));
    assertEquals("snap-1", launch.ebs().snapshotId());
    assertEquals(120, launch.ebs().volumeSize());
    assertTrue(launch.ebs().encrypted());
    assertTrue(launch.ebs().deleteOnTermination());
  }

  @Test
  void aDryRunLeavesTheSizeToTheSnapshot() {
    // The request asks 100 GiB; the snapshot may be larger, which EC2 would refuse in a dry run.
    HostRequest request = AwsLifecycleIT.host("bp", null, "k").withDataDiskSnapshot("snap-1");
    BlockDeviceMapping dry =
        data(
            Ec2InstanceBody.of(
                request, "ami-1", "/dev/xvda", null, null, "us-east-1a", null, true));
    assertEquals("snap-1", dry.ebs().snapshotId());
    assertNull(dry.ebs().volumeSize());
  }

  @Test
  void withoutASnapshotTheDiskIsEmptyAndSizedAsAsked() {
    BlockDeviceMapping plain =
        data(
            Ec2InstanceBody.of(
                AwsLifecycleIT.host("bp", null, "k"),
                "ami-1",
                "/dev/xvda",
                null,
                null,
                "us-east-1a",
                null,
                true));
    assertNull(plain.ebs().snapshotId());
    assertEquals(100, plain.ebs().volumeSize());
  }
}
