package io.annals.choreography.circuit;

import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Circuit operations (ADMIN, API.md): every provider's circuit, and a reset that closes one. */
@RestController
@RequestMapping("/api/admin/circuits")
@InstanceRole(Role.SAGA)
class CircuitAdminController {

    private final Circuits circuits;

    CircuitAdminController(Circuits circuits) {
        this.circuits = circuits;
    }

    @GetMapping
    List<CircuitView> list() {
        return circuits.list();
    }

    @PostMapping("/{name}/reset")
    CircuitView reset(@PathVariable String name) {
        return circuits.reset(name);
    }
}
