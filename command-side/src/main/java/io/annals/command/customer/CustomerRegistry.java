package io.annals.command.customer;

import io.annals.kernel.error.DuplicateEntityException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * The command side's own record of live customers ({@code customer_registry}). Every method runs inside the command's
 * transaction, so the row and the customer's events commit or roll back together; the unique index on the email key
 * decides races between concurrent registrations and updates on any node.
 */
@Component
public class CustomerRegistry {

    private final JdbcTemplate jdbc;

    CustomerRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Emails are unique case-insensitively. */
    public static String emailKey(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    /** Records a new customer; throws {@link DuplicateEntityException} when a live customer has the email. */
    void register(String customerId, String email) {
        int inserted = jdbc.update("""
                INSERT INTO customer_registry (customer_id, email_key) VALUES (?, ?)
                ON CONFLICT (email_key) DO NOTHING""", customerId, emailKey(email));
        if (inserted == 0) {
            throw emailTaken();
        }
    }

    /** Moves a customer to a new email; throws {@link DuplicateEntityException} when a live customer has it. */
    void changeEmail(String customerId, String email) {
        try {
            jdbc.update("UPDATE customer_registry SET email_key = ? WHERE customer_id = ?", emailKey(email),
                    customerId);
        } catch (DuplicateKeyException e) {
            throw emailTaken();
        }
    }

    /** Frees a deleted customer's email. */
    void remove(String customerId) {
        jdbc.update("DELETE FROM customer_registry WHERE customer_id = ?", customerId);
    }

    /**
     * Whether the customer exists and is not deleted. The row is share-locked until the calling command commits,
     * so a concurrent delete cannot slip in between the check and the order's events.
     */
    public boolean lockIfLive(String customerId) {
        return !jdbc.queryForList("SELECT 1 FROM customer_registry WHERE customer_id = ? FOR KEY SHARE",
                Integer.class, customerId).isEmpty();
    }

    private static DuplicateEntityException emailTaken() {
        return new DuplicateEntityException("a customer with this email exists");
    }
}
