package io.dsync.node;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Java side of the {@code dsync} launcher: {@code node} runs one node in the foreground,
 * {@code health} checks (or waits for) admin endpoints, {@code status} prints their {@code
 * /status}. Exit codes: 0 ok, 1 failure (a service failed, a port was taken, a node unhealthy), 2
 * bad configuration or usage.
 */
@Command(name = "dsync", mixinStandardHelpOptions = true, versionProvider = DsyncMain.Version.class,
    description = "dsync: a clustered synchronization platform for the JVM.",
    subcommands = {DsyncMain.NodeCommand.class, AdminProbe.HealthCommand.class,
        AdminProbe.StatusCommand.class})
public final class DsyncMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Entry point; exits the JVM with the command's code (after a node's shutdown, for {@code node}). */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line and returns the exit code; output goes to {@code out} and {@code err}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new DsyncMain());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException) {
        err.println("dsync: configuration error: " + e.getMessage());
        return ConfigException.EXIT_CODE;
      }
      // a service that failed, a port that is taken, a folder that cannot be written
      err.println("dsync: cannot start: " + e.getMessage());
      org.slf4j.LoggerFactory.getLogger(DsyncMain.class).debug("start failed", e);
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: node, health or status");
  }

  /** The build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"dsync " + NodeVersion.get()};
    }
  }

  /** {@code dsync node}: runs one node until SIGTERM or Ctrl-C. */
  @Command(name = "node", mixinStandardHelpOptions = true,
      description = "Runs one node in the foreground until SIGTERM/Ctrl-C. Flags override"
          + " DSYNC_* environment variables, which override the --config file.")
  static final class NodeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "a dsync.properties file (or DSYNC_CONFIG)")
    String config;

    @Option(names = "--node-id", paramLabel = "ID", description = "this node's id (DSYNC_NODE_ID)")
    String nodeId;

    @Option(names = "--host", description = "binary port bind address (DSYNC_HOST, default 127.0.0.1)")
    String host;

    @Option(names = "--port", description = "binary port (DSYNC_PORT, default 7000 or this node's entry in --peers)")
    String port;

    @Option(names = "--admin-host", description = "admin bind address (DSYNC_ADMIN_HOST, default 127.0.0.1)")
    String adminHost;

    @Option(names = "--admin-port", description = "admin port, -1 for none (DSYNC_ADMIN_PORT, default 8080)")
    String adminPort;

    @Option(names = "--admin-token", description = "bearer token for mutating admin calls (DSYNC_ADMIN_TOKEN)")
    String adminToken;

    @Option(names = "--peers", paramLabel = "ID:HOST:PORT,...", description = "the members (DSYNC_PEERS)")
    String peers;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data folder (DSYNC_DATA_DIR, default data/<id>)")
    String dataDir;

    @Option(names = "--heartbeat-interval-ms", description = "(DSYNC_HEARTBEAT_INTERVAL_MS, default 500)")
    String heartbeatIntervalMillis;

    @Option(names = "--failure-timeout-ms", description = "(DSYNC_FAILURE_TIMEOUT_MS, default 3000)")
    String failureTimeoutMillis;

    @Option(names = "--virtual-nodes", description = "ring virtual nodes per member (DSYNC_RING_VIRTUAL_NODES, default 128)")
    String virtualNodes;

    @Option(names = "--max-frame-bytes", description = "(DSYNC_MAX_FRAME_BYTES, default 16777216)")
    String maxFrameBytes;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "a service setting, repeatable")
    Map<String, String> settings = new LinkedHashMap<>();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** The flags given, keyed like the configuration file. */
    Map<String, String> flags() {
      Map<String, String> flags = new LinkedHashMap<>(settings);
      put(flags, "config", config);
      put(flags, NodeConfigLoader.Key.NODE_ID.fileKey, nodeId);
      put(flags, NodeConfigLoader.Key.HOST.fileKey, host);
      put(flags, NodeConfigLoader.Key.PORT.fileKey, port);
      put(flags, NodeConfigLoader.Key.ADMIN_HOST.fileKey, adminHost);
      put(flags, NodeConfigLoader.Key.ADMIN_PORT.fileKey, adminPort);
      put(flags, NodeConfigLoader.Key.ADMIN_TOKEN.fileKey, adminToken);
      put(flags, NodeConfigLoader.Key.PEERS.fileKey, peers);
      put(flags, NodeConfigLoader.Key.DATA_DIR.fileKey, dataDir);
      put(flags, NodeConfigLoader.Key.HEARTBEAT_INTERVAL_MS.fileKey, heartbeatIntervalMillis);
      put(flags, NodeConfigLoader.Key.FAILURE_TIMEOUT_MS.fileKey, failureTimeoutMillis);
      put(flags, NodeConfigLoader.Key.VIRTUAL_NODES.fileKey, virtualNodes);
      put(flags, NodeConfigLoader.Key.MAX_FRAME_BYTES.fileKey, maxFrameBytes);
      return flags;
    }

    private static void put(Map<String, String> map, String key, String value) {
      if (value != null) {
        map.put(key, value);
      }
    }

    @Override
    public Integer call() throws InterruptedException {
      NodeConfig nodeConfig = NodeConfigLoader.load(flags(), System.getenv());
      Node node = Node.start(nodeConfig);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        node.close();
        stopped.countDown();
      }, "dsync-shutdown"));
      PrintWriter out = spec.commandLine().getOut();
      out.println("dsync node " + node.id() + " running: binary " + nodeConfig.host() + ":"
          + node.boundPort().map(String::valueOf).orElse("-") + ", admin "
          + node.adminPort().map(p -> "http://" + nodeConfig.adminHost() + ":" + p + "/").orElse("off")
          + ", data " + nodeConfig.dataDir().toAbsolutePath());
      out.flush();
      stopped.await();
      return 0;
    }
  }
}
