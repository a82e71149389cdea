package io.dime.backend.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.backend.observe.LoadPlan;
import io.dime.sim.input.ScenarioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {
    @TempDir
    Path folder;

    @Test
    void aTraceReadsBackAsItWasWrittenSortedBySendTime() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("server", "http://127.0.0.1:8080");
        header.put("slots", "8");
        TraceRow late = new TraceRow("c2", 2.5, 40, 16, 16, "OK", 31.25, 90.5, new double[] {4.0, 3.5, 4.25}, false);
        TraceRow early = new TraceRow("c1", 0.125, 12, 8, 8, "TIMEOUT", Double.NaN, 3000, new double[0], true);
        Path file = folder.resolve("t/trace.csv");
        new Trace(header, List.of(late, early)).write(file);
        Trace read = Trace.read(file);
        assertEquals(header, read.header());
        assertEquals(List.of("c1", "c2"), read.levels(), "in order of send time");
        TraceRow back = read.rows().get(1);
        assertArrayEquals(late.gapsMs(), back.gapsMs(), 1e-9);
        assertEquals(31.25, back.ttftMs(), 1e-9);
        assertTrue(Double.isNaN(read.rows().get(0).ttftMs()));
        assertEquals(List.of(), read.measured("c1"), "a warm-up request that failed is not measured");
        assertEquals(List.of(file.getFileName().toString()), List.of(file.getFileName().toString()));
    }

    @Test
    void aBrokenCellIsReportedWithLineAndColumn() throws IOException {
        Path file = folder.resolve("trace.csv");
        Files.writeString(file, "# server: x\n" + Trace.COLUMNS + "\nc1,0.5,12,8,8,OK,3x,90,4,false,4;4\n");
        TraceException e = assertThrows(TraceException.class, () -> Trace.read(file));
        assertTrue(e.getMessage().contains("line 3, column 18 (ttft_ms): '3x' is not a number"), e.getMessage());
        Files.writeString(file, "timestamp,prompt_tokens,output_tokens\n0,1,1\n");
        assertTrue(assertThrows(TraceException.class, () -> Trace.read(file)).getMessage().contains("not a dime observe trace"));
    }

    @Test
    void aPlanLevelNeedsConcurrencyOrRateAndTheMistakeIsLocated() {
        LoadPlan plan = LoadPlan.parse("""
                plan:
                  name: p
                  prompt_tokens: [16, 64]
                  output_tokens: 32
                  levels:
                    - {concurrency: 2, requests: 10}
                    - {rate: 2.5/s, requests: 10}
                """);
        assertEquals(List.of("c2", "r2.5"), plan.levels().stream().map(LoadPlan.Level::label).toList());
        assertEquals(List.of(32), plan.outputTokens());
        ScenarioException both = assertThrows(ScenarioException.class, () -> LoadPlan.parse("""
                plan:
                  name: p
                  prompt_tokens: 16
                  output_tokens: 32
                  levels:
                    - {concurrency: 2, rate: 1/s, requests: 10}
                """));
        assertTrue(both.getMessage().contains("either 'concurrency'") && both.getMessage().contains("not both"), both.getMessage());
        assertEquals(6, both.line());
        ScenarioException negative = assertThrows(ScenarioException.class, () -> LoadPlan.parse("""
                plan:
                  name: p
                  prompt_tokens: [16, 0]
                  output_tokens: 32
                  levels: [{concurrency: 1, requests: 1}]
                """));
        assertEquals("plan.prompt_tokens[1]", negative.path());
    }

    @Test
    void roundsShareOutEachLevelsRequestsAndTheReplayFindsTheStretchesOfAClosedLoopLevel() {
        LoadPlan plan = LoadPlan.parse("""
                plan:
                  name: p
                  prompt_tokens: 16
                  output_tokens: 32
                  rounds: 3
                  levels:
                    - {concurrency: 2, requests: 10}
                """);
        LoadPlan.Level level = plan.levels().get(0);
        assertEquals(List.of(4, 3, 3), List.of(plan.requestsIn(level, 0), plan.requestsIn(level, 1), plan.requestsIn(level, 2)));
        assertTrue(plan.describe().contains("3 rounds"), plan.describe());
        ScenarioException few = assertThrows(ScenarioException.class, () -> LoadPlan.parse("""
                plan:
                  name: p
                  prompt_tokens: 16
                  output_tokens: 32
                  rounds: 4
                  levels:
                    - {concurrency: 2, requests: 3}
                """));
        assertEquals("plan.levels[0].requests", few.path());

        // Two clients in a closed loop, twice: sends at 0 s (two), then as each ends; a second
        // stretch 5 s later. Each request takes 1 s.
        double[] sends = {0, 0, 1, 1.001, 2, 5, 5, 6};
        List<io.dime.backend.trace.TraceRow> rows = new java.util.ArrayList<>();
        for (double send : sends) {
            rows.add(new io.dime.backend.trace.TraceRow("c2", send, 16, 32, 32, "OK", 100, 1000, new double[0], false));
        }
        var stretches = io.dime.backend.calibrate.Replay.segments("c2", rows);
        assertEquals(List.of(5, 3), stretches.stream().map(List::size).toList(), "a stretch ends where the level went idle");
        assertEquals(1, io.dime.backend.calibrate.Replay.segments("r2", rows).size(), "an open-loop level replays at its send times, whole");
    }
}
