package io.jenkins.plugins.acp.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentcontrolplane.core.profile.LoadedProfile;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileKeys;
import io.agentcontrolplane.core.profile.ProfileLoader;
import io.agentcontrolplane.core.profile.ProfileProblem;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the Jenkins configuration ({@link ProfileConfig}) and the engine's {@link Profile}. To a profile,
 * the configuration is written as a profile file tree (the keys of {@code docs/profile.md}) and read by
 * {@link ProfileLoader}, so Jenkins validates exactly as {@code acp validate} does; the only problems added here are
 * those a mapping cannot express (a backend or template lane given twice in a Jenkins list).
 */
public final class ProfileConversion {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ProfileConversion() {
    }

    /** The source name problems carry: {@code Jenkins profile 'widgets'}. */
    public static String sourceName(ProfileConfig config) {
        return "Jenkins profile '" + (config.getId() == null ? "" : config.getId()) + "'";
    }

    /** The configuration read by the engine: its profile, or every problem (field paths as in a profile file). */
    public static LoadedProfile load(ProfileConfig config) {
        String source = sourceName(config);
        List<ProfileProblem> extra = new ArrayList<>();
        ObjectNode tree = toTree(config, source, extra);
        String text;
        try {
            text = FieldValidation.YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        LoadedProfile loaded = ProfileLoader.load(text, source);
        List<ProfileProblem> problems = new ArrayList<>(extra);
        // Line numbers refer to the generated text, which nobody sees: leave them out.
        loaded.problems().forEach(p -> problems.add(new ProfileProblem(p.file(), p.field(), withoutLine(p.message()))));
        return problems.isEmpty() ? loaded : new LoadedProfile(source, null, problems);
    }

    /** The configuration as a profile file tree (what {@code ProfileWriter} would write for the same settings). */
    public static ObjectNode toTree(ProfileConfig c) {
        return toTree(c, sourceName(c), new ArrayList<>());
    }

    private static ObjectNode toTree(ProfileConfig c, String source, List<ProfileProblem> problems) {
        ObjectNode root = F.objectNode();
        root.put(ProfileKeys.SCHEMA_VERSION, ProfileKeys.CURRENT_SCHEMA_VERSION);
        put(root, "id", c.getId());
        RepositoryConfig repo = c.getRepository();
        if (repo != null) {
            ObjectNode r = root.putObject("repository");
            put(r, "slug", repo.getSlug());
            put(r, "defaultBranch", repo.getDefaultBranch());
            put(r, "apiUrl", repo.getApiUrl());
            put(r, "cloneUrl", repo.getCloneUrl());
            if (!repo.getVerifyCommands().isEmpty()) {
                putList(r, "verifyCommands", repo.getVerifyCommands());
            }
        }
        if (c.getCredentialsId() != null || c.getTokenEnv() != null) {
            ObjectNode cr = root.putObject("credentials");
            put(cr, "tokenEnv", c.getTokenEnv());
            put(cr, "credentialsId", c.getCredentialsId());
        }
        agent(root, c.getAgent(), source, problems);
        LimitsConfig l = c.getLimits();
        if (l != null) {
            ObjectNode n = root.putObject("limits");
            put(n, "maxWorkers", l.getMaxWorkers());
            put(n, "maxPrWorkers", l.getMaxPrWorkers());
            put(n, "maxHeavyWorkers", l.getMaxHeavyWorkers());
            put(n, "maxRecurringWorkers", l.getMaxRecurringWorkers());
            put(n, "maxScheduledWorkers", l.getMaxScheduledWorkers());
            put(n, "maxScheduledHeavyWorkers", l.getMaxScheduledHeavyWorkers());
            put(n, "maxBlockedRecoveryWorkers", l.getMaxBlockedRecoveryWorkers());
            put(n, "blockedRecoveryCooldownSeconds", l.getBlockedRecoveryCooldownSeconds());
            put(n, "maxOpenAgentPrsForRecurring", l.getMaxOpenAgentPrsForRecurring());
            put(n, "maxLaunchesPerHeartbeat", l.getMaxLaunchesPerHeartbeat());
            put(n, "doubleCheckFastLaunches", l.getDoubleCheckFastLaunches());
            put(n, "prReservationFloor", l.getPrReservationFloor());
        }
        SchedulesConfig s = c.getSchedules();
        if (s != null) {
            ObjectNode n = root.putObject("schedules");
            putList(n, "retryCooldowns", s.getRetryCooldowns());
            putList(n, "providerCooldowns", s.getProviderCooldowns());
        }
        LabelsConfig lb = c.getLabels();
        if (lb != null) {
            ObjectNode n = root.putObject("labels");
            put(n, "running", lb.getRunning());
            put(n, "blocked", lb.getBlocked());
            put(n, "keepOpen", lb.getKeepOpen());
            put(n, "heavy", lb.getHeavy());
            put(n, "exclusive", lb.getExclusive());
            put(n, "automerge", lb.getAutomerge());
            put(n, "repairQueued", lb.getRepairQueued());
            put(n, "manualFixOverride", lb.getManualFixOverride());
            put(n, "ciRefresh", lb.getCiRefresh());
            put(n, "ciBypassed", lb.getCiBypassed());
            put(n, "doubleCheck1", lb.getDoubleCheck1());
            put(n, "doubleCheck2", lb.getDoubleCheck2());
            put(n, "humanReview", lb.getHumanReview());
            put(n, "humanApproved", lb.getHumanApproved());
            put(n, "handoff", lb.getHandoff());
            put(n, "scheduled", lb.getScheduled());
            put(n, "schedulePrefix", lb.getSchedulePrefix());
            put(n, "needsHuman", lb.getNeedsHuman());
        }
        HeavyConfig h = c.getHeavy();
        if (h != null) {
            ObjectNode n = root.putObject("heavy");
            putList(n, "labels", h.getLabels());
            put(n, "titlePattern", h.getTitlePattern());
            put(n, "bodyPattern", h.getBodyPattern());
        }
        NamingConfig nm = c.getNaming();
        if (nm != null) {
            ObjectNode n = root.putObject("naming");
            put(n, "issueBranchPrefix", nm.getIssueBranchPrefix());
            put(n, "prBranchPrefix", nm.getPrBranchPrefix());
            put(n, "issueSessionPrefix", nm.getIssueSessionPrefix());
            put(n, "prSessionPrefix", nm.getPrSessionPrefix());
            putList(n, "managedBranchPrefixes", nm.getManagedBranchPrefixes());
        }
        TrustConfig t = c.getTrust();
        if (t != null) {
            ObjectNode n = root.putObject("trust");
            put(n, "minimumPermission", t.getMinimumPermission());
            put(n, "optInLabel", t.getOptInLabel());
        }
        BudgetConfig b = c.getBudget();
        if (b != null) {
            ObjectNode n = root.putObject("budget");
            put(n, "maxAttempts", b.getMaxAttempts());
            put(n, "maxAgentMinutes", b.getMaxAgentMinutes());
        }
        WorkspaceConfig w = c.getWorkspace();
        if (w != null) {
            ObjectNode n = root.putObject("workspace");
            put(n, "root", w.getRoot());
            put(n, "stateDir", w.getStateDir());
            put(n, "worktreeRoot", w.getWorktreeRoot());
            put(n, "runsRoot", w.getRunsRoot());
            RetentionConfig r = w.getRetention();
            if (r != null) {
                ObjectNode rn = n.putObject("retention");
                put(rn, "maxWorkspaces", r.getMaxWorkspaces());
                put(rn, "maxAgeHours", r.getMaxAgeHours());
                put(rn, "maxDiskMb", r.getMaxDiskMb());
                put(rn, "residentMaxTasks", r.getResidentMaxTasks());
                put(rn, "residentMaxHours", r.getResidentMaxHours());
                put(rn, "runRecordDays", r.getRunRecordDays());
                put(rn, "outboxDays", r.getOutboxDays());
            }
        }
        GitHubConfig g = c.getGithub();
        if (g != null) {
            ObjectNode n = root.putObject("github");
            put(n, "reserve", g.getReserve());
            put(n, "readReserve", g.getReadReserve());
            put(n, "writesPerMinute", g.getWritesPerMinute());
        }
        AssessmentConfig a = c.getAssessment();
        if (a != null) {
            ObjectNode n = root.putObject("assessment");
            putList(n, "lowRiskPaths", a.getLowRiskPaths());
            putList(n, "criticalInfraPaths", a.getCriticalInfraPaths());
            putList(n, "systemBreakingPaths", a.getSystemBreakingPaths());
            putList(n, "criticalAppPaths", a.getCriticalAppPaths());
            putList(n, "testPaths", a.getTestPaths());
            put(n, "maxProductFiles", a.getMaxProductFiles());
            putList(n, "reviewers", a.getReviewers());
        }
        List<TemplateConfig> templates = c.getTemplates();
        if (templates != null && !templates.isEmpty()) {
            ObjectNode n = root.putObject("templates");
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < templates.size(); i++) {
                TemplateConfig tc = templates.get(i);
                String lane = tc.getLane() == null ? "" : tc.getLane();
                Integer before = seen.putIfAbsent(lane, i);
                if (before != null) {
                    problems.add(new ProfileProblem(source, "templates[" + i + "].lane", "lane '" + lane
                            + "' is already given by templates[" + before + "]; each lane has at most one template"));
                    continue;
                }
                if (tc.getPath() == null) {
                    problems.add(new ProfileProblem(source, "templates." + lane, "needs a template path"));
                    continue;
                }
                n.put(lane, tc.getPath());
            }
        }
        return root;
    }

    private static void agent(ObjectNode root, AgentConfig a, String source, List<ProfileProblem> problems) {
        if (a == null) {
            return;
        }
        ObjectNode n = root.putObject("agent");
        put(n, "backend", a.getBackend());
        List<BackendConfig> backends = a.getBackends();
        if (backends != null && !backends.isEmpty()) {
            ObjectNode bn = n.putObject("backends");
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < backends.size(); i++) {
                BackendConfig bc = backends.get(i);
                String name = bc.getName() == null ? "" : bc.getName();
                Integer before = seen.putIfAbsent(name, i);
                if (before != null) {
                    problems.add(new ProfileProblem(source, "agent.backends[" + i + "].name", "backend '" + name
                            + "' is already configured by agent.backends[" + before + "]; give each backend once"));
                    continue;
                }
                ObjectNode e = bn.putObject(name);
                put(e, "model", bc.getModel());
                put(e, "effort", bc.getEffort());
                put(e, "timeoutSeconds", bc.getTimeoutSeconds());
                put(e, "stallSeconds", bc.getStallSeconds());
                put(e, "maxAttempts", bc.getMaxAttempts());
                put(e, "retryBackoffSeconds", bc.getRetryBackoffSeconds());
                putList(e, "command", bc.getCommand());
                List<OptionConfig> options = bc.getOptions();
                if (options != null && !options.isEmpty()) {
                    ObjectNode on = e.putObject("options");
                    for (int j = 0; j < options.size(); j++) {
                        OptionConfig o = options.get(j);
                        String key = o.getName() == null ? "" : o.getName();
                        if (on.has(key)) {
                            problems.add(new ProfileProblem(source, "agent.backends." + name + ".options[" + j + "].name",
                                    "option '" + key + "' is given twice"));
                            continue;
                        }
                        put(on, key, o.getValue());
                    }
                }
            }
        }
        List<PoolConfig> pools = a.getPools();
        if (pools != null && !pools.isEmpty()) {
            ArrayNode pn = n.putArray("pools");
            for (PoolConfig p : pools) {
                ObjectNode e = pn.addObject();
                put(e, "name", p.getName());
                put(e, "backend", p.getBackend());
                put(e, "model", p.getModel());
            }
        }
    }

    /** The Jenkins configuration holding every setting of {@code p} (Jenkins-only settings at their defaults). */
    public static ProfileConfig fromProfile(Profile p) {
        RepositoryConfig repo = new RepositoryConfig(p.repository().slug());
        repo.setDefaultBranch(p.repository().defaultBranch());
        repo.setApiUrl(p.repository().apiUrl());
        repo.setCloneUrl(p.repository().cloneUrl());
        repo.setVerifyCommands(p.repository().verifyCommands());
        ProfileConfig c = new ProfileConfig(p.id(), repo);
        c.setCredentialsId(p.credentials().credentialsId());
        c.setTokenEnv(p.credentials().tokenEnv());

        AgentConfig agent = new AgentConfig();
        agent.setBackend(p.agent().backend());
        List<BackendConfig> backends = new ArrayList<>();
        p.agent().backends().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Profile.BackendSettings s = e.getValue();
            BackendConfig bc = new BackendConfig(e.getKey());
            bc.setModel(s.model());
            bc.setEffort(s.effort());
            bc.setTimeoutSeconds(s.timeoutSeconds());
            bc.setStallSeconds(s.stallSeconds());
            bc.setMaxAttempts(s.maxAttempts());
            bc.setRetryBackoffSeconds(s.retryBackoffSeconds());
            bc.setCommand(s.command().isEmpty() ? null : s.command());
            List<OptionConfig> options = new ArrayList<>();
            s.options().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(o -> options.add(new OptionConfig(o.getKey(), o.getValue())));
            bc.setOptions(options);
            backends.add(bc);
        });
        agent.setBackends(backends);
        List<PoolConfig> pools = new ArrayList<>();
        for (Profile.ProviderPool pool : p.agent().pools()) {
            PoolConfig pc = new PoolConfig(pool.name(), pool.backend());
            pc.setModel(pool.model());
            pools.add(pc);
        }
        agent.setPools(pools);
        c.setAgent(agent);

        Profile.Limits l = p.limits();
        LimitsConfig limits = new LimitsConfig();
        limits.setMaxWorkers(l.maxWorkers());
        limits.setMaxPrWorkers(l.maxPrWorkers());
        limits.setMaxHeavyWorkers(l.maxHeavyWorkers());
        limits.setMaxRecurringWorkers(l.maxRecurringWorkers());
        limits.setMaxScheduledWorkers(l.maxScheduledWorkers());
        limits.setMaxScheduledHeavyWorkers(l.maxScheduledHeavyWorkers());
        limits.setMaxBlockedRecoveryWorkers(l.maxBlockedRecoveryWorkers());
        limits.setBlockedRecoveryCooldownSeconds(l.blockedRecoveryCooldownSeconds());
        limits.setMaxOpenAgentPrsForRecurring(l.maxOpenAgentPrsForRecurring());
        limits.setMaxLaunchesPerHeartbeat(l.maxLaunchesPerHeartbeat());
        limits.setDoubleCheckFastLaunches(l.doubleCheckFastLaunches());
        limits.setPrReservationFloor(l.prReservationFloor());
        c.setLimits(limits);

        SchedulesConfig schedules = new SchedulesConfig();
        schedules.setRetryCooldowns(p.schedules().retryCooldowns());
        schedules.setProviderCooldowns(p.schedules().providerCooldowns());
        c.setSchedules(schedules);

        Profile.Labels lb = p.labels();
        LabelsConfig labels = new LabelsConfig();
        labels.setRunning(lb.running());
        labels.setBlocked(lb.blocked());
        labels.setKeepOpen(lb.keepOpen());
        labels.setHeavy(lb.heavy());
        labels.setExclusive(lb.exclusive());
        labels.setAutomerge(lb.automerge());
        labels.setRepairQueued(lb.repairQueued());
        labels.setManualFixOverride(lb.manualFixOverride());
        labels.setCiRefresh(lb.ciRefresh());
        labels.setCiBypassed(lb.ciBypassed());
        labels.setDoubleCheck1(lb.doubleCheck1());
        labels.setDoubleCheck2(lb.doubleCheck2());
        labels.setHumanReview(lb.humanReview());
        labels.setHumanApproved(lb.humanApproved());
        labels.setHandoff(lb.handoff());
        labels.setScheduled(lb.scheduled());
        labels.setSchedulePrefix(lb.schedulePrefix());
        labels.setNeedsHuman(lb.needsHuman());
        c.setLabels(labels);

        HeavyConfig heavy = new HeavyConfig();
        heavy.setLabels(p.heavy().labels());
        heavy.setTitlePattern(p.heavy().titlePattern());
        heavy.setBodyPattern(p.heavy().bodyPattern());
        c.setHeavy(heavy);

        NamingConfig naming = new NamingConfig();
        naming.setIssueBranchPrefix(p.naming().issueBranchPrefix());
        naming.setPrBranchPrefix(p.naming().prBranchPrefix());
        naming.setIssueSessionPrefix(p.naming().issueSessionPrefix());
        naming.setPrSessionPrefix(p.naming().prSessionPrefix());
        naming.setManagedBranchPrefixes(p.naming().managedBranchPrefixes());
        c.setNaming(naming);

        TrustConfig trust = new TrustConfig();
        trust.setMinimumPermission(p.trust().minimumPermission().wireName());
        trust.setOptInLabel(p.trust().optInLabel());
        c.setTrust(trust);

        BudgetConfig budget = new BudgetConfig();
        budget.setMaxAttempts(p.budget().maxAttempts());
        budget.setMaxAgentMinutes(p.budget().maxAgentMinutes());
        c.setBudget(budget);

        WorkspaceConfig ws = new WorkspaceConfig();
        ws.setRoot(p.workspace().root());
        ws.setStateDir(p.workspace().stateDir());
        ws.setWorktreeRoot(p.workspace().worktreeRoot());
        ws.setRunsRoot(p.workspace().runsRoot());
        RetentionConfig retention = new RetentionConfig();
        retention.setMaxWorkspaces(p.workspace().retention().maxWorkspaces());
        retention.setMaxAgeHours(p.workspace().retention().maxAgeHours());
        retention.setMaxDiskMb(p.workspace().retention().maxDiskMb());
        retention.setResidentMaxTasks(p.workspace().retention().residentMaxTasks());
        retention.setResidentMaxHours(p.workspace().retention().residentMaxHours());
        retention.setRunRecordDays(p.workspace().retention().runRecordDays());
        retention.setOutboxDays(p.workspace().retention().outboxDays());
        ws.setRetention(retention);
        c.setWorkspace(ws);

        GitHubConfig github = new GitHubConfig();
        github.setReserve(p.github().reserve());
        github.setReadReserve(p.github().readReserve());
        github.setWritesPerMinute(p.github().writesPerMinute());
        c.setGithub(github);

        AssessmentConfig assessment = new AssessmentConfig();
        assessment.setLowRiskPaths(p.assessment().lowRiskPaths());
        assessment.setCriticalInfraPaths(p.assessment().criticalInfraPaths());
        assessment.setSystemBreakingPaths(p.assessment().systemBreakingPaths());
        assessment.setCriticalAppPaths(p.assessment().criticalAppPaths());
        assessment.setTestPaths(p.assessment().testPaths());
        assessment.setMaxProductFiles(p.assessment().maxProductFiles());
        assessment.setReviewers(p.assessment().reviewers());
        c.setAssessment(assessment);

        List<TemplateConfig> templates = new ArrayList<>();
        p.templates().entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(laneOrder(a), laneOrder(b))))
                .forEach(e -> templates.add(new TemplateConfig(e.getKey(), e.getValue())));
        c.setTemplates(templates);
        return c;
    }

    private static int laneOrder(String lane) {
        int i = ProfileKeys.TEMPLATE_LANES.indexOf(lane);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /** A loader message without its trailing {@code (line N)}. */
    static String withoutLine(String message) {
        return message.replaceFirst(" \\(line \\d+(, column \\d+)?\\)$", "");
    }

    private static void put(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private static void put(ObjectNode node, String key, Integer value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private static void putList(ObjectNode node, String key, List<?> values) {
        if (values != null) {
            node.set(key, FieldValidation.YAML.valueToTree(values));
        }
    }
}
