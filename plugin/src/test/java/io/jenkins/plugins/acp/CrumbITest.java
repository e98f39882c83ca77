package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Descriptor;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every form action of the plugin's descriptors (each doCheck, doFill and doTestConnection) refuses a POST without
 * a crumb (CSRF) and answers one with a crumb, so the refusal is not a wrong URL.
 */
@WithJenkins
class CrumbITest {
    @Test
    void everyFormActionRefusesAPostWithoutACrumb(JenkinsRule r) throws Exception {
        List<String> actions = new ArrayList<>();
        for (Descriptor<?> d : Jenkins.get().getExtensionList(Descriptor.class)) {
            if (!d.getClass().getName().startsWith("io.jenkins.plugins.acp.")) {
                continue;
            }
            for (Method m : d.getClass().getMethods()) {
                String name = m.getName();
                if (name.startsWith("doCheck") || name.startsWith("doFill") || name.equals("doTestConnection")) {
                    actions.add("descriptorByName/" + d.getId() + "/" + Character.toLowerCase(name.charAt(2))
                            + name.substring(3));
                }
            }
        }
        String profile = "descriptorByName/io.jenkins.plugins.acp.config.ProfileConfig/";
        assertThat(actions).as("form actions found").contains(profile + "checkYaml", profile + "checkWorkerJob",
                profile + "checkHeartbeatIntervalSeconds", profile + "checkCredentialsId",
                profile + "fillCredentialsIdItems", profile + "testConnection");

        JenkinsRule.WebClient web = r.createWebClient();
        web.setThrowExceptionOnFailingStatusCode(false);
        web.getOptions().setPrintContentOnFailingStatusCode(false);
        for (String action : actions) {
            WebRequest without = new WebRequest(new URL(r.getURL(), action), HttpMethod.POST);
            assertThat(web.getPage(without).getWebResponse().getStatusCode()).as("POST %s without a crumb", action)
                    .isEqualTo(403);
            WebRequest with = web.addCrumb(new WebRequest(new URL(r.getURL(), action), HttpMethod.POST));
            assertThat(web.getPage(with).getWebResponse().getStatusCode()).as("POST %s with a crumb", action)
                    .isEqualTo(200);
        }
    }
}
