package org.jenkinsci.plugins.github_branch_source;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Item;
import java.io.IOException;
import org.kohsuke.github.GitHub;

/** Declaration of github-branch-source's {@code Connector}; the authenticated-client entry points. */
public class Connector {
    private Connector() {
    }

    public static StandardCredentials lookupScanCredentials(Item context, String apiUri, String scanCredentialsId,
            String repoOwner) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static GitHub connect(String apiUri, StandardCredentials credentials) throws IOException {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public static void release(GitHub hub) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
