package io.dime.backend.trace;

/** A trace, plan or server answer that cannot be used, said in one paragraph: what, where, what is accepted. */
public final class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceException(String message) {
        super(message);
    }
}
