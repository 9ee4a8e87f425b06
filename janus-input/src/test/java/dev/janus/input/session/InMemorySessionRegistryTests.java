package dev.janus.input.session;

class InMemorySessionRegistryTests extends SessionRegistryContractTests {

    private final SessionRegistry registry = new InMemorySessionRegistry();

    @Override
    protected SessionRegistry registry() {
        return registry;
    }
}
