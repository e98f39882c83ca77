package io.agentcontrolplane.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.agentcontrolplane.core.plan.HeartbeatPlanner;
import io.agentcontrolplane.core.plan.archfixture.LeakyPlanner;
import org.junit.jupiter.api.Test;

/**
 * The engine stays a plain library: no Jenkins, servlet or CLI type anywhere in it, and the planner does no I/O so
 * that it stays a pure function. Each rule is also shown to fail on a fixture that breaks it.
 */
class ArchitectureTest {
    static final ArchRule ENGINE_HAS_NO_HOST_TYPES = noClasses()
            .that().resideInAPackage("io.agentcontrolplane.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "hudson..", "jenkins..", "org.jenkinsci..", "org.kohsuke.stapler..", "javax.servlet..",
                    "jakarta.servlet..", "picocli..", "io.agentcontrolplane.cli..", "io.jenkins..")
            .because("the engine runs unchanged in the CLI and in Jenkins");

    static final ArchRule PLANNER_DOES_NO_IO = noClasses()
            .that().resideInAPackage("io.agentcontrolplane.core.plan..")
            .should().dependOnClassesThat().belongToAnyOf(java.io.File.class)
            .orShould().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..")
            .because("the heartbeat planner is a pure function of its inputs");

    /** The engine's production classes only: the fixtures below live in test sources. */
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.agentcontrolplane.core");

    private static final JavaClasses FIXTURE = new ClassFileImporter().importClasses(LeakyPlanner.class);

    @Test
    void theRulesSeeTheEngine() {
        assertThat(ENGINE.contain(HeartbeatPlanner.class)).isTrue();
        assertThat(ENGINE.contain(LeakyPlanner.class)).as("test fixtures are not imported").isFalse();
        assertThat(ENGINE.size()).isGreaterThan(20);
    }

    @Test
    void theEngineDependsOnNoHostType() {
        ENGINE_HAS_NO_HOST_TYPES.check(ENGINE);
    }

    @Test
    void thePlannerDoesNoIo() {
        PLANNER_DOES_NO_IO.check(ENGINE);
    }

    @Test
    void theHostTypeRuleFailsOnAFixtureThatImportsAForbiddenPackage() {
        EvaluationResult result = ENGINE_HAS_NO_HOST_TYPES.evaluate(FIXTURE);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains(LeakyPlanner.class.getName(), "picocli.fixture.Command"));
        assertThatThrownBy(() -> ENGINE_HAS_NO_HOST_TYPES.check(FIXTURE)).isInstanceOf(AssertionError.class);
    }

    @Test
    void theNoIoRuleFailsOnAFixtureThatDoesIo() {
        EvaluationResult result = PLANNER_DOES_NO_IO.evaluate(FIXTURE);
        assertThat(result.hasViolation()).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertThat(report).contains("java.io.File", "java.nio.file.Path", "java.net.URI");
        assertThatThrownBy(() -> PLANNER_DOES_NO_IO.check(FIXTURE)).isInstanceOf(AssertionError.class);
    }
}
