package org.vmoe4j;

/**
 * A mistake in what the user gave us (a file, a field, an option), as opposed to a bug.
 * The CLI prints its message as one line, without a stack trace, and exits with code 1.
 * The message names the file, field or option and says what was expected and what was found.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
