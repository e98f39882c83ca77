package net.sf.json;

import java.util.Set;

/** Declaration of json-lib's {@code net.sf.json.JSONObject} (2.4-jenkins-15); real supertypes (Map, ...) omitted. */
public final class JSONObject {
    public JSONObject() {
    }

    public String getString(String key) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public String optString(String key) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    @SuppressWarnings("rawtypes")
    public Set keySet() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public Object get(String key) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public Object put(String key, Object value) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public Object remove(String key) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
