package io.strideline.platform;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Two kinds of caller, kept apart: devices (opaque {@code sld_} tokens) only on
 * {@code /api/v1/device/**}, people (JWT access tokens) everywhere else. A token of the wrong kind
 * is refused with 401. Failures are written by {@link ProblemHandler}, like every other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

    static final String[] PUBLIC = {
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/pairing/claim",
        "/api/v1/health",
        "/api/v1/system/**",
        // liveness and readiness for orchestrators on the API port (management.endpoint.health.probes)
        "/livez",
        "/readyz",
        // actuator is served on the management port only (management.server.*: loopback by
        // default), where these chains apply too and a scraper needs no token; on the API port
        // nothing is mapped here, so a request finds a 404 rather than a 401 that suggests a token
        // would help
        "/actuator/**",
        "/v3/api-docs/**",
        "/v3/api-docs.yaml",
        "/swagger-ui/**",
        "/swagger-ui.html",
        "/redoc",
        "/error"
    };

    @Bean
    SecretKey jwtSigningKey(JwtKeys keys) {
        return keys.key();
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey jwtSigningKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(jwtSigningKey));
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey jwtSigningKey, JwtKeys keys, java.time.Clock clock) {
        var decoder = NimbusJwtDecoder.withSecretKey(jwtSigningKey)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        // exp is required: Spring's timestamp validator accepts a token without one by default,
        // and such a token, once signed, would never stop working. Expiry is checked on the clock
        // that issued the token (the application's), not the system's
        var timestamps = new JwtTimestampValidator();
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithValidators(timestamps, new JwtIssuerValidator(keys.issuer())),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(keys.audience())),
                // sub is a user id; anything else is refused here (401), not in a controller (500)
                new JwtClaimValidator<Object>(JwtClaimNames.SUB, SecurityConfiguration::isUuid)));
        return decoder;
    }

    private static boolean isUuid(@Nullable Object subject) {
        if (!(subject instanceof String s) || s.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Bean
    @Order(1)
    SecurityFilterChain deviceApi(HttpSecurity http, DeviceAuthenticator devices, ProblemEntryPoint problems)
            throws Exception {
        return http.securityMatcher("/api/v1/device/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(
                        new DeviceTokenFilter(devices, problems.resolver()), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().hasRole("DEVICE"))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain userApi(
            HttpSecurity http, JwtDecoder decoder, ProblemEntryPoint problems, AccountCheck accounts) throws Exception {
        return http.csrf(c -> c.disable())
                .addFilterAfter(new AccountExistsFilter(accounts, problems), BearerTokenAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.requestMatchers(PUBLIC)
                        .permitAll()
                        // a browser cannot set headers on a WebSocket upgrade: the socket
                        // takes its token as the first message instead; an Authorization
                        // header, when sent, is still checked here (401)
                        .requestMatchers("/api/v1/ws")
                        .permitAll()
                        .anyRequest()
                        .hasRole("USER"))
                .oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder)
                                .jwtAuthenticationConverter(jwt -> new JwtAuthenticationToken(
                                        jwt,
                                        AuthorityUtils.createAuthorityList("ROLE_USER"),
                                        Objects.requireNonNull(jwt.getSubject(), "our access tokens have a subject"))))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    @Bean
    ProblemEntryPoint problemEntryPoint(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        return new ProblemEntryPoint(resolver);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerResolver());
    }

    /** Answers 401 and 403 as problems, through the same advice as every other error. */
    record ProblemEntryPoint(HandlerExceptionResolver resolver)
            implements AuthenticationEntryPoint, AccessDeniedHandler {

        @Override
        public void commence(
                HttpServletRequest request,
                HttpServletResponse response,
                org.springframework.security.core.AuthenticationException e) {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            var problem = header == null
                    ? ApiException.unauthorized("unauthorized", "This endpoint needs a bearer token.")
                    : ApiException.unauthorized(
                            "invalid_token", "The token is invalid, expired or of the wrong kind for this endpoint.");
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            resolver.resolveException(request, response, null, problem);
        }

        @Override
        public void handle(
                HttpServletRequest request,
                HttpServletResponse response,
                org.springframework.security.access.AccessDeniedException e) {
            var problem = request.getHeader(HttpHeaders.AUTHORIZATION) != null
                    ? ApiException.unauthorized(
                            "invalid_token", "The token is invalid, expired or of the wrong kind for this endpoint.")
                    : new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Not allowed.");
            resolver.resolveException(request, response, null, problem);
        }
    }

    /** Authenticates {@code Authorization: Bearer sld_…}; anything else stays anonymous (→ 401). */
    static final class DeviceTokenFilter extends OncePerRequestFilter {
        private final DeviceAuthenticator devices;
        private final HandlerExceptionResolver resolver;

        DeviceTokenFilter(DeviceAuthenticator devices, HandlerExceptionResolver resolver) {
            this.devices = devices;
            this.resolver = resolver;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            String prefix = "Bearer " + DeviceAuthenticator.TOKEN_PREFIX;
            if (header != null && header.regionMatches(true, 0, prefix, 0, prefix.length())) {
                Optional<CurrentDevice> device;
                try {
                    device = devices.authenticate(
                            header.substring("Bearer ".length()).trim());
                } catch (DataAccessException | TransactionException e) {
                    // the token lookup needs the database; thrown from a filter, an outage would
                    // bypass the problem handler and end as a 500 instead of 503 with Retry-After
                    resolver.resolveException(request, response, null, e);
                    return;
                }
                device.ifPresent(
                        d -> SecurityContextHolder.getContext().setAuthentication(new DeviceAuthentication(d)));
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * Refuses a validly signed access token whose account no longer exists, with 401
     * {@code invalid_token} on every endpoint, before any controller acts for nobody. The
     * signature, expiry, issuer and audience were checked without the database; this costs one
     * primary-key lookup per request that carries an access token (no earlier lookup on the way
     * knows the user), inside the load-shedding limit like the device-token lookup. Without it, a
     * token would outlive its account by up to its 15 minutes.
     */
    static final class AccountExistsFilter extends OncePerRequestFilter {
        private final AccountCheck accounts;
        private final ProblemEntryPoint problems;

        AccountExistsFilter(AccountCheck accounts, ProblemEntryPoint problems) {
            this.accounts = accounts;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken jwt) {
                boolean exists;
                try {
                    // sub is a UUID: the decoder's validator refused every other token
                    exists = accounts.exists(UUID.fromString(jwt.getToken().getSubject()));
                } catch (DataAccessException | TransactionException e) {
                    // as in DeviceTokenFilter: an outage is a 503 problem, not a 500 from a filter
                    problems.resolver().resolveException(request, response, null, e);
                    return;
                }
                if (!exists) {
                    SecurityContextHolder.clearContext();
                    problems.commence(request, response, new InvalidBearerTokenException("no such account"));
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    static final class DeviceAuthentication extends AbstractAuthenticationToken {
        private final CurrentDevice device;

        DeviceAuthentication(CurrentDevice device) {
            super(AuthorityUtils.createAuthorityList("ROLE_DEVICE"));
            this.device = device;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return device;
        }
    }

    /** Fills {@link CurrentUser} and {@link CurrentDevice} controller parameters. */
    static final class CallerResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == CurrentUser.class
                    || parameter.getParameterType() == CurrentDevice.class;
        }

        @Override
        public Object resolveArgument(
                MethodParameter parameter,
                @Nullable ModelAndViewContainer mav,
                NativeWebRequest request,
                @Nullable WebDataBinderFactory binderFactory) {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            if (parameter.getParameterType() == CurrentUser.class && auth instanceof JwtAuthenticationToken jwt) {
                return new CurrentUser(UUID.fromString(jwt.getToken().getSubject()));
            }
            if (parameter.getParameterType() == CurrentDevice.class && auth instanceof DeviceAuthentication device) {
                return device.device;
            }
            throw ApiException.unauthorized("unauthorized", "This endpoint needs a bearer token.");
        }
    }
}
