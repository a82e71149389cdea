package io.dime.sim.output;

/**
 * An output place Dime will not write: a folder or file holding what Dime did not write, a
 * name that is not one safe path segment, a file where a folder should go. The command line
 * answers it as bad input (exit 2), with this message and nothing written.
 */
public final class OutputRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OutputRefusedException(String message) {
        super(message);
    }
}
