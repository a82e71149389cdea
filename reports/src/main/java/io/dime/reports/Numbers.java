package io.dime.reports;

import java.util.Locale;

/** Numbers as a person reads them in a table: as many digits as the size calls for, the same as the CLI. */
public final class Numbers {
    private Numbers() {
    }

    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "−∞";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e6) {
            return String.format(Locale.ROOT, "%.4g", value);
        }
        if (magnitude >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** A 95% interval as "[low, high]", or a dash when it is undefined (one replication). */
    static String interval(double low, double high) {
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return "–";
        }
        return "[" + format(low) + ", " + format(high) + "]";
    }

    /** A parameter value as written in a scenario: 2 rather than 2.0, 0.05 rather than 5.0E-2. */
    static String parameter(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
