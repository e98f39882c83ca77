package com.cloudbees.plugins.credentials.domains;

import java.util.List;

/** Declaration of credentials' {@code URIRequirementBuilder}. */
public class URIRequirementBuilder {
    private URIRequirementBuilder() {
    }

    public static URIRequirementBuilder fromUri(String uri) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public List<DomainRequirement> build() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
