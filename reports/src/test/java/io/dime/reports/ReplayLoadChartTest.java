package io.dime.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/** A replay level's load is the mean number of its requests in flight when each was sent, itself included. */
class ReplayLoadChartTest {
    @Test
    void twoClosedLoopClientsAreTwoInFlightAndSparseArrivalsOne() {
        String csv = """
                level,send_s,measured_e2e_ms
                c2,0,1000
                c2,0,1000
                c2,1.0,1000
                c2,1.0,1000
                c2,30.0,1000
                c2,30.0,1000
                r1,0,1000
                r1,5,1000
                r1,10,400
                """;
        Table requests = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(csv)));
        Map<String, Double> load = ReplayLoadChart.load(requests);
        // The round at 30 s, after an idle stretch, still counts 2: the load is read at each send, not over the level's span.
        assertEquals(2.0, load.get("c2"), 1e-12);
        assertEquals(1.0, load.get("r1"), 1e-12);
    }
}
