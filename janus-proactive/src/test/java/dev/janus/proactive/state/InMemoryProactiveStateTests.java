package dev.janus.proactive.state;

import java.time.Clock;

class InMemoryProactiveStateTests extends ProactiveStateContractTests {

    private final InMemoryProactiveState shared = new InMemoryProactiveState(Clock.systemUTC());

    @Override
    ProactiveState replica() {
        // replicas of one JVM share its state
        return shared;
    }
}
