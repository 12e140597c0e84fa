package io.nestlab.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link LabHandle} field that {@link NestedLabExtension} fills with a running lab. A static
 * field holds one lab for the whole test class; an instance field one lab per test.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Lab {
  /**
   * The lab spec: a class-path resource (such as {@code labs/two-hosts.yaml} under {@code
   * src/test/resources}) or else a file path relative to the working directory. May be left out
   * with {@link #blueprint()}: then the lab the blueprint recorded.
   */
  String spec() default "";

  /**
   * Start the lab from this saved blueprint ({@code nestlab save LAB --as NAME}), as {@code nestlab
   * up --from NAME} does: its data disk is made from the blueprint's snapshot and the host starts
   * the lab it finds, with no install. Without {@link #spec()}, the blueprint's own lab (its record
   * must be in the state directory's {@code blueprints} folder); with it, the spec must be the
   * blueprint's lab (its name may differ), and a blueprint saved elsewhere is found by its tags.
   * The plan is made in the blueprint's region unless a {@code region} setting says otherwise.
   */
  String blueprint() default "";

  /** The provider id: {@code fake} (default; free, in memory), {@code aws} or {@code gcp}. */
  String provider() default "fake";

  /**
   * The most the lab may cost per hour, in US dollars; when the cheapest plan option costs more,
   * the tests are skipped. Negative (the default) means no limit beyond the spec's own policy.
   */
  double maxHourlyUsd() default -1;

  /** Provider settings as {@code key=value}, like the CLI's {@code --provider-opt}. */
  String[] providerOptions() default {};

  /**
   * Keep the lab after the run and take it again in later runs while its lease (the spec's TTL)
   * lasts, instead of creating one per class. Refused when the environment variable {@code CI} is
   * set.
   */
  boolean reuse() default false;

  /**
   * One lab for every field of the run (of any class) that asks for the same spec, provider and
   * provider options, keyed by their hash in JUnit's root store: started by the first class that
   * needs it and destroyed when the run ends, not after each class. Its lease is renewed by this
   * JVM as for any lab. Tests that change it should declare a {@code @ResourceLock} named after it.
   */
  boolean sharedByRun() default false;
}
