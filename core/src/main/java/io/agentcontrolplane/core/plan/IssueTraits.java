package io.agentcontrolplane.core.plan;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.world.Issue;
import java.util.regex.Pattern;

/** What kind of work an issue is, by the profile's rules. */
public final class IssueTraits {
    private final Profile profile;
    private final Pattern heavyTitle;
    private final Pattern heavyBody;

    public IssueTraits(Profile profile) {
        this.profile = profile;
        this.heavyTitle = compile(profile.heavy().titlePattern());
        this.heavyBody = compile(profile.heavy().bodyPattern());
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isEmpty() ? null : Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    /** Needs the heavy (end-to-end) slot: a heavy label, or a title or body that names heavy tooling. */
    public boolean heavy(Issue issue) {
        return heavyByLabel(issue)
                || (heavyTitle != null && heavyTitle.matcher(issue.title()).find())
                || (heavyBody != null && heavyBody.matcher(issue.body()).find());
    }

    /** Carries one of the heavy labels (no title or body scan). */
    public boolean heavyByLabel(Issue issue) {
        for (String label : profile.heavy().labels()) {
            if (issue.hasLabel(label)) {
                return true;
            }
        }
        return false;
    }

    /** Never closed by its PRs, and served in rotation. */
    public boolean recurring(Issue issue) {
        return issue.hasLabel(profile.labels().keepOpen());
    }

    public boolean exclusive(Issue issue) {
        return issue.hasLabel(profile.labels().exclusive());
    }

    /**
     * The author holds the configured permission, or a user holding it applied the opt-in label. An opt-in label
     * whose author is unknown does not count.
     */
    public boolean trusted(Issue issue) {
        var minimum = profile.trust().minimumPermission();
        if (issue.authorPermission().atLeast(minimum)) {
            return true;
        }
        String optIn = profile.trust().optInLabel();
        var labeller = issue.labelledBy().get(optIn);
        return issue.hasLabel(optIn) && labeller != null && labeller.atLeast(minimum);
    }
}
