package com.cloudbees.plugins.credentials.domains;

import java.io.Serializable;

/** Declaration of credentials' {@code DomainRequirement}. */
public class DomainRequirement implements Serializable {
    private static final long serialVersionUID = 1L;

    public DomainRequirement() {
    }
}
