package io.nestlab.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A database that refuses the connection makes the store unavailable, not a lab's problem. */
class StateStoreUnavailableTest {
  @Test
  void aRefusedConnectionIsAnUnavailableStoreNamingTheAddressWithoutThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String address = "postgresql://nestlab:S3CRET@127.0.0.1:" + port + "/nestlab";
    StateStoreUnavailableException e =
        assertThrows(StateStoreUnavailableException.class, () -> LabStores.open(address));
    assertTrue(e.getMessage().contains("127.0.0.1:" + port + "/nestlab"), e.getMessage());
    assertTrue(e.getMessage().contains("running and reachable"), e.getMessage());
    assertFalse(e.getMessage().contains("S3CRET"), e.getMessage());
  }
}
