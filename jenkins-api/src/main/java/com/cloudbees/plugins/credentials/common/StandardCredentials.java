package com.cloudbees.plugins.credentials.common;

/** Declaration of credentials' {@code StandardCredentials}. Consumer-only. */
public interface StandardCredentials extends IdCredentials {
    String getDescription();
}
