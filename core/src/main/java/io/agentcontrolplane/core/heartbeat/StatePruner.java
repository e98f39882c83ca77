package io.agentcontrolplane.core.heartbeat;

import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.outbox.Outbox;
import io.agentcontrolplane.core.plan.Cadence;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.reconcile.RunDirectory;
import io.agentcontrolplane.core.state.BudgetMark;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.state.TrackedPr;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.RunPhase;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Retention of the records a profile accumulates ({@code workspace.retention.runRecordDays} and {@code outboxDays}),
 * a bounded number of files per heartbeat, each removal crash-safe:
 *
 * <ul>
 *   <li>a finished run's record and its run directory, once the run is reconciled, ended long enough ago and no
 *       longer counts toward a budget (its item is not open, a human reset the budget after it, or, for a recurring or
 *       scheduled issue, a later run succeeded). The record goes first, then the directory (renamed aside, then
 *       deleted), so a run is never reconciled again for want of its {@code reconciled.json};</li>
 *   <li>a done outbox intent and its idempotency key, applied long enough ago, and never sooner than the longest
 *       retry cooldown. Keys enqueued again every heartbeat (label definitions) stay, and so do the keys of a run not
 *       yet reconciled, which may enqueue them again;</li>
 *   <li>tracked pull requests caught up long enough ago.</li>
 * </ul>
 *
 * <p>What a run leaves elsewhere follows its record and directory through {@link KeptRuns}.
 */
final class StatePruner {
    /** Files removed per kind and heartbeat at most; the rest waits for the next one. */
    static final int LIMIT_PER_PASS = 100;
    private static final String PRUNED = ".pruned-";

    private final Profile profile;
    private final StateStore store;
    private final Outbox outbox;
    /** A run's directory, or null when runs are reconciled elsewhere (their records are then kept). */
    private final Function<String, RunDirectory> directories;
    private final Path runsRoot;

    StatePruner(Profile profile, StateStore store, Outbox outbox, Function<String, RunDirectory> directories,
            Path runsRoot) {
        this.profile = profile;
        this.store = store;
        this.outbox = outbox;
        this.directories = directories;
        this.runsRoot = runsRoot;
    }

    /** One pass; returns a line for the report, or null when nothing was removed. */
    String prune(Observation observation, Instant now) {
        Profile.Retention r = profile.workspace().retention();
        int runs = 0;
        int dirs = 0;
        int intents = 0;
        int tracked = 0;
        List<WorkerRun> all = store.runs();
        Set<String> unreconciled = new HashSet<>();
        for (WorkerRun run : all) {
            if (!run.phase().terminal() || directories == null
                    || directories.apply(run.runId()).reconciled().isEmpty()) {
                unreconciled.add(run.runId());
            }
        }
        if (r.runRecordDays() > 0 && directories != null && "live".equals(observation.source())) {
            Instant cutoff = now.minus(Duration.ofDays(r.runRecordDays()));
            for (WorkerRun run : prunableRuns(all, unreconciled, observation, store.budgetMarks(), cutoff)) {
                if (runs >= LIMIT_PER_PASS) {
                    break;
                }
                store.deleteRun(run.runId());
                runs++;
                dirs += removeDirectory(runsRoot.resolve(run.runId())) ? 1 : 0;
            }
            dirs += sweepLeftovers(cutoff, all);
            for (TrackedPr t : store.trackedPrs().values()) {
                if (tracked < LIMIT_PER_PASS && t.isCaughtUp() && t.caughtUpAt().isBefore(cutoff)) {
                    store.clearTrackedPr(t.number());
                    tracked++;
                }
            }
        }
        if (r.outboxDays() > 0) {
            Instant cutoff = now.minus(keyHorizon(profile));
            intents = outbox.prune(cutoff, LIMIT_PER_PASS, key -> key.startsWith("labels/")
                    || key.startsWith("run/") && unreconciled.contains(runOf(key)));
        }
        if (runs + dirs + intents + tracked == 0) {
            return null;
        }
        return "retention: removed " + runs + " run record(s), " + dirs + " run director(y/ies), " + intents
                + " done outbox intent(s) with their keys, " + tracked + " caught-up pull request record(s)";
    }

    /**
     * How long a done intent and its key are kept: {@code outboxDays}, and never less than the longest retry or
     * provider cooldown, so that a key outlives any retry that could enqueue its intent again.
     */
    static Duration keyHorizon(Profile profile) {
        int longest = 0;
        for (int s : profile.schedules().retryCooldowns()) {
            longest = Math.max(longest, s);
        }
        for (int s : profile.schedules().providerCooldowns()) {
            longest = Math.max(longest, s);
        }
        Duration days = Duration.ofDays(profile.workspace().retention().outboxDays());
        Duration cooldown = Duration.ofSeconds(longest);
        return days.compareTo(cooldown) >= 0 ? days : cooldown;
    }

    /**
     * The finished, reconciled runs that ended before {@code cutoff} and no longer count toward their item's budget,
     * oldest first.
     */
    List<WorkerRun> prunableRuns(List<WorkerRun> runs, Set<String> unreconciled, Observation observation,
            Map<ItemRef, BudgetMark> marks, Instant cutoff) {
        Map<ItemRef, Issue> openIssues = new HashMap<>();
        observation.issues().forEach(i -> openIssues.put(i.ref(), i));
        Set<ItemRef> openPulls = new HashSet<>();
        observation.pulls().forEach(p -> openPulls.add(p.ref()));
        Map<ItemRef, Instant> lastSuccess = new HashMap<>();
        for (WorkerRun run : runs) {
            if (run.phase() == RunPhase.SUCCEEDED) {
                lastSuccess.merge(run.item(), run.startedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<WorkerRun> out = new ArrayList<>();
        for (WorkerRun run : runs) {
            if (!run.phase().terminal() || unreconciled.contains(run.runId()) || run.endedAt() == null
                    || !run.endedAt().isBefore(cutoff)) {
                continue;
            }
            ItemRef item = run.item();
            boolean open = openIssues.containsKey(item) || openPulls.contains(item);
            BudgetMark mark = marks.get(item);
            boolean reset = mark != null && mark.resetAt() != null && run.startedAt().isBefore(mark.resetAt());
            Issue issue = openIssues.get(item);
            boolean perCycle = issue != null && (issue.hasLabel(profile.labels().keepOpen())
                    || Cadence.parseSeconds(issue.body()).isPresent());
            Instant success = lastSuccess.get(item);
            boolean earlierCycle = perCycle && success != null && run.startedAt().isBefore(success);
            if (!open || reset || earlierCycle) {
                out.add(run);
            }
        }
        out.sort(Comparator.comparing(WorkerRun::endedAt));
        return out;
    }

    /** Renamed aside first, so a crash in the middle leaves a leftover the sweep recognises, not half a run. */
    private boolean removeDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        Path aside = dir.resolveSibling(PRUNED + dir.getFileName());
        try {
            Files.move(dir, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            deleteTree(aside);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the run directory " + dir, e);
        }
    }

    /**
     * Leftovers of a crash: directories renamed aside, and run directories whose record is gone (removed just before
     * the crash) that were reconciled before the cutoff.
     */
    private int sweepLeftovers(Instant cutoff, List<WorkerRun> runs) {
        if (!Files.isDirectory(runsRoot)) {
            return 0;
        }
        Set<String> recorded = new HashSet<>();
        runs.forEach(r -> recorded.add(r.runId()));
        List<Path> dirs;
        try (Stream<Path> s = Files.list(runsRoot)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runsRoot, e);
        }
        int removed = 0;
        for (Path d : dirs) {
            if (removed >= LIMIT_PER_PASS) {
                break;
            }
            String name = d.getFileName().toString();
            try {
                if (name.startsWith(PRUNED)) {
                    deleteTree(d);
                    removed++;
                } else if (!recorded.contains(name) && StateStore.SAFE_NAME.matcher(name).matches()
                        && directories.apply(name).reconciled().filter(x -> x.reconciledAt() != null
                                && x.reconciledAt().isBefore(cutoff)).isPresent()) {
                    removed += removeDirectory(d) ? 1 : 0;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + d, e);
            }
        }
        return removed;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            // gone already
        }
    }

    /** The run id of a key {@code run/<runId>/...}. */
    private static String runOf(String key) {
        int end = key.indexOf('/', 4);
        return end < 0 ? key.substring(4) : key.substring(4, end);
    }
}
