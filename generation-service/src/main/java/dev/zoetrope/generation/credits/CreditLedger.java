package dev.zoetrope.generation.credits;

import dev.zoetrope.common.web.ApiException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The append-only {@code credit_ledger}: grants, charges and refunds. A charge is taken whole from
 * today's free allowance when it covers the price, otherwise whole from the balance; a refund puts
 * it back where it came from (an allowance refund counts for the day of the charge).
 */
@Service
public class CreditLedger {
  public static final String INSUFFICIENT = "insufficient_credits";

  private final JdbcClient jdbc;
  private final CreditsProperties config;

  public CreditLedger(JdbcClient jdbc, CreditsProperties config) {
    this.jdbc = jdbc;
    this.config = config;
  }

  /** What a user can spend now. */
  public record Standing(int balance, int allowanceRemaining) {}

  /** How a price would be paid: from the allowance, the balance, or not at all. */
  public enum Source {
    ALLOWANCE,
    BALANCE,
    INSUFFICIENT
  }

  /**
   * The owner's balance and today's allowance use: one primary-key row and today's ledger rows,
   * however long the owner's history (V9; {@code PerOwnerReadsIT} holds the plan to it).
   */
  public static final String STANDING_SQL =
      """
      select
        coalesce((select balance from credit_balances where owner_id = :owner), 0) as balance,
        coalesce((select -sum(amount) from credit_ledger where owner_id = :owner
          and source = 'allowance' and allowance_day = :today), 0) as used
      """;

  public Standing standing(UUID owner) {
    LocalDate today = today();
    Map<String, Object> row =
        jdbc.sql(STANDING_SQL).param("owner", owner).param("today", today).query().singleRow();
    int balance = ((Number) row.get("balance")).intValue();
    int used = ((Number) row.get("used")).intValue();
    return new Standing(balance, Math.max(0, config.dailyAllowanceCredits() - used));
  }

  public static Source source(Standing standing, int price) {
    if (standing.allowanceRemaining() >= price) {
      return Source.ALLOWANCE;
    }
    return standing.balance() >= price ? Source.BALANCE : Source.INSUFFICIENT;
  }

  /**
   * Charges {@code price} for {@code videoId}; call inside the transaction that creates the job,
   * holding the owner's lock. Throws 402 {@code insufficient_credits} (rolling that transaction
   * back) when neither the allowance nor the balance covers it.
   */
  public void charge(UUID owner, UUID videoId, int price) {
    Source source = source(standing(owner), price);
    if (source == Source.INSUFFICIENT) {
      throw insufficient(price);
    }
    jdbc.sql(
            """
            insert into credit_ledger (owner_id, kind, source, amount, allowance_day, video_id)
            values (:owner, 'charge', :source, :amount, :day, :video)
            """)
        .param("owner", owner)
        .param("source", source == Source.ALLOWANCE ? "allowance" : "balance")
        .param("amount", -price)
        .param("day", source == Source.ALLOWANCE ? today() : null)
        .param("video", videoId)
        .update();
  }

  /** Returns a video's charge, once; false when it was never charged or already refunded. */
  public boolean refund(UUID videoId, String reason) {
    return jdbc.sql(
                """
                insert into credit_ledger
                  (owner_id, kind, source, amount, allowance_day, video_id, note)
                select owner_id, 'refund', source, -amount, allowance_day, video_id, :reason
                from credit_ledger where video_id = :video and kind = 'charge'
                on conflict do nothing
                """)
            .param("video", videoId)
            .param("reason", reason)
            .update()
        == 1;
  }

  public void grant(UUID owner, int credits, String note) {
    jdbc.sql(
            """
            insert into credit_ledger (owner_id, kind, source, amount, note)
            values (:owner, 'grant', 'balance', :amount, :note)
            """)
        .param("owner", owner)
        .param("amount", credits)
        .param("note", note)
        .update();
  }

  /** The net amount charged for a video (charge minus refund); empty if never charged. */
  public Optional<Integer> netCharged(UUID videoId) {
    return jdbc.sql(
            """
            select -sum(amount) from credit_ledger where video_id = :video
            having count(*) filter (where kind = 'charge') > 0
            """)
        .param("video", videoId)
        .query(Integer.class)
        .optional();
  }

  public static ApiException insufficient(int price) {
    return new ApiException(
        HttpStatus.PAYMENT_REQUIRED,
        INSUFFICIENT,
        "this video costs "
            + price
            + " credits; neither your daily free allowance nor your credit balance covers it");
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }
}
