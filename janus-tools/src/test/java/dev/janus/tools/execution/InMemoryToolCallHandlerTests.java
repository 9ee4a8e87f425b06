package dev.janus.tools.execution;

import java.time.Clock;

import dev.janus.bus.EventBus;
import dev.janus.testkit.TestBusSettings;
import dev.janus.testkit.TestBuses;
import dev.janus.tools.timers.InMemoryReminderStore;
import dev.janus.tools.timers.ReminderStore;
import org.junit.jupiter.api.AfterEach;

/** The tools component on the in-memory bus. */
class InMemoryToolCallHandlerTests extends AbstractToolCallHandlerTests {

    private final dev.janus.bus.memory.InMemoryEventBus bus = TestBuses.inMemory(TestBusSettings.memory().build());
    private final CallOutcomes outcomes = new InMemoryCallOutcomes(Clock.systemUTC());

    @Override
    EventBus bus() {
        return bus;
    }

    @Override
    CallOutcomes outcomes() {
        return outcomes;
    }

    @Override
    ReminderStore reminderStore() {
        return new InMemoryReminderStore();
    }

    @AfterEach
    @Override
    void stopTools() {
        super.stopTools();
        bus.close();
    }
}
