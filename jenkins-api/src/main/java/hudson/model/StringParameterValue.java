package hudson.model;

import org.kohsuke.stapler.DataBoundConstructor;

/** Declaration of {@code hudson.model.StringParameterValue}. */
public class StringParameterValue extends ParameterValue {
    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public StringParameterValue(String name, String value) {
    }

    public String getValue() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
