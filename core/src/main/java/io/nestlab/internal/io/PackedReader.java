package io.nestlab.internal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link PackedWriter} wrote, in the order it was written. Kept to plain array access:
 * it runs once per process, in the interpreter.
 */
public final class PackedReader {
  private final byte[] b;
  private final String[] strings;
  private final String what;
  private int p;

  /**
   * Reads the header and string table of {@code data}.
   *
   * @param what the file, for messages
   * @throws IOException when {@code data} is not a packed file of this magic and version
   */
  public PackedReader(byte[] data, int magic, int version, String what) throws IOException {
    this.b = data;
    this.what = what;
    if (data.length < 12 || i() != magic || i() != version) {
      throw new IOException(what + " is not a packed file of version " + version);
    }
    strings = new String[i()];
    for (int k = 0; k < strings.length; k++) {
      int n = i();
      strings[k] = new String(data, p, n, StandardCharsets.UTF_8);
      p += n;
    }
  }

  public int i() {
    byte[] a = b;
    int q = p;
    p = q + 4;
    return (a[q] << 24) | ((a[q + 1] & 0xff) << 16) | ((a[q + 2] & 0xff) << 8) | (a[q + 3] & 0xff);
  }

  public long l() {
    long hi = i();
    return (hi << 32) | (i() & 0xffffffffL);
  }

  public boolean bool() {
    return b[p++] != 0;
  }

  /** The string written there (null when null was written). */
  public String s() {
    int id = i();
    return id == PackedWriter.NULL ? null : strings[id];
  }

  /**
   * Ends the reading.
   *
   * @throws IOException when bytes are left: the reader and the writer disagree
   */
  public void end() throws IOException {
    if (p != b.length) {
      throw new IOException(what + ": " + (b.length - p) + " bytes left after the last record");
    }
  }
}
