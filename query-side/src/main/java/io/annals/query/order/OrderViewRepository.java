package io.annals.query.order;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface OrderViewRepository extends JpaRepository<OrderView, String> {

    Page<OrderView> findByCustomerId(String customerId, Pageable pageable);

    Page<OrderView> findByStatus(String status, Pageable pageable);

    Page<OrderView> findByCustomerIdAndStatus(String customerId, String status, Pageable pageable);
}
