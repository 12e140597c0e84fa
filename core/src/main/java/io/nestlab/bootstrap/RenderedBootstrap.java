package io.nestlab.bootstrap;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import io.nestlab.NestLabException;
import io.nestlab.bootstrap.internal.CloudConfig;
import io.nestlab.bootstrap.internal.LabFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the L1 host runs for one lab: the files by path (relative to the host's {@code /}),
 * the {@code #cloud-config} user data that carries them, and the steps the host will report. Holds
 * no secret: passwords are generated on the host.
 */
public final class RenderedBootstrap {
  /** AWS: user data is limited to 16 KB before base64 encoding. */
  public static final int AWS_USER_DATA_MAX_BYTES = 16 * 1024;

  /** GCE: one metadata value is limited to 256 KB. */
  public static final int GCE_USER_DATA_MAX_BYTES = 256 * 1024;

  /** The name of the plain user data in a directory written by {@link #writeTo}. */
  public static final String USER_DATA_FILE = "user-data.yaml";

  private final LabFacts lab;
  private final Map<String, String> files;
  private final Map<String, String> modes;
  private final List<BootstrapStep> steps;
  private final Set<String> deferrable;

  /** Where the host finds the SHA-256 of each deferred file (sha256sum's format). */
  static final String DEFERRED_MANIFEST = "opt/nestlab/etc/deferred.sha256";

  RenderedBootstrap(
      LabFacts lab,
      Map<String, String> files,
      Map<String, String> modes,
      List<BootstrapStep> steps,
      Set<String> deferrable) {
    this.lab = lab;
    this.files = Collections.unmodifiableMap(new TreeMap<>(files));
    this.modes = Collections.unmodifiableMap(new TreeMap<>(modes));
    this.steps = List.copyOf(steps);
    this.deferrable = Set.copyOf(deferrable);
  }

  /** The files that may be left out of the user data (the vCenter phases'), by relative path. */
  public Set<String> deferrableFiles() {
    return deferrable;
  }

  /** The lab's name. */
  public String labName() {
    return lab.labName();
  }

  /** The provider the user data was rendered for. */
  public String provider() {
    return lab.provider();
  }

  /**
   * Every file the host gets, by path relative to {@code /} (for example {@code
   * opt/nestlab/libvirt/esx-01.xml}), sorted by path.
   */
  public Map<String, String> files() {
    return files;
  }

  /** One file's content, if rendered. */
  public Optional<String> file(String relativePath) {
    return Optional.ofNullable(files.get(relativePath));
  }

  /** The octal mode of a file, for example {@code 0755}. */
  public String mode(String relativePath) {
    return modes.getOrDefault(relativePath, "0644");
  }

  /** The steps the host reports, in order, ending with {@code ready}. */
  public List<BootstrapStep> steps() {
    return steps;
  }

  /** The user data with every file in plain text: readable, and the largest form. */
  public String userData() {
    return CloudConfig.render(
        lab, cloudFiles(), CloudConfig.Encoding.PLAIN, lab.sshAuthorizedKeys());
  }

  /**
   * The user data as text in the most readable form that fits {@code maxBytes} (UTF-8): plain, or
   * else every file gzip-compressed and base64-encoded (cloud-init's {@code gz+b64}) with full-line
   * comments left out. For metadata that must be text (GCE's {@code user-data} attribute).
   *
   * @throws NestLabException when even the compressed form is larger, naming both sizes
   */
  public String userData(int maxBytes) {
    String plain = userData();
    if (size(plain) <= maxBytes) {
      return plain;
    }
    String packed =
        CloudConfig.render(lab, compactFiles(), CloudConfig.Encoding.GZIP, lab.sshAuthorizedKeys());
    if (size(packed) <= maxBytes) {
      return packed;
    }
    throw tooLarge(maxBytes, size(packed), size(plain));
  }

  /**
   * The user data as bytes for a raw limit such as AWS's 16 KB (counted before the transport's
   * base64), in the first form that fits: the plain text; the whole {@code #cloud-config}
   * gzip-compressed with full-line comments left out (cloud-init unpacks it); or that, with the
   * vCenter-phase files left out for the caller to deliver ({@link
   * PackedUserData#deferredFiles()}).
   *
   * @throws NestLabException when even the smallest form is larger, naming the sizes
   */
  public PackedUserData pack(int maxBytes) {
    byte[] plain = userData().getBytes(StandardCharsets.UTF_8);
    if (plain.length <= maxBytes) {
      return new PackedUserData(plain, PackedUserData.Form.PLAIN, Map.of());
    }
    byte[] gzip =
        CloudConfig.gzip(
            CloudConfig.render(
                lab, compactFiles(files), CloudConfig.Encoding.PLAIN, lab.sshAuthorizedKeys()));
    if (gzip.length <= maxBytes) {
      return new PackedUserData(gzip, PackedUserData.Form.GZIP, Map.of());
    }
    Map<String, String> kept = new TreeMap<>();
    Map<String, String> deferred = new TreeMap<>();
    StringBuilder manifest = new StringBuilder();
    files.forEach(
        (path, content) -> {
          if (deferrable.contains(path)) {
            deferred.put("/" + path, content);
            manifest.append(sha256(content)).append("  /").append(path).append('\n');
          } else {
            kept.put(path, content);
          }
        });
    if (!deferred.isEmpty()) {
      kept.put(DEFERRED_MANIFEST, manifest.toString());
      byte[] staged =
          CloudConfig.gzip(
              CloudConfig.render(
                  lab, compactFiles(kept), CloudConfig.Encoding.PLAIN, lab.sshAuthorizedKeys()));
      if (staged.length <= maxBytes) {
        return new PackedUserData(staged, PackedUserData.Form.GZIP_DEFERRED, deferred);
      }
      throw tooLarge(maxBytes, staged.length, plain.length);
    }
    throw tooLarge(maxBytes, gzip.length, plain.length);
  }

  /**
   * The user data for a provider, as its cloud traits say: gzip-packed ({@link
   * CloudTraits.UserDataEncoding#GZIP}: AWS, within 16 KB) or text ({@link
   * CloudTraits.UserDataEncoding#TEXT}: GCE, within 256 KB).
   *
   * @throws io.nestlab.NestLabException for a provider with no traits, naming the known ones
   */
  public PackedUserData userDataFor(String provider) {
    return userDataFor(Clouds.builtIn().get(provider));
  }

  /** The user data packed as {@code cloud} takes it (a provider's own traits may differ). */
  public PackedUserData userDataFor(CloudTraits cloud) {
    int max = cloud.userDataMaxBytes();
    return switch (cloud.userDataEncoding()) {
      case GZIP -> pack(max);
      case TEXT ->
          new PackedUserData(
              userData(max).getBytes(StandardCharsets.UTF_8), PackedUserData.Form.PLAIN, Map.of());
    };
  }

  private static String sha256(String content) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private NestLabException tooLarge(int maxBytes, int packed, int plain) {
    return new NestLabException(
        "the bootstrap user data of lab '"
            + lab.labName()
            + "' needs "
            + packed
            + " bytes compressed ("
            + plain
            + " plain), more than the limit of "
            + maxBytes
            + " bytes; fewer ESXi hosts or guests make it smaller");
  }

  private static int size(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private List<CloudConfig.File> compactFiles() {
    return compactFiles(files);
  }

  private List<CloudConfig.File> compactFiles(Map<String, String> files) {
    List<CloudConfig.File> out = new ArrayList<>();
    files.forEach(
        (path, content) ->
            out.add(new CloudConfig.File("/" + path, mode(path), CloudConfig.compact(content))));
    return out;
  }

  private List<CloudConfig.File> cloudFiles() {
    List<CloudConfig.File> out = new ArrayList<>();
    files.forEach(
        (path, content) -> out.add(new CloudConfig.File("/" + path, mode(path), content)));
    return out;
  }

  /**
   * Writes every file under {@code dir} (as {@code dir/opt/nestlab/...}) and the plain user data as
   * {@value #USER_DATA_FILE}, for review and for the validators. Returns the paths written.
   */
  public List<Path> writeTo(Path dir) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path target = dir.resolve(e.getKey()).normalize();
        if (!target.startsWith(dir.normalize())) {
          throw new IllegalStateException("file path leaves the directory: " + e.getKey());
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
        setMode(target, mode(e.getKey()));
        written.add(target);
      }
      Path userData = dir.resolve(USER_DATA_FILE);
      Files.writeString(userData, userData(), StandardCharsets.UTF_8);
      written.add(userData);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bootstrap files to " + dir, e);
    }
    return written;
  }

  private static void setMode(Path file, String octal) throws IOException {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    boolean exec = octal.equals("0755");
    Set<PosixFilePermission> perms =
        PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--");
    Files.setPosixFilePermissions(file, perms);
  }
}
