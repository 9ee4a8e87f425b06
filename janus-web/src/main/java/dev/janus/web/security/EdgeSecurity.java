package dev.janus.web.security;

import java.io.IOException;
import java.util.List;

import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The security of every Janus service's HTTP edge, in Spring Security: its {@link StrictHttpFirewall} refuses
 * ambiguous paths ({@code ;} parameters, encoded {@code /} {@code \} {@code %} {@code .}, {@code ..}, {@code //})
 * with 400 {@code invalid_path} before anything routes them; {@link ApiKeyAuthenticationFilter} says who calls;
 * the rules below decide on the same normalised path Spring MVC routes:
 * <ul>
 * <li>open: the page and its assets, {@code /actuator/health/**}, {@code /actuator/prometheus};</li>
 * <li>admin: {@code /api/v1/admin/**} and the rest of {@code /actuator/**};</li>
 * <li>nobody: {@code /error} asked for directly (it renders the errors of other requests);</li>
 * <li>any authenticated principal: everything else ({@code /api/**}, {@code /ws/**}, unknown paths).</li>
 * </ul>
 * No sessions, no cookies: callers present a bearer key on every request, so CSRF protection is off; WebSocket
 * handshakes check {@code Origin} instead (same origin, or {@code janus.security.allowed-origins}), and so does
 * {@link ForeignOriginFilter} for every state-changing request a browser sends (without keys, every loopback
 * caller is the admin, and a hostile page in the local user's browser is a loopback caller). Responses carry
 * a content security policy for the page (Swagger UI's own paths a policy that also allows inline styles),
 * {@code nosniff}, {@code frame-ancestors 'none'} and no referrer. The OpenAPI document and Swagger UI are not
 * opened: they need a principal like the API.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class EdgeSecurity {

    /** How every refusal of Spring Security's {@code StrictHttpFirewall} opens. */
    private static final String REJECTED = "The request was rejected because the ";

    /** What the page may load: only from Janus itself; audio and images also from blobs it makes. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /**
     * Swagger UI's pages only ({@code /swagger-ui/**}): its scripts and style sheets come from Janus too, but it
     * renders with inline style attributes and data: images, which the page's policy refuses.
     */
    static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Where Swagger UI's page and assets are served (springdoc; {@code /swagger-ui.html} redirects there). */
    static final String SWAGGER_UI = "/swagger-ui/**";

    /** The page and its static assets. */
    static final String[] PAGE = { "/", "/index.html", "/favicon.ico", "/*.js", "/*.css", "/vendor/**" };

    @Bean
    ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(ApiKeys keys) {
        return new ApiKeyAuthenticationProvider(keys);
    }

    @Bean
    PrincipalRateLimiter principalRateLimiter(SecurityProperties properties) {
        return new PrincipalRateLimiter(properties);
    }

    /**
     * Throttles guessed keys by the caller's address: the one a proxy's {@code X-Forwarded-For} names when Spring Boot
     * takes addresses from it ({@code server.forward-headers-strategy}, on by itself on a cloud platform such as
     * Kubernetes).
     */
    @Bean
    FailedKeyThrottle failedKeyThrottle(SecurityProperties properties, Environment environment) {
        String strategy = environment.getProperty("server.forward-headers-strategy");
        CloudPlatform platform = CloudPlatform.getActive(environment);
        boolean forwarded = strategy != null ? !strategy.equalsIgnoreCase("none")
                : platform != null && platform.isUsingForwardHeaders();
        if (properties.secured() && "framework".equalsIgnoreCase(strategy)) {
            LoggerFactory.getLogger(FailedKeyThrottle.class).warn("server.forward-headers-strategy=framework takes "
                    + "a caller's address from X-Forwarded-For whoever sends it, so a guesser of API keys can "
                    + "choose its address (janus.security.failed-keys); use native, which trusts only the proxies "
                    + "of server.tomcat.remoteip.internal-proxies");
        }
        return new FailedKeyThrottle(properties.failedKeys(), forwarded);
    }

    @Bean
    SecurityFilterChain janusEdgeSecurity(HttpSecurity http, ApiKeyAuthenticationProvider provider,
            SecurityProperties properties, PrincipalRateLimiter limiter, FailedKeyThrottle failedKeys)
            throws Exception {
        AuthenticationManager manager = new ProviderManager(List.of(provider));
        RequestMatcher swaggerUi = PathPatternRequestMatcher.withDefaults().matcher(SWAGGER_UI);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(manager, properties, limiter, failedKeys),
                        AnonymousAuthenticationFilter.class)
                .addFilterAfter(new ForeignOriginFilter(properties.allowedOrigins(), !properties.secured()),
                        ApiKeyAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            ApiErrorResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthenticated",
                                    new UnauthenticatedException().getMessage());
                        })
                        .accessDeniedHandler((request, response, e) -> ApiErrorResponses.write(response,
                                HttpServletResponse.SC_FORBIDDEN, "forbidden", "this endpoint needs the admin role; "
                                        + "principal '" + principalName() + "' lacks it")))
                .headers(headers -> headers
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi,
                                new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_CONTENT_SECURITY_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(swaggerUi),
                                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                        .frameOptions(frames -> frames.deny())
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(requests -> requests
                        // a request is authorised once, when it arrives; its error and async dispatches follow it
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(HttpMethod.GET, PAGE).permitAll()
                        .requestMatchers(HttpMethod.HEAD, PAGE).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers("/api/v1/admin/**", "/actuator/**").hasRole("ADMIN")
                        // Boot's error page serves error dispatches only, never a request of its own
                        .requestMatchers("/error").denyAll()
                        .anyRequest().authenticated());
        return http.build();
    }

    /**
     * No observations (spans, timers) of Spring Security's filters: they would wrap every request, so a request's
     * own spans (the publish of its message) hang under the security chain's instead of under the HTTP request's.
     */
    @Bean
    ObservationPredicate noSecurityFilterObservations() {
        return (name, context) -> !name.startsWith("spring.security.");
    }

    /** The firewall, and its refusals as the documented error body. */
    @Bean
    WebSecurityCustomizer janusFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        return web -> web.httpFirewall(firewall).requestRejectedHandler((request, response, rejected) ->
                refuse(response, String.valueOf(rejected.getMessage())));
    }

    /**
     * The firewall's refusal as the documented error body; its message is only read to tell a path from a header, a
     * parameter or a method (by its opening words, before the offending value it quotes), never shown.
     */
    static void refuse(HttpServletResponse response, String rejection) throws IOException {
        if (rejection.startsWith(REJECTED + "HTTP method")) {
            ApiErrorResponses.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed",
                    "Janus serves GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS only");
        }
        else if (rejection.startsWith(REJECTED + "header")) {
            ApiErrorResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_header",
                    "a header name or value has characters HTTP does not allow there (control characters, or "
                            + "non-ASCII outside ISO-8859-1); send header values in printable ASCII");
        }
        else if (rejection.startsWith(REJECTED + "parameter")) {
            ApiErrorResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_parameter",
                    "a query parameter's name or value has control characters; send them percent-encoded UTF-8 "
                            + "text");
        }
        else {
            ApiErrorResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_path",
                    "the path is ambiguous (path parameters ';', encoded '/', '\\', '%' or '.', '..' or '//' "
                            + "are refused); send the plain path, e.g. /api/v1/streams");
        }
    }

    private static String principalName() {
        JanusPrincipal principal = JanusPrincipal.current();
        return principal == null ? "anonymous" : principal.name();
    }
}
