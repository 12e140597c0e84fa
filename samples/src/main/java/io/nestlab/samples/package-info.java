/** Embedding samples, and the {@code nestlab} command-line tool in {@code cli}. */
package io.nestlab.samples;
