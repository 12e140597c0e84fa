package io.nestlab.samples.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.spec.LabSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a lab file for {@code up} until the spec reader ({@code io.nestlab.spec.LabSpecs}) is wired
 * in: binds YAML or JSON straight onto the lab model's records, without the reader's validation.
 */
final class SpecFiles {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SpecFiles() {}

  static LabSpec read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidSpecException(
          file.toString(), List.of(Problem.of("", "no such file; give the path of a lab file")));
    }
    try {
      LabSpec spec = YAML.readValue(file.toFile(), LabSpec.class);
      if (spec.name() == null || spec.name().isBlank()) {
        throw new InvalidSpecException(
            file.toString(), List.of(Problem.of("name", "is required; name the lab")));
      }
      return spec;
    } catch (IOException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
      throw new InvalidSpecException(file.toString(), List.of(Problem.of("", msg)));
    }
  }
}
