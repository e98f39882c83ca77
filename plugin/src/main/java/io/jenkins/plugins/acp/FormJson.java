package io.jenkins.plugins.acp;

import io.jenkins.plugins.acp.config.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;

/**
 * Prepares the submitted form for data binding. List settings are edited one element a line in a text area and
 * arrive as one string: they become lists here, so the Java properties keep the profile file's types (and JCasC
 * YAML keeps the file's shape). A blank field is removed, so its setting keeps the engine's default.
 */
final class FormJson {
    /** Properties holding a list of strings, edited as text areas. */
    static final Set<String> STRING_LISTS = Set.of("command", "labels", "managedBranchPrefixes", "lowRiskPaths",
            "criticalInfraPaths", "systemBreakingPaths", "criticalAppPaths", "testPaths", "reviewers");
    /** Properties holding a list of whole numbers, edited as text areas. */
    static final Set<String> NUMBER_LISTS = Set.of("retryCooldowns", "providerCooldowns");

    private FormJson() {
    }

    static void normalise(Object node) {
        if (node instanceof JSONObject object) {
            List<String> keys = new ArrayList<>();
            for (Object key : object.keySet()) {
                keys.add(String.valueOf(key));
            }
            for (String key : keys) {
                Object value = object.get(key);
                if (value instanceof String text) {
                    if (text.isBlank()) {
                        object.remove(key);
                    } else if (STRING_LISTS.contains(key) || NUMBER_LISTS.contains(key)) {
                        object.put(key, JSONArray.fromObject(listOf(key, text)));
                    }
                } else {
                    normalise(value);
                }
            }
        } else if (node instanceof JSONArray array) {
            for (int i = 0; i < array.size(); i++) {
                normalise(array.get(i));
            }
        }
    }

    /** The elements of a text area: numbers for number lists (when they read as numbers), else text. */
    static List<Object> listOf(String key, String text) {
        List<Object> out = new ArrayList<>();
        for (String line : Values.lines(text)) {
            out.add(NUMBER_LISTS.contains(key) && line.matches("\\d{1,9}") ? (Object) Integer.valueOf(line) : line);
        }
        return out;
    }
}
