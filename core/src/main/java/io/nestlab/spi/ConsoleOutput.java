package io.nestlab.spi;

/** Text read from a host's serial console, and the offset to read from next time. */
public record ConsoleOutput(String text, long nextOffset) {}
