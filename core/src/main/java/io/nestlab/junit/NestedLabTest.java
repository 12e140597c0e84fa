package io.nestlab.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit Jupiter test class whose {@link Lab @Lab} fields get nested vSphere labs: a static
 * field one lab for the class, an instance field one lab per test. Each lab is destroyed when its
 * scope ends, also when tests fail. See docs/testing-with-nestlab.md.
 */
@Documented
@Inherited
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NestedLabExtension.class)
public @interface NestedLabTest {}
