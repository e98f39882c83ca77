package io.agentcontrolplane.core.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.heartbeat.HeartbeatReport;
import io.agentcontrolplane.core.heartbeat.HeartbeatStatus;
import io.agentcontrolplane.core.outbox.Intent;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.state.BudgetMark;
import io.agentcontrolplane.core.state.Claim;
import io.agentcontrolplane.core.state.PendingLaunch;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.ScheduleEntry;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.WorkerRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one profile's state directory for the dashboard, read-only and incrementally (see {@link CachedDir}):
 * the layout of {@code StateStore}, the write outbox and {@link HeartbeatStatus}.
 */
final class ProfileStateReader {
    /** Outbox writes shown per state; older ones are only counted. */
    static final int RECENT_WRITES = 10;

    private static final ObjectMapper JSON = StateJson.mapper();

    private final Profile profile;
    private final Path stateDir;
    private final Path runsRoot;
    private final CachedDir<WorkerRun> runs;
    private final CachedDir<PendingLaunch> pending;
    private final CachedDir<Claim> claims;
    private final CachedDir<RetryEntry> issueRetries;
    private final CachedDir<RetryEntry> prRetries;
    private final CachedDir<RetryEntry> providerRetries;
    private final CachedDir<RetryEntry> githubRetries;
    private final CachedDir<ScheduleEntry> schedules;
    private final CachedDir<Instant> blockedRecoveries;
    private final CachedDir<BudgetMark> budget;
    private final CachedDir<Object> status;
    private final CachedDir<Intent> outboxPending;
    private final CachedDir<Intent> outboxDone;
    private final CachedDir<Intent> outboxFailed;
    private final CachedDir<Intent> outboxDropped;
    private final CachedDir<Instant> outboxRoot;
    private final List<CachedDir<?>> all = new ArrayList<>();

    ProfileStateReader(Profile profile, Path stateDir, Path runsRoot) {
        this.profile = profile;
        this.stateDir = stateDir;
        this.runsRoot = runsRoot;
        runs = dir("runs", WorkerRun.class);
        pending = dir("pending-launches", PendingLaunch.class);
        claims = dir("claims", Claim.class);
        issueRetries = dir("retries/issues", RetryEntry.class);
        prRetries = dir("retries/prs", RetryEntry.class);
        providerRetries = dir("retries/providers", RetryEntry.class);
        githubRetries = dir("retries/github", RetryEntry.class);
        schedules = dir("schedules", ScheduleEntry.class);
        blockedRecoveries = add(new CachedDir<>(stateDir.resolve("blocked-recovery"), "blocked-recovery",
                (n, b) -> instantField(b, "dueAt"), Integer.MAX_VALUE));
        budget = dir("budget", BudgetMark.class);
        status = add(new CachedDir<>(stateDir.resolve(HeartbeatStatus.DIR), HeartbeatStatus.DIR,
                ProfileStateReader::statusFile, Integer.MAX_VALUE));
        outboxPending = outbox("pending", Integer.MAX_VALUE);
        outboxDone = outbox("done", RECENT_WRITES);
        outboxFailed = outbox("failed", RECENT_WRITES);
        outboxDropped = outbox("dropped", 0);
        outboxRoot = add(new CachedDir<>(stateDir.resolve("outbox"), "outbox",
                (n, b) -> n.equals("rate-limit.json") ? instantField(b, "until") : Instant.EPOCH, Integer.MAX_VALUE));
    }

    Profile profile() {
        return profile;
    }

    Path runsRoot() {
        return runsRoot;
    }

    /** The {@link DirStamp} of each directory this reader reads: equal stamps, equal content. */
    long[] stamps(Instant now) {
        long[] out = new long[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i).stamp(now);
        }
        return out;
    }

    /** Every record of the profile's state, re-reading only the directories whose stamp changed. */
    synchronized ProfileData read(Instant now, long[] stamps) {
        List<String> problems = new ArrayList<>();
        Reads r = new Reads(stamps, problems);
        List<WorkerRun> runList = List.copyOf(r.records(runs).values());
        Map<ItemRef, RetryEntry> retries = new TreeMap<>();
        r.records(issueRetries).forEach((n, e) -> number(n).ifPresent(k -> retries.put(ItemRef.issue(k), e)));
        r.records(prRetries).forEach((n, e) -> number(n).ifPresent(k -> retries.put(ItemRef.pr(k), e)));
        Map<Integer, ScheduleEntry> scheduleMap = new TreeMap<>();
        r.records(schedules).forEach((n, e) -> number(n).ifPresent(k -> scheduleMap.put(k, e)));
        Map<Integer, Instant> recoveryMap = new TreeMap<>();
        r.records(blockedRecoveries).forEach((n, e) -> number(n).ifPresent(k -> recoveryMap.put(k, e)));
        Map<ItemRef, BudgetMark> marks = new TreeMap<>();
        r.records(budget).forEach((n, m) -> item(n).ifPresent(k -> marks.put(k, m)));
        Map<String, Object> statusFiles = r.records(status);
        HeartbeatReport last = statusFiles.get(stem(HeartbeatStatus.LAST)) instanceof HeartbeatReport h ? h : null;
        List<HeartbeatStatus.Summary> history = statusFiles.get(stem(HeartbeatStatus.HISTORY))
                instanceof HeartbeatStatus.History h ? h.heartbeats() : List.of();
        CachedDir.Content<Intent> done = r.content(outboxDone);
        CachedDir.Content<Intent> failed = r.content(outboxFailed);
        CachedDir.Content<Intent> dropped = r.content(outboxDropped);
        Instant rateLimit = r.records(outboxRoot).get("rate-limit");
        ProfileData.OutboxData outbox = new ProfileData.OutboxData(List.copyOf(r.records(outboxPending).values()),
                List.copyOf(done.records().values()), List.copyOf(failed.records().values()), done.fileCount(),
                failed.fileCount(), dropped.fileCount(), rateLimit);
        return new ProfileData(profile, stateDir, runList, List.copyOf(r.records(pending).values()),
                List.copyOf(r.records(claims).values()), retries, r.records(providerRetries),
                r.records(githubRetries).get("core-api"), scheduleMap, recoveryMap, marks, last, history, outbox,
                List.copyOf(problems));
    }

    /** The reads of one {@link #read}: each directory at the stamp given, its problems collected. */
    private final class Reads {
        private final long[] stamps;
        private final List<String> problems;

        Reads(long[] stamps, List<String> problems) {
            this.stamps = stamps;
            this.problems = problems;
        }

        <T> CachedDir.Content<T> content(CachedDir<T> dir) {
            CachedDir.Content<T> c = dir.read(stamps[all.indexOf(dir)]);
            problems.addAll(c.problems());
            return c;
        }

        <T> Map<String, T> records(CachedDir<T> dir) {
            return content(dir).records();
        }
    }

    private <T> CachedDir<T> dir(String relative, Class<T> type) {
        return add(new CachedDir<>(stateDir.resolve(relative), relative, (n, b) -> JSON.readValue(b, type),
                Integer.MAX_VALUE));
    }

    private CachedDir<Intent> outbox(String state, int parseNewest) {
        return add(new CachedDir<>(stateDir.resolve("outbox").resolve(state), "outbox/" + state,
                (n, b) -> JSON.readValue(b, Intent.class), parseNewest));
    }

    private <T> CachedDir<T> add(CachedDir<T> d) {
        all.add(d);
        return d;
    }

    private static Object statusFile(String name, byte[] content) throws Exception {
        if (name.equals(HeartbeatStatus.LAST)) {
            return JSON.readValue(content, HeartbeatReport.class);
        }
        if (name.equals(HeartbeatStatus.HISTORY)) {
            return JSON.readValue(content, HeartbeatStatus.History.class);
        }
        return name;
    }

    private static Instant instantField(byte[] content, String field) throws Exception {
        JsonNode node = JSON.readTree(content);
        if (node == null || !node.hasNonNull(field)) {
            throw new IllegalArgumentException("the field '" + field + "' is missing");
        }
        return JSON.treeToValue(node.get(field), Instant.class);
    }

    private static String stem(String fileName) {
        return fileName.substring(0, fileName.length() - ".json".length());
    }

    private static java.util.Optional<Integer> number(String name) {
        try {
            int n = Integer.parseInt(name);
            return n > 0 ? java.util.Optional.of(n) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<ItemRef> item(String name) {
        try {
            return java.util.Optional.of(ItemRef.parse(name));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
