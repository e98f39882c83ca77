package io.jenkins.plugins.acp.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.profile.ProfileKeys;
import io.agentcontrolplane.core.profile.ProfileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads the global configuration file as the plugin wrote it before profiles were profile files: one XML element
 * per setting, named as the file's keys, except three mappings kept as lists of entries (backends by {@code name},
 * a backend's {@code options} as {@code name}/{@code value}, {@code templates} as {@code lane}/{@code path}) and the
 * credentials at the profile's top level. Each profile becomes the profile file stating the same settings, so
 * nothing configured is lost; a setting the engine does not know stays in the text, where the engine reports it.
 */
public final class FieldByFieldXml {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** XStream's element names for the items of a list of strings or numbers. */
    private static final Set<String> ITEM_NAMES = Set.of("string", "int", "long", "java.lang.String", "java.lang.Integer");

    private FieldByFieldXml() {
    }

    /**
     * The profiles of a configuration file in the field-by-field form; empty when the file is in the current form
     * (every profile has a {@code yaml} element) or holds no profile.
     */
    public static Optional<List<ProfileConfig>> read(Path file) throws IOException {
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            document = parser().parse(in);
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException(file + " is not readable XML: " + e.getMessage(), e);
        }
        Element list = child(document.getDocumentElement(), "profiles");
        if (list == null) {
            return Optional.empty();
        }
        List<Element> elements = children(list);
        if (elements.isEmpty() || elements.stream().allMatch(p -> child(p, "yaml") != null)) {
            return Optional.empty();
        }
        List<ProfileConfig> out = new ArrayList<>();
        for (Element element : elements) {
            out.add(child(element, "yaml") != null ? current(element) : profile((ObjectNode) value(element)));
        }
        return Optional.of(out);
    }

    /** A profile already in the current form, beside older ones in the same file. */
    private static ProfileConfig current(Element element) {
        ObjectNode fields = (ObjectNode) value(element);
        ProfileConfig config = new ProfileConfig(fields.path("yaml").asText(""));
        jenkinsSettings(fields, config);
        return config;
    }

    /** One field-by-field profile as a profile file, with its Jenkins settings. */
    static ProfileConfig profile(ObjectNode fields) {
        ObjectNode file = F.objectNode();
        file.put(ProfileKeys.SCHEMA_VERSION, ProfileKeys.CURRENT_SCHEMA_VERSION);
        ObjectNode credentials = F.objectNode();
        for (String key : List.of("tokenEnv", "credentialsId")) {
            JsonNode value = fields.remove(key);
            if (value != null) {
                credentials.set(key, value);
            }
        }
        if (!credentials.isEmpty()) {
            fields.set("credentials", credentials);
        }
        ObjectNode jenkins = F.objectNode();
        for (String key : List.of("workerJob", "heartbeatIntervalSeconds", "enabled")) {
            JsonNode value = fields.remove(key);
            if (value != null) {
                jenkins.set(key, value);
            }
        }
        JsonNode agent = fields.path("agent");
        if (agent instanceof ObjectNode a && a.path("backends") instanceof ArrayNode backends) {
            ObjectNode byName = keyed(backends, "name");
            byName.forEach(backend -> {
                if (backend instanceof ObjectNode b && b.path("options") instanceof ArrayNode options) {
                    ObjectNode map = F.objectNode();
                    options.forEach(o -> map.set(o.path("name").asText(), o.path("value")));
                    b.set("options", map);
                }
            });
            a.set("backends", byName);
        }
        if (fields.path("templates") instanceof ArrayNode templates) {
            ObjectNode byLane = F.objectNode();
            templates.forEach(t -> byLane.set(t.path("lane").asText(), t.path("path")));
            fields.set("templates", byLane);
        }
        file.setAll(typed(fields, Profile.class));
        withoutEmptyMappings(file);
        ProfileConfig config = new ProfileConfig(ProfileWriter.write(file));
        jenkinsSettings(jenkins, config);
        return config;
    }

    private static void jenkinsSettings(JsonNode fields, ProfileConfig config) {
        if (fields.hasNonNull("credentialsId") && !fields.path("credentialsId").asText().isBlank()) {
            config.setCredentialsId(fields.path("credentialsId").asText());
        }
        if (fields.hasNonNull("workerJob")) {
            config.setWorkerJob(fields.path("workerJob").asText());
        }
        if (fields.path("heartbeatIntervalSeconds").asText().matches("\\d{1,9}")) {
            config.setHeartbeatIntervalSeconds(Integer.parseInt(fields.path("heartbeatIntervalSeconds").asText()));
        }
        if (fields.hasNonNull("enabled")) {
            config.setEnabled(!"false".equals(fields.path("enabled").asText()));
        }
    }

    /** A list of entries as a mapping keyed by one of their fields, which each entry then leaves out. */
    private static ObjectNode keyed(ArrayNode entries, String key) {
        ObjectNode out = F.objectNode();
        for (JsonNode entry : entries) {
            if (entry instanceof ObjectNode e) {
                JsonNode name = e.remove(key);
                out.set(name == null ? "" : name.asText(), e);
            }
        }
        return out;
    }

    /** Mappings left empty (a backend's options never given) are left out, as a file would not state them. */
    private static void withoutEmptyMappings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                JsonNode value = fields.next().getValue();
                withoutEmptyMappings(value);
                if (value instanceof ObjectNode o && o.isEmpty()) {
                    fields.remove();
                }
            }
        }
    }

    /**
     * The element texts as the file's types: a whole number where the engine's profile has an Integer (or a list
     * of them), text elsewhere; keys in the order of the profile's records, unknown ones last (the engine names them).
     */
    private static ObjectNode typed(ObjectNode fields, Class<?> record) {
        ObjectNode out = F.objectNode();
        for (RecordComponent c : record.getRecordComponents()) {
            JsonNode value = fields.remove(c.getName());
            if (value != null) {
                out.set(c.getName(), typed(value, c.getGenericType()));
            }
        }
        out.setAll(fields);
        return out;
    }

    private static JsonNode typed(JsonNode value, Type type) {
        if (value instanceof ArrayNode a && a.isEmpty() && isMapping(type)) {
            return F.objectNode(); // an empty element: XStream writes an empty section and an empty list alike
        }
        if (type == Integer.class || type == int.class) {
            return value.isTextual() && value.asText().matches("-?\\d{1,9}") ? F.numberNode(Integer.parseInt(value.asText()))
                    : value;
        }
        if (type instanceof Class<?> cls && cls.isRecord() && value instanceof ObjectNode object) {
            return typed(object, cls);
        }
        if (type instanceof ParameterizedType p && value.isContainerNode()) {
            Type element = p.getActualTypeArguments()[p.getActualTypeArguments().length - 1];
            if (value instanceof ArrayNode array) {
                ArrayNode out = F.arrayNode();
                array.forEach(e -> out.add(typed(e, element)));
                return out;
            }
            ObjectNode out = F.objectNode();
            value.fields().forEachRemaining(e -> out.set(e.getKey(), typed(e.getValue(), element)));
            return out;
        }
        return value;
    }

    private static boolean isMapping(Type type) {
        return type instanceof Class<?> cls && cls.isRecord()
                || type instanceof ParameterizedType p && p.getRawType() == Map.class;
    }

    /**
     * An element as a tree: text for a leaf, a list for XStream's lists (items named by type, or a serialised
     * immutable list), else a mapping of child elements. An XStream reference stands for the element it names.
     */
    static JsonNode value(Element element) {
        Element e = resolve(element);
        List<Element> kids = children(e);
        if ("custom".equals(e.getAttribute("serialization")) && !kids.isEmpty()) {
            // java.util.CollSer: <default> fields, then the size, then the items
            List<Element> items = new ArrayList<>(children(kids.get(0)));
            items.removeIf(i -> i.getTagName().equals("default"));
            ArrayNode out = F.arrayNode();
            items.stream().skip(1).forEach(i -> out.add(value(i)));
            return out;
        }
        if (kids.isEmpty()) {
            String text = e.getTextContent();
            return text.isEmpty() ? F.arrayNode() : F.textNode(text);
        }
        if (kids.stream().allMatch(k -> ITEM_NAMES.contains(k.getTagName()) || k.getTagName().contains("."))) {
            ArrayNode out = F.arrayNode();
            kids.forEach(k -> out.add(value(k)));
            return out;
        }
        ObjectNode out = F.objectNode();
        kids.forEach(k -> out.set(k.getTagName(), value(k)));
        return out;
    }

    /** The element an XStream {@code reference} attribute (an XPath, relative or absolute) names, else itself. */
    private static Element resolve(Element element) {
        String reference = element.getAttribute("reference");
        if (reference.isEmpty()) {
            return element;
        }
        Node current = reference.startsWith("/") ? element.getOwnerDocument() : element;
        for (String step : reference.split("/")) {
            if (step.isEmpty() || step.equals(".")) {
                continue;
            }
            if (step.equals("..")) {
                current = current.getParentNode();
                continue;
            }
            int bracket = step.indexOf('[');
            String name = bracket < 0 ? step : step.substring(0, bracket);
            int index = bracket < 0 ? 1 : Integer.parseInt(step.substring(bracket + 1, step.indexOf(']')));
            Node found = null;
            int seen = 0;
            for (Node n = current.getFirstChild(); n != null && found == null; n = n.getNextSibling()) {
                if (n instanceof Element k && k.getTagName().equals(name) && ++seen == index) {
                    found = k;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("the reference '" + reference + "' names no element");
            }
            current = found;
        }
        return resolve((Element) current);
    }

    private static Element child(Element parent, String name) {
        return children(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst().orElse(null);
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        factory.setXIncludeAware(false);
        return factory.newDocumentBuilder();
    }
}
