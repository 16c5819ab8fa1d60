package io.annals.command.product;

import io.annals.command.idempotency.IdempotentAnswers;
import io.annals.command.idempotency.IdempotentCreate;
import io.annals.command.web.ApiDocs;
import io.annals.command.web.IfMatch;
import io.annals.command.web.MoneyRequest;
import io.annals.kernel.Sku;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.product.ProductLimits;
import io.annals.kernel.product.RegisterProduct;
import io.annals.kernel.product.RestockProduct;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.kernel.web.LeanPath;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
@RequestMapping("/api/products")
@Tag(name = ApiDocs.PRODUCTS)
@InstanceRole(Role.COMMAND)
class ProductCommandController {

    private final CommandGateway commandGateway;
    private final IdempotentAnswers idempotentAnswers;

    ProductCommandController(CommandGateway commandGateway, IdempotentAnswers idempotentAnswers) {
        this.commandGateway = commandGateway;
        this.idempotentAnswers = idempotentAnswers;
    }

    record RegisterProductRequest(
            @NotNull @Pattern(regexp = Sku.PATTERN) String sku,
            @NotBlank @Size(max = ProductLimits.MAX_NAME_LENGTH) String name,
            @NotNull @Min(0) @Max(ProductLimits.MAX_INITIAL_STOCK) Long initialStock,
            @NotNull @Valid MoneyRequest price) {
    }

    record RestockRequest(@NotNull @Min(ProductLimits.MIN_RESTOCK) @Max(ProductLimits.MAX_RESTOCK) Long quantity) {
    }

    record ProductWritten(String sku, long version) {
    }

    @Operation(summary = "Register a product with its initial stock and price")
    @Parameter(name = ApiDocs.IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = ApiDocs.IDEMPOTENCY_KEY_TEXT,
            schema = @Schema(maxLength = 200))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"sku": "WIDGET-1", "name": "Widget", "initialStock": 100,
             "price": {"amount": "12.50", "currency": "EUR"}}""")))
    @ApiResponse(responseCode = "201", description = "Registered at version 0", headers = {
            @Header(name = ApiDocs.ETAG, description = ApiDocs.ETAG_TEXT,
                    schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)),
            @Header(name = ApiDocs.LOCATION, description = ApiDocs.LOCATION_TEXT, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "409", description = "A product with this sku exists, or a request with the same "
            + "Idempotency-Key is still running")
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with another body")
    @PostMapping
    @IdempotentCreate
    @LeanPath(unlessHeaders = ApiDocs.IDEMPOTENCY_KEY)
    ResponseEntity<ProductWritten> register(@Valid @RequestBody RegisterProductRequest request) {
        ResponseEntity<ProductWritten> created = ResponseEntity.created(URI.create("/api/products/" + request.sku()))
                .header(HttpHeaders.ETAG, IfMatch.etag(0))
                .body(new ProductWritten(request.sku(), 0));
        commandGateway.sendAndWait(idempotentAnswers.rememberedOnCommit(new RegisterProduct(
                request.sku(), request.name(), request.initialStock(), request.price().toMoney()), created));
        return created;
    }

    @Operation(summary = "Add stock to a product")
    @Parameter(name = ApiDocs.IF_MATCH, in = ParameterIn.HEADER, description = ApiDocs.IF_MATCH_TEXT,
            schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"quantity": 10}""")))
    @ApiResponse(responseCode = "200", description = "Restocked", headers = @Header(name = ApiDocs.ETAG,
            description = ApiDocs.ETAG_TEXT, schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)))
    @ApiResponse(responseCode = "409", description = ApiDocs.VERSION_CONFLICT)
    @PostMapping("/{sku}/restock")
    @LeanPath
    ResponseEntity<ProductWritten> restock(@PathVariable String sku,
                                           @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @Valid @RequestBody RestockRequest request) {
        if (!Sku.isValid(sku)) {
            throw new EntityNotFoundException("no product " + sku);
        }
        Long expectedVersion = IfMatch.parse(ifMatch);
        long version = commandGateway.sendAndWait(new RestockProduct(sku, request.quantity(), expectedVersion));
        return ResponseEntity.ok()
                .header(HttpHeaders.ETAG, IfMatch.etag(version))
                .body(new ProductWritten(sku, version));
    }
}
