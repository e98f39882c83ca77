package io.jenkins.plugins.acp.view;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.TopLevelItem;
import hudson.model.View;
import hudson.model.ViewDescriptor;
import io.jenkins.plugins.acp.AgentControlPlane;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A view "Agent Control Plane": its page is the dashboard, the same files as the standalone one, with the page's
 * base set to {@code JENKINS_URL/agent-control-plane/} so that its API calls go to {@link ControlPlaneAction} (the
 * view's own {@code api/} is Jenkins' remote API). It lists no jobs. Needs Agent Control Plane/View.
 */
public class ControlPlaneView extends View {
    @DataBoundConstructor
    public ControlPlaneView(String name) {
        super(name);
    }

    /** The view's name (its constructor's parameter). */
    public String getName() {
        return getViewName();
    }

    @NonNull
    @Override
    public Collection<TopLevelItem> getItems() {
        return List.of();
    }

    @Override
    public boolean contains(TopLevelItem item) {
        return false;
    }

    @Override
    public void onJobRenamed(Item item, String oldName, String newName) {
        // lists no jobs
    }

    @Override
    protected void submit(StaplerRequest2 req) {
        // nothing to configure beyond the name and description
    }

    @Override
    public Item doCreateItem(StaplerRequest2 req, StaplerResponse2 rsp) {
        return null;
    }

    /** The dashboard page, from the same files as the standalone dashboard. */
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        new JenkinsFacade().checkPermission(AgentControlPlane.VIEW);
        new DashboardEndpoint(ControlPlaneSnapshots::get).serve(req, rsp, "", req.getContextPath()
                + "/agent-control-plane/");
    }

    @Extension
    @Symbol("agentControlPlane")
    public static final class DescriptorImpl extends ViewDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.viewDisplayName();
        }
    }
}
