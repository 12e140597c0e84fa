package io.nestlab.gcp.internal;

import com.google.cloud.compute.v1.Operation;
import io.nestlab.NestLabTimeoutException;
import java.time.Duration;
import java.time.Instant;

/** Compute Engine's long-running operations: waiting for one to finish, bounded. */
final class GcpOperations {
  private final ComputeApi api;

  GcpOperations(ComputeApi api) {
    this.api = api;
  }

  /**
   * Waits for {@code op} to be DONE, polling its zone, region or global operations collection,
   * within the operation timeout. An error in the finished operation is thrown, translated.
   */
  Operation await(Operation op, String what) {
    GcpSettings settings = api.settings();
    Instant deadline = Instant.now().plus(settings.operationTimeout());
    Duration pause = settings.pollInterval();
    Operation current = op;
    while (current.getStatus() != Operation.Status.DONE) {
      if (Instant.now().isAfter(deadline)) {
        throw new NestLabTimeoutException(
            what + " (operation " + op.getName() + ")", settings.operationTimeout());
      }
      ComputeApi.sleep(pause);
      pause =
          pause.multipliedBy(3).dividedBy(2).compareTo(Duration.ofSeconds(10)) > 0
              ? Duration.ofSeconds(10)
              : pause.multipliedBy(3).dividedBy(2);
      Operation o = current;
      if (!o.getZone().isEmpty()) {
        current =
            api.call(
                what,
                () ->
                    api.zoneOperations()
                        .get(settings.project(), Names.last(o.getZone()), o.getName()));
      } else if (!o.getRegion().isEmpty()) {
        current =
            api.call(
                what,
                () ->
                    api.regionOperations()
                        .get(settings.project(), Names.last(o.getRegion()), o.getName()));
      } else {
        current = api.call(what, () -> api.globalOperations().get(settings.project(), o.getName()));
      }
    }
    if (current.hasError() && current.getError().getErrorsCount() > 0) {
      var first = current.getError().getErrors(0);
      throw GcpErrors.fromOperation(
          first.getCode(), first.getMessage(), current.getName(), what, settings.project());
    }
    return current;
  }
}
