package io.agentcontrolplane.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any sequence of puts and deletes, read back by {@code loadPlannerState}, equals a plain in-memory model. */
class StateStorePropertyTest {

    /** The model: what the directory should hold. */
    static final class Model {
        final Map<ItemRef, RetryEntry> retries = new HashMap<>();
        final Map<String, RetryEntry> providers = new HashMap<>();
        RetryEntry github;
        final Map<Integer, ScheduleEntry> schedules = new HashMap<>();
        final Map<Integer, Instant> blocked = new HashMap<>();
        Integer recurring;
        final Map<Integer, PrLane> lanes = new HashMap<>();
        final Map<String, WorkerRun> runs = new TreeMap<>();
        final Map<ItemRef, BudgetMark> budget = new HashMap<>();

        PlannerState state() {
            return new PlannerState(retries, providers, github, schedules, blocked, recurring, lanes,
                    List.copyOf(runs.values()), budget);
        }
    }

    interface Op {
        void apply(StateStore store, Model model);
    }

    record PutRetry(ItemRef item, RetryEntry e) implements Op {
        public void apply(StateStore s, Model m) {
            s.putRetry(item, e);
            m.retries.put(item, e);
        }
    }

    record ClearRetry(ItemRef item) implements Op {
        public void apply(StateStore s, Model m) {
            assertThat(s.clearRetry(item)).isEqualTo(m.retries.remove(item) != null);
        }
    }

    record PutProvider(String key, RetryEntry e) implements Op {
        public void apply(StateStore s, Model m) {
            s.putProviderCooldown(key, e);
            m.providers.put(key, e);
        }
    }

    record ClearProvider(String key) implements Op {
        public void apply(StateStore s, Model m) {
            assertThat(s.clearProviderCooldown(key)).isEqualTo(m.providers.remove(key) != null);
        }
    }

    record PutGithub(RetryEntry e) implements Op {
        public void apply(StateStore s, Model m) {
            s.putGithubCooldown(e);
            m.github = e;
        }
    }

    record ClearGithub() implements Op {
        public void apply(StateStore s, Model m) {
            assertThat(s.clearGithubCooldown()).isEqualTo(m.github != null);
            m.github = null;
        }
    }

    record PutSchedule(int issue, ScheduleEntry e) implements Op {
        public void apply(StateStore s, Model m) {
            s.putSchedule(issue, e);
            m.schedules.put(issue, e);
        }
    }

    record ClearSchedule(int issue) implements Op {
        public void apply(StateStore s, Model m) {
            assertThat(s.clearSchedule(issue)).isEqualTo(m.schedules.remove(issue) != null);
        }
    }

    record PutBlocked(int issue, Instant due) implements Op {
        public void apply(StateStore s, Model m) {
            s.putBlockedRecovery(issue, due);
            m.blocked.put(issue, due);
        }
    }

    record ClearBlocked(int issue) implements Op {
        public void apply(StateStore s, Model m) {
            assertThat(s.clearBlockedRecovery(issue)).isEqualTo(m.blocked.remove(issue) != null);
        }
    }

    record PutRecurring(int issue) implements Op {
        public void apply(StateStore s, Model m) {
            s.putRecurringPointer(issue);
            m.recurring = issue;
        }
    }

    record ClearRecurring() implements Op {
        public void apply(StateStore s, Model m) {
            assertThat(s.clearRecurringPointer()).isEqualTo(m.recurring != null);
            m.recurring = null;
        }
    }

    record PutLane(int pr, PrLane lane) implements Op {
        public void apply(StateStore s, Model m) {
            s.putPrLaneOverride(pr, lane);
            m.lanes.put(pr, lane);
        }
    }

    record ClearLane(int pr) implements Op {
        public void apply(StateStore s, Model m) {
            assertThat(s.clearPrLaneOverride(pr)).isEqualTo(m.lanes.remove(pr) != null);
        }
    }

    record PutBudget(ItemRef item, BudgetMark mark) implements Op {
        public void apply(StateStore s, Model m) {
            s.putBudgetMark(item, mark);
            m.budget.put(item, mark);
        }
    }

    record ClearBudget(ItemRef item) implements Op {
        public void apply(StateStore s, Model m) {
            assertThat(s.clearBudgetMark(item)).isEqualTo(m.budget.remove(item) != null);
        }
    }

    record PutRun(WorkerRun run) implements Op {
        public void apply(StateStore s, Model m) {
            s.putRun(run);
            m.runs.put(run.runId(), run);
        }
    }

    record DeleteRun(String runId) implements Op {
        public void apply(StateStore s, Model m) {
            assertThat(s.deleteRun(runId)).isEqualTo(m.runs.remove(runId) != null);
        }
    }

    @Property(tries = 60)
    void loadPlannerStateEqualsTheModel(@ForAll("operations") List<Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("acp-state-prop");
        try {
            StateStore store = StateStore.open(dir);
            Model model = new Model();
            for (Op op : ops) {
                op.apply(store, model);
            }
            LoadResult<PlannerState> loaded = StateStore.open(dir).loadPlannerState();
            assertThat(loaded.problems()).isEmpty();
            assertThat(loaded.value()).isEqualTo(model.state());
        } finally {
            deleteTree(dir);
        }
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> number = Arbitraries.integers().between(1, 4);
        Arbitrary<ItemRef> item = Combinators.combine(Arbitraries.of(ItemRef.Kind.class), number).as(ItemRef::new);
        Arbitrary<String> key = Arbitraries.of("claude-sonnet", "codex-gpt5", "p.1_x");
        Arbitrary<String> runId = Arbitraries.of("r1", "r-2", "run.3_x");
        Arbitrary<Instant> instant = Combinators.combine(Arbitraries.longs().between(0, 4_000_000_000L),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12).injectNull(0.3);
        Arbitrary<RetryEntry> retry = Combinators.combine(Arbitraries.integers().between(0, 50), instant, text,
                text, instant.injectNull(0.3)).as(RetryEntry::new);
        Arbitrary<ScheduleEntry> schedule = Combinators.combine(Arbitraries.longs().between(1, 1_000_000),
                instant.injectNull(0.3), instant).as(ScheduleEntry::new);
        Arbitrary<BudgetMark> mark = Combinators.combine(instant.injectNull(0.3), instant.injectNull(0.3))
                .as(BudgetMark::new);
        Arbitrary<WorkerRun> run = Combinators.combine(runId, Arbitraries.of(Lane.class), number,
                Arbitraries.of(RunPhase.class), instant, instant.injectNull(0.5), Arbitraries.of(true, false),
                text).as((id, lane, n, phase, start, end, heavy, provider) -> new WorkerRun(id, lane,
                        lane.isPr() ? ItemRef.pr(n) : ItemRef.issue(n), phase, start, end, heavy, !heavy, heavy,
                        provider, null, provider));
        Arbitrary<Op> op = Arbitraries.oneOf(
                Combinators.combine(item, retry).as(PutRetry::new),
                item.map(ClearRetry::new),
                Combinators.combine(key, retry).as(PutProvider::new),
                key.map(ClearProvider::new),
                retry.map(PutGithub::new),
                Arbitraries.just(new ClearGithub()),
                Combinators.combine(number, schedule).as(PutSchedule::new),
                number.map(ClearSchedule::new),
                Combinators.combine(number, instant).as(PutBlocked::new),
                number.map(ClearBlocked::new),
                number.map(PutRecurring::new),
                Arbitraries.just(new ClearRecurring()),
                Combinators.combine(number, Arbitraries.of(PrLane.class)).as(PutLane::new),
                number.map(ClearLane::new),
                Combinators.combine(item, mark).as(PutBudget::new),
                item.map(ClearBudget::new),
                run.map(PutRun::new),
                runId.map(DeleteRun::new));
        return op.list().ofMaxSize(40);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
