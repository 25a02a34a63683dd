package dev.zoetrope.generation.credits;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.common.web.ApiException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/credits/grants}: adds credits to a user's balance (billing, support). A
 * service token is required (the common security chain guards {@code /internal/**}).
 */
@RestController
class GrantController {
  static final int MAX_GRANT = 1_000_000;
  static final int MAX_NOTE_CHARS = 200;

  private final CreditLedger ledger;
  private final TransactionTemplate tx;

  GrantController(CreditLedger ledger, TransactionTemplate tx) {
    this.ledger = ledger;
    this.tx = tx;
  }

  record GrantRequest(@JsonProperty("user_id") UUID userId, Integer credits, String note) {}

  record GrantJson(@JsonProperty("user_id") UUID userId, int balance) {}

  @PostMapping("/internal/credits/grants")
  ResponseEntity<GrantJson> grant(@RequestBody GrantRequest body) {
    if (body.userId() == null) {
      throw ApiException.invalid("user_id", "user_id is required");
    }
    if (body.credits() == null || body.credits() < 1 || body.credits() > MAX_GRANT) {
      throw ApiException.invalid("credits", "credits must be from 1 to " + MAX_GRANT);
    }
    if (body.note() != null && body.note().length() > MAX_NOTE_CHARS) {
      throw ApiException.invalid("note", "note must be at most " + MAX_NOTE_CHARS + " characters");
    }
    tx.executeWithoutResult(s -> ledger.grant(body.userId(), body.credits(), body.note()));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new GrantJson(body.userId(), ledger.standing(body.userId()).balance()));
  }
}
