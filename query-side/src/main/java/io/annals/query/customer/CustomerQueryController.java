package io.annals.query.customer;

import io.annals.kernel.Versions;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.query.consistency.IdFormat;
import io.annals.query.consistency.ReadYourWrites;
import io.annals.query.web.ApiDocs;
import io.annals.query.web.MinVersion;
import io.annals.query.web.PageParams;
import io.annals.query.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = ApiDocs.CUSTOMERS)
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

    @Operation(summary = "A customer")
    @Parameter(name = ApiDocs.MIN_VERSION, description = ApiDocs.MIN_VERSION_TEXT,
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @ApiResponse(responseCode = "200", description = "Found", headers = @Header(name = ApiDocs.ETAG,
            description = ApiDocs.ETAG_TEXT, schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)))
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

    @Operation(summary = "List customers, optionally those with an exact email or name")
    @Parameter(name = "page", description = ApiDocs.PAGE_TEXT, schema = @Schema(type = "integer", minimum = "0"))
    @Parameter(name = "size", description = ApiDocs.SIZE_TEXT,
            schema = @Schema(type = "integer", minimum = "1", maximum = "200"))
    @Parameter(name = "sort",
            description = "field,asc|desc with field one of email, name, createdAt (default email,asc)")
    @Parameter(name = "email", description = "Only the customer with this email (case-insensitive)")
    @Parameter(name = "name", description = "Only customers with exactly this name (case-sensitive)")
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

    @Operation(summary = "Search customers by a part of their name or email")
    @Parameter(name = "q", required = true, description = "1..100 characters, a case-insensitive substring of the "
            + "name or email (%, _ and \\ match themselves)")
    @Parameter(name = "page", description = ApiDocs.PAGE_TEXT, schema = @Schema(type = "integer", minimum = "0"))
    @Parameter(name = "size", description = ApiDocs.SIZE_TEXT,
            schema = @Schema(type = "integer", minimum = "1", maximum = "200"))
    @Parameter(name = "sort",
            description = "field,asc|desc with field one of email, name, createdAt (default email,asc)")
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
