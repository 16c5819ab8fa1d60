package io.annals.bench.wrk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StockCheckTest {

    @Test
    void everyAcknowledgedRestockAndAtMostTheRequestsInFlightPass() {
        assertThat(new StockCheck(1_000, 1_000, 64).passed()).isTrue();
        assertThat(new StockCheck(1_000, 1_064, 64).passed()).isTrue();
    }

    @Test
    void aLostRestockFails() {
        StockCheck testSubject = new StockCheck(1_000, 999, 64);

        assertThat(testSubject.passed()).isFalse();
        assertThat(testSubject.detail()).contains("stock grew by 999 (-1 in flight");
    }

    @Test
    void moreThanCouldHaveBeenInFlightFails() {
        assertThat(new StockCheck(1_000, 1_065, 64).passed()).isFalse();
    }

    @Test
    void anUnreadableStockFails() {
        StockCheck testSubject = new StockCheck(1_000, -1, 64);

        assertThat(testSubject.passed()).isFalse();
        assertThat(testSubject.detail()).contains("could not be read");
    }
}
