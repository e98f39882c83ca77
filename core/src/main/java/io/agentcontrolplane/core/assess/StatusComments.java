package io.agentcontrolplane.core.assess;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comments agent workers and the host leave on a pull request, recognised by their first line as the original
 * wrote them: review blockers, repair summaries and host guards. Reconcile writes them with a hidden head marker
 * ({@code <!-- acp:head SHA -->}) so that the assessment knows which head a comment is about.
 */
public final class StatusComments {
    public static final String REVIEW_BLOCKER = "## PR final review blocker";
    public static final String REPAIR_SUMMARY = "## PR repair summary";
    public static final String HOST_GUARD = "## PR repair host guard";
    /** First lines that make a comment an agent status comment (and the PR agent-managed). */
    public static final List<String> PREFIXES = List.of(REVIEW_BLOCKER, "## PR repair worker summary",
            REPAIR_SUMMARY, "## PR repair update", HOST_GUARD, "## PR repair blocker");
    /** Phrases of a repair summary that found nothing to change on the head. */
    public static final List<String> NOOP_PHRASES = List.of("already addressed on the current pr head",
            "no source change was needed", "no code change was needed", "no change was needed",
            "nothing to change", "no changes were needed");

    private static final Pattern HEAD_MARKER = Pattern.compile("<!-- acp:head ([0-9a-f]{7,64}) -->");

    private StatusComments() {
    }

    public static boolean isAgentStatus(String body) {
        if (body == null) {
            return false;
        }
        String b = body.stripLeading();
        return PREFIXES.stream().anyMatch(b::startsWith);
    }

    public static boolean isBlocker(String body) {
        String b = body.stripLeading();
        return b.startsWith(REVIEW_BLOCKER) || b.startsWith("## PR repair blocker");
    }

    /** A host guard: the host refused the repair (conflicts left, verification failed). */
    public static boolean isHostGuard(String body) {
        return body.stripLeading().startsWith(HOST_GUARD) || body.contains("Host rejected this repair");
    }

    /** A blocker about CI only (the code is fine, the checks are not): it does not ask for a fix pass. */
    public static boolean isCiOnly(String body) {
        String b = body.toLowerCase(Locale.ROOT);
        return b.contains("failure reason: `ci-only`") || b.contains("failure reason: ci-only")
                || b.contains("ci-only blocker") || b.contains("only ci is failing");
    }

    public static boolean isNoopSummary(String body) {
        String b = body.stripLeading();
        if (!b.startsWith("## PR repair")) {
            return false;
        }
        String lower = b.toLowerCase(Locale.ROOT);
        return NOOP_PHRASES.stream().anyMatch(lower::contains);
    }

    /** The head a comment says it is about, if it carries the marker. */
    public static String headOf(String body) {
        Matcher m = HEAD_MARKER.matcher(body == null ? "" : body);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    public static String headMarker(String sha) {
        return "<!-- acp:head " + sha + " -->";
    }
}
