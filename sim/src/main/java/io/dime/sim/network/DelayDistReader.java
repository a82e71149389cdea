package io.dime.sim.network;

import io.dime.sim.scenario.Dist;
import io.dime.sim.scenario.Obj;
import io.dime.sim.scenario.ScenarioException;
import io.dime.sim.scenario.Values;
import io.dime.sim.scenario.YamlNode;
import io.dime.sim.scenario.YamlNode.ScalarType;
import io.dime.sim.scenario.YamlNode.YMap;
import io.dime.sim.scenario.YamlNode.YScalar;

/**
 * Reads a distribution of delays in seconds: {@code none}, a bare duration (fixed), or a
 * mapping naming its {@code dist}, e.g. {@code {dist: lognormal, median: 2ms, sigma: 0.5}}.
 * Mirrors the scenario package's reader for durations (which is not public), so jitter is
 * written the same way as service times.
 */
final class DelayDistReader {
    private static final String ACCEPTED = "none, a duration such as 2ms, or a mapping with 'dist' (" + String.join(", ", Dist.NAMES) + ")";

    private DelayDistReader() {
    }

    /** The distribution at {@code node}, or {@code absent} when the key is missing or empty. */
    static Dist read(YamlNode node, String path, double maxSeconds, Dist absent) {
        if (node == null || node instanceof YScalar empty && empty.type() == ScalarType.NULL) {
            return absent;
        }
        if (node instanceof YScalar s) {
            if (s.text().equals("none")) {
                return NetworkSpec.NO_JITTER;
            }
            return new Dist.Fixed(Values.seconds(s, path, 0, maxSeconds));
        }
        if (!(node instanceof YMap)) {
            throw new ScenarioException(path, node.mark(), "expected " + ACCEPTED + ", found " + node.kindName());
        }
        Obj d = Obj.of(node, path);
        String kind = d.choice("dist", null, Dist.NAMES, "distribution");
        Dist dist = switch (kind) {
            case "fixed" -> new Dist.Fixed(d.seconds("value", 0, maxSeconds));
            case "uniform" -> {
                double low = d.seconds("min", 0, maxSeconds);
                double high = d.seconds("max", 0, maxSeconds);
                if (high < low) {
                    throw d.error("max", "max is below min; accepted: max at least min");
                }
                yield new Dist.Uniform(low, high);
            }
            case "lognormal" -> new Dist.LogNormal(d.seconds("median", 0, maxSeconds), d.number("sigma", 0, 10), cap(d, maxSeconds));
            case "exponential" -> new Dist.Exponential(d.seconds("mean", 1e-9, maxSeconds), cap(d, maxSeconds));
            default -> throw new IllegalStateException(kind);
        };
        d.finish();
        return dist;
    }

    /** An optional truncation; {@code none} (as the resolved scenario writes it) means no cap. */
    private static double cap(Obj d, double maxSeconds) {
        if (!d.has("max") || d.raw("max") instanceof YScalar s && s.text().equals("none")) {
            return Double.POSITIVE_INFINITY;
        }
        return d.seconds("max", 1e-9, maxSeconds);
    }
}
