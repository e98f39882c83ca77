package io.agentcontrolplane.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.agentcontrolplane.core.snapshot.RunQuery;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.core.world.ItemRef;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api.openapi.yaml describes what the API answers: real answers over seeded state validate against its
 * schemas, made strict (no property the document does not name), so a field added or renamed in code without the
 * document fails here.
 */
class OpenApiContractTest {
    private static final Path SPEC = Path.of(System.getProperty("acp.e2e.dir", "../e2e")).getParent()
            .resolve("docs/api.openapi.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SnapshotService service;
    private JsonNode schemas;

    @BeforeEach
    void setUp() throws Exception {
        service = new SnapshotService(new SeededState(dir).sources, Clock.systemUTC());
        schemas = new ObjectMapper(new YAMLFactory()).readTree(SPEC.toFile()).path("components").path("schemas");
    }

    private Schema schema(String name) {
        ObjectNode defs = schemas.deepCopy();
        strict(defs);
        ObjectNode root = JSON.createObjectNode();
        try {
            root.set("$defs", JSON.readTree(defs.toString().replace("#/components/schemas/", "#/$defs/")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        root.put("$ref", "#/$defs/" + name);
        return SchemaRegistry.withDialect(Dialects.getDraft202012()).getSchema(root);
    }

    /** Every object schema that lists its properties allows no other. */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && !o.has("additionalProperties")) {
                o.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                strict(it.next().getValue());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(OpenApiContractTest::strict);
        }
    }

    private static JsonNode tree(Object value) throws Exception {
        return JSON.readTree(Responses.json(value));
    }

    @Test
    void theSnapshotMatchesTheDocument() throws Exception {
        assertThat(schema("Snapshot").validate(tree(service.snapshot()))).isEmpty();
    }

    @Test
    void runPagesRunDetailsAndItemsMatchTheDocument() throws Exception {
        assertThat(schema("RunPage").validate(tree(service.runs(RunQuery.all())))).isEmpty();
        String runId = service.runs(RunQuery.all()).runs().get(0).runId();
        assertThat(schema("RunDetail").validate(tree(service.run(runId).orElseThrow()))).isEmpty();
        assertThat(schema("ItemDetail").validate(tree(service.item("alpha", ItemRef.issue(4)).orElseThrow())))
                .isEmpty();
        assertThat(schema("ItemDetail").validate(tree(service.item("alpha", ItemRef.issue(3)).orElseThrow())))
                .isEmpty();
    }

    @Test
    void theStrictSchemaCatchesAnUndocumentedField() throws Exception {
        ObjectNode snap = (ObjectNode) tree(service.snapshot());
        snap.put("undocumented", 1);
        assertThat(schema("Snapshot").validate(snap)).isNotEmpty();
    }
}
