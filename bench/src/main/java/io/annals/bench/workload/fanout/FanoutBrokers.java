package io.annals.bench.workload.fanout;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The brokers of the {@code fanout} workload, started by {@code bench/run.sh} before the service: a {@code
 * redis-server} on a free port and a single-node KRaft Kafka (spring-kafka-test's embedded broker, in this JVM), with
 * the topic the service publishes to. Writes {@code redis.url}, {@code kafka.bootstrap-servers} and {@code topic} to
 * the file named by its argument, then runs until it is terminated (SIGTERM stops both).
 *
 * <p>Run with the bench module's whole class path (spring-kafka-test and Kafka's server are not in bench.jar).
 */
public final class FanoutBrokers {

    static final String TOPIC = "annals-events";
    static final String STREAM = "annals-events";
    private static final int PARTITIONS = 8;

    private FanoutBrokers() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path redisDir = Files.createTempDirectory("annals-bench-redis");
        int redisPort = freePort();
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind",
                "127.0.0.1", "--dir", redisDir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(redisDir.resolve("redis.log").toFile()).start();
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        kafka.afterPropertiesSet();
        kafka.addTopics(new NewTopic(TOPIC, PARTITIONS, (short) 1));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            redis.destroy();
            kafka.destroy();
            stopped.countDown();
        }));
        Path written = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(written, "redis.url=redis://127.0.0.1:" + redisPort + "\n"
                + "kafka.bootstrap-servers=" + kafka.getBrokersAsString() + "\n"
                + "topic=" + TOPIC + "\n" + "stream=" + STREAM + "\n");
        Files.move(written, out);
        System.out.println("fan-out brokers: Redis on port " + redisPort + ", Kafka at " + kafka.getBrokersAsString());
        stopped.await();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
