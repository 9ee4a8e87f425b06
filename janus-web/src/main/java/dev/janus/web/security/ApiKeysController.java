package dev.janus.web.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.janus.web.ApiError;
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
public class ApiKeysController {

    private final ApiKeys keys;

    public ApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> issue(@RequestBody IssueRequest request) {
        Set<Role> roles = new LinkedHashSet<>();
        try {
            if (request.roles() != null) {
                request.roles().forEach(role -> roles.add(Role.of(role)));
            }
            String key = keys.issue(request.principal() == null ? "" : request.principal(), roles);
            return ResponseEntity.status(HttpStatus.CREATED).body(new Issued(request.principal(),
                    roles.isEmpty() ? Set.of(Role.USER) : roles, key));
        }
        catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(ApiError.of("invalid_api_key_request", e.getMessage()));
        }
    }

    @GetMapping
    Map<String, List<ApiKeys.KeyView>> list() {
        return Map.of("api_keys", keys.list());
    }

    @DeleteMapping("/{principal}")
    ResponseEntity<?> revoke(@PathVariable String principal) {
        if (keys.revoke(principal) == 0) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("unknown_principal",
                    "principal '" + principal + "' has no issued key (configured keys change only with the "
                            + "configuration)"));
        }
        return ResponseEntity.noContent().build();
    }

    record IssueRequest(@Nullable String principal, @Nullable List<String> roles) {
    }

    record Issued(String principal, Set<Role> roles, @JsonProperty("api_key") String apiKey) {
    }
}
