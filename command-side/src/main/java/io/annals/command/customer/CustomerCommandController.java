package io.annals.command.customer;

import io.annals.command.idempotency.IdempotentAnswers;
import io.annals.command.idempotency.IdempotentCreate;
import io.annals.command.web.ApiDocs;
import io.annals.command.web.Ids;
import io.annals.command.web.IfMatch;
import io.annals.kernel.customer.CustomerLimits;
import io.annals.kernel.customer.DeleteCustomer;
import io.annals.kernel.customer.RegisterCustomer;
import io.annals.kernel.customer.UpdateCustomer;
import io.annals.kernel.error.RuleViolationException;
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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
@RequestMapping("/api/customers")
@Tag(name = ApiDocs.CUSTOMERS)
@InstanceRole(Role.COMMAND)
class CustomerCommandController {

    private static final String EMAIL_MESSAGE = "must be a valid email address";

    private final CommandGateway commandGateway;
    private final IdempotentAnswers idempotentAnswers;

    CustomerCommandController(CommandGateway commandGateway, IdempotentAnswers idempotentAnswers) {
        this.commandGateway = commandGateway;
        this.idempotentAnswers = idempotentAnswers;
    }

    record RegisterCustomerRequest(
            @NotNull @Size(max = CustomerLimits.MAX_EMAIL_LENGTH)
            @Pattern(regexp = CustomerLimits.EMAIL_PATTERN, message = EMAIL_MESSAGE) String email,
            @NotBlank @Size(max = CustomerLimits.MAX_NAME_LENGTH) String name) {
    }

    record UpdateCustomerRequest(
            @Size(max = CustomerLimits.MAX_EMAIL_LENGTH)
            @Pattern(regexp = CustomerLimits.EMAIL_PATTERN, message = EMAIL_MESSAGE) String email,
            @Size(min = 1, max = CustomerLimits.MAX_NAME_LENGTH) @Pattern(regexp = ".*\\S.*",
                    message = "must not be blank") String name) {
    }

    record CustomerWritten(String customerId, long version) {
    }

    @Operation(summary = "Register a customer")
    @Parameter(name = ApiDocs.IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = ApiDocs.IDEMPOTENCY_KEY_TEXT,
            schema = @Schema(maxLength = 200))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"email": "ada@example.com", "name": "Ada Lovelace"}""")))
    @ApiResponse(responseCode = "201", description = "Registered at version 0", headers = {
            @Header(name = ApiDocs.ETAG, description = ApiDocs.ETAG_TEXT,
                    schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)),
            @Header(name = ApiDocs.LOCATION, description = ApiDocs.LOCATION_TEXT, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "409", description = "A live customer has this email, or a request with the same "
            + "Idempotency-Key is still running")
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with another body")
    @PostMapping
    @IdempotentCreate
    @LeanPath(unlessHeaders = ApiDocs.IDEMPOTENCY_KEY)
    ResponseEntity<CustomerWritten> register(@Valid @RequestBody RegisterCustomerRequest request) {
        String customerId = Ids.newId();
        ResponseEntity<CustomerWritten> created = ResponseEntity.created(URI.create("/api/customers/" + customerId))
                .header(HttpHeaders.ETAG, IfMatch.etag(0))
                .body(new CustomerWritten(customerId, 0));
        commandGateway.sendAndWait(idempotentAnswers.rememberedOnCommit(
                new RegisterCustomer(customerId, request.email(), request.name()), created));
        return created;
    }

    @Operation(summary = "Change a customer's email and/or name")
    @Parameter(name = ApiDocs.IF_MATCH, in = ParameterIn.HEADER, description = ApiDocs.IF_MATCH_TEXT,
            schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"name": "Ada King"}""")))
    @ApiResponse(responseCode = "200", description = "Changed", headers = @Header(name = ApiDocs.ETAG,
            description = ApiDocs.ETAG_TEXT, schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)))
    @ApiResponse(responseCode = "409", description = ApiDocs.VERSION_CONFLICT + ", or another live customer has "
            + "this email")
    @PutMapping("/{customerId}")
    ResponseEntity<CustomerWritten> update(@PathVariable String customerId,
                                           @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @Valid @RequestBody UpdateCustomerRequest request) {
        String id = Ids.requireUuid(customerId, "customer");
        if (request.email() == null && request.name() == null) {
            throw new RuleViolationException("email", "give email and/or name");
        }
        long version = commandGateway.sendAndWait(
                new UpdateCustomer(id, request.email(), request.name(), IfMatch.parse(ifMatch)));
        return written(id, version);
    }

    @Operation(summary = "Delete a customer", description = "Afterwards its GET answers 404 and it leaves lists "
            + "and search; its events and past states stay readable.")
    @Parameter(name = ApiDocs.IF_MATCH, in = ParameterIn.HEADER, description = ApiDocs.IF_MATCH_TEXT,
            schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE))
    @ApiResponse(responseCode = "200", description = "Deleted", headers = @Header(name = ApiDocs.ETAG,
            description = ApiDocs.ETAG_TEXT, schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)))
    @ApiResponse(responseCode = "409", description = ApiDocs.VERSION_CONFLICT)
    @DeleteMapping("/{customerId}")
    ResponseEntity<CustomerWritten> delete(@PathVariable String customerId,
                                           @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        String id = Ids.requireUuid(customerId, "customer");
        long version = commandGateway.sendAndWait(new DeleteCustomer(id, IfMatch.parse(ifMatch)));
        return written(id, version);
    }

    private static ResponseEntity<CustomerWritten> written(String customerId, long version) {
        return ResponseEntity.ok().header(HttpHeaders.ETAG, IfMatch.etag(version))
                .body(new CustomerWritten(customerId, version));
    }
}
