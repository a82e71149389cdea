package io.dime.sim.input;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ({@code 250ms}, {@code 5min}, {@code 1h}, {@code 2d}) and rates ({@code 50/s}, {@code 3000/h}). */
public final class Units {
    private static final Map<String, Double> SECONDS_PER_UNIT = new LinkedHashMap<>();

    static {
        SECONDS_PER_UNIT.put("us", 1e-6);
        SECONDS_PER_UNIT.put("ms", 1e-3);
        SECONDS_PER_UNIT.put("s", 1.0);
        SECONDS_PER_UNIT.put("min", 60.0);
        SECONDS_PER_UNIT.put("h", 3600.0);
        SECONDS_PER_UNIT.put("d", 86400.0);
    }

    public static final String DURATION_UNITS = String.join(", ", SECONDS_PER_UNIT.keySet());
    public static final String RATE_UNITS = "/ms, /s, /min, /h, /d";

    private static final Pattern QUANTITY = Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(/?)\\s*([A-Za-z]*)\\s*");

    private Units() {
    }

    /** Parses a duration in seconds; the problem text goes into an exception by the caller. */
    public static double parseSeconds(String text) throws IllegalArgumentException {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches() || !m.group(2).isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit (" + DURATION_UNITS + "), e.g. 250ms, 5min, 1h");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(3).toLowerCase(Locale.ROOT);
        if (unit.isEmpty()) {
            if (value == 0) {
                return 0;
            }
            throw new IllegalArgumentException("'" + text + "' has no unit; accepted units: " + DURATION_UNITS + " (e.g. 250ms, 5min, 1h)");
        }
        Double scale = SECONDS_PER_UNIT.get(unit);
        if (scale == null) {
            throw new IllegalArgumentException("unknown unit '" + m.group(3) + "' in '" + text + "'; accepted units: " + DURATION_UNITS);
        }
        return value * scale;
    }

    /** Parses a rate into events per second. */
    public static double parsePerSecond(String text) throws IllegalArgumentException {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate; write a number, a slash and a unit (" + RATE_UNITS + "), e.g. 50/s, 3000/h");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(3).toLowerCase(Locale.ROOT);
        if (m.group(2).isEmpty() || unit.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no time unit; accepted: " + RATE_UNITS + " (e.g. 50/s, 3000/h)");
        }
        Double scale = SECONDS_PER_UNIT.get(unit);
        if (scale == null || unit.equals("us")) {
            throw new IllegalArgumentException("unknown unit '/" + m.group(3) + "' in '" + text + "'; accepted units: " + RATE_UNITS);
        }
        return value / scale;
    }

    /** The shortest exact spelling of a duration: 3600 s is {@code 1h}, 0.25 s is {@code 250ms}. */
    public static String formatSeconds(double seconds) {
        if (seconds == 0) {
            return "0s";
        }
        String[] units = {"d", "h", "min", "s", "ms", "us"};
        for (String unit : units) {
            double value = seconds / SECONDS_PER_UNIT.get(unit);
            if (Math.abs(value) >= 1 && isWhole(value)) {
                String spelled = plain(Math.rint(value)) + unit;
                if (parseSeconds(spelled) == seconds) {
                    return spelled; // only spellings that read back to the same double
                }
            }
        }
        return plain(seconds) + "s";
    }

    public static String formatDuration(Duration duration) {
        return formatSeconds(duration.toNanos() / 1e9);
    }

    /** The clearest spelling of a rate given in events per second. */
    public static String formatPerSecond(double perSecond) {
        String[] units = {"s", "min", "h", "d"};
        for (String unit : units) {
            double value = perSecond * SECONDS_PER_UNIT.get(unit);
            if (isWhole(value) && value != 0) {
                String spelled = plain(Math.rint(value)) + "/" + unit;
                if (parsePerSecond(spelled) == perSecond) {
                    return spelled;
                }
            }
        }
        return plain(perSecond) + "/s";
    }

    public static Duration toDuration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static boolean isWhole(double value) {
        return Math.abs(value - Math.rint(value)) < 1e-9 * Math.max(1, Math.abs(value));
    }

    /** A number without exponent or trailing zeros, as a person writes it. */
    public static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
