package io.annals.choreography.sandbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The sandbox providers' behaviour (ADMIN, API.md); absent, so 404, when the sandbox is off. */
@RestController
@RequestMapping("/api/admin/sandbox/{provider}")
@Conditional(SandboxEnabledCondition.class)
@Tag(name = "Sandbox")
class SandboxAdminController {

    /** A minute: longer than any sensible read timeout, so every slow-provider scenario can be set up. */
    static final long MAX_LATENCY_MS = 60_000;

    private final SandboxProviders providers;

    SandboxAdminController(SandboxProviders providers) {
        this.providers = providers;
    }

    record SettingsRequest(@NotNull @DecimalMin("0") @DecimalMax("1") Double failureRate,
                           @NotNull @Min(0) @Max(MAX_LATENCY_MS) Long latencyMs) {
    }

    @Operation(summary = "A sandbox provider's behaviour: failure rate and latency (default 0 and 0)")
    @Parameter(name = "provider", schema = @Schema(allowableValues = {"payment", "shipping", "notification"}))
    @GetMapping
    SandboxSettings get(@PathVariable String provider) {
        return providers.settings(provider);
    }

    @Operation(summary = "Set a sandbox provider's failure rate (0..1) and latency (0..60000 ms)")
    @Parameter(name = "provider", schema = @Schema(allowableValues = {"payment", "shipping", "notification"}))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"failureRate": 0.3, "latencyMs": 200}""")))
    @PutMapping
    SandboxSettings put(@PathVariable String provider, @Valid @RequestBody SettingsRequest request) {
        return providers.update(provider, new SandboxSettings(request.failureRate(), request.latencyMs()));
    }
}
