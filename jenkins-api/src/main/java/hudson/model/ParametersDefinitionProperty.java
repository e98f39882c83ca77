package hudson.model;

import java.util.List;

/** Declaration of {@code hudson.model.ParametersDefinitionProperty} (real superclass OptionalJobProperty omitted). */
public class ParametersDefinitionProperty extends JobProperty<Job<?, ?>> {
    private ParametersDefinitionProperty() {
    }

    public List<String> getParameterDefinitionNames() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
