package io.nestlab.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.nestlab.engine.LabEngine;
import io.nestlab.plan.Plan;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuiceUserTest {
  @TempDir Path state;

  @Test
  void moduleWiresOneEngineOnTheGivenStateDirAndAPlanner() {
    Injector injector = Guice.createInjector(new GuiceUser.NestLabModule(state));
    LabEngine engine = injector.getInstance(LabEngine.class);
    assertSame(engine, injector.getInstance(LabEngine.class));
    assertEquals(List.of(), engine.store().labIds());
    assertTrue(engine.store().location().contains(state.toString()), engine.store().location());

    Function<LabSpec, Plan> planner =
        injector.getInstance(Key.get(new TypeLiteral<Function<LabSpec, Plan>>() {}));
    LabSpec lab =
        LabSpec.builder()
            .name("guice")
            .esxi(new EsxiSpec("8.0U3", 1, "esx", 2, 16, 32, 100, Map.of()))
            .build();
    assertFalse(planner.apply(lab).options().isEmpty());
  }
}
