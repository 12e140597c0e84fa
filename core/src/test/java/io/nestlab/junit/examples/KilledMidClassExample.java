package io.nestlab.junit.examples;

import io.nestlab.junit.Lab;
import io.nestlab.junit.LabHandle;
import io.nestlab.junit.NestedLabTest;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Holds its class lab until its JVM is killed; runs only in the crash test's child JVM. */
@NestedLabTest
@EnabledIfSystemProperty(named = "nestlab.junit.crash-child", matches = "true")
public class KilledMidClassExample {
  @Lab(
      spec = Specs.ONE_HOST,
      providerOptions = {Specs.FAST, Specs.FAST_BOOT})
  static LabHandle lab;

  @Test
  void waitsToBeKilled() throws InterruptedException {
    System.out.println("RUNNING " + lab.labId());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
