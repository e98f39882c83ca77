package io.agentcontrolplane.core.profile;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One GitHub repository under the control plane's care, as a user writes it in a profile file
 * (or in Jenkins' Configuration as Code, under the same names). Defaults follow the original tool's
 * effective defaults; see {@code docs/profile.md}.
 */
public record Profile(
        String id,
        RepositorySettings repository,
        CredentialsSettings credentials,
        AgentSettings agent,
        Limits limits,
        Schedules schedules,
        Labels labels,
        HeavyRules heavy,
        Naming naming,
        Trust trust,
        Budget budget,
        WorkspaceSettings workspace,
        Map<String, String> templates,
        GitHubSettings github,
        AssessmentRules assessment) {

    public Profile {
        Objects.requireNonNull(id, "id");
        repository = Objects.requireNonNullElseGet(repository, () -> RepositorySettings.defaults(id));
        credentials = Objects.requireNonNullElseGet(credentials, CredentialsSettings::defaults);
        agent = Objects.requireNonNullElseGet(agent, AgentSettings::defaults);
        limits = Objects.requireNonNullElseGet(limits, Limits::defaults);
        schedules = Objects.requireNonNullElseGet(schedules, Schedules::defaults);
        labels = Objects.requireNonNullElseGet(labels, Labels::defaults);
        heavy = Objects.requireNonNullElseGet(heavy, HeavyRules::defaults);
        naming = naming == null ? Naming.defaults(id) : naming.withDefaultsFor(id);
        trust = Objects.requireNonNullElseGet(trust, Trust::defaults);
        budget = Objects.requireNonNullElseGet(budget, Budget::defaults);
        workspace = workspace == null ? WorkspaceSettings.defaults(id) : workspace.withDefaultsFor(id);
        templates = Map.copyOf(Objects.requireNonNullElse(templates, Map.of()));
        github = Objects.requireNonNullElseGet(github, GitHubSettings::defaults);
        assessment = Objects.requireNonNullElseGet(assessment, AssessmentRules::defaults);
    }

    /** A profile with the default {@link AssessmentRules} (the form before the {@code assessment} section existed). */
    public Profile(String id, RepositorySettings repository, CredentialsSettings credentials, AgentSettings agent,
            Limits limits, Schedules schedules, Labels labels, HeavyRules heavy, Naming naming, Trust trust,
            Budget budget, WorkspaceSettings workspace, Map<String, String> templates, GitHubSettings github) {
        this(id, repository, credentials, agent, limits, schedules, labels, heavy, naming, trust, budget, workspace,
                templates, github, null);
    }

    /** A profile with the default {@link GitHubSettings} (the form before the {@code github} section existed). */
    public Profile(String id, RepositorySettings repository, CredentialsSettings credentials, AgentSettings agent,
            Limits limits, Schedules schedules, Labels labels, HeavyRules heavy, Naming naming, Trust trust,
            Budget budget, WorkspaceSettings workspace, Map<String, String> templates) {
        this(id, repository, credentials, agent, limits, schedules, labels, heavy, naming, trust, budget, workspace,
                templates, null, null);
    }

    /** A profile with every default, for tests and examples. */
    public static Profile defaults(String id, String slug) {
        return new Profile(id, RepositorySettings.defaults(id).withSlug(slug), null, null, null, null, null,
                null, null, null, null, null, null);
    }

    public Profile withLimits(Limits newLimits) {
        return new Profile(id, repository, credentials, agent, newLimits, schedules, labels, heavy, naming, trust,
                budget, workspace, templates, github, assessment);
    }

    public Profile withAgent(AgentSettings newAgent) {
        return new Profile(id, repository, credentials, newAgent, limits, schedules, labels, heavy, naming, trust,
                budget, workspace, templates, github, assessment);
    }

    public Profile withBudget(Budget newBudget) {
        return new Profile(id, repository, credentials, agent, limits, schedules, labels, heavy, naming, trust,
                newBudget, workspace, templates, github, assessment);
    }

    public Profile withTrust(Trust newTrust) {
        return new Profile(id, repository, credentials, agent, limits, schedules, labels, heavy, naming, newTrust,
                budget, workspace, templates, github, assessment);
    }

    public Profile withAssessment(AssessmentRules newRules) {
        return new Profile(id, repository, credentials, agent, limits, schedules, labels, heavy, naming, trust,
                budget, workspace, templates, github, newRules);
    }

    /**
     * Where the repository lives and how to reach it.
     *
     * @param verifyCommands shell commands the host runs in an issue run's workspace when the agent recorded no
     *     passing verification (the original's host verification recovery); none by default. They come from this
     *     profile, never from issue text, and run with a scrubbed environment (no token)
     */
    public record RepositorySettings(String slug, String defaultBranch, String apiUrl, String cloneUrl,
            List<String> verifyCommands) {
        public static final String GITHUB_API = "https://api.github.com";

        public RepositorySettings {
            defaultBranch = Objects.requireNonNullElse(defaultBranch, "main");
            apiUrl = Objects.requireNonNullElse(apiUrl, GITHUB_API);
            verifyCommands = List.copyOf(Objects.requireNonNullElse(verifyCommands, List.of()));
        }

        public RepositorySettings(String slug, String defaultBranch, String apiUrl, String cloneUrl) {
            this(slug, defaultBranch, apiUrl, cloneUrl, null);
        }

        public static RepositorySettings defaults(String id) {
            return new RepositorySettings("example/" + id, "main", GITHUB_API, null);
        }

        public RepositorySettings withSlug(String newSlug) {
            return new RepositorySettings(newSlug, defaultBranch, apiUrl, cloneUrl, verifyCommands);
        }

        /**
         * The URL to clone from and push to: {@code cloneUrl} if set, else the repository's HTTPS URL on github.com,
         * or beside the API of a GitHub Enterprise server ({@code https://HOST/api/v3} gives
         * {@code https://HOST/owner/repo.git}). The one place this default lives.
         */
        public String effectiveCloneUrl() {
            if (cloneUrl != null && !cloneUrl.isBlank()) {
                return cloneUrl;
            }
            String api = apiUrl.replaceAll("/+$", "");
            String web = api.equals(GITHUB_API) ? "https://github.com" : api.replaceFirst("/api/v3$", "");
            return web + "/" + slug + ".git";
        }
    }

    /**
     * Where the GitHub token comes from. The standalone runtime reads an environment variable; Jenkins
     * resolves a credentials id. The secret itself is never part of a profile.
     */
    public record CredentialsSettings(String tokenEnv, String credentialsId) {
        public CredentialsSettings {
            tokenEnv = Objects.requireNonNullElse(tokenEnv, "GITHUB_TOKEN");
        }

        public static CredentialsSettings defaults() {
            return new CredentialsSettings("GITHUB_TOKEN", null);
        }
    }

    /** Settings of one agent backend. */
    public record BackendSettings(
            String model,
            String effort,
            Integer timeoutSeconds,
            Integer stallSeconds,
            Integer maxAttempts,
            Integer retryBackoffSeconds,
            List<String> command,
            Map<String, String> options) {
        public BackendSettings {
            timeoutSeconds = Objects.requireNonNullElse(timeoutSeconds, 900);
            stallSeconds = Objects.requireNonNullElse(stallSeconds, 300);
            maxAttempts = Objects.requireNonNullElse(maxAttempts, 3);
            retryBackoffSeconds = Objects.requireNonNullElse(retryBackoffSeconds, 30);
            command = List.copyOf(Objects.requireNonNullElse(command, List.of()));
            options = Map.copyOf(Objects.requireNonNullElse(options, Map.of()));
        }
    }

    /** A provider pool: one backend and model, tried in failover order. */
    public record ProviderPool(String name, String backend, String model) {
        /** The key under which this pool's cooldown is kept, as the original sanitises it. */
        public String providerKey() {
            return Backends.providerKey(backend, model);
        }
    }

    /** Which agent runs, with per-backend settings and optional failover pools. */
    public record AgentSettings(String backend, Map<String, BackendSettings> backends, List<ProviderPool> pools) {
        public AgentSettings {
            backend = Objects.requireNonNullElse(backend, "codex");
            backends = Map.copyOf(Objects.requireNonNullElse(backends, Map.of()));
            pools = List.copyOf(Objects.requireNonNullElse(pools, List.of()));
        }

        public static AgentSettings defaults() {
            return new AgentSettings("codex", Map.of(), List.of());
        }

        public BackendSettings settingsFor(String backendName) {
            BackendSettings configured = backends.get(backendName);
            return configured != null ? configured : Backends.defaultSettings(backendName);
        }

        /**
         * The pools to gate launches on, in failover order. Without configured pools the single backend
         * forms one pool named after it.
         */
        public List<ProviderPool> effectivePools() {
            if (!pools.isEmpty()) {
                return pools;
            }
            return List.of(new ProviderPool(backend, backend, settingsFor(backend).model()));
        }
    }

    /**
     * Capacity limits. Defaults are those of the original's heartbeat wrapper, the ones its users get.
     * A limit documented as "0 disables" accepts zero.
     */
    public record Limits(
            Integer maxWorkers,
            Integer maxPrWorkers,
            Integer maxHeavyWorkers,
            Integer maxRecurringWorkers,
            Integer maxScheduledWorkers,
            Integer maxScheduledHeavyWorkers,
            Integer maxBlockedRecoveryWorkers,
            Integer blockedRecoveryCooldownSeconds,
            Integer maxOpenAgentPrsForRecurring,
            Integer maxLaunchesPerHeartbeat,
            Integer doubleCheckFastLaunches,
            Integer prReservationFloor) {
        public Limits {
            maxWorkers = Objects.requireNonNullElse(maxWorkers, 20);
            maxPrWorkers = Objects.requireNonNullElse(maxPrWorkers, 12);
            maxHeavyWorkers = Objects.requireNonNullElse(maxHeavyWorkers, 1);
            maxRecurringWorkers = Objects.requireNonNullElse(maxRecurringWorkers, 6);
            maxScheduledWorkers = Objects.requireNonNullElse(maxScheduledWorkers, 2);
            maxScheduledHeavyWorkers = Objects.requireNonNullElse(maxScheduledHeavyWorkers, 1);
            maxBlockedRecoveryWorkers = Objects.requireNonNullElse(maxBlockedRecoveryWorkers, 1);
            blockedRecoveryCooldownSeconds = Objects.requireNonNullElse(blockedRecoveryCooldownSeconds, 900);
            maxOpenAgentPrsForRecurring = Objects.requireNonNullElse(maxOpenAgentPrsForRecurring, 12);
            maxLaunchesPerHeartbeat = Objects.requireNonNullElse(maxLaunchesPerHeartbeat, maxWorkers);
            doubleCheckFastLaunches = Objects.requireNonNullElse(doubleCheckFastLaunches, 3);
            prReservationFloor = Objects.requireNonNullElse(prReservationFloor, 4);
        }

        public static Limits defaults() {
            return new Limits(null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** Backoff schedules in seconds: the n-th failure waits the n-th entry, the last repeats. */
    public record Schedules(List<Integer> retryCooldowns, List<Integer> providerCooldowns) {
        public static final List<Integer> DEFAULT_COOLDOWNS = List.of(300, 900, 1800, 3600);

        public Schedules {
            retryCooldowns = List.copyOf(Objects.requireNonNullElse(retryCooldowns, DEFAULT_COOLDOWNS));
            providerCooldowns = List.copyOf(Objects.requireNonNullElse(providerCooldowns, DEFAULT_COOLDOWNS));
        }

        public static Schedules defaults() {
            return new Schedules(null, null);
        }
    }

    /** Label names; defaults are the original's. */
    public record Labels(
            String running,
            String blocked,
            String keepOpen,
            String heavy,
            String exclusive,
            String automerge,
            String repairQueued,
            String manualFixOverride,
            String ciRefresh,
            String ciBypassed,
            String doubleCheck1,
            String doubleCheck2,
            String humanReview,
            String humanApproved,
            String handoff,
            String scheduled,
            String schedulePrefix,
            String needsHuman) {
        public Labels {
            running = Objects.requireNonNullElse(running, "agent-running");
            blocked = Objects.requireNonNullElse(blocked, "agent-blocked");
            keepOpen = Objects.requireNonNullElse(keepOpen, "agent-keep-open");
            heavy = Objects.requireNonNullElse(heavy, "agent-e2e-heavy");
            exclusive = Objects.requireNonNullElse(exclusive, "agent-exclusive");
            automerge = Objects.requireNonNullElse(automerge, "agent-automerge");
            repairQueued = Objects.requireNonNullElse(repairQueued, "agent-repair-queued");
            manualFixOverride = Objects.requireNonNullElse(manualFixOverride, "agent-manual-fix-override");
            ciRefresh = Objects.requireNonNullElse(ciRefresh, "agent-ci-refresh");
            ciBypassed = Objects.requireNonNullElse(ciBypassed, "agent-ci-bypassed");
            doubleCheck1 = Objects.requireNonNullElse(doubleCheck1, "agent-double-check-1/2");
            doubleCheck2 = Objects.requireNonNullElse(doubleCheck2, "agent-double-check-2/2");
            humanReview = Objects.requireNonNullElse(humanReview, "agent-human-review");
            humanApproved = Objects.requireNonNullElse(humanApproved, "agent-human-approved");
            handoff = Objects.requireNonNullElse(handoff, "agent-handoff");
            scheduled = Objects.requireNonNullElse(scheduled, "agent-scheduled");
            schedulePrefix = Objects.requireNonNullElse(schedulePrefix, "agent-schedule-");
            needsHuman = Objects.requireNonNullElse(needsHuman, "agent-needs-human");
        }

        public static Labels defaults() {
            return new Labels(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null);
        }
    }

    /** Which issues need the heavy (end-to-end) slot. Patterns are case-insensitive Java regexes. */
    public record HeavyRules(List<String> labels, String titlePattern, String bodyPattern) {
        public static final List<String> DEFAULT_LABELS =
                List.of("agent-e2e-heavy", "e2e", "playwright", "detox", "maestro");
        public static final String DEFAULT_TITLE_PATTERN = "e2e|end-to-end|end to end|playwright|detox|maestro";
        public static final String DEFAULT_BODY_PATTERN =
                "playwright|detox|maestro|e2e (?:test|tests|smoke|suite|run|runs|flaky|flake|spec)";

        public HeavyRules {
            labels = List.copyOf(Objects.requireNonNullElse(labels, DEFAULT_LABELS));
            titlePattern = Objects.requireNonNullElse(titlePattern, DEFAULT_TITLE_PATTERN);
            bodyPattern = Objects.requireNonNullElse(bodyPattern, DEFAULT_BODY_PATTERN);
        }

        public static HeavyRules defaults() {
            return new HeavyRules(null, null, null);
        }
    }

    /** Branch and session names; defaults derive from the profile id as the original's do. */
    public record Naming(
            String issueBranchPrefix,
            String prBranchPrefix,
            String issueSessionPrefix,
            String prSessionPrefix,
            List<String> managedBranchPrefixes) {
        public static Naming defaults(String id) {
            return new Naming("agent/" + id + "/issue", "agent/" + id + "/pr", id + "-issue-", id + "-pr-",
                    List.of("agent/" + id + "/", "codex/", "openclaw/"));
        }

        public Naming {
            managedBranchPrefixes = List.copyOf(Objects.requireNonNullElse(managedBranchPrefixes, List.of()));
        }

        /** Fills fields left out of a file from the id-derived defaults. */
        public Naming withDefaultsFor(String id) {
            Naming d = defaults(id);
            return new Naming(
                    issueBranchPrefix != null ? issueBranchPrefix : d.issueBranchPrefix,
                    prBranchPrefix != null ? prBranchPrefix : d.prBranchPrefix,
                    issueSessionPrefix != null ? issueSessionPrefix : d.issueSessionPrefix,
                    prSessionPrefix != null ? prSessionPrefix : d.prSessionPrefix,
                    managedBranchPrefixes.isEmpty() ? d.managedBranchPrefixes : managedBranchPrefixes);
        }
    }

    /**
     * Which issues the agent may work. The original launches on any open issue; we require the author to
     * hold {@code minimumPermission} on the repository, or a user holding it to have applied {@code optInLabel}.
     */
    public record Trust(Permission minimumPermission, String optInLabel) {
        public Trust {
            minimumPermission = Objects.requireNonNullElse(minimumPermission, Permission.WRITE);
            optInLabel = Objects.requireNonNullElse(optInLabel, "agent-ready");
        }

        public static Trust defaults() {
            return new Trust(null, null);
        }
    }

    /** Lifetime budget per issue and per PR across every lane and retry. */
    public record Budget(Integer maxAttempts, Integer maxAgentMinutes) {
        public Budget {
            maxAttempts = Objects.requireNonNullElse(maxAttempts, 6);
            maxAgentMinutes = Objects.requireNonNullElse(maxAgentMinutes, 180);
        }

        public static Budget defaults() {
            return new Budget(null, null);
        }
    }

    /** Where the control plane keeps its files for this profile, and how many run workspaces it keeps. */
    public record WorkspaceSettings(String root, String stateDir, String worktreeRoot, String runsRoot,
            Retention retention) {
        public WorkspaceSettings {
            retention = Objects.requireNonNullElseGet(retention, Retention::defaults);
        }

        public WorkspaceSettings(String root, String stateDir, String worktreeRoot, String runsRoot) {
            this(root, stateDir, worktreeRoot, runsRoot, null);
        }

        public static WorkspaceSettings defaults(String id) {
            return new WorkspaceSettings(null, null, null, null).withDefaultsFor(id);
        }

        /** Fills fields left out from the root, which defaults to {@code ~/.acp/<id>}. */
        public WorkspaceSettings withDefaultsFor(String id) {
            String r = root != null ? root : "~/.acp/" + id;
            return new WorkspaceSettings(r,
                    stateDir != null ? stateDir : r + "/state",
                    worktreeRoot != null ? worktreeRoot : r + "/worktrees",
                    runsRoot != null ? runsRoot : r + "/runs",
                    retention);
        }
    }

    /**
     * Limits on what a profile keeps, so that nothing grows without bound; a limit of 0 is no limit. Run workspaces
     * under {@code workspace.worktreeRoot}: workspaces of active runs are never removed; a resident lane (scheduled
     * and recurring issues) reuses its workspace, reset to clean, for up to {@code residentMaxTasks} runs while its
     * last run ended less than {@code residentMaxHours} ago (0 tasks: never reuse). Records: a finished, reconciled run
     * record (with its run directory) that no longer counts toward a budget is removed {@code runRecordDays} after it
     * ended; a done outbox intent and its idempotency key {@code outboxDays} after it was applied (never sooner than
     * the longest retry cooldown, and never while the run that wrote it is not reconciled).
     */
    public record Retention(Integer maxWorkspaces, Integer maxAgeHours, Integer maxDiskMb, Integer residentMaxTasks,
            Integer residentMaxHours, Integer runRecordDays, Integer outboxDays) {
        public Retention {
            maxWorkspaces = Objects.requireNonNullElse(maxWorkspaces, 20);
            maxAgeHours = Objects.requireNonNullElse(maxAgeHours, 72);
            maxDiskMb = Objects.requireNonNullElse(maxDiskMb, 10240);
            residentMaxTasks = Objects.requireNonNullElse(residentMaxTasks, 12);
            residentMaxHours = Objects.requireNonNullElse(residentMaxHours, 24);
            runRecordDays = Objects.requireNonNullElse(runRecordDays, 30);
            outboxDays = Objects.requireNonNullElse(outboxDays, 30);
        }

        /** The workspace limits alone; the record limits take their defaults. */
        public Retention(Integer maxWorkspaces, Integer maxAgeHours, Integer maxDiskMb, Integer residentMaxTasks,
                Integer residentMaxHours) {
            this(maxWorkspaces, maxAgeHours, maxDiskMb, residentMaxTasks, residentMaxHours, null, null);
        }

        public static Retention defaults() {
            return new Retention(null, null, null, null, null, null, null);
        }
    }

    /**
     * How the control plane spends the GitHub API budget of this profile's token. Reads are refused when fewer than
     * {@code readReserve} requests remain in the hour, writes when fewer than {@code reserve} remain, so the last
     * {@code reserve} requests are never spent; content-creating writes (comments, pull requests, reviews) are
     * spaced to at most {@code writesPerMinute}.
     */
    public record GitHubSettings(Integer reserve, Integer readReserve, Integer writesPerMinute) {
        public GitHubSettings {
            reserve = Objects.requireNonNullElse(reserve, 200);
            readReserve = Objects.requireNonNullElse(readReserve, 1000);
            writesPerMinute = Objects.requireNonNullElse(writesPerMinute, 80);
        }

        public static GitHubSettings defaults() {
            return new GitHubSettings(null, null, null);
        }
    }

    /**
     * How pull requests are assessed: which changed paths make a PR low-risk, critical or system-breaking, when its
     * scope is too broad, and whose review comments ask for a fix. Paths are globs over the repository's paths:
     * {@code *} and {@code ?} stay within a directory, {@code **} crosses directories ({@code **}{@code /} also
     * matches no directory at all), {@code {a,b}} is either. The original hard-coded these rules for one monorepo;
     * the defaults here fit any repository: CI workflows, build and lock files, migrations, release and deploy
     * scripts.
     *
     * @param lowRiskPaths a PR touching only these is low-risk (docs, Markdown)
     * @param criticalInfraPaths CI, build and lock files, database changes, scripts: tier critical-infra, which needs
     *     the agents' double-check
     * @param systemBreakingPaths the subset that can break production (migrations, release and deploy): a human must
     *     approve; they also count as critical-infra
     * @param criticalAppPaths application code where a mistake is costly (auth, billing): tier critical-app, and a PR
     *     mixing them with other product files is too broad
     * @param testPaths test files, which do not count toward {@code maxProductFiles}
     * @param maxProductFiles a PR changing more non-test, non-low-risk files than this is too broad (0: no limit)
     * @param reviewers whose review comments on the current head ask for a fix pass; {@code *} is anyone but the
     *     PR's author
     */
    public record AssessmentRules(
            List<String> lowRiskPaths,
            List<String> criticalInfraPaths,
            List<String> systemBreakingPaths,
            List<String> criticalAppPaths,
            List<String> testPaths,
            Integer maxProductFiles,
            List<String> reviewers) {
        public static final List<String> DEFAULT_LOW_RISK = List.of("docs/**", "*.md", "**/*.md", "LICENSE*",
                "**/*.txt");
        public static final List<String> DEFAULT_CRITICAL_INFRA = List.of(".github/workflows/**",
                ".github/actions/**", "**/package.json", "**/package-lock.json", "**/pnpm-lock.yaml",
                "**/pnpm-workspace.yaml", "**/yarn.lock", "**/turbo.json", "**/pom.xml", "**/build.gradle*",
                "**/settings.gradle*", "**/gradle/wrapper/**", "**/go.mod", "**/go.sum", "**/Cargo.toml",
                "**/Cargo.lock", "**/pyproject.toml", "**/poetry.lock", "**/requirements*.txt", "**/Pipfile.lock",
                "**/Gemfile.lock", "**/Dockerfile", "**/docker-compose*.y*ml", "Jenkinsfile", "Makefile",
                "**/migrations/**", "**/*.sql", "**/seed*", "scripts/**", "deploy/**", "infra/**");
        public static final List<String> DEFAULT_SYSTEM_BREAKING = List.of("**/migrations/**", "**/*.sql",
                "**/seed*", ".github/workflows/{release,deploy,go-live,production,hotfix,ship}*",
                "scripts/{release,deploy,go-live,production,rollback,seed,reseed,reset,migrate}*", "deploy/**");
        public static final List<String> DEFAULT_CRITICAL_APP = List.of("**/auth/**", "**/authentication/**",
                "**/security/**", "**/billing/**", "**/payments/**", "**/subscription/**");
        public static final List<String> DEFAULT_TESTS = List.of("**/test/**", "**/tests/**", "**/__tests__/**",
                "**/*.test.*", "**/*.spec.*", "**/*Test.java", "**/*Tests.java", "**/*_test.go", "**/test_*.py");
        public static final List<String> DEFAULT_REVIEWERS = List.of("chatgpt-codex-connector[bot]");

        public AssessmentRules {
            lowRiskPaths = List.copyOf(Objects.requireNonNullElse(lowRiskPaths, DEFAULT_LOW_RISK));
            criticalInfraPaths = List.copyOf(Objects.requireNonNullElse(criticalInfraPaths, DEFAULT_CRITICAL_INFRA));
            systemBreakingPaths = List.copyOf(Objects.requireNonNullElse(systemBreakingPaths,
                    DEFAULT_SYSTEM_BREAKING));
            criticalAppPaths = List.copyOf(Objects.requireNonNullElse(criticalAppPaths, DEFAULT_CRITICAL_APP));
            testPaths = List.copyOf(Objects.requireNonNullElse(testPaths, DEFAULT_TESTS));
            maxProductFiles = Objects.requireNonNullElse(maxProductFiles, 14);
            reviewers = List.copyOf(Objects.requireNonNullElse(reviewers, DEFAULT_REVIEWERS));
        }

        public static AssessmentRules defaults() {
            return new AssessmentRules(null, null, null, null, null, null, null);
        }
    }
}
