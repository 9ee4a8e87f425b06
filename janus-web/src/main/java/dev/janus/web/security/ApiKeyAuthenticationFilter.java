package dev.janus.web.security;

import static dev.janus.events.Abbreviation.abbreviate;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.janus.redis.RedisOutage;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Who is calling, in Spring Security's chain (after its firewall has refused ambiguous paths). With API keys
 * configured, a request presenting one ({@code Authorization: Bearer <key>}, or for a WebSocket handshake also
 * {@code ?access_token=<key>}) is authenticated as its {@link JanusPrincipal} by the {@link AuthenticationManager}
 * (an unknown key is 401 at once) and rate limited (429 with {@code Retry-After}); a request presenting none stays
 * anonymous, and the authorisation rules decide. Without keys, only loopback callers that name a loopback
 * {@code Host} are served (which stops DNS rebinding), all as the local principal. Keys are never logged.
 */
public final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final UrlPathHelper PATHS = UrlPathHelper.defaultInstance;

    private final AuthenticationManager authentication;
    private final SecurityProperties properties;
    private final PrincipalRateLimiter limiter;
    private final FailedKeyThrottle failedKeys;

    public ApiKeyAuthenticationFilter(AuthenticationManager authentication, SecurityProperties properties,
            PrincipalRateLimiter limiter, FailedKeyThrottle failedKeys) {
        this.authentication = authentication;
        this.properties = properties;
        this.limiter = limiter;
        this.failedKeys = failedKeys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        JanusAuthentication caller = properties.secured() ? authenticate(request, response) : local(request, response);
        if (response.isCommitted()) {
            return;
        }
        if (caller != null) {
            if (rateLimited(caller.principal(), response)) {
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(caller);
            SecurityContextHolder.setContext(context);
        }
        try {
            chain.doFilter(request, response);
        }
        finally {
            SecurityContextHolder.clearContext();
        }
    }

    private @Nullable JanusAuthentication authenticate(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String presented;
        try {
            presented = presentedKey(request);
        }
        catch (RequestRejectedException e) {
            // the firewall checks a header's value when it is read: this one has characters no key has
            failedKeys.failed(failedKeys.client(request.getRemoteAddr()), null);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            ApiErrorResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_api_key",
                    "the Authorization header has characters no API key has (keys are printable ASCII); send "
                            + "Authorization: Bearer <key> with the key exactly as issued");
            return null;
        }
        if (presented == null) {
            return null;
        }
        FailedKeyThrottle.Client client = failedKeys.client(request.getRemoteAddr());
        Optional<PrincipalRateLimiter.Refusal> refusal = failedKeys.refusal(client);
        if (refusal.isPresent()) {
            tooMany(response, "too_many_invalid_keys", refusal.get());
            return null;
        }
        try {
            return (JanusAuthentication) authentication.authenticate(new JanusAuthentication.PresentedKey(presented));
        }
        catch (AuthenticationException e) {
            failedKeys.failed(client, presented);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            ApiErrorResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_api_key", e.getMessage());
            return null;
        }
        catch (RuntimeException e) {
            if (!RedisOutage.explains(e)) {
                throw e;
            }
            // not a configured key (those are checked without Redis), so a guess like any other
            failedKeys.failed(client, presented);
            // issued keys live in Redis: without it a key that is not configured can be neither accepted nor refused
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(EdgeExceptionHandler.RETRY_AFTER_SECONDS));
            ApiErrorResponses.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "bus_unavailable",
                    "Redis, which keeps the issued API keys, is out of reach, so this key cannot be checked; retry in "
                            + EdgeExceptionHandler.RETRY_AFTER_SECONDS + " s");
            return null;
        }
    }

    private @Nullable JanusAuthentication local(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!LoopbackAddresses.isLoopbackAddress(request.getRemoteAddr())) {
            ApiErrorResponses.write(response, HttpServletResponse.SC_FORBIDDEN, "loopback_only",
                    "no API keys are configured (janus.security.api-keys), so Janus serves loopback callers only");
            return null;
        }
        if (!LoopbackAddresses.isLoopbackHost(request.getServerName())) {
            ApiErrorResponses.write(response, HttpServletResponse.SC_FORBIDDEN, "host_not_allowed",
                    "without API keys Janus answers only requests addressed to a loopback name (localhost, "
                            + "127.0.0.1, [::1]), but the Host was '" + abbreviate(request.getServerName(), 60)
                            + "'; use http://localhost:<port>/ or configure API keys");
            return null;
        }
        return new JanusAuthentication(JanusPrincipal.local(properties.localUser()), null);
    }

    private boolean rateLimited(JanusPrincipal principal, HttpServletResponse response) throws IOException {
        Optional<PrincipalRateLimiter.Refusal> refusal = limiter.acquire(principal.name());
        if (refusal.isEmpty()) {
            return false;
        }
        tooMany(response, "rate_limited", refusal.get());
        return true;
    }

    private static void tooMany(HttpServletResponse response, String code, PrincipalRateLimiter.Refusal refusal)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        ApiErrorResponses.write(response, 429, code, refusal.message());
    }

    private static @Nullable String presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return header.substring(BEARER.length()).strip();
        }
        // browsers cannot set headers on a WebSocket handshake
        return PATHS.getPathWithinApplication(request).startsWith("/ws/") ? request.getParameter("access_token")
                : null;
    }
}
