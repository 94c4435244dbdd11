package dev.fmnist.serve;

/**
 * A request the server refuses: the HTTP status and one sentence for the {@code error} field, and
 * for a 405 the method the resource takes.
 */
final class ApiException extends Exception {
    final int status;
    /** The {@code Allow} header of a 405; null otherwise. */
    final String allow;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    private ApiException(int status, String message, String allow) {
        super(message);
        this.status = status;
        this.allow = allow;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException methodNotAllowed(String method, String allowed) {
        return new ApiException(405, method + " is not allowed here; use " + allowed + ".", allowed);
    }
}
