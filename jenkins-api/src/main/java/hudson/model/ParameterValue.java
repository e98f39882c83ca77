package hudson.model;

import java.io.Serializable;

/** Declaration of {@code hudson.model.ParameterValue}; consumer-only (package-private constructor). */
public abstract class ParameterValue implements Serializable {
    private static final long serialVersionUID = 1L;

    ParameterValue() {
    }

    public final String getName() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
