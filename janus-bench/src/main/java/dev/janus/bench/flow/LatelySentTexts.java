package dev.janus.bench.flow;

import dev.janus.models.embedding.RecentEmbeddings;

/**
 * The texts sent to one running application that its classifier still keeps embedded, followed with a
 * {@link RecentEmbeddings} of their own fed in the order they are sent, so that the bench can tell the turns that
 * embedded their message from those that found it embedded already. For the sender's thread alone.
 */
final class LatelySentTexts {

    private static final float[] SENT = new float[0];

    private final RecentEmbeddings sent = new RecentEmbeddings();

    /** Records that {@code text} is sent; whether it was sent lately, so that its embedding is kept. */
    boolean send(String text) {
        boolean lately = sent.get(text) != null;
        sent.put(text, SENT);
        return lately;
    }
}
