package dev.janus.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every {@link ComponentEvents} declaration of a running application, merged by component: who publishes each
 * {@link EventType} and who subscribes to it. The all-in-one app has all components' declarations, a single service
 * only its own. Immutable and thread-safe; never returns {@code null}.
 */
public final class EventRegistry {

    private final List<ComponentEvents> components;

    /**
     * Merges {@code declarations}; several of one component (declared by different configurations of its module)
     * become one.
     *
     * @throws IllegalArgumentException when a component declares the same subscription twice
     */
    public EventRegistry(List<ComponentEvents> declarations) {
        Map<String, Set<EventType>> publishes = new LinkedHashMap<>();
        Map<String, List<ComponentEvents.Consumed>> subscriptions = new LinkedHashMap<>();
        for (ComponentEvents declaration : declarations) {
            publishes.computeIfAbsent(declaration.component(), component -> EnumSet.noneOf(EventType.class))
                    .addAll(declaration.publishes());
            List<ComponentEvents.Consumed> known = subscriptions.computeIfAbsent(declaration.component(),
                    component -> new ArrayList<>());
            for (ComponentEvents.Consumed consumed : declaration.subscriptions()) {
                if (known.stream().anyMatch(other -> other.type() == consumed.type()
                        && other.group().equals(consumed.group()) && other.broadcast() == consumed.broadcast())) {
                    throw new IllegalArgumentException(declaration.component() + " declares its subscription to "
                            + consumed.type() + " twice; declare it once");
                }
                known.add(consumed);
            }
        }
        List<ComponentEvents> all = new ArrayList<>();
        publishes.forEach((component, types) -> all.add(new ComponentEvents(component, types,
                subscriptions.getOrDefault(component, List.of()))));
        all.sort(Comparator.comparing(ComponentEvents::component));
        this.components = List.copyOf(all);
    }

    /** The declarations, one per component, by component name. */
    public List<ComponentEvents> components() {
        return components;
    }

    /** The components that publish {@code type}, by name. */
    public List<String> publishersOf(EventType type) {
        return components.stream().filter(component -> component.publishes().contains(type))
                .map(ComponentEvents::component).toList();
    }

    /** The subscriptions to {@code type}, live or not, by component. */
    public List<ComponentEvents.Consumed> consumersOf(EventType type) {
        return components.stream().flatMap(component -> component.subscriptions().stream())
                .filter(consumed -> consumed.type() == type).toList();
    }

    /** Whether {@code source} is a declared publisher of {@code type}. */
    public boolean isPublisher(String source, EventType type) {
        return components.stream().anyMatch(component -> component.component().equals(source)
                && component.publishes().contains(type));
    }

    /** The types some component publishes, in catalogue order. */
    public Set<EventType> publishedTypes() {
        Set<EventType> published = EnumSet.noneOf(EventType.class);
        components.forEach(component -> published.addAll(component.publishes()));
        return published;
    }
}
