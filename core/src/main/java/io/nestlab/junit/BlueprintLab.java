package io.nestlab.junit;

import io.nestlab.engine.LabEngine;
import io.nestlab.spec.LabSpec;
import io.nestlab.state.Blueprint;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What {@code @Lab(blueprint = NAME)} changes in starting a lab, as {@code nestlab up --from NAME}
 * does: which lab, and which region the plan is made in. The restore itself is the engine's ({@code
 * CreateRequest.withBlueprint}); docs/design/0187.
 */
final class BlueprintLab {
  private BlueprintLab() {}

  /**
   * The lab to start: the spec's when the field gives one (the engine checks it is the blueprint's
   * lab), else the lab the blueprint recorded.
   */
  static LabSpec spec(LabEngine engine, LabRequest request, Supplier<LabSpec> file) {
    if (request.spec() != null) {
      return file.get();
    }
    return record(engine, request)
        .map(Blueprint::spec)
        .orElseThrow(
            () ->
                new ExtensionConfigurationException(
                    "@Lab "
                        + request.where()
                        + ": no blueprint "
                        + request.blueprint()
                        + " is recorded in "
                        + engine.blueprintStore().location()
                        + " (beside the state directory, nestlab.junit.state-dir); save it there"
                        + " ('nestlab save LAB --as "
                        + request.blueprint()
                        + "'), or give spec = its lab file so that it is found by its tags in"
                        + " the cloud"));
  }

  /**
   * The region to plan in: the field's {@code region} setting, else the blueprint's region when it
   * is recorded here, else none (the cheapest).
   */
  static Optional<String> region(LabEngine engine, LabRequest request) {
    Optional<String> given = request.settings().get("region");
    if (given.isPresent() || request.blueprint() == null) {
      return given;
    }
    return record(engine, request).map(Blueprint::region);
  }

  private static Optional<Blueprint> record(LabEngine engine, LabRequest request) {
    return engine.blueprintStore().find(request.blueprint());
  }
}
