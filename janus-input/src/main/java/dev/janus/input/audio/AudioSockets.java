package dev.janus.input.audio;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code /ws/audio} connections this node holds, by stream: in a meeting, one per participant. Only the node
 * holding a stream's sockets has transcripts to show and replies to speak for it.
 */
public final class AudioSockets {

    private final Map<String, Set<AudioSocket>> byStream = new ConcurrentHashMap<>();

    void add(AudioSocket socket) {
        byStream.computeIfAbsent(socket.streamId(), key -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void remove(AudioSocket socket) {
        byStream.computeIfPresent(socket.streamId(), (key, set) -> {
            set.remove(socket);
            return set.isEmpty() ? null : set;
        });
    }

    /** Whether this node holds an audio socket of the stream. */
    public boolean holds(String streamId) {
        return byStream.containsKey(streamId);
    }

    /** The stream's sockets on this node. */
    public List<AudioSocket> of(String streamId) {
        return List.copyOf(byStream.getOrDefault(streamId, Set.of()));
    }

    /** Sends the frame to every socket of the stream on this node. */
    public void send(String streamId, VoiceFrame frame) {
        for (AudioSocket socket : of(streamId)) {
            socket.send(frame);
        }
    }

    /** How many sockets this node holds. */
    public int size() {
        return byStream.values().stream().mapToInt(Set::size).sum();
    }
}
