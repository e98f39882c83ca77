package io.agentcontrolplane.cli;

import io.agentcontrolplane.core.profile.Profile;
import io.agentcontrolplane.core.snapshot.SnapshotService;
import io.agentcontrolplane.dashboard.DashboardServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The dashboard as {@code acp dashboard}, {@code acp run} and {@code acp demo} start it: the profiles' snapshot
 * service, and the server on an address (loopback unless a token is given) and port, every refusal an
 * {@link AcpCommand.InputException} naming the option to change.
 */
final class Dashboards {
    /** Where the token may come from instead of the command line (which other users can see in ps). */
    static final String TOKEN_ENV = "ACP_DASHBOARD_TOKEN";

    /** The names a command gives the three settings, for its error messages. */
    record OptionNames(String bind, String port, String token) {
        static final OptionNames DASHBOARD = new OptionNames("--bind", "--port", "--token");
        static final OptionNames RUN = new OptionNames("--dashboard-bind", "--dashboard-port", "--dashboard-token");
    }

    private Dashboards() {
    }

    /** The snapshot service over the profiles' state directories; a profile id given twice names its file. */
    static SnapshotService service(List<Path> profileFiles) {
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
        try {
            return new SnapshotService(sources, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new AcpCommand.InputException(e.getMessage());
        }
    }

    /** The token given on the command line, else the one in {@link #TOKEN_ENV}, else null. */
    static String token(String given, Map<String, String> env) {
        return given != null ? given : env.get(TOKEN_ENV);
    }

    /**
     * Starts serving {@code service} on {@code bind}:{@code port} (0 picks a free port). An address other than a
     * loopback one needs {@code token}.
     */
    static DashboardServer start(SnapshotService service, String bind, int port, String token, OptionNames names) {
        if (port < 0 || port > 65535) {
            throw new AcpCommand.InputException(names.port() + ": must be 0 to 65535, got " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new AcpCommand.InputException(names.bind() + ": '" + bind + "' is not an address of this machine");
        }
        try {
            return DashboardServer.start(service, address, port, token);
        } catch (IllegalArgumentException e) {
            throw new AcpCommand.InputException(e.getMessage().replace("--token", names.token()));
        } catch (BindException e) {
            throw new AcpCommand.InputException("cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + " (another program uses the port? try " + names.port() + ")");
        } catch (IOException e) {
            throw new AcpCommand.InputException("cannot start the dashboard on " + bind + ":" + port + ": "
                    + e.getMessage());
        }
    }
}
