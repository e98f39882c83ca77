package io.jenkins.plugins.acp.jenkinsapi.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checker catches each kind of wrong declaration: fixtures under ..fixtures.<case>.<jenkins name>. */
class SignatureCheckerNegativeTest {
    private static final String FIXTURES = "io.jenkins.plugins.acp.jenkinsapi.fixtures";
    private static ApiSignatures api;

    @BeforeAll
    static void load() {
        api = SignatureCheckTest.loadApi();
    }

    private static List<String> offendersOf(String fixtureCase) throws Exception {
        String prefix = FIXTURES + "." + fixtureCase + ".";
        List<Class<?>> classes = CompiledClasses.under(CompiledClasses.rootOf(SignatureCheckerNegativeTest.class), prefix.substring(0, prefix.length() - 1));
        assertThat(classes).as("fixtures of " + fixtureCase).isNotEmpty();
        return new SignatureChecker(api, n -> n.startsWith(prefix) ? n.substring(prefix.length()) : n, Set.of())
                .check(classes).offenders();
    }

    @Test
    void aCorrectDeclarationPasses() throws Exception {
        assertThat(offendersOf("good")).isEmpty();
    }

    @Test
    void catchesAnInventedMethod() throws Exception {
        assertThat(offendersOf("invented")).singleElement().asString()
                .contains("hudson.util.Secret.getPlainTextTwice()", "no such method");
    }

    @Test
    void catchesAWrongReturnType() throws Exception {
        assertThat(offendersOf("returntype")).singleElement().asString()
                .contains("hudson.util.Secret.fromString(java.lang.String)", "return type java.lang.String but real is hudson.util.Secret");
    }

    @Test
    void catchesAWrongStaticness() throws Exception {
        assertThat(offendersOf("staticness")).singleElement().asString()
                .contains("hudson.util.Secret.toString(hudson.util.Secret)", "not declared static but real is static");
    }

    @Test
    void catchesARestrictedMember() throws Exception {
        assertThat(offendersOf("restricted")).singleElement().asString()
                .contains("hudson.model.StringParameterValue.value", "NoExternalUse");
    }

    @Test
    void catchesAnInventedType() throws Exception {
        assertThat(offendersOf("unknown")).containsExactly("hudson.model.BuildLauncher: no such type in the Jenkins API");
    }

    @Test
    void catchesAWrongKind() throws Exception {
        assertThat(offendersOf("kind")).singleElement().asString().contains("declared as class but is a interface");
    }

    @Test
    void catchesAWrongFinality() throws Exception {
        assertThat(offendersOf("finality")).singleElement().asString().contains("hudson.util.Secret", "not declared final");
    }

    @Test
    void catchesAFalseSupertype() throws Exception {
        assertThat(offendersOf("supertype")).singleElement().asString()
                .contains("declared supertype java.util.ArrayList is not a supertype");
    }

    @Test
    void catchesUndeclaredAbstractMembersOfAnExtensibleType() throws Exception {
        assertThat(offendersOf("incomplete")).anySatisfy(o -> assertThat(o).contains("execute(hudson.model.TaskListener)"))
                .anySatisfy(o -> assertThat(o).contains("getRecurrencePeriod()"));
    }

    @Test
    void catchesWrongAnnotationRetentionAndTarget() throws Exception {
        assertThat(offendersOf("retention")).anySatisfy(o -> assertThat(o).contains("@Retention CLASS but real is [RUNTIME]"))
                .anySatisfy(o -> assertThat(o).contains("@Target [METHOD] but real is [FIELD, METHOD]"));
    }

    @Test
    void catchesWrongVisibilityAndMissingConstructor() throws Exception {
        assertThat(offendersOf("visibility"))
                .anySatisfy(o -> assertThat(o).contains("hudson.model.Descriptor.<init>()", "declared public but real is protected"))
                .anySatisfy(o -> assertThat(o).contains("hudson.model.Descriptor.getPlugin()", "declared public but real is protected"));
    }

    @Test
    void anUnreadableSignatureFileIsAnError() {
        assertThatThrownBy(() -> ApiSignatures.load(Path.of("/nonexistent-shared-dir"))).isInstanceOf(java.io.IOException.class);
    }
}
