package org.jvnet.hudson.test;

import hudson.model.Result;
import hudson.model.Run;
import java.io.IOException;
import jenkins.model.Jenkins;

/**
 * Declaration of jenkins-test-harness' {@code JenkinsRule}, for the plugin's {@code *ITest}s (compiled here, run only
 * in the real build). Real supertypes (JUnit 4 rules, RootAction) omitted.
 */
public class JenkinsRule {
    public Jenkins jenkins;

    public JenkinsRule() {
    }

    public void configRoundtrip() throws Exception {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public void waitUntilNoActivity() throws Exception {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public <R extends Run<?, ?>> R waitForCompletion(R r) throws InterruptedException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public <R extends Run<?, ?>> R assertBuildStatusSuccess(R r) throws Exception {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public void assertLogContains(String substring, Run<?, ?> run) throws IOException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public <R extends Run<?, ?>> R assertBuildStatus(Result status, R r) throws Exception {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public void assertLogNotContains(String substring, Run<?, ?> run) throws IOException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static String getLog(Run<?, ?> run) throws IOException {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
