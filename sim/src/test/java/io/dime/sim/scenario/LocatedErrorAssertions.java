package io.dime.sim.scenario;

import io.dime.sim.input.ScenarioException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check every bad-input table test makes: rejected at this path, line and column, saying these things, in one line. */
final class LocatedErrorAssertions {
    private LocatedErrorAssertions() {
    }

    /** Parses {@code yaml}, expects a ScenarioException located as given whose message holds every ';'-separated part. */
    static ScenarioException assertRejected(String yaml, String path, int line, int column, String parts) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse(yaml), yaml);
        assertEquals(path, e.path(), e.getMessage());
        assertEquals(line, e.line(), "line of: " + e.getMessage());
        assertEquals(column, e.column(), "column of: " + e.getMessage());
        for (String part : parts.split(";")) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }
}
