package dev.janus.bus.redis;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.janus.redis.BusConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code used_memory} and {@code maxmemory} from {@code INFO memory} on a schedule and exposes them as
 * {@code janus_redis_memory_used_bytes} and {@code janus_redis_memory_max_bytes}, so an alert can fire well before
 * a {@code noeviction} Redis starts refusing publishes. On a cluster both are the sums over its masters (a master
 * without {@code maxmemory} counts 0 towards the cap, and the cap then reads 0: no cap known).
 */
final class RedisMemoryGauges {

    private static final Logger log = LoggerFactory.getLogger(RedisMemoryGauges.class);

    private final BusConnection redis;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    RedisMemoryGauges(BusConnection redis, MeterRegistry registry) {
        this.redis = redis;
        Gauge.builder("janus.redis.memory.used", used, AtomicLong::get)
                .description("Bytes Redis has allocated (INFO memory used_memory; summed over a cluster's masters)")
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
        Gauge.builder("janus.redis.memory.max", max, AtomicLong::get)
                .description("Redis's maxmemory in bytes, 0 when it has none (summed over a cluster's masters, "
                        + "0 when one has none)")
                .baseUnit(BaseUnits.BYTES)
                .register(registry);
    }

    void sample() {
        try {
            List<String> infos = redis.infoOfEachMaster("memory");
            long usedSum = 0;
            long maxSum = 0;
            boolean everyMasterCapped = !infos.isEmpty();
            for (String info : infos) {
                usedSum += field(info, "used_memory");
                long cap = field(info, "maxmemory");
                everyMasterCapped &= cap > 0;
                maxSum += cap;
            }
            used.set(usedSum);
            max.set(everyMasterCapped ? maxSum : 0);
        }
        catch (RuntimeException e) {
            log.debug("Could not read Redis memory: {}", e.toString());
        }
    }

    /** A numeric field of an {@code INFO} reply ({@code name:value} lines), 0 when it is absent. */
    static long field(String info, String name) {
        String prefix = name + ":";
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(prefix)) {
                try {
                    return Long.parseLong(line.substring(prefix.length()).trim());
                }
                catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
