package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import hudson.util.Secret;

/** Declaration of credentials' {@code PasswordCredentials}. Consumer-only. */
public interface PasswordCredentials extends Credentials {
    Secret getPassword();
}
