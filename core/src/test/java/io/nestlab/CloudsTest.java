package io.nestlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.CloudTraits.LeaseSource;
import io.nestlab.CloudTraits.UserDataEncoding;
import io.nestlab.engine.ApiRate;
import io.nestlab.fake.FakeLabProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one provider list: the built-in cloud traits, how they are read, and how they fail. */
class CloudsTest {
  static final String HEADER =
      "id\tdisplayName\tsimulated\tregionPattern\tzonePattern\texampleRegion\tuserDataMaxBytes"
          + "\tuserDataEncoding\tstorageSchemes\tbillingMinimumPerStart\tnestedSeries\tspot"
          + "\tspotNote\tleaseSource\tdiskMonth\tspotFirstHourFree\thyperdiskOnly\tcustomShapes"
          + "\tcredentials\tcredentialsHint\tapiRate\n";

  /** A third cloud with a 64 KB text limit, as a factory or the table could describe it. */
  static final String AZ =
      "az\tAzure\tno\t[a-z]+[0-9]?\t([a-z]+[0-9]?)-[1-3]\twestus2\t65536\tTEXT\thttps-blob"
          + "\tPT1M\tdv5,ev5\tmetal,nested\t-\tNONE\t730h\tno\tmetal\t-"
          + "\tenv:AZURE_CLIENT_ID,file:.azure/azureProfile.json\trun 'az login'\t2/s\n";

  @Test
  void theBuiltInTableListsEveryProviderOnceWithTheTraitsTheCodeUsedToHardWire() {
    Clouds clouds = Clouds.builtIn();
    assertEquals(List.of("aws", "gcp", "fake"), clouds.ids());
    CloudTraits aws = clouds.get("aws");
    assertEquals(16 * 1024, aws.userDataMaxBytes());
    assertEquals(UserDataEncoding.GZIP, aws.userDataEncoding());
    assertEquals(Set.of("s3"), aws.storageSchemes());
    assertEquals(Duration.ofSeconds(60), aws.billingMinimumPerStart());
    assertTrue(aws.spotMetal() && !aws.spotNested());
    assertEquals(LeaseSource.AWS_INSTANCE_TAG, aws.leaseSource());
    // a fleet's API rate: every row reads as a rate, and only the simulated cloud has none
    for (CloudTraits c : clouds.all()) {
      assertEquals(c.simulated(), ApiRate.parse(c.apiRate()).isUnlimited(), c.id());
    }
    assertEquals(new ApiRate(5, 10), ApiRate.parse(aws.apiRate()));
    CloudTraits gcp = clouds.get("gcp");
    assertEquals(256 * 1024, gcp.userDataMaxBytes());
    assertEquals(UserDataEncoding.TEXT, gcp.userDataEncoding());
    assertEquals(Set.of("gs"), gcp.storageSchemes());
    assertTrue(!gcp.spotMetal() && gcp.spotNested());
    assertTrue(gcp.nestedSeries().containsAll(Set.of("n2", "c3", "c4", "n4")));
    CloudTraits fake = clouds.get("fake");
    assertEquals(FakeLabProvider.MAX_USER_DATA_BYTES, fake.userDataMaxBytes());
    assertEquals(LeaseSource.NONE, fake.leaseSource());
    assertTrue(fake.simulated());
    assertEquals(
        io.nestlab.bootstrap.RenderedBootstrap.AWS_USER_DATA_MAX_BYTES, aws.userDataMaxBytes());
    assertEquals(
        io.nestlab.bootstrap.RenderedBootstrap.GCE_USER_DATA_MAX_BYTES, gcp.userDataMaxBytes());
  }

  @Test
  void factoriesThatKeepTheirRowLeaveTheTableAsItIs() {
    assertEquals(Clouds.builtIn().all(), io.nestlab.spi.LabProviders.clouds().all());
    assertEquals(
        Clouds.builtIn().get("fake"),
        io.nestlab.spi.LabProviders.factory("fake").traits().orElseThrow());
  }

  @Test
  void anUnknownProviderFailsNamingTheKnownOnes() {
    NestLabException e = assertThrows(NestLabException.class, () -> Clouds.builtIn().get("azure"));
    assertEquals("unknown provider 'azure'; known providers: aws, gcp, fake", e.getMessage());
    assertFalse(Clouds.builtIn().find("azure").isPresent());
  }

  @Test
  void regionsAndZonesBelongToTheRealCloudWhosePatternTheyMatch() {
    Clouds clouds = Clouds.builtIn();
    assertEquals("aws", clouds.ownerOfRegion("eu-central-2").orElseThrow().id());
    assertEquals("gcp", clouds.ownerOfRegion("europe-west4").orElseThrow().id());
    assertFalse(clouds.ownerOfRegion("fake-central-1").isPresent(), "the fake owns no region");
    assertEquals("us-east-1", clouds.ownerOfZone("us-east-1a").orElseThrow().getValue());
    assertEquals("gcp", clouds.ownerOfZone("us-central1-f").orElseThrow().getKey().id());
    assertEquals("aws", clouds.ownerOfScheme("s3").orElseThrow().id());
    assertTrue(clouds.get("fake").isRegion("fake-central-1"));
  }

  @Test
  void aThirdCloudIsOneRowAndAFactoryMayOverrideARow() {
    Clouds withAz = Clouds.parse(HEADER + AZ, "test");
    CloudTraits az = withAz.get("az");
    assertEquals(65536, az.userDataMaxBytes());
    assertEquals(Set.of("dv5", "ev5"), az.nestedSeries());
    assertEquals("", az.spotNote());
    Clouds overridden = Clouds.builtIn().with(az);
    assertEquals(List.of("aws", "gcp", "fake", "az"), overridden.ids());
    CloudTraits bigger =
        new CloudTraits(
            "gcp",
            "GCE",
            false,
            az.regionPattern(),
            az.zonePattern(),
            "westus2",
            512 * 1024,
            UserDataEncoding.TEXT,
            Set.of(),
            Duration.ZERO,
            Set.of(),
            true,
            true,
            "",
            LeaseSource.NONE);
    assertEquals(512 * 1024, Clouds.builtIn().with(bigger).get("gcp").userDataMaxBytes());
    assertEquals(256 * 1024, Clouds.builtIn().get("gcp").userDataMaxBytes(), "table unchanged");
  }

  @Test
  void aMalformedTableIsRefusedNamingTheLineAndTheCell() {
    IllegalArgumentException encoding =
        assertThrows(
            IllegalArgumentException.class,
            () -> Clouds.parse(HEADER + AZ.replace("TEXT", "BASE64"), "t.tsv"));
    assertTrue(encoding.getMessage().startsWith("t.tsv:2: "), encoding.getMessage());
    assertTrue(encoding.getMessage().contains("BASE64"), encoding.getMessage());
    IllegalArgumentException cells =
        assertThrows(
            IllegalArgumentException.class, () -> Clouds.parse(HEADER + "az\tAzure\n", "t.tsv"));
    assertTrue(cells.getMessage().contains("2 cells, but the header names 21"), cells.getMessage());
    IllegalArgumentException header =
        assertThrows(IllegalArgumentException.class, () -> Clouds.parse("id\tname\n", "t.tsv"));
    assertTrue(header.getMessage().contains("the header must name the columns"));
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> Clouds.parse(HEADER + AZ + AZ, "t"));
    assertTrue(twice.getMessage().contains("az is listed twice"), twice.getMessage());
    IllegalArgumentException example =
        assertThrows(
            IllegalArgumentException.class,
            () -> Clouds.parse(HEADER + AZ.replace("westus2", "West-US"), "t.tsv"));
    assertTrue(example.getMessage().contains("does not match regionPattern"));
    IllegalArgumentException month =
        assertThrows(
            IllegalArgumentException.class,
            () -> Clouds.parse(HEADER + AZ.replace("730h", "30d"), "t.tsv"));
    assertTrue(month.getMessage().contains("diskMonth is '30d'; use calendar or 730h"));
  }

  @Test
  void billingAndDiskRulesAreTraitsNotBranchesOnACloudName() {
    Clouds clouds = Clouds.builtIn();
    assertTrue(clouds.get("aws").calendarMonthDisks());
    assertTrue(clouds.get("aws").spotInterruptionFreeFirstHour());
    assertFalse(clouds.get("gcp").spotInterruptionFreeFirstHour());
    assertFalse(clouds.get("fake").calendarMonthDisks());
    assertTrue(clouds.get("gcp").hyperdiskOnly("n4", false));
    assertTrue(clouds.get("gcp").hyperdiskOnly("c3", true), "every GCE bare-metal type");
    assertFalse(clouds.get("gcp").hyperdiskOnly("n2", false));
    assertFalse(clouds.get("aws").hyperdiskOnly("m5zn", true));
    CloudTraits az = Clouds.parse(HEADER + AZ, "test").get("az");
    assertTrue(az.hyperdiskOnly("anything", true));
    assertFalse(az.calendarMonthDisks());
  }

  @Test
  void customShapesAndCredentialSourcesAreTraitsNotBranchesOnACloudName() {
    Clouds clouds = Clouds.builtIn();
    assertEquals(Set.of("n1", "n2", "n4"), clouds.get("gcp").customShapes());
    assertEquals(Set.of(), clouds.get("aws").customShapes());
    assertEquals(
        List.of(
            "env:AWS_ACCESS_KEY_ID",
            "env:AWS_PROFILE",
            "env:AWS_WEB_IDENTITY_TOKEN_FILE",
            "env:AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "option:profile",
            "file:.aws/credentials",
            "file:.aws/config"),
        clouds.get("aws").credentialSources());
    assertEquals(
        List.of(
            "env:GOOGLE_APPLICATION_CREDENTIALS",
            "option:credentials-file",
            "file:.config/gcloud/application_default_credentials.json"),
        clouds.get("gcp").credentialSources());
    assertTrue(
        clouds.get("gcp").credentialsHint().contains("gcloud auth application-default login"));
    assertEquals(List.of(), clouds.get("fake").credentialSources());
    CloudTraits az = Clouds.parse(HEADER + AZ, "test").get("az");
    assertEquals(
        List.of("env:AZURE_CLIENT_ID", "file:.azure/azureProfile.json"), az.credentialSources());
    IllegalArgumentException source =
        assertThrows(
            IllegalArgumentException.class,
            () -> Clouds.parse(HEADER + AZ.replace("env:AZURE_CLIENT_ID", "AZURE_CLIENT_ID"), "t"));
    assertTrue(
        source
            .getMessage()
            .contains("'AZURE_CLIENT_ID' is not env:VARIABLE, option:KEY or file:PATH"),
        source.getMessage());
    IllegalArgumentException hint =
        assertThrows(
            IllegalArgumentException.class,
            () -> Clouds.parse(HEADER + AZ.replace("run 'az login'", "-"), "t"));
    assertTrue(hint.getMessage().contains("credentialsHint is empty"), hint.getMessage());
  }

  @Test
  void mediaUrlMessagesAreBuiltFromTheStorageSchemes() {
    Clouds built = Clouds.builtIn();
    assertEquals(List.of("s3", "gs"), built.storageSchemes());
    assertEquals("s3://, gs:// or https://", built.mediaUrlForms(false));
    assertEquals(
        "s3://BUCKET/PATH, gs://BUCKET/PATH or https://HOST/PATH", built.mediaUrlForms(true));
    assertEquals("s3:// or gs://", built.storageUrlForms());
    assertEquals("s3://BUCKET", built.exampleStorageUrl());
    // A third cloud's scheme joins the messages without code.
    Clouds three = Clouds.parse(HEADER + AZ, "t");
    assertEquals("https-blob:// or https://", three.mediaUrlForms(false));
    assertEquals("https-blob://BUCKET", three.exampleStorageUrl());
  }
}
