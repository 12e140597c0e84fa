package io.nestlab.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one ingress rule both providers apply. */
class IngressCidrsTest {
  static final String OPT_IN = "--provider-opt open=true";

  private static List<String> problems(String cidrs, boolean open) {
    List<String> problems = new ArrayList<>();
    IngressCidrs.ingress(List.of(cidrs.split(",")), open, OPT_IN, problems);
    return problems;
  }

  @Test
  void theInternetInPiecesIsRefusedLikeTheWholeOfIt() {
    assertTrue(problems("0.0.0.0/0", false).get(0).contains(OPT_IN));
    assertEquals(2, problems("0.0.0.0/1,128.0.0.0/1", false).size(), "each half is too wide");
    assertEquals(1, problems("10.0.0.0/8,11.0.0.0/8", false).size(), "two /8s are more than one");
    assertEquals(List.of(), problems("0.0.0.0/1,128.0.0.0/1", true), "unless the user opts in");
  }

  @Test
  void nestedRangesCountOnceAndBareAddressesBecomeSlash32() {
    List<String> problems = new ArrayList<>();
    List<String> out =
        IngressCidrs.ingress(
            List.of("10.0.0.0/9", "10.1.0.0/16", " 203.0.113.7 "), false, OPT_IN, problems);
    assertEquals(List.of(), problems);
    assertEquals(List.of("10.0.0.0/9", "10.1.0.0/16", "203.0.113.7/32"), out);
    assertEquals(
        List.of(),
        problems("10.0.0.0/8,10.1.0.0/16", false),
        "a /16 inside the /8 adds no address");
  }

  @Test
  void hostBitsAreRefusedEvenWithTheOptInNamingTheNetworkAddress() {
    List<String> p = problems("10.0.0.1/8", true);
    assertEquals(1, p.size());
    assertTrue(p.get(0).contains("10.0.0.0/8"), p.get(0));
    assertTrue(problems("10.0.0.300/32", false).get(0).contains("octet above 255"));
  }
}
