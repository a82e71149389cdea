package io.dime.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A run folder's files as Tablesaw tables: the metrics of {@code summary.json} flattened to
 * one row per dotted metric name, and the CSV files as they are. Each call reads the file
 * again, so a caller that needs a table twice keeps it.
 */
public final class RunTables {
    /**
     * Columns that hold names. Named here so that a file with no rows, or a name that looks like
     * a number, still gives a text column.
     */
    private static final List<String> TEXT_COLUMNS = List.of(
            "class", "client_region", "node_region", "status", "group", "gpu", "region", "scheme", "metric", "scenario");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    private RunTables(Path folder) {
        this.folder = folder;
    }

    /** A run folder, i.e. one that holds {@code summary.json}. */
    public static RunTables of(Path runFolder) {
        if (!Files.isRegularFile(runFolder.resolve("summary.json"))) {
            throw new IllegalArgumentException(runFolder + " is not a run folder: it has no summary.json");
        }
        return new RunTables(runFolder);
    }

    public Path folder() {
        return folder;
    }

    /** One row per metric: metric (dotted name), mean, ci_low, ci_high; undefined values are missing. */
    public Table metrics() {
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn mean = DoubleColumn.create("mean");
        DoubleColumn low = DoubleColumn.create("ci_low");
        DoubleColumn high = DoubleColumn.create("ci_high");
        JsonNode root;
        try {
            root = JSON.readTree(folder.resolve("summary.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve("summary.json") + ": " + e.getMessage(), e);
        }
        flatten("", root.path("metrics"), (name, estimate) -> {
            metric.append(name);
            mean.append(number(estimate.get("mean")));
            low.append(number(estimate.get("ci95").get(0)));
            high.append(number(estimate.get("ci95").get(1)));
        });
        return Table.create("metrics", metric, mean, low, high);
    }

    public Table requests() {
        return csv(folder.resolve("requests.csv"));
    }

    public Table nodes() {
        return csv(folder.resolve("nodes.csv"));
    }

    /** Present in runs with a token economy. */
    public Optional<Table> timeseries() {
        return optionalCsv("timeseries.csv");
    }

    /** Present in runs with a verification scheme. */
    public Optional<Table> verification() {
        return optionalCsv("verification.csv");
    }

    /**
     * Any CSV file: numbers become double columns (a missing or NaN cell is missing), the known
     * name columns and anything else not numeric become text.
     */
    public static Table csv(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new java.io.FileNotFoundException("cannot read " + file + ": no such file"));
        }
        List<String> header = header(file);
        CsvReadOptions options = CsvReadOptions.builder(file.toFile())
                .tableName(file.getFileName().toString())
                .sample(false)
                .missingValueIndicator("", "NaN", "null")
                .columnTypesToDetect(List.of(ColumnType.DOUBLE, ColumnType.STRING))
                .columnTypesPartial(column -> TEXT_COLUMNS.contains(column) ? Optional.of(ColumnType.STRING) : Optional.empty())
                .build();
        Table table = Table.read().usingOptions(options);
        return table.columnCount() == header.size() ? numbersWhereEmpty(table) : emptyTable(file, header);
    }

    /**
     * A column with no value at all (a run that completed no request has no TTFT anywhere) is
     * detected as text; it is a number column with every cell missing, so that tables of several
     * runs, some of which completed nothing, can be put together.
     */
    private static Table numbersWhereEmpty(Table table) {
        for (int i = 0; i < table.columnCount(); i++) {
            tech.tablesaw.columns.Column<?> column = table.column(i);
            if (column.type() == ColumnType.STRING && !TEXT_COLUMNS.contains(column.name()) && column.countMissing() == column.size()) {
                DoubleColumn numbers = DoubleColumn.create(column.name(), column.size());
                table.replaceColumn(i, numbers);
            }
        }
        return table;
    }

    private static List<String> header(Path file) {
        try (java.io.BufferedReader reader = Files.newBufferedReader(file)) {
            String first = reader.readLine();
            return first == null || first.isBlank() ? List.of() : List.of(first.split(",", -1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Tablesaw drops the columns of a file that has a header but no rows; they are kept here. */
    private static Table emptyTable(Path file, List<String> header) {
        Table table = Table.create(file.getFileName().toString());
        for (String name : header) {
            table.addColumns(TEXT_COLUMNS.contains(name) ? StringColumn.create(name) : DoubleColumn.create(name));
        }
        return table;
    }

    private Optional<Table> optionalCsv(String name) {
        Path file = folder.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(csv(file)) : Optional.empty();
    }

    /** summary.json nests metrics by the parts of their names; a leaf is an object with ci95. */
    private static void flatten(String prefix, JsonNode node, java.util.function.BiConsumer<String, JsonNode> leaf) {
        if (node.isObject() && node.path("ci95").isArray()) {
            leaf.accept(prefix, node);
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), leaf);
        }
    }

    /** JSON has no NaN: summary.json writes an undefined value as null. */
    private static double number(JsonNode value) {
        return value == null || !value.isNumber() ? Double.NaN : value.asDouble();
    }
}
