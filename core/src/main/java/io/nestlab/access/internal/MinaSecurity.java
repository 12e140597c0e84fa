package io.nestlab.access.internal;

import io.nestlab.NestLabException;
import io.nestlab.access.HostKeyVerifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.forward.TcpForwardingFilter;

/**
 * The security set-up of {@link MinaSshConnection}'s client: signature algorithms in the order the
 * host's console listed its keys, Ed25519 through Bouncy Castle, and local forwards only.
 */
final class MinaSecurity {
  private MinaSecurity() {}

  /** The signature algorithms, host key types the console listed first; Ed25519 for our key. */
  static List<NamedFactory<Signature>> signatures(HostKeyVerifier verifier) {
    List<NamedFactory<Signature>> result = new ArrayList<>();
    for (String name : verifier.hostKeyAlgorithms()) {
      BuiltinSignatures s = BuiltinSignatures.fromFactoryName(name);
      if (s != null && s.isSupported()) {
        result.add(s);
      }
    }
    if (!result.contains(BuiltinSignatures.ed25519)) {
      result.add(BuiltinSignatures.ed25519);
    }
    return result;
  }

  static final TcpForwardingFilter LOCAL_ONLY =
      new TcpForwardingFilter() {
        @Override
        public boolean canListen(
            SshdSocketAddress address, org.apache.sshd.common.session.Session s) {
          return true;
        }

        @Override
        public boolean canConnect(
            Type type, SshdSocketAddress address, org.apache.sshd.common.session.Session s) {
          return false;
        }
      };

  static void requireEd25519Support() {
    if (!SecurityUtils.isEDDSACurveSupported()) {
      throw new NestLabException(
          "SSH with Ed25519 keys needs Bouncy Castle (org.bouncycastle:bcprov-jdk18on) on the"
              + " class path; add it to your application's dependencies");
    }
  }

  static java.security.Provider bouncyCastle() {
    java.security.Provider p = java.security.Security.getProvider("BC");
    return p != null ? p : new org.bouncycastle.jce.provider.BouncyCastleProvider();
  }
}
