package io.agentcontrolplane.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CadenceTest {
    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 86400;

    @Test
    void readsTheThreeDocumentedForms() {
        assertThat(Cadence.parseSeconds("Agent schedule: every 4h")).hasValue(4 * HOUR);
        assertThat(Cadence.parseSeconds("Schedule: 30m")).hasValue(30 * MINUTE);
        assertThat(Cadence.parseSeconds("Cadence: every 2 days")).hasValue(2 * DAY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AGENT SCHEDULE: EVERY 4H        | 14400",
        "agent Schedule: Every 4h        | 14400",
        "cAdEnCe: 2D                     | 172800",
        "Schedule : every 4 h            | 14400",
        "Schedule:30m                    | 1800",
        "Schedule: 1 min                 | 60",
        "Schedule: 5 mins                | 300",
        "Schedule: 1 minute              | 60",
        "Schedule: 90 minutes            | 5400",
        "Schedule: 2 hr                  | 7200",
        "Schedule: 2 hrs                 | 7200",
        "Schedule: 1 hour                | 3600",
        "Schedule: 12 hours              | 43200",
        "Schedule: 1 day                 | 86400",
        "Schedule: 999999999m            | 59999999940",
    })
    void unitsAndKeysAreCaseInsensitive(String line, long seconds) {
        assertThat(Cadence.parseSeconds(line)).hasValue(seconds);
    }

    @Test
    void leadingAndTrailingBlanksAreAllowed() {
        assertThat(Cadence.parseSeconds("    Schedule: 30m")).hasValue(30 * MINUTE);
        assertThat(Cadence.parseSeconds("\t Cadence:\tevery\t2d \t")).hasValue(2 * DAY);
    }

    @Test
    void findsTheLineAnywhereInTheBodyWithLfOrCrlf() {
        assertThat(Cadence.parseSeconds("Keep the docs fresh.\n\nAgent schedule: every 4h\nThanks"))
                .hasValue(4 * HOUR);
        assertThat(Cadence.parseSeconds("Keep the docs fresh.\r\n\r\nSchedule: 30m\r\nThanks\r\n"))
                .hasValue(30 * MINUTE);
        assertThat(Cadence.parseSeconds("Schedule: 30m\r")).hasValue(30 * MINUTE);
    }

    @Test
    void theFirstValidLineWins() {
        assertThat(Cadence.parseSeconds("Schedule: 4x\nCadence: 2h\nSchedule: 30m")).hasValue(2 * HOUR);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Schedule: every 0h",
        "Schedule: 0m",
        "Schedule: 000d",
        "Schedule: 4x",
        "Schedule: 4",
        "Schedule: h",
        "Schedule: every",
        "Schedule: every4h",
        "Schedule: -4h",
        "Schedule: 4.5h",
        "Schedule: 4h please",
        "Schedule: 4h # daily-ish",
        "Schedule: 4h, 6h",
        "Schedule 4h",
        "Schedules: 4h",
        "Agent  schedule: 4h",
        "Note: Schedule: 4h",
        "See the Schedule: 4h",
        "- Schedule: 4h",
        "Schedule: 1234567890h",
        "Schedule: 99999999999999999999d",
        "Schedule: \u0664h",
        "Schedule: \uff14h",
        "",
        "no colon anywhere",
    })
    void rejects(String body) {
        assertThat(Cadence.parseSeconds(body)).as("'%s'", body).isEqualTo(OptionalLong.empty());
    }

    @Test
    void rejectsNull() {
        assertThat(Cadence.parseSeconds(null)).isEmpty();
    }

    @Test
    void labelSuffixUsesTheLargestWholeUnit() {
        assertThat(Cadence.labelSuffix(4 * HOUR)).isEqualTo("4h");
        assertThat(Cadence.labelSuffix(2 * DAY)).isEqualTo("2d");
        assertThat(Cadence.labelSuffix(30 * MINUTE)).isEqualTo("30m");
        assertThat(Cadence.labelSuffix(90 * MINUTE)).isEqualTo("90m");
        assertThat(Cadence.labelSuffix(30)).isEqualTo("1m");
    }
}
