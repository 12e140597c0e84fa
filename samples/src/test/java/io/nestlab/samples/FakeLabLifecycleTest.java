package io.nestlab.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.fake.FakeLabProviderFactory;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.LabStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeLabLifecycleTest {
  @TempDir Path work;

  @Test
  void createsALabAndLeavesNothingBehind() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    FakeLabLifecycle.Outcome o =
        FakeLabLifecycle.run(work, new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertEquals(LabStatus.READY, o.created().status());
    assertEquals(LabStatus.DESTROYED, o.destroyed().status());
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("created " + o.created().labId() + ": READY"), out);
    assertTrue(out.contains("destroyed " + o.created().labId() + ": DESTROYED"), out);
    // The fake cloud in the directory holds nothing of the lab any more.
    List<OwnedResource> left =
        new FakeLabProviderFactory()
            .create(ProviderSettings.of(Map.of("dir", work.resolve("cloud").toString())))
            .listOwned(TagFilter.lab(o.created().labId()));
    assertEquals(List.of(), left);
  }
}
