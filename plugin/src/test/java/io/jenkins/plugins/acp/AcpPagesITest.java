package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.acp.config.ProfileConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The plugin's pages in Chromium ({@code e2e/jenkins-pages.mjs}): each loads with no console error (Jenkins enforces
 * its Content-Security-Policy under tests) and shows the plugin; the screenshots are kept in
 * {@code target/screenshots/} as test artifacts.
 */
@WithJenkins
class AcpPagesITest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    private static final BrowserScript PAGES = new BrowserScript("jenkins-pages.mjs");

    @Test
    void theManagementPageLoadsCleanInChromium(JenkinsRule r) throws Exception {
        AgentControlPlaneConfiguration.get().setProfiles(List.of(new ProfileConfig("id: demo\nrepository: {slug: acme/demo}\n")));

        BrowserScript.Result result = PAGES.run(r.getURL().toString(), SCREENSHOTS.toString(), "management");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok management");
        assertThat(Files.size(SCREENSHOTS.resolve("management.png"))).isPositive();
    }

    @Test
    @Tag(FromSourceJenkins.JELLY_PUBLIC_FIELDS)
    void theConfigurationPageLoadsCleanInChromium(JenkinsRule r) throws Exception {
        AgentControlPlaneConfiguration.get().setProfiles(List.of(new ProfileConfig("id: demo\nrepository: {slug: acme/demo}\n")));

        BrowserScript.Result result = PAGES.run(r.getURL().toString(), SCREENSHOTS.toString(), "configure");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok configure");
        assertThat(Files.size(SCREENSHOTS.resolve("configure.png"))).isPositive();
    }
}
