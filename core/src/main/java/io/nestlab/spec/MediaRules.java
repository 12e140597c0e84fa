package io.nestlab.spec;

import io.nestlab.Clouds;
import io.nestlab.Problem;
import java.util.List;
import java.util.Locale;

/** The installer media's rules: URLs the L1 host can fetch safely and SHA-256 digests. */
final class MediaRules extends SpecRules {
  MediaRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  void media(MediaSpec media) {
    mediaRef("media.esxiIso", media.esxiIso(), "the ESXi installer ISO");
    mediaRef("media.vcsaIso", media.vcsaIso(), "the vCenter Server appliance installer ISO");
  }

  void mediaRef(String path, MediaRef ref, String what) {
    if (ref == null) {
      return;
    }
    if (ref.url() == null || ref.url().isBlank()) {
      add(
          path + ".url",
          "missing; give the URL of " + what + " (" + Clouds.builtIn().mediaUrlForms(false) + ")");
    } else {
      url(path + ".url", ref.url(), what);
    }
    if (ref.sha256() != null && !SpecValidator.SHA256.matcher(ref.sha256()).matches()) {
      add(
          path + ".sha256",
          "'"
              + shorten(ref.sha256())
              + "' is not a SHA-256 digest: it has 64 hex digits (0-9, a-f); you had "
              + ref.sha256().length()
              + " characters. Copy it from 'sha256sum FILE', or leave sha256 out");
    }
  }

  void url(String path, String url, String what) {
    String unsafe = unsafeCharacters(url);
    if (unsafe != null) {
      add(
          path,
          "'"
              + shorten(url, 80)
              + "' contains "
              + unsafe
              + "; the L1 host fetches "
              + what
              + " with a shell script and never runs what a URL holds; if the characters are part"
              + " of the name, URL-encode them (a space as %20, $ as %24, ` as %60, \" as %22,"
              + " ' as %27)");
      return;
    }
    String u = url.trim();
    int colon = u.indexOf("://");
    String scheme = colon < 0 ? "" : u.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? u : u.substring(colon + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String object = slash < 0 ? "" : rest.substring(slash + 1);
    // A cloud's object storage (CloudTraits.storageSchemes): a bucket and an object.
    if (Clouds.builtIn().ownerOfScheme(scheme).isPresent()) {
      if (authority.isEmpty() || object.isEmpty()) {
        add(
            path,
            "'"
                + url
                + "' names no object; write "
                + scheme
                + "://BUCKET/PATH/FILE.iso for "
                + what);
      }
      return;
    }
    switch (scheme) {
      case "https" -> {
        if (authority.isEmpty()) {
          add(path, "'" + url + "' names no host; write https://HOST/PATH for " + what);
        }
      }
      case "http" ->
          add(
              path,
              "plain http:// is not accepted (the download could be altered on the way); use"
                  + " https://, or copy "
                  + what
                  + " to an "
                  + Clouds.builtIn().storageUrlForms()
                  + " bucket");
      default ->
          add(
              path,
              "'"
                  + url
                  + "' is not a URL NestLab can fetch "
                  + what
                  + " from; use "
                  + Clouds.builtIn().mediaUrlForms(true));
    }
  }

  private static String shorten(String s) {
    return shorten(s, 16);
  }

  private static String shorten(String s, int max) {
    return s.length() > max ? s.substring(0, max) + "..." : s;
  }

  /**
   * What in a URL the L1 host's scripts refuse (the bootstrap renderer allows no whitespace, quote,
   * backslash, backtick or '$'), described for a user; null when there is none. A command
   * substitution gets its own name: it is the one that would run something.
   */
  static String unsafeCharacters(String url) {
    if (url.contains("$(") || url.contains("`")) {
      return "a shell command substitution (" + (url.contains("`") ? "`...`" : "$(...)") + ")";
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (Character.isWhitespace(c)) {
        return c == ' ' ? "a space" : "a whitespace character";
      }
      if (c == '\'' || c == '"') {
        return "a quote (" + c + ")";
      }
      if (c == '\\') {
        return "a backslash";
      }
      if (c == '$') {
        return "'$' (shell variable syntax)";
      }
    }
    return null;
  }
}
