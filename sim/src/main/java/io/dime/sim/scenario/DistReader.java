package io.dime.sim.scenario;

import io.dime.sim.scenario.YamlNode.YMap;
import io.dime.sim.scenario.YamlNode.YScalar;

/** Reads a {@link Dist}: a bare value means fixed; a mapping names its {@code dist}. */
final class DistReader {
    private DistReader() {
    }

    static Dist read(YamlNode node, String path, boolean seconds, double max, double fallbackFixed) {
        if (node == null) {
            return new Dist.Fixed(fallbackFixed);
        }
        return read(node, path, seconds, max);
    }

    static Dist read(YamlNode node, String path, boolean seconds, double max) {
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
            default -> throw new IllegalStateException(kind);
        };
        d.finish();
        return dist;
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
