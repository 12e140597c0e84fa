package io.nestlab.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the minimal IAM policy (the first {@code json} block) of docs/providers/aws.md. */
final class IamPolicyDoc {
  private IamPolicyDoc() {}

  static Path path() {
    return Path.of(System.getProperty("nestlab.repo.dir", "..")).resolve("docs/providers/aws.md");
  }

  static JsonNode policy() throws IOException {
    String md = Files.readString(path());
    Matcher m = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(md);
    if (!m.find()) {
      throw new AssertionError(path() + " has no ```json block with the IAM policy");
    }
    return new ObjectMapper().readTree(m.group(1));
  }

  /** Every action the policy allows. */
  static Set<String> actions() throws IOException {
    Set<String> out = new TreeSet<>();
    for (JsonNode st : policy().path("Statement")) {
      JsonNode a = st.path("Action");
      if (a.isTextual()) {
        out.add(a.asText());
      } else {
        a.forEach(x -> out.add(x.asText()));
      }
    }
    return out;
  }
}
