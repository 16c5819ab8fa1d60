package io.annals.query.customer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;

/** A customer as the query API shows it; written only by {@link CustomerProjection}. */
@Entity
@Table(name = "customer_view")
public class CustomerView {

    @Id
    @Column(name = "customer_id")
    private String customerId;
    private String email;
    @Column(name = "email_key")
    private String emailKey;
    private String name;
    @Column(name = "name_key")
    private String nameKey;
    private boolean deleted;
    private long version;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected CustomerView() {
    }

    CustomerView(String customerId, String email, String name, long version, Instant at) {
        this.customerId = customerId;
        setEmail(email);
        setName(name);
        this.version = version;
        this.createdAt = at;
        this.updatedAt = at;
    }

    /** Search and the email filter are case-insensitive: both compare these lower-case keys. */
    static String key(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    void update(String newEmail, String newName, long newVersion, Instant at) {
        if (newEmail != null) {
            setEmail(newEmail);
        }
        if (newName != null) {
            setName(newName);
        }
        version = newVersion;
        updatedAt = at;
    }

    void delete(long newVersion, Instant at) {
        deleted = true;
        version = newVersion;
        updatedAt = at;
    }

    private void setEmail(String email) {
        this.email = email;
        this.emailKey = key(email);
    }

    private void setName(String name) {
        this.name = name;
        this.nameKey = key(name);
    }

    public String getCustomerId() {
        return customerId;
    }

    public String getEmail() {
        return email;
    }

    public String getName() {
        return name;
    }

    public boolean isDeleted() {
        return deleted;
    }

    public long getVersion() {
        return version;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
