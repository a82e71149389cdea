package io.dime.sim.input;

/**
 * A scenario that cannot be run, located: key path, line and column, and what is accepted.
 * The message is one paragraph meant for a person, e.g.
 * {@code nodes[1].gpu: unknown GPU 'rtx-9090' (line 14, column 10); known: a100-80gb, ...}.
 */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int line;
    private final int column;

    public ScenarioException(String path, Mark mark, String problem) {
        super(format(path, mark, problem), null, false, false);
        this.path = path;
        this.line = mark == null ? 0 : mark.line();
        this.column = mark == null ? 0 : mark.column();
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** A quoted value longer than this is cut in the message: one paragraph, not a screenful. */
    private static final java.util.regex.Pattern LONG_QUOTE = java.util.regex.Pattern.compile("'([^']{60})[^']{200,}'");

    private static String format(String path, Mark mark, String problem) {
        problem = problem.length() < 1000 ? problem : LONG_QUOTE.matcher(problem).replaceAll(m -> java.util.regex.Matcher.quoteReplacement("'" + m.group(1) + "...' (cut, "
                + (m.group().length() - 2) + " characters)"));
        if (path != null && path.length() > 200) {
            path = path.substring(0, 200) + "...";
        }
        String where = mark == null || mark.line() <= 0 ? "" : " " + mark;
        // Problem text is "what is wrong" optionally followed by "; accepted ..." — the location
        // goes right after the first clause so it reads as in the example above.
        int split = problem.indexOf("; ");
        String head = split < 0 ? problem : problem.substring(0, split);
        String tail = split < 0 ? "" : problem.substring(split);
        String prefix = path == null || path.isEmpty() ? "" : path + ": ";
        return prefix + head + where + tail;
    }
}
