package io.agentcontrolplane.core.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentcontrolplane.core.agent.AgentFailure;
import io.agentcontrolplane.core.agent.AgentOutcome;
import io.agentcontrolplane.core.agent.AgentRequest;
import io.agentcontrolplane.core.agent.AgentRunner;
import io.agentcontrolplane.core.forge.ForgeComment;
import io.agentcontrolplane.core.forge.ForgeException;
import io.agentcontrolplane.core.forge.ForgeReview;
import io.agentcontrolplane.core.forge.Observation;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.prompt.PromptContext;
import io.agentcontrolplane.core.prompt.PromptException;
import io.agentcontrolplane.core.prompt.PromptTemplates;
import io.agentcontrolplane.core.run.RunDirectory;
import io.agentcontrolplane.core.run.RunFiles;
import io.agentcontrolplane.core.run.RunRecord;
import io.agentcontrolplane.core.run.RunResult;
import io.agentcontrolplane.core.run.WorkerStatus;
import io.agentcontrolplane.core.run.WorkspaceFacts;
import io.agentcontrolplane.core.state.DurableFiles;
import io.agentcontrolplane.core.state.RetryEntry;
import io.agentcontrolplane.core.state.StateJson;
import io.agentcontrolplane.core.state.StateStore;
import io.agentcontrolplane.core.world.Issue;
import io.agentcontrolplane.core.world.ItemRef;
import io.agentcontrolplane.core.world.Lane;
import io.agentcontrolplane.core.world.PullRequest;
import io.agentcontrolplane.core.world.WorkerRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One worker run, start to finish, in the foreground ({@code acp worker}, and the Jenkins {@code acpWorker} step):
 * read the run the heartbeat recorded, prepare its workspace, render its prompt, run the agent through the
 * {@link AgentRunner}, check what it left, keep its work (commits in the anchor, {@code changes.patch}), and write
 * the run's terminal record in its run directory. It never writes to GitHub and never writes the state store's run
 * records: the executor reports the terminal record to the heartbeat, which records it, and reconcile publishes.
 *
 * <p>A failure of the backend's configuration (binary missing, exit 126/127, unknown flag) ends the run
 * {@code failed} with reason {@code backend-misconfigured}, which costs no attempt and no budget, and marks the
 * backend unusable until the profile's agent settings change ({@link BackendHealth}).
 */
public final class Worker {
    /** Problems that stop a worker before it owns the run: nothing of the run is changed. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }

    /** Reasons of failed runs that the worker itself decides (the agent's own are {@link AgentFailure}'s). */
    public static final String WORKSPACE_FAILED = "workspace-failed";
    public static final String PROMPT_FAILED = "prompt-failed";
    public static final String CONTEXT_FAILED = "context-unavailable";
    public static final String INTERRUPTED = "worker-interrupted";

    private final Profile profile;
    private final Path profileDir;
    private final StateStore store;
    private final WorkItems items;
    private final AgentRunner runner;
    private final Workspaces workspaces;
    private final Path runsRoot;
    private final Set<String> secrets;
    private final Clock clock;
    private final BackendHealth health;
    private final ObjectMapper json = StateJson.mapper();

    /**
     * @param profileDir the profile file's directory (relative template paths)
     * @param secrets values that must appear in nothing the run writes, and never reach the agent (the token)
     */
    public Worker(Profile profile, Path profileDir, StateStore store, WorkItems items, AgentRunner runner,
            Workspaces workspaces, Path runsRoot, Set<String> secrets, Clock clock) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.profileDir = Objects.requireNonNull(profileDir, "profileDir");
        this.store = Objects.requireNonNull(store, "store");
        this.items = Objects.requireNonNull(items, "items");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
        this.runsRoot = runsRoot.toAbsolutePath().normalize();
        this.secrets = Set.copyOf(secrets);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.health = new BackendHealth(store.root());
    }

    /** The run directory of a run. */
    public RunDirectory runDirectory(String runId) {
        return new RunDirectory(runsRoot.resolve(StateStore.requireSafeName(runId, "run id")));
    }

    /**
     * Performs the run and returns its terminal record. A run already ended returns its record unchanged (a
     * repeated start does not run the agent twice); a run whose worker still lives is refused.
     */
    public RunRecord perform(String runId) throws RefusedException, InterruptedException {
        WorkerRun run = store.run(runId).orElseThrow(() -> new RefusedException("run " + runId + " is not recorded in "
                + store.root() + "/runs (the heartbeat records each run it launches)"));
        RunDirectory dir = runDirectory(runId);
        Optional<RunRecord> existing;
        try {
            existing = dir.readRecord();
        } catch (io.agentcontrolplane.core.run.RunFileException e) {
            throw new RefusedException("run " + runId + ": " + e.getMessage());
        }
        if (existing.isPresent() && existing.get().terminal()) {
            return existing.get();
        }
        if (existing.isPresent() && WorkerStatus.alive(existing.get())) {
            throw new RefusedException("run " + runId + " already has a live worker (pid " + existing.get().pid()
                    + ")");
        }
        if (run.phase().terminal()) {
            throw new RefusedException("run " + runId + " has already ended (" + run.phase().wireName() + ")");
        }
        Choice choice = choose(run);
        RunRecord record = RunRecord.running(runId, profile.id(), run.lane(), run.item(), choice.backend(),
                clock.instant(), ProcessHandle.current());
        write(dir, record);
        RunRecord end;
        try {
            end = carryOut(run, dir, record, choice);
        } catch (InterruptedException e) {
            // The agent's process tree is already stopped (AgentRunner's contract); the run must not look alive.
            write(dir, record.failed(INTERRUPTED, "the worker was stopped (SIGTERM or interrupt) before the run"
                    + " ended", clock.instant(), 0));
            throw e;
        }
        write(dir, end);
        return end;
    }

    /** Whether a run of the lane reads the pull request's comments ({@link WorkItems#comments}) for its prompt. */
    public static boolean readsComments(Lane lane) {
        return lane == Lane.FIX || lane == Lane.MERGE_REPAIR;
    }

    /** The backend and its settings for the run's provider pool (the pool's model wins). */
    record Choice(String backend, Profile.BackendSettings settings) {
    }

    private Choice choose(WorkerRun run) {
        Profile.ProviderPool pool = BackendHealth.poolFor(profile, run.provider());
        return new Choice(pool.backend(), withModel(profile.agent().settingsFor(pool.backend()), pool.model()));
    }

    private static Profile.BackendSettings withModel(Profile.BackendSettings s, String model) {
        if (model == null || model.isBlank()) {
            return s;
        }
        return new Profile.BackendSettings(model, s.effort(), s.timeoutSeconds(), s.stallSeconds(), s.maxAttempts(),
                s.retryBackoffSeconds(), s.command(), s.options());
    }

    private RunRecord carryOut(WorkerRun run, RunDirectory dir, RunRecord record, Choice choice)
            throws InterruptedException {
        Optional<BackendHealth.Mark> mark = health.unusable(choice.backend(), profile);
        if (mark.isPresent()) {
            return record.failed(WorkerRun.BACKEND_MISCONFIGURED, "backend " + choice.backend() + " is unusable"
                    + " until the profile's agent settings change: " + mark.get().detail(), clock.instant(), 0);
        }
        Context context;
        try {
            context = context(run);
        } catch (NoLongerOpen e) {
            return record.cancelled(WorkerRun.NO_LONGER_NEEDED, e.getMessage(), clock.instant());
        } catch (ForgeException e) {
            return record.failed(CONTEXT_FAILED, "cannot read " + run.item() + " from GitHub: " + e.getMessage(),
                    clock.instant(), 0);
        }
        Workspaces.Prepared prepared;
        try {
            prepared = workspaces.prepare(plan(run, context, choice), run.runId());
            writeFacts(dir, prepared.facts());
        } catch (WorkspaceException | IOException e) {
            return record.failed(WORKSPACE_FAILED, e.getMessage(), clock.instant(), 0);
        }
        Path promptFile = dir.path().resolve(RunFiles.PROMPT);
        try {
            PromptTemplates.Template template = PromptTemplates.forLane(run.lane(), profile.templates(), profileDir);
            String prompt = PromptTemplates.render(template, values(run, context, prepared.facts(), dir));
            DurableFiles.writeAtomically(promptFile, redact(prompt).getBytes(StandardCharsets.UTF_8));
        } catch (PromptException | IOException e) {
            finishWorkspace(prepared, run);
            return record.failed(PROMPT_FAILED, e.getMessage(), clock.instant(), 0);
        }
        Map<String, String> env = new HashMap<>();
        env.put("ACP_RUN_ID", run.runId());
        env.put("ACP_RUN_DIR", dir.path().toString());
        env.put("ACP_RESULT_FILE", dir.path().resolve(RunFiles.RESULT).toString());
        env.put("ACP_LANE", run.lane().wireName());
        env.put("ACP_ITEM", run.item().toString());
        env.put("ACP_WORKSPACE", prepared.path().toString());
        env.put("ACP_BRANCH", prepared.facts().branch());
        String isolation = workspaces.isolationProblem(prepared.path());
        if (isolation != null) {
            return record.failed(WORKSPACE_FAILED, "workspace " + prepared.path() + " is not isolated: " + isolation,
                    clock.instant(), 0);
        }
        AgentOutcome outcome = runner.run(new AgentRequest(run.runId(), run.lane(), choice.backend(),
                choice.settings(), prepared.path(), dir.path(), promptFile, env, secrets));
        WorkspaceFacts kept;
        try {
            kept = workspaces.keep(prepared, run.runId(), dir.path().resolve(RunFiles.PATCH));
            writeFacts(dir, kept);
        } catch (WorkspaceException | IOException e) {
            finishWorkspace(prepared, run);
            return record.failed(WORKSPACE_FAILED, "the agent ended but its work could not be kept: "
                    + e.getMessage(), clock.instant(), outcome.attempts());
        }
        finishWorkspace(prepared, run);
        if (!outcome.completed()) {
            if (outcome.failure() == AgentFailure.CONFIGURATION) {
                try {
                    health.markUnusable(choice.backend(), profile, outcome.detail(), clock.instant(), run.runId());
                } catch (IOException e) {
                    // The run still costs nothing; the next one finds the same problem and marks it again.
                }
            }
            return record.failed(outcome.failure().reason(), outcome.detail(), outcome.endedAt(), outcome.attempts());
        }
        RunDirectory.ResultRead read = dir.readResult(run.lane());
        if (read.absent()) {
            return record.failed(AgentFailure.INVALID_RESULT.reason(), "the agent exited without writing "
                    + RunFiles.RESULT, clock.instant(), outcome.attempts());
        }
        if (read.problem() != null) {
            return record.failed(AgentFailure.INVALID_RESULT.reason(), read.problem(), clock.instant(),
                    outcome.attempts());
        }
        String problem = consistency(run, read.result(), kept, context, dir);
        if (problem != null) {
            return record.failed(AgentFailure.INVALID_RESULT.reason(), problem, clock.instant(), outcome.attempts());
        }
        return record.succeeded(read.result(), clock.instant(), outcome.attempts());
    }

    /** Whether what the agent says matches what it left: commits where it claims work, none where it may not. */
    private String consistency(WorkerRun run, RunResult result, WorkspaceFacts kept, Context context,
            RunDirectory dir) {
        boolean changed = run.lane().isPr() ? !kept.headSha().equals(context.pull().headSha()) : kept.hasNewCommits();
        String outcome = result.outcome();
        if ((RunResult.IMPLEMENTED.equals(outcome) || RunResult.UPDATED_BRANCH.equals(outcome)) && !changed) {
            return "the result says '" + outcome + "' but the branch " + kept.branch() + " has no new commit";
        }
        boolean readOnly = run.lane() == Lane.SCHEDULED || run.lane() == Lane.DOUBLE_CHECK_1
                || run.lane() == Lane.DOUBLE_CHECK_2 || run.lane() == Lane.AUTOMERGE;
        if (readOnly && kept.hasNewCommits()) {
            return "a " + run.lane().wireName() + " run must not commit, but the branch moved from "
                    + kept.startSha() + " to " + kept.headSha();
        }
        String comment = run.lane().isPr() ? RunFiles.PR_COMMENT : RunFiles.ISSUE_COMMENT;
        if (RunResult.BLOCKED.equals(outcome) || RunResult.REPORTED.equals(outcome)) {
            try {
                if (dir.readText(comment, RunDirectory.MAX_COMMENT_BYTES).filter(t -> !t.isBlank()).isEmpty()) {
                    return "the result says '" + outcome + "' but " + comment + " is missing or empty";
                }
            } catch (io.agentcontrolplane.core.run.RunFileException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /** The item as GitHub shows it now, and what the prompt needs beyond it. */
    record Context(Issue issue, PullRequest pull, List<ForgeComment> comments, List<ForgeReview> reviews,
            String lastFailure) {
    }

    /** The run's item is no longer open on GitHub: the work it was launched for is done or abandoned. */
    private static final class NoLongerOpen extends Exception {
        private static final long serialVersionUID = 1L;

        NoLongerOpen(String message) {
            super(message, null, false, false);
        }
    }

    private Context context(WorkerRun run) throws ForgeException, NoLongerOpen {
        Observation o = items.observe();
        ItemRef item = run.item();
        String lastFailure = store.retry(item).map(RetryEntry::lastReason).orElse(null);
        if (item.kind() == ItemRef.Kind.ISSUE) {
            Issue issue = o.issues().stream().filter(i -> i.number() == item.number()).findFirst()
                    .orElseThrow(() -> new NoLongerOpen("issue #" + item.number() + " is no longer open (closed since"
                            + " the run was planned): nothing to do"));
            return new Context(issue, null, List.of(), List.of(), lastFailure);
        }
        PullRequest pr = o.pulls().stream().filter(p -> p.number() == item.number()).findFirst()
                .orElseThrow(() -> new NoLongerOpen("PR #" + item.number() + " is no longer open (merged or closed"
                        + " since the run was planned): nothing to do"));
        List<ForgeComment> comments = readsComments(run.lane()) ? items.comments(item) : List.of();
        Observation.PullDetails details = o.details().get(pr.number());
        List<ForgeReview> reviews = details != null ? details.reviews() : List.of();
        return new Context(null, pr, comments, reviews, lastFailure);
    }

    private WorkspacePlan plan(WorkerRun run, Context c, Choice choice) {
        String base = profile.repository().defaultBranch();
        if (c.issue() != null) {
            boolean resident = run.lane() == Lane.SCHEDULED || run.recurring();
            String name = resident ? "resident-issue-" + c.issue().number() + "-" + choice.backend() : run.runId();
            return WorkspacePlan.issue(name, profile.naming().issueBranchPrefix(), c.issue().number(),
                    c.issue().title(), base, resident);
        }
        PullRequest pr = c.pull();
        return WorkspacePlan.pullRequest(run.runId(), profile.naming().prBranchPrefix(), pr.number(), pr.headRef(),
                pr.headSha(), pr.baseRef(), run.lane() == Lane.MERGE_REPAIR);
    }

    private Map<String, String> values(WorkerRun run, Context c, WorkspaceFacts facts, RunDirectory dir) {
        PromptContext.Run r = new PromptContext.Run(profile.repository().slug(), webUrl(), facts,
                dir.path().toString());
        if (c.issue() != null) {
            boolean automerge = c.issue().labels().contains(profile.labels().automerge());
            return PromptContext.forIssue(run.lane(), r, c.issue(), automerge, run.recurring(), c.lastFailure());
        }
        String mergeStatus = facts.conflictPaths().isEmpty()
                ? "merged cleanly (commit " + facts.startSha() + "); verify it and report updated-branch"
                : "left " + facts.conflictPaths().size() + " path(s) in conflict; the merge is not committed yet";
        return PromptContext.forPullRequest(run.lane(), r, c.pull(), c.comments(), c.reviews(), mergeStatus);
    }

    /** Where people read the repository: github.com for the public API, else the Enterprise host. */
    private String webUrl() {
        String api = profile.repository().apiUrl().replaceAll("/+$", "");
        if (api.equals(Profile.RepositorySettings.GITHUB_API)) {
            return "https://github.com";
        }
        return api.endsWith("/api/v3") ? api.substring(0, api.length() - "/api/v3".length()) : api;
    }

    private void finishWorkspace(Workspaces.Prepared prepared, WorkerRun run) {
        try {
            workspaces.finished(prepared.path(), run.runId());
            Set<String> activeRuns = new HashSet<>();
            Set<Integer> activeIssues = new HashSet<>();
            for (WorkerRun r : store.runs()) {
                if (!r.phase().terminal() && !r.runId().equals(run.runId())) {
                    activeRuns.add(r.runId());
                    activeIssues.add(r.item().number());
                }
            }
            workspaces.applyRetention(name -> activeRuns.contains(name) || activeIssues.stream()
                    .anyMatch(n -> name.startsWith("resident-issue-" + n + "-")));
        } catch (WorkspaceException e) {
            // Retention is tidying: the run's outcome does not depend on it, and the next run tries again.
        }
    }

    private void writeFacts(RunDirectory dir, WorkspaceFacts facts) throws IOException {
        DurableFiles.writeAtomically(dir.path().resolve(RunFiles.WORKSPACE), json.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(facts));
    }

    private void write(RunDirectory dir, RunRecord record) {
        try {
            RunRecord safe = record.detail() == null ? record : new RunRecord(record.runId(), record.profileId(),
                    record.lane(), record.item(), record.backend(), record.status(), record.reason(),
                    redact(record.detail()), record.outcome(), record.action(), record.startedAt(), record.endedAt(),
                    record.pid(), record.processStartedAt(), record.attempts());
            dir.writeRecord(safe);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the run record in " + dir.path() + ": "
                    + e.getMessage(), e);
        }
    }

    private String redact(String text) {
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "[redacted]");
            }
        }
        return out;
    }
}
