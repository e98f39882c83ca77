package hudson.model;

import java.util.List;

/** Declaration of {@code hudson.model.ParametersAction}. */
public class ParametersAction implements Action {
    public ParametersAction(List<ParameterValue> parameters) {
    }

    public ParametersAction(ParameterValue... parameters) {
    }

    public ParameterValue getParameter(String name) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public String getIconFileName() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @Override
    public String getUrlName() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
