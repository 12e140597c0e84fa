package io.nestlab.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.nestlab.spi.HostCommands;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** How vCenter's thumbprint is asked of the L1 host. */
class VcenterThumbprintTest {
  @Test
  void theHostVerifiesVcentersCertificateAgainstTheVmcaRootAndGivesItsSha1() {
    HostCommands host = mock(HostCommands.class);
    when(host.run(any(), any()))
        .thenReturn(
            new HostCommands.Result(
                0,
                "sha1 Fingerprint=ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01\n",
                ""));

    String thumbprint = VcenterThumbprint.ask("lab-1", "vcsa.lab.internal", () -> host);

    assertEquals("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01", thumbprint);
    InOrder order = inOrder(host);
    order
        .verify(host)
        .run(
            "sh -c 'echo | timeout 50 openssl s_client -connect vcsa.lab.internal:443 -servername"
                + " vcsa.lab.internal -CAfile /var/lib/nestlab/data/vcenter/vmca.pem"
                + " -verify_return_error 2>/dev/null | openssl x509 -noout -fingerprint -sha1'",
            VcenterThumbprint.TIMEOUT);
    order.verify(host).close();
    order.verifyNoMoreInteractions();
  }

  @Test
  void aCertificateThatDoesNotVerifyGivesNoThumbprint() {
    HostCommands host = mock(HostCommands.class);
    when(host.run(any(), any()))
        .thenReturn(new HostCommands.Result(1, "", "unable to load certificate"));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> VcenterThumbprint.ask("lab-1", "vcsa.lab.internal", () -> host));

    assertTrue(e.getMessage().contains("could not verify vcsa.lab.internal:443"), e.getMessage());
    assertTrue(e.getMessage().contains("exit status 1"), e.getMessage());
  }

  @Test
  void aNameThatIsNotAHostNameNeverReachesTheShell() {
    assertThrows(
        IllegalArgumentException.class, () -> VcenterThumbprint.command("vcsa'; reboot; '"));
  }
}
