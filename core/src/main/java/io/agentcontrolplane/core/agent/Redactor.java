package io.agentcontrolplane.core.agent;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Replaces secret values in text that arrives in pieces. A secret split across two pieces is still caught: the end
 * of a piece that could be the start of a secret is held back until the next piece (or {@link #finish()}).
 */
final class Redactor {
    static final String MASK = "[REDACTED]";

    private final List<String> secrets;
    private final int holdBack;
    private final StringBuilder pending = new StringBuilder();

    Redactor(Set<String> secrets) {
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = Objects.requireNonNull(secrets).stream()
                .filter(s -> s != null && !s.isBlank())
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .toList();
        this.holdBack = this.secrets.isEmpty() ? 0 : this.secrets.get(0).length() - 1;
    }

    /** Masks every secret in a complete text. */
    String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /** Takes the next piece and returns the text that is safe to emit now. */
    String feed(CharSequence piece) {
        pending.append(piece);
        if (secrets.isEmpty()) {
            return drain(pending.length());
        }
        int cut = pending.length() - holdBack;
        // A whole secret that straddles the cut moves the cut back to its start; repeat until none does.
        boolean moved = true;
        while (moved && cut > 0) {
            moved = false;
            for (String secret : secrets) {
                int at = pending.indexOf(secret, Math.max(0, cut - secret.length() + 1));
                if (at >= 0 && at < cut) {
                    cut = at;
                    moved = true;
                }
            }
        }
        return cut <= 0 ? "" : redact(drain(cut));
    }

    /** Everything still held back, masked. */
    String finish() {
        return redact(drain(pending.length()));
    }

    private String drain(int length) {
        String out = pending.substring(0, length);
        pending.delete(0, length);
        return out;
    }
}
