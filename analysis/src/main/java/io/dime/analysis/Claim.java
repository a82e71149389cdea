package io.dime.analysis;

import io.dime.sim.catalog.ApiPrice;
import io.dime.sim.catalog.Catalog;
import io.dime.sim.input.Obj;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A quantitative claim from the market articles, put beside what a league computes for it.
 * Kinds:
 * <ul>
 *   <li>{@code range}: every network of {@code networks} has {@code metric} within {@code range};
 *   <li>{@code reduction}: the median over {@code networks} of each one's {@code metric} is
 *       lower than the median over {@code against} by a share within {@code range} (0.5 = 50% lower);
 *   <li>{@code below} / {@code above}: at least one network of {@code networks} has {@code metric}
 *       below / above {@code threshold};
 *   <li>{@code vanishes}: a saving that overheads are said to cancel: the reduction of
 *       {@code networks} against {@code against} on the {@code before} metric (the saving before
 *       overheads) and on {@code metric} (all in); "supported" when a saving before overheads is at
 *       most {@code threshold} (default 0.05) all in, "not supported" when more remains, "no saving
 *       to vanish" when there was none before;
 *   <li>{@code scale}: each network of {@code networks} run at every multiple of its size in
 *       {@code sizes} (node counts and the arrival rates alike, so each node sees the same load):
 *       its {@code metric} at the largest size is lower than at the smallest by a share within
 *       {@code range};
 *   <li>{@code list-price}: a provider's list prices in the catalog ({@code provider}), per model
 *       and for input and output tokens, against {@code range}: which of them the claim fits.
 * </ul>
 * {@code networks} and {@code against} name networks, or the groups {@code decentralized} and
 * {@code centralized}. Like for like: {@code model_class} (e.g. {@code 8B}) keeps only networks
 * serving that class, and a reduction whose two sides serve different classes is not tested.
 * {@code gpus} narrows the metric to the node groups on those GPUs ({@code groups.NAME.metric}).
 * A network the league marked saturated at a load (it misses the SLO target there) is left out
 * at that load and named. {@code basis} says what a cost claim's numbers are (list price,
 * GPU-hour cost at measured utilisation, marginal cost).
 */
public record Claim(String id, String text, String source, String kind, String metric, List<String> networks, List<String> against,
        double low, double high, double threshold, String assumptions, String modelClass, List<String> gpus, String basis, String provider,
        String before, List<Double> sizes) {

    static final Set<String> KINDS = Set.of("range", "reduction", "below", "above", "list-price", "vanishes", "scale");

    /** A verdict with the number behind it, at one load or in one replication. */
    public record Verdict(String computed, String verdict) {
        /** Whether the claim holds: "supported", "supported, and larger than claimed", "supported only for ...". */
        public boolean holds() {
            return verdict.startsWith("supported");
        }

        public boolean testable() {
            return !verdict.startsWith("not testable") && !verdict.startsWith("not like for like");
        }
    }

    /**
     * What the league computed for a claim: at each load (the first is the stated one), how many
     * replications at the stated load agree, and the robustness label that sums them up.
     */
    public record Finding(Claim claim, List<Double> loads, List<Verdict> atLoads, int replicationsHolding, int replications, String robustness) {
        public String computed() {
            return atLoads.get(0).computed();
        }

        public String verdict() {
            return atLoads.get(0).verdict();
        }
    }

    static Claim parse(Obj c) {
        String id = c.string("id");
        String text = c.string("claim");
        String source = c.string("source", "");
        String kind = c.choice("kind", "range", KINDS, "claim kind");
        boolean listPrice = kind.equals("list-price");
        String metric = listPrice ? c.string("metric", "list price per 1M tokens") : c.string("metric");
        String provider = listPrice ? c.string("provider") : "";
        List<String> networks = listPrice ? List.of() : names(c, "networks");
        boolean vanishes = kind.equals("vanishes");
        List<String> against = kind.equals("reduction") || vanishes ? names(c, "against") : List.of();
        String before = vanishes ? c.string("before") : "";
        double low = Double.NaN;
        double high = Double.NaN;
        double threshold = Double.NaN;
        List<Double> sizes = kind.equals("scale") ? sizes(c) : List.of();
        if (kind.equals("range") || kind.equals("reduction") || listPrice || kind.equals("scale")) {
            double[] range = range(c);
            low = range[0];
            high = range[1];
        } else if (vanishes) {
            threshold = c.number("threshold", 0.05, -1, 1);
        } else {
            threshold = c.number("threshold", -1e18, 1e18);
        }
        String modelClass = c.string("model_class", "");
        List<String> gpus = c.has("gpus") ? names(c, "gpus") : List.of();
        String basis = c.string("basis", "");
        String assumptions = c.string("assumptions", "");
        c.finish();
        return new Claim(id, text, source, kind, metric, networks, against, low, high, threshold, assumptions, modelClass, gpus, basis, provider,
                before, sizes);
    }

    /** {@code sizes: [1, 2, 4]}: at least three distinct multiples of the network's size, ascending, 1 among them (the league's own run). */
    private static List<Double> sizes(Obj c) {
        List<Double> sizes = new ArrayList<>();
        for (YamlNode item : c.list("sizes")) {
            double v = League.multiple(item);
            if (!(v > 0 && v <= 100) || (!sizes.isEmpty() && v <= sizes.get(sizes.size() - 1))) {
                throw c.error("sizes", "expected at least three ascending multiples of the network's size in (0, 100], 1 among them, e.g. [1, 2, 4]");
            }
            sizes.add(v);
        }
        if (sizes.size() < 3 || !sizes.contains(1.0)) {
            throw c.error("sizes", "expected at least three ascending multiples of the network's size, 1 among them (the league's own run), e.g. [1, 2, 4]");
        }
        return List.copyOf(sizes);
    }

    /** The derived metric under which a scale claim's run at {@code size} reports {@code metric}. */
    static String atSize(double size, String metric) {
        return size == 1 ? metric : "size_" + loadName(size) + "." + metric;
    }

    private static double[] range(Obj c) {
        List<YamlNode> range = c.list("range");
        if (range.size() != 2 || !(range.get(0) instanceof YamlNode.YScalar a) || !(range.get(1) instanceof YamlNode.YScalar b)) {
            throw c.error("range", "expected two numbers [low, high]");
        }
        double low;
        double high;
        try {
            low = Double.parseDouble(a.text());
            high = Double.parseDouble(b.text());
        } catch (NumberFormatException e) {
            throw c.error("range", "expected two numbers [low, high], found [" + a.text() + ", " + b.text() + "]");
        }
        if (high < low) {
            throw c.error("range", "high is below low; accepted: [low, high] with low <= high");
        }
        return new double[] {low, high};
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
                throw c.error(key, "a list item is not a name");
            }
            names.add(s.text());
        }
        return names;
    }

    /** Checks that every network named exists in the league, and the provider in the catalog; a typo would make a claim vacuous. */
    void check(List<String> known, Catalog catalog) {
        for (String name : concat(networks, against)) {
            if (!name.equals("decentralized") && !name.equals("centralized") && !known.contains(name)) {
                throw new ScenarioException("claims." + id, null, "names network '" + name + "', which is not in the league; networks: "
                        + String.join(", ", known) + " (or the groups decentralized, centralized)");
            }
        }
        if (kind.equals("list-price") && catalog.apiPrices().stream().noneMatch(p -> p.provider().equals(provider) && !p.blended())) {
            throw new ScenarioException("claims." + id + ".provider", null, "the catalog lists no price of provider '" + provider
                    + "'; providers: " + String.join(", ", catalog.apiPrices().stream().filter(p -> !p.blended()).map(ApiPrice::provider)
                            .distinct().toList()));
        }
    }

    /**
     * A metric no network reports (a typo) would make the claim vacuous: a located error, once the
     * runs have said which metrics exist. A metric every network reports as n/a is fine (the
     * verdict then says so).
     */
    void checkMetric(List<League.Entry> entries) {
        if (kind.equals("list-price")) {
            return;
        }
        if (kind.equals("vanishes")) {
            asReduction(before).checkMetric(entries, "before");
        }
        checkMetric(entries, "metric");
    }

    private void checkMetric(List<League.Entry> entries, String key) {
        for (League.Entry e : entries) {
            if (gpus.isEmpty() ? e.estimate(metric) != null
                    : e.groupGpus().keySet().stream().anyMatch(g -> e.estimate(groupMetric(g)) != null)) {
                return;
            }
        }
        if (metric.equals(LeagueLoads.MARGINAL)) {
            throw new ScenarioException("claims." + id + "." + key, null, "'" + metric + "' comes from the paired run at the next load up,"
                    + " and no network has one; accepted: league.loads with at least two loads, e.g. [1, 2, 5]");
        }
        java.util.TreeSet<String> known = new java.util.TreeSet<>(entries.get(0).outcome().summary().estimates().keySet());
        known.addAll(entries.get(0).derived().keySet());
        known.removeIf(m -> m.startsWith("groups.") || m.startsWith("classes.") || m.startsWith("live."));
        throw new ScenarioException("claims." + id + "." + key, null, "no network reports metric '" + metric + "'"
                + io.dime.sim.input.Obj.choices(metric, List.copyOf(known), "metrics include")
                + (gpus.isEmpty() ? "" : " (with gpus, the metric of each node group on those GPUs)"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Where a claim reads its numbers: the league's networks at one load, each value a mean or one replication's. */
    interface Values {
        List<League.Entry> entries();

        double value(League.Entry entry, String metric);
    }

    static List<League.Entry> select(List<League.Entry> entries, List<String> names) {
        return entries.stream().filter(e -> names.contains(e.name())
                || names.contains("decentralized") && !e.centralized()
                || names.contains("centralized") && e.centralized()).toList();
    }

    /** The networks a side of the claim names, of the claim's model class and not saturated; what was left out and why goes to {@code leftOut}. */
    private List<League.Entry> side(List<League.Entry> entries, List<String> names, List<String> leftOut) {
        List<League.Entry> kept = new ArrayList<>();
        for (League.Entry e : select(entries, names)) {
            if (!modelClass.isEmpty() && !e.modelClass().equals(modelClass)) {
                leftOut.add(e.name() + " (serves " + e.modelClass() + ")");
            } else if (e.saturated()) {
                leftOut.add(e.name() + " (saturated)");
            } else {
                kept.add(e);
            }
        }
        return kept;
    }

    /** The claim's value for a network: its metric, or with {@code gpus} the best of its groups on those GPUs. */
    private double valueOf(Values values, League.Entry e, boolean lowest) {
        if (gpus.isEmpty()) {
            return values.value(e, metric);
        }
        double best = Double.NaN;
        for (var group : e.groupGpus().entrySet()) {
            if (gpus.contains(group.getValue())) {
                double v = values.value(e, groupMetric(group.getKey()));
                if (Double.isFinite(v) && (Double.isNaN(best) || (lowest ? v < best : v > best))) {
                    best = v;
                }
            }
        }
        return best;
    }

    /** The claim's metric for one node group, as the run names it. */
    private String groupMetric(String group) {
        return "groups." + group.replace('.', '_') + "." + metric;
    }

    /** The verdict from one set of values (the means at a load, or one replication). */
    Verdict evaluate(Values values, Catalog catalog) {
        if (kind.equals("list-price")) {
            return listPrice(catalog);
        }
        List<String> leftOut = new ArrayList<>();
        List<League.Entry> chosen = side(values.entries(), networks, leftOut);
        String note = leftOut.isEmpty() ? "" : " [left out: " + String.join(", ", leftOut) + "]";
        boolean lowest = !kind.equals("above");
        if (chosen.isEmpty()) {
            return new Verdict("no network left to test" + (modelClass.isEmpty() ? "" : " of model class " + modelClass) + note, "not testable here");
        }
        if (chosen.stream().allMatch(e -> Double.isNaN(valueOf(values, e, lowest)))) {
            return new Verdict("no value of " + metric + " (n/a) for " + String.join(", ", chosen.stream().map(League.Entry::name).toList()) + note,
                    "not testable here");
        }
        switch (kind) {
            case "range" -> {
                int inside = 0;
                int counted = 0;
                List<String> shown = new ArrayList<>();
                for (League.Entry e : chosen) {
                    double v = valueOf(values, e, lowest);
                    shown.add(e.name() + " " + number(v));
                    if (Double.isFinite(v)) {
                        counted++;
                        inside += v >= low && v <= high ? 1 : 0;
                    }
                }
                String verdict = inside == counted ? "supported" : inside == 0 ? "not supported" : "partly (" + inside + " of " + counted + ")";
                return new Verdict(String.join("; ", shown) + note, verdict);
            }
            case "reduction" -> {
                return reduction(values, chosen, leftOut);
            }
            case "vanishes" -> {
                return vanishes(values, chosen, leftOut);
            }
            case "scale" -> {
                return scale(values, chosen, note);
            }
            default -> {
                boolean below = kind.equals("below");
                League.Entry best = chosen.stream().filter(e -> Double.isFinite(valueOf(values, e, lowest)))
                        .min((a, b) -> below ? Double.compare(valueOf(values, a, true), valueOf(values, b, true))
                                : Double.compare(valueOf(values, b, false), valueOf(values, a, false)))
                        .orElseThrow();
                double v = valueOf(values, best, lowest);
                boolean holds = below ? v < threshold : v > threshold;
                return new Verdict("best: " + best.name() + " " + number(v) + note, holds ? "supported" : "not supported");
            }
        }
    }

    /** Each network's metric at each size, and the share by which the largest size is below the smallest. */
    private Verdict scale(Values values, List<League.Entry> chosen, String note) {
        List<String> shown = new ArrayList<>();
        int inside = 0;
        int above = 0;
        int lower = 0;
        int counted = 0;
        for (League.Entry e : chosen) {
            List<String> points = new ArrayList<>();
            for (double size : sizes) {
                points.add(number(values.value(e, atSize(size, metric))) + " at " + loadName(size));
            }
            double smallest = values.value(e, atSize(sizes.get(0), metric));
            double largest = values.value(e, atSize(sizes.get(sizes.size() - 1), metric));
            double drop = 1 - largest / smallest;
            boolean saturated = e.saturated() || sizes.stream().anyMatch(size -> size != 1 && values.value(e, atSize(size, LeagueSizes.SATURATED)) > 0);
            shown.add(e.name() + " " + String.join(", ", points) + (Double.isFinite(drop)
                    ? String.format(Locale.ROOT, ": %.0f%% %s", 100 * Math.abs(drop), drop >= 0 ? "lower" : "higher") : "")
                    + (saturated ? " (misses the SLO target at some size)" : ""));
            if (Double.isFinite(drop) && smallest > 0) {
                counted++;
                inside += drop >= low && drop <= high ? 1 : 0;
                above += drop > high ? 1 : 0;
                lower += drop > 0 ? 1 : 0;
            }
        }
        if (counted == 0) {
            return new Verdict(String.join("; ", shown) + note, "not testable here");
        }
        String verdict = inside == counted ? "supported" : inside + above == counted ? "supported, and larger than claimed"
                : lower == counted ? "weaker than claimed" : lower == 0 ? "contradicted" : "partly (" + (inside + above) + " of " + counted + ")";
        return new Verdict(String.join("; ", shown) + note, verdict);
    }

    /** This claim's networks against its {@code against} side as a plain reduction on {@code on} (a vanishes claim's two sides). */
    private Claim asReduction(String on) {
        return new Claim(id, text, source, "reduction", on, networks, against, 0, 1, Double.NaN, assumptions, modelClass, gpus, basis, provider, "", List.of());
    }

    /** The saving before overheads ({@code before}) and all in ({@code metric}), each a reduction against {@code against}. */
    private Verdict vanishes(Values values, List<League.Entry> chosen, List<String> leftOut) {
        double[] saving = new double[2];
        Verdict first = asReduction(before).reduction(values, chosen, leftOut, saving, 0);
        Verdict second = asReduction(metric).reduction(values, chosen, new ArrayList<>(), saving, 1);
        if (!first.testable() || !second.testable()) {
            return !first.testable() ? first : second;
        }
        String computed = "before overheads " + first.computed() + "; all in " + second.computed();
        String verdict = !(saving[0] > 0) ? "no saving to vanish" : saving[1] <= threshold ? "supported" : "not supported";
        return new Verdict(computed, verdict);
    }

    private Verdict reduction(Values values, List<League.Entry> chosen, List<String> leftOut) {
        return reduction(values, chosen, leftOut, new double[1], 0);
    }

    /** As above; the reduction found goes into {@code out[slot]} (NaN when untestable). */
    private Verdict reduction(Values values, List<League.Entry> chosen, List<String> leftOut, double[] out, int slot) {
        out[slot] = Double.NaN;
        List<League.Entry> base = side(values.entries(), against, leftOut);
        String note = leftOut.isEmpty() ? "" : " [left out: " + String.join(", ", leftOut) + "]";
        java.util.Set<String> classes = new java.util.TreeSet<>();
        chosen.forEach(e -> classes.add(e.modelClass()));
        base.forEach(e -> classes.add(e.modelClass()));
        if (classes.size() > 1) {
            return new Verdict("the two sides serve " + String.join(" and ", classes) + note + "; set model_class", "not like for like");
        }
        if (base.isEmpty()) {
            return new Verdict("no network left on the 'against' side" + (modelClass.isEmpty() ? "" : " of model class " + modelClass) + note,
                    "not testable here");
        }
        double ours = median(values, chosen);
        double theirs = median(values, base);
        if (!(theirs > 0) || !Double.isFinite(ours)) {
            return new Verdict("no baseline value" + note, "not testable here");
        }
        double reduction = 1 - ours / theirs;
        out[slot] = reduction;
        String computed = String.format(Locale.ROOT, "%s vs %s%s: %.0f%% %s", number(ours), number(theirs),
                chosen.size() > 1 || base.size() > 1 ? " (medians over networks)" : "", 100 * Math.abs(reduction), reduction >= 0 ? "lower" : "higher");
        String verdict = reduction >= low && reduction <= high ? "supported"
                : reduction > high ? "supported, and larger than claimed"
                : reduction > 0 ? "weaker than claimed" : "contradicted";
        return new Verdict(computed + note, verdict);
    }

    /** Which of the provider's catalogued prices (per model, input and output) the claimed range fits. */
    private Verdict listPrice(Catalog catalog) {
        List<String> shown = new ArrayList<>();
        List<String> fits = new ArrayList<>();
        int prices = 0;
        for (ApiPrice p : catalog.apiPrices()) {
            if (!p.provider().equals(provider) || p.blended()) {
                continue;
            }
            shown.add(String.format(Locale.ROOT, "%s %s in / %s out (%s)", p.model(), number(p.inputUsd()), number(p.outputUsd()), p.date()));
            for (String side : List.of("input", "output")) {
                double v = side.equals("input") ? p.inputUsd() : p.outputUsd();
                prices++;
                if (v >= low && v <= high && !fits.contains(p.model() + " " + side)) {
                    fits.add(p.model() + " " + side);
                }
            }
        }
        String verdict = fits.isEmpty() ? "not supported" : fits.size() * 2 >= prices ? "supported" : "supported only for " + String.join(", ", fits);
        return new Verdict(String.join("; ", shown), verdict);
    }

    private double median(Values values, List<League.Entry> entries) {
        double[] v = entries.stream().mapToDouble(e -> valueOf(values, e, true)).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /**
     * Sums up the verdicts at each load: "holds" (at every load), "holds at this load only"
     * (saying where it flips), "does not hold" (at any load), or "does not hold at this load"
     * (saying where it would).
     */
    static String robustness(List<Double> loads, List<Verdict> verdicts) {
        Verdict stated = verdicts.get(0);
        if (!stated.testable()) {
            return stated.verdict();
        }
        List<String> flips = new ArrayList<>();
        for (int i = 1; i < verdicts.size(); i++) {
            if (verdicts.get(i).testable() && verdicts.get(i).holds() != stated.holds()) {
                flips.add(loadName(loads.get(i)) + " (" + verdicts.get(i).verdict() + ")");
            }
        }
        if (verdicts.size() == 1) {
            return stated.holds() ? "holds at this load (one load run)" : "does not hold at this load (one load run)";
        }
        if (flips.isEmpty()) {
            return stated.holds() ? "holds" : "does not hold";
        }
        return (stated.holds() ? "holds at this load only; flips at " : "does not hold at this load; holds at ") + String.join(", ", flips);
    }

    /** A load multiple as the tables and folders name it: "1x", "2x", "0.5x". */
    public static String loadName(double multiple) {
        return String.format(Locale.ROOT, multiple == Math.rint(multiple) ? "%.0fx" : "%.2gx", multiple);
    }

    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double m = Math.abs(v);
        return String.format(Locale.ROOT, m >= 100 ? "%.0f" : m >= 1 ? "%.2f" : "%.3f", v);
    }

    /** claims.csv: one row per claim: its model class and basis, the verdict at each load, how robust it is. */
    static String csv(List<Finding> findings) {
        StringBuilder csv = new StringBuilder("id,claim,source,metric,model_class,basis,computed,verdict");
        List<Double> loads = findings.isEmpty() ? List.of() : findings.get(0).loads();
        for (int i = 1; i < loads.size(); i++) {
            csv.append(",computed_").append(loadName(loads.get(i))).append(",verdict_").append(loadName(loads.get(i)));
        }
        csv.append(",replications_holding,robustness,assumptions\n");
        for (Finding f : findings) {
            Claim c = f.claim();
            List<String> cells = new ArrayList<>(List.of(c.id(), c.text(), c.source(), c.metric(), c.modelClass(), c.basis(), f.computed(), f.verdict()));
            for (int i = 1; i < f.atLoads().size(); i++) {
                cells.add(f.atLoads().get(i).computed());
                cells.add(f.atLoads().get(i).verdict());
            }
            cells.add(f.replications() == 0 ? "" : f.replicationsHolding() + " of " + f.replications());
            cells.add(f.robustness());
            cells.add(c.assumptions());
            csv.append(String.join(",", cells.stream().map(Claim::quote).toList())).append('\n');
        }
        return csv.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
