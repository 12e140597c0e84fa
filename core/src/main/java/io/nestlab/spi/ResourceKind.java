package io.nestlab.spi;

/**
 * Kinds of cloud resources a lab owns, in the order they must be deleted: dependants before what
 * they depend on.
 */
public enum ResourceKind {
  INSTANCE,
  MACHINE_IMAGE,
  IMAGE,
  SNAPSHOT,
  VOLUME,
  ADDRESS,
  KEY_PAIR,
  FIREWALL,
  SECURITY_GROUP,
  SUBNET,
  ROUTE_TABLE,
  INTERNET_GATEWAY,
  NETWORK
}
