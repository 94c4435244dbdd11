package dev.fmnist.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Request bodies under a size limit. A body over the limit is refused with 413 after it is read
 * (up to {@link #DRAIN_BYTES}), and so is what is left of any body before an error is sent: a
 * client still sending a body that nobody reads would see the connection reset instead of the answer.
 */
final class RequestBody {
    /** Bodies over the limit are still read, up to this much, so that the client hears the 413. */
    static final long DRAIN_BYTES = 64L << 20;

    private final long limit;

    /** @param limit the most bytes a body may have */
    RequestBody(long limit) {
        this.limit = limit;
    }

    /** The request's body, refused with 413 when over the limit. */
    byte[] read(HttpExchange exchange) throws ApiException, IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("The Content-Length '" + declared + "' is not a number.");
        }
        if (length > DRAIN_BYTES) {
            throw tooLarge(length);
        }
        byte[] bytes = exchange.getRequestBody().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > limit) {
            throw tooLarge(Math.max(bytes.length + drain(exchange), length));
        }
        return bytes;
    }

    /** Reads what is left of the request body, up to {@link #DRAIN_BYTES}; returns the number of bytes read. */
    static long drain(HttpExchange exchange) {
        byte[] buffer = new byte[64 << 10];
        long total = 0;
        try {
            InputStream in = exchange.getRequestBody();
            for (int n; total < DRAIN_BYTES && (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (IOException e) {
            // The client stopped sending; the answer may still reach it.
        }
        return total;
    }

    private ApiException tooLarge(long bytes) {
        return new ApiException(413, String.format(Locale.ROOT, "The request body (%s) is over the %s limit.",
                megabytes(bytes), megabytes(limit)));
    }

    private static String megabytes(long bytes) {
        double mb = bytes / 1e6;
        return mb == Math.rint(mb) ? String.format(Locale.ROOT, "%.0f MB", mb) : String.format(Locale.ROOT, "%.1f MB", mb);
    }
}
