package io.nestlab.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabSelectorTest {
  static LabRecord lab(String id, String name, String owner, LabStatus status) {
    return LabRecord.builder(id, "fake").name(name).owner(owner).status(status).build();
  }

  final LabRecord s1 = lab("student-1-abc", "student-1", "trainer", LabStatus.READY);
  final LabRecord s2 = lab("student-2-def", "student-2", "trainer", LabStatus.DESTROYED);
  final LabRecord ci = lab("ci-9-xyz", "ci-9", "ci", LabStatus.CREATING);

  List<String> select(String selector) {
    return List.of(s1, s2, ci).stream()
        .filter(LabSelector.parse(selector))
        .map(LabRecord::labId)
        .toList();
  }

  @Test
  void everyTermMustHold() {
    assertEquals(List.of("student-1-abc", "student-2-def"), select("owner=trainer"));
    assertEquals(List.of("student-1-abc"), select("owner=trainer,status!=destroyed"));
    assertEquals(List.of("ci-9-xyz"), select("owner!=trainer"));
  }

  @Test
  void starMatchesAnyCharactersAndStatusIgnoresCase() {
    assertEquals(List.of("student-1-abc", "student-2-def"), select("name=student-*"));
    assertEquals(List.of("student-2-def"), select("name=*-2"));
    assertEquals(List.of("ci-9-xyz"), select("status=CREATING"));
    assertEquals(List.of("student-1-abc"), select(" id = student-1-* "));
  }

  @Test
  void aMissingFieldMatchesOnlyNegatedTerms() {
    assertEquals(List.of(), select("region=*"));
    assertEquals(3, select("region!=eu-west-1").size());
  }

  @Test
  void badInputNamesEveryBadTermAndWhatToWrite() {
    InvalidSpecException e =
        assertThrows(
            InvalidSpecException.class, () -> LabSelector.parse("team=a,owner,,status=gone,name="));
    String m = e.getMessage();
    assertTrue(m.contains("term 1") && m.contains("'team' is not a key"), m);
    assertTrue(m.contains("id, name, owner, provider, region, status"), m);
    assertTrue(m.contains("term 2") && m.contains("write KEY=VALUE"), m);
    assertTrue(m.contains("term 3") && m.contains("remove the extra comma"), m);
    assertTrue(m.contains("term 4") && m.contains("'gone' is not a lab status"), m);
    assertTrue(m.contains("term 5") && m.contains("is empty or has characters"), m);
    assertThrows(InvalidSpecException.class, () -> LabSelector.parse(" "));
    assertFalse(LabSelector.parse("owner=x").test(s1));
  }
}
