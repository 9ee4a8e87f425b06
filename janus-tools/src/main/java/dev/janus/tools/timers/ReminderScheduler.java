package dev.janus.tools.timers;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.janus.bus.EventPublisher;
import dev.janus.bus.lifecycle.LeasedBatches;
import dev.janus.bus.lifecycle.PeriodicTask;
import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.ReminderDue;
import dev.janus.tools.registry.CallOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Fires due reminders: every {@code janus.tools.reminders.poll-interval} it claims the due ones from the
 * {@link ReminderStore} and publishes {@code tools.reminder.due} on the stream the reminder was set in (which
 * proactive turns into a suggestion). The event's id derives from the reminder's, so a reminder published
 * twice (an instance died between publishing and completing) is one event to its consumers. After a restart
 * on Redis, reminders that fell due meanwhile fire at the first poll.
 */
public final class ReminderScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);
    private static final int BATCH = 100;

    private final ReminderStore store;
    private final EventPublisher bus;
    private final Clock clock;
    private final Duration lease;
    private final String source;
    private final PeriodicTask schedule;

    public ReminderScheduler(ReminderStore store, EventPublisher bus, Clock clock, Duration pollInterval,
            String source) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
        this.lease = Duration.ofSeconds(30).plus(pollInterval);
        this.source = source;
        this.schedule = new PeriodicTask("janus-tools-reminders", Duration.ZERO, pollInterval, this::fireDue);
    }

    /**
     * Publishes the reminders due now, but those a slow batch did not reach within half its lease ({@link
     * LeasedBatches}); a failure to look for them is the schedule's to log ({@link PeriodicTask}).
     */
    public void fireDue() {
        if (!LeasedBatches.drain(clock::instant, lease, BATCH, (now, max) -> store.claimDue(now, lease, max),
                this::fire)) {
            log.warn("Publishing due reminders is slow; the rest of this batch is claimed again in {}", lease);
        }
    }

    private void fire(Reminder reminder) {
        try {
            bus.publish(dueEvent(reminder)).join();
            store.complete(reminder.id());
        }
        catch (RuntimeException e) {
            // the lease runs out and the reminder is claimed again
            log.warn("Could not publish reminder {}; it is tried again in {}: {}", reminder.id(), lease, e.toString());
        }
    }

    JanusEvent dueEvent(Reminder reminder) {
        CallOrigin origin = reminder.origin();
        String id = JanusEvent.derivedId(reminder.id(), EventKeys.TOOLS_REMINDER_DUE);
        return JanusEvent.inFlow(id, EventKeys.TOOLS_REMINDER_DUE, origin.streamId(),
                new ReminderDue(reminder.id(), reminder.text(), reminder.dueAt(), origin.userId()),
                new EventContext(source, origin.userId(), origin.channel(), null, Map.of()), origin.traceId(),
                origin.correlationId(), origin.requestId());
    }

    @Override
    public void start() {
        schedule.start();
    }

    @Override
    public void stop() {
        schedule.stop();
    }

    @Override
    public boolean isRunning() {
        return schedule.isRunning();
    }
}
