package io.nestlab.gcp.internal;

import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Region;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.nestlab.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Compute Engine mutations, written once: every request names its project, location and target the
 * same way ({@link #on}, {@link #in}), carries a requestId that every retry reuses (so a repeat
 * never acts twice), and is followed by a bounded wait on its long-running operation. Also the
 * zones of a region, which preflight, launch and lookups share.
 */
public final class GcpCalls {
  private static final String ALREADY_EXISTS = "ALREADY_EXISTS";
  private static final String NOT_FOUND = "NOT_FOUND";

  private final ComputeApi api;

  public GcpCalls(ComputeApi api) {
    this.api = api;
  }

  /** One mutation, given the requestId to send. */
  @FunctionalInterface
  public interface Call {
    Operation call(String requestId);
  }

  /** Creates a resource; ALREADY_EXISTS is success (an earlier attempt made it). */
  public void insert(String what, Call call) {
    run(what, call, ALREADY_EXISTS);
  }

  /** Changes or deletes a resource; a NOT_FOUND is success when {@code goneOk}. */
  public void mutate(String what, Call call, boolean goneOk) {
    run(what, call, goneOk ? NOT_FOUND : null);
  }

  private void run(String what, Call call, String benignCode) {
    String rid = UUID.randomUUID().toString();
    try {
      new GcpOperations(api).await(api.call(what, () -> call.call(rid)), what);
    } catch (ProviderException e) {
      if (benignCode == null || !benignCode.equals(e.code())) {
        throw e;
      }
    }
  }

  /**
   * {@code request} with the project, the target's zone or region, its name (in the field the
   * collection names, e.g. {@code machine_image}) and the requestId set.
   */
  public <B extends Message.Builder> B on(B request, GcpResourceId target, String requestId) {
    in(request, target.scope(), target.location(), requestId);
    return set(request, target.requestField(), target.name());
  }

  /** {@code request} with the project, the zone or region (none when global) and the requestId. */
  public <B extends Message.Builder> B in(
      B request, GcpResourceId.Scope scope, String location, String requestId) {
    set(request, "project", api.project());
    switch (scope) {
      case ZONE -> set(request, "zone", location);
      case REGION -> set(request, "region", location);
      case GLOBAL -> {}
    }
    return set(request, "request_id", requestId);
  }

  private static <B extends Message.Builder> B set(B request, String field, String value) {
    FieldDescriptor f = request.getDescriptorForType().findFieldByName(field);
    if (f == null) {
      throw new IllegalStateException(
          request.getDescriptorForType().getName() + " has no field " + field);
    }
    request.setField(f, value);
    return request;
  }

  /** The zones of {@code region}, sorted. */
  public List<String> zonesOf(String region) {
    Region r = api.call("read region " + region, () -> api.regions().get(api.project(), region));
    List<String> zones = new ArrayList<>();
    for (String url : r.getZonesList()) {
      zones.add(Names.last(url));
    }
    zones.sort(null);
    if (zones.isEmpty()) {
      throw new ProviderException(
          GcpErrors.PROVIDER,
          "NO_ZONES",
          null,
          false,
          false,
          "region " + region + " lists no zones",
          null);
    }
    return zones;
  }

  /** The zones of {@code region}, {@code preferred} (else {@code fallback}) first when in it. */
  public List<String> zonesInOrder(String region, String preferred, String fallback) {
    List<String> zones = new ArrayList<>(zonesOf(region));
    String first = preferred != null ? preferred : fallback;
    if (first != null && zones.remove(first)) {
      zones.add(0, first);
    }
    return zones;
  }
}
