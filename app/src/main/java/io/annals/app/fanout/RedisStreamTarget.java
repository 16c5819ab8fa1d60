package io.annals.app.fanout;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes to Redis Streams: one {@code XADD} per event with the position, event id, type and aggregate id as fields
 * beside the JSON ({@code event}), a whole batch as one pipeline, done when Redis has replied to every one.
 *
 * <p>One connection for all of the processor's segments (Redis runs commands one at a time anyway); a batch writes its
 * commands under a lock and flushes them at once, then waits for the replies outside it. While Redis is unreachable
 * commands are refused at once rather than queued, so a batch fails fast and its processor backs off.
 */
final class RedisStreamTarget implements FanoutTarget {

    private final RedisClient client;
    private final RedisFanoutProperties properties;
    private final XAddArgs trimming;
    private StatefulRedisConnection<String, String> connection;

    RedisStreamTarget(RedisFanoutProperties properties) {
        this.properties = properties;
        this.client = RedisClient.create(RedisURI.create(properties.url()));
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(properties.timeout()))
                .build());
        this.trimming = XAddArgs.Builder.maxlen(properties.maxlen()).approximateTrimming();
    }

    @Override
    public void publish(List<FanoutEvent> events) {
        List<RedisFuture<String>> replies = new ArrayList<>(events.size());
        synchronized (this) {
            RedisAsyncCommands<String, String> redis = connection().async();
            for (FanoutEvent event : events) {
                replies.add(redis.xadd(streamOf(event), trimming, fieldsOf(event)));
            }
            connection.flushCommands();
        }
        Duration timeout = properties.timeout();
        try {
            if (!LettuceFutures.awaitAll(timeout, replies.toArray(new RedisFuture<?>[0]))) {
                throw new FanoutException("Redis did not acknowledge a batch of " + events.size() + " events within "
                        + timeout, null);
            }
        } catch (RuntimeException failed) {
            throw failed instanceof FanoutException ? failed
                    : new FanoutException("Redis refused a batch of " + events.size() + " events", failed);
        }
    }

    /** Connects on first use, so the service starts while Redis is still away. */
    private StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            StatefulRedisConnection<String, String> connected = client.connect();
            connected.setAutoFlushCommands(false);
            connection = connected;
        }
        return connection;
    }

    private String streamOf(FanoutEvent event) {
        return properties.streamPerAggregateType() && event.aggregateType() != null
                ? properties.stream() + ":" + event.aggregateType() : properties.stream();
    }

    private static Map<String, String> fieldsOf(FanoutEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("position", Long.toString(event.position()));
        fields.put("eventId", event.eventId());
        fields.put("type", event.type());
        if (event.aggregateId() != null) {
            fields.put("aggregateId", event.aggregateId());
        }
        fields.put("event", event.json());
        return fields;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
