package io.jenkins.plugins.casc.misc;

import org.jvnet.hudson.test.JenkinsRule;

/** Declaration of casc-test-harness' {@code JenkinsConfiguredRule}. */
public class JenkinsConfiguredRule extends JenkinsRule {
    public JenkinsConfiguredRule() {
    }
}
