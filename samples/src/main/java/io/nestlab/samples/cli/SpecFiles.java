package io.nestlab.samples.cli;

import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import java.nio.file.Path;

/**
 * Reads a lab file for {@code up} with the spec reader, so it accepts what {@code validate} does.
 */
final class SpecFiles {
  private SpecFiles() {}

  static LabSpec read(Path file) {
    return LabSpecs.read(file);
  }
}
