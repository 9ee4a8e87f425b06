package dev.janus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.Test;

class ReplicaWaitTests {

    @Test
    void aWriteWaitsOnItsKey() throws Exception {
        Method set = RedisClusterCommands.class.getMethod("set", Object.class, Object.class, SetArgs.class);

        assertThat(ReplicaWait.writtenKeys(set, new Object[] { "janus:session:s", "{}", SetArgs.Builder.nx() }))
                .containsExactly("janus:session:s");
    }

    @Test
    void aScriptWaitsOnItsKeysAndAMultiKeyDeleteOnEach() throws Exception {
        Method evalsha = RedisClusterCommands.class.getMethod("evalsha", String.class, ScriptOutputType.class,
                Object[].class, Object[].class);
        Method del = RedisClusterCommands.class.getMethod("del", Object[].class);

        assertThat(ReplicaWait.writtenKeys(evalsha, new Object[] { "sha", ScriptOutputType.INTEGER,
                new String[] { "janus:join:{b1}:c", "janus:join:deadlines:{b1}" }, new String[] { "c" } }))
                .containsExactly("janus:join:{b1}:c", "janus:join:deadlines:{b1}");
        assertThat(ReplicaWait.writtenKeys(del, new Object[] { new String[] { "a", "b" } })).containsExactly("a", "b");
    }

    @Test
    void aReadWaitsForNothing() throws Exception {
        Method hgetall = RedisClusterCommands.class.getMethod("hgetall", Object.class);
        Method zrangebyscore = RedisClusterCommands.class.getMethod("zrangebyscore", Object.class, Range.class);

        assertThat(ReplicaWait.writtenKeys(hgetall, new Object[] { "janus:join:{b1}:c" })).isEmpty();
        assertThat(ReplicaWait.writtenKeys(zrangebyscore, new Object[] { "k", Range.unbounded() })).isEmpty();
    }
}
