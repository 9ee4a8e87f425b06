package dev.janus.bus;

import java.util.List;

/** Read access to the events the bus dead-lettered, newest first. */
public interface DeadLetterQueue {

    /** Up to {@code limit} dead letters, newest first. */
    List<DeadLetter> deadLetters(int limit);

    /** How many dead letters there are. */
    long deadLetterCount();
}
