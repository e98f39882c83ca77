package com.cloudbees.plugins.credentials;

import java.io.Serializable;

/** Declaration of credentials' {@code Credentials}. Consumer-only. */
public interface Credentials extends Serializable {
}
