package io.nestlab.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * docs/embedding.md as a user copies it: every Java block compiles on its own (imports included, no
 * names from elsewhere), and its pom.xml is complete, with the compiler plugin pinned.
 */
class EmbeddingDocTest {
  private static final Path REPO = Path.of(System.getProperty("nestlab.repo.dir", ".."));

  @TempDir Path out;

  private static String doc() throws IOException {
    return Files.readString(REPO.resolve("docs/embedding.md"));
  }

  @Test
  void everyJavaBlockCompilesOnItsOwn() throws IOException {
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc());
    List<String> failures = new ArrayList<>();
    int blocks = 0;
    while (m.find()) {
      blocks++;
      String code = m.group(1);
      Matcher cls = Pattern.compile("public (?:final )?class (\\w+)").matcher(code);
      if (!cls.find()) {
        failures.add("block " + blocks + " is not a whole class: " + code.lines().findFirst());
        continue;
      }
      String errors = compile(cls.group(1), code);
      if (!errors.isEmpty()) {
        failures.add(cls.group(1) + ":\n" + errors);
      }
    }
    assertTrue(blocks >= 3, "expected the embedding examples; found " + blocks);
    assertEquals(List.of(), failures);
  }

  private String compile(String className, String code) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject source =
        new SimpleJavaFileObject(
            URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
          }
        };
    StringWriter errors = new StringWriter();
    boolean ok =
        javac
            .getTask(
                errors,
                null,
                null,
                List.of(
                    "-d",
                    out.toString(),
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-proc:none",
                    "--release",
                    "17"),
                null,
                List.of(source))
            .call();
    return ok ? "" : errors.toString();
  }

  @Test
  void thePomIsCompleteAndPinsTheCompilerPlugin() throws Exception {
    Matcher m =
        Pattern.compile("```xml\\n(<project.*?</project>)\\n```", Pattern.DOTALL).matcher(doc());
    assertTrue(m.find(), "docs/embedding.md has no complete pom.xml");
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new java.io.ByteArrayInputStream(m.group(1).getBytes("UTF-8")));
    Element root = pom.getDocumentElement();
    for (String field : List.of("modelVersion", "groupId", "artifactId", "version")) {
      assertEquals(1, children(root, field).size(), field);
    }
    String version = projectVersion();
    List<String> artifacts = new ArrayList<>();
    NodeList deps = root.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      if (text(d, "groupId").equals("io.nestlab")) {
        artifacts.add(text(d, "artifactId"));
        assertEquals(version, text(d, "version"), text(d, "artifactId"));
      }
    }
    assertTrue(artifacts.contains("nestlab-core"), artifacts.toString());
    Element compiler = null;
    NodeList plugins = root.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element p = (Element) plugins.item(i);
      if (text(p, "artifactId").equals("maven-compiler-plugin")) {
        compiler = p;
      }
    }
    assertTrue(compiler != null, "no maven-compiler-plugin in the pom");
    assertEquals(pluginVersion("maven-compiler-plugin"), text(compiler, "version"));
    assertEquals("17", text(compiler, "release"));
  }

  private static List<Element> children(Element e, String name) {
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < e.getChildNodes().getLength(); i++) {
      if (e.getChildNodes().item(i) instanceof Element c && c.getTagName().equals(name)) {
        out.add(c);
      }
    }
    return out;
  }

  private static String text(Element e, String tag) {
    NodeList l = e.getElementsByTagName(tag);
    return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
  }

  /** The version this build makes, from the parent pom. */
  private static String projectVersion() throws Exception {
    Document parent =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(REPO.resolve("pom.xml").toFile());
    return children(parent.getDocumentElement(), "version").get(0).getTextContent().trim();
  }

  /** The version of a plugin the project's own build pins (known to work). */
  private static String pluginVersion(String artifactId) throws Exception {
    Document parent =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(REPO.resolve("pom.xml").toFile());
    NodeList plugins = parent.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element p = (Element) plugins.item(i);
      if (text(p, "artifactId").equals(artifactId) && !text(p, "version").isEmpty()) {
        return text(p, "version");
      }
    }
    throw new AssertionError("the build pins no " + artifactId);
  }
}
