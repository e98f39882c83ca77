package io.jenkins.plugins.acp.view;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.security.Permission;
import io.jenkins.plugins.acp.AgentControlPlane;
import io.jenkins.plugins.acp.AgentControlPlaneConfiguration;
import io.jenkins.plugins.acp.config.ProfileConfig;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The control plane in Jenkins: {@code /agent-control-plane/} serves the dashboard's page files and the JSON API
 * (ETag and 304) to holders of Agent Control Plane/View only; it writes nothing (405), and a POST without a crumb is
 * refused; the "Agent Control Plane" view serves the same page with its base at the root action.
 */
@WithJenkins
class ControlPlaneViewITest {
    JenkinsRule r;
    @TempDir
    Path tmp;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, AgentControlPlane.VIEW).everywhere().to("viewer")
                .grant(Jenkins.READ).everywhere().to("reader"));
        ProfileConfig demo = new ProfileConfig("""
                id: demo
                repository: {slug: acme/widgets}
                workspace: {root: "%s"}
                """.formatted(tmp));
        demo.setEnabled(false);
        AgentControlPlaneConfiguration.get().setProfiles(List.of(demo));
    }

    WebResponse get(JenkinsRule.WebClient wc, String path, String etag) throws Exception {
        WebRequest request = new WebRequest(new URL(r.getURL(), path));
        if (etag != null) {
            request.setAdditionalHeader("If-None-Match", etag);
        }
        wc.setThrowExceptionOnFailingStatusCode(false);
        return wc.loadWebResponse(request);
    }

    @Test
    void aViewerGetsThePageAndTheApiWithEtags() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login("viewer");
        WebResponse page = get(wc, "agent-control-plane/", null);
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(get(wc, "agent-control-plane/app.js", null).getContentAsString()).contains("api/snapshot");

        WebResponse snapshot = get(wc, "agent-control-plane/api/snapshot", null);
        assertThat(snapshot.getStatusCode()).isEqualTo(200);
        assertThat(snapshot.getContentType()).isEqualTo("application/json");
        assertThat(snapshot.getContentAsString()).contains("\"id\":\"demo\"").contains("\"repository\":\"acme/widgets\"");
        String etag = snapshot.getResponseHeaderValue("ETag");
        assertThat(etag).startsWith("\"");
        assertThat(get(wc, "agent-control-plane/api/snapshot", etag).getStatusCode()).isEqualTo(304);

        assertThat(get(wc, "agent-control-plane/api/runs?status=done", null)).satisfies(w -> {
            assertThat(w.getStatusCode()).isEqualTo(400);
            assertThat(w.getContentAsString()).contains("status: unknown run phase 'done'");
        });
        assertThat(get(wc, "agent-control-plane/api/runs/nope", null).getStatusCode()).isEqualTo(404);
        assertThat(get(wc, "agent-control-plane/api/items/demo/issue-12", null).getContentAsString())
                .contains("\"profile\":\"demo\"");
    }

    @Test
    void thePermissionIsAgentControlPlaneViewImpliedByAdminister() throws Exception {
        // the id an authorization strategy stores (matrix-auth's XML and JCasC name permissions by it)
        Permission view = Permission.fromId("io.jenkins.plugins.acp.AgentControlPlane.View");
        assertThat(view).isSameAs(AgentControlPlane.VIEW);
        assertThat(view.group.title.toString()).isEqualTo("Agent Control Plane");
        assertThat(view.impliedBy).isSameAs(Jenkins.ADMINISTER);
        assertThat(get(r.createWebClient().login("admin"), "agent-control-plane/api/snapshot", null).getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void withoutTheViewPermissionNothingIsShown() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login("reader");
        assertThat(get(wc, "agent-control-plane/", null).getStatusCode()).isEqualTo(403);
        assertThat(get(wc, "agent-control-plane/api/snapshot", null).getStatusCode()).isEqualTo(403);
        assertThat(get(wc, "agent-control-plane/app.js", null).getStatusCode()).isEqualTo(403);
    }

    @Test
    void itWritesNothingAndAPostWithoutCrumbIsRefused() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().login("admin");
        wc.setThrowExceptionOnFailingStatusCode(false);
        WebRequest noCrumb = new WebRequest(new URL(r.getURL(), "agent-control-plane/api/snapshot"), HttpMethod.POST);
        assertThat(wc.loadWebResponse(noCrumb).getStatusCode()).isEqualTo(403);
        WebRequest withCrumb = new WebRequest(new URL(r.getURL(), "agent-control-plane/api/snapshot"), HttpMethod.POST);
        wc.addCrumb(withCrumb);
        WebResponse refused = wc.loadWebResponse(withCrumb);
        assertThat(refused.getStatusCode()).isEqualTo(405);
        assertThat(refused.getContentAsString()).contains("the dashboard is read-only");
    }

    @Test
    void theViewServesTheSamePageBasedAtTheRootAction() throws Exception {
        r.jenkins.addView(new ControlPlaneView("control-plane"));
        JenkinsRule.WebClient wc = r.createWebClient().login("viewer");
        WebResponse page = get(wc, "view/control-plane/", null);
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("<base href=\"/jenkins/agent-control-plane/\">")
                .contains("src=\"app.js\"");
        assertThat(get(r.createWebClient().login("reader"), "view/control-plane/", null).getStatusCode())
                .isEqualTo(403);
    }
}
