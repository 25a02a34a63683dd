package dev.zoetrope.common.web;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Error handling and request-body limits for servlet services; the reactive gateway has its own.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ServletErrorHandling.class)
public class WebAutoConfiguration {

  @Bean
  BodyLimitFilter bodyLimitFilter(
      @Value("${zoetrope.web.max-body-bytes:65536}") long maxBodyBytes,
      @Value("${zoetrope.web.body-limit-exempt-paths:}") List<String> exemptPaths) {
    return new BodyLimitFilter(maxBodyBytes, exemptPaths);
  }
}
