package io.agentcontrolplane.core.prompt;

import io.agentcontrolplane.core.world.Lane;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt templates, one per lane: built in (resources {@code <lane>.md} beside this class) or the profile's
 * {@code templates.<lane>} file. A template is Markdown with {@code {PLACEHOLDER}} names from {@link #PLACEHOLDERS};
 * rendering replaces each with its value in one pass (a value is never scanned for placeholders). A name the
 * control plane does not know, or one the lane gives no value for, is an error naming the template and the
 * placeholder; braces that do not hold an upper-case name (JSON, code) are left alone.
 */
public final class PromptTemplates {
    /** Every placeholder a template may use; which of them a lane fills is {@link PromptContext}'s business. */
    public static final Set<String> PLACEHOLDERS = Set.of(
            "REPO_SLUG", "BRANCH", "BASE_REF", "RUN_DIR", "RESULT_CONTRACT", "VERIFICATION_CONTRACT",
            "ISSUE_ID", "ISSUE_TITLE", "ISSUE_URL", "ISSUE_AUTOMERGE", "ISSUE_BODY", "ISSUE_BLOCKER_CONTEXT",
            "ISSUE_RECURRING_CONTEXT", "ISSUE_VERIFICATION_COMMANDS", "ISSUE_BASELINE_HEAD_SHA",
            "PR_NUMBER", "PR_TITLE", "PR_URL", "PR_BASE_REF", "PR_HEAD_REF", "PR_HEAD_SHA", "PR_LABELS",
            "PR_LINKED_ISSUE", "PR_BODY", "PR_REVIEW_STAGE_TEXT", "PR_REVIEW_FINDINGS", "PR_BLOCKER_SUMMARY",
            "PR_CONFLICT_PATHS", "PR_HOST_MERGE_STATUS");
    /** A template bigger than this is refused (a wrong file named in the profile, not a prompt). */
    public static final int MAX_TEMPLATE_BYTES = 256 * 1024;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Z][A-Z0-9_]*)\\}");

    /** A template and where it came from (shown in errors). */
    public record Template(Lane lane, String source, String text) {
        public Template {
            Objects.requireNonNull(lane, "lane");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(text, "text");
        }

        /** The placeholders it uses, in order of first use. */
        public List<String> placeholders() {
            Set<String> names = new LinkedHashSet<>();
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
            return List.copyOf(names);
        }

        /** The placeholders it uses that no lane knows. */
        public List<String> unknownPlaceholders() {
            return placeholders().stream().filter(n -> !PLACEHOLDERS.contains(n)).toList();
        }
    }

    private PromptTemplates() {
    }

    /** The built-in template of a lane. */
    public static Template builtIn(Lane lane) {
        String name = lane.wireName() + ".md";
        try (InputStream in = PromptTemplates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no built-in prompt template for lane " + lane.wireName());
            }
            return new Template(lane, "built-in template " + name, new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in prompt template " + name, e);
        }
    }

    /**
     * The lane's template: the profile's {@code templates.<lane>} file (relative paths against {@code baseDir},
     * the profile file's directory), else the built-in one. A file that is missing, unreadable, not UTF-8, too
     * big or using an unknown placeholder is an error.
     */
    public static Template forLane(Lane lane, Map<String, String> overrides, Path baseDir) throws PromptException {
        String configured = overrides.get(lane.wireName());
        if (configured == null || configured.isBlank()) {
            return builtIn(lane);
        }
        Path file = baseDir.resolve(configured).normalize();
        String source = "template " + file + " (templates." + lane.wireName() + ")";
        try {
            if (Files.size(file) > MAX_TEMPLATE_BYTES) {
                throw new PromptException(source + " is larger than " + MAX_TEMPLATE_BYTES / 1024 + " KiB");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            Template t = new Template(lane, source, text);
            List<String> unknown = t.unknownPlaceholders();
            if (!unknown.isEmpty()) {
                throw new PromptException(source + " uses unknown placeholder {" + unknown.get(0) + "}; known: "
                        + String.join(", ", PLACEHOLDERS.stream().sorted().toList()));
            }
            return t;
        } catch (NoSuchFileException e) {
            throw new PromptException(source + " does not exist");
        } catch (CharacterCodingException e) {
            throw new PromptException(source + " is not UTF-8 text");
        } catch (IOException e) {
            throw new PromptException(source + " cannot be read: " + e.getMessage());
        }
    }

    /** Fills the template; every placeholder it uses must be known and have a value. */
    public static String render(Template template, Map<String, String> values) throws PromptException {
        List<String> unknown = template.unknownPlaceholders();
        if (!unknown.isEmpty()) {
            throw new PromptException(template.source() + " uses unknown placeholder {" + unknown.get(0) + "}");
        }
        List<String> missing = new ArrayList<>();
        for (String name : template.placeholders()) {
            if (values.get(name) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new PromptException(template.source() + " uses placeholder {" + missing.get(0) + "}, which a "
                    + template.lane().wireName() + " run has no value for" + (missing.size() > 1 ? " (nor "
                    + String.join(", ", missing.subList(1, missing.size())) + ")" : ""));
        }
        Matcher m = PLACEHOLDER.matcher(template.text());
        StringBuilder out = new StringBuilder(template.text().length() + 4096);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
