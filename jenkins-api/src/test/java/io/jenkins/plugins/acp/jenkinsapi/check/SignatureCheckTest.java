package io.jenkins.plugins.acp.jenkinsapi.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every declaration in acp-jenkins-api exists in the real Jenkins API with the same shape. */
class SignatureCheckTest {
    static ApiSignatures loadApi() {
        String shared = System.getProperty("acp.shared.dir");
        if (shared == null || shared.isBlank()) {
            fail("system property acp.shared.dir is not set (the root pom's surefire configuration passes it)");
        }
        try {
            return ApiSignatures.load(Path.of(shared));
        } catch (Exception e) {
            throw new AssertionError("cannot read the Jenkins API signatures under " + shared
                    + "/jenkins-api/signatures.json.gz: " + e, e);
        }
    }

    @Test
    void everyDeclarationMatchesTheRealJenkinsApi() throws Exception {
        ApiSignatures api = loadApi();
        List<Class<?>> declared = CompiledClasses.under(CompiledClasses.rootOf(hudson.Extension.class), "");
        assertThat(declared).as("compiled jenkins-api classes").hasSizeGreaterThan(30);

        SignatureChecker checker = new SignatureChecker(api, UnaryOperator.identity(), CompiledClasses.consumerOnlyTypes())
                .check(declared);

        System.out.printf("SignatureCheck: %d declarations (%d types, %d members) checked against %s (%d types),"
                        + " Jenkins %s: %d offender(s)%n",
                checker.typesChecked() + checker.membersChecked(), checker.typesChecked(), checker.membersChecked(),
                api.format(), api.typesInFile(), api.jenkinsVersion(), checker.offenders().size());
        checker.notes().forEach(n -> System.out.println("SignatureCheck note: " + n));
        assertThat(checker.offenders()).as("declarations that do not match the real Jenkins API").isEmpty();
    }

    @Test
    void consumerOnlyTypesAreDeclaredInterfaces() throws Exception {
        for (String name : CompiledClasses.consumerOnlyTypes()) {
            assertThat(Class.forName(name)).as(name).isInterface();
        }
    }
}
