package io.jenkins.plugins.acp.staticchecks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.github_branch_source.Connector;
import org.kohsuke.github.GitHubBuilder;

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

    /**
     * No plugin class builds a hub4j client (a GitHubBuilder, or github-branch-source's Connector.connect): the
     * engine's GitHubForges does, with fail-fast rate-limit handlers, the governor, the meter and the HTTP cache.
     */
    static ArchRule noGitHubClientBuiltOutsideTheFactory() {
        return noClasses()
                .should(ArchConditions.callConstructorWhere(DescribedPredicate.describe("new GitHubBuilder()",
                        (JavaConstructorCall c) -> c.getTargetOwner().isEquivalentTo(GitHubBuilder.class))))
                .orShould(ArchConditions.callMethodWhere(DescribedPredicate.describe("Connector.connect(...)",
                        (JavaMethodCall c) -> c.getTargetOwner().isEquivalentTo(Connector.class)
                                && c.getName().equals("connect"))))
                .because("GitHub clients are built by GitHubForges only (as in the standalone runtime)");
    }

    /** Display names and descriptions come from a Messages class (Messages.properties), not from string literals. */
    static ArchRule uiStringsComeFromMessages() {
        return methods().that().haveName("getDisplayName").or().haveName("getDescription")
                .should(new ArchCondition<JavaMethod>("return a string from Messages") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        boolean fromMessages = method.getMethodCallsFromSelf().stream()
                                .anyMatch(call -> call.getTargetOwner().getSimpleName().equals("Messages"));
                        if (!fromMessages) {
                            events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                    + " returns a UI string not taken from Messages.properties"));
                        }
                    }
                }).allowEmptyShould(true);
    }
}
