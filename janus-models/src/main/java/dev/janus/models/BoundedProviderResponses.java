package dev.janus.models;

import java.io.IOException;

import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/**
 * Bounds what a provider's response can make Janus hold: at most {@value #MAX_LINE_BYTES} bytes in one line and
 * {@value #MAX_BODY_BYTES} in the whole body. The OpenAI and Anthropic SDKs read a streamed reply a line at a time and
 * a whole reply into one JSON tree, neither with a limit of its own, so a provider (or whatever answers at its
 * address) sending one endless line would fill the heap. A response past either bound fails its read with
 * {@link ProviderResponseTooLargeException}. Legitimate replies stay far below: a chunk of a streamed reply is a few
 * hundred bytes, and a reply is cut off at an event's 32k characters (a few MB streamed) anyway.
 */
final class BoundedProviderResponses {

    /** The longest line a response may have: a streamed chunk, or a whole reply's JSON when it comes on one line. */
    static final long MAX_LINE_BYTES = 1L << 20;

    /** The most bytes a response's body may have. */
    static final long MAX_BODY_BYTES = 32L << 20;

    private BoundedProviderResponses() {
    }

    /** Wraps every response body of the client it is added to (the OpenAI and Anthropic SDKs') in the bounds. */
    static final Interceptor BOUNDS = chain -> bounded(chain.proceed(chain.request()));

    private static Response bounded(Response response) {
        ResponseBody body = response.body();
        return response.newBuilder().body(ResponseBody.Companion.create(Okio.buffer(new Bounded(body.source())),
                body.contentType(), body.contentLength())).build();
    }

    /** A source that fails a read which brings it past either bound. Not thread-safe (one reader, as OkHttp's). */
    static final class Bounded extends ForwardingSource {

        private long read;
        private long lineSoFar;

        Bounded(Source delegate) {
            super(delegate);
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            long start = sink.size();
            long count = super.read(sink, byteCount);
            if (count <= 0) {
                return count;
            }
            read += count;
            if (read > MAX_BODY_BYTES) {
                throw new ProviderResponseTooLargeException("the provider's response passed " + (MAX_BODY_BYTES >> 20)
                        + " MB");
            }
            long end = start + count;
            long lineStart = start;
            for (long newline = sink.indexOf((byte) '\n', start, end); newline != -1;
                    newline = sink.indexOf((byte) '\n', newline + 1, end)) {
                lineStart = newline + 1;
                lineSoFar = 0;
            }
            lineSoFar += end - lineStart;
            if (lineSoFar > MAX_LINE_BYTES) {
                throw new ProviderResponseTooLargeException("a line of the provider's response passed "
                        + (MAX_LINE_BYTES >> 20) + " MB");
            }
            return count;
        }
    }
}
