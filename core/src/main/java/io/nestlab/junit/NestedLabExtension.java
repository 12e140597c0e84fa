package io.nestlab.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Starts the labs of a {@link NestedLabTest} class's {@link Lab @Lab} fields and destroys them:
 * static fields before all tests and after all tests, instance fields around each test; the labs of
 * several fields are started at the same time. Labs that cannot be had for a reason that is not the
 * code under test (no credentials, too expensive for {@link Lab#maxHourlyUsd()}, the provider's
 * preflight refusing) abort the tests with a message saying which and how to enable them; JUnit
 * reports them as skipped. After each class, the cost its labs accrued is published as the report
 * entry {@code nestlab.cost}. When a test fails, the NestLab logs of every lab it used are attached
 * to it as files {@code nestlab-logs-<lab>.txt} (JUnit's {@code publishFile}; the path also goes to
 * the report entry {@code nestlab.logs}).
 *
 * <p>JUnit configuration parameters: {@code nestlab.junit.state-dir} (where the labs' records live;
 * default {@code ~/.nestlab/labs}, so {@code nestlab list} and {@code sweep} see them), {@code
 * nestlab.junit.lease} (the heartbeat lease, ISO-8601, default {@code PT10M}), {@code
 * nestlab.junit.poll-interval} (the engine's poll interval, default {@code PT0.5S}), {@code
 * nestlab.junit.provider-opt.<provider>.<key>} (a provider setting for every lab of that provider
 * whose field does not set it).
 */
public final class NestedLabExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        TestExecutionExceptionHandler {
  static final Namespace NAMESPACE = Namespace.create(NestedLabExtension.class);
  static final String COST_ENTRY = "nestlab.cost";
  static final String LOGS_ENTRY = "nestlab.logs";

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ClassLabs labs = classLabs(context);
    List<Field> fields = labFields(testClass, true);
    start(context, fields, Collections.nCopies(fields.size(), null), labs, labs::add);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ClassLabs labs = classLabs(context.getParent().orElseThrow());
    TestLabs testLabs = new TestLabs(labs);
    context.getStore(NAMESPACE).put(TestLabs.class, testLabs);
    List<Object> targets = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field : labFields(instance.getClass(), false)) {
        targets.add(instance);
        fields.add(field);
      }
    }
    start(context, fields, targets, labs, testLabs::add);
  }

  /**
   * Starts the labs of {@code fields} at once and sets each into its target (null for a static
   * field); {@code owner} takes those the scope closes, {@code labs} keeps the run's shared ones
   * for the class's report.
   */
  private static void start(
      ExtensionContext context,
      List<Field> fields,
      List<Object> targets,
      ClassLabs labs,
      java.util.function.Consumer<LabHandle> owner) {
    List<LabRequest> requests = fields.stream().map(LabRequest::of).toList();
    List<LabHandle> handles =
        LabStarter.startAll(requests, session(context)::start, r -> !r.sharedByRun());
    for (int i = 0; i < fields.size(); i++) {
      if (requests.get(i).sharedByRun()) {
        labs.addShared(handles.get(i)); // a lab shared by the run belongs to the run
      } else {
        owner.accept(handles.get(i));
      }
      set(fields.get(i), targets.get(i), handles.get(i));
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

  /**
   * Attaches the NestLab logs of the labs a failing test used (its own and its classes'), before
   * its own labs are destroyed, then lets the failure go on. An aborted test attaches nothing.
   */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    if (!(failure instanceof TestAbortedException)) {
      for (LabHandle lab : labsOf(context)) {
        attachLogs(context, lab);
      }
    }
    throw failure;
  }

  /** The open labs a test sees: its own, then its class's and enclosing classes'. */
  private static List<LabHandle> labsOf(ExtensionContext testContext) {
    List<LabHandle> labs = new ArrayList<>();
    TestLabs own = testContext.getStore(NAMESPACE).get(TestLabs.class, TestLabs.class);
    if (own != null) {
      labs.addAll(own.open());
    }
    for (Optional<ExtensionContext> c = testContext.getParent();
        c.isPresent();
        c = c.get().getParent()) {
      ClassLabs classLabs = c.get().getStore(NAMESPACE).get(classKey(c.get()), ClassLabs.class);
      if (classLabs != null) {
        labs.addAll(classLabs.open());
      }
    }
    return labs.stream().distinct().toList(); // a lab shared by the run may be in two classes
  }

  private static void attachLogs(ExtensionContext context, LabHandle lab) {
    String name = "nestlab-logs-" + lab.labId() + ".txt";
    try {
      String logs = lab.nestlabLogs();
      context.publishFile(
          name,
          MediaType.TEXT_PLAIN_UTF_8,
          path -> {
            Files.writeString(path, logs, StandardCharsets.UTF_8);
            context.publishReportEntry(LOGS_ENTRY, path.toString());
          });
    } catch (RuntimeException | LinkageError e) {
      // The test's own failure matters more; say why the logs are missing next to it (a
      // LinkageError: JUnit older than 5.14, without publishFile's MediaType).
      context.publishReportEntry(
          LOGS_ENTRY, "logs of lab " + lab.labId() + " not attached: " + e.getMessage());
    }
  }

  /**
   * The key of a class's labs: its own, since a store lookup also finds the enclosing classes'
   * values, and a {@code @Nested} class must not take (and close) its enclosing class's labs.
   */
  private static String classKey(ExtensionContext classContext) {
    return ClassLabs.class.getName() + " " + classContext.getUniqueId();
  }

  private static ClassLabs classLabs(ExtensionContext classContext) {
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(classKey(classContext), k -> new ClassLabs(), ClassLabs.class);
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
