package dev.zoetrope.generation.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.credits.CreditLedger;
import dev.zoetrope.generation.credits.CreditLedger.Source;
import dev.zoetrope.generation.credits.CreditLedger.Standing;
import dev.zoetrope.generation.credits.CreditsProperties;
import dev.zoetrope.generation.queue.QueueProperties.ScarcityPolicy;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  @Test
  void refusePolicyRefusesFreeRequestsPastTheThresholdWithARetryAfter() {
    assertThat(Admission.scarcity(ScarcityPolicy.REFUSE, 600, false, 600).refused()).isFalse();
    Admission.Scarcity refused = Admission.scarcity(ScarcityPolicy.REFUSE, 600, false, 900);
    assertThat(refused.refused()).isTrue();
    assertThat(refused.retryAfterSeconds()).isEqualTo(300);
    // Pro is never refused for scarcity; nor is anyone before the first estimate.
    assertThat(Admission.scarcity(ScarcityPolicy.REFUSE, 600, true, 900).refused()).isFalse();
    assertThat(Admission.scarcity(ScarcityPolicy.REFUSE, 600, false, null).refused()).isFalse();
  }

  @Test
  void acceptPolicyQueuesEveryFreeRequest() {
    assertThat(Admission.scarcity(ScarcityPolicy.ACCEPT, 600, false, 100_000).refused()).isFalse();
  }

  @Test
  void priceGrowsWithModelSecondsAndSize() {
    CreditsProperties credits = new CreditsProperties(40, 1, 3, 2);
    assertThat(credits.price("zoetrope-1", 4, "720x1280")).isEqualTo(4);
    assertThat(credits.price("zoetrope-1", 12, "1280x720")).isEqualTo(12);
    assertThat(credits.price("zoetrope-1-pro", 4, "720x1280")).isEqualTo(12);
    assertThat(credits.price("zoetrope-1-pro", 12, "1792x1024")).isEqualTo(72);
    // Ten standard clips a day.
    assertThat(credits.dailyAllowanceCredits() / credits.price("zoetrope-1", 4, "720x1280"))
        .isEqualTo(10);
  }

  @Test
  void aChargeComesWholeFromTheAllowanceOrWholeFromTheBalance() {
    assertThat(CreditLedger.source(new Standing(0, 4), 4)).isEqualTo(Source.ALLOWANCE);
    assertThat(CreditLedger.source(new Standing(10, 3), 4)).isEqualTo(Source.BALANCE);
    assertThat(CreditLedger.source(new Standing(3, 3), 4)).isEqualTo(Source.INSUFFICIENT);
  }
}
