package io.annals.query.customer;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface CustomerViewRepository extends JpaRepository<CustomerView, String> {

    Page<CustomerView> findByDeletedFalse(Pageable pageable);

    Page<CustomerView> findByDeletedFalseAndEmailKey(String emailKey, Pageable pageable);

    Page<CustomerView> findByDeletedFalseAndName(String name, Pageable pageable);

    Page<CustomerView> findByDeletedFalseAndEmailKeyAndName(String emailKey, String name, Pageable pageable);

    /** {@code pattern} is a LIKE pattern whose own wildcards are escaped with {@code \}. */
    @Query("""
            select c from CustomerView c
            where c.deleted = false
              and (c.nameKey like :pattern escape '\\' or c.emailKey like :pattern escape '\\')""")
    Page<CustomerView> search(@Param("pattern") String pattern, Pageable pageable);
}
