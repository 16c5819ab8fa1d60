package io.annals.kernel.role;

/**
 * What an Annals instance does ({@code annals.roles}, default all). One artifact runs any mix; instances with
 * different roles share one PostgreSQL.
 */
public enum Role {

    /** Accepts commands over HTTP. Aggregates handle commands on every instance (sagas send them locally). */
    COMMAND,

    /** Runs the projections and answers reads: read models, history and temporal state, projection admin. */
    QUERY,

    /** Runs the order-fulfilment saga, its deadlines, order confirmations and the external providers' circuits. */
    SAGA,

    /** Event intake. */
    INTAKE
}
