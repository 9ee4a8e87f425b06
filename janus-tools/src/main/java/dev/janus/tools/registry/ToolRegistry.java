package dev.janus.tools.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.janus.events.ToolDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tool this instance can run, by name, grouped by source ({@code builtin}, {@code mcp:<server>}).
 * A source's tools are replaced as a whole (an MCP server that comes back, or changes its list); listeners
 * hear of every change. A tool whose name another source already uses joins as {@code <server>_<name>}.
 * Thread-safe.
 */
public final class ToolRegistry {

    /** The source of the tools that ship with Janus. */
    public static final String BUILTIN = "builtin";

    private static final Logger log = LoggerFactory.getLogger(ToolRegistry.class);

    private final Map<String, Entry> tools = new TreeMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private record Entry(Tool tool, String source) {
    }

    /** Adds the built-in tools. */
    public ToolRegistry(Collection<? extends Tool> builtins) {
        replace(BUILTIN, builtins);
    }

    /**
     * Makes {@code replacement} the tools of {@code source}, dropping those it had; tells the listeners when
     * the registry changed.
     */
    public void replace(String source, Collection<? extends Tool> replacement) {
        boolean changed;
        synchronized (tools) {
            List<ToolDefinition> before = definitionsOf(source);
            tools.values().removeIf(entry -> entry.source().equals(source));
            for (Tool tool : replacement) {
                String name = tool.name();
                if (tools.containsKey(name)) {
                    Tool renamed = Renamed.of(tool, source.substring(source.indexOf(':') + 1) + "_" + name);
                    log.warn("Tool '{}' of {} has the name of a tool of {}; it is registered as '{}'", name, source,
                            tools.get(name).source(), renamed.name());
                    tool = renamed;
                }
                tools.put(tool.name(), new Entry(tool, source));
            }
            changed = !before.equals(definitionsOf(source));
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    /** The tool named {@code name}. */
    public Optional<Tool> find(String name) {
        synchronized (tools) {
            return Optional.ofNullable(tools.get(name)).map(Entry::tool);
        }
    }

    /** Every tool's definition, in name order. */
    public List<ToolDefinition> definitions() {
        synchronized (tools) {
            return tools.values().stream().map(entry -> entry.tool().definition()).toList();
        }
    }

    /** The names of every tool, in order. */
    public List<String> names() {
        synchronized (tools) {
            return new ArrayList<>(tools.keySet());
        }
    }

    /** Calls {@code listener} after every change. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private List<ToolDefinition> definitionsOf(String source) {
        return tools.values().stream().filter(entry -> entry.source().equals(source))
                .map(entry -> entry.tool().definition()).toList();
    }

    /** A tool under another name. */
    private record Renamed(Tool tool, ToolDefinition definition) implements Tool {

        static Renamed of(Tool tool, String name) {
            ToolDefinition original = tool.definition();
            return new Renamed(tool, new ToolDefinition(name, original.description(), original.parameters(),
                    original.idempotent(), original.source()));
        }

        @Override
        public String execute(ToolInvocation invocation) throws ToolFailure, InterruptedException {
            return tool.execute(invocation);
        }

        @Override
        public java.time.Duration timeout(Map<String, Object> arguments, java.time.Duration configured) {
            return tool.timeout(arguments, configured);
        }
    }
}
