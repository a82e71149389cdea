package io.dime.analysis;

import io.dime.sim.metrics.Estimate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A sweep's results as a Tablesaw table, and per point the mean of every metric over its
 * replications with a Student-t 95% interval.
 */
public final class SweepSummary {
    private SweepSummary() {
    }

    /** results.csv as a table: point and replication as integers, parameters as text, metrics as numbers. */
    public static Table load(Path resultsCsv, SweepSpec spec) {
        int columns = 2 + spec.parameters().size() + spec.metrics().size();
        ColumnType[] types = new ColumnType[columns];
        types[0] = ColumnType.INTEGER;
        types[1] = ColumnType.INTEGER;
        for (int i = 2; i < columns; i++) {
            types[i] = i < 2 + spec.parameters().size() ? ColumnType.STRING : ColumnType.DOUBLE;
        }
        try {
            return Table.read().usingOptions(CsvReadOptions.builder(resultsCsv.toFile()).columnTypes(types).missingValueIndicator("").build());
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read " + resultsCsv + ": " + e.getMessage(), e));
        }
    }

    /** One row per point: its parameter values, then for each metric its mean, low and high. */
    public static Table perPoint(Table results, SweepSpec spec) {
        Table summary = Table.create("points");
        IntColumn point = IntColumn.create("point");
        summary.addColumns(point);
        List<StringColumn> parameters = new ArrayList<>();
        for (SweepSpec.Parameter p : spec.parameters()) {
            StringColumn column = StringColumn.create(p.path());
            parameters.add(column);
            summary.addColumns(column);
        }
        List<DoubleColumn[]> metrics = new ArrayList<>();
        for (String metric : spec.metrics()) {
            DoubleColumn[] trio = {DoubleColumn.create(metric), DoubleColumn.create(metric + "_ci_low"), DoubleColumn.create(metric + "_ci_high")};
            metrics.add(trio);
            summary.addColumns(trio);
        }
        IntColumn points = results.intColumn("point");
        for (int p : points.unique().asSet().stream().sorted().toList()) {
            Table rows = results.where(points.isEqualTo(p));
            point.append(p);
            Row first = rows.row(0);
            for (int k = 0; k < parameters.size(); k++) {
                parameters.get(k).append(first.getString(spec.parameters().get(k).path()));
            }
            for (int m = 0; m < spec.metrics().size(); m++) {
                DoubleColumn values = rows.doubleColumn(spec.metrics().get(m));
                List<Double> present = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    if (!values.isMissing(i)) {
                        present.add(values.get(i));
                    }
                }
                Estimate e = present.isEmpty() ? new Estimate(Double.NaN, Double.NaN, Double.NaN, List.of()) : Estimate.of(present);
                metrics.get(m)[0].append(e.mean());
                metrics.get(m)[1].append(e.low());
                metrics.get(m)[2].append(e.high());
            }
        }
        return summary;
    }

    /** Writes the per-point table as CSV (NaN as empty). */
    public static void write(Table table, Path csv) {
        StringBuilder out = new StringBuilder(String.join(",", table.columnNames())).append('\n');
        for (Row row : table) {
            List<String> cells = new ArrayList<>();
            for (String name : table.columnNames()) {
                Object value = row.getObject(name);
                if (value instanceof Double d) {
                    cells.add(Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.9g", d));
                } else {
                    cells.add(String.valueOf(value));
                }
            }
            out.append(String.join(",", cells)).append('\n');
        }
        try {
            java.nio.file.Files.writeString(csv, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
