package io.agentcontrolplane.core.agent;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads why an agent CLI failed from what it printed last: the messages provider CLIs print for a usage limit, a
 * missing login, a lost connection or a flag they do not know. Only the end of the output is read, and only after a
 * failed exit, so an agent that merely talks about rate limits in its work is not mistaken for one that hit one.
 */
final class FailureText {
    /** How many of the last lines are read. */
    static final int LINES = 40;

    private static final Pattern QUOTA = Pattern.compile(
            "usage limit|usage_limit|quota|rate[ _-]?limit|too many requests|" + status("429") + "|insufficient_quota"
                    + "|credit balance is too low|out of credits|resource_exhausted|limit reached|limit will reset",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTH = Pattern.compile(
            status("401") + "|" + status("403") + "|unauthori[sz]ed|invalid (x-)?api[ _-]?key"
                    + "|api key (is )?(missing|not (set|found|valid))"
                    + "|authentication (failed|error|required)|not logged in|please (run )?/?login|log ?in again"
                    + "|oauth token (has )?expired|token (has )?expired|permission denied \\(publickey\\)"
                    + "|missing (an )?api key|no api key|must be set to use|set the \\w+_API_KEY",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONFIGURATION = Pattern.compile(
            "unknown (option|flag|argument|command)|unrecognized (option|argument|arguments)|unexpected argument"
                    + "|invalid (option|flag)|no such option|illegal option|command not found"
                    + "|model (\\S+ )?(not found|does not exist|is not supported|not available|unavailable)"
                    + "|unknown model|invalid model|no such model|model_not_found",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NETWORK = Pattern.compile(
            "econnreset|econnrefused|enotfound|etimedout|eai_again|socket hang up|network (error|is unreachable)"
                    + "|connection (reset|refused|closed|error|timed out)|could not resolve host|fetch failed"
                    + "|stream disconnected|tls handshake|temporary failure in name resolution|" + status("50[234]")
                    + "|overloaded|service unavailable|bad gateway|gateway time-?out|request timed out",
            Pattern.CASE_INSENSITIVE);

    private FailureText() {
    }

    /**
     * An HTTP status as providers print it ({@code status 429}, {@code HTTP 401}, {@code error: 403},
     * {@code (503)}, {@code 429 Too Many Requests}), not any number: "401 tests passed" is no login problem.
     */
    private static String status(String code) {
        return "(?:status|http|error|code|api error)\\W{0,3}" + code + "\\b|\\(" + code + "\\)|\\b" + code
                + " (?:[a-z]+ )?(?:unauthori[sz]ed|forbidden|too many|rate|bad gateway|service unavailable|gateway"
                + "|\\{)";
    }

    /** The failure class the text shows, or {@code null} when it shows none of the known ones. */
    static AgentFailure classify(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (QUOTA.matcher(text).find()) {
            return AgentFailure.QUOTA;
        }
        if (AUTH.matcher(text).find()) {
            return AgentFailure.AUTH;
        }
        if (CONFIGURATION.matcher(text).find()) {
            return AgentFailure.CONFIGURATION;
        }
        if (NETWORK.matcher(text).find()) {
            return AgentFailure.NETWORK;
        }
        return null;
    }

    /** The first of the last lines that shows a known failure, or {@code null}. */
    static String firstMatching(List<String> lines, AgentFailure failure) {
        for (String line : last(lines)) {
            if (classify(line) == failure) {
                return line.strip();
            }
        }
        return null;
    }

    /**
     * The common judgement of an exit: 0 is success, 126/127 a configuration failure, a signal a crash, otherwise
     * the last lines decide between quota, auth, configuration, network and crash.
     */
    static Verdict judge(int exitCode, List<String> tail) {
        if (exitCode == 0) {
            return Verdict.completed("exited with 0");
        }
        if (exitCode == 126) {
            return Verdict.failed(AgentFailure.CONFIGURATION,
                    "exit 126: the command could not be executed (permissions or not a program)" + lastLine(tail));
        }
        if (exitCode == 127) {
            return Verdict.failed(AgentFailure.CONFIGURATION, "exit 127: a command was not found" + lastLine(tail));
        }
        if (exitCode > 128 && exitCode <= 128 + 64) {
            return Verdict.failed(AgentFailure.CRASH, "killed by signal " + (exitCode - 128) + lastLine(tail));
        }
        for (AgentFailure failure : List.of(AgentFailure.QUOTA, AgentFailure.AUTH, AgentFailure.CONFIGURATION,
                AgentFailure.NETWORK)) {
            String line = firstMatching(tail, failure);
            if (line != null) {
                return Verdict.failed(failure, "exit " + exitCode + ": " + shorten(line));
            }
        }
        return Verdict.failed(AgentFailure.CRASH, "exited with " + exitCode + lastLine(tail));
    }

    static List<String> last(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - LINES), lines.size());
    }

    /** ": <the last non-blank line>", shortened, or nothing. */
    static String lastLine(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).isBlank()) {
                return ": " + shorten(tail.get(i).strip());
            }
        }
        return "";
    }

    static String shorten(String line) {
        String oneLine = line.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 300 ? oneLine.substring(0, 297) + "..." : oneLine;
    }
}
