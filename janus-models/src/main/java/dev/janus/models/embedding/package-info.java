/**
 * The offline sentence embedding models, by id: the orchestrator embeds each message once (for its intent) and
 * memory uses that vector for recall when its own model has the same id.
 */
@NullMarked
package dev.janus.models.embedding;

import org.jspecify.annotations.NullMarked;
