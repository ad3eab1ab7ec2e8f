package org.flowlab.runner.spec;

/** A typed value and where it was given, so that a problem found later still names the right line. */
public record Located(Object value, Location location) {
}
