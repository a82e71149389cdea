package io.dime.sim.input;

import io.dime.sim.input.YamlNode.ScalarType;
import io.dime.sim.input.YamlNode.YScalar;

/** Checks and conversions of single scalars, shared by mappings and list items. */
public final class Values {
    private Values() {
    }

    public static YScalar scalar(YamlNode node, String path, String expected) {
        if (node instanceof YScalar s && s.type() != ScalarType.NULL) {
            return s;
        }
        throw new ScenarioException(path, node.mark(), "expected " + expected + ", found " + node.kindName());
    }

    /** YAML 1.1 reads {@code 8.0e9} (no exponent sign) as text; such text still counts as a number. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[-+]?(\\d[\\d_]*\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /** YAML's not-a-number and infinities ({@code .nan}, {@code .inf}, {@code -.Inf}): read as floats, refused as values. */
    private static final java.util.regex.Pattern NOT_FINITE = java.util.regex.Pattern.compile("[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)");

    public static double number(YScalar s, String path) {
        if (s.type() == ScalarType.FLOAT && NOT_FINITE.matcher(s.text()).matches()) {
            throw notFinite(s, path);
        }
        if (s.type() == ScalarType.INTEGER || s.type() == ScalarType.FLOAT
                || (s.type() == ScalarType.STRING && NUMBER.matcher(s.text()).matches())) {
            double value = Double.parseDouble(s.text().replace("_", ""));
            if (!Double.isFinite(value)) {
                throw notFinite(s, path);
            }
            return value;
        }
        throw new ScenarioException(path, s.mark(), "expected a number, found '" + s.text() + "'");
    }

    public static long integer(YScalar s, String path) {
        if (s.type() == ScalarType.INTEGER) {
            try {
                return Long.parseLong(s.text().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new ScenarioException(path, s.mark(), "'" + s.text() + "' is too large; expected a whole number");
            }
        }
        if (s.type() == ScalarType.FLOAT && NOT_FINITE.matcher(s.text()).matches()) {
            throw notFinite(s, path);
        }
        if (s.type() == ScalarType.FLOAT || (s.type() == ScalarType.STRING && NUMBER.matcher(s.text()).matches())) {
            double value = Double.parseDouble(s.text().replace("_", ""));
            if (value == Math.rint(value) && Math.abs(value) < 9e15) {
                return (long) value; // 1.0e6 is a whole number written in scientific notation
            }
        }
        throw new ScenarioException(path, s.mark(), "expected a whole number, found '" + s.text() + "'");
    }

    private static ScenarioException notFinite(YScalar s, String path) {
        return new ScenarioException(path, s.mark(), "'" + s.text() + "' is not a finite number; accepted: a finite number (no .nan, .inf, or a value beyond 1.7e308)");
    }

    public static double inRange(double value, double min, double max, String path, Mark mark) {
        if (!(value >= min && value <= max)) {
            throw new ScenarioException(path, mark, rangeProblem(Units.plain(value), min, max));
        }
        return value;
    }

    public static String rangeProblem(String given, double min, double max) {
        String accepted;
        if (max == Double.MAX_VALUE || max == Long.MAX_VALUE || Double.isInfinite(max)) {
            accepted = min == 0 ? "zero or more" : "at least " + Units.plain(min);
        } else {
            accepted = "from " + Units.plain(min) + " to " + Units.plain(max);
        }
        String problem = given.startsWith("-") && min >= 0 ? "negative value " + given : "value " + given + " is out of range";
        return problem + "; accepted: " + accepted;
    }

    public static double seconds(YScalar s, String path, double minSeconds, double maxSeconds) {
        double value;
        try {
            value = Units.parseSeconds(s.text());
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(path, s.mark(), e.getMessage());
        }
        if (!(value >= minSeconds && value <= maxSeconds)) {
            String range = maxSeconds == Double.MAX_VALUE
                    ? "at least " + Units.formatSeconds(minSeconds)
                    : "from " + Units.formatSeconds(minSeconds) + " to " + Units.formatSeconds(maxSeconds);
            String problem = value < 0 ? "negative duration '" + s.text() + "'" : "duration '" + s.text() + "' is out of range";
            throw new ScenarioException(path, s.mark(), problem + "; accepted: " + range);
        }
        return value;
    }

    public static double perSecond(YScalar s, String path, double min, double max) {
        double value;
        try {
            value = Units.parsePerSecond(s.text());
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(path, s.mark(), e.getMessage());
        }
        if (!(value >= min && value <= max)) {
            String problem = value < 0 ? "negative rate '" + s.text() + "'" : "rate '" + s.text() + "' is out of range";
            String low = min > 0 && min < 1e-9 ? "more than 0/s" : "from " + Units.formatPerSecond(min);
            String accepted = max == Double.MAX_VALUE ? low.replace("from ", "at least ") : low + (low.startsWith("more") ? ", up to " : " to ") + Units.formatPerSecond(max);
            throw new ScenarioException(path, s.mark(), problem + "; accepted: " + accepted);
        }
        return value;
    }
}
