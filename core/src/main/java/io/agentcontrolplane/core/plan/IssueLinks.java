package io.agentcontrolplane.core.plan;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.PullRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Which pull requests belong to the agents, and which issues they address: an issue linked to an open agent PR
 * gets no new worker, because the PR's lanes carry its work on. Hand-written scanners rather than regexes, because
 * every heartbeat reads every open PR.
 */
public final class IssueLinks {
    private static final String[] CLOSING = {
        "closes", "closed", "close", "fixes", "fixed", "fix", "resolves", "resolved", "resolve"
    };

    private final Profile profile;
    private final List<String> branchPrefixes = new ArrayList<>();

    public IssueLinks(Profile profile) {
        this.profile = profile;
        // agent/<id>/issue-12..., codex/issue-12... and <issueBranchPrefix>-12...
        for (String prefix : profile.naming().managedBranchPrefixes()) {
            branchPrefixes.add(prefix + "issue-");
        }
        String own = profile.naming().issueBranchPrefix() + "-";
        if (!branchPrefixes.contains(own)) {
            branchPrefixes.add(own);
        }
    }

    /**
     * A PR is the agents' when its head branch has a managed prefix, when a human handed it over with the handoff
     * label, or when an agent worker already commented on it.
     */
    public boolean isManaged(PullRequest pr) {
        for (String prefix : profile.naming().managedBranchPrefixes()) {
            if (pr.headRef().startsWith(prefix)) {
                return true;
            }
        }
        return pr.headRef().startsWith(profile.naming().prBranchPrefix())
                || pr.headRef().startsWith(profile.naming().issueBranchPrefix())
                || pr.hasLabel(profile.labels().handoff())
                || pr.agentSummaryComment();
    }

    /** The issues a PR addresses: from an issue branch name, and from closing keywords in its body. */
    public List<Integer> linkedIssues(PullRequest pr) {
        List<Integer> linked = new ArrayList<>(2);
        String head = pr.headRef();
        for (String prefix : branchPrefixes) {
            if (head.startsWith(prefix)) {
                int end = digitsEnd(head, prefix.length());
                if (end > prefix.length() && (end == head.length() || head.charAt(end) == '-')) {
                    add(linked, head, prefix.length(), end);
                }
            }
        }
        String body = pr.body();
        for (int hash = body.indexOf('#'); hash >= 0; hash = body.indexOf('#', hash + 1)) {
            int end = digitsEnd(body, hash + 1);
            if (end == hash + 1 || (end < body.length() && isWordChar(body.charAt(end)))) {
                continue;
            }
            if (closingKeywordBefore(body, hash)) {
                add(linked, body, hash + 1, end);
            }
        }
        return linked;
    }

    /** {@code close[sd]?|fix(e[sd])?|resolve[sd]?}, then an optional colon, then blanks, just before the hash. */
    private static boolean closingKeywordBefore(String s, int hash) {
        int i = hash - 1;
        int blanks = 0;
        while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i--;
            blanks++;
        }
        if (blanks == 0) {
            return false;
        }
        if (i >= 0 && s.charAt(i) == ':') {
            i--;
            while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i--;
            }
        }
        int wordEnd = i + 1;
        for (String keyword : CLOSING) {
            int start = wordEnd - keyword.length();
            if (start >= 0 && s.regionMatches(true, start, keyword, 0, keyword.length())
                    && (start == 0 || !isWordChar(s.charAt(start - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static void add(List<Integer> into, String s, int from, int to) {
        if (to - from > 9) {
            return;
        }
        int n = Integer.parseInt(s, from, to, 10);
        if (n > 0 && !into.contains(n)) {
            into.add(n);
        }
    }
}
