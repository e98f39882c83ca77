package com.cloudbees.plugins.credentials.common;

/** Declaration of credentials' {@code StandardUsernamePasswordCredentials} (intermediate interfaces omitted). Consumer-only. */
public interface StandardUsernamePasswordCredentials extends StandardCredentials {
}
