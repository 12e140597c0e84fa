package io.nestlab.apifixture.internal;

import org.apache.sshd.common.util.closeable.AbstractCloseable;

/** Internal packages may use the SSH stack freely; the scanner must not report this. */
public abstract class HiddenModule extends AbstractCloseable {}
