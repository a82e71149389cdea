package io.dime.sim.catalog;

/** A place on Earth where clients or nodes sit. */
public record Region(String name, String display, double latitude, double longitude) {
}
