package com.cloudbees.plugins.credentials.common;

/**
 * Declaration of credentials' {@code StandardUsernamePasswordCredentials} (intermediate interfaces
 * {@code StandardUsernameCredentials}, {@code UsernamePasswordCredentials} omitted). Consumer-only.
 */
public interface StandardUsernamePasswordCredentials extends StandardCredentials, PasswordCredentials {
}
