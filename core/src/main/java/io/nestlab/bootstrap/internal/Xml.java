package io.nestlab.bootstrap.internal;

/** Just enough XML writing for libvirt's documents: escaped text and attributes, indentation. */
final class Xml {
  private final StringBuilder out = new StringBuilder();
  private int depth;

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** An element with attributes given as name, value pairs; {@code close} makes it empty. */
  Xml open(String name, boolean close, String... attributes) {
    indent();
    out.append('<').append(name);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      out.append(' ')
          .append(attributes[i])
          .append("='")
          .append(escape(attributes[i + 1]))
          .append('\'');
    }
    out.append(close ? "/>\n" : ">\n");
    if (!close) {
      depth++;
    }
    return this;
  }

  Xml open(String name, String... attributes) {
    return open(name, false, attributes);
  }

  Xml empty(String name, String... attributes) {
    return open(name, true, attributes);
  }

  Xml text(String name, String text, String... attributes) {
    indent();
    out.append('<').append(name);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      out.append(' ')
          .append(attributes[i])
          .append("='")
          .append(escape(attributes[i + 1]))
          .append('\'');
    }
    out.append('>').append(escape(text)).append("</").append(name).append(">\n");
    return this;
  }

  Xml comment(String text) {
    indent();
    out.append("<!-- ").append(text.replace("--", "- -")).append(" -->\n");
    return this;
  }

  Xml close(String name) {
    depth--;
    indent();
    out.append("</").append(name).append(">\n");
    return this;
  }

  private void indent() {
    out.append("  ".repeat(Math.max(depth, 0)));
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
