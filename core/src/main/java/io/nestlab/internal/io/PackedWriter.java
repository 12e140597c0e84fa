package io.nestlab.internal.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the packed form of a table NestLab reads at every start (the embedded catalog, the vSphere
 * knowledge): big-endian ints and longs, and strings as indexes into a table that holds each
 * distinct string once. The file is: magic, version, the string count, each string as its UTF-8
 * length and bytes, then the body. {@link PackedReader} reads it back; what the body means is the
 * caller's (docs/design/0200).
 */
public final class PackedWriter {
  /** The index written for a null string. */
  static final int NULL = -1;

  private final List<String> strings = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();
  private final Bytes body = new Bytes();

  public PackedWriter i(int v) {
    body.i(v);
    return this;
  }

  public PackedWriter l(long v) {
    body.i((int) (v >>> 32));
    body.i((int) v);
    return this;
  }

  public PackedWriter bool(boolean v) {
    body.write(v ? 1 : 0);
    return this;
  }

  /** {@code s} (which may be null) by its index in the string table. */
  public PackedWriter s(String s) {
    if (s == null) {
      body.i(NULL);
      return this;
    }
    Integer id = ids.get(s);
    if (id == null) {
      id = strings.size();
      strings.add(s);
      ids.put(s, id);
    }
    body.i(id);
    return this;
  }

  /** The whole file, headed by {@code magic} and {@code version}. */
  public byte[] toByteArray(int magic, int version) {
    Bytes out = new Bytes();
    out.i(magic);
    out.i(version);
    out.i(strings.size());
    for (String s : strings) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.i(b.length);
      out.write(b, 0, b.length);
    }
    byte[] b = body.toByteArray();
    out.write(b, 0, b.length);
    return out.toByteArray();
  }

  private static final class Bytes extends ByteArrayOutputStream {
    void i(int v) {
      write(v >>> 24);
      write(v >>> 16);
      write(v >>> 8);
      write(v);
    }
  }
}
