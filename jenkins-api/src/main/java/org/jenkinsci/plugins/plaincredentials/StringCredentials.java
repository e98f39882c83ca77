package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

/** Declaration of plain-credentials' {@code StringCredentials}. Consumer-only. */
public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
