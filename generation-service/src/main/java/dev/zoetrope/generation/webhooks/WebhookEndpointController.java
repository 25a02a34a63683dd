package dev.zoetrope.generation.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.generation.videos.domain.WireIds;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/webhook_endpoints}: where a user's {@code video.completed}, {@code video.failed} and
 * {@code video.cancelled} events are sent. The signing secret is shown once, at creation.
 */
@RestController
@RequestMapping("/v1/webhook_endpoints")
class WebhookEndpointController {
  static final String PREFIX = "we_";
  static final String TOO_MANY = "too_many_webhook_endpoints";

  private final WebhookRepository repository;
  private final TransactionTemplate tx;
  private final WebhookProperties config;

  WebhookEndpointController(
      WebhookRepository repository, TransactionTemplate tx, WebhookProperties config) {
    this.repository = repository;
    this.tx = tx;
    this.config = config;
  }

  record CreateJson(String url) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record EndpointJson(
      String id,
      String object,
      String url,
      List<String> events,
      @JsonProperty("created_at") long createdAt,
      String secret) {}

  record ListJson(String object, List<EndpointJson> data, @JsonProperty("has_more") boolean more) {}

  record DeletedJson(String id, String object, boolean deleted) {}

  @PostMapping
  EndpointJson create(@RequestBody CreateJson body) {
    CurrentUser user = CurrentUser.get();
    String url = body == null ? null : body.url();
    WebhookTargets.syntaxProblem(url)
        .ifPresent(
            problem -> {
              throw ApiException.invalid("url", problem);
            });
    if (!config.allowPrivateTargets() && WebhookTargets.resolvesToPrivate(URI.create(url))) {
      throw ApiException.invalid("url", "url must not point to a private or loopback address");
    }
    WebhookRepository.Endpoint endpoint =
        new WebhookRepository.Endpoint(
            UUID.randomUUID(),
            user.id(),
            url,
            StandardWebhooks.newSecret(),
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    tx.executeWithoutResult(
        s -> {
          repository.lockOwner(user.id());
          if (repository.countOwned(user.id()) >= config.maxEndpointsPerUser()) {
            throw new ApiException(
                HttpStatus.CONFLICT,
                TOO_MANY,
                "you already have "
                    + config.maxEndpointsPerUser()
                    + " webhook endpoints; delete one first");
          }
          repository.insert(endpoint);
        });
    return json(endpoint, true);
  }

  @GetMapping
  ListJson list() {
    CurrentUser user = CurrentUser.get();
    // At most max-endpoints-per-user rows, so one page holds them all.
    return new ListJson(
        "list", repository.listOwned(user.id()).stream().map(e -> json(e, false)).toList(), false);
  }

  @GetMapping("/{id}")
  EndpointJson retrieve(@PathVariable("id") String id) {
    CurrentUser user = CurrentUser.get();
    return json(
        repository
            .findOwned(parse(id), user.id())
            .orElseThrow(() -> ApiException.notFound("webhook endpoint")),
        false);
  }

  @DeleteMapping("/{id}")
  DeletedJson delete(@PathVariable("id") String id) {
    CurrentUser user = CurrentUser.get();
    if (!repository.deleteOwned(parse(id), user.id())) {
      throw ApiException.notFound("webhook endpoint");
    }
    return new DeletedJson(id, "webhook_endpoint.deleted", true);
  }

  private static UUID parse(String id) {
    return WireIds.parse(PREFIX, id).orElseThrow(() -> ApiException.notFound("webhook endpoint"));
  }

  private static EndpointJson json(WebhookRepository.Endpoint e, boolean withSecret) {
    return new EndpointJson(
        WireIds.format(PREFIX, e.id()),
        "webhook_endpoint",
        e.url(),
        WebhookEvents.TYPES,
        e.createdAt().getEpochSecond(),
        withSecret ? e.secret() : null);
  }
}
