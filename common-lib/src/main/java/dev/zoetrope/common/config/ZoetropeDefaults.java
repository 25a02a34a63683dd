package dev.zoetrope.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code zoetrope-defaults.yml} as the LOWEST-precedence property source of every service. Not
 * through {@code spring.config.import}: an imported file outranks the file that imports it, so the
 * shared defaults would silently override each service's own {@code application.yml}.
 */
public class ZoetropeDefaults implements EnvironmentPostProcessor {
  static final String RESOURCE = "zoetrope-defaults.yml";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.getPropertySources().contains(RESOURCE)) {
      return;
    }
    try {
      for (PropertySource<?> source :
          new YamlPropertySourceLoader().load(RESOURCE, new ClassPathResource(RESOURCE))) {
        environment.getPropertySources().addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
