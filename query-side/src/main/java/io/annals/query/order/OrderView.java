package io.annals.query.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as the query API shows it; written only by {@link OrderProjection}. {@code lines} and {@code timeline}
 * hold JSON exactly as the API answers them.
 */
@Entity
@Table(name = "order_view")
public class OrderView {

    @Id
    @Column(name = "order_id")
    private String orderId;
    @Column(name = "customer_id")
    private String customerId;
    private String status;
    @JdbcTypeCode(SqlTypes.JSON)
    private String lines;
    @Column(name = "total_amount")
    private BigDecimal totalAmount;
    @Column(name = "total_currency")
    private String totalCurrency;
    @Column(name = "payment_id")
    private String paymentId;
    @Column(name = "tracking_number")
    private String trackingNumber;
    @Column(name = "cancellation_reason")
    private String cancellationReason;
    @JdbcTypeCode(SqlTypes.JSON)
    private String timeline;
    private long version;
    @Column(name = "placed_at")
    private Instant placedAt;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected OrderView() {
    }

    OrderView(String orderId, String customerId, String status, String lines, BigDecimal totalAmount,
              String totalCurrency, String timeline, long version, Instant placedAt) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.status = status;
        this.lines = lines;
        this.totalAmount = totalAmount;
        this.totalCurrency = totalCurrency;
        this.timeline = timeline;
        this.version = version;
        this.placedAt = placedAt;
        this.updatedAt = placedAt;
    }

    void changeStatus(String newStatus, String newTimeline, long newVersion, Instant at) {
        status = newStatus;
        timeline = newTimeline;
        version = newVersion;
        updatedAt = at;
    }

    void recordPayment(String newPaymentId) {
        paymentId = newPaymentId;
    }

    void recordShipment(String newTrackingNumber) {
        trackingNumber = newTrackingNumber;
    }

    void cancel(String reason) {
        cancellationReason = reason;
    }

    public String getOrderId() {
        return orderId;
    }

    public String getCustomerId() {
        return customerId;
    }

    public String getStatus() {
        return status;
    }

    public String getLines() {
        return lines;
    }

    public BigDecimal getTotalAmount() {
        return totalAmount;
    }

    public String getTotalCurrency() {
        return totalCurrency;
    }

    public String getPaymentId() {
        return paymentId;
    }

    public String getTrackingNumber() {
        return trackingNumber;
    }

    public String getCancellationReason() {
        return cancellationReason;
    }

    public String getTimeline() {
        return timeline;
    }

    public long getVersion() {
        return version;
    }
}
