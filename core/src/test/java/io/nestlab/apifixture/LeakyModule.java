package io.nestlab.apifixture;

import org.apache.sshd.common.util.closeable.AbstractCloseable;

/** A public class extending an SSH-stack type outside an internal package: a leak to report. */
public abstract class LeakyModule extends AbstractCloseable {}
