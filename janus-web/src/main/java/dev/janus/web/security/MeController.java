package dev.janus.web.security;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/me}: who the caller is — its principal, the user its messages are from, its roles, and whether
 * Janus requires keys. The page asks it, so its user is always the principal (or the local user without keys).
 */
@RestController
public class MeController {

    private final SecurityProperties properties;

    public MeController(SecurityProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
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
