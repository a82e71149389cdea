package io.dime.reports;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/** The metrics of a run (RunTables.metrics()) by name: mean and 95% interval. */
final class Estimates {
    record Value(double mean, double low, double high) {
        static final Value MISSING = new Value(Double.NaN, Double.NaN, Double.NaN);

        /** "mean\n[low, high]": a table cell with the interval under the mean. */
        String cell() {
            return Numbers.format(mean) + "\n" + Numbers.interval(low, high);
        }
    }

    private final Map<String, Value> byName;

    private Estimates(Map<String, Value> byName) {
        this.byName = byName;
    }

    static Estimates of(Table metrics) {
        Map<String, Value> byName = new LinkedHashMap<>();
        for (int row = 0; row < metrics.rowCount(); row++) {
            byName.put(metrics.stringColumn("metric").get(row), new Value(metrics.doubleColumn("mean").getDouble(row),
                    metrics.doubleColumn("ci_low").getDouble(row), metrics.doubleColumn("ci_high").getDouble(row)));
        }
        return new Estimates(byName);
    }

    boolean has(String metric) {
        return byName.containsKey(metric);
    }

    Value get(String metric) {
        return byName.getOrDefault(metric, Value.MISSING);
    }

    /** The names under a prefix: "groups" → the node groups that have metrics of their own. */
    List<String> namesUnder(String prefix) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String metric : byName.keySet()) {
            if (metric.startsWith(prefix + ".")) {
                int end = metric.indexOf('.', prefix.length() + 1);
                if (end > 0) {
                    names.add(metric.substring(prefix.length() + 1, end));
                }
            }
        }
        return List.copyOf(names);
    }
}
