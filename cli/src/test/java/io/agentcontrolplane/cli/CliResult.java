package io.agentcontrolplane.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** What one {@code acp} command run in-process returned: its exit code and what it printed to each stream. */
record CliResult(int code, String out, String err) {
    /** Runs {@code acp ARGS} with {@code env} as its environment. */
    static CliResult run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AcpCommand.execute(new PrintWriter(out), new PrintWriter(err), env, args);
        return new CliResult(code, out.toString(), err.toString());
    }

    /** Runs {@code acp ARGS} with this process's environment. */
    static CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AcpCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new CliResult(code, out.toString(), err.toString());
    }
}
