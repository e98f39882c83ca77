package io.jenkins.plugins.acp.staticchecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.jenkins.plugins.acp.JenkinsFacade;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The static checks on the real plugin: its compiled classes and the Jelly views copied beside them. */
class PluginStaticChecksTest {
    private static final String PLUGIN_PACKAGE = "io.jenkins.plugins.acp";
    private static Path root;
    private static List<Class<?>> classes;

    @BeforeAll
    static void loadPlugin() throws Exception {
        root = PluginChecks.classesRoot(JenkinsFacade.class);
        classes = PluginChecks.classes(root, PLUGIN_PACKAGE);
        assertThat(classes).as("compiled plugin classes").contains(JenkinsFacade.class);
        System.out.printf("Plugin static checks: %d classes, %d Jelly files%n", classes.size(),
                PluginChecks.jellyFiles(root, PLUGIN_PACKAGE).size());
    }

    @Test
    void dataBoundPropertiesHaveGettersOfTheSameType() {
        assertThat(PluginChecks.dataBoundPropertiesHaveGetters(classes)).isEmpty();
    }

    @Test
    void describablesHaveExtensionDescriptorsWithSymbols() throws Exception {
        assertThat(PluginChecks.describablesHaveSymbolicExtensionDescriptors(classes, root)).isEmpty();
    }

    @Test
    void formMethodsArePostAndCheckPermissions() throws Exception {
        assertThat(PluginChecks.formMethodsArePostAndCheckPermission(classes, root)).isEmpty();
    }

    @Test
    void jellyViewsEscapeByDefaultAndHaveNoInlineScript() throws Exception {
        assertThat(PluginChecks.jellyIsEscapedAndScriptFree(root, PLUGIN_PACKAGE)).isEmpty();
    }

    @Test
    void formMethodParametersAreInReach() {
        assertThat(PluginChecks.formMethodParametersAreInReach(classes)).isEmpty();
    }

    @Test
    void everyHelpFileIsShown() throws Exception {
        assertThat(PluginChecks.helpFilesAreShown(root, PLUGIN_PACKAGE)).isEmpty();
    }

    @Test
    void theDescriptionPageExists() {
        assertThat(PluginChecks.indexJellyExists(root)).isEmpty();
    }

    @Test
    void configJellyFieldsArePropertiesOfTheirClass() throws Exception {
        assertThat(PluginChecks.configJellyFieldsArePropertiesOfTheirClass(root, PLUGIN_PACKAGE)).isEmpty();
    }

    @Test
    void onlyTheFacadeCallsJenkinsGet() {
        PluginArchitectureRules.onlyTheFacadeCallsJenkinsGet(PluginArchitectureRules.FACADE).check(pluginClasses());
    }

    @Test
    void noGitHubClientIsBuiltOutsideTheOneFactory() {
        PluginArchitectureRules.noGitHubClientBuiltOutsideTheFactory().check(pluginClasses());
    }

    @Test
    void uiStringsComeFromMessages() {
        PluginArchitectureRules.uiStringsComeFromMessages().check(pluginClasses());
    }

    private static JavaClasses pluginClasses() {
        return new ClassFileImporter().importPath(root);
    }
}
