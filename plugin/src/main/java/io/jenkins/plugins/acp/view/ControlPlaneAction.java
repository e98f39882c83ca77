package io.jenkins.plugins.acp.view;

import hudson.Extension;
import hudson.model.RootAction;
import io.jenkins.plugins.acp.AgentControlPlane;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.io.IOException;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code JENKINS_URL/agent-control-plane/}: the dashboard page and the same JSON API as {@code acp dashboard}
 * (docs/api.md), for users with Overall/Read and Agent Control Plane/View. It writes nothing: any method but GET and
 * HEAD is refused (405), and a POST without a crumb is refused by Jenkins before it gets here.
 */
@Extension
public class ControlPlaneAction implements RootAction {
    private final DashboardEndpoint endpoint = new DashboardEndpoint(ControlPlaneSnapshots::get);

    @Override
    public String getIconFileName() {
        return new JenkinsFacade().hasPermission(AgentControlPlane.VIEW) ? "symbol-details" : null;
    }

    @Override
    public String getDisplayName() {
        return Messages.ControlPlaneAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "agent-control-plane";
    }

    /** The page. */
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        new JenkinsFacade().checkPermission(AgentControlPlane.VIEW);
        endpoint.serve(req, rsp, "", null);
    }

    /** The page's files, the API and the metrics. */
    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        new JenkinsFacade().checkPermission(AgentControlPlane.VIEW);
        String rest = req.getRestOfPath();
        endpoint.serve(req, rsp, rest.startsWith("/") ? rest.substring(1) : rest, null);
    }
}
