package io.annals.query.product;

import io.annals.kernel.Money;
import io.annals.kernel.Versions;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.kernel.web.LeanPath;
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

import java.math.BigDecimal;
import java.util.function.Function;

@RestController
@RequestMapping("/api/products")
@Tag(name = ApiDocs.PRODUCTS)
@InstanceRole(Role.QUERY)
class ProductQueryController {

    private final ProductReads reads;
    private final ReadYourWrites readYourWrites;

    ProductQueryController(ProductReads reads, ReadYourWrites readYourWrites) {
        this.reads = reads;
        this.readYourWrites = readYourWrites;
    }

    record ProductResponse(String sku, String name, Money price, long available, long reserved, long version) {

        /** From the stored columns; the price is echoed at its currency's scale (the stored one has four places). */
        static ProductResponse of(String sku, String name, BigDecimal priceAmount, String priceCurrency,
                                  long available, long reserved, long version) {
            return new ProductResponse(sku, name, new Money(priceAmount.stripTrailingZeros(), priceCurrency),
                    available, reserved, version);
        }
    }

    @Operation(summary = "A product with its stock")
    @Parameter(name = ApiDocs.MIN_VERSION, description = ApiDocs.MIN_VERSION_TEXT,
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @ApiResponse(responseCode = "200", description = "Found", headers = @Header(name = ApiDocs.ETAG,
            description = ApiDocs.ETAG_TEXT, schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)))
    @GetMapping("/{sku}")
    @LeanPath
    ResponseEntity<ProductResponse> get(@PathVariable String sku,
                                        @RequestParam(required = false) String minVersion) {
        ProductResponse product = readYourWrites.await(ProductProjection.GROUP, IdFormat.SKU, sku,
                        MinVersion.parse(minVersion), () -> reads.find(sku), ProductResponse::version)
                .orElseThrow(() -> new EntityNotFoundException("no product " + sku));
        return ResponseEntity.ok()
                .header(HttpHeaders.ETAG, Versions.etag(product.version()))
                .body(product);
    }

    @Operation(summary = "List products")
    @Parameter(name = "page", description = ApiDocs.PAGE_TEXT, schema = @Schema(type = "integer", minimum = "0"))
    @Parameter(name = "size", description = ApiDocs.SIZE_TEXT,
            schema = @Schema(type = "integer", minimum = "1", maximum = "200"))
    @Parameter(name = "sort",
            description = "field,asc|desc with field one of sku, name, available (default sku,asc)")
    @Parameter(name = "lowStock", description = "Only products with fewer than 10 available")
    @GetMapping
    PageResponse<ProductResponse> list(@RequestParam(required = false) String page,
                                       @RequestParam(required = false) String size,
                                       @RequestParam(required = false) String sort,
                                       @RequestParam(required = false) Boolean lowStock) {
        Pageable pageable = PageParams.of(page, size, sort, ProductReads.SORTABLE, Sort.by("sku"), "sku");
        Page<ProductResponse> result = Boolean.TRUE.equals(lowStock) ? reads.lowStock(pageable) : reads.all(pageable);
        return PageResponse.of(result, Function.identity());
    }
}
