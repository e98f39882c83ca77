package io.agentcontrolplane.core.snapshot;

import io.agentcontrolplane.core.plan.Launch;
import io.agentcontrolplane.core.plan.Plan;
import io.agentcontrolplane.core.plan.Wait;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.snapshot.Snapshot.BudgetView;
import io.agentcontrolplane.core.snapshot.Snapshot.ClaimView;
import io.agentcontrolplane.core.snapshot.Snapshot.PendingView;
import io.agentcontrolplane.core.snapshot.Snapshot.RetryView;
import io.agentcontrolplane.core.snapshot.Snapshot.RunView;
import io.agentcontrolplane.core.snapshot.Snapshot.ScheduleView;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.ScheduleEntry;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard's read side: snapshots, run history, run and item details of a set of profiles, from their state
 * directories and run directories only. Never calls GitHub and never writes.
 *
 * <p><b>Cost.</b> {@link #version()} is a handful of directory stats per profile and reads no file, so a client
 * whose ETag still matches costs no rebuild. A rebuild re-reads only the directories whose stamp changed, and in
 * them only the changed files (see {@link CachedDir}). The version also changes every {@link #TIME_BUCKET_SECONDS}
 * seconds, because what a snapshot says depends on the time as well (a cooldown ends, a schedule falls due).
 *
 * <p>Thread-safe: any number of request threads may call it.
 */
public final class SnapshotService {
    /** How long a snapshot stays valid when no state changes. */
    public static final long TIME_BUCKET_SECONDS = 30;

    /** A profile to show: its settings, its state directory and its run directories' root. */
    public record Source(Profile profile, Path stateDir, Path runsRoot) {
        public Source {
            Objects.requireNonNull(profile, "profile");
            stateDir = stateDir.toAbsolutePath().normalize();
            runsRoot = runsRoot.toAbsolutePath().normalize();
        }
    }

    private record Built(String version, List<ProfileData> data, Snapshot snapshot) {
    }

    /** A profile's last snapshot, kept while its state and the time bucket stay the same. */
    private record ProfileBuilt(long key, long[] stamps, ProfileData data, Snapshot.ProfileSnapshot snapshot) {
    }

    private final Map<String, ProfileStateReader> readers = new LinkedHashMap<>();
    private final Map<String, ProfileBuilt> profileCache = new java.util.HashMap<>();
    private final Clock clock;
    private volatile Built built;
    private volatile long builds;

    public SnapshotService(List<Source> sources, Clock clock) {
        for (Source s : sources) {
            if (readers.put(s.profile().id(), new ProfileStateReader(s.profile(), s.stateDir(), s.runsRoot())) != null) {
                throw new IllegalArgumentException("profile '" + s.profile().id() + "' is given twice");
            }
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public List<String> profileIds() {
        return List.copyOf(readers.keySet());
    }

    /** The current version: cheap (no file is read); equal versions mean equal snapshots. */
    public String version() {
        return version(clock.instant());
    }

    private String version(Instant now) {
        long h = now.getEpochSecond() / TIME_BUCKET_SECONDS;
        for (ProfileStateReader r : readers.values()) {
            h = h * 1_000_003L + key(now, r.stamps(now));
        }
        return Long.toHexString(h);
    }

    /** One profile's part of the version: its directories' stamps and the time bucket. */
    private static long key(Instant now, long[] stamps) {
        return 31L * java.util.Arrays.hashCode(stamps) + now.getEpochSecond() / TIME_BUCKET_SECONDS;
    }

    /** The snapshot of the current version, built only if the version changed since the last one. */
    public Snapshot snapshot() {
        return current().snapshot();
    }

    /** How many snapshots were built so far (each one a read of the changed state). */
    public long builds() {
        return builds;
    }

    /**
     * The snapshot of now: the last one while nothing changed; otherwise only the profiles whose state (or the time
     * bucket) changed are read and built again, each directory once (its stamp serves the version and the read).
     */
    private Built current() {
        Instant now = clock.instant();
        List<long[]> stamps = new ArrayList<>(readers.size());
        long h = now.getEpochSecond() / TIME_BUCKET_SECONDS;
        for (ProfileStateReader r : readers.values()) {
            long[] s = r.stamps(now);
            stamps.add(s);
            h = h * 1_000_003L + key(now, s);
        }
        String version = Long.toHexString(h);
        Built b = built;
        if (b != null && b.version().equals(version)) {
            return b;
        }
        synchronized (this) {
            b = built;
            if (b != null && b.version().equals(version)) {
                return b;
            }
            List<ProfileData> data = new ArrayList<>(readers.size());
            List<Snapshot.ProfileSnapshot> views = new ArrayList<>(readers.size());
            int i = 0;
            for (ProfileStateReader r : readers.values()) {
                long[] s = stamps.get(i++);
                long k = key(now, s);
                String id = r.profile().id();
                ProfileBuilt p = profileCache.get(id);
                if (p == null || p.key() != k) {
                    // Only the time moved on: the records read last time still hold.
                    ProfileData d = p != null && java.util.Arrays.equals(p.stamps(), s) ? p.data() : r.read(now, s);
                    p = new ProfileBuilt(k, s, d, SnapshotBuilder.profile(d, now));
                    profileCache.put(id, p);
                }
                data.add(p.data());
                views.add(p.snapshot());
            }
            b = new Built(version, List.copyOf(data), SnapshotBuilder.combine(views, now, version));
            built = b;
            builds++;
            return b;
        }
    }

    /** One page of the run history matching {@code query}, newest first. */
    public RunPage runs(RunQuery query) {
        Built b = current();
        Instant now = b.snapshot().generatedAt();
        List<RunView> matching = new ArrayList<>();
        for (ProfileData p : b.data()) {
            if (query.profile() != null && !query.profile().equals(p.profile().id())) {
                continue;
            }
            Map<String, String> backendOf = SnapshotBuilder.backends(p.profile());
            for (WorkerRun r : p.runs()) {
                if ((query.status() == null || r.phase() == query.status())
                        && (query.lane() == null || r.lane() == query.lane())
                        && (query.text() == null || matches(p.profile().id(), r, query.text()))) {
                    matching.add(SnapshotBuilder.run(p.profile().id(), r, now, backendOf));
                }
            }
        }
        matching.sort(Comparator.comparing(RunView::startedAt).thenComparing(RunView::runId).reversed());
        int total = matching.size();
        int pages = Math.max(1, (total + RunQuery.PAGE_SIZE - 1) / RunQuery.PAGE_SIZE);
        int from = Math.min(total, (query.page() - 1) * RunQuery.PAGE_SIZE);
        int to = Math.min(total, from + RunQuery.PAGE_SIZE);
        return new RunPage(query.page(), RunQuery.PAGE_SIZE, total, pages, List.copyOf(matching.subList(from, to)));
    }

    private static boolean matches(String profile, WorkerRun r, String words) {
        String hay = String.join(" ", profile, r.runId(), r.item().toString(), r.lane().wireName(),
                r.phase().wireName(), Objects.toString(r.outcome(), ""), Objects.toString(r.reason(), ""),
                Objects.toString(r.provider(), "")).toLowerCase(Locale.ROOT);
        for (String w : words.split("\\s+")) {
            if (!hay.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** The run {@code runId} with what its run directory holds, if any profile has a record of it. */
    public Optional<RunDetail> run(String runId) {
        Built b = current();
        for (ProfileData p : b.data()) {
            for (WorkerRun r : p.runs()) {
                if (r.runId().equals(runId)) {
                    RunView view = SnapshotBuilder.run(p.profile().id(), r, clock.instant(),
                            SnapshotBuilder.backends(p.profile()));
                    return Optional.of(RunDirectory.read(readers.get(p.profile().id()).runsRoot(), view));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * What is known of {@code item} in {@code profileId}: the last plan's decision, its runs, budget and backoff.
     *
     * @return empty when there is no such profile
     */
    public Optional<ItemDetail> item(String profileId, ItemRef item) {
        Built b = current();
        Instant now = b.snapshot().generatedAt();
        for (ProfileData p : b.data()) {
            if (!p.profile().id().equals(profileId)) {
                continue;
            }
            Map<String, String> backendOf = SnapshotBuilder.backends(p.profile());
            List<WorkerRun> runs = p.runs().stream().filter(r -> r.item().equals(item))
                    .sorted(Comparator.comparing(WorkerRun::startedAt).reversed()).toList();
            Plan plan = p.lastHeartbeat() == null ? null : p.lastHeartbeat().plan();
            Optional<Wait> wait = plan == null ? Optional.empty() : plan.waitOf(item);
            Optional<Launch> launch = plan == null ? Optional.empty()
                    : plan.launches().stream().filter(l -> l.item().equals(item)).findFirst();
            boolean active = runs.stream().anyMatch(r -> !r.phase().terminal());
            String status = active ? "running" : launch.isPresent() ? "launched" : wait.isPresent() ? "waiting"
                    : "unknown";
            BudgetView budget = SnapshotBuilder.budgets(p.profile(), runs, p.budgetMarks(), now).stream()
                    .findFirst().orElse(null);
            RetryEntry retry = p.retries().get(item);
            ScheduleEntry schedule = item.kind() == ItemRef.Kind.ISSUE ? p.schedules().get(item.number()) : null;
            Instant recovery = item.kind() == ItemRef.Kind.ISSUE ? p.blockedRecoveries().get(item.number()) : null;
            PendingView pending = p.pendingLaunches().stream().filter(l -> l.item().equals(item)).findFirst()
                    .map(l -> new PendingView(l.item().toString(), l.lane().wireName(), l.runId(), l.createdAt(),
                            l.owner())).orElse(null);
            ClaimView claim = p.claims().stream().filter(c -> c.item().equals(item)).findFirst()
                    .map(c -> new ClaimView(c.item().toString(), c.owner(), c.host(), c.pid(), c.claimedAt()))
                    .orElse(null);
            return Optional.of(new ItemDetail(profileId, item.toString(), status, plan == null ? null : plan.now(),
                    wait.map(SnapshotBuilder::waitView).orElse(null), launch.map(SnapshotBuilder::launch).orElse(null),
                    runs.stream().map(r -> SnapshotBuilder.run(profileId, r, now, backendOf)).toList(), budget,
                    retry == null ? null : new RetryView(item.toString(), retry.attempts(), retry.nextAttemptAt(),
                            retry.lastReason(), retry.ready(now)),
                    schedule == null ? null : new ScheduleView(item.toString(), schedule.intervalSeconds(),
                            schedule.lastStartedAt(), schedule.nextDueAt(), !schedule.nextDueAt().isAfter(now)),
                    recovery, pending, claim));
        }
        return Optional.empty();
    }
}
