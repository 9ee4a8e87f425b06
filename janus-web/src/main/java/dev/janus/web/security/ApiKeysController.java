package dev.janus.web.security;

import static dev.janus.events.Abbreviation.abbreviate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.janus.web.ApiError;
import dev.janus.web.openapi.ErrorResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin/api-keys} (admin role, enforced by {@link ApiKeyFilter}): issue a key for a principal
 * (shown once), list principals with keys (never the keys), revoke a principal's issued keys.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Administration", description = "Operators' routes (admin role)")
public class ApiKeysController {

    private final ApiKeys keys;

    public ApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "issueApiKey", summary = "Issue an API key",
            description = "The key is shown once; only its SHA-256 is stored.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = IssueRequest.class),
                    examples = @ExampleObject(value = "{\"principal\":\"bob\",\"roles\":[\"user\"]}"))))
    @ApiResponse(responseCode = "201", description = "the new key", content = @Content(
            schema = @Schema(implementation = Issued.class), examples = @ExampleObject(value = "{\"principal\":"
                    + "\"bob\",\"roles\":[\"user\"],\"api_key\":\"jk_3q2x…\"}")))
    @ErrorResponse(status = 400, code = "invalid_api_key_request", message = "principal must be 1..128 of "
            + "[A-Za-z0-9._@-], but was ''")
    @ErrorResponse(status = 409, code = "api_keys_disabled", message = "API keys are off: no janus.security.api-keys "
            + "are configured, so every loopback caller is the local admin and an issued key would be ignored; ...")
    ResponseEntity<?> issue(@RequestBody IssueRequest request) {
        if (!keys.enabled()) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of("api_keys_disabled", "API keys are off: "
                    + "no janus.security.api-keys are configured, so every loopback caller is the local admin and an "
                    + "issued key would be ignored; to turn keys on, configure one (janus.security.api-keys[0].principal,"
                    + " .key, .roles=admin; see README, Security) and restart, then issue keys with it"));
        }
        Set<Role> roles = new LinkedHashSet<>();
        try {
            if (request.roles() != null) {
                request.roles().forEach(role -> roles.add(Role.of(role)));
            }
            String principal = request.principal() == null ? "" : request.principal();
            String key = keys.issue(principal, roles);
            return ResponseEntity.status(HttpStatus.CREATED).body(new Issued(principal,
                    roles.isEmpty() ? Set.of(Role.USER) : roles, key));
        }
        catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(ApiError.of("invalid_api_key_request", e.getMessage()));
        }
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List the principals with keys",
            description = "Never the keys themselves.")
    @ApiResponse(responseCode = "200", description = "configured and issued keys", content = @Content(
            schema = @Schema(implementation = KeyList.class)))
    KeyList list() {
        return new KeyList(keys.list());
    }

    @DeleteMapping("/{principal}")
    @Operation(operationId = "revokeApiKeys", summary = "Revoke a principal's issued keys",
            description = "Configured keys change only with the "
            + "configuration.")
    @ApiResponse(responseCode = "204", description = "revoked", content = @Content)
    @ErrorResponse(status = 404, code = "unknown_principal", message = "principal 'bob' has no issued key "
            + "(configured keys change only with the configuration)")
    ResponseEntity<?> revoke(@PathVariable String principal) {
        if (keys.revoke(principal) == 0) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("unknown_principal",
                    "principal '" + abbreviate(principal, 60) + "' has no issued key (configured keys change only with the "
                            + "configuration)"));
        }
        return ResponseEntity.noContent().build();
    }

    record KeyList(@JsonProperty("api_keys") List<ApiKeys.KeyView> apiKeys) {
    }

    record IssueRequest(@Nullable String principal, @Nullable List<String> roles) {
    }

    record Issued(String principal, Set<Role> roles, @JsonProperty("api_key") String apiKey) {
    }
}
