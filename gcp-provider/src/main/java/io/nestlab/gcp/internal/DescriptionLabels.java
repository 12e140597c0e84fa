package io.nestlab.gcp.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Networks, subnetworks and firewall rules take no labels on Compute Engine, so NestLab writes its
 * labels into their {@code description}: {@code NestLab lab network [nestlab-lab=lab1
 * nestlab-owner=al ...]}. Label values only hold {@code [a-z0-9_-]}, so no escaping is needed. See
 * docs/design/0060-gcp-provider.md.
 */
public final class DescriptionLabels {
  private static final String OPEN = " [";

  private DescriptionLabels() {}

  /** A description carrying {@code labels} after a human-readable {@code text}. */
  public static String encode(String text, Map<String, String> labels) {
    StringBuilder b = new StringBuilder(text).append(OPEN);
    String sep = "";
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      b.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = " ";
    }
    return b.append(']').toString();
  }

  /** The labels in a description written by {@link #encode}; empty when it has none. */
  public static Optional<Map<String, String>> decode(String description) {
    if (description == null || !description.endsWith("]")) {
      return Optional.empty();
    }
    int open = description.lastIndexOf(OPEN);
    if (open < 0) {
      return Optional.empty();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String body = description.substring(open + OPEN.length(), description.length() - 1);
    for (String pair : body.split(" ")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        return Optional.empty();
      }
      labels.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return Optional.of(labels);
  }
}
