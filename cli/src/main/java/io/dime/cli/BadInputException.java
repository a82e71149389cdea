package io.dime.cli;

/** A command-line mistake that is not in a scenario file (a missing file, a bad option value). */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message, null, false, false);
    }
}
