package io.jenkins.plugins.acp;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every select of the plugin's forms starts a new entry at a safe choice: the option its fill method marks selected
 * (the engine's default), or an empty first choice (nothing chosen), unless it is an identity the user must pick
 * (none is left: the profile's own settings are its text, whose defaults are the engine's). A browser submits the
 * first option of a select with no selected one: that is how a new profile used to trust everyone.
 */
@WithJenkins
class SelectDefaultsITest {
    private static final Path VIEWS = Path.of("src", "main", "resources");
    /** Selects with no default by design: owner class simple name and field. */
    private static final Set<String> IDENTITIES = Set.of();
    private static final Pattern SELECT = Pattern.compile("<f:entry[^>]*field=\"(\\w+)\"[^>]*>\\s*<f:select\\s*/>");

    @Test
    void everySelectStartsAtASafeChoice(JenkinsRule r) throws Exception {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.walk(VIEWS)) {
            for (Path view : files.filter(p -> p.getFileName().toString().equals("config.jelly")).toList()) {
                String owner = view.getParent().getFileName().toString();
                Matcher m = SELECT.matcher(Files.readString(view, StandardCharsets.UTF_8));
                while (m.find()) {
                    String field = m.group(1);
                    checked.add(owner + "." + field);
                    if (IDENTITIES.contains(owner + "." + field)) {
                        continue;
                    }
                    ListBoxModel choices = fill(owner, field);
                    assertThat(choices).as(owner + "." + field + " choices").isNotEmpty();
                    boolean selected = choices.stream().filter(o -> o.selected).count() == 1;
                    boolean emptyFirst = choices.get(0).value.isEmpty();
                    assertThat(selected || emptyFirst)
                            .as("%s.%s starts at %s (no option selected, first not empty)", owner, field, choices.get(0).value)
                            .isTrue();
                }
            }
        }
        assertThat(checked).containsExactly("ProfileConfig.credentialsId");
        assertThat(fill("ProfileConfig", "credentialsId").get(0).value).as("no credentials until one is picked").isEmpty();
    }

    /** Calls the descriptor's doFill<Field>Items with no form values, as an administrator (no security here). */
    private static ListBoxModel fill(String owner, String field) throws Exception {
        Descriptor<?> descriptor = Jenkins.get().getExtensionList(Descriptor.class).stream()
                .filter(d -> d.getClass().getName().startsWith("io.jenkins.plugins.acp.")
                        && d.clazz.getSimpleName().equals(owner))
                .findFirst().orElseThrow(() -> new AssertionError("no descriptor for " + owner));
        String name = "doFill" + Character.toUpperCase(field.charAt(0)) + field.substring(1) + "Items";
        for (Method method : descriptor.getClass().getMethods()) {
            if (method.getName().equals(name)) {
                Object[] args = new Object[method.getParameterCount()];
                return (ListBoxModel) method.invoke(descriptor, args);
            }
        }
        throw new AssertionError(owner + " has no " + name + " for its select " + field);
    }

}
