package io.dime.reports;

import io.dime.sim.metrics.Estimate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A sweep's results.csv (one row per point and replication) gathered by point: each point's
 * parameter values and, for each metric, the mean over its replications with a 95% interval.
 */
public final class SweepResults {
    /**
     * First parts of the metric names a run reports. A results.csv column whose name starts
     * with one of them is a metric, not a parameter, even when it does not vary between the
     * replications of a point (as with one replication). Parameters are YAML paths such as
     * {@code nodes[0].count}, whose first part carries an index, or {@code verification.rate}.
     */
    private static final Set<String> METRIC_FAMILIES = Set.of(
            "ttft_ms", "tpot_ms", "e2e_ms", "queue_ms", "max_itl_ms", "throughput", "requests", "slo_attainment", "utilization",
            "nodes", "cost_per_mtok_usd", "operator_profit_usd", "protocol_revenue_usd", "little", "classes", "groups", "verify",
            "operators", "treasury", "demand");

    /** A point of the sweep: its parameter values as text and numbers, and its metrics. */
    public record Point(int id, Map<String, String> parameters, Map<String, Double> parameterNumbers, Map<String, Estimate> metrics) {
        public Point {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            parameterNumbers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameterNumbers));
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** The mean of a metric over the point's replications, NaN when absent. */
        public double mean(String metric) {
            Estimate e = metrics.get(metric);
            return e == null ? Double.NaN : e.mean();
        }

        /** The parameter's value as a number, NaN when it is text (e.g. a policy name). */
        public double number(String parameter) {
            return parameterNumbers.getOrDefault(parameter, Double.NaN);
        }

        /** "rate=2, count=10": how the point is named in tables and labels. */
        public String label() {
            StringBuilder label = new StringBuilder();
            parameters.forEach((name, value) -> label.append(label.length() == 0 ? "" : ", ").append(shortName(name)).append('=').append(value));
            return label.toString();
        }
    }

    private final List<String> parameters;
    private final List<String> metrics;
    private final List<Point> points;
    private final int replications;

    private SweepResults(List<String> parameters, List<String> metrics, List<Point> points, int replications) {
        this.parameters = List.copyOf(parameters);
        this.metrics = List.copyOf(metrics);
        this.points = List.copyOf(points);
        this.replications = replications;
    }

    /** Parameters are told from metrics by {@link #parameterColumns}. */
    public static SweepResults of(Table results) {
        return of(results, parameterColumns(results));
    }

    public static SweepResults of(Table results, List<String> parameterNames) {
        for (String required : List.of("point", "replication")) {
            if (!results.columnNames().contains(required)) {
                throw new IllegalArgumentException("results.csv has no '" + required + "' column; its columns: " + results.columnNames());
            }
        }
        List<String> metricNames = new ArrayList<>();
        for (Column<?> column : results.columns()) {
            String name = column.name();
            if (!name.equals("point") && !name.equals("replication") && !parameterNames.contains(name) && isNumeric(column)) {
                metricNames.add(name);
            }
        }
        // Text parameters written as numbers in one unit ("5/s", "20/s"), decided once per column.
        java.util.Set<String> withUnit = new java.util.HashSet<>();
        for (String parameter : parameterNames) {
            if (!isNumeric(results.column(parameter)) && sharesUnit(results.column(parameter))) {
                withUnit.add(parameter);
            }
        }
        // Row indices, not Rows: Tablesaw's Row is a cursor that moves on.
        Map<Integer, List<Integer>> rowsByPoint = new LinkedHashMap<>();
        for (int i = 0; i < results.rowCount(); i++) {
            rowsByPoint.computeIfAbsent((int) results.numberColumn("point").getDouble(i), id -> new ArrayList<>()).add(i);
        }
        List<Point> points = new ArrayList<>();
        int replications = 0;
        for (Map.Entry<Integer, List<Integer>> entry : rowsByPoint.entrySet()) {
            List<Integer> rows = entry.getValue();
            int first = rows.get(0);
            replications = Math.max(replications, rows.size());
            Map<String, String> text = new LinkedHashMap<>();
            Map<String, Double> numbers = new LinkedHashMap<>();
            for (String parameter : parameterNames) {
                if (isNumeric(results.column(parameter))) {
                    double value = results.numberColumn(parameter).getDouble(first);
                    numbers.put(parameter, value);
                    text.put(parameter, Numbers.parameter(value));
                } else {
                    String value = results.column(parameter).getString(first);
                    text.put(parameter, value);
                    if (withUnit.contains(parameter)) {
                        numbers.put(parameter, leadingNumber(value));
                    }
                }
            }
            Map<String, Estimate> estimates = new LinkedHashMap<>();
            for (String metric : metricNames) {
                List<Double> values = rows.stream().map(r -> results.numberColumn(metric).getDouble(r)).toList();
                estimates.put(metric, Estimate.of(values));
            }
            points.add(new Point(entry.getKey(), text, numbers, estimates));
        }
        return new SweepResults(parameterNames, metricNames, points, replications);
    }

    /**
     * The parameter columns of a results.csv: the columns after point and replication, in order,
     * up to the first one that is a known metric or that differs between the replications of a
     * point (a parameter is the same in every replication of its point).
     */
    public static List<String> parameterColumns(Table results) {
        List<String> parameters = new ArrayList<>();
        for (Column<?> column : results.columns()) {
            String name = column.name();
            if (name.equals("point") || name.equals("replication")) {
                continue;
            }
            if (isMetricName(name) || !constantWithinPoints(results, column)) {
                break;
            }
            parameters.add(name);
        }
        return parameters;
    }

    static boolean isMetricName(String column) {
        int dot = column.indexOf('.');
        return METRIC_FAMILIES.contains(dot < 0 ? column : column.substring(0, dot));
    }

    private static boolean constantWithinPoints(Table results, Column<?> column) {
        Map<Integer, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < results.rowCount(); i++) {
            int point = (int) results.numberColumn("point").getDouble(i);
            String value = column.getString(i);
            String earlier = seen.putIfAbsent(point, value);
            if (earlier != null && !earlier.equals(value)) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern QUANTITY = java.util.regex.Pattern.compile("\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(\\S*)\\s*");

    /**
     * True when every value of a text column is a number followed by the same unit ("5/s",
     * "20/s"; "30s", "45s"), so the parameter can be placed on a numeric axis. Values with
     * different units ("30s", "2min") are not compared: they stay categories.
     */
    static boolean sharesUnit(Column<?> column) {
        String unit = null;
        for (int i = 0; i < column.size(); i++) {
            java.util.regex.Matcher m = QUANTITY.matcher(column.getString(i));
            if (!m.matches()) {
                return false;
            }
            if (unit == null) {
                unit = m.group(2);
            } else if (!unit.equals(m.group(2))) {
                return false;
            }
        }
        return unit != null;
    }

    static double leadingNumber(String value) {
        java.util.regex.Matcher m = QUANTITY.matcher(value);
        return m.matches() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static boolean isNumeric(Column<?> column) {
        return column.type() == ColumnType.DOUBLE || column.type() == ColumnType.INTEGER || column.type() == ColumnType.LONG
                || column.type() == ColumnType.FLOAT || column.type() == ColumnType.SHORT;
    }

    /** "workload[0].arrival.rate" → "arrival.rate": the last two parts say enough in a label. */
    static String shortName(String parameter) {
        String[] parts = parameter.split("\\.");
        if (parts.length <= 2) {
            return parameter;
        }
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    public List<String> parameters() {
        return parameters;
    }

    public List<String> metrics() {
        return metrics;
    }

    public List<Point> points() {
        return points;
    }

    /** The most replications any point has. */
    public int replications() {
        return replications;
    }

    public boolean isNumeric(String parameter) {
        return !points.isEmpty() && points.get(0).parameterNumbers().containsKey(parameter);
    }
}
