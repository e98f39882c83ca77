package io.agentcontrolplane.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Provider messages as the CLIs print them, and look-alikes from an agent's ordinary work that must not match. */
class FailureTextTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', textBlock = """
            You've hit your usage limit. Try again in 2 hours.                       # QUOTA
            Claude AI usage limit reached|1767225600                                # QUOTA
            [API Error: Quota exceeded for quota metric 'Gemini 2.5 Pro Requests']   # QUOTA
            429 rate_limit_error: This request would exceed your rate limit          # QUOTA
            unexpected status 429 Too Many Requests                                  # QUOTA
            Your credit balance is too low to access the Anthropic API               # QUOTA
            unexpected status 401 Unauthorized: Missing bearer authentication        # AUTH
            Invalid API key · Please run /login                                     # AUTH
            OAuth token has expired. Please obtain a new token                       # AUTH
            Error: No API key found for provider "openrouter"                        # AUTH
            HTTP 403: Forbidden                                                      # AUTH
            error: unexpected argument '--bogus' found                               # CONFIGURATION
            error: unknown option '--bogus'                                          # CONFIGURATION
            model "llama9" not found, try pulling it first                           # CONFIGURATION
            stream disconnected before completion: error sending request             # NETWORK
            Error: read ECONNRESET                                                   # NETWORK
            API Error: 529 overloaded_error                                          # NETWORK
            upstream answered status 503 Service Unavailable                         # NETWORK
            401 tests passed, 0 failed                                               # NONE
            Tests: 403 passed, 3 skipped                                             # NONE
            src/server.js:502:17 TypeError: x is undefined                           # NONE
            called `Option::unwrap()` on a `None` value                              # NONE
            """)
    void classifies(String message, String expected) {
        AgentFailure failure = FailureText.classify(message);
        assertThat(failure == null ? "NONE" : failure.name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "exit {0}")
    @CsvSource({"0,", "126,CONFIGURATION", "127,CONFIGURATION", "137,CRASH", "139,CRASH", "1,CRASH"})
    void theExitCodeComesFirst(int exitCode, String expected) {
        Verdict verdict = FailureText.judge(exitCode, List.of("You've hit your usage limit"));
        if (exitCode == 1) {
            assertThat(verdict.failure()).isEqualTo(AgentFailure.QUOTA);
            return;
        }
        assertThat(verdict.failure() == null ? null : verdict.failure().name()).isEqualTo(expected);
    }
}
