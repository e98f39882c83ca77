package io.agentcontrolplane.sandbox;

import java.util.Locale;

/** A user's role on one repository, ordered from none to admin as on GitHub. */
public enum Permission {
  NONE, READ, TRIAGE, WRITE, MAINTAIN, ADMIN;

  public boolean atLeast(Permission other) {
    return ordinal() >= other.ordinal();
  }

  /** GitHub's {@code role_name}: admin, maintain, write, triage, read (none for no access). */
  public String roleName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** GitHub's legacy {@code permission} field: maintain maps to write, triage to read. */
  public String legacyName() {
    return switch (this) {
      case ADMIN -> "admin";
      case MAINTAIN, WRITE -> "write";
      case TRIAGE, READ -> "read";
      case NONE -> "none";
    };
  }

  public static Permission parse(String s) {
    String v = s.trim().toUpperCase(Locale.ROOT);
    return switch (v) {
      case "PULL" -> READ;
      case "PUSH" -> WRITE;
      default -> valueOf(v);
    };
  }
}
