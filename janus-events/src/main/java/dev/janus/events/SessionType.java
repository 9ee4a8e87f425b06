package dev.janus.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kind of conversation a stream is: a chat, a meeting of several people, or a call. */
public enum SessionType {
    /** A one-to-one text or voice chat. */
    @JsonProperty("chat") CHAT,
    /** Several participants, each with their own audio track. */
    @JsonProperty("meeting") MEETING,
    /** A phone-style call. */
    @JsonProperty("call") CALL
}
