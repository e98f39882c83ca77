package io.agentcontrolplane.core.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.agentcontrolplane.core.forge.Forge;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.ForgeReview;
import io.agentcontrolplane.core.outbox.CrashPoints.Point;
import io.agentcontrolplane.core.outbox.FlushReport.Line;
import io.agentcontrolplane.core.outbox.FlushReport.Outcome;
import io.agentcontrolplane.core.outbox.OutboxEntry.State;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.HeartbeatLock;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.StateJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The durable write outbox: every GitHub write of the control plane is first recorded here, then applied exactly
 * once by {@link #flush}, across failures of GitHub and crashes of the control plane.
 *
 * <pre>
 * outbox/pending/&lt;id&gt;.json   intents to apply, applied in id order per lane (item)
 * outbox/done/&lt;id&gt;.json      applied; with the forge's answer ({@code result}, the new PR's number)
 * outbox/failed/&lt;id&gt;.json    refused by the forge (the reason in {@code lastError}); an unreadable pending file
 *                             is moved here under its own name, with {@code &lt;name&gt;.reason} beside it
 * outbox/dropped/&lt;id&gt;.json   dropped by an operator, or a pending file that lost its key to another intent
 * outbox/keys/&lt;key&gt;.json     the idempotency index: the intent first enqueued under the key, published with a
 *                             hard link so that exactly one intent ever owns a key (kept until {@link #prune}
 *                             removes it with its done intent)
 * outbox/sequence           the last id's sequence number (guarded by sequence.lock)
 * outbox/rate-limit.json    flushes do nothing until its {@code until}
 * outbox/flush.lock         held by the one flush (or retry, drop) running on this directory
 * </pre>
 *
 * <p><b>Exactly once.</b> An intent's {@code sentAt} is persisted before its request goes out. An intent whose
 * {@code sentAt} is set may have been applied (a crash, a lost answer, a timeout), so it is first checked against
 * the forge: comments and reviews by the hidden marker the outbox appends to their bodies, pull requests by head
 * branch, labels as sets, merges with {@code isMerged}, branch deletion with {@code branchExists}; label
 * definitions, PR bodies and job re-runs are idempotent and are simply repeated. Only a write the check does not
 * find is sent again. A done intent is written to {@code done/} before it leaves {@code pending/}; a pending file
 * whose id is already in {@code done/}, {@code failed/} or {@code dropped/} is a crash's leftover and is removed.
 *
 * <p><b>Concurrency.</b> Any number of threads and processes may enqueue. One flush runs at a time per directory
 * ({@code flush.lock}, an OS file lock); {@link #retry} and {@link #drop} take the same lock.
 */
public final class Outbox {
    public static final int DEFAULT_CONTENT_WRITES_PER_MINUTE = 80;
    public static final int DEFAULT_CONTENT_WRITES_PER_HOUR = 500;
    /** How long to stop when the forge is rate-limited without saying until when (GitHub: at least a minute). */
    public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);

    private static final String JSON = ".json";
    private static final String PENDING = "pending";
    private static final String DONE = "done";
    private static final String FAILED = "failed";
    private static final String DROPPED = "dropped";
    private static final String KEYS = "keys";
    private static final String REASON = ".reason";
    private static final ConcurrentHashMap<Path, Object> SEQUENCE_MONITORS = new ConcurrentHashMap<>();

    /** Waits, for pacing content writes; tests pass one that advances their clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

        void sleep(Duration duration) throws InterruptedException;
    }

    /** {@code outbox/rate-limit.json}. */
    record RateLimit(Instant until, String reason) {
        RateLimit {
            Objects.requireNonNull(until, "until");
        }
    }

    private final Path root;
    private final List<Integer> cooldowns;
    private final Duration contentSpacing;
    private final int contentPerHour;
    private final Clock clock;
    /** How far GitHub's clock may be behind ours when a lost answer's pull request is looked for. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private final Sleeper sleeper;
    private final CrashPoints crashPoints;
    private final ObjectMapper json = StateJson.mapper();
    /** When this process sent content-creating writes, over the last hour. */
    private final Deque<Instant> contentSends = new ArrayDeque<>();

    /**
     * @param stateDir the profile's state directory; the outbox lives in {@code stateDir/outbox}
     * @param cooldownSeconds the backoff after the n-th transient failure of an intent, the last one repeating
     *     ({@code RetryEntry.schedule}); the profile's retry cooldowns
     * @param contentWritesPerMinute spacing of comments, pull requests and reviews (GitHub: 80)
     * @param contentWritesPerHour at most this many of them an hour from this process (GitHub: 500); beyond it
     *     they wait for the next flush, other writes go on
     * @param clock the time of records, backoff and pacing
     * @param sleeper how the pacing waits
     * @param crashPoints told of each step of the write path (crash tests); {@link CrashPoints#NONE} otherwise
     */
    public Outbox(Path stateDir, List<Integer> cooldownSeconds, int contentWritesPerMinute, int contentWritesPerHour,
            Clock clock, Sleeper sleeper, CrashPoints crashPoints) {
        this.root = Objects.requireNonNull(stateDir, "stateDir").toAbsolutePath().normalize().resolve("outbox");
        this.cooldowns = List.copyOf(cooldownSeconds);
        if (cooldowns.stream().anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("cooldowns must not be negative: " + cooldowns);
        }
        if (contentWritesPerMinute < 1 || contentWritesPerHour < 1) {
            throw new IllegalArgumentException("content write rates must be positive, got " + contentWritesPerMinute
                    + "/min and " + contentWritesPerHour + "/h");
        }
        this.contentSpacing = Duration.ofMinutes(1).dividedBy(contentWritesPerMinute);
        this.contentPerHour = contentWritesPerHour;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.crashPoints = Objects.requireNonNull(crashPoints, "crashPoints");
    }

    /** An outbox on the system clock with GitHub's content-creation limits and no crash points. */
    public static Outbox open(Path stateDir, List<Integer> cooldownSeconds) {
        return new Outbox(stateDir, cooldownSeconds, DEFAULT_CONTENT_WRITES_PER_MINUTE,
                DEFAULT_CONTENT_WRITES_PER_HOUR, Clock.systemUTC(), Sleeper.REAL, CrashPoints.NONE);
    }

    /** The outbox directory ({@code stateDir/outbox}). */
    public Path root() {
        return root;
    }

    // ---------------------------------------------------------------- enqueue

    /**
     * Records {@code draft} (from one of {@link Intent}'s factories) durably and returns it with its id. If an
     * intent was ever enqueued under the same key, nothing is recorded and that intent is returned as it stands
     * now (pending, done, failed or dropped).
     */
    public Intent enqueue(Intent draft) {
        Objects.requireNonNull(draft, "draft");
        Optional<Intent> existing = find(draft.key());
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = String.format("%012d-%s", allocateSequence(), draft.kind().shortName());
        Intent intent = draft.enqueued(id, clock.instant());
        Path pending = file(PENDING, id);
        try {
            if (!DurableFiles.publishExclusively(pending, bytes(intent))) {
                throw new IllegalStateException("outbox id " + id + " is taken: " + root.resolve("sequence")
                        + " is behind the files");
            }
            crashPoints.reached(Point.ENQUEUE_AFTER_PENDING_WRITTEN, intent);
            if (!DurableFiles.publishExclusively(keyFile(intent.key()), bytes(intent))) {
                Intent owner = readKey(intent.key());
                if (owner != null && !owner.id().equals(id)) {
                    // Another enqueue of the same key won; ours was never promised to anyone.
                    DurableFiles.delete(pending);
                    return current(owner);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot enqueue " + intent.key() + " in " + root, e);
        }
        crashPoints.reached(Point.ENQUEUE_AFTER_KEY_PUBLISHED, intent);
        return intent;
    }

    /** The intent enqueued under {@code key}, as it stands now, if any. */
    public Optional<Intent> find(String key) {
        Intent owner = readKey(key);
        return owner == null ? Optional.empty() : Optional.of(current(owner));
    }

    private Intent current(Intent owner) {
        for (String dir : List.of(PENDING, DONE, FAILED, DROPPED)) {
            Intent i = readQuietly(file(dir, owner.id()));
            if (i != null && i.id().equals(owner.id())) {
                return i;
            }
        }
        return owner;
    }

    /** The intent recorded under {@code key}, or null if none; a corrupt key file is an error, not "none". */
    private Intent readKey(String key) {
        Path f = keyFile(key);
        byte[] content;
        try {
            content = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        try {
            Intent i = parse(content);
            if (!key.equals(i.key()) || i.id() == null) {
                throw new IllegalStateException(f + " holds " + i.id() + " of key " + i.key() + ", not key " + key);
            }
            return i;
        } catch (MalformedException e) {
            throw new IllegalStateException("the outbox key file " + f + " is corrupt (" + e.getMessage()
                    + "); repair or remove it to enqueue under key " + key, e);
        }
    }

    private long allocateSequence() {
        Path lockFile = root.resolve("sequence.lock");
        Path counter = root.resolve("sequence");
        try {
            DurableFiles.ensureDirectory(root);
            Object monitor = SEQUENCE_MONITORS.computeIfAbsent(root.toRealPath(), k -> new Object());
            synchronized (monitor) {
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = ch.lock()) {
                    long last = -1;
                    try {
                        last = Long.parseLong(Files.readString(counter).trim());
                    } catch (NoSuchFileException | NumberFormatException e) {
                        last = highestSequenceOnDisk();
                    }
                    long next = Math.max(last, 0) + 1;
                    DurableFiles.writeAtomically(counter, (next + "\n").getBytes(StandardCharsets.UTF_8));
                    return next;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot allocate an outbox id in " + root, e);
        }
    }

    /** The highest sequence number of any file, for a lost or corrupt counter. */
    private long highestSequenceOnDisk() throws IOException {
        long max = 0;
        if (!Files.isDirectory(root)) {
            return max;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.length() > 12 && name.substring(0, 12).chars().allMatch(Character::isDigit)
                        && name.charAt(12) == '-') {
                    max = Math.max(max, Long.parseLong(name.substring(0, 12)));
                }
                if (f.startsWith(root.resolve(KEYS)) && name.endsWith(JSON) && Files.isRegularFile(f)) {
                    Intent i = readQuietly(f);
                    if (i != null && i.id() != null) {
                        max = Math.max(max, i.sequence());
                    }
                }
            }
        }
        return max;
    }

    // ---------------------------------------------------------------- listing, retry, drop

    /** Every intent of the outbox (pending, failed, done, dropped), each state in id order. */
    public List<OutboxEntry> list() {
        List<OutboxEntry> out = new ArrayList<>();
        for (State state : State.values()) {
            String dir = dirOf(state);
            for (Path f : jsonFiles(root.resolve(dir))) {
                String id = stem(f);
                try {
                    Intent i = parse(readBytes(f));
                    String reason = state == State.FAILED || state == State.DROPPED ? i.lastError() : null;
                    out.add(new OutboxEntry(state, id, i, reason, f));
                } catch (MalformedException e) {
                    String reason = readReason(f).orElse("unreadable: " + e.getMessage());
                    out.add(new OutboxEntry(state, id, null, reason, f));
                } catch (NoSuchFileException e) {
                    // moved on by a flush meanwhile
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + f, e);
                }
            }
        }
        return out;
    }

    /** The pending intents, in id order (unreadable files are left for {@link #flush} to set aside). */
    public List<Intent> pending() {
        return list().stream().filter(e -> e.state() == State.PENDING && e.intent() != null)
                .map(OutboxEntry::intent).toList();
    }

    /**
     * Puts a failed intent back to pending with its attempts reset. Its {@code sentAt} stays, so if it may have
     * been applied it is checked before it is sent again.
     *
     * @throws IllegalArgumentException if there is no failed intent {@code id}
     * @throws IllegalStateException if a flush is running, or the file cannot be read (drop it instead)
     */
    public Intent retry(String id) {
        try (HeartbeatLock lock = flushLock()) {
            Path source = file(FAILED, requireId(id));
            if (!Files.exists(source)) {
                throw new IllegalArgumentException("no failed outbox intent " + id);
            }
            Intent intent;
            try {
                intent = parse(readBytes(source));
            } catch (MalformedException e) {
                throw new IllegalStateException("failed outbox file " + source + " cannot be read ("
                        + e.getMessage() + "); it cannot be retried, only dropped", e);
            }
            Intent retried = intent.retried();
            Path target = file(PENDING, id);
            DurableFiles.moveAtomically(source, target);
            DurableFiles.writeAtomically(target, bytes(retried));
            DurableFiles.delete(reasonFile(source));
            return retried;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot retry " + id, e);
        }
    }

    /** {@link #drop(String, String)} with no particular reason. */
    public OutboxEntry drop(String id) {
        return drop(id, "dropped by an operator");
    }

    /**
     * Removes a pending or failed intent without applying it; it is kept in {@code dropped/} with the reason. Its
     * key stays taken: enqueuing the key again returns the dropped intent.
     *
     * @throws IllegalArgumentException if there is no pending or failed intent {@code id}
     * @throws IllegalStateException if a flush is running
     */
    public OutboxEntry drop(String id, String reason) {
        try (HeartbeatLock lock = flushLock()) {
            requireId(id);
            Path source = file(PENDING, id);
            if (!Files.exists(source)) {
                source = file(FAILED, id);
            }
            if (!Files.exists(source)) {
                throw new IllegalArgumentException("no pending or failed outbox intent " + id);
            }
            Path target = file(DROPPED, id);
            Intent intent = readQuietly(source);
            DurableFiles.moveAtomically(source, target);
            if (Files.exists(reasonFile(source))) {
                DurableFiles.moveAtomically(reasonFile(source), reasonFile(target));
            }
            if (intent == null) {
                return new OutboxEntry(State.DROPPED, id, null, reason + " (unreadable file)", target);
            }
            String why = reason + (intent.sentAt() == null ? ""
                    : "; it was sent at " + intent.sentAt() + " and may have been applied");
            Intent dropped = intent.ended(why, clock.instant());
            DurableFiles.writeAtomically(target, bytes(dropped));
            return new OutboxEntry(State.DROPPED, id, dropped, why, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop " + id, e);
        }
    }

    /**
     * Retention: removes done intents applied before {@code appliedBefore}, each with its idempotency key, at most
     * {@code limit} of them, in id order up to the first one applied later. A key for which {@code keepKey} holds (one enqueued again and again, or by
     * work not finished yet) stays, only its done file goes. The key goes first and the done file last, so a crash
     * in between leaves a done file without a key, which the next pass removes. Does nothing while a flush runs.
     *
     * @return how many done intents were removed
     */
    public int prune(Instant appliedBefore, int limit, java.util.function.Predicate<String> keepKey) {
        Optional<HeartbeatLock> lock = HeartbeatLock.tryAcquire(root.resolve("flush.lock"));
        if (lock.isEmpty()) {
            return 0;
        }
        int removed = 0;
        try (HeartbeatLock held = lock.get()) {
            for (Path f : jsonFiles(root.resolve(DONE))) {
                if (removed >= limit) {
                    break;
                }
                Intent i = readQuietly(f);
                if (i == null || i.finishedAt() == null) {
                    continue;
                }
                if (!i.finishedAt().isBefore(appliedBefore)) {
                    // Ids follow enqueueing, so the rest is mostly newer: stop, and keep each pass short. An intent
                    // that waited long before it was applied only delays the others until it is old enough too.
                    break;
                }
                if (i.key() != null && !keepKey.test(i.key())) {
                    Path key = keyFile(i.key());
                    Intent owner = readQuietly(key);
                    if (owner != null && stem(f).equals(owner.id())) {
                        DurableFiles.delete(key);
                        removeEmptyParents(key.getParent());
                    }
                }
                DurableFiles.delete(f);
                removed++;
            }
        } catch (NoSuchFileException e) {
            // moved meanwhile: the next pass sees the rest
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune " + root.resolve(DONE), e);
        }
        return removed;
    }

    /** Keys with slashes live in subdirectories of {@code keys/}; an emptied one goes too. */
    private void removeEmptyParents(Path dir) {
        Path keys = root.resolve(KEYS);
        for (Path d = dir; d != null && d.startsWith(keys) && !d.equals(keys); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (IOException e) {
                return; // not empty (or gone): stop
            }
        }
    }

    private HeartbeatLock flushLock() {
        return HeartbeatLock.tryAcquire(root.resolve("flush.lock")).orElseThrow(() -> new IllegalStateException(
                "an outbox flush is running on " + root + "; try again when it ends"));
    }

    /** Until when flushes do nothing, if a rate limit was recorded and has not passed. */
    public Optional<Instant> rateLimitedUntil() {
        Path f = root.resolve("rate-limit.json");
        try {
            RateLimit r = json.readValue(Files.readAllBytes(f), RateLimit.class);
            return r.until().isAfter(clock.instant()) ? Optional.of(r.until()) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // a torn or corrupt record: the forge will tell again if it still applies
        }
    }

    // ---------------------------------------------------------------- flush

    /**
     * Applies pending intents in id order, at most {@code limit} of them (checks included), each lane in order.
     * Returns at once, doing nothing, while a recorded rate limit lasts or while another flush runs.
     */
    public FlushReport flush(Forge forge, int limit) {
        Objects.requireNonNull(forge, "forge");
        if (limit < 1) {
            throw new IllegalArgumentException("flush limit must be positive, got " + limit);
        }
        Optional<Instant> until = rateLimitedUntil();
        if (until.isPresent()) {
            int waiting = (int) jsonFiles(root.resolve(PENDING)).size();
            return new FlushReport(0, 0, waiting, 0, until.get(), "rate-limited until " + until.get(), List.of());
        }
        Optional<HeartbeatLock> lock = HeartbeatLock.tryAcquire(root.resolve("flush.lock"));
        if (lock.isEmpty()) {
            return new FlushReport(0, 0, 0, 0, null, "another flush is running on " + root, List.of());
        }
        try (HeartbeatLock held = lock.get()) {
            DurableFiles.delete(root.resolve("rate-limit.json"));
            return new Flush(forge, limit).run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush " + root, e);
        }
    }

    /** One flush's progress. */
    private final class Flush {
        private final Forge forge;
        private final int limit;
        private final List<Line> lines = new ArrayList<>();
        private int sent;
        private int confirmed;
        private int deferred;
        private int failed;
        private Instant stopUntil;
        private String stopReason;
        private Instant contentUntil;

        Flush(Forge forge, int limit) {
            this.forge = forge;
            this.limit = limit;
        }

        FlushReport run() throws IOException {
            Set<String> held = new HashSet<>();
            int handled = 0;
            for (Intent intent : loadPending()) {
                String lane = intent.lane();
                if (stopUntil != null) {
                    defer(intent, stopReason);
                    continue;
                }
                if (held.contains(lane)) {
                    defer(intent, "held behind an earlier intent of " + lane);
                    continue;
                }
                if (!ownsKey(intent)) {
                    continue;
                }
                Instant now = clock.instant();
                if (intent.nextAttemptAt() != null && intent.nextAttemptAt().isAfter(now)) {
                    held.add(lane);
                    defer(intent, "backing off until " + intent.nextAttemptAt() + " after " + intent.attempts()
                            + " failed attempt(s): " + intent.lastError());
                    continue;
                }
                if (handled >= limit) {
                    held.add(lane);
                    defer(intent, "beyond this flush's limit of " + limit);
                    continue;
                }
                if (intent.kind().createsContent() && contentBudgetSpent(now)) {
                    held.add(lane);
                    defer(intent, "content-creation budget of " + contentPerHour + "/h spent until " + contentUntil);
                    continue;
                }
                handled++;
                if (!process(intent)) {
                    held.add(lane);
                }
            }
            Instant limited = stopUntil != null ? stopUntil : contentUntil;
            return new FlushReport(sent, confirmed, deferred, failed, limited, null, lines);
        }

        private boolean contentBudgetSpent(Instant now) {
            Instant hourAgo = now.minus(Duration.ofHours(1));
            while (!contentSends.isEmpty() && !contentSends.peekFirst().isAfter(hourAgo)) {
                contentSends.removeFirst();
            }
            if (contentSends.size() < contentPerHour) {
                return false;
            }
            contentUntil = contentSends.peekFirst().plus(Duration.ofHours(1));
            return true;
        }

        /** Applies one due intent; returns false when it stays pending (so its lane is held). */
        private boolean process(Intent intent) throws IOException {
            Intent cur = intent;
            try {
                if (cur.sentAt() != null) {
                    crashPoints.reached(Point.BEFORE_CHECK, cur);
                    Applied found = check(cur);
                    if (found != null) {
                        finish(cur, found, Outcome.CONFIRMED, "already applied: " + found.result());
                        return true;
                    }
                    crashPoints.reached(Point.AFTER_CHECK, cur);
                }
                if (cur.kind().createsContent() && !pace()) {
                    defer(cur, "interrupted while pacing content writes");
                    stop(clock.instant(), "interrupted");
                    return false;
                }
                crashPoints.reached(Point.BEFORE_SENT_AT, cur);
                cur = cur.withSentAt(clock.instant());
                DurableFiles.writeAtomically(file(PENDING, cur.id()), bytes(cur));
                crashPoints.reached(Point.AFTER_SENT_AT, cur);
                Applied applied;
                try {
                    applied = send(cur);
                } finally {
                    if (cur.kind().createsContent()) {
                        contentSends.addLast(clock.instant());
                    }
                }
                crashPoints.reached(Point.AFTER_SEND, cur);
                finish(cur, applied, Outcome.SENT, applied.result());
                return true;
            } catch (ForgeException e) {
                return failure(cur, e);
            }
        }

        private boolean failure(Intent cur, ForgeException e) throws IOException {
            String what = describe(e);
            switch (e.kind()) {
                case RATE_LIMITED -> {
                    rateLimited(cur, e);
                    return false;
                }
                case TRANSIENT -> {
                    backOff(cur, "transient failure: " + what);
                    return false;
                }
                case UNKNOWN_OUTCOME -> {
                    // The request may have been applied: look before anything is sent again.
                    try {
                        Applied found = check(cur);
                        if (found != null) {
                            finish(cur, found, Outcome.SENT, "answer lost (" + what + "); found applied: "
                                    + found.result());
                            return true;
                        }
                    } catch (ForgeException again) {
                        if (again.kind() == ForgeException.Kind.RATE_LIMITED) {
                            rateLimited(cur, again);
                            return false;
                        }
                    }
                    backOff(cur, "outcome unknown (" + what + "); checked before it is sent again");
                    return false;
                }
                case NOT_FOUND -> {
                    if (cur.kind() == Intent.Kind.DELETE_BRANCH) {
                        finish(cur, new Applied("branch already gone", null), Outcome.CONFIRMED,
                                "branch already gone");
                        return true;
                    }
                    fail(cur, "not found: " + what);
                    return true;
                }
                case REJECTED -> {
                    fail(cur, "rejected: " + what);
                    return true;
                }
                default -> throw new IllegalStateException("unhandled forge failure " + e.kind());
            }
        }

        private void rateLimited(Intent cur, ForgeException e) throws IOException {
            Instant now = clock.instant();
            Instant until = e.retryAt() != null && e.retryAt().isAfter(now) ? e.retryAt()
                    : now.plus(DEFAULT_RATE_LIMIT_WAIT);
            String reason = "rate-limited until " + until + ": " + describe(e);
            DurableFiles.writeAtomically(root.resolve("rate-limit.json"), bytes(new RateLimit(until, reason)));
            defer(cur, reason);
            stop(until, reason);
        }

        private void stop(Instant until, String reason) {
            stopUntil = until;
            stopReason = reason;
        }

        private void backOff(Intent cur, String reason) throws IOException {
            Instant now = clock.instant();
            RetryEntry previous = cur.attempts() == 0 ? null
                    : new RetryEntry(cur.attempts(), cur.nextAttemptAt(), cur.lastError(), null, null);
            RetryEntry next = RetryEntry.schedule(previous, cooldowns, now, reason, null, null);
            Intent d = cur.deferred(next.attempts(), next.nextAttemptAt(), reason);
            DurableFiles.writeAtomically(file(PENDING, d.id()), bytes(d));
            crashPoints.reached(Point.AFTER_DEFERRAL_WRITTEN, d);
            defer(d, reason + " (attempt " + d.attempts() + ", next at " + d.nextAttemptAt() + ")");
        }

        private void finish(Intent cur, Applied applied, Outcome outcome, String detail) throws IOException {
            Intent d = cur.done(applied.result(), applied.pullRequest(), clock.instant());
            DurableFiles.writeAtomically(file(DONE, d.id()), bytes(d));
            crashPoints.reached(Point.AFTER_DONE_WRITTEN, d);
            DurableFiles.delete(file(PENDING, d.id()));
            crashPoints.reached(Point.AFTER_PENDING_REMOVED, d);
            if (outcome == Outcome.SENT) {
                sent++;
            } else {
                confirmed++;
            }
            lines.add(new Line(d.id(), d.key(), d.kind(), outcome, detail));
        }

        private void fail(Intent cur, String reason) throws IOException {
            Intent d = cur.ended(reason, clock.instant());
            DurableFiles.writeAtomically(file(FAILED, d.id()), bytes(d));
            crashPoints.reached(Point.AFTER_FAILED_WRITTEN, d);
            DurableFiles.delete(file(PENDING, d.id()));
            failed++;
            lines.add(new Line(d.id(), d.key(), d.kind(), Outcome.FAILED, reason));
        }

        private void defer(Intent i, String reason) {
            deferred++;
            lines.add(new Line(i.id(), i.key(), i.kind(), Outcome.DEFERRED, reason));
        }

        /** Waits for the next content-write slot; false if interrupted. */
        private boolean pace() {
            Instant last = contentSends.peekLast();
            if (last == null) {
                return true;
            }
            Duration wait = Duration.between(clock.instant(), last.plus(contentSpacing));
            if (wait.isNegative() || wait.isZero()) {
                return true;
            }
            try {
                sleeper.sleep(wait);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /**
         * The readable pending intents in id order. Leftovers of a finished intent (its id already in done/,
         * failed/ or dropped/) are removed; unreadable files are moved to failed/ with a reason.
         */
        private List<Intent> loadPending() throws IOException {
            List<Intent> out = new ArrayList<>();
            for (Path f : jsonFiles(root.resolve(PENDING))) {
                String name = stem(f);
                if (Files.exists(file(DONE, name)) || Files.exists(file(FAILED, name))
                        || Files.exists(file(DROPPED, name))) {
                    DurableFiles.delete(f); // a crash between recording the end and removing the pending file
                    continue;
                }
                byte[] content;
                try {
                    content = readBytes(f);
                } catch (NoSuchFileException e) {
                    continue;
                }
                String problem;
                try {
                    Intent i = parse(content);
                    if (!name.equals(i.id())) {
                        problem = "holds intent " + i.id() + ", not " + name;
                    } else if (i.createdAt() == null) {
                        problem = "missing createdAt";
                    } else {
                        out.add(i);
                        continue;
                    }
                } catch (MalformedException e) {
                    problem = e.getMessage();
                }
                setAside(f, problem);
            }
            return out;
        }

        private void setAside(Path f, String problem) throws IOException {
            Path target = root.resolve(FAILED).resolve(f.getFileName());
            for (int n = 1; Files.exists(target) || Files.exists(reasonFile(target)); n++) {
                target = root.resolve(FAILED).resolve(stem(f) + "." + n + JSON);
            }
            DurableFiles.moveAtomically(f, target);
            String text = "file: " + root.relativize(f) + "\nset-aside-at: " + clock.instant() + "\nreason: "
                    + problem + "\n";
            DurableFiles.writeAtomically(reasonFile(target), text.getBytes(StandardCharsets.UTF_8));
            failed++;
            lines.add(new Line(stem(f), null, null, Outcome.FAILED, "unreadable intent file, moved to "
                    + root.relativize(target) + ": " + problem));
        }

        /**
         * Whether {@code intent} owns its key. A pending intent whose key is not published yet (an enqueue in
         * flight, or one that crashed before publishing) is adopted by publishing it; one whose key belongs to
         * another intent lost an enqueue race and is set aside in dropped/.
         */
        private boolean ownsKey(Intent intent) throws IOException {
            Intent owner;
            try {
                owner = readKey(intent.key());
            } catch (IllegalStateException corrupt) {
                DurableFiles.writeAtomically(keyFile(intent.key()), bytes(intent));
                return true;
            }
            if (owner == null) {
                DurableFiles.publishExclusively(keyFile(intent.key()), bytes(intent));
                owner = readKey(intent.key());
            }
            if (owner != null && owner.id().equals(intent.id())) {
                return true;
            }
            String reason = "key " + intent.key() + " belongs to " + (owner == null ? "?" : owner.id())
                    + " (a concurrent or interrupted enqueue)";
            try {
                DurableFiles.moveAtomically(file(PENDING, intent.id()), file(DROPPED, intent.id()));
                DurableFiles.writeAtomically(file(DROPPED, intent.id()),
                        bytes(intent.ended(reason, clock.instant())));
            } catch (NoSuchFileException e) {
                // its enqueue removed it meanwhile
            }
            lines.add(new Line(intent.id(), intent.key(), intent.kind(), Outcome.DROPPED, reason));
            return false;
        }

        // ------------------------------------------------------------ the forge

        /** What was applied, or null when the check does not find the write (or the kind is simply repeated). */
        private Applied check(Intent i) throws ForgeException {
            try {
                return switch (i.kind()) {
                    case COMMENT -> {
                        for (ForgeComment c : forge.comments(i.item())) {
                            if (c.body() != null && c.body().contains(i.marker())) {
                                yield new Applied("comment " + c.id(), null);
                            }
                        }
                        yield null;
                    }
                    case REVIEW -> {
                        for (ForgeReview r : forge.reviews(i.item().number())) {
                            if (r.body() != null && r.body().contains(i.marker())) {
                                yield new Applied("review " + r.id() + " " + r.state(), null);
                            }
                        }
                        yield null;
                    }
                    // Any state: the lost answer's PR may have been merged or closed since it was opened.
                    case OPEN_PR -> forge.findPullRequestOpenedSince(i.head(), i.createdAt().minus(CLOCK_SKEW))
                            .map(n -> new Applied("pr#" + n, n)).orElse(null);
                    case ADD_LABELS -> forge.labels(i.item()).containsAll(i.labels())
                            ? new Applied("labels present: " + i.labels(), null) : null;
                    case REMOVE_LABEL -> forge.labels(i.item()).contains(i.label()) ? null
                            : new Applied("label absent: " + i.label(), null);
                    case SQUASH_MERGE -> forge.isMerged(i.item().number()) ? new Applied("merged", null) : null;
                    case DELETE_BRANCH -> forge.branchExists(i.branch()) ? null
                            : new Applied("branch gone", null);
                    case CLOSE_ISSUE -> "closed".equals(forge.state(i.item())) ? new Applied("issue closed", null)
                            : null;
                    case ENSURE_LABEL, UPDATE_PR_BODY, RERUN_FAILED_JOBS -> null; // idempotent: repeat
                };
            } catch (RuntimeException e) {
                throw unexpected(e);
            }
        }

        private Applied send(Intent i) throws ForgeException {
            try {
                return switch (i.kind()) {
                    case ADD_LABELS -> {
                        forge.addLabels(i.item(), i.labels());
                        yield new Applied("added " + i.labels(), null);
                    }
                    case REMOVE_LABEL -> {
                        forge.removeLabel(i.item(), i.label());
                        yield new Applied("removed " + i.label(), null);
                    }
                    case ENSURE_LABEL -> {
                        forge.ensureLabel(i.label(), i.color(), i.description());
                        yield new Applied("label " + i.label() + " ensured", null);
                    }
                    case COMMENT -> new Applied("comment " + forge.comment(i.item(), i.bodyToSend()).id(), null);
                    case OPEN_PR -> {
                        int n = forge.openPullRequest(i.head(), i.base(), i.title(), i.body(), i.draft());
                        yield new Applied("pr#" + n, n);
                    }
                    case UPDATE_PR_BODY -> {
                        forge.updatePullRequestBody(i.item().number(), i.body());
                        yield new Applied("body updated", null);
                    }
                    case REVIEW -> {
                        forge.review(i.item().number(), i.reviewEvent(), i.bodyToSend());
                        yield new Applied("review " + i.reviewEvent(), null);
                    }
                    case SQUASH_MERGE -> new Applied("merged as " + forge.squashMerge(i.item().number(),
                            i.expectedHeadSha(), i.mergeTitle(), i.mergeMessage()), null);
                    case DELETE_BRANCH -> {
                        forge.deleteBranch(i.branch());
                        yield new Applied("branch deleted", null);
                    }
                    case RERUN_FAILED_JOBS -> new Applied("re-ran " + forge.rerunFailedJobs(i.expectedHeadSha())
                            + " run(s)", null);
                    case CLOSE_ISSUE -> {
                        forge.closeIssue(i.item().number());
                        yield new Applied("issue closed", null);
                    }
                };
            } catch (RuntimeException e) {
                throw unexpected(e);
            }
        }
    }

    /** A forge that throws something unplanned may or may not have acted: treat it as a lost answer. */
    private static ForgeException unexpected(RuntimeException e) {
        return new ForgeException(ForgeException.Kind.UNKNOWN_OUTCOME, 0, "unexpected " + e, null, e);
    }

    private static String describe(ForgeException e) {
        return (e.status() > 0 ? "HTTP " + e.status() + " " : "") + e.getMessage();
    }

    /** What the forge did: a description and, for a new pull request, its number. */
    private record Applied(String result, Integer pullRequest) {
    }

    // ---------------------------------------------------------------- files

    private Path file(String dir, String id) {
        return root.resolve(dir).resolve(id + JSON);
    }

    private Path keyFile(String key) {
        return root.resolve(KEYS).resolve(key + JSON);
    }

    private static Path reasonFile(Path f) {
        return f.resolveSibling(f.getFileName() + REASON);
    }

    private static String dirOf(State state) {
        return switch (state) {
            case PENDING -> PENDING;
            case DONE -> DONE;
            case FAILED -> FAILED;
            case DROPPED -> DROPPED;
        };
    }

    private static String requireId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("invalid outbox id '" + id + "'");
        }
        return id;
    }

    private static String stem(Path f) {
        String name = f.getFileName().toString();
        return name.substring(0, name.length() - JSON.length());
    }

    /** The {@code *.json} regular files of {@code dir} in name (so id) order; none if it does not exist. */
    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(f -> f.getFileName().toString().endsWith(JSON) && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static byte[] readBytes(Path f) throws IOException {
        return Files.readAllBytes(f);
    }

    private static Optional<String> readReason(Path f) {
        try {
            return Optional.of(Files.readString(reasonFile(f)).lines()
                    .filter(l -> l.startsWith("reason: ")).map(l -> l.substring(8)).findFirst().orElse("unreadable"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Intent readQuietly(Path f) {
        try {
            return parse(readBytes(f));
        } catch (IOException | MalformedException e) {
            return null;
        }
    }

    private static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private Intent parse(byte[] content) throws MalformedException {
        if (content.length == 0 || new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw new MalformedException("empty file", null);
        }
        try {
            Intent i = json.readValue(content, Intent.class);
            if (i == null) {
                throw new MalformedException("not an intent: null", null);
            }
            return i;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MalformedException("invalid intent: " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new MalformedException("not a valid intent: " + e.getOriginalMessage().lines().findFirst()
                    .orElse(""), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedException("not a valid intent: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Object value) {
        return StateJson.bytes(value);
    }
}
