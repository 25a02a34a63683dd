package dev.zoetrope.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No cluster here, so the Kubernetes base (deploy/k8s/base) is checked as data: every workload is
 * hardened, probed and bounded, every port is reachable through a Service, kustomize sees every
 * file, and no secret value is written into a manifest.
 */
class DeployManifestsTest {
  private static final Path BASE = Path.of("..", "deploy", "k8s", "base");
  private static final String KUSTOMIZATION = "kustomization.yaml";
  private static final String SECRET_NAME = "zoetrope-secrets";
  private static final Pattern SECRET_LIKE = Pattern.compile("PASSWORD|SECRET|KEY");

  /** Env names that match SECRET_LIKE but hold no secret: a file path and a switch. */
  private static final Set<String> NOT_SECRETS =
      Set.of("ZOETROPE_IDENTITY_SIGNINGKEYPATH", "ZOETROPE_IDENTITY_GENERATEKEYIFMISSING");

  private static final Set<String> DEPLOYMENTS =
      Set.of(
          "gateway-service",
          "generation-service",
          "generation-worker",
          "moderation-service",
          "cameo-consent-service",
          "media-store-service",
          "feed-service");

  private static final List<Map<String, Object>> DOCS = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(BASE)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .filter(f -> !f.getFileName().toString().equals(KUSTOMIZATION))
              .sorted()
              .toList();
    }
    assertThat(files).as("manifests under " + BASE.toAbsolutePath()).isNotEmpty();
    for (Path file : files) {
      try (Reader in = Files.newBufferedReader(file)) {
        for (Object doc : new Yaml().loadAll(in)) {
          if (doc != null) {
            assertThat(doc).as(file + " document").isInstanceOf(Map.class);
            DOCS.add(map(doc));
          }
        }
      }
    }
  }

  @Test
  void everyServiceHasADeployment() {
    assertThat(names("Deployment")).containsExactlyInAnyOrderElementsOf(DEPLOYMENTS);
    assertThat(names("Service")).containsAll(DEPLOYMENTS);
  }

  @Test
  void kustomizationListsEveryFileInTheFolder() throws IOException {
    Map<String, Object> kustomization;
    try (Reader in = Files.newBufferedReader(BASE.resolve(KUSTOMIZATION))) {
      kustomization = new Yaml().load(in);
    }
    Set<String> listed = new TreeSet<>(strings(kustomization.get("resources")));
    for (Object patch : list(kustomization.get("patches"))) {
      if (map(patch).get("path") != null) {
        listed.add((String) map(patch).get("path"));
      }
    }
    for (String generators : List.of("configMapGenerator", "secretGenerator")) {
      for (Object generator : list(kustomization.get(generators))) {
        listed.addAll(strings(map(generator).get("envs")));
        for (String file : strings(map(generator).get("files"))) {
          listed.add(file.substring(file.indexOf('=') + 1)); // "key=path" or "path"
        }
      }
    }
    Set<String> present;
    try (Stream<Path> dir = Files.list(BASE)) {
      present =
          dir.filter(Files::isRegularFile)
              .map(f -> f.getFileName().toString())
              .filter(name -> !name.equals(KUSTOMIZATION))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(listed).as("files named in " + KUSTOMIZATION).isEqualTo(present);
  }

  @Test
  void podsRunAsNonRootWithAReadOnlyRootAndNoCapabilities() {
    for (Map<String, Object> deployment : docs("Deployment")) {
      String name = name(deployment);
      Map<String, Object> pod = podSpec(deployment);
      Map<String, Object> podSecurity = map(pod.get("securityContext"));
      assertThat(podSecurity.get("runAsNonRoot")).as(name + " pod runAsNonRoot").isEqualTo(true);
      assertThat(podSecurity.get("runAsUser")).as(name + " pod runAsUser").isEqualTo(65532);
      assertThat(map(podSecurity.get("seccompProfile")).get("type"))
          .as(name + " pod seccompProfile")
          .isEqualTo("RuntimeDefault");
      for (Map<String, Object> container : containers(pod)) {
        String where = name + "/" + container.get("name");
        Map<String, Object> security = map(container.get("securityContext"));
        assertThat(security.get("readOnlyRootFilesystem"))
            .as(where + " readOnlyRootFilesystem")
            .isEqualTo(true);
        assertThat(security.get("allowPrivilegeEscalation"))
            .as(where + " allowPrivilegeEscalation")
            .isEqualTo(false);
        assertThat(strings(map(security.get("capabilities")).get("drop")))
            .as(where + " capabilities.drop")
            .contains("ALL");
        assertThat(map(security.get("capabilities")).get("add")).as(where + " adds").isNull();
        assertThat(security.get("privileged")).as(where + " privileged").isNotEqualTo(true);
        // A container-level value overrides the pod's: it must not undo the pod's settings.
        assertThat(security.getOrDefault("runAsNonRoot", true)).as(where).isEqualTo(true);
        assertThat(security.getOrDefault("runAsUser", 65532)).as(where).isEqualTo(65532);
        Object seccomp = map(security.get("seccompProfile")).getOrDefault("type", "RuntimeDefault");
        assertThat(seccomp).as(where + " seccompProfile").isEqualTo("RuntimeDefault");
        assertThat(tmpIsAnEmptyDir(pod, container)).as(where + " emptyDir at /tmp").isTrue();
      }
    }
  }

  @Test
  void containersHaveProbesAndBoundedResources() {
    for (Map<String, Object> deployment : docs("Deployment")) {
      for (Map<String, Object> container : containers(podSpec(deployment))) {
        String where = name(deployment) + "/" + container.get("name");
        assertThat(probePath(container, "livenessProbe"))
            .as(where + " livenessProbe")
            .isEqualTo("/actuator/health/liveness");
        assertThat(probePath(container, "readinessProbe"))
            .as(where + " readinessProbe")
            .isEqualTo("/actuator/health/readiness");
        assertThat(container.get("startupProbe")).as(where + " startupProbe").isNotNull();
        Map<String, Object> resources = map(container.get("resources"));
        assertThat(map(resources.get("requests")))
            .as(where + " requests")
            .containsKeys("cpu", "memory");
        assertThat(map(resources.get("limits")))
            .as(where + " limits")
            .containsKeys("cpu", "memory");
      }
    }
  }

  @Test
  void imagesArePinnedToATag() {
    for (Map<String, Object> deployment : docs("Deployment")) {
      for (Map<String, Object> container : containers(podSpec(deployment))) {
        String image = (String) container.get("image");
        String where = name(deployment) + " image " + image;
        assertThat(image).as(where).startsWith("ghcr.io/zoetrope/");
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        assertThat(lastSegment).as(where + " has a tag or digest").containsAnyOf(":", "@");
        assertThat(image).as(where).doesNotEndWith(":latest");
      }
    }
  }

  @Test
  void podsAnnounceTheirPrometheusEndpoint() {
    for (Map<String, Object> deployment : docs("Deployment")) {
      String name = name(deployment);
      Map<String, Object> annotations = map(templateMetadata(deployment).get("annotations"));
      assertThat(annotations.get("prometheus.io/scrape")).as(name).isEqualTo("true");
      assertThat(annotations.get("prometheus.io/path")).as(name).isEqualTo("/actuator/prometheus");
      Set<String> ports = new HashSet<>();
      for (Map<String, Object> container : containers(podSpec(deployment))) {
        for (Object port : list(container.get("ports"))) {
          ports.add(String.valueOf(map(port).get("containerPort")));
        }
      }
      assertThat(ports)
          .as(name + " prometheus.io/port")
          .contains(String.valueOf(annotations.get("prometheus.io/port")));
    }
  }

  @Test
  void everyContainerPortIsTheTargetOfAService() {
    List<Map<String, Object>> services = docs("Service");
    for (Map<String, Object> deployment : docs("Deployment")) {
      Map<String, Object> podLabels = map(templateMetadata(deployment).get("labels"));
      List<Map<String, Object>> selecting =
          services.stream()
              .filter(s -> selects(map(map(s.get("spec")).get("selector")), podLabels))
              .toList();
      for (Map<String, Object> container : containers(podSpec(deployment))) {
        for (Object p : list(container.get("ports"))) {
          Map<String, Object> port = map(p);
          String where = name(deployment) + " port " + port.get("containerPort");
          boolean targeted =
              selecting.stream()
                  .flatMap(s -> list(map(s.get("spec")).get("ports")).stream())
                  .map(sp -> map(sp).getOrDefault("targetPort", map(sp).get("port")))
                  .anyMatch(
                      target ->
                          Objects.equals(target, port.get("containerPort"))
                              || Objects.equals(target, port.get("name")));
          assertThat(targeted).as(where + " is a Service targetPort").isTrue();
        }
      }
    }
  }

  @Test
  void onlyTheGatewayIsExposedAndBothCriticalPodsHaveABudget() {
    for (Map<String, Object> ingress : docs("Ingress")) {
      for (Object rule : list(map(ingress.get("spec")).get("rules"))) {
        for (Object path : list(map(map(rule).get("http")).get("paths"))) {
          Object backend = map(map(map(path).get("backend")).get("service")).get("name");
          assertThat(backend).as("Ingress " + name(ingress)).isEqualTo("gateway-service");
        }
      }
    }
    assertThat(docs("Ingress")).isNotEmpty();
    Set<Object> budgeted =
        docs("PodDisruptionBudget").stream()
            .map(
                pdb -> map(map(map(pdb.get("spec")).get("selector")).get("matchLabels")).get("app"))
            .collect(Collectors.toSet());
    assertThat(budgeted).contains("gateway-service", "generation-worker");
  }

  @Test
  void secretsComeOnlyFromTheSecretThatIsNotInTheRepo() throws IOException {
    assertThat(names("Secret")).as("Secret manifests in the base").isEmpty();
    for (Map<String, Object> deployment : docs("Deployment")) {
      for (Map<String, Object> container : containers(podSpec(deployment))) {
        for (Object e : list(container.get("env"))) {
          Map<String, Object> env = map(e);
          String envName = (String) env.get("name");
          String where = name(deployment) + " env " + envName;
          if (SECRET_LIKE.matcher(envName.toUpperCase()).find() && !NOT_SECRETS.contains(envName)) {
            Map<String, Object> ref = map(map(env.get("valueFrom")).get("secretKeyRef"));
            assertThat(env.get("value")).as(where + " inline value").isNull();
            assertThat(ref.get("name")).as(where + " secretKeyRef").isEqualTo(SECRET_NAME);
            assertThat(ref.get("key")).as(where + " secretKeyRef.key").isNotNull();
          }
          if (envName.equals("SPRING_APPLICATION_JSON")) {
            assertOnlyReferences(where, (String) env.get("value"));
          }
        }
      }
    }
    for (String line : Files.readAllLines(BASE.resolve("zoetrope-config.env"))) {
      String key = line.contains("=") ? line.substring(0, line.indexOf('=')).trim() : "";
      if (!key.isEmpty() && !key.startsWith("#")) {
        assertThat(SECRET_LIKE.matcher(key.toUpperCase()).find())
            .as("zoetrope-config.env " + key + " looks like a secret")
            .isFalse();
      }
    }
  }

  /** Every value in the JSON must be a Kubernetes $(VAR) reference, never a literal secret. */
  private static void assertOnlyReferences(String where, String json) {
    assertThat(json).as(where).isNotBlank();
    Matcher values = Pattern.compile("\"[^\"]*\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    int count = 0;
    while (values.find()) {
      count++;
      assertThat(values.group(1)).as(where + " value").matches("\\$\\([A-Z0-9_]+\\)");
    }
    assertThat(count).as(where + " entries").isPositive();
  }

  private static boolean tmpIsAnEmptyDir(Map<String, Object> pod, Map<String, Object> container) {
    Set<Object> emptyDirs =
        list(pod.get("volumes")).stream()
            .map(DeployManifestsTest::map)
            .filter(v -> v.containsKey("emptyDir"))
            .map(v -> v.get("name"))
            .collect(Collectors.toSet());
    return list(container.get("volumeMounts")).stream()
        .map(DeployManifestsTest::map)
        .anyMatch(m -> "/tmp".equals(m.get("mountPath")) && emptyDirs.contains(m.get("name")));
  }

  private static Object probePath(Map<String, Object> container, String probe) {
    return map(map(container.get(probe)).get("httpGet")).get("path");
  }

  private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
    return !selector.isEmpty()
        && selector.entrySet().stream()
            .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
  }

  private static List<Map<String, Object>> docs(String kind) {
    return DOCS.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static List<String> names(String kind) {
    return docs(kind).stream().map(DeployManifestsTest::name).toList();
  }

  private static String name(Map<String, Object> doc) {
    return (String) map(doc.get("metadata")).get("name");
  }

  private static Map<String, Object> templateMetadata(Map<String, Object> deployment) {
    return map(map(map(deployment.get("spec")).get("template")).get("metadata"));
  }

  private static Map<String, Object> podSpec(Map<String, Object> deployment) {
    return map(map(map(deployment.get("spec")).get("template")).get("spec"));
  }

  private static List<Map<String, Object>> containers(Map<String, Object> pod) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (String key : List.of("initContainers", "containers")) {
      list(pod.get(key)).forEach(c -> all.add(map(c)));
    }
    assertThat(all).as("containers").isNotEmpty();
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }
}
