package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.dashboard.DashboardServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
    /** Where the token may come from instead of the command line (which other users can see in ps). */
    static final String TOKEN_ENV = "ACP_DASHBOARD_TOKEN";

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
                    + " browser); at least 16 characters. Default: the " + TOKEN_ENV + " environment variable.")
    String token;

    @Override
    public Integer call() throws IOException {
        if (port < 0 || port > 65535) {
            throw new AcpCommand.InputException("--port: must be 0 to 65535, got " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new AcpCommand.InputException("--bind: '" + bind + "' is not an address of this machine");
        }
        String secret = token != null ? token : acp.env.get(TOKEN_ENV);
        List<SnapshotService.Source> sources = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Path file : profileFiles) {
            Profile profile = Standalone.loadProfile(file);
            if (ids.contains(profile.id())) {
                throw new AcpCommand.InputException(file + ": profile id '" + profile.id() + "' is given twice");
            }
            ids.add(profile.id());
            sources.add(new SnapshotService.Source(profile, Standalone.stateDir(profile, null),
                    Standalone.expand(profile.workspace().runsRoot())));
        }
        DashboardServer server;
        try {
            server = DashboardServer.start(new SnapshotService(sources, Clock.systemUTC()), address, port, secret);
        } catch (IllegalArgumentException e) {
            throw new AcpCommand.InputException(e.getMessage());
        } catch (BindException e) {
            throw new AcpCommand.InputException("cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + " (another program uses the port? try --port)");
        }
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
