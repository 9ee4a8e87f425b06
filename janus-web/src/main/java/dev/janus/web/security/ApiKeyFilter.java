package dev.janus.web.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

import dev.janus.web.ApiError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/**} and {@code /ws/**}: with API keys configured, the caller presents one
 * ({@code Authorization: Bearer <key>}, or for a WebSocket also {@code ?access_token=<key>}) and becomes its
 * {@link JanusPrincipal}; without keys, only loopback callers are served, as {@link JanusPrincipal#LOCAL}.
 * {@code /api/v1/admin/**} needs the admin role. With keys, each principal is rate limited (429 with
 * {@code Retry-After}).
 * The page, its assets and the actuator endpoints are not guarded. Keys are never logged.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final boolean secured;
    private final PrincipalRateLimiter limiter;
    private final JsonMapper json = JsonMapper.builder().build();

    public ApiKeyFilter(ApiKeys keys, boolean secured, PrincipalRateLimiter limiter) {
        this.keys = keys;
        this.secured = secured;
        this.limiter = limiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/api/") || path.startsWith("/ws/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<JanusPrincipal> principal = secured ? authenticate(request, response) : local(request, response);
        if (principal.isEmpty()) {
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/v1/admin/") && !principal.get().isAdmin()) {
            reject(response, HttpServletResponse.SC_FORBIDDEN, "forbidden",
                    "this endpoint needs the admin role; principal '" + principal.get().name() + "' lacks it");
            return;
        }
        // rate limits are for principals with keys; without keys Janus serves its own loopback user only
        Optional<Duration> wait = secured ? limiter.acquire(principal.get().name(), System.nanoTime())
                : Optional.empty();
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            reject(response, 429, "rate_limited", "too many requests from '" + principal.get().name()
                    + "' (janus.security.rate-limit); retry after " + seconds + " s");
            return;
        }
        request.setAttribute(JanusPrincipal.ATTRIBUTE, principal.get());
        chain.doFilter(request, response);
    }

    private Optional<JanusPrincipal> authenticate(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String presented = presentedKey(request);
        if (presented == null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            reject(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthenticated",
                    "send an API key as 'Authorization: Bearer <key>' (WebSocket: also '?access_token=<key>')");
            return Optional.empty();
        }
        Optional<JanusPrincipal> principal = keys.authenticate(presented);
        if (principal.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            reject(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_api_key",
                    "the API key is not known; ask an admin for one (POST /api/v1/admin/api-keys)");
        }
        return principal;
    }

    private Optional<JanusPrincipal> local(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (isLoopback(request.getRemoteAddr())) {
            return Optional.of(JanusPrincipal.LOCAL);
        }
        reject(response, HttpServletResponse.SC_FORBIDDEN, "loopback_only",
                "no API keys are configured (janus.security.api-keys), so Janus serves loopback callers only");
        return Optional.empty();
    }

    private static @Nullable String presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).strip();
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/ws/") ? request.getParameter("access_token") : null;
    }

    static boolean isLoopback(@Nullable String address) {
        if (address == null) {
            return false;
        }
        try {
            // a literal address: no lookup happens
            return InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }

    private void reject(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(json.writeValueAsString(ApiError.of(code, message)));
    }
}
