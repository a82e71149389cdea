package io.dime.analysis;

import io.dime.sim.metrics.Estimate;
import io.dime.sim.input.Obj;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A quantitative claim from the market articles, put beside what a league computes for it.
 * Four kinds:
 * <ul>
 *   <li>{@code range}: every network of {@code networks} has {@code metric} within {@code range};
 *   <li>{@code reduction}: the median over {@code networks} of each one's mean {@code metric} is
 *       lower than the median over {@code against} by a share within {@code range} (0.5 = 50% lower);
 *   <li>{@code below} / {@code above}: at least one network of {@code networks} has {@code metric}
 *       below / above {@code threshold}.
 * </ul>
 * {@code networks} and {@code against} name networks, or the groups {@code decentralized} and
 * {@code centralized}. The verdict is computed from the means; the assumptions that decide it
 * are the league's common workload and each preset's documented numbers.
 */
public record Claim(String id, String text, String source, String kind, String metric, List<String> networks, List<String> against,
        double low, double high, double threshold, String assumptions) {

    static final Set<String> KINDS = Set.of("range", "reduction", "below", "above");

    /** What the league computed for a claim, and the verdict. */
    public record Finding(Claim claim, String computed, String verdict) {
    }

    static Claim parse(Obj c) {
        String id = c.string("id");
        String text = c.string("claim");
        String source = c.string("source", "");
        String kind = c.choice("kind", "range", KINDS, "claim kind");
        String metric = c.string("metric");
        List<String> networks = names(c, "networks");
        List<String> against = kind.equals("reduction") ? names(c, "against") : List.of();
        double low = Double.NaN;
        double high = Double.NaN;
        double threshold = Double.NaN;
        if (kind.equals("range") || kind.equals("reduction")) {
            List<YamlNode> range = c.list("range");
            if (range.size() != 2 || !(range.get(0) instanceof YamlNode.YScalar a) || !(range.get(1) instanceof YamlNode.YScalar b)) {
                throw c.error("range", "expected two numbers [low, high]");
            }
            try {
                low = Double.parseDouble(a.text());
                high = Double.parseDouble(b.text());
            } catch (NumberFormatException e) {
                throw c.error("range", "expected two numbers [low, high], found [" + a.text() + ", " + b.text() + "]");
            }
            if (high < low) {
                throw c.error("range", "high is below low; accepted: [low, high] with low <= high");
            }
        } else {
            threshold = c.number("threshold", -1e18, 1e18);
        }
        String assumptions = c.string("assumptions", "");
        c.finish();
        return new Claim(id, text, source, kind, metric, networks, against, low, high, threshold, assumptions);
    }

    private static List<String> names(Obj c, String key) {
        YamlNode raw = c.raw(key);
        if (raw == null) {
            throw c.error(key, "missing required key '" + key + "'; accepted: decentralized, centralized, or a list of network names");
        }
        if (raw instanceof YamlNode.YScalar) {
            return List.of(c.string(key));
        }
        List<String> names = new ArrayList<>();
        for (YamlNode item : c.list(key)) {
            if (!(item instanceof YamlNode.YScalar s)) {
                throw c.error(key, "a list item is not a network name");
            }
            names.add(s.text());
        }
        return names;
    }

    /** Checks that every network named exists in the league; a typo would make a claim vacuous. */
    void check(List<String> known) {
        for (String name : concat(networks, against)) {
            if (!name.equals("decentralized") && !name.equals("centralized") && !known.contains(name)) {
                throw new ScenarioException("claims." + id, null, "names network '" + name + "', which is not in the league; networks: "
                        + String.join(", ", known) + " (or the groups decentralized, centralized)");
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static List<League.Entry> select(List<League.Entry> entries, List<String> names) {
        return entries.stream().filter(e -> names.contains(e.name())
                || names.contains("decentralized") && !e.centralized()
                || names.contains("centralized") && e.centralized()).toList();
    }

    private static double mean(League.Entry entry, String metric) {
        Estimate e = entry.outcome().summary().estimates().get(metric);
        return e == null ? Double.NaN : e.mean();
    }

    /** The finding: computed value(s) in words and a verdict. */
    public Finding evaluate(List<League.Entry> entries) {
        List<League.Entry> chosen = select(entries, networks);
        if (chosen.isEmpty() || chosen.stream().allMatch(e -> Double.isNaN(mean(e, metric)))) {
            return new Finding(this, "no network with " + metric, "not testable here");
        }
        switch (kind) {
            case "range" -> {
                int inside = 0;
                List<String> values = new ArrayList<>();
                for (League.Entry e : chosen) {
                    double v = mean(e, metric);
                    values.add(e.name() + " " + number(v));
                    if (v >= low && v <= high) {
                        inside++;
                    }
                }
                String verdict = inside == chosen.size() ? "supported" : inside == 0 ? "not supported" : "partly (" + inside + " of " + chosen.size() + ")";
                return new Finding(this, String.join("; ", values), verdict);
            }
            case "reduction" -> {
                List<League.Entry> base = select(entries, against);
                // Medians over the networks of each side: one overloaded network must not decide a group.
                double ours = median(chosen, metric);
                double theirs = median(base, metric);
                if (!(theirs > 0)) {
                    return new Finding(this, "no baseline value", "not testable here");
                }
                double reduction = 1 - ours / theirs;
                String computed = String.format(Locale.ROOT, "%s vs %s%s: %.0f%% %s", number(ours), number(theirs),
                        chosen.size() > 1 || base.size() > 1 ? " (medians over networks)" : "", 100 * Math.abs(reduction), reduction >= 0 ? "lower" : "higher");
                String verdict = reduction >= low && reduction <= high ? "supported"
                        : reduction > high ? "supported, and larger than claimed"
                        : reduction > 0 ? "weaker than claimed" : "contradicted";
                return new Finding(this, computed, verdict);
            }
            default -> {
                boolean below = kind.equals("below");
                League.Entry best = chosen.stream().filter(e -> Double.isFinite(mean(e, metric)))
                        .min((a, b) -> below ? Double.compare(mean(a, metric), mean(b, metric)) : Double.compare(mean(b, metric), mean(a, metric)))
                        .orElseThrow();
                double v = mean(best, metric);
                boolean holds = below ? v < threshold : v > threshold;
                return new Finding(this, "best: " + best.name() + " " + number(v), holds ? "supported" : "not supported");
            }
        }
    }

    private static double median(List<League.Entry> entries, String metric) {
        double[] values = entries.stream().mapToDouble(e -> mean(e, metric)).filter(Double::isFinite).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double m = Math.abs(v);
        return String.format(Locale.ROOT, m >= 100 ? "%.0f" : m >= 1 ? "%.2f" : "%.3f", v);
    }

    /** claims.csv: one row per claim, its computed value and verdict. */
    static String csv(List<Finding> findings) {
        StringBuilder csv = new StringBuilder("id,claim,source,metric,computed,verdict,assumptions\n");
        for (Finding f : findings) {
            Claim c = f.claim();
            csv.append(String.join(",", quote(c.id()), quote(c.text()), quote(c.source()), quote(c.metric()), quote(f.computed()),
                    quote(f.verdict()), quote(c.assumptions()))).append('\n');
        }
        return csv.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
