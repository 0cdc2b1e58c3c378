package dev.starling.tools.workload;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress suits where it goes: rewritten in place on a terminal, plain lines in a pipe, nothing when quiet. */
class ProgressTest {

    @AfterEach
    void reset() {
        Progress.terminal(null);
        Progress.quiet(false);
    }

    private static String run() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = new Progress(out, "register users", 1000);
        for (int i = 1; i <= 1000; i++) {
            p.update(i);
        }
        p.finish(1000);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWritePlainLinesWithoutCarriageReturnsInAPipe() {
        Progress.terminal(false);
        String text = run();
        assertFalse(text.contains("\r"), text);
        assertEquals(1, text.lines().count(), "a fast step: only its last line: " + text);
        assertTrue(text.contains("1,000/1,000 in"), text);
    }

    @Test
    void shouldRewriteOneLineInPlaceOnATerminal() {
        Progress.terminal(true);
        String text = run();
        assertTrue(text.startsWith("\r"), text);
        assertTrue(text.endsWith(System.lineSeparator()), "the line is ended: " + text);
    }

    @Test
    void shouldPrintNothingWhenQuiet() {
        Progress.terminal(true);
        Progress.quiet(true);
        assertEquals("", run());
    }
}
