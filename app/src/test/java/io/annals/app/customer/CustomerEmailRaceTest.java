package io.annals.app.customer;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.Parallel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static io.annals.app.test.ApiClient.customerJson;
import static io.annals.app.test.ApiClient.encode;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Email uniqueness among live customers is set validation (issue 3): decided on the command side, race-free. Of
 * concurrent claims to one email, in any letter case, exactly one succeeds and the others get a 409.
 */
@EndToEndTest
class CustomerEmailRaceTest {

    private static final int ROUNDS = 3;
    private static final int REGISTRATIONS = 8;

    private final ApiClient testSubject;

    CustomerEmailRaceTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    @Test
    void ofConcurrentRegistrationsOfOneEmailInDifferentCaseExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String email = uniqueEmail("race");
            List<Callable<Answer>> registrations = new ArrayList<>();
            for (int i = 0; i < REGISTRATIONS; i++) {
                String variant = caseVariant(email, i);
                String name = "Racer " + i;
                registrations.add(() -> testSubject.post("/api/customers", customerJson(variant, name)));
            }

            List<Answer> answers = Parallel.atOnce(registrations);

            List<Answer> winners = answers.stream().filter(answer -> answer.status() == 201).toList();
            assertThat(winners).as("round %d: %s", round, answers).hasSize(1);
            answers.stream().filter(answer -> answer.status() != 201)
                    .forEach(loser -> loser.assertProblem(409));
            String winner = winners.get(0).json().path("customerId").asString();
            testSubject.customerAtLeast(winner, 0);
            Answer listed = testSubject.get("/api/customers?email=" + encode(email));
            assertThat(listed.json().path("items")).hasSize(1);
            assertThat(listed.json().path("items").get(0).path("customerId").asString()).isEqualTo(winner);
        }
    }

    @Test
    void ofAnUpdateAndARegistrationRacingForOneEmailExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String oldEmail = uniqueEmail("mover");
            String customerId = testSubject.registerCustomer(oldEmail, "Mover");
            String contested = uniqueEmail("contested");

            List<Answer> answers = Parallel.atOnce(List.of(
                    () -> testSubject.put("/api/customers/" + customerId, "{\"email\": \"" + contested + "\"}"),
                    () -> testSubject.post("/api/customers", customerJson(contested.toUpperCase(), "Newcomer"))));

            Answer update = answers.get(0);
            Answer registration = answers.get(1);
            boolean updateWon = update.status() == 200;
            if (updateWon) {
                registration.assertProblem(409);
            } else {
                update.assertProblem(409);
                assertThat(registration.status()).as(registration.body()).isEqualTo(201);
            }
            assertThat(testSubject.post("/api/customers", customerJson(contested, "Latecomer")).status())
                    .as("the contested email stays taken by the winner").isEqualTo(409);
            assertThat(testSubject.events("customers", customerId).json()).hasSize(updateWon ? 2 : 1);
            assertThat(testSubject.post("/api/customers", customerJson(oldEmail, "Successor")).status())
                    .as("the old email is free exactly when the update won").isEqualTo(updateWon ? 201 : 409);
        }
    }

    @Test
    void aDeletedCustomersEmailCanBeRegisteredAgain() {
        String email = uniqueEmail("reuse");
        String first = testSubject.registerCustomer(email, "First");
        assertThat(testSubject.delete("/api/customers/" + first).status()).isEqualTo(200);

        Answer again = testSubject.post("/api/customers", customerJson(email.toUpperCase(), "Second"));

        assertThat(again.status()).as(again.body()).isEqualTo(201);
        String second = again.json().path("customerId").asString();
        assertThat(second).isNotEqualTo(first);
        testSubject.customerAtLeast(second, 0);
        testSubject.caughtUp("/api/customers/" + first, 1).assertProblem(404);
        Answer listed = testSubject.get("/api/customers?email=" + encode(email));
        assertThat(listed.json().path("items")).hasSize(1);
        assertThat(listed.json().path("items").get(0).path("customerId").asString()).isEqualTo(second);
    }

    @Test
    void aDeletedCustomersEmailCanBeTakenByAnUpdate() {
        String email = uniqueEmail("inherit");
        String first = testSubject.registerCustomer(email, "First");
        String second = testSubject.registerCustomer(uniqueEmail("heir"), "Second");
        testSubject.delete("/api/customers/" + first);

        Answer updated = testSubject.put("/api/customers/" + second, "{\"email\": \"" + email + "\"}");

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(testSubject.customerAtLeast(second, 1).path("email").asString()).isEqualTo(email);
    }

    /** {@code email} in another letter case: each variant upper-cases a different set of positions. */
    private static String caseVariant(String email, int variant) {
        StringBuilder mixed = new StringBuilder(email.length());
        for (int position = 0; position < email.length(); position++) {
            char c = email.charAt(position);
            boolean upper = ((position + variant) % (variant + 2)) == 0;
            mixed.append(upper ? Character.toUpperCase(c) : c);
        }
        return mixed.toString();
    }
}
