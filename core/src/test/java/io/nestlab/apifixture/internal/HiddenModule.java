package io.nestlab.apifixture.internal;

import com.google.inject.AbstractModule;

/** Internal packages may use Guice freely; the scanner must not report this. */
public class HiddenModule extends AbstractModule {}
