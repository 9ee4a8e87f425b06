package dev.janus.events;

/**
 * A new fact contradicts a stored one (same subject and attribute, another value); the newer
 * supersedes the older, which is kept as history.
 *
 * @param existing the stored fact
 * @param incoming the new fact
 */
public record ConflictDetected(Fact existing, Fact incoming) implements EventContent {

    public ConflictDetected {
        Constraints.present("existing", existing);
        Constraints.present("incoming", incoming);
    }
}
