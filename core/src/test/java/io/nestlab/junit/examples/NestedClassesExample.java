package io.nestlab.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import io.nestlab.state.LabStatus;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;

/** An enclosing class's lab seen by two {@code @Nested} classes, one of whose tests fails. */
@NestedLabTest
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public class NestedClassesExample {
  @Lab(
      spec = Specs.ONE_HOST,
      providerOptions = {Specs.FAST, Specs.FAST_BOOT})
  static LabHandle lab;

  /** Runs first. */
  @Nested
  @Order(1)
  class First {
    @Test
    void fails() {
      Seen.add("nested", lab.labId());
      fail("the code under test is broken");
    }
  }

  /** Runs after the first nested class ended: the enclosing lab must still be there. */
  @Nested
  @Order(2)
  class Second {
    @Test
    void stillHasTheLab() {
      assertEquals(LabStatus.READY, lab.record().status());
      Seen.add("nested", lab.labId());
    }
  }
}
