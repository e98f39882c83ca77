package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;

/** Declaration of credentials' {@code IdCredentials}. Consumer-only. */
public interface IdCredentials extends Credentials {
    String getId();
}
