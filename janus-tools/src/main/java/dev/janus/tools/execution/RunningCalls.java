package dev.janus.tools.execution;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The calls running on this instance, by stream, so that an interrupted or ended stream can cancel its calls. */
public final class RunningCalls {

    private final Map<String, Set<RunningCall>> byStream = new ConcurrentHashMap<>();

    /** Tracks {@code call} until its result arrives. */
    public void track(RunningCall call) {
        // added inside compute: a set another call's completion empties and removes cannot swallow this one
        byStream.compute(call.streamId(), (stream, calls) -> {
            Set<RunningCall> tracked = calls == null ? ConcurrentHashMap.newKeySet() : calls;
            tracked.add(call);
            return tracked;
        });
        call.result().whenComplete((result, error) -> byStream.computeIfPresent(call.streamId(), (stream, calls) -> {
            calls.remove(call);
            return calls.isEmpty() ? null : calls;
        }));
    }

    /** Cancels every call of {@code streamId} with {@code reason}; returns how many it cancelled. */
    public int cancel(String streamId, String reason) {
        Set<RunningCall> calls = byStream.get(streamId);
        if (calls == null) {
            return 0;
        }
        int cancelled = 0;
        for (RunningCall call : List.copyOf(calls)) {
            if (call.cancel(reason)) {
                cancelled++;
            }
        }
        return cancelled;
    }

    /** How many calls of {@code streamId} are running. */
    public int count(String streamId) {
        Set<RunningCall> calls = byStream.get(streamId);
        return calls == null ? 0 : calls.size();
    }
}
