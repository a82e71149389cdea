package io.dime.sim.network;

import io.dime.sim.input.Units;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Data rates in bits per second, written {@code 10Mbit/s}, {@code 100Mbit/s}, {@code 1Gbit/s}.
 * Bits, not bytes, because link speeds are sold and measured in bits; the unit is spelled out
 * in full so that {@code Mb} (megabit) and {@code MB} (megabyte) cannot be confused.
 */
public final class BitRate {
    private static final Map<String, Double> BITS_PER_SECOND_PER_UNIT = new LinkedHashMap<>();

    static {
        BITS_PER_SECOND_PER_UNIT.put("kbit/s", 1e3);
        BITS_PER_SECOND_PER_UNIT.put("Mbit/s", 1e6);
        BITS_PER_SECOND_PER_UNIT.put("Gbit/s", 1e9);
    }

    public static final String UNITS = String.join(", ", BITS_PER_SECOND_PER_UNIT.keySet());

    private static final Pattern QUANTITY = Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(\\S*)\\s*");
    /** Shorthands seen in the wild, matched in lower case: Mbps, Mb/s, and MB/s (which means bytes). */
    private static final Pattern SHORTHAND = Pattern.compile("([kmg])(?:bps|b/s|bit/sec|bits/s|bits/sec)");

    private BitRate() {
    }

    /** Parses a rate into bits per second; the problem text goes into an exception by the caller. */
    public static double parseBitsPerSecond(String text) throws IllegalArgumentException {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a data rate; write a number and a unit (" + UNITS + "), e.g. 100Mbit/s");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        if (unit.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no unit; accepted units: " + UNITS + " (e.g. 100Mbit/s)");
        }
        for (Map.Entry<String, Double> known : BITS_PER_SECOND_PER_UNIT.entrySet()) {
            // k, M and G cannot mean anything else in front of bit/s, so their case does not matter.
            if (known.getKey().equalsIgnoreCase(unit)) {
                return value * known.getValue();
            }
        }
        String problem = "unknown unit '" + unit + "' in '" + text + "'";
        String accepted = "accepted units: " + UNITS + " (e.g. 100Mbit/s)";
        Matcher shorthand = SHORTHAND.matcher(unit.toLowerCase(Locale.ROOT));
        if (shorthand.matches()) {
            String prefix = shorthand.group(1).equals("k") ? "k" : shorthand.group(1).toUpperCase(Locale.ROOT);
            if (unit.contains("B")) {
                throw new IllegalArgumentException(problem + " (bytes); bandwidth is written in bits, 1 " + prefix + "B/s is 8" + prefix + "bit/s; " + accepted);
            }
            throw new IllegalArgumentException(problem + "; did you mean '" + m.group(1) + prefix + "bit/s'? " + accepted);
        }
        throw new IllegalArgumentException(problem + "; " + accepted);
    }

    /** The shortest exact spelling: 1e9 is {@code 1Gbit/s}, 1.5e8 is {@code 150Mbit/s}. */
    public static String format(double bitsPerSecond) {
        String[] largestFirst = {"Gbit/s", "Mbit/s", "kbit/s"};
        for (String unit : largestFirst) {
            double value = bitsPerSecond / BITS_PER_SECOND_PER_UNIT.get(unit);
            if (value >= 1 && Math.abs(value - Math.rint(value)) < 1e-9 * value) {
                return Units.plain(Math.rint(value)) + unit;
            }
        }
        return Units.plain(bitsPerSecond / 1e3) + "kbit/s";
    }
}
