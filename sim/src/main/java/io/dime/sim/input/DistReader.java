package io.dime.sim.input;

import io.dime.sim.input.YamlNode.YMap;
import io.dime.sim.input.YamlNode.YScalar;
import java.util.List;

/** Reads a {@link Dist}: a bare value means fixed; a mapping names its {@code dist}. */
public final class DistReader {
    private DistReader() {
    }

    public static Dist read(YamlNode node, String path, boolean seconds, double max, double fallbackFixed) {
        if (node == null) {
            return new Dist.Fixed(fallbackFixed);
        }
        return read(node, path, seconds, max);
    }

    /**
     * A distribution of {@code seconds ? durations : counts}: a bare value means fixed, a
     * mapping names its {@code dist}.
     */
    public static Dist read(YamlNode node, String path, boolean seconds, double max) {
        if (node instanceof YScalar s) {
            double value = seconds ? Values.seconds(s, path, 0, max) : Values.inRange(Values.number(s, path), 1, max, path, s.mark());
            return new Dist.Fixed(value);
        }
        if (!(node instanceof YMap)) {
            throw new ScenarioException(path, node.mark(), "expected a value or a mapping with 'dist' (" + String.join(", ", Dist.NAMES) + "), found " + node.kindName());
        }
        Obj d = Obj.of(node, path);
        String kind = d.choice("dist", null, Dist.NAMES, "distribution");
        double floor = seconds ? 0 : 1;
        Dist dist = switch (kind) {
            case "fixed" -> new Dist.Fixed(value(d, "value", seconds, floor, max));
            case "uniform" -> {
                double low = value(d, "min", seconds, floor, max);
                double high = value(d, "max", seconds, floor, max);
                if (high < low) {
                    throw d.error("max", "max is below min; accepted: max at least min");
                }
                yield new Dist.Uniform(low, high);
            }
            case "lognormal" -> new Dist.LogNormal(
                    value(d, "median", seconds, floor, max),
                    d.number("sigma", 0, 10),
                    cap(d, seconds, max));
            case "exponential" -> new Dist.Exponential(value(d, "mean", seconds, seconds ? 1e-9 : floor, max), cap(d, seconds, max));
            case "empirical" -> empirical(d, seconds, floor, max);
            default -> throw new IllegalStateException(kind);
        };
        d.finish();
        return dist;
    }

    /** {@code values: [128, 512, 2048]} with optional {@code weights: [0.5, 0.3, 0.2]}, equal when absent. */
    private static Dist empirical(Obj d, boolean seconds, double floor, double max) {
        List<YamlNode> valueNodes = d.list("values");
        if (valueNodes.isEmpty()) {
            throw d.error("values", "the list of values is empty; accepted: at least one value");
        }
        double[] values = new double[valueNodes.size()];
        for (int i = 0; i < values.length; i++) {
            String path = d.pathOf("values") + "[" + i + "]";
            YScalar s = Values.scalar(valueNodes.get(i), path, seconds ? "a duration" : "a number");
            values[i] = seconds ? Values.seconds(s, path, floor, max) : Values.inRange(Values.number(s, path), floor, max, path, s.mark());
        }
        if (!d.has("weights")) {
            return new Dist.Empirical(values);
        }
        List<YamlNode> weightNodes = d.list("weights");
        if (weightNodes.size() != values.length) {
            throw d.error("weights", weightNodes.size() + " weights for " + values.length
                    + " values; accepted: one weight per value, in the same order, or no weights for equal ones");
        }
        double[] weights = new double[values.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            String path = d.pathOf("weights") + "[" + i + "]";
            YScalar s = Values.scalar(weightNodes.get(i), path, "a number");
            weights[i] = Values.inRange(Values.number(s, path), 0, Double.MAX_VALUE, path, s.mark());
            total += weights[i];
        }
        if (Double.isInfinite(total)) {
            throw d.error("weights", "the weights are too large to add up; accepted: non-negative weights with a positive, finite sum");
        }
        if (total == 0) {
            throw d.error("weights", "the weights sum to 0; accepted: non-negative weights with a positive sum");
        }
        return new Dist.Empirical(values, weights);
    }

    private static double cap(Obj d, boolean seconds, double max) {
        if (!d.has("max")) {
            return Double.POSITIVE_INFINITY;
        }
        if (d.raw("max") instanceof YScalar s && s.text().equals("none")) {
            return Double.POSITIVE_INFINITY;
        }
        return value(d, "max", seconds, seconds ? 1e-9 : 1, max);
    }

    private static double value(Obj d, String key, boolean seconds, double min, double max) {
        return seconds ? d.seconds(key, min, max) : d.number(key, min, max);
    }
}
