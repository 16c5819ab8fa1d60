package io.annals.app.openapi;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's frame ({@code /v3/api-docs}, Swagger UI): title, version, the capability tags and HTTP Basic.
 * The operations themselves are described by annotations on the controllers, each tagged with one of the tags below;
 * {@link StandardResponses} adds what every operation shares. Every documented operation needs credentials, hence the
 * global requirement; the open endpoints (health, this document, Swagger UI) are not in the document.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Annals", version = OpenApiDocument.UNKNOWN_VERSION, description = """
                Annals is an event-sourcing / CQRS service: commands append versioned events, read models answer \
                queries, the history of every entity can be replayed, and orders run through a fulfilment workflow. \
                Every call needs HTTP Basic credentials (use Authorize; the demo users are reader/reader-pw, \
                writer/writer-pw and admin/admin-pw); errors are application/problem+json. Writes answer the new \
                version and an ETag; updates take If-Match, creating POSTs an Idempotency-Key, single reads \
                minVersion for read-your-writes. How to run it, the configuration and the operations notes are in \
                the project's README (README.md at the root of the source tree)."""),
        tags = {
                @Tag(name = OpenApiDocument.PRODUCTS, description = "Products and their stock"),
                @Tag(name = OpenApiDocument.CUSTOMERS, description = "Customers: register, update, delete, find"),
                @Tag(name = OpenApiDocument.ORDERS, description = "Orders and their fulfilment workflow"),
                @Tag(name = OpenApiDocument.HISTORY, description = "Every entity's events, and its state at a past "
                        + "instant or version, replayed from the event store"),
                @Tag(name = OpenApiDocument.INTAKE, description = "Event intake: external events, classified and "
                        + "enriched"),
                @Tag(name = OpenApiDocument.OPERATIONS, description = "ADMIN: projections, dead letters, circuits, "
                        + "batches, sagas"),
                @Tag(name = OpenApiDocument.SANDBOX, description = "The built-in simulated providers and their "
                        + "behaviour (demo profile only)")},
        security = @SecurityRequirement(name = OpenApiDocument.BASIC_AUTH))
@SecurityScheme(name = OpenApiDocument.BASIC_AUTH, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "The user's name and password; the role (READER, WRITER, ADMIN) decides what it may call.")
class OpenApiDocument {

    /** The tags, one per capability; every operation carries exactly one (controllers spell them out). */
    static final String PRODUCTS = "Products";
    static final String CUSTOMERS = "Customers";
    static final String ORDERS = "Orders";
    static final String HISTORY = "History and temporal";
    static final String INTAKE = "Intake";
    static final String OPERATIONS = "Operations";
    static final String SANDBOX = "Sandbox";

    static final String BASIC_AUTH = "basicAuth";
    /** Only when run without Maven's build-info (e.g. from an IDE that skipped it): there is no version to tell. */
    static final String UNKNOWN_VERSION = "unknown";

    /** The version Maven built ({@code META-INF/build-info.properties}, spring-boot-maven-plugin's build-info goal). */
    @Bean
    OpenApiCustomizer buildVersion(ObjectProvider<BuildProperties> build) {
        return openApi -> build.ifAvailable(properties -> openApi.getInfo().setVersion(properties.getVersion()));
    }

    @Bean
    StandardResponses standardResponses() {
        return new StandardResponses();
    }
}
