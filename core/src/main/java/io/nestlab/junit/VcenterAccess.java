package io.nestlab.junit;

import io.nestlab.access.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * How tests reach a lab's vCenter. Its name resolves on the lab network only: tests outside it go
 * through the L1 host ({@link LabHandle#l1Ssh()}, a SOCKS proxy or a port forward).
 *
 * @param url the vSphere API endpoint, {@code https://vcsa.lab.internal/sdk}
 * @param user the SSO administrator, {@code administrator@vsphere.local}
 * @param password the SSO administrator's password; its {@code toString()} is redacted
 * @param sslThumbprint the SHA-1 thumbprint of vCenter's certificate as {@code AA:BB:...}, as
 *     pyVmomi's and govc's thumbprint options take it
 */
public record VcenterAccess(URI url, String user, Secret password, String sslThumbprint) {
  public VcenterAccess {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }
}
