package io.nestlab.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Starts the labs of a {@link NestedLabTest} class's {@link Lab @Lab} fields and destroys them:
 * static fields before all tests and after all tests, instance fields around each test. Labs that
 * cannot be had for a reason that is not the code under test (no credentials, too expensive for
 * {@link Lab#maxHourlyUsd()}, the provider's preflight refusing) abort the tests with a message
 * saying which and how to enable them; JUnit reports them as skipped. After each class, the cost
 * its labs accrued is published as the report entry {@code nestlab.cost}.
 *
 * <p>JUnit configuration parameters: {@code nestlab.junit.state-dir} (where the labs' records live;
 * default {@code ~/.nestlab/labs}, so {@code nestlab list} and {@code sweep} see them), {@code
 * nestlab.junit.lease} (the heartbeat lease, ISO-8601, default {@code PT10M}), {@code
 * nestlab.junit.poll-interval} (the engine's poll interval, default {@code PT0.5S}), {@code
 * nestlab.junit.provider-opt.<provider>.<key>} (a provider setting for every lab of that provider
 * whose field does not set it).
 */
public final class NestedLabExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  static final Namespace NAMESPACE = Namespace.create(NestedLabExtension.class);
  static final String COST_ENTRY = "nestlab.cost";

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ClassLabs labs = classLabs(context);
    for (Field field : labFields(testClass, true)) {
      LabHandle handle = session(context).start(LabRequest.of(field));
      labs.add(handle);
      set(field, null, handle);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ClassLabs labs = classLabs(context.getParent().orElseThrow());
    TestLabs testLabs = new TestLabs(labs);
    context.getStore(NAMESPACE).put(TestLabs.class, testLabs);
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field : labFields(instance.getClass(), false)) {
        LabHandle handle = session(context).start(LabRequest.of(field));
        testLabs.add(handle);
        set(field, instance, handle);
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestLabs testLabs = context.getStore(NAMESPACE).get(TestLabs.class, TestLabs.class);
    if (testLabs != null) {
      testLabs.close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ClassLabs labs = classLabs(context);
    try {
      labs.close();
    } finally {
      labs.report().ifPresent(text -> context.publishReportEntry(COST_ENTRY, text));
    }
  }

  private static ClassLabs classLabs(ExtensionContext classContext) {
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(ClassLabs.class, k -> new ClassLabs(), ClassLabs.class);
  }

  private static Session session(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            Session.class, k -> Session.open(context::getConfigurationParameter), Session.class);
  }

  /** The {@code @Lab} fields of {@code type} and its superclasses, static or not, in order. */
  static List<Field> labFields(Class<?> type, boolean statics) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      List<Field> own = new ArrayList<>();
      for (Field f : c.getDeclaredFields()) {
        if (f.isAnnotationPresent(Lab.class) && Modifier.isStatic(f.getModifiers()) == statics) {
          if (f.getType() != LabHandle.class) {
            throw new ExtensionConfigurationException(
                "@Lab field "
                    + c.getSimpleName()
                    + "."
                    + f.getName()
                    + " is a "
                    + f.getType().getSimpleName()
                    + "; declare it as LabHandle");
          }
          if (Modifier.isFinal(f.getModifiers())) {
            throw new ExtensionConfigurationException(
                "@Lab field " + c.getSimpleName() + "." + f.getName() + " is final; drop 'final'");
          }
          own.add(f);
        }
      }
      fields.addAll(0, own);
    }
    return Collections.unmodifiableList(fields);
  }

  private static void set(Field field, Object target, LabHandle handle) {
    try {
      field.setAccessible(true);
      field.set(target, handle);
    } catch (ReflectiveOperationException | RuntimeException e) {
      handle.close();
      throw new ExtensionConfigurationException(
          "cannot set @Lab field " + field.getName() + ": " + e.getMessage(), e);
    }
  }
}
