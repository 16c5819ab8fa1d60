package io.annals.query.product;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ProductViewRepository extends JpaRepository<ProductView, String> {

    Page<ProductView> findByAvailableLessThan(long threshold, Pageable pageable);
}
