package io.agentcontrolplane.core.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** A file that cannot be read, said in plain words: where in the file, and what is wrong, never a class name. */
final class ReadProblems {
    private ReadProblems() {
    }

    static String describe(Exception e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
            return "invalid value: " + vie.getCause().getMessage();
        }
        if (e instanceof JsonMappingException jme) {
            String field = jme.getPath().isEmpty() ? "" : " at field '" + fieldPath(jme) + "'";
            return "a value has the wrong type or form" + field;
        }
        if (e instanceof JsonProcessingException jpe) {
            String where = jpe.getLocation() == null ? ""
                    : " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() + ")";
            return "not valid JSON" + where;
        }
        if (e instanceof NullPointerException) {
            return "a required field is missing";
        }
        return String.valueOf(e.getMessage());
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
