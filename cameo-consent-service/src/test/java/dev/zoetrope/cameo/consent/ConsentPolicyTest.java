package dev.zoetrope.cameo.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsentPolicyTest {
  private final UUID owner = UUID.randomUUID();
  private final UUID other = UUID.randomUUID();

  private ConsentPolicy.Facts facts(Permission p, CameoStatus s, boolean approved) {
    return facts(p, s, approved, approved);
  }

  private ConsentPolicy.Facts facts(
      Permission p, CameoStatus s, boolean approved, boolean mutualFollows) {
    return new ConsentPolicy.Facts(owner, p, s, approved, mutualFollows);
  }

  @Test
  void ownerMayAlwaysUseAnActiveCameo() {
    for (Permission p : Permission.values()) {
      assertThat(ConsentPolicy.mayUse(facts(p, CameoStatus.ACTIVE, false), owner)).isTrue();
    }
  }

  @Test
  void othersNeedPermission() {
    assertThat(ConsentPolicy.mayUse(facts(Permission.ONLY_ME, CameoStatus.ACTIVE, true), other))
        .isFalse();
    assertThat(ConsentPolicy.mayUse(facts(Permission.EVERYONE, CameoStatus.ACTIVE, false), other))
        .isTrue();
    assertThat(ConsentPolicy.mayUse(facts(Permission.APPROVED, CameoStatus.ACTIVE, false), other))
        .isFalse();
    assertThat(ConsentPolicy.mayUse(facts(Permission.APPROVED, CameoStatus.ACTIVE, true), other))
        .isTrue();
    assertThat(
            ConsentPolicy.mayUse(
                facts(Permission.MUTUALS, CameoStatus.ACTIVE, false, false), other))
        .isFalse();
    assertThat(
            ConsentPolicy.mayUse(facts(Permission.MUTUALS, CameoStatus.ACTIVE, false, true), other))
        .isTrue();
  }

  @Test
  void eachPermissionLooksOnlyAtItsOwnFact() {
    // Being approved does not make someone a mutual, and following each other does not approve.
    assertThat(
            ConsentPolicy.mayUse(facts(Permission.MUTUALS, CameoStatus.ACTIVE, true, false), other))
        .isFalse();
    assertThat(
            ConsentPolicy.mayUse(
                facts(Permission.APPROVED, CameoStatus.ACTIVE, false, true), other))
        .isFalse();
    assertThat(
            ConsentPolicy.mayUse(facts(Permission.ONLY_ME, CameoStatus.ACTIVE, true, true), other))
        .isFalse();
    assertThat(
            ConsentPolicy.mayUse(
                facts(Permission.MUTUALS, CameoStatus.REVOKED, false, true), other))
        .isFalse();
  }

  @Test
  void revokedIsDeniedToEveryoneIncludingTheOwner() {
    for (Permission p : Permission.values()) {
      assertThat(ConsentPolicy.mayUse(facts(p, CameoStatus.REVOKED, true), owner)).isFalse();
      assertThat(ConsentPolicy.mayUse(facts(p, CameoStatus.REVOKED, true), other)).isFalse();
    }
  }

  @Test
  void unknownCameosAreDeniedLikeForbiddenOnes() {
    UUID known = UUID.randomUUID();
    UUID unknown = UUID.randomUUID();
    UUID forbidden = UUID.randomUUID();
    Map<UUID, ConsentPolicy.Facts> db =
        Map.of(
            known, facts(Permission.EVERYONE, CameoStatus.ACTIVE, false),
            forbidden, facts(Permission.ONLY_ME, CameoStatus.ACTIVE, false));
    assertThat(ConsentPolicy.denied(List.of(unknown, known, forbidden, unknown), db, other))
        .containsExactly(unknown, forbidden);
    assertThat(ConsentPolicy.mayUse(null, other)).isFalse();
  }
}
