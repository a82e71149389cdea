package io.dime.sim.scenario;

import io.dime.sim.input.Obj;
import io.dime.sim.input.Units;
import io.dime.sim.input.InputFile;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.workload.ArrivalSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request class's {@code arrival:} mapping into an {@link ArrivalSpec}. Every value is
 * range-checked here, so the runtime processes never see a negative rate or an empty trace; a
 * trace file is read whole, and a bad row is reported with the file's line number.
 */
public final class ArrivalReader {
    /** Beyond this a coefficient of variation makes gamma shapes so small that gaps underflow to 0. */
    static final double MAX_CV = 100;
    static final double MAX_TIME_SCALE = 1e6;
    /** The shortest on/off sojourn or diurnal period accepted: below it the numbers are typos. */
    static final double MIN_PERIOD_SECONDS = 1e-3;
    static final String TRACE_COLUMNS = "timestamp,prompt_tokens,output_tokens";

    private static final ObjectReader JSON = new ObjectMapper().reader();

    private ArrivalReader() {
    }

    /**
     * @param arrival the {@code arrival:} mapping
     * @param baseDir the scenario file's folder, against which a trace's relative path resolves;
     *                null for the working directory
     */
    public static ArrivalSpec read(Obj arrival, Path baseDir) {
        String process = arrival.choice("process", "poisson", ArrivalSpec.PROCESSES, "arrival process");
        ArrivalSpec spec = switch (process) {
            case "poisson" -> new ArrivalSpec.Poisson(positiveRate(arrival, "rate"));
            case "steps" -> steps(arrival);
            case "gamma" -> new ArrivalSpec.Gamma(positiveRate(arrival, "rate"), cv(arrival));
            case "diurnal" -> diurnal(arrival);
            case "mmpp" -> new ArrivalSpec.Mmpp(
                    positiveRate(arrival, "on_rate"),
                    arrival.perSecond("off_rate", 0, ScenarioLoader.MAX_RATE_PER_SECOND),
                    arrival.seconds("on_mean", MIN_PERIOD_SECONDS, ScenarioLoader.MAX_DURATION_SECONDS),
                    arrival.seconds("off_mean", MIN_PERIOD_SECONDS, ScenarioLoader.MAX_DURATION_SECONDS));
            case "trace" -> trace(arrival, baseDir);
            case "closed" -> new ArrivalSpec.Closed((int) arrival.integer("clients", 1, ScenarioLoader.MAX_CLOSED_LOOP_CLIENTS),
                    arrival.seconds("think_time", 0, 0, ScenarioLoader.MAX_DURATION_SECONDS),
                    arrival.has("file") ? (ArrivalSpec.Trace) trace(arrival, baseDir) : null);
            default -> throw new IllegalStateException(process);
        };
        arrival.finish();
        return spec;
    }

    /** {@code steps: [{at: 0s, rate: 2/s}, {at: 3d, rate: 6/s}]}: starts increasing from 0. */
    private static ArrivalSpec steps(Obj a) {
        List<Obj> items = a.objects("steps");
        if (items.isEmpty()) {
            throw a.error("steps", "the list of steps is empty; accepted: steps such as [{at: 0s, rate: 2/s}, {at: 3d, rate: 6/s}]");
        }
        List<Double> starts = new java.util.ArrayList<>();
        List<Double> rates = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Obj step = items.get(i);
            double at = step.seconds("at", 0, ScenarioLoader.MAX_DURATION_SECONDS);
            if (i == 0 && at != 0) {
                throw step.error("at", "the first step must start at 0s; found " + Units.formatSeconds(at));
            }
            if (i > 0 && at <= starts.get(i - 1)) {
                throw step.error("at", "steps must start in increasing order; " + Units.formatSeconds(at) + " is not after " + Units.formatSeconds(starts.get(i - 1)));
            }
            double rate = step.perSecond("rate", 0, ScenarioLoader.MAX_RATE_PER_SECOND);
            step.finish();
            starts.add(at);
            rates.add(rate);
        }
        return new ArrivalSpec.Steps(starts, rates);
    }

    private static double positiveRate(Obj a, String key) {
        double rate = a.perSecond(key, 0, ScenarioLoader.MAX_RATE_PER_SECOND);
        if (rate == 0) {
            throw a.error(key, "a rate of 0 means no arrivals; accepted: more than 0/s");
        }
        return rate;
    }

    private static double cv(Obj a) {
        double cv = a.number("cv", 0, MAX_CV);
        if (cv == 0) {
            throw a.error("cv", "cv 0 would make every gap equal, which no gamma distribution does; accepted: more than 0 (1 is Poisson, above 1 is bursty)");
        }
        return cv;
    }

    private static ArrivalSpec diurnal(Obj a) {
        double rate = positiveRate(a, "rate");
        double amplitude = a.number("amplitude", 0, 1);
        double period = a.seconds("period", 86400.0, MIN_PERIOD_SECONDS, ScenarioLoader.MAX_DURATION_SECONDS);
        double peak = a.seconds("peak", 0, ScenarioLoader.MAX_DURATION_SECONDS);
        if (peak >= period) {
            throw a.error("peak", "peak " + Units.formatSeconds(peak) + " is not within the period " + Units.formatSeconds(period)
                    + "; accepted: a time of day from 0s to below " + Units.formatSeconds(period) + ", e.g. 14h");
        }
        return new ArrivalSpec.Diurnal(rate, amplitude, peak, period);
    }

    private static ArrivalSpec trace(Obj a, Path baseDir) {
        String file = a.string("file");
        double timeScale = a.number("time_scale", 1.0, 0, MAX_TIME_SCALE);
        if (timeScale == 0) {
            throw a.error("time_scale", "time_scale 0 would put every row at the same instant; accepted: more than 0 (2 stretches gaps twice, 0.5 halves them)");
        }
        boolean loop = a.bool("loop", false);
        TraceFile trace = new TraceFile(file, a);
        Path path;
        try {
            path = baseDir == null ? Path.of(file) : baseDir.resolve(file);
        } catch (InvalidPathException e) {
            throw trace.problem("'" + file + "' is not a valid path: " + e.getReason());
        }
        String name = file.toLowerCase(Locale.ROOT);
        Rows rows;
        if (name.endsWith(".csv")) {
            rows = trace.readCsv(path);
        } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            rows = trace.readJsonLines(path);
        } else {
            throw trace.problem("trace file '" + file + "' is neither .csv nor .jsonl; accepted: a .csv file with the header "
                    + TRACE_COLUMNS + ", or a .jsonl file of objects with those keys");
        }
        if (rows.size < 2 || rows.offsets[rows.size - 1] == 0) {
            throw trace.problem("trace '" + file + "' has " + rows.size + (rows.size == 1 ? " row" : " rows")
                    + (rows.size < 2 ? "" : ", all at the same time") + "; accepted: at least two rows at different times");
        }
        // The resolved scenario keeps the absolute path, so it runs from its own folder too.
        return new ArrivalSpec.Trace(path.toAbsolutePath().normalize().toString(), Arrays.copyOf(rows.offsets, rows.size), Arrays.copyOf(rows.prompt, rows.size),
                Arrays.copyOf(rows.output, rows.size), timeScale, loop);
    }

    /** Growing primitive columns; offsets are timestamps minus the first row's. */
    private static final class Rows {
        double[] offsets = new double[1024];
        int[] prompt = new int[1024];
        int[] output = new int[1024];
        int size;
        double firstTimestamp;
        double previousTimestamp;
        int previousLine;

        void add(double timestamp, int promptTokens, int outputTokens, int line) {
            if (size == offsets.length) {
                int capacity = offsets.length * 2;
                offsets = Arrays.copyOf(offsets, capacity);
                prompt = Arrays.copyOf(prompt, capacity);
                output = Arrays.copyOf(output, capacity);
            }
            if (size == 0) {
                firstTimestamp = timestamp;
            }
            offsets[size] = timestamp - firstTimestamp;
            prompt[size] = promptTokens;
            output[size] = outputTokens;
            size++;
            previousTimestamp = timestamp;
            previousLine = line;
        }
    }

    /** One trace file being read; problems are reported at the {@code file:} value. */
    private static final class TraceFile {
        private final String file;
        private final Obj arrival;

        TraceFile(String file, Obj arrival) {
            this.file = file;
            this.arrival = arrival;
        }

        ScenarioException problem(String text) {
            return new ScenarioException(arrival.path(), arrival.markOf("file"), text);
        }

        ScenarioException problemAt(int line, String text) {
            return problem("trace '" + file + "' line " + line + ": " + text);
        }

        BufferedReader open(Path path) {
            if (Files.exists(path)) {
                InputFile.checkTrace(path, "trace", this::problem);
            }
            try {
                return Files.newBufferedReader(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw problem("no such trace file '" + file + "' (looked for " + path.toAbsolutePath().normalize() + ")"
                        + "; accepted: a path relative to the scenario file's folder");
            } catch (IOException e) {
                throw problem("cannot read trace file '" + file + "': " + e.getMessage());
            }
        }

        Rows readCsv(Path path) {
            Rows rows = new Rows();
            try (BufferedReader reader = open(path)) {
                int[] columns = null;
                int lineNumber = 0;
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                        line = line.substring(1); // a byte-order mark some spreadsheet exports add
                    }
                    if (line.isBlank() || line.startsWith("#")) {
                        continue; // comments: dime observe writes its header (server, model, plan) so
                    }
                    String[] cells = line.split(",", -1);
                    if (columns == null) {
                        columns = header(cells, line, lineNumber);
                        continue;
                    }
                    String[] values = new String[3];
                    for (int c = 0; c < 3; c++) {
                        if (columns[c] >= cells.length || cells[columns[c]].isBlank()) {
                            throw problemAt(lineNumber, "missing column '" + COLUMN_NAMES.get(c) + "'; accepted: rows with "
                                    + TRACE_COLUMNS.replace(",", ", "));
                        }
                        values[c] = unquote(cells[columns[c]]);
                    }
                    addRow(rows, values, lineNumber);
                }
                if (columns == null) {
                    throw problem("trace file '" + file + "' is empty; accepted: a header " + TRACE_COLUMNS + " and at least two rows");
                }
            } catch (CharacterCodingException e) {
                throw problem("trace file '" + file + "' is not UTF-8 text");
            } catch (IOException e) {
                throw problem("cannot read trace file '" + file + "': " + e.getMessage());
            }
            return rows;
        }

        private int[] header(String[] cells, String line, int lineNumber) {
            int[] columns = {-1, -1, -1};
            for (int i = 0; i < cells.length; i++) {
                String name = unquote(cells[i]).toLowerCase(Locale.ROOT);
                for (int c = 0; c < 3; c++) {
                    if (name.equals(COLUMN_NAMES.get(c))) {
                        columns[c] = i;
                    }
                }
            }
            for (int c = 0; c < 3; c++) {
                if (columns[c] < 0) {
                    throw problemAt(lineNumber, "missing column '" + COLUMN_NAMES.get(c) + "' in the header '" + line.strip()
                            + "'; accepted: a first line naming the columns " + TRACE_COLUMNS);
                }
            }
            return columns;
        }

        Rows readJsonLines(Path path) {
            Rows rows = new Rows();
            try (BufferedReader reader = open(path)) {
                int lineNumber = 0;
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode object;
                    try {
                        object = JSON.readTree(line);
                    } catch (JsonProcessingException e) {
                        throw problemAt(lineNumber, "not valid JSON (" + e.getOriginalMessage().replaceAll("\\s+", " ").replace(';', ',').trim()
                                + "); accepted: one object per line, e.g. {\"timestamp\": 0.5, \"prompt_tokens\": 512, \"output_tokens\": 200}");
                    }
                    if (object == null || !object.isObject()) {
                        throw problemAt(lineNumber, "not a JSON object; accepted: one object per line with the keys "
                                + TRACE_COLUMNS.replace(",", ", "));
                    }
                    String[] values = new String[3];
                    for (int c = 0; c < 3; c++) {
                        JsonNode value = object.get(COLUMN_NAMES.get(c));
                        if (value == null || value.isNull()) {
                            throw problemAt(lineNumber, "missing key '" + COLUMN_NAMES.get(c) + "'; accepted: objects with the keys "
                                    + TRACE_COLUMNS.replace(",", ", "));
                        }
                        values[c] = value.isValueNode() ? value.asText() : value.toString();
                    }
                    addRow(rows, values, lineNumber);
                }
            } catch (CharacterCodingException e) {
                throw problem("trace file '" + file + "' is not UTF-8 text");
            } catch (IOException e) {
                throw problem("cannot read trace file '" + file + "': " + e.getMessage());
            }
            return rows;
        }

        private void addRow(Rows rows, String[] values, int lineNumber) {
            double timestamp = number(values[0], COLUMN_NAMES.get(0), lineNumber);
            if (timestamp < 0) {
                throw problemAt(lineNumber, "negative timestamp " + values[0] + "; accepted: seconds, 0 or more");
            }
            if (rows.size > 0 && timestamp < rows.previousTimestamp) {
                throw problemAt(lineNumber, "timestamp " + values[0] + " is earlier than " + Units.plain(rows.previousTimestamp)
                        + " on line " + rows.previousLine + "; accepted: rows in order of non-decreasing timestamp");
            }
            rows.add(timestamp, tokens(values[1], COLUMN_NAMES.get(1), lineNumber), tokens(values[2], COLUMN_NAMES.get(2), lineNumber), lineNumber);
        }

        private double number(String text, String column, int lineNumber) {
            double value;
            try {
                value = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!Double.isFinite(value)) {
                throw problemAt(lineNumber, column + " '" + text + "' is not a number; accepted: plain numbers, e.g. 12.5");
            }
            return value;
        }

        /** Token counts are whole and at least 0; a 0 is kept as recorded. */
        private int tokens(String text, String column, int lineNumber) {
            double value = number(text, column, lineNumber);
            if (value < 0) {
                throw problemAt(lineNumber, "negative " + column + " " + text + "; accepted: whole numbers, 0 or more");
            }
            if (value != Math.rint(value)) {
                throw problemAt(lineNumber, column + " " + text + " is not a whole number; accepted: whole numbers of tokens");
            }
            if (value > ScenarioLoader.MAX_TOKENS) {
                throw problemAt(lineNumber, column + " " + text + " is too large; accepted: at most " + Units.plain(ScenarioLoader.MAX_TOKENS));
            }
            return (int) value;
        }

        private static String unquote(String cell) {
            String trimmed = cell.strip();
            if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
                return trimmed.substring(1, trimmed.length() - 1).strip();
            }
            return trimmed;
        }
    }

    private static final List<String> COLUMN_NAMES = List.of(TRACE_COLUMNS.split(","));
}
