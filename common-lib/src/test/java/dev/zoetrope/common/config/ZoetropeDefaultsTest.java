package dev.zoetrope.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ZoetropeDefaultsTest {

  @Test
  void aServicesOwnSettingBeatsTheSharedDefault() {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources()
        .addLast(
            new MapPropertySource(
                "application.yml", Map.of("spring.flyway.locations", "classpath:db/migration")));

    new ZoetropeDefaults().postProcessEnvironment(env, new SpringApplication());

    assertThat(env.getProperty("spring.flyway.locations")).isEqualTo("classpath:db/migration");
    // ...while a key the service does not set still gets the shared default.
    assertThat(env.getProperty("server.error.include-stacktrace")).isEqualTo("never");
  }

  @Test
  void addingTwiceIsHarmless() {
    StandardEnvironment env = new StandardEnvironment();
    ZoetropeDefaults defaults = new ZoetropeDefaults();
    defaults.postProcessEnvironment(env, new SpringApplication());
    int sources = env.getPropertySources().size();
    defaults.postProcessEnvironment(env, new SpringApplication());
    assertThat(env.getPropertySources().size()).isEqualTo(sources);
  }
}
