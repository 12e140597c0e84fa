package io.nestlab.bootstrap.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes the {@code #cloud-config} user data that installs and starts the bootstrap. */
public final class CloudConfig {
  /** The account the lab key opens on the L1 host, on every provider. */
  public static final String LAB_USER = "nestlab";

  /** Debian 12 packages the L1 host needs ({@link io.nestlab.bootstrap.L1Image}). */
  public static final List<String> PACKAGES =
      List.of(
          "qemu-system-x86",
          "qemu-utils",
          "libvirt-daemon-system",
          "libvirt-clients",
          "virtinst",
          "ovmf",
          "xorriso",
          "dnsmasq-base",
          "chrony",
          "curl",
          "jq",
          "lvm2",
          "openssl",
          "python3",
          "python3-pyvmomi");

  /** How the files are carried. */
  public enum Encoding {
    /** Plain text, readable in the user data. */
    PLAIN,
    /** Each file gzip-compressed and base64-encoded (cloud-init's {@code gz+b64}). */
    GZIP
  }

  /** One file cloud-init writes. */
  public record File(String path, String permissions, String content) {}

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());

  private CloudConfig() {}

  /** The user data for {@code files}, carried as {@code encoding}. */
  public static String render(
      LabFacts lab, List<File> files, Encoding encoding, List<String> sshAuthorizedKeys) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("package_update", true);
    root.put("packages", PACKAGES);
    // The cheapest check runs first, before any package is installed: without VT-x no ESXi host
    // can run here, so report it and power off within minutes.
    root.put(
        "bootcmd",
        List.of(
            List.of(
                "sh",
                "-c",
                "grep -qw vmx /proc/cpuinfo || { echo \"NESTLAB phase=preflight status=failed"
                    + " t=$(date -u +%Y-%m-%dT%H:%M:%SZ) reason=no-vmx\" | tee /dev/console;"
                    + " sleep 60; poweroff; }")));
    List<Object> writeFiles = new ArrayList<>();
    for (File f : files) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path());
      m.put("owner", "root:root");
      m.put("permissions", f.permissions());
      if (encoding == Encoding.GZIP) {
        m.put("encoding", "gz+b64");
        m.put("content", Base64.getEncoder().encodeToString(gzip(f.content())));
      } else {
        m.put("content", f.content());
      }
      writeFiles.add(m);
    }
    root.put("write_files", writeFiles);
    if (!sshAuthorizedKeys.isEmpty()) {
      root.put("ssh_authorized_keys", sshAuthorizedKeys);
      // The lab key also opens one account with the same name on every cloud and image, so the
      // engine reaches AWS (Debian default user "admin") and GCE hosts alike as "nestlab".
      Map<String, Object> user = new LinkedHashMap<>();
      user.put("name", LAB_USER);
      user.put("shell", "/bin/bash");
      user.put("sudo", "ALL=(ALL) NOPASSWD:ALL");
      user.put("lock_passwd", true);
      user.put("ssh_authorized_keys", sshAuthorizedKeys);
      root.put("users", List.of("default", user));
    }
    root.put(
        "runcmd",
        List.of(
            List.of("systemctl", "daemon-reload"),
            List.of("systemctl", "enable", "--now", "nestlab-lease.timer"),
            List.of("systemctl", "enable", "nestlab-bootstrap.service"),
            List.of("systemctl", "start", "--no-block", "nestlab-bootstrap.service")));
    try {
      return "#cloud-config\n# NestLab lab '"
          + lab.labName()
          + "' on "
          + lab.provider()
          + ": builds the nested vSphere lab on this host. No secrets here:\n"
          + "# passwords are generated on the host into a root-only file.\n"
          + YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The same file without full-line comments and blank lines, for the packed user data. Keeps the
   * first line ({@code #!} or {@code #cloud-config}) and shellcheck directives. The host's scripts
   * have no heredoc or string whose lines start with '#'.
   */
  public static String compact(String content) {
    StringBuilder b = new StringBuilder(content.length());
    boolean first = true;
    for (String line : content.split("\n")) {
      String t = line.strip();
      boolean comment = (t.equals("#") || t.startsWith("# ")) && !t.startsWith("# shellcheck");
      if (first || !(t.isEmpty() || comment)) {
        b.append(line).append('\n');
      }
      first = false;
    }
    return b.toString();
  }

  /** Deterministic gzip (no file name, zero modification time). */
  public static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out) {
          {
            def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
          }
        }) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
