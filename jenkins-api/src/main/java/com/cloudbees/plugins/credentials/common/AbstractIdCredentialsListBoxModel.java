package com.cloudbees.plugins.credentials.common;

import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;
import java.util.List;
import org.springframework.security.core.Authentication;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;

/** Declaration of credentials' {@code AbstractIdCredentialsListBoxModel}; consumer-only (package-private constructor). */
public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>,
        C extends IdCredentials> extends ListBoxModel {
    private static final long serialVersionUID = 1L;

    AbstractIdCredentialsListBoxModel() {
    }

    protected abstract String describe(C c);

    public T includeEmptyValue() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public T includeAs(Authentication authentication, ItemGroup context, Class<? extends C> type,
            List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public T includeCurrentValue(String value) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
