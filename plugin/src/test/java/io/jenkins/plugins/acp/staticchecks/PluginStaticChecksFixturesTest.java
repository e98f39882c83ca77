package io.jenkins.plugins.acp.staticchecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each static check fails on the deliberately bad fixtures and passes on the good ones. */
class PluginStaticChecksFixturesTest {
    private static final String BAD = "io.jenkins.plugins.acp.staticchecks.fixtures.bad";
    private static final String GOOD = "io.jenkins.plugins.acp.staticchecks.fixtures.good";
    private static Path root;
    private static List<Class<?>> bad;
    private static List<Class<?>> good;

    @BeforeAll
    static void load() throws Exception {
        root = PluginChecks.classesRoot(PluginStaticChecksFixturesTest.class);
        bad = PluginChecks.classes(root, BAD);
        good = PluginChecks.classes(root, GOOD);
    }

    @Test
    void dataBinding() {
        assertThat(PluginChecks.dataBoundPropertiesHaveGetters(bad)).containsExactlyInAnyOrder(
                BAD + ".BadBinding: @DataBoundConstructor parameter 'name' has no public getter",
                BAD + ".BadBinding: @DataBoundSetter 'count' is int but its getter returns long");
        assertThat(PluginChecks.dataBoundPropertiesHaveGetters(good)).isEmpty();
    }

    @Test
    void descriptors() throws Exception {
        assertThat(PluginChecks.describablesHaveSymbolicExtensionDescriptors(bad, root)).containsExactlyInAnyOrder(
                BAD + ".BadBinding: Describable without a Descriptor (nested, or separate passing BadBinding.class)",
                BAD + ".BadDescribable$DescriptorImpl: descriptor of " + BAD + ".BadDescribable is not annotated @Symbol");
        assertThat(PluginChecks.describablesHaveSymbolicExtensionDescriptors(good, root)).isEmpty();
    }

    @Test
    void formMethods() throws Exception {
        assertThat(PluginChecks.formMethodsArePostAndCheckPermission(bad, root)).containsExactlyInAnyOrder(
                BAD + ".BadDescribable$DescriptorImpl.doCheckName: form method is not annotated @POST",
                BAD + ".BadDescribable$DescriptorImpl.doCheckName: form method does not call checkPermission/hasPermission",
                BAD + ".BadDescribable$DescriptorImpl.doFillModeItems: form method does not call checkPermission/hasPermission");
        assertThat(PluginChecks.formMethodsArePostAndCheckPermission(good, root)).isEmpty();
    }

    @Test
    void jellyEscapingAndScripts() throws Exception {
        assertThat(PluginChecks.jellyIsEscapedAndScriptFree(root, BAD))
                .anySatisfy(v -> assertThat(v).endsWith("does not start with <?jelly escape-by-default='true'?>"))
                .anySatisfy(v -> assertThat(v).contains("inline <script>"))
                .anySatisfy(v -> assertThat(v).contains("inline event handler onclick="))
                .hasSize(3);
        assertThat(PluginChecks.jellyIsEscapedAndScriptFree(root, GOOD)).isEmpty();
    }

    @Test
    void formMethodParameters() {
        assertThat(PluginChecks.formMethodParametersAreInReach(bad)).containsExactly(BAD + ".BadDescribable$DescriptorImpl"
                + ".doFillModeItems: parameter 'apiUrl' is not a property of BadDescribable (a field of a nested section"
                + " needs @RelativePath)");
        assertThat(PluginChecks.formMethodParametersAreInReach(good)).isEmpty();
    }

    @Test
    void helpFiles() throws Exception {
        assertThat(PluginChecks.helpFilesAreShown(root, BAD)).singleElement().asString()
                .endsWith("BadBinding/help-section.html is never shown: no <f:entry field=\"section\"> in config.jelly");
        assertThat(PluginChecks.helpFilesAreShown(root, GOOD)).isEmpty();
    }

    @Test
    void descriptionPage(@TempDir Path empty) throws Exception {
        assertThat(PluginChecks.indexJellyExists(empty)).singleElement().asString().contains("index.jelly is missing");
        Files.writeString(empty.resolve("index.jelly"), "<?jelly escape-by-default='true'?>\n<div>What it does.</div>\n");
        assertThat(PluginChecks.indexJellyExists(empty)).isEmpty();
    }

    @Test
    void configJellyFields() throws Exception {
        assertThat(PluginChecks.configJellyFieldsArePropertiesOfTheirClass(root, BAD))
                .anySatisfy(v -> assertThat(v).contains("field=\"nope\" is not a property", BAD + ".BadBinding"))
                .anySatisfy(v -> assertThat(v).contains("field=\"name\" is not a property"))
                .hasSize(2);
        assertThat(PluginChecks.configJellyFieldsArePropertiesOfTheirClass(root, GOOD)).isEmpty();
    }

    @Test
    void jenkinsGetOnlyFromTheFacade() {
        assertThatThrownBy(() -> PluginArchitectureRules.onlyTheFacadeCallsJenkinsGet(GOOD + ".GoodFacade").check(importPackage(BAD)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("BadJenkinsCaller");
        PluginArchitectureRules.onlyTheFacadeCallsJenkinsGet(GOOD + ".GoodFacade").check(importPackage(GOOD));
    }

    @Test
    void gitHubClientsOnlyFromTheFactory() {
        assertThatThrownBy(() -> PluginArchitectureRules.noGitHubClientBuiltOutsideTheFactory().check(importPackage(BAD)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("BadGitHubClient")
                .hasMessageContaining("GitHubBuilder").hasMessageContaining("Connector.connect");
        PluginArchitectureRules.noGitHubClientBuiltOutsideTheFactory().check(importPackage(GOOD));
    }

    @Test
    void uiStringsFromMessages() {
        assertThatThrownBy(() -> PluginArchitectureRules.uiStringsComeFromMessages().check(importPackage(BAD)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("BadDescribable$DescriptorImpl.getDisplayName()");
        PluginArchitectureRules.uiStringsComeFromMessages().check(importPackage(GOOD));
    }

    private static JavaClasses importPackage(String packageName) {
        return new ClassFileImporter().importPath(root.resolve(packageName.replace('.', '/')));
    }
}
