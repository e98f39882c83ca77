package net.sf.json;

/** Declaration of json-lib's {@code net.sf.json.JSONArray} (2.4-jenkins-15); real supertypes (List, ...) omitted. */
public final class JSONArray {
    private JSONArray() {
    }

    public static JSONArray fromObject(Object object) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public int size() {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public Object get(int index) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    public Object set(int index, Object value) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
