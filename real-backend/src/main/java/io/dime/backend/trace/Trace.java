package io.dime.backend.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A measured trace: header entries (server, engine, version, model, plan, host, slots) and rows
 * sorted by send time. On disk: {@code # key: value} lines, then CSV with the columns of
 * {@link #COLUMNS}; {@code timestamp}, {@code prompt_tokens} and {@code output_tokens} make it an
 * arrival trace the simulator reads as it is.
 */
public record Trace(Map<String, String> header, List<TraceRow> rows) {
    public static final String COLUMNS = "level,timestamp,prompt_tokens,output_tokens,requested_output_tokens,status,ttft_ms,e2e_ms,tpot_ms,warmup,gaps_ms";

    public Trace {
        header = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(header));
        rows = rows.stream().sorted(Comparator.comparingDouble(TraceRow::sendSeconds)).toList();
    }

    /** The levels in the order they were run. */
    public List<String> levels() {
        return rows.stream().map(TraceRow::level).distinct().toList();
    }

    /** One level's rows. */
    public List<TraceRow> level(String level) {
        return rows.stream().filter(r -> r.level().equals(level)).toList();
    }

    /** One level's measured rows: not warm-up, and successful. */
    public List<TraceRow> measured(String level) {
        return rows.stream().filter(r -> r.level().equals(level) && !r.warmup() && r.ok()).toList();
    }

    /** The first line of every trace Dime writes: a file that starts otherwise is never overwritten. */
    public static final String SIGNATURE = "# written_by: dime observe";

    /** Writes the trace through a temporary file moved into place. */
    public void write(Path file) {
        StringBuilder text = new StringBuilder(SIGNATURE).append('\n');
        header.forEach((k, v) -> text.append("# ").append(k).append(": ").append(v.replace('\n', ' ')).append('\n'));
        text.append(COLUMNS).append('\n');
        for (TraceRow r : rows) {
            text.append(r.level()).append(',').append(num(r.sendSeconds())).append(',').append(r.promptTokens()).append(',')
                    .append(r.outputTokens()).append(',').append(r.requestedOutputTokens()).append(',').append(r.status()).append(',')
                    .append(num(r.ttftMs())).append(',').append(num(r.e2eMs())).append(',').append(num(r.tpotMs())).append(',')
                    .append(r.warmup()).append(',')
                    .append(java.util.Arrays.stream(r.gapsMs()).mapToObj(Trace::num).collect(Collectors.joining(";"))).append('\n');
        }
        AtomicWrite.text(file, text, SIGNATURE);
    }

    private static String num(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** Reads a trace; a malformed one gives a {@link TraceException} naming the file, line and column. */
    public static Trace read(Path file) {
        List<String> lines;
        if (Files.exists(file)) {
            try {
                io.dime.sim.input.InputFile.checkTrace(file, "trace", problem -> new io.dime.sim.input.ScenarioException("", null, problem));
            } catch (io.dime.sim.input.ScenarioException e) {
                throw new TraceException(e.getMessage());
            }
        }
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TraceException("no such trace file: " + file + "; accepted: a trace written by dime observe");
        } catch (IOException e) {
            throw new TraceException("cannot read trace " + file + ": " + e.getMessage());
        }
        Map<String, String> header = new LinkedHashMap<>();
        List<TraceRow> rows = new ArrayList<>();
        String[] columns = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                int colon = line.indexOf(':');
                if (colon > 0 && columns == null && !line.equals(SIGNATURE)) {
                    header.put(line.substring(1, colon).strip(), line.substring(colon + 1).strip());
                }
                continue;
            }
            if (columns == null) {
                columns = line.split(",", -1);
                if (!line.strip().equals(COLUMNS)) {
                    throw new TraceException(file + " line " + lineNumber + ": the header '" + line.strip() + "' is not a dime observe trace's; accepted: " + COLUMNS);
                }
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != columns.length) {
                throw new TraceException(file + " line " + lineNumber + ": " + cells.length + " cells where the header has " + columns.length
                        + "; accepted: rows of " + COLUMNS);
            }
            try {
                rows.add(new TraceRow(cells[0], Double.parseDouble(cells[1]), Integer.parseInt(cells[2]), Integer.parseInt(cells[4]),
                        Integer.parseInt(cells[3]), cells[5], number(cells[6]), number(cells[7]), gaps(cells[10]), Boolean.parseBoolean(cells[9])));
            } catch (NumberFormatException e) {
                int column = 1;
                for (int c = 0; c < cells.length; c++) {
                    try {
                        if (c == 1 || c == 6 || c == 7) {
                            number(cells[c]);
                        } else if (c == 2 || c == 3 || c == 4) {
                            Integer.parseInt(cells[c]);
                        } else if (c == 10) {
                            gaps(cells[c]);
                        }
                    } catch (NumberFormatException bad) {
                        throw new TraceException(file + " line " + lineNumber + ", column " + column + " (" + columns[c] + "): '" + cells[c]
                                + "' is not a number; accepted: numbers (gaps_ms: numbers separated by ';')");
                    }
                    column += cells[c].length() + 1;
                }
                throw new TraceException(file + " line " + lineNumber + ": " + e.getMessage());
            }
        }
        if (rows.isEmpty()) {
            throw new TraceException(file + " holds no requests; accepted: a trace written by dime observe");
        }
        return new Trace(header, rows);
    }

    private static double number(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    private static double[] gaps(String cell) {
        if (cell.isEmpty()) {
            return new double[0];
        }
        String[] parts = cell.split(";");
        double[] gaps = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            gaps[i] = Double.parseDouble(parts[i]);
        }
        return gaps;
    }
}
