package io.jenkins.plugins.acp.staticchecks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;

/** ArchUnit rules for the plugin's Jenkins glue. */
final class PluginArchitectureRules {
    static final String FACADE = "io.jenkins.plugins.acp.JenkinsFacade";

    private PluginArchitectureRules() {
    }

    /** Only the facade may call {@code Jenkins.get()}: everything else stays unit-testable. */
    static ArchRule onlyTheFacadeCallsJenkinsGet(String facade) {
        return noClasses().that(DescribedPredicate.describe("are not " + facade + " (or nested in it)",
                        (JavaClass c) -> !c.getName().equals(facade) && !c.getName().startsWith(facade + "$")))
                .should().callMethod(Jenkins.class, "get")
                .because("only " + facade + " may reach the Jenkins singleton")
                .allowEmptyShould(true); // while the facade is the plugin's only class
    }

    /** The plugin never implements a Jenkins interface whose abstract members acp-jenkins-api does not declare. */
    static ArchRule noConsumerOnlyJenkinsTypeIsImplemented() throws IOException {
        Set<String> consumerOnly = consumerOnlyTypes();
        return noClasses().should().beAssignableTo(DescribedPredicate.describe(
                        "a consumer-only Jenkins type " + consumerOnly,
                        (JavaClass c) -> consumerOnly.contains(c.getName())))
                .because("acp-jenkins-api does not declare all their abstract members (see consumer-only-types.txt)")
                .allowEmptyShould(true);
    }

    static Set<String> consumerOnlyTypes() throws IOException {
        try (InputStream in = PluginArchitectureRules.class.getResourceAsStream(
                "/io/jenkins/plugins/acp/jenkinsapi/consumer-only-types.txt")) {
            if (in == null) {
                throw new IOException("consumer-only-types.txt (from acp-jenkins-api) is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        }
    }
}
