package com.cloudbees.plugins.credentials;

import java.io.IOException;
import java.util.List;

/**
 * Declaration of credentials' {@code SystemCredentialsProvider} (real superclass {@code AbstractDescribableImpl}
 * and interfaces omitted): the global credentials store, for the plugin's {@code *ITest}s.
 */
public class SystemCredentialsProvider {
    public SystemCredentialsProvider() {
    }

    public static SystemCredentialsProvider getInstance() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public List<Credentials> getCredentials() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public void save() throws IOException {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
