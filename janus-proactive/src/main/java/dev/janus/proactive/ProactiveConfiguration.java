package dev.janus.proactive;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.janus.bus.EventBus;
import dev.janus.bus.UserErasure;
import dev.janus.bus.autoconfigure.ConditionalOnMemoryBus;
import dev.janus.bus.autoconfigure.ConditionalOnRedisBus;
import dev.janus.bus.lifecycle.PeriodicTask;
import dev.janus.events.ComponentEvents;
import dev.janus.events.EventCodec;
import dev.janus.events.EventType;
import dev.janus.proactive.detect.Detector;
import dev.janus.proactive.detect.ErrorSpikeDetector;
import dev.janus.proactive.detect.MemoryPatternDetector;
import dev.janus.proactive.detect.ReminderDetector;
import dev.janus.proactive.detect.RepeatedQuestionDetector;
import dev.janus.proactive.detect.ToolFailureDetector;
import dev.janus.proactive.detect.UnansweredQuestionDetector;
import dev.janus.proactive.restraint.FeedbackLoop;
import dev.janus.proactive.restraint.Restraint;
import dev.janus.proactive.state.InMemoryProactiveState;
import dev.janus.proactive.state.ProactiveState;
import dev.janus.proactive.state.RedisProactiveState;
import dev.janus.redis.SharedRedis;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The proactive component's beans. Imported by its own {@link ProactiveApplication} and by the all-in-one app;
 * no other component imports it. Detector and restraint state is in memory with {@code janus.bus.type=memory}
 * (the default) and in Redis, shared by the replicas, with {@code janus.bus.type=redis}. Detectors switched off
 * in {@link ProactiveProperties} are not created.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProactiveProperties.class)
public class ProactiveConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-proactive";

    /** The types proactive publishes; it never subscribes to them. */
    public static final Set<EventType> PUBLISHES = Collections.unmodifiableSet(EnumSet.of(
            EventType.PROACTIVE_SUGGESTION_READY, EventType.PROACTIVE_PATTERN_DETECTED,
            EventType.PROACTIVE_INTERVENTION_NEEDED));

    /**
     * What proactive publishes, and the subscriptions of {@link ProactiveMonitor}: the types its detectors watch
     * (those of the detectors switched off in {@link ProactiveProperties} are not subscribed to), and feedback.
     */
    @Bean
    ComponentEvents proactiveEvents(ProactiveMonitor monitor) {
        ComponentEvents.Builder events = ComponentEvents.of(COMPONENT).publishes(PUBLISHES.toArray(EventType[]::new));
        for (EventType type : monitor.watchedTypes()) {
            List<String> detectors = monitor.detectorsWatching(type);
            if (detectors.isEmpty()) {
                events.consumes(type);
            }
            else {
                events.consumesWhile(type, "while the " + String.join(" or ", detectors) + " detector is on", true);
            }
        }
        return events.build();
    }

    @Bean
    @ConditionalOnMemoryBus
    ProactiveState inMemoryProactiveState() {
        return new InMemoryProactiveState(Clock.systemUTC());
    }

    @Bean
    @ConditionalOnRedisBus
    ProactiveState redisProactiveState(SharedRedis redis) {
        return new RedisProactiveState(redis);
    }

    @Bean
    Findings proactiveFindings(EventBus bus, ProactiveState state, ProactiveProperties properties,
            MeterRegistry meters) {
        return new Findings(bus, new Restraint(state, properties.restraint(), Clock.systemUTC()), state,
                meters);
    }

    @Bean
    UnansweredQuestionDetector unansweredQuestionDetector(ProactiveState state, ProactiveProperties properties,
            EventBus bus) {
        return new UnansweredQuestionDetector(state, properties.unansweredQuestion(), new EventCodec(),
                Clock.systemUTC(), (UserErasure) bus);
    }

    @Bean
    @ConditionalOnProperty(name = "janus.proactive.unanswered-question.enabled", matchIfMissing = true)
    PeriodicTask unansweredSweep(UnansweredQuestionDetector detector, Findings findings,
            ProactiveProperties properties) {
        return new PeriodicTask("janus-proactive-sweep", properties.sweepInterval(), properties.sweepInterval(),
                () -> detector.sweep(findings));
    }

    @Bean
    ProactiveMonitor proactiveMonitor(EventBus bus, ProactiveState state, ProactiveProperties properties,
            UnansweredQuestionDetector unanswered, Findings findings, MeterRegistry meters) {
        return new ProactiveMonitor(bus, detectors(state, properties, unanswered),
                new FeedbackLoop(state, properties.restraint(), meters), findings);
    }

    /** The detectors {@code properties} switch on. */
    static List<Detector> detectors(ProactiveState state, ProactiveProperties properties,
            UnansweredQuestionDetector unanswered) {
        List<Detector> detectors = new ArrayList<>();
        add(detectors, properties.repeatedQuestion(), new RepeatedQuestionDetector(state, properties.repeatedQuestion()));
        add(detectors, properties.toolFailure(), new ToolFailureDetector(state, properties.toolFailure()));
        add(detectors, properties.reminder(), new ReminderDetector());
        add(detectors, properties.unansweredQuestion(), unanswered);
        add(detectors, properties.errorSpike(), new ErrorSpikeDetector(state, properties.errorSpike()));
        add(detectors, properties.memoryPattern(), new MemoryPatternDetector());
        return detectors;
    }

    private static void add(List<Detector> detectors, ProactiveProperties.Detector settings, Detector detector) {
        if (settings.on()) {
            detectors.add(detector);
        }
    }
}
