package io.annals.app.test;

import io.annals.AnnalsApplication;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole service on a random port, on the test JVM's shared PostgreSQL (see the db test-jar's
 * {@code TestDatabaseInitializer}). Every end-to-end test class carries exactly this annotation and nothing else that
 * shapes the context, so they all share one started application.
 *
 * <p>{@code consistency-timeout} is short (default 5 s) so the one test that waits for an unreachable
 * {@code minVersion} stays fast, yet long enough that a loaded CI machine projects a fresh write within it (measured
 * 0.2–0.5 s under load); reads that merely need a fresh view also retry a 503 (see {@link ApiClient#productAtLeast}).
 *
 * <p>{@code shipping-timeout} is 20 s rather than 60 s: a test waits at most 60 s for an order to end
 * ({@link ApiClient#orderReaching}), and an order whose shipment is refused until the timeout, then refunded, must end
 * well inside that wait, not at its edge. {@code payment-timeout} keeps its 30 s: tests that hold payments
 * ({@link SandboxProviders#holdPayments()}) need the order to stay STOCK_RESERVED for as long as they take.
 *
 * <p>{@code credential-cache-ttl} outlasts the suite: the lean request path serves only credentials verified lately,
 * so a test that checks which path answered must not meet a verification that expired in between.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = AnnalsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"annals.query.consistency-timeout=2s", "annals.fulfilment.shipping-timeout=20s",
                "annals.intake.max-lag=5000", "annals.security.credential-cache-ttl=30m"})
public @interface EndToEndTest {
}
