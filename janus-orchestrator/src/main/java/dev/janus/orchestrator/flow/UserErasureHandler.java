package dev.janus.orchestrator.flow;

import java.util.List;

import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.EventSubscriber;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.UserErased;
import dev.janus.orchestrator.intent.IntentClassifier;
import dev.janus.orchestrator.join.JoinStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On {@code memory.user.erased}, the orchestrator forgets what it keeps of the user: the joins of the user's requests
 * (a join holds the message and what memory and tools answered to it), once in the group, and on every instance the
 * texts its classifier embedded lately, of every user, since it does not keep them by user. Idempotent.
 */
public final class UserErasureHandler extends EventHandlers {

    private static final Logger log = LoggerFactory.getLogger(UserErasureHandler.class);

    private final EventSubscriber bus;
    private final JoinStore joins;
    private final IntentClassifier classifier;
    private final String group;

    public UserErasureHandler(EventSubscriber bus, JoinStore joins, IntentClassifier classifier, String group) {
        this.bus = bus;
        this.joins = joins;
        this.classifier = classifier;
        this.group = group;
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(bus.subscribe(EventKeys.MEMORY_USER_ERASED, group, this::dropJoins),
                bus.subscribeBroadcast(EventKeys.MEMORY_USER_ERASED, group, this::forgetRecentTexts));
    }

    void dropJoins(JanusEvent event, UserErased erased) {
        log.info("Forgot user {}: {} join(s) dropped", erased.userId(), joins.forgetUser(erased.userId()));
    }

    void forgetRecentTexts(JanusEvent event, UserErased erased) {
        classifier.forgetRecentTexts();
        log.debug("User {} was erased: the classifier's recent texts are forgotten", erased.userId());
    }
}
