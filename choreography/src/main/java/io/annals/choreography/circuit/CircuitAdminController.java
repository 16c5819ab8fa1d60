package io.annals.choreography.circuit;

import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Circuit operations (ADMIN, API.md): every provider's circuit, and a reset that closes one. */
@RestController
@RequestMapping("/api/admin/circuits")
@Tag(name = "Operations")
@InstanceRole(Role.SAGA)
class CircuitAdminController {

    private final Circuits circuits;

    CircuitAdminController(Circuits circuits) {
        this.circuits = circuits;
    }

    @Operation(summary = "Every provider's circuit breaker: state, failure rate, calls")
    @GetMapping
    List<CircuitView> list() {
        return circuits.list();
    }

    @Operation(summary = "Close a circuit by hand")
    @Parameter(name = "name", schema = @Schema(allowableValues = {"payment", "shipping", "notification"}))
    @PostMapping("/{name}/reset")
    CircuitView reset(@PathVariable String name) {
        return circuits.reset(name);
    }
}
