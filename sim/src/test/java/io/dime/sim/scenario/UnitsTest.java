package io.dime.sim.scenario;

import io.dime.sim.input.Units;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @ParameterizedTest(name = "{0} = {1} s, written {2}")
    @CsvSource({
        "250ms, 0.25,   250ms",
        "5min,  300,    5min",
        "1h,    3600,   1h",
        "2d,    172800, 2d",
        "1.5s,  1.5,    1500ms",
        "0,     0,      0s",
        "0s,    0,      0s",
        "90s,   90,     90s",
        "1.5h,  5400,   90min",
        "100us, 0.0001, 100us",
        "' 5 s', 5,     5s",
    })
    void durationsParseAndFormatRoundTrip(String text, double seconds, String formatted) {
        double parsed = Units.parseSeconds(text);
        assertEquals(seconds, parsed, 1e-12 * Math.max(1, seconds));
        assertEquals(formatted, Units.formatSeconds(parsed));
        assertEquals(parsed, Units.parseSeconds(Units.formatSeconds(parsed)), "format then parse gives the same value");
    }

    @ParameterizedTest(name = "{0} = {1}/s, written {2}")
    @CsvSource({
        "50/s,   50,                   50/s",
        "3000/h, 0.8333333333333334,   50/min",
        "2/min,  0.03333333333333333,  2/min",
        "1/ms,   1000,                 1000/s",
        "5/d,    5.787037037037037E-5, 5/d",
        "0.1/s,  0.1,                  6/min",
        "7/h,    0.0019444444444444444, 7/h",
    })
    void ratesParseAndFormatRoundTrip(String text, double perSecond, String formatted) {
        double parsed = Units.parsePerSecond(text);
        assertEquals(perSecond, parsed, 1e-12 * perSecond);
        assertEquals(formatted, Units.formatPerSecond(parsed));
        assertEquals(parsed, Units.parsePerSecond(Units.formatPerSecond(parsed)), "format then parse gives the same value");
    }

    @Test
    void threeThousandPerHourIsAboutPointEightThreePerSecond() {
        assertEquals(0.8333, Units.parsePerSecond("3000/h"), 1e-4);
    }

    @Test
    void formatsPickTheShortestExactSpelling() {
        assertEquals("1h", Units.formatSeconds(3600));
        assertEquals("250ms", Units.formatSeconds(0.25));
        assertEquals("0s", Units.formatSeconds(0));
        assertEquals("50/s", Units.formatPerSecond(50));
        assertEquals("5min", Units.formatDuration(java.time.Duration.ofMinutes(5)));
    }

    @Test
    void plainWritesNumbersWithoutExponentOrTrailingZeros() {
        assertEquals("3", Units.plain(3.0));
        assertEquals("0.25", Units.plain(0.25));
        assertEquals("10000000", Units.plain(1e7));
        assertEquals("-5", Units.plain(-5));
    }

    @Test
    void durationWithoutUnitIsRejectedWithTheAcceptedUnits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseSeconds("5"));
        assertEquals("'5' has no unit; accepted units: us, ms, s, min, h, d (e.g. 250ms, 5min, 1h)", e.getMessage());
    }

    @Test
    void durationWithUnknownUnitNamesTheUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseSeconds("5 parsecs"));
        assertEquals("unknown unit 'parsecs' in '5 parsecs'; accepted units: us, ms, s, min, h, d", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "/s", "5/s", "", "1h30min"})
    void textThatIsNotADurationIsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseSeconds(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is not a duration; write a number and a unit"), e.getMessage());
        assertTrue(e.getMessage().contains("e.g. 250ms, 5min, 1h"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5 parsecs", "5s"})
    void rateWithoutSlashIsRejectedAsHavingNoTimeUnit(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parsePerSecond(text));
        assertEquals("'" + text + "' has no time unit; accepted: /ms, /s, /min, /h, /d (e.g. 50/s, 3000/h)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "/s", ""})
    void textThatIsNotARateIsRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parsePerSecond(text));
        assertEquals("'" + text + "' is not a rate; write a number, a slash and a unit (/ms, /s, /min, /h, /d), e.g. 50/s, 3000/h",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5/sec", "5/us", "5/parsec"})
    void rateWithUnknownUnitNamesTheUnit(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parsePerSecond(text));
        String unit = text.substring(text.indexOf('/'));
        assertEquals("unknown unit '" + unit + "' in '" + text + "'; accepted units: /ms, /s, /min, /h, /d", e.getMessage());
    }

    @Test
    void errorMessagesAreSingleLines() {
        for (String text : new String[] {"5", "5 parsecs", "abc", "/s"}) {
            for (Runnable parse : new Runnable[] {() -> Units.parseSeconds(text), () -> Units.parsePerSecond(text)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse::run);
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    @Test
    void formatSecondsIsExactForValuesCloseToAWholeUnit() {
        double seconds = Units.parseSeconds("3600000001us");
        assertEquals(seconds, Units.parseSeconds(Units.formatSeconds(seconds)));
    }
}
