package io.dime.sim.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dime.sim.scenario.ArrivalReader;
import io.dime.sim.workload.ArrivalSpec;
import io.dime.sim.input.Obj;
import io.dime.sim.input.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace replay: exact times and lengths from CSV and JSONL, time scaling, looping and the end. */
class TraceArrivalsTest {
    private static final String CSV = """
            timestamp,prompt_tokens,output_tokens
            100.0,10,20
            100.5,11,21

            102.0,12,22
            """;
    // Keys in another order than the CSV's columns, and an extra key a recorder might add.
    private static final String JSONL = """
            {"prompt_tokens": 10, "output_tokens": 20, "timestamp": 100.0}
            {"timestamp": 100.5, "prompt_tokens": 11, "output_tokens": 21, "model": "llama"}
            {"timestamp": 102, "prompt_tokens": 12, "output_tokens": 22}
            """;

    @TempDir
    Path folder;

    private ArrivalSpec.Trace trace(String file, String content, String extraKeys) throws IOException {
        Files.writeString(folder.resolve(file), content);
        Obj arrival = Obj.of(YamlReader.read("{process: trace, file: " + file + extraKeys + "}"), "workload[0].arrival");
        return (ArrivalSpec.Trace) ArrivalReader.read(arrival, folder);
    }

    /** Times, prompt and output lengths of up to {@code count} arrivals; times stop at infinity. */
    private static double[][] replay(ArrivalSpec spec, int count) {
        ArrivalProcess process = ArrivalProcess.create(spec);
        double[][] rows = new double[3][count];
        double now = 0;
        for (int i = 0; i < count; i++) {
            now = process.nextArrivalTime(now, new Well19937c(0));
            rows[0][i] = now;
            rows[1][i] = Double.isInfinite(now) ? -1 : process.promptTokensOfLast();
            rows[2][i] = Double.isInfinite(now) ? -1 : process.outputTokensOfLast();
        }
        return rows;
    }

    @Test
    void csvRowsArriveAtTheirOffsetsFromTheFirstRowWithTheirOwnLengths() throws IOException {
        double[][] rows = replay(trace("t.csv", CSV, ""), 4);
        assertArrayEquals(new double[] {0, 0.5, 2.0, Double.POSITIVE_INFINITY}, rows[0]);
        assertArrayEquals(new double[] {10, 11, 12, -1}, rows[1]);
        assertArrayEquals(new double[] {20, 21, 22, -1}, rows[2]);
    }

    @Test
    void jsonLinesReplayTheSameAsTheCsv() throws IOException {
        assertArrayEquals(replay(trace("t.csv", CSV, ""), 4), replay(trace("t.jsonl", JSONL, ""), 4));
    }

    @Test
    void csvColumnsAreFoundByTheirHeaderNames() throws IOException {
        String reordered = "output_tokens, \"timestamp\" ,prompt_tokens\n20,100.0,10\n21,100.5,11\n22,102.0,12\n";
        assertArrayEquals(replay(trace("t.csv", CSV, ""), 4), replay(trace("r.csv", reordered, ""), 4));
    }

    @Test
    void timeScaleMultipliesTheGaps() throws IOException {
        ArrivalSpec.Trace spec = trace("t.csv", CSV, ", time_scale: 2");
        assertArrayEquals(new double[] {0, 1, 4, Double.POSITIVE_INFINITY}, replay(spec, 4)[0]);
        assertEquals(3 / (3.0 * 2), spec.meanRatePerSecond(), 1e-12, "3 rows per 3 s loop period, stretched twice");
    }

    @Test
    void aLoopedTraceRepeatsAfterItsSpanPlusOneMeanGap() throws IOException {
        // Span 2 s over 3 rows: mean gap 1 s, so each pass lasts 3 s.
        double[][] rows = replay(trace("t.csv", CSV, ", loop: true"), 7);
        assertArrayEquals(new double[] {0, 0.5, 2, 3, 3.5, 5, 6}, rows[0]);
        assertArrayEquals(new double[] {10, 11, 12, 10, 11, 12, 10}, rows[1]);
    }

    @Test
    void theReplayStartsAtTheFirstCallsTime() throws IOException {
        ArrivalProcess process = ArrivalProcess.create(trace("t.csv", CSV, ""));
        assertEquals(60, process.nextArrivalTime(60, new Well19937c(0)));
        assertEquals(60.5, process.nextArrivalTime(60, new Well19937c(0)));
    }

    @Test
    void theSpecKeepsItsOwnCopyOfTheRows() {
        double[] offsets = {0, 1};
        int[] prompt = {5, 6};
        ArrivalSpec.Trace spec = new ArrivalSpec.Trace("x.csv", offsets, prompt, new int[] {7, 8}, 1, false);
        offsets[1] = 99;
        prompt[0] = 99;
        assertEquals(1, spec.offsetSeconds(1));
        assertEquals(5, spec.promptTokens(0));
    }
}
