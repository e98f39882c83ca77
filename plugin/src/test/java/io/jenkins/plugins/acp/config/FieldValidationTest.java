package io.jenkins.plugins.acp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One form field is judged by the engine exactly as the same key in a profile file. */
class FieldValidationTest {
    @Test
    void validValuesAndEmptyFieldsPass() {
        assertThat(FieldValidation.problems("limits.maxWorkers", 5)).isEmpty();
        assertThat(FieldValidation.problems("repository.slug", "acme/widgets")).isEmpty();
        assertThat(FieldValidation.problems("labels.running", null)).isEmpty();
        assertThat(FieldValidation.problems("heavy.labels", List.of())).isEmpty();
    }

    @Test
    void invalidValuesGetTheEnginesMessage() {
        assertThat(FieldValidation.problems("limits.maxWorkers", 0)).containsExactly("must be at least 1, got 0");
        assertThat(FieldValidation.problems("limits.maxHeavyWorkers", "x")).singleElement().asString()
                .startsWith("must be a whole number");
        assertThat(FieldValidation.problems("repository.slug", "widgets")).singleElement().asString()
                .contains("'owner/repo'");
        assertThat(FieldValidation.problems("agent.backends.claude.effort", "huge")).singleElement().asString()
                .contains("low, medium, high, max");
        assertThat(FieldValidation.problems("heavy.titlePattern", "(")).singleElement().asString()
                .contains("not a valid regular expression");
        assertThat(FieldValidation.problems("agent.pools[0].backend", "nope")).singleElement().asString()
                .contains("unsupported backend 'nope'");
        assertThat(FieldValidation.problems("templates.nope", "x")).singleElement().asString().contains("unknown lane");
        assertThat(FieldValidation.problems("id", "Bad Id")).singleElement().asString().contains("must match");
    }

    @Test
    void formTextBecomesNumbersWhereItReadsAsNumbers() {
        assertThat(FieldValidation.number(" 12 ")).isEqualTo(12);
        assertThat(FieldValidation.number("")).isNull();
        assertThat(FieldValidation.number("1.5")).isEqualTo("1.5");
        assertThat(FieldValidation.numbers("300\n\n900\n")).containsExactly(300, 900);
        assertThat(Values.lines(" a \r\nb\n\n")).containsExactly("a", "b");
        assertThat(Values.joinLines(List.of("a", "b"))).isEqualTo("a\nb\n");
    }
}
