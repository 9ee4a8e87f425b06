package dev.janus.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import org.jspecify.annotations.Nullable;

/**
 * A Lua script that components run on {@link SharedRedis} for a step that must be atomic. Run by its
 * SHA-1 and sent whole again when Redis lost it (restart, {@code SCRIPT FLUSH}). Immutable and thread-safe.
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    public LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-1, which every Java platform must provide", e);
        }
    }

    /**
     * Runs the script without waiting: by its SHA-1, and whole when Redis answers that it does not know it. For
     * a script on the publish path, where a round trip per call matters.
     */
    public <T> CompletionStage<T> runAsync(RedisScriptingAsyncCommands<String, String> commands, ScriptOutputType type,
            String[] keys, String... arguments) {
        return runAsync(commands, () -> { }, type, keys, arguments);
    }

    /**
     * Runs the script without waiting, as {@link #runAsync(RedisScriptingAsyncCommands, ScriptOutputType, String[],
     * String...)}, on a connection that does not flush by itself: {@code queued} is told after each command it
     * queues (the script by SHA-1, and the whole script if Redis did not know it).
     */
    public <T> CompletionStage<T> runAsync(RedisScriptingAsyncCommands<String, String> commands, Runnable queued,
            ScriptOutputType type, String[] keys, String... arguments) {
        CompletionStage<T> bySha = commands.<T>evalsha(sha, type, keys, arguments);
        queued.run();
        return bySha.handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                CompletionStage<T> whole = commands.<T>eval(source, type, keys, arguments);
                queued.run();
                return whole.toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    /** The script's SHA-1, by which Redis runs it. */
    public String sha() {
        return sha;
    }

    /** Sends the script to Redis's script cache, so that runs by SHA-1 find it. */
    public void load(RedisScriptingCommands<String, String> commands) {
        commands.scriptLoad(source);
    }

    /** Runs the script; blocks for at most the connection's command timeout. */
    public <T> @Nullable T run(RedisScriptingCommands<String, String> commands, ScriptOutputType type, String[] keys,
            List<String> arguments) {
        String[] values = arguments.toArray(String[]::new);
        try {
            return commands.evalsha(sha, type, keys, values);
        }
        catch (RedisNoScriptException e) {
            return commands.eval(source, type, keys, values);
        }
    }
}
