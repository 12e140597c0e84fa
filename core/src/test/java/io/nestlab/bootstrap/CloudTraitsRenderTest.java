package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.CloudTraits;
import io.nestlab.CloudTraits.LeaseSource;
import io.nestlab.CloudTraits.UserDataEncoding;
import io.nestlab.Clouds;
import io.nestlab.NestLabException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bootstrap asks a cloud's traits how to pack user data and where the host reads its lease. */
class CloudTraitsRenderTest {
  static CloudTraits cloud(int maxBytes, UserDataEncoding encoding) {
    return new CloudTraits(
        "az",
        "Azure",
        false,
        "[a-z]+[0-9]?",
        "([a-z]+[0-9]?)-[1-3]",
        "westus2",
        maxBytes,
        encoding,
        Set.of(),
        Duration.ofMinutes(1),
        Set.of(),
        true,
        true,
        "",
        LeaseSource.NONE);
  }

  @Test
  void userDataIsPackedAsTheCloudsEncodingAndLimitSayNotAsComputeEngineByDefault() {
    RenderedBootstrap b = BootstrapRenderer.render(Labs.article(), RenderOptions.of("fake"));
    int text = b.userDataFor(Clouds.builtIn().get("gcp")).bytes().length;
    int gzip = b.userDataFor(Clouds.builtIn().get("aws")).bytes().length;
    assertTrue(gzip < text, gzip + " < " + text);
    // A third cloud whose text limit is below what this lab needs fails at render, before launch.
    NestLabException tooSmall =
        assertThrows(
            NestLabException.class, () -> b.userDataFor(cloud(gzip, UserDataEncoding.TEXT)));
    assertTrue(tooSmall.getMessage().contains("limit of " + gzip), tooSmall.getMessage());
    // The same limit with gzip encoding fits.
    PackedUserData packed = b.userDataFor(cloud(gzip, UserDataEncoding.GZIP));
    assertTrue(packed.bytes().length <= gzip);
    assertEquals(
        PackedUserData.Form.PLAIN, b.userDataFor(cloud(text, UserDataEncoding.TEXT)).form());
  }

  @Test
  void theHostReadsItsLeaseWhereTheCloudsTraitsSay() {
    for (String provider : Clouds.builtIn().ids()) {
      String env =
          BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of(provider))
              .file("opt/nestlab/etc/lab.env")
              .orElseThrow();
      String source = Clouds.builtIn().get(provider).leaseSource().wire();
      assertTrue(env.contains("LEASE_SOURCE='" + source + "'"), provider + ": " + env);
    }
    String lib =
        BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of("aws"))
            .file("opt/nestlab/bin/nestlab-lib.sh")
            .orElseThrow();
    for (LeaseSource s : LeaseSource.values()) {
      if (s != LeaseSource.NONE) {
        assertTrue(lib.contains("    " + s.wire() + ") "), "read_lease handles " + s.wire());
      }
    }
  }
}
