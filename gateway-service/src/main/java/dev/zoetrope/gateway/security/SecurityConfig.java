package dev.zoetrope.gateway.security;

import dev.zoetrope.gateway.identity.apikeys.ApiKeyAuthenticator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Who may call what. Sign-up, login, the token endpoint, the JWKS, health probes, the OpenAPI
 * document and (from inside only, see {@link NotExposedFilter}) metrics are public; everything
 * else, local or routed, needs a user token (one of our JWTs, or an API key exchanged for one).
 * Stateless: no session, no CSRF (no cookies are ever accepted as credentials).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  @Bean
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder, ApiKeyAuthenticator apiKeys) {
    var entryPoint = AuthErrors.entryPoint();
    AuthenticationWebFilter bearer =
        new AuthenticationWebFilter(new GatewayAuthenticationManager(jwtDecoder, apiKeys));
    bearer.setServerAuthenticationConverter(new BearerTokenConverter());
    bearer.setAuthenticationFailureHandler(
        new ServerAuthenticationEntryPointFailureHandler(entryPoint));
    bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(
            auth ->
                auth.pathMatchers(
                        HttpMethod.POST, "/api/auth/signup", "/api/auth/login", "/oauth/token")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/.well-known/jwks.json")
                    .permitAll()
                    .pathMatchers(
                        "/actuator/health",
                        "/actuator/health/**",
                        "/actuator/prometheus",
                        "/v3/api-docs",
                        "/v3/api-docs/**")
                    .permitAll()
                    // NotExposedFilter answers 404 first; kept as a second lock.
                    .pathMatchers("/internal/**", "/actuator/**")
                    .denyAll()
                    .anyExchange()
                    .hasAuthority("SCOPE_user"))
        .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(AuthErrors.accessDenied()))
        .build();
  }
}
