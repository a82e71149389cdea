package io.dime.sim.input;

import java.util.regex.Pattern;

/** A name Dime takes from a file (a scenario's, a sweep's, a league's) to name a folder: one path segment of safe characters. */
public final class SafeName {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** What such a name must be, for error messages. */
    public static final String RULE = "one path segment of 1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit";

    private SafeName() {
    }

    /** Whether {@code name} can name an output folder: one path segment of letters, digits, '.', '_' and '-', not starting with '.'. */
    public static boolean isSafe(String name) {
        return name != null && SAFE_NAME.matcher(name).matches();
    }
}
