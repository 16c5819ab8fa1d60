package io.annals.query.customer;

import io.annals.kernel.Versions;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.query.consistency.IdFormat;
import io.annals.query.consistency.ReadYourWrites;
import io.annals.query.web.MinVersion;
import io.annals.query.web.PageParams;
import io.annals.query.web.PageResponse;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Map;

@RestController
@RequestMapping("/api/customers")
@InstanceRole(Role.QUERY)
class CustomerQueryController {

    static final int MAX_QUERY_LENGTH = 100;
    private static final Map<String, String> SORTABLE =
            Map.of("email", "email", "name", "name", "createdAt", "createdAt");
    private static final Sort DEFAULT_SORT = Sort.by("email");
    private static final String TIE_BREAKER = "customerId";

    private final CustomerViewRepository repository;
    private final CustomerSearch search;
    private final ReadYourWrites readYourWrites;

    CustomerQueryController(CustomerViewRepository repository, CustomerSearch search, ReadYourWrites readYourWrites) {
        this.repository = repository;
        this.search = search;
        this.readYourWrites = readYourWrites;
    }

    record CustomerResponse(String customerId, String email, String name, long version, Instant createdAt,
                            Instant updatedAt) {

        static CustomerResponse of(CustomerView view) {
            return new CustomerResponse(view.getCustomerId(), view.getEmail(), view.getName(), view.getVersion(),
                    view.getCreatedAt(), view.getUpdatedAt());
        }
    }

    @GetMapping("/{customerId}")
    ResponseEntity<CustomerResponse> get(@PathVariable String customerId,
                                         @RequestParam(required = false) String minVersion) {
        String id = customerId.toLowerCase();
        CustomerView view = readYourWrites.await(CustomerProjection.GROUP, IdFormat.SERVER_ID, id,
                        MinVersion.parse(minVersion), () -> repository.findById(id), CustomerView::getVersion)
                .filter(found -> !found.isDeleted())
                .orElseThrow(() -> new EntityNotFoundException("no customer " + customerId));
        return ResponseEntity.ok()
                .header(HttpHeaders.ETAG, Versions.etag(view.getVersion()))
                .body(CustomerResponse.of(view));
    }

    @GetMapping
    PageResponse<CustomerResponse> list(@RequestParam(required = false) String page,
                                        @RequestParam(required = false) String size,
                                        @RequestParam(required = false) String sort,
                                        @RequestParam(required = false) String email,
                                        @RequestParam(required = false) String name) {
        Pageable pageable = PageParams.of(page, size, sort, SORTABLE, DEFAULT_SORT, TIE_BREAKER);
        Page<CustomerView> result;
        if (email != null && name != null) {
            result = repository.findByDeletedFalseAndEmailKeyAndName(CustomerView.key(email), name, pageable);
        } else if (email != null) {
            result = repository.findByDeletedFalseAndEmailKey(CustomerView.key(email), pageable);
        } else if (name != null) {
            result = repository.findByDeletedFalseAndName(name, pageable);
        } else {
            result = repository.findByDeletedFalse(pageable);
        }
        return PageResponse.of(result, CustomerResponse::of);
    }

    @GetMapping("/search")
    PageResponse<CustomerResponse> search(@RequestParam(required = false) String q,
                                          @RequestParam(required = false) String page,
                                          @RequestParam(required = false) String size,
                                          @RequestParam(required = false) String sort) {
        if (q == null || q.isEmpty() || q.length() > MAX_QUERY_LENGTH) {
            throw new RuleViolationException("q", "must be 1.." + MAX_QUERY_LENGTH + " characters");
        }
        Pageable pageable = PageParams.of(page, size, sort, SORTABLE, DEFAULT_SORT, TIE_BREAKER);
        return PageResponse.of(search.search(q, pageable), CustomerResponse::of);
    }
}
