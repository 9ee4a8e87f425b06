package dev.janus.orchestrator.join;

import java.util.List;

import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.EventSubscriber;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.UserErased;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On {@code memory.user.erased}, the orchestrator drops the joins of the user's requests: a join holds the message
 * and what memory and tools answered to it. Idempotent.
 */
public final class ErasedUserJoins extends EventHandlers {

    private static final Logger log = LoggerFactory.getLogger(ErasedUserJoins.class);

    private final EventSubscriber bus;
    private final JoinStore joins;
    private final String group;

    public ErasedUserJoins(EventSubscriber bus, JoinStore joins, String group) {
        this.bus = bus;
        this.joins = joins;
        this.group = group;
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(bus.subscribe(EventKeys.MEMORY_USER_ERASED, group, this::on));
    }

    void on(JanusEvent event, UserErased erased) {
        String userId = erased.userId();
        log.info("Forgot user {}: {} join(s) dropped", userId, joins.forgetUser(userId));
    }
}
