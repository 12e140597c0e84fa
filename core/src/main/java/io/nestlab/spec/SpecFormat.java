package io.nestlab.spec;

import java.util.Locale;

/** The two file formats of a lab spec; both hold the same fields. */
public enum SpecFormat {
  YAML,
  JSON;

  /**
   * The format a file name suggests: {@code .json} is JSON, anything else ({@code .yaml}, {@code
   * .yml}, no extension) is YAML.
   */
  public static SpecFormat ofFileName(String name) {
    return name != null && name.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
  }
}
