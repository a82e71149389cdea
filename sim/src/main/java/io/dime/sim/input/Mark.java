package io.dime.sim.input;

/** Where a value stands in the scenario file, 1-based. */
public record Mark(int line, int column) {
    @Override
    public String toString() {
        return "(line " + line + ", column " + column + ")";
    }
}
