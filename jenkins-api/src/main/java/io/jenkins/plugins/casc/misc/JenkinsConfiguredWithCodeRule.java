package io.jenkins.plugins.casc.misc;

/** Declaration of casc-test-harness' {@code JenkinsConfiguredWithCodeRule}. */
public class JenkinsConfiguredWithCodeRule extends JenkinsConfiguredRule {
    public JenkinsConfiguredWithCodeRule() {
    }
}
