package io.nestlab.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.ProviderCatalog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalog text is cut into lines with {@code indexOf} (docs/design/0161): the lines, and so the
 * catalog, are those {@link BufferedReader#readLine} gives, whatever the line ends.
 */
class CatalogTextTest {
  private static final String EMBEDDED = Catalog.embedded().toText();

  @Test
  void theEmbeddedCatalogReadsBackToItself() throws IOException {
    List<ProviderCatalog> read = CatalogText.read(EMBEDDED);
    assertEquals(EMBEDDED, CatalogText.write(read));
    assertEquals(read, CatalogText.read(new StringReader(EMBEDDED)));
  }

  @Test
  void everyLineEndReadsAsBufferedReaderReadsIt() throws IOException {
    String lf = EMBEDDED;
    for (String end : List.of("\r\n", "\r")) {
      String other = lf.replace("\n", end);
      assertEquals(CatalogText.read(lf), CatalogText.read(other), "line ends " + escaped(end));
    }
    // No line end after the last record, and a mix of all three.
    String mixed = mixLineEnds(lf.substring(0, lf.length() - 1));
    assertEquals(CatalogText.read(lf), CatalogText.read(mixed));
  }

  @Test
  void lineNumbersInErrorsCountEveryKindOfLineEnd() {
    // Lines 1-4 end in \r\n, \r, \n and \n; line 6 holds the bad date.
    String text = "# one\r\n# two\r# three\n\nprovider\taws\nasOf\tnot-a-date\n";
    IOException e = assertThrows(IOException.class, () -> CatalogText.read(text));
    assertTrue(e.getMessage().startsWith("catalog line 6: "), e.getMessage());
  }

  private static String mixLineEnds(String text) {
    StringBuilder b = new StringBuilder();
    String[] ends = {"\n", "\r\n", "\r"};
    int i = 0;
    for (String line : text.split("\n", -1)) {
      if (i > 0) {
        b.append(ends[i % 3]);
      }
      b.append(line);
      i++;
    }
    return b.toString();
  }

  private static String escaped(String end) {
    return end.replace("\r", "\\r").replace("\n", "\\n");
  }
}
