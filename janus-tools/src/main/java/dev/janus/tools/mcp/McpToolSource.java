package dev.janus.tools.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.janus.tools.registry.ToolRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Brings the tools of the configured MCP servers into the registry, as source {@code mcp:<connection name>}.
 * Spring AI builds one client per connection ({@code spring.ai.mcp.client.stdio|sse|streamable-http.connections})
 * without connecting ({@link McpClientDefaults} sets {@code spring.ai.mcp.client.initialized=false}); this source
 * connects them in the background, so a server that is slow, missing or broken never holds up or takes down
 * Janus: it is logged, its tools are left out, and it is tried again every {@code janus.tools.mcp.refresh-interval},
 * when every server's tool list is also read again. A stdio server that fails (it died, stopped answering, or
 * never answered) is stopped with its client ({@link OwnedStdioTransport}), so the next attempt starts it afresh
 * instead of talking to a dead or stuck process.
 */
public final class McpToolSource implements SmartLifecycle {

    /** The registry source of a server's tools is this prefix plus the connection name. */
    public static final String SOURCE_PREFIX = "mcp:";

    private static final Logger log = LoggerFactory.getLogger(McpToolSource.class);
    private static final int MAX_PAGES = 20;
    private static final int MAX_THREADS = 8;
    private static final long MAX_BACKOFF_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final List<Server> servers;
    private final ToolRegistry registry;
    private final long refreshMillis;
    private volatile @Nullable ScheduledExecutorService schedule;

    /** One configured server and how its last attempts went. */
    private static final class Server {

        final McpSyncClient client;
        final String name;
        final boolean stdio;
        int failures;
        long nextAttemptMillis;
        @Nullable String lastProblem;

        Server(McpSyncClient client, Set<String> stdioConnections) {
            this.client = client;
            this.name = connectionName(client);
            this.stdio = stdioConnections.contains(name);
        }
    }

    /**
     * @param clients Spring AI's clients, one per connection
     * @param stdioConnections the names of the stdio connections, whose server processes Janus owns
     */
    public McpToolSource(List<McpSyncClient> clients, Set<String> stdioConnections, ToolRegistry registry,
            java.time.Duration refreshInterval) {
        this.servers = clients.stream().map(client -> new Server(client, stdioConnections)).toList();
        this.registry = registry;
        this.refreshMillis = refreshInterval.toMillis();
    }

    /** Connects the servers that are not connected and reads every server's tools, one after another; never throws. */
    public void refresh() {
        servers.forEach(this::refresh);
    }

    /**
     * Connects {@code server} if needed and reads its tools. A server that failed is tried again after the
     * refresh interval, doubling with each failure up to an hour, so a misconfigured server does not flood the log.
     */
    private void refresh(Server server) {
        synchronized (server) {
            long now = System.currentTimeMillis();
            if (now < server.nextAttemptMillis) {
                return;
            }
            try {
                McpSyncClient client = server.client;
                if (!client.isInitialized()) {
                    client.initialize();
                    log.info("Connected to MCP server '{}' ({})", server.name, client.getServerInfo() == null ? "?"
                            : client.getServerInfo().name());
                }
                List<McpTool> tools = new ArrayList<>();
                String cursor = null;
                for (int page = 0; page < MAX_PAGES; page++) {
                    McpSchema.ListToolsResult result = cursor == null ? client.listTools() : client.listTools(cursor);
                    result.tools().forEach(tool -> tools.add(new McpTool(client, server.name, tool)));
                    cursor = result.nextCursor();
                    if (cursor == null || cursor.isEmpty()) {
                        break;
                    }
                }
                registry.replace(SOURCE_PREFIX + server.name, tools);
                if (server.failures > 0) {
                    log.info("MCP server '{}' answers again, with {} tool(s)", server.name, tools.size());
                }
                server.failures = 0;
                server.lastProblem = null;
            }
            catch (RuntimeException e) {
                registry.replace(SOURCE_PREFIX + server.name, List.of());
                if (server.stdio) {
                    server.client.closeGracefully();
                }
                server.failures++;
                long backoff = Math.min(MAX_BACKOFF_MILLIS, refreshMillis << Math.min(20, server.failures - 1));
                server.nextAttemptMillis = System.currentTimeMillis() + backoff;
                String problem = problem(e);
                if (!problem.equals(server.lastProblem)) {
                    log.warn("MCP server '{}' cannot be used; its tools are left out until it answers (next try in {} "
                            + "ms): {}", server.name, backoff, problem);
                }
                server.lastProblem = problem;
            }
        }
    }

    /** The exception's message and, when it says more, its root cause's: the SDK wraps the reason in a generic one. */
    private static String problem(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null || message.contains(root.getMessage()) ? message
                : message + ": " + root.getMessage();
    }

    /** The connection name Spring AI gave the client: the title of its client info. */
    static String connectionName(McpSyncClient client) {
        McpSchema.Implementation info = client.getClientInfo();
        String title = info == null ? null : info.title();
        return title == null || title.isBlank() ? (info == null ? "unnamed" : info.name()) : title;
    }

    @Override
    public synchronized void start() {
        if (schedule != null || servers.isEmpty()) {
            return;
        }
        // a thread per server (up to a limit), so a server that takes its time does not hold up the others
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(Math.min(MAX_THREADS, servers.size()),
                runnable -> {
                    Thread thread = new Thread(runnable, "janus-tools-mcp-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        for (Server server : servers) {
            executor.scheduleWithFixedDelay(() -> refresh(server), 0, refreshMillis, TimeUnit.MILLISECONDS);
        }
        schedule = executor;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService executor = schedule;
        schedule = null;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
