package dev.zoetrope.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml cannot run here (no Docker engine), so at least keep it whole and true. */
class DockerComposeTest {
  private static final List<String> SERVICES =
      List.of(
          "gateway-service",
          "generation-service",
          "generation-worker",
          "cameo-consent-service",
          "feed-service",
          "moderation-service",
          "media-store-service");
  private static final List<String> INFRA = List.of("postgres", "kafka", "redis", "minio");

  @Test
  @SuppressWarnings("unchecked")
  void namesEveryServiceAndDependency() throws Exception {
    Map<String, Object> compose;
    try (Reader in = Files.newBufferedReader(Path.of("..", "docker-compose.yml"))) {
      compose = new Yaml().load(in);
    }
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
    assertThat(services).containsKeys(INFRA.toArray(String[]::new));
    for (String name : SERVICES) {
      Map<String, Object> service = services.get(name);
      assertThat(service.get("image")).as(name).asString().startsWith("ghcr.io/zoetrope/");
      Map<String, Object> dependsOn = (Map<String, Object>) service.get("depends_on");
      assertThat(dependsOn).as(name + " depends_on").containsKey("postgres");
    }
    for (String name : INFRA) {
      assertThat(services.get(name).get("image")).as(name).isNotNull();
      assertThat(services.get(name).get("healthcheck")).as(name + " healthcheck").isNotNull();
    }
  }
}
