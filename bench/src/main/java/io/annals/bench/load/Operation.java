package io.annals.bench.load;

/** One request (or request sequence) of a virtual user. Called concurrently from every client thread. */
@FunctionalInterface
public interface Operation {

    /**
     * @param client    the client thread's index, 0..clients-1 (for per-client state without locking)
     * @param sequence  the operation's number in the phase, unique across clients
     */
    Outcome execute(int client, long sequence) throws Exception;
}
