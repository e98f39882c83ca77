package net.sf.json;

/** Declaration of json-lib's {@code net.sf.json.JSONObject} (2.4-jenkins-15). */
public final class JSONObject {
    public JSONObject() {
    }

    public String getString(String key) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public String optString(String key) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
