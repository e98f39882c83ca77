package io.jenkins.plugins.acp.job;

import hudson.ExtensionList;
import hudson.model.Item;
import hudson.model.ParameterDefinition;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.StringParameterDefinition;
import io.jenkins.plugins.acp.AgentControlPlaneConfiguration;
import io.jenkins.plugins.acp.JenkinsFacade;
import io.jenkins.plugins.acp.WorkerParameters;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.ModifiableTopLevelItemGroup;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;

/**
 * The worker job of a profile made from the template: a Pipeline job with the four worker parameters
 * ({@code ACP_PROFILE} defaulting to the profile) and the script {@link #SCRIPT}, sandboxed. docs/worker-job.md
 * shows the same job as Job DSL.
 */
public final class WorkerJobs {
    /** The template's Pipeline: the run on a node, then its result to GitHub on the controller. */
    public static final String SCRIPT = """
            def worker
            node {
              worker = acpWorker()
            }
            echo "Agent Control Plane: run ${worker.runId} ${worker.status}"
            acpReconcile()
            """;

    private WorkerJobs() {
    }

    /** Whether the configured profile's worker job does not exist (false for an unknown profile). */
    public static boolean missing(String profileId) {
        return AgentControlPlaneConfiguration.get().profile(profileId)
                .map(p -> new JenkinsFacade().findItem(nameFor(p)).isEmpty()).orElse(false);
    }

    /** The answer to "Create worker job": a redirect to the new job, or 400 saying why not. */
    public static HttpResponse createFor(String profileId) {
        ProfileConfig profile = AgentControlPlaneConfiguration.get().profile(profileId).orElse(null);
        if (profile == null) {
            return HttpResponses.errorWithoutStack(400, "no Agent Control Plane profile '" + profileId + "'");
        }
        try {
            WorkflowJob job = create(profile);
            return HttpResponses.redirectTo(job.getAbsoluteUrl());
        } catch (IllegalArgumentException e) {
            return HttpResponses.errorWithoutStack(400, e.getMessage());
        } catch (IOException e) {
            return HttpResponses.errorWithoutStack(500, "the worker job of profile '" + profileId
                    + "' could not be created: " + e.getMessage());
        }
    }

    /** The job's name for a profile: its {@code workerJob}, else {@code <id>-worker}. */
    public static String nameFor(ProfileConfig profile) {
        String job = profile.getWorkerJob();
        return job != null && !job.isBlank() ? job : profile.getId() + "-worker";
    }

    /**
     * Creates the profile's worker job from the template, in the folder its full name names (which must exist), and
     * makes it the profile's {@code workerJob}. Refuses (IllegalArgumentException, in words) when an item of that name
     * exists or the folder does not.
     */
    public static WorkflowJob create(ProfileConfig profile) throws IOException {
        String fullName = nameFor(profile);
        JenkinsFacade jenkins = new JenkinsFacade();
        if (jenkins.findItem(fullName).isPresent()) {
            throw new IllegalArgumentException("an item named '" + fullName + "' already exists; the worker job of"
                    + " profile '" + profile.getId() + "' is not created over it");
        }
        int slash = fullName.lastIndexOf('/');
        ModifiableTopLevelItemGroup parent = (ModifiableTopLevelItemGroup) jenkins.root();
        if (slash > 0) {
            Item folder = jenkins.findItem(fullName.substring(0, slash)).orElse(null);
            if (!(folder instanceof ModifiableTopLevelItemGroup group)) {
                throw new IllegalArgumentException("the folder '" + fullName.substring(0, slash) + "' of worker job '"
                        + fullName + "' does not exist");
            }
            parent = group;
        }
        WorkflowJob job = (WorkflowJob) parent.createProject(
                ExtensionList.lookupSingleton(WorkflowJob.DescriptorImpl.class), fullName.substring(slash + 1), true);
        List<ParameterDefinition> parameters = new ArrayList<>();
        for (String name : WorkerParameters.NAMES) {
            parameters.add(new StringParameterDefinition(name,
                    name.equals(WorkerParameters.PROFILE) ? profile.getId() : ""));
        }
        job.addProperty(new ParametersDefinitionProperty(parameters));
        try {
            job.setDefinition(new CpsFlowDefinition(SCRIPT, true));
        } catch (hudson.model.Descriptor.FormException e) {
            throw new IOException("the template's Pipeline was refused: " + e.getMessage(), e);
        }
        job.save();
        if (!fullName.equals(profile.getWorkerJob())) {
            profile.setWorkerJob(fullName);
            AgentControlPlaneConfiguration all = AgentControlPlaneConfiguration.get();
            all.setProfiles(all.getProfiles());
        }
        return job;
    }
}
