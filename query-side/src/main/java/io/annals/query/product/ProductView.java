package io.annals.query.product;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** A product as the query API shows it; written only by {@link ProductProjection}. */
@Entity
@Table(name = "product_view")
public class ProductView {

    @Id
    private String sku;
    @Column(nullable = false)
    private String name;
    @Column(name = "price_amount", nullable = false)
    private BigDecimal priceAmount;
    @Column(name = "price_currency", nullable = false)
    private String priceCurrency;
    private long available;
    private long reserved;
    private long version;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ProductView() {
    }

    ProductView(String sku, String name, BigDecimal priceAmount, String priceCurrency, long available, long version,
                Instant at) {
        this.sku = sku;
        this.name = name;
        this.priceAmount = priceAmount;
        this.priceCurrency = priceCurrency;
        this.available = available;
        this.version = version;
        this.createdAt = at;
        this.updatedAt = at;
    }

    void restock(long quantity, long newVersion, Instant at) {
        move(quantity, 0, newVersion, at);
    }

    void reserve(long quantity, long newVersion, Instant at) {
        move(-quantity, quantity, newVersion, at);
    }

    void release(long quantity, long newVersion, Instant at) {
        move(quantity, -quantity, newVersion, at);
    }

    void ship(long quantity, long newVersion, Instant at) {
        move(0, -quantity, newVersion, at);
    }

    /** An event that changes no stock (a rejected reservation) still moves the version, for read-your-writes. */
    void touch(long newVersion, Instant at) {
        move(0, 0, newVersion, at);
    }

    private void move(long availableChange, long reservedChange, long newVersion, Instant at) {
        available += availableChange;
        reserved += reservedChange;
        version = newVersion;
        updatedAt = at;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public BigDecimal getPriceAmount() {
        return priceAmount;
    }

    public String getPriceCurrency() {
        return priceCurrency;
    }

    public long getAvailable() {
        return available;
    }

    public long getReserved() {
        return reserved;
    }

    public long getVersion() {
        return version;
    }
}
