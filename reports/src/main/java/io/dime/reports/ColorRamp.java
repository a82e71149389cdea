package io.dime.reports;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * Heat-map colours from dark blue (low) through green to yellow (high), after matplotlib's
 * viridis, whose lightness rises steadily so that the order of cells reads in grey too.
 */
final class ColorRamp implements PaintScale {
    private static final Color[] STOPS = {
        new Color(0x44, 0x01, 0x54), new Color(0x3B, 0x52, 0x8B), new Color(0x21, 0x90, 0x8C), new Color(0x5D, 0xC8, 0x63), new Color(0xFD, 0xE7, 0x25)};

    private final double lower;
    private final double upper;

    ColorRamp(double lower, double upper) {
        this.lower = lower;
        // A scale of width zero (every cell equal) would divide by zero.
        this.upper = upper > lower ? upper : lower + 1;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return colorAt(value);
    }

    Color colorAt(double value) {
        if (Double.isNaN(value)) {
            return Color.LIGHT_GRAY;
        }
        double position = Math.max(0, Math.min(1, (value - lower) / (upper - lower))) * (STOPS.length - 1);
        int from = Math.min((int) position, STOPS.length - 2);
        double t = position - from;
        Color a = STOPS[from];
        Color b = STOPS[from + 1];
        return new Color(mix(a.getRed(), b.getRed(), t), mix(a.getGreen(), b.getGreen(), t), mix(a.getBlue(), b.getBlue(), t));
    }

    /** Black text on light cells, white on dark ones. */
    static Color textOn(Color background) {
        double luminance = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return luminance > 140 ? Color.BLACK : Color.WHITE;
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }
}
