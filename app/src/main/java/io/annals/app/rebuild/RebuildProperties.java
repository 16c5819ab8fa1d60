package io.annals.app.rebuild;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Blue/green rebuilds of the read models ({@code annals.rebuild}).
 *
 * @param pollInterval        how often an instance looks for rebuilds asked on any instance, and checks its own
 * @param progressLogInterval how often a running rebuild logs its progress
 * @param switchWithin        a rebuild tries to switch once it is this many events or fewer behind the live processor
 * @param switchWait          how long a switch may hold the live processing of the projection while the rebuild
 *                            handles its last events; beyond it the switch gives up and is tried again later
 * @param lockTimeout         the longest a switch waits for one lock (a reader or writer of the live tables)
 * @param batchSize           events a rebuild handles per transaction, at least (the live processor's batch size if
 *                            larger): a rebuild is all catch-up, and each transaction has a fixed cost
 */
@ConfigurationProperties("annals.rebuild")
public record RebuildProperties(@DefaultValue("1s") Duration pollInterval,
                                @DefaultValue("5s") Duration progressLogInterval,
                                @DefaultValue("500") long switchWithin,
                                @DefaultValue("5s") Duration switchWait,
                                @DefaultValue("5s") Duration lockTimeout,
                                @DefaultValue("500") int batchSize) {
}
