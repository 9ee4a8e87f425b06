package dev.janus.tools.erasure;

import java.util.List;

import dev.janus.bus.EventSubscriber;
import dev.janus.bus.lifecycle.EventHandlers;
import dev.janus.bus.Subscription;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.UserErased;
import dev.janus.tools.ToolsConfiguration;
import dev.janus.tools.execution.CallOutcomes;
import dev.janus.tools.timers.ReminderStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On {@code memory.user.erased}, tools forgets the user: their reminders are cancelled (none fires any more) and the
 * stored results of calls made for them are dropped. Idempotent: a redelivery finds nothing left.
 */
public final class UserErasureHandler extends EventHandlers {

    private static final Logger log = LoggerFactory.getLogger(UserErasureHandler.class);

    private final EventSubscriber bus;
    private final ReminderStore reminders;
    private final CallOutcomes outcomes;

    public UserErasureHandler(EventSubscriber bus, ReminderStore reminders, CallOutcomes outcomes) {
        this.bus = bus;
        this.reminders = reminders;
        this.outcomes = outcomes;
    }

    @Override
    protected List<Subscription> subscribe() {
        return List.of(bus.subscribe(EventKeys.MEMORY_USER_ERASED, ToolsConfiguration.COMPONENT, this::on));
    }

    void on(JanusEvent event, UserErased erased) {
        String userId = erased.userId();
        int cancelled = reminders.cancelOf(userId);
        int dropped = outcomes.forgetUser(userId);
        log.info("Forgot user {}: {} reminder(s) cancelled, {} stored call result(s) dropped", userId, cancelled,
                dropped);
    }
}
