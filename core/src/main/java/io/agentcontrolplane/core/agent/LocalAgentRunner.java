package io.agentcontrolplane.core.agent;

import io.agentcontrolplane.core.run.RunFiles;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs backend agents as processes: local ones (the standalone runtime) or through a {@link ProcessStarter} (the
 * Jenkins {@code acpWorker} step, on the build's agent). Each attempt is supervised (hard timeout, stall,
 * whole process tree stopped) with its output in the run log ({@link RunFiles#LOG}), capped and with secrets masked.
 * A failed attempt is retried only when the failure is transient (a lost connection or a timeout), at most
 * {@code maxAttempts} times with {@code retryBackoffSeconds} between; a usage limit, a login problem, a stall, a
 * crash or a configuration problem ends the run at once.
 */
public final class LocalAgentRunner implements AgentRunner {
    /** The run log is cut off here unless tuned otherwise. */
    public static final long DEFAULT_LOG_LIMIT_BYTES = 10L * 1024 * 1024;

    /**
     * Supervision knobs that are not profile settings.
     *
     * @param poll how often the supervisor looks at the process
     * @param killGrace how long processes get between SIGTERM and SIGKILL
     * @param logLimitBytes where the run log is cut off
     */
    record Tuning(Duration poll, Duration killGrace, long logLimitBytes) {
        static final Tuning DEFAULT = new Tuning(Duration.ofMillis(200), Duration.ofSeconds(10),
                DEFAULT_LOG_LIMIT_BYTES);
    }

    private final Clock clock;
    private final Map<String, String> hostEnvironment;
    private final Tuning tuning;
    private final Map<String, AgentBackend> backends;
    private final ProcessStarter starter;

    public LocalAgentRunner(Clock clock) {
        this(clock, System.getenv(), Tuning.DEFAULT);
    }

    /**
     * Agents started elsewhere than in this process's host (the Jenkins {@code acpWorker} step: on the build's
     * agent, through its launcher), with the same command lines, supervision, retries and classification.
     *
     * @param hostEnvironment the environment of the machine the agents run on, from which the allow-list picks
     */
    public LocalAgentRunner(Clock clock, Map<String, String> hostEnvironment, ProcessStarter starter) {
        this(clock, hostEnvironment, Tuning.DEFAULT, starter);
    }

    LocalAgentRunner(Clock clock, Map<String, String> hostEnvironment, Tuning tuning) {
        this(clock, hostEnvironment, tuning, ProcessStarter.LOCAL);
    }

    LocalAgentRunner(Clock clock, Map<String, String> hostEnvironment, Tuning tuning, ProcessStarter starter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hostEnvironment = Map.copyOf(hostEnvironment);
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.backends = all().stream().collect(Collectors.toUnmodifiableMap(AgentBackend::name, Function.identity()));
    }

    static List<AgentBackend> all() {
        return List.of(new CodexBackend(), new ClaudeBackend(), new OpenclawBackend(), new OllamaBackend(),
                new PiBackend(), OpencodeBackend.opencode(), OpencodeBackend.kilo(), new GeminiBackend(),
                new CommandBackend());
    }

    @Override
    public AgentOutcome run(AgentRequest request) throws InterruptedException {
        Instant startedAt = clock.instant();
        AgentBackend backend = backends.get(request.backend());
        if (backend == null) {
            return new AgentOutcome(AgentFailure.CONFIGURATION, null,
                    "unknown backend '" + request.backend() + "'; supported: " + String.join(", ", backends.keySet()),
                    startedAt, clock.instant(), 0);
        }
        ProcessSupervisor supervisor = new ProcessSupervisor(tuning.poll(), tuning.killGrace(), starter);
        int maxAttempts = Math.max(1, request.settings().maxAttempts());
        Duration backoff = Duration.ofSeconds(Math.max(0, request.settings().retryBackoffSeconds()));
        try (RunLog log = new RunLog(request.runDirectory().resolve(RunFiles.LOG), tuning.logLimitBytes(),
                request.secrets())) {
            int started = 0;
            for (int number = 1; ; number++) {
                AgentBackend.Attempted attempted =
                        backend.attempt(new Attempt(request, number, log, hostEnvironment, supervisor));
                if (attempted.started()) {
                    started++;
                }
                Verdict verdict = attempted.verdict();
                String detail = log.redactor().redact(verdict.detail());
                log.note("attempt " + number + " " + (verdict.ok() ? "completed" : "failed (" + verdict.failure()
                        .reason() + ")") + (detail == null ? "" : ": " + detail));
                if (!verdict.ok() && retriable(verdict.failure()) && number < maxAttempts) {
                    log.note("retrying in " + backoff.toSeconds() + " s (attempt " + (number + 1) + " of "
                            + maxAttempts + ")");
                    Thread.sleep(backoff.toMillis());
                    continue;
                }
                return new AgentOutcome(verdict.failure(), attempted.exitCode(), detail, startedAt, clock.instant(),
                        started);
            }
        } catch (IOException e) {
            return new AgentOutcome(AgentFailure.CRASH, null,
                    "cannot write the run log in " + request.runDirectory() + ": " + e.getMessage(), startedAt,
                    clock.instant(), 0);
        }
    }

    /** The reference retries only transient failures: never a usage limit, a login problem or a stall. */
    static boolean retriable(AgentFailure failure) {
        return failure == AgentFailure.NETWORK || failure == AgentFailure.TIMEOUT;
    }
}
