package io.nestlab.apifixture;

import com.google.inject.AbstractModule;

/** A public Guice module outside an internal package: a leak the scanner must report. */
public class LeakyModule extends AbstractModule {}
