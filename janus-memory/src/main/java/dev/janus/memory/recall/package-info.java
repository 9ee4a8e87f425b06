/** Semantic recall: MiniLM embeddings, a per-user vector index, ranking by similarity and recency, context assembly. */
@NullMarked
package dev.janus.memory.recall;

import org.jspecify.annotations.NullMarked;
