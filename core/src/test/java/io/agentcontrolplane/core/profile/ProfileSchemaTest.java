package io.agentcontrolplane.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.agentcontrolplane.core.world.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/profile.schema.json, docs/profile.md and the loader must describe the same file. */
class ProfileSchemaTest {
    private static final Path ROOT = Fixtures.repoRoot();

    private static JsonNode schemaTree() throws IOException {
        return new ObjectMapper().readTree(ROOT.resolve("docs/profile.schema.json").toFile());
    }

    private static Schema schema() throws IOException {
        return SchemaRegistry.withDialect(Dialects.getDraft202012()).getSchema(schemaTree());
    }

    /** The key paths the schema describes, in {@link ProfileKeys#knownKeyPaths()}'s notation. */
    private static SortedSet<String> schemaKeyPaths(JsonNode root) {
        SortedSet<String> out = new TreeSet<>();
        walk(root, root, "", out);
        return out;
    }

    private static void walk(JsonNode root, JsonNode node, String path, SortedSet<String> out) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            node = root.at(ref.substring(1));
        }
        JsonNode props = node.get("properties");
        if (props != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                out.add(p);
                walk(root, e.getValue(), p, out);
            }
        }
        JsonNode additional = node.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            out.add(path + ".*");
            walk(root, additional, path + ".*", out);
        }
        JsonNode items = node.get("items");
        if (items != null) {
            out.add(path + "[]");
            walk(root, items, path + "[]", out);
        }
    }

    @Test
    void schemaAndLoaderKnowTheSameKeys() throws IOException {
        assertThat(schemaKeyPaths(schemaTree())).containsExactlyElementsOf(ProfileKeys.knownKeyPaths());
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/profile.md"));
        for (String path : ProfileKeys.knownKeyPaths()) {
            String written = path.replace("agent.backends.*", "agent.backends.<name>");
            if (!written.endsWith("[]") && !written.endsWith("*")) {
                assertThat(doc).as("docs/profile.md documents %s", written).contains("`" + written + "`");
            }
        }
    }

    @Test
    void schemaListsTheSupportedBackendsAndLanes() throws IOException {
        JsonNode root = schemaTree();
        assertThat(root.at("/properties/agent/properties/backend/enum")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(Backends.SUPPORTED);
        assertThat(root.at("/properties/templates/propertyNames/enum")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(ProfileKeys.TEMPLATE_LANES);
        assertThat(ProfileKeys.TEMPLATE_LANES).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Lane.values()).map(Lane::wireName).toList());
    }

    /** Every default the schema states is the one the loader gives a minimal profile. */
    @Test
    void schemaDefaultsAreTheLoadersDefaults() throws IOException {
        JsonNode root = schemaTree();
        JsonNode written = ProfileWriter.toTree(Profile.defaults("demo", "acme/widgets"));
        int checked = 0;
        for (String path : ProfileKeys.knownKeyPaths()) {
            if (path.contains("*") || path.contains("[]") || !path.contains(".")) {
                continue;
            }
            JsonNode def = schemaNode(root, path).get("default");
            if (def != null) {
                assertThat(written.at("/" + path.replace('.', '/'))).as(path).isEqualTo(def);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    private static JsonNode schemaNode(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.get("properties").get(part);
            if (node.has("$ref") && !node.has("default")) {
                node = root.at(node.get("$ref").asText().substring(1));
            }
        }
        return node;
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples/profile-full.yaml", "examples/profile-minimal.yaml"})
    void examplesAreValidAgainstTheSchema(String file) throws IOException {
        JsonNode yaml = new YAMLMapper().readTree(ROOT.resolve(file).toFile());
        assertThat(schema().validate(yaml)).isEmpty();
    }

    @Test
    void writtenProfilesAreValidAgainstTheSchema() throws IOException {
        Profile p = ProfileLoader.load(ROOT.resolve("examples/profile-full.yaml")).orElseThrow();
        assertThat(schema().validate(ProfileWriter.toTree(p))).isEmpty();
    }

    @Test
    void schemaRejectsWhatTheLoaderRejects() throws IOException {
        JsonNode bad = new YAMLMapper().readTree(Fixtures.MINIMAL + "limits: {maxWorker: 3, maxPrWorkers: 0}\n");
        assertThat(schema().validate(bad)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Fixtures.load(Fixtures.MINIMAL + "limits: {maxWorker: 3, maxPrWorkers: 0}\n").problems()).hasSize(2);
    }
}
