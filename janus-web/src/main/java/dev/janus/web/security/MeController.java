package dev.janus.web.security;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/me}: who the caller is — its principal, the user its messages are from, its roles, and whether
 * Janus requires keys. The page asks it, so its user is always the principal (or the local user without keys).
 */
@RestController
@Tag(name = "Identity", description = "Who the caller is")
public class MeController {

    private final SecurityProperties properties;

    public MeController(SecurityProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "me", summary = "Who am I",
            description = "The caller's principal, the user its messages are from, its "
            + "roles, and whether Janus requires API keys (secured).")
    @ApiResponse(responseCode = "200", description = "the caller", content = @Content(
            schema = @Schema(implementation = Me.class), examples = @ExampleObject(
                    value = "{\"principal\":\"ada\",\"user_id\":\"ada\",\"roles\":[\"user\"],\"secured\":true}")))
    Me me(HttpServletRequest request) {
        JanusPrincipal principal = JanusPrincipal.of(request);
        return new Me(principal.name(), principal.name(), principal.roles().stream().sorted().toList(),
                properties.secured());
    }

    /**
     * @param principal who presents the key (the local principal without keys)
     * @param userId the user the caller's messages are from
     * @param roles what it may do
     * @param secured whether Janus requires API keys
     */
    record Me(String principal, @JsonProperty("user_id") String userId, List<Role> roles, boolean secured) {
    }
}
