package dev.zoetrope.generation.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

  /** The example from the Standard Webhooks reference libraries' test suites. */
  @Test
  void signsLikeTheReferenceImplementation() {
    assertThat(
            StandardWebhooks.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}"))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void secretsAreWhsecPrefixedRandomKeys() {
    String a = StandardWebhooks.newSecret();
    String b = StandardWebhooks.newSecret();
    assertThat(a).startsWith("whsec_").isNotEqualTo(b);
    assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
  }
}
