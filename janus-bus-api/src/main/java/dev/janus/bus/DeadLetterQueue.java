package dev.janus.bus;

import java.util.List;
import java.util.Optional;

/** The events the bus dead-lettered: read newest first, replay, delete. Thread-safe. */
public interface DeadLetterQueue {

    /** Up to {@code limit} dead letters, newest first. */
    List<DeadLetter> deadLetters(int limit);

    /** How many dead letters there are. */
    long deadLetterCount();

    /** The dead letter with this id, if it is still in the queue. */
    Optional<DeadLetter> deadLetter(String id);

    /** Removes the dead letter; false when there was none with this id. */
    boolean delete(String id);

    /**
     * Takes the dead letter out of the queue and delivers its event again to the consumer group that failed it (and
     * to no other group); when that fails again, it comes back with this failure in its history.
     *
     * @return false when there was no dead letter with this id
     * @throws IllegalArgumentException when the letter holds no event that can be replayed (an undecodable entry)
     */
    boolean replay(String id);
}
