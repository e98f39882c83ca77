package io.agentcontrolplane.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void aSecretIsMaskedWhereverTheTextIsSplit() {
        Set<String> secrets = Set.of("abcdef", "efgh", "zz");
        String text = "x abcdefgh y efgh zabcdef zz abcdezz end";
        String expected = new Redactor(secrets).redact(text);
        assertThat(expected).doesNotContain("abcdef").doesNotContain("efgh").doesNotContain("zz");
        for (int i = 0; i <= text.length(); i++) {
            for (int j = i; j <= text.length(); j++) {
                Redactor redactor = new Redactor(secrets);
                String out = redactor.feed(text.substring(0, i)) + redactor.feed(text.substring(i, j))
                        + redactor.feed(text.substring(j)) + redactor.finish();
                assertThat(out).as("split at %d and %d", i, j).isEqualTo(expected);
            }
        }
    }

    @Test
    void withoutSecretsTextPassesAtOnce() {
        Redactor redactor = new Redactor(Set.of("", "  "));
        assertThat(redactor.feed("hello")).isEqualTo("hello");
        assertThat(redactor.finish()).isEmpty();
    }
}
