package io.annals.choreography.sandbox;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The built-in sandbox providers ({@code annals.sandbox.*}), served by the app itself at {@code /sandbox/{provider}}
 * so the order workflow runs without real providers.
 *
 * @param enabled        on or off; when unset, on exactly when the demo users are (see
 *                       {@link SandboxEnabledCondition})
 * @param username       the user the gateways call the sandbox as; it needs the WRITER role (or ADMIN); default the
 *                       public demo writer
 * @param password       its password; never logged
 * @param rememberedKeys how many idempotency keys (with their answers) each sandbox remembers, oldest forgotten first
 */
@ConfigurationProperties("annals.sandbox")
@Validated
public record SandboxProperties(Boolean enabled,
                                @NotBlank @DefaultValue("writer") String username,
                                @NotBlank @DefaultValue("writer-pw") String password,
                                @Min(1) @DefaultValue("100000") int rememberedKeys) {

    @Override
    public String toString() {
        return "SandboxProperties[enabled=" + enabled + ", username=" + username + ", password=****, rememberedKeys="
                + rememberedKeys + "]";
    }
}
