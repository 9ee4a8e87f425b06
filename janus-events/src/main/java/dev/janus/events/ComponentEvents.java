package dev.janus.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What one component says about its traffic on the bus: the event types it publishes (as the
 * {@code context.source} of those events) and the subscriptions it makes. Each component's own configuration
 * declares one as a bean; the {@link EventRegistry} collects them, {@link EventCatalogue} renders
 * {@code docs/events.md} from them, and {@code janus-app}'s tests hold them against the live subscriptions and the
 * sources of the events of a real conversation. Immutable; never {@code null} fields except a subscription's
 * condition.
 *
 * @param component the component's name, by convention {@code janus-…}: the {@code context.source} of what it
 *        publishes and the group (or, broadcast, the component) of its subscriptions
 * @param publishes the types it publishes
 * @param subscriptions the subscriptions it makes, in the order declared
 */
public record ComponentEvents(String component, Set<EventType> publishes, List<Consumed> subscriptions) {

    public ComponentEvents {
        Objects.requireNonNull(component, "component must not be null");
        Objects.requireNonNull(publishes, "publishes must not be null");
        Objects.requireNonNull(subscriptions, "subscriptions must not be null");
        if (!component.startsWith("janus-")) {
            throw new IllegalArgumentException("component must be named janus-…, but was " + component);
        }
        publishes = publishes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(publishes));
        subscriptions = List.copyOf(subscriptions);
    }

    /** Starts the declaration of {@code component}. */
    public static Builder of(String component) {
        return new Builder(component);
    }

    /** The subscriptions this configuration makes now: those without a condition, and those whose condition holds. */
    public List<Consumed> liveSubscriptions() {
        return subscriptions.stream().filter(Consumed::live).toList();
    }

    /**
     * One subscription to one exact type.
     *
     * @param type the type subscribed to
     * @param group the consumer group; for a broadcast subscription the component (its live group is the
     *        component followed by {@code @} and the instance)
     * @param broadcast whether every instance sees every event ({@code subscribeBroadcast}) rather than one
     *        member of the group
     * @param condition when the subscription is made only under some configuration: what that is, e.g.
     *        {@code only while janus.output.webhook.url is set}; absent when it is always made
     * @param live whether this configuration makes it (always {@code true} without a condition)
     */
    public record Consumed(EventType type, String group, boolean broadcast, @Nullable String condition, boolean live) {

        public Consumed {
            Objects.requireNonNull(type, "type must not be null");
            Objects.requireNonNull(group, "group must not be null");
            if (condition == null && !live) {
                throw new IllegalArgumentException("a subscription of " + group + " to " + type
                        + " without a condition is always live");
            }
        }
    }

    /** Collects a declaration; not thread-safe. */
    public static final class Builder {

        private final String component;
        private final Set<EventType> publishes = EnumSet.noneOf(EventType.class);
        private final List<Consumed> subscriptions = new ArrayList<>();

        private Builder(String component) {
            this.component = component;
        }

        /** Declares that the component publishes {@code types}. */
        public Builder publishes(EventType... types) {
            publishes.addAll(Arrays.asList(types));
            return this;
        }

        /** Declares a subscription in the component's group, always made. */
        public Builder consumes(EventType type) {
            subscriptions.add(new Consumed(type, component, false, null, true));
            return this;
        }

        /** Declares a subscription in the component's group, made only while {@code condition}, which now {@code holds} or not. */
        public Builder consumesWhile(EventType type, String condition, boolean holds) {
            subscriptions.add(new Consumed(type, component, false, condition, holds));
            return this;
        }

        /** Declares a broadcast subscription of the component, always made. */
        public Builder consumesBroadcast(EventType type) {
            subscriptions.add(new Consumed(type, component, true, null, true));
            return this;
        }

        /** Declares a broadcast subscription of the component, made only while {@code condition}, which now {@code holds} or not. */
        public Builder consumesBroadcastWhile(EventType type, String condition, boolean holds) {
            subscriptions.add(new Consumed(type, component, true, condition, holds));
            return this;
        }

        public ComponentEvents build() {
            return new ComponentEvents(component, publishes, subscriptions);
        }
    }
}
