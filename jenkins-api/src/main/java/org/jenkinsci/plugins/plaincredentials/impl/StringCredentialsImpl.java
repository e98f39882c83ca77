package org.jenkinsci.plugins.plaincredentials.impl;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Declaration of plain-credentials' {@code StringCredentialsImpl} (real superclass {@code BaseStandardCredentials}
 * omitted): secret text, for the plugin's {@code *ITest}s.
 */
public final class StringCredentialsImpl implements StringCredentials {
    private static final long serialVersionUID = 1L;

    public StringCredentialsImpl(CredentialsScope scope, String id, String description, Secret secret) {
    }

    @Override
    public Secret getSecret() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public String getId() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public String getDescription() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
