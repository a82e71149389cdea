package io.dime.backend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ServerSentEventParserTest {

    @Test
    void anEmptyLineDispatchesTheDataGathered() {
        ServerSentEventParser parser = new ServerSentEventParser();
        assertNull(parser.acceptLine("data: {\"a\":1}"));
        assertEquals("{\"a\":1}", parser.acceptLine(""));
    }

    @Test
    void severalDataLinesJoinWithNewlines() {
        ServerSentEventParser parser = new ServerSentEventParser();
        parser.acceptLine("data: first");
        parser.acceptLine("data:second");
        assertEquals("first\nsecond", parser.acceptLine(""));
    }

    @Test
    void commentsAndEmptyEventsDispatchNothing() {
        ServerSentEventParser parser = new ServerSentEventParser();
        assertNull(parser.acceptLine(":"));
        assertNull(parser.acceptLine(""));
        assertNull(parser.acceptLine("event: ping"));
        assertNull(parser.acceptLine(""));
        assertEquals(0, parser.unrecognisedLines());
    }

    @Test
    void onlyTheFirstSpaceAfterTheColonIsDropped() {
        ServerSentEventParser parser = new ServerSentEventParser();
        parser.acceptLine("data:  two spaces");
        assertEquals(" two spaces", parser.acceptLine(""));
    }

    @Test
    void linesThatAreNoFieldAreCounted() {
        ServerSentEventParser parser = new ServerSentEventParser();
        parser.acceptLine("<html>");
        parser.acceptLine("garbage: here");
        assertEquals(2, parser.unrecognisedLines());
    }
}
