package io.nestlab.gcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.compute.v1.DeleteMachineImageRequest;
import com.google.cloud.compute.v1.DeleteSubnetworkRequest;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.StopInstanceRequest;
import io.nestlab.gcp.internal.GcpResourceId.Scope;
import io.nestlab.spi.ProviderSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed Compute Engine ids, and the request fields filled from them. */
class GcpResourceIdTest {
  @Test
  void shortFormsProjectPathsAndSelfLinksParseToTheSameId() {
    GcpResourceId zonal = GcpResourceId.zonal("us-central1-a", "instances", "nestlab-lab1-0a1b");
    assertEquals(zonal, GcpResourceId.parse("zones/us-central1-a/instances/nestlab-lab1-0a1b"));
    assertEquals(
        zonal, GcpResourceId.parse("projects/p1/zones/us-central1-a/instances/nestlab-lab1-0a1b"));
    assertEquals(
        zonal,
        GcpResourceId.parse(
            "https://www.googleapis.com/compute/v1/projects/p1/zones/us-central1-a/instances/"
                + "nestlab-lab1-0a1b"));
    assertEquals("us-central1-a", zonal.zone());
    assertEquals("us-central1", zonal.region());
    assertEquals("instance", zonal.requestField());

    GcpResourceId sub = GcpResourceId.parse("regions/europe-west10/subnetworks/nestlab-x");
    assertEquals(Scope.REGION, sub.scope());
    assertEquals("europe-west10", sub.region());
    assertEquals("regions/europe-west10/subnetworks/nestlab-x", sub.path());
    assertEquals("projects/p/regions/europe-west10/subnetworks/nestlab-x", sub.path("p"));

    GcpResourceId image = GcpResourceId.parse("global/machineImages/gold-1");
    assertNull(image.region());
    assertNull(image.location());
    assertEquals("machine_image", image.requestField());
  }

  @Test
  void anythingElseIsRefusedSayingWhatIsWrong() {
    IllegalArgumentException shape =
        assertThrows(
            IllegalArgumentException.class, () -> GcpResourceId.parse("zones/us-central1-a/x"));
    assertTrue(
        shape.getMessage().contains("expected zones/<zone>/<collection>/<name>"),
        shape.getMessage());
    IllegalArgumentException zone =
        assertThrows(
            IllegalArgumentException.class,
            () -> GcpResourceId.parse("zones/us-central1/instances/a"));
    assertTrue(zone.getMessage().contains("'us-central1' is not a zone name"), zone.getMessage());
    IllegalArgumentException name =
        assertThrows(
            IllegalArgumentException.class,
            () -> GcpResourceId.parse("global/networks/Not_A_Name"));
    assertTrue(name.getMessage().contains("Not_A_Name"), name.getMessage());
    IllegalArgumentException kind =
        assertThrows(
            IllegalArgumentException.class,
            () -> GcpResourceId.parse("global/networks/n1", "firewalls"));
    assertTrue(kind.getMessage().contains("names networks, not firewalls"), kind.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GcpResourceId.parse(""));
    assertThrows(
        IllegalArgumentException.class, () -> GcpResourceId.parse("global/networks/n1/extra"));
  }

  @Test
  void requestsGetProjectLocationNameAndRequestIdFromTheId() {
    GcpCalls calls =
        new GcpCalls(
            new ComputeApi(
                GcpSettings.parse(
                    ProviderSettings.of(Map.of("project", "p1", "region", "us-central1")))));
    StopInstanceRequest stop =
        calls
            .on(
                StopInstanceRequest.newBuilder(),
                GcpResourceId.parse("zones/us-central1-b/instances/h1"),
                "rid-1")
            .build();
    assertEquals(
        "p1/us-central1-b/h1/rid-1",
        stop.getProject()
            + "/"
            + stop.getZone()
            + "/"
            + stop.getInstance()
            + "/"
            + stop.getRequestId());
    DeleteSubnetworkRequest sub =
        calls
            .on(
                DeleteSubnetworkRequest.newBuilder(),
                GcpResourceId.parse("regions/us-east4/subnetworks/s1"),
                "rid-2")
            .build();
    assertEquals("us-east4/s1", sub.getRegion() + "/" + sub.getSubnetwork());
    DeleteMachineImageRequest image =
        calls
            .on(
                DeleteMachineImageRequest.newBuilder(),
                GcpResourceId.parse("global/machineImages/m1"),
                "rid-3")
            .build();
    assertEquals(
        "p1/m1/rid-3",
        image.getProject() + "/" + image.getMachineImage() + "/" + image.getRequestId());
    InsertInstanceRequest insert =
        calls.in(InsertInstanceRequest.newBuilder(), Scope.ZONE, "us-central1-a", "rid-4").build();
    assertEquals("us-central1-a", insert.getZone());
  }
}
