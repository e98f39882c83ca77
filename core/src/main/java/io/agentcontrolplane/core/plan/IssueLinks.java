package io.agentcontrolplane.core.plan;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.PullRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which pull requests belong to the agents, and which issues they address: an issue linked to an open agent PR
 * gets no new worker, because the PR's lanes carry its work on.
 */
public final class IssueLinks {
    private static final Pattern CLOSING =
            Pattern.compile("(?i)\\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)[ \\t]*:?[ \\t]+#(\\d+)\\b");

    private final Profile profile;
    private final Pattern branchIssue;

    public IssueLinks(Profile profile) {
        this.profile = profile;
        StringBuilder alternatives = new StringBuilder();
        for (String prefix : profile.naming().managedBranchPrefixes()) {
            alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(prefix));
        }
        String managed = alternatives.length() == 0 ? "" : "(?:" + alternatives + ")issue-(\\d+)(?:-|$)|";
        this.branchIssue = Pattern.compile(
                "^(?:" + managed + Pattern.quote(profile.naming().issueBranchPrefix()) + "-(\\d+)(?:-|$))");
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
        Matcher branch = branchIssue.matcher(pr.headRef());
        if (branch.find()) {
            for (int g = 1; g <= branch.groupCount(); g++) {
                if (branch.group(g) != null) {
                    addNumber(linked, branch.group(g));
                }
            }
        }
        String body = pr.body();
        if (body.indexOf('#') >= 0) {
            Matcher closing = CLOSING.matcher(body);
            while (closing.find()) {
                addNumber(linked, closing.group(1));
            }
        }
        return linked;
    }

    private static void addNumber(List<Integer> into, String digits) {
        if (digits.length() > 9) {
            return;
        }
        int n = Integer.parseInt(digits);
        if (n > 0 && !into.contains(n)) {
            into.add(n);
        }
    }
}
