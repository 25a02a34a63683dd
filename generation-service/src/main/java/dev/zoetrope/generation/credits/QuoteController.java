package dev.zoetrope.generation.credits;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.queue.Admission;
import dev.zoetrope.generation.queue.QueueProperties;
import dev.zoetrope.generation.queue.QueueRepository;
import dev.zoetrope.generation.videos.domain.CreateVideoRules;
import dev.zoetrope.generation.videos.domain.Models;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/videos/quote}: what a create with these parameters would cost and whether it
 * would be accepted now; {@code GET /v1/credits}: the caller's balance and allowance.
 */
@RestController
class QuoteController {
  private final GenerationProperties generation;
  private final CreditsProperties credits;
  private final CreditLedger ledger;
  private final QueueRepository queue;
  private final QueueProperties queueConfig;

  QuoteController(
      GenerationProperties generation,
      CreditsProperties credits,
      CreditLedger ledger,
      QueueRepository queue,
      QueueProperties queueConfig) {
    this.generation = generation;
    this.credits = credits;
    this.ledger = ledger;
    this.queue = queue;
    this.queueConfig = queueConfig;
  }

  /** The create body's pricing fields; prompt and cameo_ids are accepted and ignored. */
  record QuoteRequest(
      String model,
      String seconds,
      String size,
      String prompt,
      @JsonProperty("cameo_ids") List<String> cameoIds) {}

  record QuoteJson(
      String object,
      String model,
      String seconds,
      String size,
      int credits,
      @JsonProperty("covered_by_allowance") boolean coveredByAllowance,
      @JsonProperty("allowance_remaining") int allowanceRemaining,
      int balance,
      boolean affordable,
      @JsonProperty("eta_seconds") Integer etaSeconds,
      @JsonProperty("queue_full") boolean queueFull) {}

  record BalanceJson(
      String object,
      int balance,
      @JsonProperty("allowance_remaining") int allowanceRemaining,
      @JsonProperty("daily_allowance") int dailyAllowance) {}

  @PostMapping("/v1/videos/quote")
  QuoteJson quote(@RequestBody QuoteRequest body) {
    CurrentUser user = CurrentUser.get();
    String model =
        body.model() == null
            ? Models.DEFAULT
            : generation
                .models()
                .canonical(body.model())
                .orElseThrow(() -> ApiException.invalid("model", "unknown model " + body.model()));
    String seconds = body.seconds() == null ? CreateVideoRules.DEFAULT_SECONDS : body.seconds();
    if (!CreateVideoRules.SECONDS.contains(seconds)) {
      throw ApiException.invalid("seconds", "seconds must be one of " + CreateVideoRules.SECONDS);
    }
    String size = body.size() == null ? CreateVideoRules.DEFAULT_SIZE : body.size();
    if (!CreateVideoRules.SIZES.containsKey(size)) {
      throw ApiException.invalid(
          "size",
          "size must be one of " + CreateVideoRules.SIZES.keySet().stream().sorted().toList());
    }
    int price = credits.price(model, Integer.parseInt(seconds), size);
    CreditLedger.Standing standing = ledger.standing(user.id());
    CreditLedger.Source source = CreditLedger.source(standing, price);
    Integer eta = queue.newJobEtaSeconds(user.pro());
    boolean full =
        Admission.scarcity(
                queueConfig.scarcityPolicy(),
                queueConfig.scarcityThresholdSeconds(),
                user.pro(),
                queue.newJobEtaSeconds(false))
            .refused();
    return new QuoteJson(
        "video.quote",
        model,
        seconds,
        size,
        price,
        source == CreditLedger.Source.ALLOWANCE,
        standing.allowanceRemaining(),
        standing.balance(),
        source != CreditLedger.Source.INSUFFICIENT,
        eta,
        full);
  }

  @GetMapping("/v1/credits")
  BalanceJson balance() {
    CurrentUser user = CurrentUser.get();
    CreditLedger.Standing standing = ledger.standing(user.id());
    return new BalanceJson(
        "credit_balance",
        standing.balance(),
        standing.allowanceRemaining(),
        credits.dailyAllowanceCredits());
  }
}
