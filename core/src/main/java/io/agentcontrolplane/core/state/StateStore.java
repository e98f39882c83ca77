package io.agentcontrolplane.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.json.JsonProblems;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.PrLane;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The durable state of one profile: one small pretty-printed JSON file per record under a root directory.
 *
 * <pre>
 * retries/issues/&lt;n&gt;.json  retries/prs/&lt;n&gt;.json  retries/providers/&lt;key&gt;.json  retries/github/core-api.json
 * schedules/&lt;n&gt;.json  blocked-recovery/&lt;n&gt;.json  recurring/last-launched.json  pr-lane-overrides/&lt;n&gt;.json
 * budget/&lt;issue-12|pr-7&gt;.json  runs/&lt;runId&gt;.json  pending-launches/&lt;issue-12&gt;.json  claims/&lt;issue-12&gt;.json
 * tracked-prs/&lt;n&gt;.json
 * heartbeat.lock  quarantine/&lt;relative-path&gt;.&lt;timestamp&gt;[.reason]
 * </pre>
 *
 * <p><b>Durability.</b> Every write goes to a temporary file in the same directory, is forced to disk, renamed
 * atomically over the target and the directory is forced. Readers see the old record or the new one, never a
 * mix. Temporary files ({@code *.tmp}) left by a crash are never read and are removed by
 * {@link #cleanUpTempFiles(Duration)}, which {@link #loadPlannerState()} runs.
 *
 * <p><b>Corruption.</b> A file that cannot be used (unparseable, wrong shape, missing required field, invalid
 * value, a name that is not a key) is moved to {@code quarantine/} with a {@code .reason} file beside it and
 * reported as a {@link StateProblem}: to the listener given at construction and, for
 * {@link #loadPlannerState()}, in the result. It then reads as absent; other records are unaffected. I/O errors
 * other than a file vanishing (permissions, a full disk) are not corruption and surface as
 * {@link UncheckedIOException}.
 *
 * <p><b>Concurrency.</b> Any number of threads and processes may use one directory. Single records are
 * last-writer-wins; claims are exclusive ({@link #tryClaim}); the heartbeat is exclusive
 * ({@link #tryLockHeartbeat}). {@link #loadPlannerState()} is not a snapshot across files: it reads each file
 * once, in turn.
 */
public final class StateStore {
    /** Run ids, provider keys and other free-form names used as file names. */
    public static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** Temporary files older than this are leftovers of a crash, not writes in flight. */
    public static final Duration TEMP_FILE_MAX_AGE = Duration.ofMinutes(5);
    public static final String GITHUB_CORE_API = "core-api";

    private static final String JSON = ".json";
    private static final String QUARANTINE = "quarantine";
    private static final int READ_ATTEMPTS = 3;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    // File shapes of the kinds whose value is not a record of their own.
    record BlockedRecoveryFile(Instant dueAt) {
        BlockedRecoveryFile {
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }

    record RecurringPointerFile(int issue) {
        RecurringPointerFile {
            if (issue <= 0) {
                throw new IllegalArgumentException("issue must be positive, got " + issue);
            }
        }
    }

    record PrLaneOverrideFile(PrLane lane) {
        PrLaneOverrideFile {
            Objects.requireNonNull(lane, "lane");
        }
    }

    /** One directory of records: where, of what type, named how, and what a valid file must hold. */
    private record Kind<K, F>(
            String dir,
            Class<F> type,
            Set<String> required,
            Function<String, K> keyOf,
            Function<K, String> nameOf,
            KeyCheck<K, F> check) {
    }

    @FunctionalInterface
    private interface KeyCheck<K, F> {
        /** Why {@code value} cannot live under {@code key}, or null. */
        String mismatch(K key, F value);
    }

    private static final KeyCheck<Object, Object> ANY = (k, v) -> null;

    @SuppressWarnings("unchecked")
    private static <K, F> KeyCheck<K, F> any() {
        return (KeyCheck<K, F>) (KeyCheck<?, ?>) ANY;
    }

    private static final Set<String> RETRY_REQUIRED = Set.of("attempts", "nextAttemptAt");

    private static final Kind<Integer, RetryEntry> ISSUE_RETRIES = new Kind<>("retries/issues", RetryEntry.class,
            RETRY_REQUIRED, StateStore::numberKey, String::valueOf, any());
    private static final Kind<Integer, RetryEntry> PR_RETRIES = new Kind<>("retries/prs", RetryEntry.class,
            RETRY_REQUIRED, StateStore::numberKey, String::valueOf, any());
    private static final Kind<String, RetryEntry> PROVIDER_RETRIES = new Kind<>("retries/providers",
            RetryEntry.class, RETRY_REQUIRED, StateStore::nameKey, Function.identity(), any());
    private static final Kind<String, RetryEntry> GITHUB_RETRIES = new Kind<>("retries/github", RetryEntry.class,
            RETRY_REQUIRED, StateStore::nameKey, Function.identity(), any());
    private static final Kind<Integer, ScheduleEntry> SCHEDULES = new Kind<>("schedules", ScheduleEntry.class,
            Set.of("intervalSeconds", "nextDueAt"), StateStore::numberKey, String::valueOf, any());
    private static final Kind<Integer, BlockedRecoveryFile> BLOCKED_RECOVERY = new Kind<>("blocked-recovery",
            BlockedRecoveryFile.class, Set.of("dueAt"), StateStore::numberKey, String::valueOf, any());
    private static final Kind<String, RecurringPointerFile> RECURRING = new Kind<>("recurring",
            RecurringPointerFile.class, Set.of("issue"), StateStore::nameKey, Function.identity(), any());
    private static final Kind<Integer, PrLaneOverrideFile> PR_LANE_OVERRIDES = new Kind<>("pr-lane-overrides",
            PrLaneOverrideFile.class, Set.of("lane"), StateStore::numberKey, String::valueOf, any());
    private static final Kind<ItemRef, BudgetMark> BUDGET = new Kind<>("budget", BudgetMark.class, Set.of(),
            StateStore::itemKey, ItemRef::fileKey, any());
    private static final Kind<String, WorkerRun> RUNS = new Kind<>("runs", WorkerRun.class,
            Set.of("runId", "lane", "item", "phase", "startedAt"), StateStore::nameKey, Function.identity(),
            (id, run) -> id.equals(run.runId()) ? null : "holds run " + run.runId() + ", not " + id);
    private static final Kind<ItemRef, PendingLaunch> PENDING = new Kind<>("pending-launches",
            PendingLaunch.class, Set.of("item", "lane", "runId", "createdAt", "owner"), StateStore::itemKey,
            ItemRef::fileKey,
            (item, p) -> item.equals(p.item()) ? null : "holds a launch of " + p.item() + ", not " + item);
    private static final Kind<ItemRef, Claim> CLAIMS = new Kind<>("claims", Claim.class,
            Set.of("item", "owner", "pid", "host", "claimedAt"), StateStore::itemKey, ItemRef::fileKey,
            (item, c) -> item.equals(c.item()) ? null : "holds a claim of " + c.item() + ", not " + item);

    private static final Kind<Integer, TrackedPr> TRACKED_PRS = new Kind<>("tracked-prs", TrackedPr.class,
            Set.of("number", "since"), StateStore::numberKey, String::valueOf,
            (n, t) -> n == t.number() ? null : "holds pull request " + t.number() + ", not " + n);

    private static final String RECURRING_NAME = "last-launched";

    private static volatile String localHost;

    private final Path root;
    private final Clock clock;
    private final Consumer<StateProblem> problemListener;
    private final ObjectMapper json = StateJson.mapper();

    /**
     * @param root the profile's state directory; created on first write
     * @param clock the time of claims and quarantine stamps (the system clock but in tests)
     * @param problemListener told of every quarantined file, whichever method found it
     */
    public StateStore(Path root, Clock clock, Consumer<StateProblem> problemListener) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.problemListener = Objects.requireNonNull(problemListener, "problemListener");
    }

    /** A store on the system clock that reports problems only through quarantine and return values. */
    public static StateStore open(Path root) {
        return new StateStore(root, Clock.systemUTC(), p -> { });
    }

    public Path root() {
        return root;
    }

    // ---------------------------------------------------------------- planner state

    /**
     * Reads every record the planner needs, for a heartbeat. Corrupt files are quarantined and listed in the result;
     * all other records load. The items whose records are unreadable, now or in the quarantine, are in
     * {@link PlannerState#unreadable()} and wait until a person repairs or removes the file. Leftover temporary
     * files older than {@link #TEMP_FILE_MAX_AGE} are removed first.
     */
    public LoadResult<PlannerState> loadPlannerState() {
        cleanUpTempFiles(TEMP_FILE_MAX_AGE);
        return plannerState(true);
    }

    /**
     * Reads every record the planner needs and changes nothing: corrupt files are reported and left in place, no
     * temporary file is removed. For read-only commands ({@code acp plan}, {@code acp status}).
     */
    public LoadResult<PlannerState> readPlannerState() {
        return plannerState(false);
    }

    private LoadResult<PlannerState> plannerState(boolean moveAside) {
        List<StateProblem> problems = new ArrayList<>();
        Map<ItemRef, RetryEntry> retries = new HashMap<>();
        list(ISSUE_RETRIES, problems, moveAside).forEach((n, e) -> retries.put(ItemRef.issue(n), e));
        list(PR_RETRIES, problems, moveAside).forEach((n, e) -> retries.put(ItemRef.pr(n), e));
        Map<String, RetryEntry> providers = list(PROVIDER_RETRIES, problems, moveAside);
        RetryEntry github = list(GITHUB_RETRIES, problems, moveAside).get(GITHUB_CORE_API);
        Map<Integer, ScheduleEntry> schedules = list(SCHEDULES, problems, moveAside);
        Map<Integer, Instant> blocked = new HashMap<>();
        list(BLOCKED_RECOVERY, problems, moveAside).forEach((n, f) -> blocked.put(n, f.dueAt()));
        Integer recurring = Optional.ofNullable(list(RECURRING, problems, moveAside).get(RECURRING_NAME))
                .map(RecurringPointerFile::issue).orElse(null);
        Map<Integer, PrLane> lanes = new HashMap<>();
        list(PR_LANE_OVERRIDES, problems, moveAside).forEach((n, f) -> lanes.put(n, f.lane()));
        Map<String, WorkerRun> runsById = new java.util.TreeMap<>();
        list(RUNS, problems, moveAside).values().forEach(run -> runsById.put(run.runId(), run));
        // A launch whose run record is not written yet still takes its slot: it reaches the planner as pending.
        for (PendingLaunch launch : list(PENDING, problems, moveAside).values()) {
            runsById.putIfAbsent(launch.runId(), WorkerRun.active(launch.runId(), launch.lane(), launch.item(),
                    io.agentcontrolplane.core.world.RunPhase.PENDING, launch.createdAt()));
        }
        List<WorkerRun> runs = List.copyOf(runsById.values());
        Map<ItemRef, BudgetMark> budget = list(BUDGET, problems, moveAside);
        Map<ItemRef, String> unreadable = new TreeMap<>(quarantinedItems());
        for (StateProblem problem : problems) {
            if (problem.item() != null) {
                unreadable.put(problem.item(), problem.toString());
            }
        }
        PlannerState state = new PlannerState(retries, providers, github, schedules, blocked, recurring, lanes,
                runs, budget, unreadable);
        return new LoadResult<>(state, problems);
    }

    /**
     * The items with a record in the quarantine, and why: they stay held until a person deletes the quarantined
     * file (after restoring a repaired copy, if wanted), so that a corrupt record never silently becomes "no record".
     */
    public Map<ItemRef, String> quarantinedItems() {
        Path quarantine = root.resolve(QUARANTINE);
        if (!Files.isDirectory(quarantine)) {
            return Map.of();
        }
        Map<ItemRef, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(quarantine)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!Files.isRegularFile(f) || name.endsWith(".reason") || DurableFiles.isTemp(f)) {
                    continue;
                }
                int json = name.indexOf(JSON + ".");
                if (json < 0) {
                    continue;
                }
                Path relative = quarantine.relativize(f.resolveSibling(name.substring(0, json + JSON.length())));
                ItemRef item = itemOf(relative);
                if (item != null) {
                    out.putIfAbsent(item, relative + ": quarantined as " + root.relativize(f) + " ("
                            + quarantineReason(f) + "); delete it once repaired");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // a directory vanished under the walk: the next read sees the rest
        }
        return out;
    }

    private static String quarantineReason(Path quarantined) {
        try {
            return Files.readAllLines(reasonFile(quarantined)).stream().filter(l -> l.startsWith("reason: "))
                    .map(l -> l.substring("reason: ".length())).findFirst().orElse("unreadable");
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static final Pattern RUN_ITEM = Pattern.compile("(?:^|-)(issue|pr)-([1-9][0-9]{0,9})(?=-|$)");

    /** The item a record file (relative to the root) is about, if its directory and name tell. */
    static ItemRef itemOf(Path relative) {
        Path parent = relative.getParent();
        if (parent == null) {
            return null;
        }
        String dir = parent.toString().replace('\\', '/');
        String file = relative.getFileName().toString();
        if (!file.endsWith(JSON)) {
            return null;
        }
        String name = file.substring(0, file.length() - JSON.length());
        try {
            return switch (dir) {
                case "retries/issues", "schedules", "blocked-recovery" -> ItemRef.issue(numberKey(name));
                case "retries/prs", "pr-lane-overrides" -> ItemRef.pr(numberKey(name));
                case "budget", "pending-launches", "claims" -> itemKey(name);
                case "runs" -> {
                    // A run id names its item (widgets-implement-issue-12-20261124T120000000): an unreadable run
                    // may be an active one, so its item must not launch again.
                    Matcher m = RUN_ITEM.matcher(name);
                    ItemRef found = null;
                    while (m.find()) {
                        found = m.group(1).equals("issue") ? ItemRef.issue(Integer.parseInt(m.group(2)))
                                : ItemRef.pr(Integer.parseInt(m.group(2)));
                    }
                    yield found;
                }
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- retries

    public Optional<RetryEntry> retry(ItemRef item) {
        return item.kind() == ItemRef.Kind.ISSUE ? get(ISSUE_RETRIES, item.number())
                : get(PR_RETRIES, item.number());
    }

    public void putRetry(ItemRef item, RetryEntry entry) {
        put(item.kind() == ItemRef.Kind.ISSUE ? ISSUE_RETRIES : PR_RETRIES, item.number(), entry);
    }

    /** @return whether there was an entry */
    public boolean clearRetry(ItemRef item) {
        return delete(item.kind() == ItemRef.Kind.ISSUE ? ISSUE_RETRIES : PR_RETRIES, item.number());
    }

    public Map<ItemRef, RetryEntry> retries() {
        List<StateProblem> sink = new ArrayList<>();
        Map<ItemRef, RetryEntry> out = new TreeMap<>();
        list(ISSUE_RETRIES, sink).forEach((n, e) -> out.put(ItemRef.issue(n), e));
        list(PR_RETRIES, sink).forEach((n, e) -> out.put(ItemRef.pr(n), e));
        return out;
    }

    /** @param key a provider key such as {@code claude-sonnet}; must match {@link #SAFE_NAME} */
    public Optional<RetryEntry> providerCooldown(String key) {
        return get(PROVIDER_RETRIES, requireSafeName(key, "provider key"));
    }

    public void putProviderCooldown(String key, RetryEntry entry) {
        put(PROVIDER_RETRIES, requireSafeName(key, "provider key"), entry);
    }

    public boolean clearProviderCooldown(String key) {
        return delete(PROVIDER_RETRIES, requireSafeName(key, "provider key"));
    }

    public Map<String, RetryEntry> providerCooldowns() {
        return list(PROVIDER_RETRIES, new ArrayList<>());
    }

    /** The GitHub core API's own backoff ({@code retries/github/core-api.json}). */
    public Optional<RetryEntry> githubCooldown() {
        return get(GITHUB_RETRIES, GITHUB_CORE_API);
    }

    public void putGithubCooldown(RetryEntry entry) {
        put(GITHUB_RETRIES, GITHUB_CORE_API, entry);
    }

    public boolean clearGithubCooldown() {
        return delete(GITHUB_RETRIES, GITHUB_CORE_API);
    }

    // ---------------------------------------------------------------- schedules, recovery, rotation, lanes

    public Optional<ScheduleEntry> schedule(int issue) {
        return get(SCHEDULES, positive(issue));
    }

    public void putSchedule(int issue, ScheduleEntry entry) {
        put(SCHEDULES, positive(issue), entry);
    }

    public boolean clearSchedule(int issue) {
        return delete(SCHEDULES, positive(issue));
    }

    public Map<Integer, ScheduleEntry> schedules() {
        return list(SCHEDULES, new ArrayList<>());
    }

    public Optional<Instant> blockedRecovery(int issue) {
        return get(BLOCKED_RECOVERY, positive(issue)).map(BlockedRecoveryFile::dueAt);
    }

    public void putBlockedRecovery(int issue, Instant dueAt) {
        put(BLOCKED_RECOVERY, positive(issue), new BlockedRecoveryFile(dueAt));
    }

    public boolean clearBlockedRecovery(int issue) {
        return delete(BLOCKED_RECOVERY, positive(issue));
    }

    public Map<Integer, Instant> blockedRecoveries() {
        Map<Integer, Instant> out = new TreeMap<>();
        list(BLOCKED_RECOVERY, new ArrayList<>()).forEach((n, f) -> out.put(n, f.dueAt()));
        return out;
    }

    /** The recurring issue launched last; rotation starts after it. */
    public Optional<Integer> recurringPointer() {
        return get(RECURRING, RECURRING_NAME).map(RecurringPointerFile::issue);
    }

    public void putRecurringPointer(int issue) {
        put(RECURRING, RECURRING_NAME, new RecurringPointerFile(issue));
    }

    public boolean clearRecurringPointer() {
        return delete(RECURRING, RECURRING_NAME);
    }

    public Optional<PrLane> prLaneOverride(int pr) {
        return get(PR_LANE_OVERRIDES, positive(pr)).map(PrLaneOverrideFile::lane);
    }

    public void putPrLaneOverride(int pr, PrLane lane) {
        put(PR_LANE_OVERRIDES, positive(pr), new PrLaneOverrideFile(lane));
    }

    public boolean clearPrLaneOverride(int pr) {
        return delete(PR_LANE_OVERRIDES, positive(pr));
    }

    public Map<Integer, PrLane> prLaneOverrides() {
        Map<Integer, PrLane> out = new TreeMap<>();
        list(PR_LANE_OVERRIDES, new ArrayList<>()).forEach((n, f) -> out.put(n, f.lane()));
        return out;
    }

    // ---------------------------------------------------------------- tracked pull requests

    public Optional<TrackedPr> trackedPr(int pr) {
        return get(TRACKED_PRS, positive(pr));
    }

    public void putTrackedPr(TrackedPr tracked) {
        put(TRACKED_PRS, positive(tracked.number()), tracked);
    }

    public boolean clearTrackedPr(int pr) {
        return delete(TRACKED_PRS, positive(pr));
    }

    /** Every tracked pull request, by number. */
    public Map<Integer, TrackedPr> trackedPrs() {
        return list(TRACKED_PRS, new ArrayList<>());
    }

    // ---------------------------------------------------------------- budget

    public Optional<BudgetMark> budgetMark(ItemRef item) {
        return get(BUDGET, item);
    }

    public void putBudgetMark(ItemRef item, BudgetMark mark) {
        put(BUDGET, item, mark);
    }

    public boolean clearBudgetMark(ItemRef item) {
        return delete(BUDGET, item);
    }

    public Map<ItemRef, BudgetMark> budgetMarks() {
        return list(BUDGET, new ArrayList<>());
    }

    // ---------------------------------------------------------------- runs and pending launches

    /** @throws IllegalArgumentException if {@code runId} does not match {@link #SAFE_NAME} */
    public Optional<WorkerRun> run(String runId) {
        return get(RUNS, requireSafeName(runId, "runId"));
    }

    /** Writes {@code runs/<runId>.json}, replacing the record of the same run. */
    public void putRun(WorkerRun run) {
        put(RUNS, requireSafeName(run.runId(), "runId"), run);
    }

    public boolean deleteRun(String runId) {
        return delete(RUNS, requireSafeName(runId, "runId"));
    }

    /** Every run record, ordered by run id. */
    public List<WorkerRun> runs() {
        return List.copyOf(list(RUNS, new ArrayList<>()).values());
    }

    public Optional<PendingLaunch> pendingLaunch(ItemRef item) {
        return get(PENDING, item);
    }

    public void putPendingLaunch(PendingLaunch launch) {
        put(PENDING, launch.item(), launch);
    }

    public boolean clearPendingLaunch(ItemRef item) {
        return delete(PENDING, item);
    }

    /** Every pending launch, ordered by item. */
    public List<PendingLaunch> pendingLaunches() {
        return List.copyOf(list(PENDING, new ArrayList<>()).values());
    }

    // ---------------------------------------------------------------- claims

    public Optional<Claim> claim(ItemRef item) {
        return get(CLAIMS, item);
    }

    /** Every claim, ordered by item. */
    public List<Claim> claims() {
        return List.copyOf(list(CLAIMS, new ArrayList<>()).values());
    }

    /**
     * Claims {@code item} for {@code owner} unless anyone (this owner included) holds it. Exclusive across
     * threads and processes sharing the directory: the claim is written to a temporary file and published by
     * creating a hard link under the claim's name, which fails if the name exists.
     *
     * @return the claim made, or empty if the item was already claimed
     */
    public Optional<Claim> tryClaim(ItemRef item, String owner) {
        Claim claim = new Claim(item, owner, ProcessHandle.current().pid(), localHost(), clock.instant());
        Path target = path(CLAIMS, item);
        try {
            return DurableFiles.publishExclusively(target, bytes(claim)) ? Optional.of(claim) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim " + item + " in " + target.getParent(), e);
        }
    }

    /**
     * Releases {@code owner}'s claim of {@code item}; a claim held by anyone else stays.
     *
     * @return whether a claim of {@code owner} was released
     */
    public boolean release(ItemRef item, String owner) {
        Objects.requireNonNull(owner, "owner");
        return removeClaimIf(item, c -> c.owner().equals(owner)).isPresent();
    }

    /**
     * Removes claims whose owner is gone: older than {@code ttl}, or made on this host by a process that is no
     * longer alive. (A dead owner's pid reused by a new process keeps its claim until the TTL.) The heartbeat
     * calls this at the start of a pass.
     *
     * @return the claims removed
     */
    public List<Claim> reapStaleClaims(Duration ttl) {
        Instant now = clock.instant();
        String host = localHost();
        List<Claim> reaped = new ArrayList<>();
        for (Claim c : claims()) {
            boolean expired = c.claimedAt().plus(ttl).isBefore(now);
            boolean ownerDead = c.host().equals(host)
                    && !ProcessHandle.of(c.pid()).map(ProcessHandle::isAlive).orElse(false);
            if (expired || ownerDead) {
                removeClaimIf(c.item(), c::equals).ifPresent(reaped::add);
            }
        }
        return reaped;
    }

    /**
     * Removes the claim of {@code item} if it satisfies {@code which}, without ever removing a claim that was not
     * tested: the claim file is first renamed aside (atomically, so no one else can take that same file), then
     * checked again; a claim that changed in between is put back.
     */
    private Optional<Claim> removeClaimIf(ItemRef item, Predicate<Claim> which) {
        Optional<Claim> seen = claim(item);
        if (seen.isEmpty() || !which.test(seen.get())) {
            return Optional.empty();
        }
        Path target = path(CLAIMS, item);
        Path aside = DurableFiles.tempBeside(target);
        try {
            try {
                DurableFiles.moveAtomically(target, aside);
            } catch (NoSuchFileException e) {
                return Optional.empty(); // released or reaped by someone else meanwhile
            }
            Optional<Claim> taken;
            try {
                taken = Optional.of(json.readValue(Files.readAllBytes(aside), Claim.class));
            } catch (JsonProcessingException e) {
                taken = Optional.empty();
            }
            if (taken.equals(seen)) {
                DurableFiles.delete(aside);
                return seen;
            }
            // Someone replaced the claim between our read and our rename: it is not ours to remove.
            try {
                Files.createLink(target, aside);
                DurableFiles.forceDirectory(target.getParent());
            } catch (FileAlreadyExistsException e) {
                // and yet another claim was published meanwhile; that one stands
            }
            DurableFiles.delete(aside);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the claim of " + item, e);
        }
    }

    // ---------------------------------------------------------------- heartbeat lock

    /**
     * Takes the profile's heartbeat lock ({@code heartbeat.lock}) if no other process or thread holds it.
     * Close the lock when the pass ends.
     */
    public Optional<HeartbeatLock> tryLockHeartbeat() {
        return HeartbeatLock.tryAcquire(root.resolve("heartbeat.lock"));
    }

    // ---------------------------------------------------------------- housekeeping

    /**
     * Deletes temporary files (a crash's leftovers) last modified more than {@code minAge} ago; younger ones may
     * be writes in flight in another process.
     *
     * @return how many were deleted
     */
    public int cleanUpTempFiles(Duration minAge) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(minAge);
        Path quarantine = root.resolve(QUARANTINE);
        int deleted = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.startsWith(quarantine) || !DurableFiles.isTemp(f)) {
                    continue;
                }
                try {
                    if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(f)) {
                        deleted++;
                    }
                } catch (NoSuchFileException e) {
                    // renamed or deleted by its writer meanwhile
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // a directory vanished under the walk, or cannot be read: the next pass retries
        }
        return deleted;
    }

    /** @throws IllegalArgumentException unless {@code name} matches {@link #SAFE_NAME} */
    public static String requireSafeName(String name, String what) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + name
                    + "': must be 1 to 128 characters of A-Z a-z 0-9 . _ -");
        }
        return name;
    }

    // ---------------------------------------------------------------- generic record access

    private <K, F> Path path(Kind<K, F> kind, K key) {
        return root.resolve(kind.dir()).resolve(kind.nameOf().apply(key) + JSON);
    }

    private <K, F> Optional<F> get(Kind<K, F> kind, K key) {
        return read(kind, key, path(kind, key), new ArrayList<>());
    }

    private <K, F> void put(Kind<K, F> kind, K key, F value) {
        Objects.requireNonNull(value, "value");
        String mismatch = kind.check().mismatch(key, value);
        if (mismatch != null) {
            throw new IllegalArgumentException(kind.dir() + "/" + kind.nameOf().apply(key) + JSON + " " + mismatch);
        }
        Path target = path(kind, key);
        try {
            DurableFiles.writeAtomically(target, bytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private <K, F> boolean delete(Kind<K, F> kind, K key) {
        Path target = path(kind, key);
        try {
            return DurableFiles.delete(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target, e);
        }
    }

    /** Every valid record of {@code kind}, ordered by key; the others are quarantined into {@code sink}. */
    private <K extends Comparable<K>, F> Map<K, F> list(Kind<K, F> kind, List<StateProblem> sink) {
        return list(kind, sink, true);
    }

    /**
     * Every valid record of {@code kind}, ordered by key; the others are reported into {@code sink} and, when
     * {@code moveAside}, quarantined (a read-only reader leaves them where they are).
     */
    private <K extends Comparable<K>, F> Map<K, F> list(Kind<K, F> kind, List<StateProblem> sink, boolean moveAside) {
        Map<K, F> out = new TreeMap<>();
        Path dir = root.resolve(kind.dir());
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(f -> f.getFileName().toString().endsWith(JSON) && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            K key;
            try {
                key = kind.keyOf().apply(name.substring(0, name.length() - JSON.length()));
            } catch (IllegalArgumentException e) {
                unusable(file, "not a record name here: " + e.getMessage(), sink, moveAside);
                continue;
            }
            read(kind, key, file, sink, moveAside).ifPresent(v -> out.put(key, v));
        }
        return out;
    }

    /**
     * Reads one record; a corrupt file is quarantined. If the file is replaced while it is being judged corrupt
     * (a concurrent atomic write), it is read again instead.
     */
    private <K, F> Optional<F> read(Kind<K, F> kind, K key, Path file, List<StateProblem> sink) {
        return read(kind, key, file, sink, true);
    }

    private <K, F> Optional<F> read(Kind<K, F> kind, K key, Path file, List<StateProblem> sink, boolean moveAside) {
        for (int attempt = 1; ; attempt++) {
            Object identity;
            byte[] content;
            try {
                identity = identity(file);
                content = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            String error;
            try {
                F value = parse(kind, content);
                error = kind.check().mismatch(key, value);
                if (error == null) {
                    return Optional.of(value);
                }
            } catch (CorruptException e) {
                error = e.getMessage();
            }
            Object now;
            try {
                now = identity(file);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            if (!now.equals(identity) && attempt < READ_ATTEMPTS) {
                continue;
            }
            unusable(file, error, sink, moveAside);
            return Optional.empty();
        }
    }

    /** What tells one version of a file from the next: its inode where the platform has one. */
    private static Object identity(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Object key = a.fileKey();
        return List.of(key != null ? key : "", a.lastModifiedTime(), a.size());
    }

    private static final class CorruptException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptException(String message) {
            super(message, null, false, false);
        }
    }

    private <K, F> F parse(Kind<K, F> kind, byte[] content) throws CorruptException {
        if (content.length == 0) {
            throw new CorruptException("empty file");
        }
        JsonNode node;
        try {
            node = json.readTree(content);
        } catch (IOException e) {
            throw new CorruptException(describe(e));
        }
        if (node == null || node.isMissingNode()) {
            throw new CorruptException("blank: no JSON value at all");
        }
        if (!node.isObject()) {
            throw new CorruptException("wrong top-level type: expected an object, found " + kindOf(node));
        }
        List<String> missing = kind.required().stream().filter(f -> !node.hasNonNull(f)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new CorruptException("missing required field(s) " + String.join(", ", missing));
        }
        try {
            // From the text, not the tree: the tree would silently wrap a number too large for its field.
            return json.readValue(content, kind.type());
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptException(describe(e));
        }
    }

    private static String kindOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case NULL -> "null";
            default -> "something else";
        };
    }

    private static String describe(Exception e) {
        if (e instanceof JsonProcessingException jpe) {
            return JsonProblems.describe(jpe);
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * Moves {@code file} to {@code quarantine/<relative-path>.<timestamp>}, writes a {@code .reason} beside it
     * and reports the problem. Never throws: if the move fails, the problem is still reported.
     */
    private void unusable(Path file, String reason, List<StateProblem> sink, boolean moveAside) {
        if (moveAside) {
            quarantine(file, reason, sink);
            return;
        }
        StateProblem problem = new StateProblem(file, reason + "; left in place (a read-only command moves nothing)",
                itemOf(root.relativize(file)));
        sink.add(problem);
        problemListener.accept(problem);
    }

    private void quarantine(Path file, String reason, List<StateProblem> sink) {
        Path relative = root.relativize(file);
        String stamp = STAMP.format(clock.instant());
        Path base = root.resolve(QUARANTINE).resolve(relative);
        Path target = base.resolveSibling(base.getFileName() + "." + stamp);
        for (int i = 1; Files.exists(target) || Files.exists(reasonFile(target)); i++) {
            target = base.resolveSibling(base.getFileName() + "." + stamp + "-" + i);
        }
        String message;
        try {
            DurableFiles.moveAtomically(file, target);
            String text = "file: " + relative + "\nquarantined-at: " + clock.instant() + "\nreason: " + reason + "\n";
            DurableFiles.writeAtomically(reasonFile(target), text.getBytes(StandardCharsets.UTF_8));
            message = reason + "; moved to " + root.relativize(target);
        } catch (NoSuchFileException e) {
            message = reason + "; already moved aside by another reader";
        } catch (IOException e) {
            message = reason + "; could not be moved to quarantine: " + e;
        }
        StateProblem problem = new StateProblem(file, message, itemOf(relative));
        sink.add(problem);
        problemListener.accept(problem);
    }

    private static Path reasonFile(Path quarantined) {
        return quarantined.resolveSibling(quarantined.getFileName() + ".reason");
    }

    private static byte[] bytes(Object value) {
        return StateJson.bytes(value);
    }

    // ---------------------------------------------------------------- keys

    private static Integer numberKey(String name) {
        int n;
        try {
            n = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' is not an item number");
        }
        if (n <= 0 || !String.valueOf(n).equals(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a positive item number");
        }
        return n;
    }

    private static String nameKey(String name) {
        return requireSafeName(name, "name");
    }

    private static ItemRef itemKey(String name) {
        ItemRef item = ItemRef.parse(name);
        if (!item.fileKey().equals(name)) {
            throw new IllegalArgumentException("'" + name + "' is not of the form issue-12 or pr-7");
        }
        return item;
    }

    private static int positive(int number) {
        if (number <= 0) {
            throw new IllegalArgumentException("item number must be positive, got " + number);
        }
        return number;
    }

    static String localHost() {
        String host = localHost;
        if (host == null) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "localhost");
            }
            localHost = host;
        }
        return host;
    }
}
