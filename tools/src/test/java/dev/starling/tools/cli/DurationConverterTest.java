package dev.starling.tools.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationConverterTest {

    @Test
    void shouldReadDurationsAsPeopleWriteThem() {
        assertEquals(Duration.ofSeconds(10), DurationConverter.parse("10"));
        assertEquals(Duration.ofSeconds(10), DurationConverter.parse("10s"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5s"));
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2 MIN"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ofSeconds(-3), DurationConverter.parse("-3"), "a sign is kept for the range check to name");
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("10 parsecs"));
    }

    @Test
    void shouldPrintADurationInTheUnitThatShowsIt() {
        assertEquals("500 ms", DurationConverter.format(Duration.ofMillis(500)));
        assertEquals("1.5 s", DurationConverter.format(Duration.ofMillis(1500)));
        assertEquals("2 min", DurationConverter.format(Duration.ofMinutes(2)));
        assertEquals("24 h", DurationConverter.format(Duration.ofHours(24)));
    }
}
