package io.nestlab.access.internal;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The SSH wire encoding (RFC 4251 section 5): big-endian uint32 and length-prefixed strings. */
public final class SshWire {
  private SshWire() {}

  /** Builds an SSH-encoded byte string. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Writer uint32(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    public Writer string(byte[] v) {
      uint32(v.length);
      out.write(v, 0, v.length);
      return this;
    }

    public Writer string(String v) {
      return string(v.getBytes(StandardCharsets.UTF_8));
    }

    public Writer raw(byte[] v) {
      out.write(v, 0, v.length);
      return this;
    }

    public int size() {
      return out.size();
    }

    public byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** Reads an SSH-encoded byte string; every read fails with a clear message on short input. */
  public static final class Reader {
    private final ByteBuffer in;
    private final String what;

    public Reader(byte[] data, String what) {
      this.in = ByteBuffer.wrap(data);
      this.what = what;
    }

    public int uint32() {
      try {
        return in.getInt();
      } catch (BufferUnderflowException e) {
        throw truncated();
      }
    }

    public byte[] string() {
      int n = uint32();
      if (n < 0 || n > in.remaining()) {
        throw truncated();
      }
      byte[] v = new byte[n];
      in.get(v);
      return v;
    }

    public String utf8() {
      return new String(string(), StandardCharsets.UTF_8);
    }

    public byte[] raw(int n) {
      if (n > in.remaining()) {
        throw truncated();
      }
      byte[] v = new byte[n];
      in.get(v);
      return v;
    }

    public int remaining() {
      return in.remaining();
    }

    private IllegalArgumentException truncated() {
      return new IllegalArgumentException(what + " is truncated or malformed");
    }
  }
}
