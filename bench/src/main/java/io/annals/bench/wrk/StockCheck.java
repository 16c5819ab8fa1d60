package io.annals.bench.wrk;

import java.util.Locale;

/**
 * "Nothing lost" for restocks of 1 driven by wrk: the stock must have grown by at least the acknowledged (2xx)
 * restocks. wrk does not report the requests still in flight when a run stops, whose restocks may be applied
 * after it stopped listening, so it may also have grown by up to one per connection and run, but not more: more
 * would mean restocks applied that nobody sent.
 *
 * @param grown        how much the products' stock grew; negative when it could not be read
 * @param inFlightBound connections × wrk runs
 */
record StockCheck(long acknowledged, long grown, long inFlightBound) {

    boolean passed() {
        long inFlight = grown - acknowledged;
        return grown >= 0 && inFlight >= 0 && inFlight <= inFlightBound;
    }

    String detail() {
        if (grown < 0) {
            return acknowledged + " restocks acknowledged, the stock could not be read";
        }
        return String.format(Locale.ROOT, "%d restocks acknowledged, stock grew by %d (%+d in flight at wrk's stop, "
                + "at most %d)", acknowledged, grown, grown - acknowledged, inFlightBound);
    }
}
