package io.annals.query.admin;

import java.util.OptionalDouble;

/**
 * Blue/green rebuilds of the read models, shared by every instance through the database (implemented by the
 * composition root, which owns Axon's processors and tokens).
 */
public interface ProjectionRebuilds {

    /**
     * Starts building a new generation of the projection's read model beside the live one; the live one keeps
     * serving until the new one has caught up and takes its place.
     *
     * @throws io.annals.kernel.error.StateConflictException if a rebuild of the projection is under way already
     */
    void start(String projection);

    /** The rebuild's progress from its tokens (0..1), or empty when the projection is not being rebuilt. */
    OptionalDouble progress(String projection);
}
