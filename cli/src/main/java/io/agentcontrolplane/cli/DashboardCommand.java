package io.agentcontrolplane.cli;

import io.agentcontrolplane.dashboard.DashboardServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code acp dashboard}: the read-only dashboard of one or more profiles, served until interrupted. */
@Command(name = "dashboard", description = "Serves the read-only dashboard of the profiles (page, JSON API, events,"
        + " Prometheus metrics) from their state directories; never calls GitHub. Runs until interrupted.")
final class DashboardCommand implements Callable<Integer> {
    @ParentCommand
    AcpCommand acp;

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "FILE",
            description = "A profile (YAML); repeat for more profiles.")
    List<Path> profileFiles;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + DashboardServer.DEFAULT_PORT,
            description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = DashboardServer.DEFAULT_BIND,
            description = "The address to listen on (default: ${DEFAULT-VALUE}). Any other than a loopback address"
                    + " needs --token.")
    String bind;

    @Option(names = "--token", paramLabel = "T",
            description = "The token readers must present (Authorization: Bearer T, or open /?token=T once in the"
                    + " browser); at least 16 characters. Default: the " + Dashboards.TOKEN_ENV + " environment variable.")
    String token;

    @Override
    public Integer call() {
        DashboardServer server = Dashboards.start(Dashboards.service(profileFiles), bind, port,
                Dashboards.token(token, acp.env), Dashboards.OptionNames.DASHBOARD);
        List<String> ids = profileFiles.stream().map(f -> Standalone.loadProfile(f).id()).toList();
        PrintWriter out = spec.commandLine().getOut();
        out.println("ACP_DASHBOARD_URL=" + server.url());
        out.println("acp: dashboard of " + String.join(", ", ids) + "; stop with Ctrl-C");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "acp-dashboard-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook closes the server
            }
        }
        return 0;
    }
}
