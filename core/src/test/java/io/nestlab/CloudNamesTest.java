package io.nestlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cloud table's names are checked by hand (docs/design/0200); the regular expressions they were
 * checked with before are kept here as the definition, and both must agree on every form.
 */
class CloudNamesTest {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern CREDENTIAL_SOURCE =
      Pattern.compile("(env:[A-Za-z_][A-Za-z0-9_]*|option:[a-z][a-z0-9-]*|file:[^/\\s][^\\s]*)");

  private static final List<String> TEXTS =
      List.of(
          "aws",
          "gcp",
          "fake",
          "my-cloud-2",
          "a",
          "",
          "-aws",
          "2cloud",
          "Aws",
          "aws_1",
          "aws ",
          "a".repeat(32),
          "a".repeat(33),
          "a-",
          "é",
          "env:AWS_PROFILE",
          "env:_X",
          "env:x1",
          "env:1X",
          "env:",
          "env:A-B",
          "env:A B",
          "option:profile",
          "option:api-key2",
          "option:",
          "option:Key",
          "option:1key",
          "option:key_",
          "file:.aws/credentials",
          "file:/etc/credentials",
          "file:",
          "file:a b",
          "file:a\tb",
          "file:a\u000Bb",
          "file:a\u00A0b",
          "file:~/x",
          "file: x",
          "env",
          "ENV:X",
          "http:x",
          "env:X\n");

  @Test
  void idsAreWhatThePatternAccepts() {
    for (String t : TEXTS) {
      assertEquals(ID.matcher(t).matches(), CloudNames.isId(t), "'" + t + "'");
    }
  }

  @Test
  void credentialSourcesAreWhatThePatternAccepts() {
    for (String t : TEXTS) {
      assertEquals(
          CREDENTIAL_SOURCE.matcher(t).matches(), CloudNames.isCredentialSource(t), "'" + t + "'");
    }
  }
}
