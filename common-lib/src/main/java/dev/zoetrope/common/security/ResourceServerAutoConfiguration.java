package dev.zoetrope.common.security;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Security by default for every servlet service: all endpoints need a gateway-issued JWT (RS256,
 * verified against the gateway's JWKS); {@code /internal/**} needs a service token (scope
 * internal); user endpoints need a user token (scope user). Only health, metrics and the OpenAPI
 * document are public, and the gateway never routes those from outside.
 */
@AutoConfiguration(
    beforeName =
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnClass({SecurityFilterChain.class, JwtDecoder.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ResourceServerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  JwtDecoder jwtDecoder(
      @Value("${zoetrope.security.jwks-uri}") String jwksUri,
      @Value("${zoetrope.security.issuer:zoetrope}") String issuer) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri).build();
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer)));
    return new VerifiedTokenCache(decoder, Duration.ofMinutes(5), Clock.systemUTC());
  }

  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain zoetropeSecurity(HttpSecurity http) throws Exception {
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info")
                    .permitAll()
                    .requestMatchers("/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**")
                    .permitAll()
                    .requestMatchers("/error")
                    .permitAll()
                    .requestMatchers("/internal/**")
                    .hasAuthority("SCOPE_internal")
                    .anyRequest()
                    .hasAuthority("SCOPE_user"))
        .oauth2ResourceServer(
            rs ->
                rs.jwt(jwt -> {})
                    .authenticationEntryPoint(JsonAuthErrors.entryPoint())
                    .accessDeniedHandler(JsonAuthErrors.accessDenied()))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(JsonAuthErrors.entryPoint())
                    .accessDeniedHandler(JsonAuthErrors.accessDenied()));
    return http.build();
  }
}
