package io.agentcontrolplane.core.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A user's permission on a repository, as GitHub's collaborator permission API reports it, weakest first. */
public enum Permission {
    NONE, READ, TRIAGE, WRITE, MAINTAIN, ADMIN;

    public boolean atLeast(Permission other) {
        return compareTo(other) >= 0;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses GitHub's names, including the legacy {@code pull}/{@code push} aliases. */
    @JsonCreator
    public static Permission parse(String text) {
        if (text == null) {
            return NONE;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "admin" -> ADMIN;
            case "maintain" -> MAINTAIN;
            case "write", "push" -> WRITE;
            case "triage" -> TRIAGE;
            case "read", "pull" -> READ;
            case "none", "" -> NONE;
            default -> throw new IllegalArgumentException("unknown permission '" + text
                    + "' (expected one of none, read, triage, write, maintain, admin)");
        };
    }
}
