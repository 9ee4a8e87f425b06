package dev.janus.app.ops;

import java.util.ArrayList;
import java.util.List;

import dev.janus.testkit.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The memory cap a real {@code redis-server} applies when started with a deployment file's settings: what it reads
 * {@code maxmemory} as, in bytes, and its eviction policy. A typo in a file ({@code 640m} for {@code 640mb}, an
 * unknown policy) is judged by Redis itself, not by the test's reading of the file.
 *
 * @param maxMemoryBytes {@code CONFIG GET maxmemory}
 * @param policy {@code CONFIG GET maxmemory-policy}
 */
record AppliedRedisMemory(long maxMemoryBytes, String policy) {

    /** Starts a Redis with {@code arguments} (e.g. {@code --maxmemory 640mb}) and reads the cap back. */
    static AppliedRedisMemory of(List<String> arguments) {
        try (RedisProcess redis = RedisProcess.start(arguments)) {
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                return new AppliedRedisMemory(Long.parseLong(connection.sync().configGet("maxmemory").get("maxmemory")),
                        connection.sync().configGet("maxmemory-policy").get("maxmemory-policy"));
            }
            finally {
                client.shutdown();
            }
        }
    }

    /** The {@code --name value} pairs of {@code maxmemory} settings among {@code redis-server} arguments. */
    static List<String> memoryArguments(List<String> arguments) {
        ArrayList<String> memory = new ArrayList<>();
        for (int i = 0; i + 1 < arguments.size(); i++) {
            if (arguments.get(i).startsWith("--maxmemory")) {
                memory.add(arguments.get(i));
                memory.add(arguments.get(i + 1));
            }
        }
        return memory;
    }

    /** The {@code maxmemory} lines of a {@code redis.conf}, as {@code redis-server} arguments. */
    static List<String> memoryArgumentsOfConf(String conf) {
        ArrayList<String> memory = new ArrayList<>();
        conf.lines().map(String::strip).filter(line -> line.startsWith("maxmemory")).forEach(line -> {
            String[] setting = line.split("\\s+", 2);
            memory.add("--" + setting[0]);
            memory.add(setting.length > 1 ? setting[1] : "");
        });
        return memory;
    }
}
