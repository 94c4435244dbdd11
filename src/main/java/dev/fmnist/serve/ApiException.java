package dev.fmnist.serve;

/** A request the server refuses: the HTTP status and one sentence for the {@code error} field. */
final class ApiException extends Exception {
    final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }
}
