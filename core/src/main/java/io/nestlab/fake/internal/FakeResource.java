package io.nestlab.fake.internal;

import io.nestlab.spi.HostState;
import io.nestlab.spi.ResourceKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One resource of the fake cloud. Fields are public for the JSON mapper; internal use only. */
public final class FakeResource {
  public String id;
  public ResourceKind kind;
  public String region;
  public String zone;
  public Map<String, String> tags = new LinkedHashMap<>();

  /** Instances only. */
  public HostState state;

  public Instant stateSince;
  public Instant created;
  public String instanceType;

  /** The network an instance or firewall belongs to; the instance a volume or image belongs to. */
  public String parentId;

  public String userData;

  /** When the current boot began (the instance became RUNNING), or null. */
  public Instant bootStartedAt;

  /** Console text of earlier boots. */
  public String consoleHistory = "";

  public String publicIp;
  public String privateIp;

  /** Disk snapshots: the size of the disk copied, and when the copy is complete. */
  public Integer sizeGib;

  public Instant readyAt;

  /** Instances only: the snapshot their data disk was created from, or null. */
  public String restoredFrom;

  /** Instances only: when the nested lab was last shut down by {@code nestlab-lab-power}. */
  public Instant labStoppedAt;

  /** Instances only: files the engine wrote on the simulated host and its programs' state. */
  public Map<String, String> hostFiles = new LinkedHashMap<>();
}
